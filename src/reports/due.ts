import { dayNumber, isoDate } from '../domain/calendar.js';
import { aliveOn, isAliveOn } from './churn.js';
import { median, roundHalfAwayFromZero } from './numbers.js';

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
 * Last purchase day + the median gap between consecutive distinct purchase days (rounded half up), or the default
 * gap when there is a single purchase day. `days` is sorted and distinct.
 */
export function expectedNextVisit(days: string[], defaultGapDays: number): string | null {
  const day = expectedDay(days, defaultGapDays, dayNumber);
  return day === null ? null : isoDate(day);
}

/** expectedNextVisit as a day number, with `dayOf` turning dates into day numbers. */
function expectedDay(days: string[], defaultGapDays: number, dayOf: (iso: string) => number): number | null {
  const last = days[days.length - 1];
  if (!last) return null;
  const numbers = days.map(dayOf);
  const gaps = numbers.slice(1).map((day, i) => day - numbers[i]!);
  const gap = median(gaps);
  return numbers[numbers.length - 1]! + (gap === null ? defaultGapDays : roundHalfAwayFromZero(gap));
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

/** Distinct days of a history that is oldest first: a day repeats only next to itself. */
function distinctDays(days: string[]): string[] {
  return days.filter((day, i) => i === 0 || day !== days[i - 1]);
}

/**
 * Who to call: clients not churned whose expected visit is on or before today + within (soonest first), then
 * detractors of the last 30 days (latest answer first). A client who is both is listed once, as a detractor: a
 * complaint is the more urgent call.
 */
export function planDue(history: PurchaseDays[], detractors: RecentDetractor[], options: DueOptions): DuePlan[] {
  const dayOf = remembered(dayNumber);
  const dateOf = remembered(isoDate);
  const today = dayOf(options.today);
  const horizon = today + options.withinDays;
  const alive = aliveOn(options.today, options.windowDays);
  const daysOf = new Map(history.map((row) => [row.clientId, distinctDays(row.days)]));
  const plan = (clientId: number, reason: DueReason, expected: number | null, answer?: RecentDetractor): DuePlan => {
    const days = daysOf.get(clientId) ?? [];
    return {
      clientId,
      reason,
      lastVisit: days[days.length - 1] ?? null,
      expected: expected === null ? null : dateOf(expected),
      daysOverdue: expected === null ? null : today - expected,
      npsScore: answer?.score ?? null,
      npsDate: answer?.date ?? null,
    };
  };
  const detractorIds = new Set(detractors.map((row) => row.clientId));
  const due: Array<{ clientId: number; expected: number }> = [];
  for (const [clientId, days] of daysOf) {
    if (detractorIds.has(clientId) || days.length === 0 || !alive(days[days.length - 1]!)) continue;
    const expected = expectedDay(days, options.defaultGapDays, dayOf)!;
    if (expected <= horizon) due.push({ clientId, expected });
  }
  due.sort((a, b) => a.expected - b.expected || a.clientId - b.clientId);
  const unhappy = [...detractors]
    .sort((a, b) => (a.date > b.date ? -1 : a.date < b.date ? 1 : a.clientId - b.clientId))
    .map((answer) =>
      plan(
        answer.clientId,
        'detractor',
        expectedDay(daysOf.get(answer.clientId) ?? [], options.defaultGapDays, dayOf),
        answer,
      ),
    );
  return [...due.map((row) => plan(row.clientId, 'due', row.expected)), ...unhappy];
}

export function dueReport(options: DueOptions, plans: DuePlan[], details: Map<number, ClientDetails>): DueReport {
  return {
    options,
    entries: plans.map((plan) => ({
      ...plan,
      ...(details.get(plan.clientId) ?? { name: `#${plan.clientId}`, phone: null, usualService: null }),
    })),
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
