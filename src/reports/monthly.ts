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

/** One month's totals as the ARPU report counts them: what the charts of the last 12 months draw. */
export interface MonthHistory {
  /** `YYYY-MM`. */
  month: string;
  /** Minor units. */
  revenue: number;
  activeClients: number;
  newClients: number;
  /** Paid visits and won deals. */
  purchases: number;
}

export interface MonthlyReport {
  current: MonthReports;
  previousMonth: MonthReports;
  sameMonthLastYear: MonthReports;
  /** The last 12 months, oldest first, ending with the report's month (months without purchases too). */
  history: MonthHistory[];
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
    revenue_12_months: report.history.map((row) => ({ month: row.month, revenue: majorUnits(row.revenue) })),
  };
}
