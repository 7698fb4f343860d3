import { addDays } from '../domain/calendar.js';
import { rateValue, ratio } from './numbers.js';
import type { Period } from './period.js';
import { periodJson } from './types.js';

export const DEFAULT_CHURN_WINDOW = 90;

/** What the churn query finds out about each client that bought in [from − W, to]. */
export interface ChurnFlags {
  /** A purchase in [from − W, from − 1]: alive the day before the period. */
  aliveAtStart: boolean;
  /** A purchase in [to − W + 1, to]: alive on the period's last day. */
  aliveAtEnd: boolean;
  boughtInPeriod: boolean;
  /** A purchase before from − W (looked up only for clients not alive at the start who bought in the period). */
  boughtBefore: boolean;
}

export interface ChurnGroup extends ChurnFlags {
  clients: number;
  /** Minor units: the group's revenue in [from − W, from − 1]. */
  revenueBefore: number;
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

/** The dates the churn definitions turn on, for a period and a window of W days. */
export function churnDates(period: Period, windowDays: number) {
  return {
    /** from − W: the first day of the window before the period. */
    windowStart: addDays(period.from, -windowDays),
    /** to − W + 1: a client alive on `to` has a purchase on or after this day. */
    aliveAtEndFrom: addDays(period.to, 1 - windowDays),
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

export function churnReport(period: Period, windowDays: number, groups: ChurnGroup[]): ChurnReport {
  let atStart = 0;
  let churned = 0;
  let reactivated = 0;
  let revenueAtStart = 0;
  let revenueChurned = 0;
  for (const group of groups) {
    const roles = churnRoles(group);
    if (roles.atStart) {
      atStart += group.clients;
      revenueAtStart += group.revenueBefore;
    }
    if (roles.churned) {
      churned += group.clients;
      revenueChurned += group.revenueBefore;
    }
    if (roles.reactivated) reactivated += group.clients;
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
