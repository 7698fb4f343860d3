import { addDays } from '../domain/calendar.js';
import { rateValue, ratio } from './numbers.js';
import type { Period } from './period.js';
import { periodJson } from './types.js';

export const DEFAULT_CHURN_WINDOW = 90;

/** What the churn report and `crm explain` know of one client's purchases, from which churnFlags decides its flags. */
export interface ChurnFacts {
  /** The client; 0 (null in `crm explain`) stands for the won deals without a client. */
  clientId: number;
  /** The last purchase in [from − W, from − 1]; null: none. */
  lastBefore: string | null;
  /** The last purchase in [from, to]; null: none. */
  lastInPeriod: string | null;
  /**
   * A purchase before from − W. It matters only for a client that bought in the period and not in the W days before
   * it (a reactivation candidate), and a store may answer false for every other client.
   */
  boughtBeforeWindow: boolean;
  /** Minor units: revenue in [from − W, from − 1]. */
  revenueBefore: number;
}

/** What the churn definitions say of each client that bought in [from − W, to]. */
export interface ChurnFlags {
  /** A purchase in [from − W, from − 1]: alive the day before the period. */
  aliveAtStart: boolean;
  /** A purchase in [to − W + 1, to]: alive on the period's last day. */
  aliveAtEnd: boolean;
  boughtInPeriod: boolean;
  /** Not alive at the start, bought in the period, and bought before from − W. */
  boughtBefore: boolean;
}

/**
 * ChurnFacts of every client as columns by client id (a slot per id, slot 0: the won deals without a client): tens of
 * thousands of clients bought in [from − W, to], and an object each costs more than reading its facts. A slot whose
 * `lastBefore` and `lastInPeriod` are both null did not buy in [from − W, to].
 */
export interface ChurnFactColumns {
  readonly slots: number;
  readonly lastBefore: ReadonlyArray<string | null>;
  readonly lastInPeriod: ReadonlyArray<string | null>;
  /** 1: ChurnFacts' boughtBeforeWindow. */
  readonly boughtBeforeWindow: Uint8Array;
  readonly revenueBefore: Float64Array;
}

// The flags and roles of one client as bits: the report and `crm explain` decide them for every client that bought.
const ALIVE_AT_START = 1;
const ALIVE_AT_END = 2;
const BOUGHT_IN_PERIOD = 4;
const BOUGHT_BEFORE = 8;
export const AT_START = 1;
export const CHURNED = 2;
export const REACTIVATED = 4;

/** The churn definitions applied to one client's facts: the only place they are written (ChurnFlags as bits). */
function churnFlagBits(
  lastBefore: string | null,
  lastInPeriod: string | null,
  boughtBeforeWindow: boolean,
  dates: ChurnDates,
): number {
  const aliveAtStart = lastBefore !== null;
  const boughtInPeriod = lastInPeriod !== null;
  const last = lastInPeriod ?? lastBefore;
  return (
    (aliveAtStart ? ALIVE_AT_START : 0) |
    (last !== null && last >= dates.aliveAtEndFrom ? ALIVE_AT_END : 0) |
    (boughtInPeriod ? BOUGHT_IN_PERIOD : 0) |
    // Not alive at the start, bought in the period, and bought before from − W.
    (!aliveAtStart && boughtInPeriod && boughtBeforeWindow ? BOUGHT_BEFORE : 0)
  );
}

/** ChurnRoles of ChurnFlags, as bits (AT_START, CHURNED, REACTIVATED). */
function roleBits(flags: number): number {
  const aliveAtStart = (flags & ALIVE_AT_START) !== 0;
  return (
    (aliveAtStart ? AT_START : 0) |
    (aliveAtStart && (flags & ALIVE_AT_END) === 0 ? CHURNED : 0) |
    (!aliveAtStart && (flags & BOUGHT_IN_PERIOD) !== 0 && (flags & BOUGHT_BEFORE) !== 0 ? REACTIVATED : 0)
  );
}

/** churnRoles(churnFlags(facts)) as bits (AT_START, CHURNED, REACTIVATED), without an object. */
export function churnRoleBits(
  lastBefore: string | null,
  lastInPeriod: string | null,
  boughtBeforeWindow: boolean,
  dates: ChurnDates,
): number {
  return roleBits(churnFlagBits(lastBefore, lastInPeriod, boughtBeforeWindow, dates));
}

/** The churn definitions applied to one client's facts. */
export function churnFlags(
  facts: Pick<ChurnFacts, 'lastBefore' | 'lastInPeriod' | 'boughtBeforeWindow'>,
  dates: ChurnDates,
): ChurnFlags {
  const flags = churnFlagBits(facts.lastBefore, facts.lastInPeriod, facts.boughtBeforeWindow, dates);
  return {
    aliveAtStart: (flags & ALIVE_AT_START) !== 0,
    aliveAtEnd: (flags & ALIVE_AT_END) !== 0,
    boughtInPeriod: (flags & BOUGHT_IN_PERIOD) !== 0,
    boughtBefore: (flags & BOUGHT_BEFORE) !== 0,
  };
}

export interface ChurnRoles {
  atStart: boolean;
  churned: boolean;
  reactivated: boolean;
}

export function churnRoles(flags: ChurnFlags): ChurnRoles {
  const roles = roleBits(
    (flags.aliveAtStart ? ALIVE_AT_START : 0) |
      (flags.aliveAtEnd ? ALIVE_AT_END : 0) |
      (flags.boughtInPeriod ? BOUGHT_IN_PERIOD : 0) |
      (flags.boughtBefore ? BOUGHT_BEFORE : 0),
  );
  return {
    atStart: (roles & AT_START) !== 0,
    churned: (roles & CHURNED) !== 0,
    reactivated: (roles & REACTIVATED) !== 0,
  };
}

export interface ChurnDates {
  /** from − W: the first day of the window before the period. */
  windowStart: string;
  /** to − W + 1: a client alive on `to` has a purchase on or after this day. */
  aliveAtEndFrom: string;
}

/** Alive on day d = a purchase in the W days ending d; this is the first of those days, d − W + 1. */
export function aliveFrom(day: string, windowDays: number): string {
  return addDays(day, 1 - windowDays);
}

/** Whether a client whose last purchase up to `day` is `lastPurchase` is alive on `day`. */
export function isAliveOn(lastPurchase: string, day: string, windowDays: number): boolean {
  return aliveOn(day, windowDays)(lastPurchase);
}

/** isAliveOn for one day and many clients: the window's first day worked out once. */
export function aliveOn(day: string, windowDays: number): (lastPurchase: string) => boolean {
  const from = aliveFrom(day, windowDays);
  return (lastPurchase) => lastPurchase >= from && lastPurchase <= day;
}

/** The dates the churn definitions turn on, for a period and a window of W days. */
export function churnDates(period: Period, windowDays: number): ChurnDates {
  return {
    // Alive the day before the period.
    windowStart: aliveFrom(addDays(period.from, -1), windowDays),
    aliveAtEndFrom: aliveFrom(period.to, windowDays),
  };
}

export interface ChurnReport {
  period: Period;
  windowDays: number;
  atStart: number;
  churned: number;
  churnRate: number | null;
  reactivated: number;
  revenueChurn: number | null;
}

/** The churn figures of the clients that bought in [from − W, to]. */
export function churnReport(period: Period, windowDays: number, facts: ChurnFactColumns): ChurnReport {
  const dates = churnDates(period, windowDays);
  const { lastBefore, lastInPeriod, boughtBeforeWindow, revenueBefore } = facts;
  let atStart = 0;
  let churned = 0;
  let reactivated = 0;
  let revenueAtStart = 0;
  let revenueChurned = 0;
  for (let id = 0; id < facts.slots; id++) {
    const before = lastBefore[id]!;
    const during = lastInPeriod[id]!;
    if (before === null && during === null) continue;
    const roles = churnRoleBits(before, during, boughtBeforeWindow[id] === 1, dates);
    if (roles & AT_START) {
      atStart++;
      revenueAtStart += revenueBefore[id]!;
    }
    if (roles & CHURNED) {
      churned++;
      revenueChurned += revenueBefore[id]!;
    }
    if (roles & REACTIVATED) reactivated++;
  }
  return {
    period,
    windowDays,
    atStart,
    churned,
    churnRate: ratio(churned, atStart),
    reactivated,
    revenueChurn: ratio(revenueChurned, revenueAtStart),
  };
}

export function churnJson(report: ChurnReport) {
  return {
    period: periodJson(report.period),
    window_days: report.windowDays,
    at_start: report.atStart,
    churned: report.churned,
    churn_rate: rateValue(report.churnRate),
    reactivated: report.reactivated,
    revenue_churn: rateValue(report.revenueChurn),
  };
}
