import { type ArpuReport, arpuJson } from './arpu.js';
import { type ChurnReport, churnJson } from './churn.js';
import { type FunnelReport, funnelJson } from './funnel.js';
import { type NpsReport, npsJson } from './nps.js';
import { majorUnits } from './numbers.js';
import type { Period } from './period.js';
import { type RepeatReport, repeatJson } from './repeat.js';
import { periodJson } from './types.js';

/** The five reports of one month. */
export interface MonthReports {
  period: Period;
  arpu: ArpuReport;
  repeat: RepeatReport;
  churn: ChurnReport;
  funnel: FunnelReport;
  nps: NpsReport;
}

export interface MonthRevenue {
  month: string;
  /** Minor units. */
  revenue: number;
}

export interface MonthlyReport {
  current: MonthReports;
  previousMonth: MonthReports;
  sameMonthLastYear: MonthReports;
  /** Oldest first, ending with the report's month; months without purchases are 0. */
  revenue12Months: MonthRevenue[];
}

export function monthlyReport(
  current: MonthReports,
  previousMonth: MonthReports,
  sameMonthLastYear: MonthReports,
  months: string[],
  revenue: MonthRevenue[],
): MonthlyReport {
  const byMonth = new Map(revenue.map((row) => [row.month, row.revenue]));
  return {
    current,
    previousMonth,
    sameMonthLastYear,
    revenue12Months: months.map((month) => ({ month, revenue: byMonth.get(month) ?? 0 })),
  };
}

function partsJson(parts: MonthReports) {
  return {
    arpu: arpuJson(parts.arpu),
    repeat: repeatJson(parts.repeat),
    churn: churnJson(parts.churn),
    funnel: funnelJson(parts.funnel),
    nps: npsJson(parts.nps),
  };
}

export function monthlyJson(report: MonthlyReport) {
  return {
    period: periodJson(report.current.period),
    ...partsJson(report.current),
    previous_month: { ...partsJson(report.previousMonth), period: periodJson(report.previousMonth.period) },
    same_month_last_year: {
      ...partsJson(report.sameMonthLastYear),
      period: periodJson(report.sameMonthLastYear.period),
    },
    revenue_12_months: report.revenue12Months.map((row) => ({ month: row.month, revenue: majorUnits(row.revenue) })),
  };
}
