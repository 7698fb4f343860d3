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

/** The churn definitions applied to one client's facts: the only place they are written. */
export function churnFlags(
  facts: Pick<ChurnFacts, 'lastBefore' | 'lastInPeriod' | 'boughtBeforeWindow'>,
  dates: ChurnDates,
): ChurnFlags {
  const aliveAtStart = facts.lastBefore !== null;
  const boughtInPeriod = facts.lastInPeriod !== null;
  const last = facts.lastInPeriod ?? facts.lastBefore;
  return {
    aliveAtStart,
    aliveAtEnd: last !== null && last >= dates.aliveAtEndFrom,
    boughtInPeriod,
    boughtBefore: !aliveAtStart && boughtInPeriod && facts.boughtBeforeWindow,
  };
}

export interface ChurnRoles {
  atStart: boolean;
  churned: boolean;
  reactivated: boolean;
}

export function churnRoles(flags: ChurnFlags): ChurnRoles {
  return {
    atStart: flags.aliveAtStart,
    churned: flags.aliveAtStart && !flags.aliveAtEnd,
    reactivated: !flags.aliveAtStart && flags.boughtInPeriod && flags.boughtBefore,
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

/** The churn figures of the clients that bought in [from − W, to], one ChurnFacts each. */
export function churnReport(period: Period, windowDays: number, clients: Iterable<ChurnFacts>): ChurnReport {
  const dates = churnDates(period, windowDays);
  let atStart = 0;
  let churned = 0;
  let reactivated = 0;
  let revenueAtStart = 0;
  let revenueChurned = 0;
  for (const client of clients) {
    const roles = churnRoles(churnFlags(client, dates));
    if (roles.atStart) {
      atStart++;
      revenueAtStart += client.revenueBefore;
    }
    if (roles.churned) {
      churned++;
      revenueChurned += client.revenueBefore;
    }
    if (roles.reactivated) reactivated++;
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
