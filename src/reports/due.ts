import { dayNumber, isoDate } from '../domain/calendar.js';
import { aliveOn, isAliveOn } from './churn.js';
import { roundHalfAwayFromZero } from './numbers.js';

export const DEFAULT_DUE_WITHIN = 7;
export const DEFAULT_GAP_DAYS = 30;
/** Detractors who answered this many days back, today included, are listed. */
export const DETRACTOR_DAYS = 30;

export interface DueOptions {
  today: string;
  withinDays: number;
  windowDays: number;
  /** Expected days between visits for a client with a single purchase day (setting `due-default-days`). */
  defaultGapDays: number;
}

/** A client's purchase days up to today, oldest first; a day with several purchases may repeat. */
export interface PurchaseDays {
  clientId: number;
  days: string[];
}

export interface RecentDetractor {
  clientId: number;
  date: string;
  score: number;
}

export type DueReason = 'due' | 'detractor';

export interface DuePlan {
  clientId: number;
  reason: DueReason;
  lastVisit: string | null;
  expected: string | null;
  /** today − expected: positive when late, negative when still ahead. */
  daysOverdue: number | null;
  npsScore: number | null;
  npsDate: string | null;
}

export interface ClientDetails {
  name: string;
  phone: string | null;
  usualService: string | null;
}

export interface DueEntry extends DuePlan, ClientDetails {}

export interface DueReport {
  options: DueOptions;
  entries: DueEntry[];
}

/**
 * What a client's purchase days say of its next visit: the last purchase day, and the median gap between consecutive
 * distinct purchase days (null with a single day). The store may keep these for each client (src/store/due-facts.ts)
 * so that `crm due` does not read every visit: they are worked out here only (purchaseRhythm).
 */
export interface PurchaseRhythm {
  clientId: number;
  last: string;
  medianGap: number | null;
}

/**
 * Last purchase day + the median gap between consecutive distinct purchase days (rounded half up), or the default
 * gap when there is a single purchase day. `days` is sorted and distinct.
 */
export function expectedNextVisit(days: string[], defaultGapDays: number): string | null {
  const rhythm = rhythmOf(0, days, dayNumber, new GapBuffer());
  return rhythm === null ? null : isoDate(expectedDay(dayNumber(rhythm.last), rhythm.medianGap, defaultGapDays));
}

/** The rhythm of each history (oldest day first; a day may repeat next to itself), for the clients with a purchase. */
export function purchaseRhythms(history: PurchaseDays[]): PurchaseRhythm[] {
  const dayOf = remembered(dayNumber);
  const buffer = new GapBuffer();
  const rhythms: PurchaseRhythm[] = [];
  for (const { clientId, days } of history) {
    const rhythm = rhythmOf(clientId, days, dayOf, buffer);
    if (rhythm) rhythms.push(rhythm);
  }
  return rhythms;
}

/** The gaps of one history at a time, reused from one client to the next: tens of thousands are planned at once. */
class GapBuffer {
  private gaps = new Float64Array(64);

  /** The gaps between consecutive distinct days of `days` (oldest first; a day may repeat next to itself), sorted. */
  sortedGaps(days: string[], dayOf: (iso: string) => number): Float64Array {
    if (this.gaps.length < days.length) this.gaps = new Float64Array(days.length * 2);
    let count = 0;
    let previous = dayOf(days[0]!);
    for (let i = 1; i < days.length; i++) {
      if (days[i] === days[i - 1]) continue;
      const day = dayOf(days[i]!);
      this.gaps[count++] = day - previous;
      previous = day;
    }
    // A typed array sorts by value.
    return this.gaps.subarray(0, count).sort();
  }
}

/** The rhythm of one history, `dayOf` turning dates into day numbers; null without a purchase day. */
function rhythmOf(
  clientId: number,
  days: string[],
  dayOf: (iso: string) => number,
  buffer: GapBuffer,
): PurchaseRhythm | null {
  const last = days[days.length - 1];
  if (!last) return null;
  const gaps = buffer.sortedGaps(days, dayOf);
  const middle = Math.floor(gaps.length / 2);
  const medianGap =
    gaps.length === 0 ? null : gaps.length % 2 === 1 ? gaps[middle]! : (gaps[middle - 1]! + gaps[middle]!) / 2;
  return { clientId, last, medianGap };
}

/** The expected visit as a day number, from the last purchase's day number. */
function expectedDay(last: number, medianGap: number | null, defaultGapDays: number): number {
  return last + (medianGap === null ? defaultGapDays : roundHalfAwayFromZero(medianGap));
}

/** Not churned: the last purchase falls in the churn window ending today. */
export function isAlive(lastPurchase: string, options: DueOptions): boolean {
  return isAliveOn(lastPurchase, options.today, options.windowDays);
}

/** `convert` remembered per argument: tens of thousands of histories share a few thousand dates. */
function remembered<K, V>(convert: (key: K) => V): (key: K) => V {
  const known = new Map<K, V>();
  return (key) => {
    let value = known.get(key);
    if (value === undefined) {
      value = convert(key);
      known.set(key, value);
    }
    return value;
  };
}

/**
 * Who to call: clients not churned whose expected visit is on or before today + within (soonest first), then
 * detractors of the last 30 days (latest answer first). A client who is both is listed once, as a detractor: a
 * complaint is the more urgent call.
 */
export function planDue(history: PurchaseDays[], detractors: RecentDetractor[], options: DueOptions): DuePlan[] {
  return planDueFromRhythms(purchaseRhythms(history), detractors, options);
}

/** planDue from each client's purchase rhythm up to today (one per client; clients without a purchase left out). */
export function planDueFromRhythms(
  rhythms: PurchaseRhythm[],
  detractors: RecentDetractor[],
  options: DueOptions,
): DuePlan[] {
  const dayOf = remembered(dayNumber);
  const dateOf = remembered(isoDate);
  const today = dayOf(options.today);
  const horizon = today + options.withinDays;
  const alive = aliveOn(options.today, options.windowDays);
  // Tens of thousands of clients: their expected days in a typed array by position, no object per client.
  const expected = new Float64Array(rhythms.length);
  rhythms.forEach(({ last, medianGap }, i) => {
    expected[i] = expectedDay(dayOf(last), medianGap, options.defaultGapDays);
  });
  const plan = (
    position: number | undefined,
    clientId: number,
    reason: DueReason,
    answer?: RecentDetractor,
  ): DuePlan => {
    const client = position === undefined ? undefined : rhythms[position]!;
    // Written out, not spread: tens of thousands of plans are made here.
    return {
      clientId,
      reason,
      lastVisit: client ? client.last : null,
      expected: client ? dateOf(expected[position!]!) : null,
      daysOverdue: client ? today - expected[position!]! : null,
      npsScore: answer ? answer.score : null,
      npsDate: answer ? answer.date : null,
    };
  };
  const detractorIds = new Set(detractors.map((row) => row.clientId));
  const detractorPositions = new Map<number, number>();
  const due: number[] = [];
  rhythms.forEach(({ clientId, last }, i) => {
    if (detractorIds.has(clientId)) detractorPositions.set(clientId, i);
    else if (expected[i]! <= horizon && alive(last)) due.push(i);
  });
  soonestFirst(due, expected, rhythms);
  const unhappy = [...detractors]
    .sort((a, b) => (a.date > b.date ? -1 : a.date < b.date ? 1 : a.clientId - b.clientId))
    .map((answer) => plan(detractorPositions.get(answer.clientId), answer.clientId, 'detractor', answer));
  return [...due.map((i) => plan(i, rhythms[i]!.clientId, 'due')), ...unhappy];
}

/** Client ids below this, and expected days within this many of each other, are sorted as one number (soonestFirst). */
const ID_LIMIT = 2 ** 31;
const DAY_SPAN = 2 ** 21;

/**
 * Sorts the positions of `due` by expected day, then client id. Tens of thousands of clients: each is one number,
 * (day − first day) · 2³¹ + client id, exact in a double, sorted in a typed array without a comparator (several times
 * faster), and placed back by its client id; a comparator sort when the ids or days do not fit (or a day is not whole).
 */
function soonestFirst(due: number[], expected: Float64Array, rhythms: PurchaseRhythm[]): void {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  let largestId = 0;
  let fits = true;
  for (const i of due) {
    const day = expected[i]!;
    const id = rhythms[i]!.clientId;
    if (!Number.isInteger(day) || !Number.isInteger(id) || id < 0 || id >= ID_LIMIT) fits = false;
    if (day < first) first = day;
    if (day > last) last = day;
    if (id > largestId) largestId = id;
  }
  // A position per client id: rhythms hold one per client, but a repeated id falls back too.
  const positionOf = fits && last - first < DAY_SPAN ? new Int32Array(largestId + 1).fill(-1) : undefined;
  if (positionOf) {
    for (const i of due) {
      const id = rhythms[i]!.clientId;
      if (positionOf[id] !== -1) fits = false;
      positionOf[id] = i;
    }
  }
  if (!positionOf || !fits) {
    due.sort((a, b) => expected[a]! - expected[b]! || rhythms[a]!.clientId - rhythms[b]!.clientId);
    return;
  }
  const keys = new Float64Array(due.length);
  due.forEach((i, k) => {
    keys[k] = (expected[i]! - first) * ID_LIMIT + rhythms[i]!.clientId;
  });
  keys.sort();
  keys.forEach((key, k) => {
    due[k] = positionOf[key % ID_LIMIT]!;
  });
}

export function dueReport(options: DueOptions, plans: DuePlan[], details: Map<number, ClientDetails>): DueReport {
  return {
    options,
    entries: plans.map((plan) => {
      const client = details.get(plan.clientId);
      // Written out, not spread: a spread of two objects costs several times this, for tens of thousands of entries.
      return {
        clientId: plan.clientId,
        reason: plan.reason,
        lastVisit: plan.lastVisit,
        expected: plan.expected,
        daysOverdue: plan.daysOverdue,
        npsScore: plan.npsScore,
        npsDate: plan.npsDate,
        name: client ? client.name : `#${plan.clientId}`,
        phone: client ? client.phone : null,
        usualService: client ? client.usualService : null,
      };
    }),
  };
}

export function dueJson(report: DueReport) {
  return {
    date: report.options.today,
    within_days: report.options.withinDays,
    window_days: report.options.windowDays,
    default_gap_days: report.options.defaultGapDays,
    clients: report.entries.map((entry) => ({
      client_id: entry.clientId,
      name: entry.name,
      phone: entry.phone,
      last_visit: entry.lastVisit,
      expected: entry.expected,
      days_overdue: entry.daysOverdue,
      usual_service: entry.usualService,
      reason: entry.reason,
      nps_score: entry.npsScore,
      nps_date: entry.npsDate,
    })),
  };
}
