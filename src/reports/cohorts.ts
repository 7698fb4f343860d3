import { addMonths, monthOf, monthsBetween } from '../domain/calendar.js';
import { rateValue, ratio } from './numbers.js';
import type { Period } from './period.js';
import { periodJson } from './types.js';

/** `clients` of the cohort first buying in month `cohort` bought (again) in month `month`. */
export interface CohortActivity {
  cohort: string;
  month: string;
  clients: number;
}

export interface Cohort {
  /** `YYYY-MM` of the first purchase. */
  month: string;
  clients: number;
  /** Clients with a purchase in month 0, 1, 2 ... after the cohort's month, up to the period's last month. */
  active: number[];
  shares: Array<number | null>;
}

export interface CohortsReport {
  period: Period;
  /** Month offsets shown: 0..width−1. */
  width: number;
  cohorts: Cohort[];
}

/** Cohorts that started in the period (months without new clients are left out), oldest first. */
export function cohortsReport(period: Period, activity: CohortActivity[]): CohortsReport {
  const lastMonth = monthOf(period.to);
  const byCohort = new Map<string, Map<string, number>>();
  for (const row of activity) {
    const months = byCohort.get(row.cohort) ?? new Map<string, number>();
    months.set(row.month, (months.get(row.month) ?? 0) + row.clients);
    byCohort.set(row.cohort, months);
  }
  const cohorts = [...byCohort.keys()].sort().map((month): Cohort => {
    const months = byCohort.get(month)!;
    const clients = months.get(month) ?? 0;
    const active = Array.from(
      { length: monthsBetween(month, lastMonth) + 1 },
      (_, offset) => months.get(addMonths(month, offset)) ?? 0,
    );
    return { month, clients, active, shares: active.map((n) => ratio(n, clients)) };
  });
  const width = cohorts.reduce((widest, cohort) => Math.max(widest, cohort.active.length), 0);
  return { period, width, cohorts };
}

export function cohortsJson(report: CohortsReport) {
  return {
    period: periodJson(report.period),
    cohorts: report.cohorts.map((cohort) => ({
      cohort: cohort.month,
      clients: cohort.clients,
      active: cohort.active,
      share: cohort.shares.map(rateValue),
    })),
  };
}
