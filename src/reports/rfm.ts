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

/**
 * For each value, how many of `values` are strictly smaller (worse: an older last purchase, fewer purchases, less
 * revenue): a count per distinct value, summed in order, so that equal values get the same count.
 */
function worseCounts<T extends string | number>(values: T[]): number[] {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  const sorted = [...counts.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const worse = new Map<T, number>();
  let below = 0;
  for (const value of sorted) {
    worse.set(value, below);
    below += counts.get(value)!;
  }
  return values.map((value) => worse.get(value)!);
}

export interface RfmScores {
  r: number[];
  f: number[];
  /** Only when asked for (the client list shows it; the segments do not need it). */
  m?: number[];
}

/** The R, F (and M) scores of each buyer of `facts`: the quintile of its value among all buyers. */
export function rfmScores(facts: RfmFacts, withMonetary = false): RfmScores {
  const buyers = facts.clientIds.length;
  const score = (values: Array<string | number>) => worseCounts(values).map((worse) => quintileScore(worse, buyers));
  return {
    r: score(facts.lastPurchase),
    f: score(facts.frequency),
    ...(withMonetary ? { m: score(facts.monetary) } : {}),
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

/**
 * Buyers per segment, with their revenue; with `names`, every buyer that is a stored client too, largest revenue
 * first (then by id).
 */
export function rfmReport(period: Period, facts: RfmFacts, names?: Map<number, string>): RfmReport {
  const scores = rfmScores(facts, names !== undefined);
  const segments = SEGMENTS.map((segment) => ({ segment, clients: 0, revenue: 0 }));
  const segmentOfBuyer = facts.clientIds.map((_, i) => segmentOf(scores.r[i]!, scores.f[i]!));
  for (let i = 0; i < segmentOfBuyer.length; i++) {
    const row = segments[SEGMENTS.indexOf(segmentOfBuyer[i]!)]!;
    row.clients++;
    row.revenue += facts.monetary[i]!;
  }
  return {
    period,
    buyers: facts.clientIds.length,
    segments,
    ...(names ? { clients: rfmClients(period, facts, scores, segmentOfBuyer, names) } : {}),
  };
}

function rfmClients(
  period: Period,
  facts: RfmFacts,
  scores: RfmScores,
  segments: Segment[],
  names: Map<number, string>,
): Array<RfmClient & { segment: Segment }> {
  const end = dayNumber(period.to);
  const days = new Map<string, number>();
  const clients: Array<RfmClient & { segment: Segment }> = [];
  facts.clientIds.forEach((clientId, i) => {
    const name = names.get(clientId);
    if (name === undefined) return;
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
      segment: segments[i]!,
    });
  });
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
