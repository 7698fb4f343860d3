import { dayNumber } from '../domain/calendar.js';
import { majorUnits } from './numbers.js';
import type { Period } from './period.js';
import { periodJson } from './types.js';

export const SEGMENTS = ['champions', 'loyal', 'potential', 'new', 'at_risk', 'hibernating', 'lost'] as const;
export type Segment = (typeof SEGMENTS)[number];

/**
 * The segment of a client with recency score `r` and frequency score `f`; the first rule that matches wins:
 * champions R4–5 F4–5; new R5 F1; potential R4–5 F1–2; loyal R3–5 F3–5; at risk R1–2 F3–5; hibernating R2–3 F1–2;
 * lost R1 F1–2. Every (R, F) pair lands in exactly one segment.
 */
export function segmentOf(r: number, f: number): Segment {
  if (r >= 4 && f >= 4) return 'champions';
  if (r === 5 && f === 1) return 'new';
  if (r >= 4 && f <= 2) return 'potential';
  if (r >= 3 && f >= 3) return 'loyal';
  if (r <= 2 && f >= 3) return 'at_risk';
  if (r >= 2) return 'hibernating';
  return 'lost';
}

/**
 * Score 1–5 of a value with `worse` clients strictly worse than it among `clients`: 1 + ⌊5·worse/clients⌋. Equal
 * values always share a score, so ties never depend on the order rows come in.
 */
export function quintileScore(worse: number, clients: number): number {
  return 1 + Math.floor((5 * worse) / clients);
}

/**
 * What RFM is computed from: every buyer up to the period's end, one entry per index (client 0: the won deals
 * without a client, a buyer of their own).
 */
export interface RfmFacts {
  clientIds: number[];
  /** The last purchase up to the period's end. */
  lastPurchase: string[];
  /** Purchases up to the period's end. */
  frequency: number[];
  /** Minor units: revenue up to the period's end. */
  monetary: number[];
}

/** RfmFacts in columns of any kind (a store hands typed arrays: a hundred thousand buyers). */
export interface RfmFactColumns {
  clientIds: ArrayLike<number> & Iterable<number>;
  lastPurchase: ArrayLike<string>;
  frequency: ArrayLike<number>;
  monetary: ArrayLike<number>;
}

const compareValues = <T extends string | number>(a: T, b: T) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * For each value, how many of `values` are strictly smaller (worse: an older last purchase, fewer purchases, less
 * revenue): a count per distinct value, summed in order, so that equal values get the same count. Dates and
 * numbers are counted as numbers (a hundred thousand buyers: a map entry each cost more than the rest of the report).
 */
function worseCounts(values: ArrayLike<string> | ArrayLike<number>): Float64Array {
  if (values.length > 0 && typeof values[0] === 'number') {
    return worseCountsOfNumbers(
      values instanceof Float64Array ? values : Float64Array.from(values as ArrayLike<number>),
    );
  }
  return worseCountsOfDates(values as ArrayLike<string>);
}

/** worseCounts of dates, as the numbers YYYYMMDD (in the same order); any other text through a map. */
function worseCountsOfDates(values: ArrayLike<string>): Float64Array {
  const keys = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    // Written out here: a call per buyer costs as much again.
    if (typeof value !== 'string' || value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) {
      return worseCountsByValue(values);
    }
    let key = 0;
    for (const at of DATE_DIGITS) {
      const digit = value.charCodeAt(at) - 48;
      if (digit >>> 0 > 9) return worseCountsByValue(values);
      key = key * 10 + digit;
    }
    keys[i] = key;
  }
  return worseCountsOfNumbers(keys);
}

/** Where the digits of `YYYY-MM-DD` are. */
const DATE_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9];

/** worseCounts of numbers: by a count per value when they are integers close together, else by a sorted copy. */
function worseCountsOfNumbers(keys: Float64Array): Float64Array {
  const n = keys.length;
  const worse = new Float64Array(n);
  if (n === 0) return worse;
  let min = keys[0]!;
  let max = keys[0]!;
  let integers = true;
  for (let i = 0; i < n; i++) {
    const key = keys[i]!;
    if (key < min) min = key;
    if (key > max) max = key;
    if (!Number.isInteger(key)) integers = false;
  }
  if (integers && max - min <= 4 * n + 4096) {
    // below[k]: how many keys are below min + k.
    const below = new Float64Array(max - min + 2);
    for (let i = 0; i < n; i++) below[keys[i]! - min + 1]!++;
    for (let k = 1; k < below.length; k++) below[k]! += below[k - 1]!;
    for (let i = 0; i < n; i++) worse[i] = below[keys[i]! - min]!;
    return worse;
  }
  const sorted = keys.slice().sort();
  for (let i = 0; i < n; i++) {
    // The first index of the key in sorted order: how many keys are below it.
    let low = 0;
    let high = n;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (sorted[middle]! < keys[i]!) low = middle + 1;
      else high = middle;
    }
    worse[i] = low;
  }
  return worse;
}

/** worseCounts of any values, through a map of the distinct ones. */
function worseCountsByValue<T extends string | number>(values: ArrayLike<T>): Float64Array {
  const counts = new Map<T, number>();
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  let below = 0;
  // The map now holds, for each value, the count of values below it.
  for (const value of [...counts.keys()].sort(compareValues)) {
    const count = counts.get(value)!;
    counts.set(value, below);
    below += count;
  }
  const worse = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) worse[i] = counts.get(values[i]!)!;
  return worse;
}

export interface RfmScores {
  r: ArrayLike<number>;
  f: ArrayLike<number>;
  /** Only when asked for (the client list shows it; the segments do not need it). */
  m?: ArrayLike<number>;
}

/** The quintile score of each value among `values`. */
function scores(values: ArrayLike<string> | ArrayLike<number>): Uint8Array {
  const worse = worseCounts(values);
  const score = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) score[i] = quintileScore(worse[i]!, values.length);
  return score;
}

/** The R, F (and M) scores of each buyer of `facts`: the quintile of its value among all buyers. */
export function rfmScores(facts: RfmFactColumns, withMonetary = false): RfmScores {
  return {
    r: scores(facts.lastPurchase),
    f: scores(facts.frequency),
    ...(withMonetary ? { m: scores(facts.monetary) } : {}),
  };
}

export interface RfmClient {
  clientId: number;
  name: string;
  lastPurchase: string;
  recencyDays: number;
  frequency: number;
  /** Minor units. */
  monetary: number;
  r: number;
  f: number;
  m: number;
}

export interface RfmReport {
  period: Period;
  buyers: number;
  segments: Array<{ segment: Segment; clients: number; revenue: number }>;
  clients?: Array<RfmClient & { segment: Segment }>;
}

/** The index in SEGMENTS of the segment of each (R, F) pair, at (R − 1) · 5 + F − 1. */
function segmentTable(): Uint8Array {
  const table = new Uint8Array(25);
  for (let r = 1; r <= 5; r++)
    for (let f = 1; f <= 5; f++) table[(r - 1) * 5 + f - 1] = SEGMENTS.indexOf(segmentOf(r, f));
  return table;
}

/**
 * Buyers per segment, with their revenue; with `names`, every buyer that is a stored client too, largest revenue
 * first (then by id).
 */
export function rfmReport(period: Period, facts: RfmFactColumns, names?: Map<number, string>): RfmReport {
  const scores = rfmScores(facts, names !== undefined);
  const segments = SEGMENTS.map((segment) => ({ segment, clients: 0, revenue: 0 }));
  const table = segmentTable();
  const buyers = facts.clientIds.length;
  const segmentOfBuyer = new Uint8Array(buyers);
  for (let i = 0; i < buyers; i++) {
    const segment = table[(scores.r[i]! - 1) * 5 + scores.f[i]! - 1]!;
    segmentOfBuyer[i] = segment;
    segments[segment]!.clients++;
    segments[segment]!.revenue += facts.monetary[i]!;
  }
  return {
    period,
    buyers,
    segments,
    ...(names ? { clients: rfmClients(period, facts, scores, segmentOfBuyer, names) } : {}),
  };
}

function rfmClients(
  period: Period,
  facts: RfmFactColumns,
  scores: RfmScores,
  segments: Uint8Array,
  names: Map<number, string>,
): Array<RfmClient & { segment: Segment }> {
  const end = dayNumber(period.to);
  const days = new Map<string, number>();
  const clients: Array<RfmClient & { segment: Segment }> = [];
  for (let i = 0; i < facts.clientIds.length; i++) {
    const clientId = facts.clientIds[i]!;
    const name = names.get(clientId);
    if (name === undefined) continue;
    const lastPurchase = facts.lastPurchase[i]!;
    let day = days.get(lastPurchase);
    if (day === undefined) {
      day = dayNumber(lastPurchase);
      days.set(lastPurchase, day);
    }
    clients.push({
      clientId,
      name,
      lastPurchase,
      recencyDays: end - day,
      frequency: facts.frequency[i]!,
      monetary: facts.monetary[i]!,
      r: scores.r[i]!,
      f: scores.f[i]!,
      m: scores.m![i]!,
      segment: SEGMENTS[segments[i]!]!,
    });
  }
  return clients.sort((a, b) => b.monetary - a.monetary || a.clientId - b.clientId);
}

export function rfmJson(report: RfmReport) {
  return {
    period: periodJson(report.period),
    buyers: report.buyers,
    segments: report.segments.map((row) => ({
      segment: row.segment,
      clients: row.clients,
      revenue: majorUnits(row.revenue),
    })),
    ...(report.clients
      ? {
          clients: report.clients.map((client) => ({
            client_id: client.clientId,
            name: client.name,
            segment: client.segment,
            r: client.r,
            f: client.f,
            m: client.m,
            last_purchase: client.lastPurchase,
            recency_days: client.recencyDays,
            frequency: client.frequency,
            monetary: majorUnits(client.monetary),
          })),
        }
      : {}),
  };
}
