import type { NpsAnswer } from '../domain/stored-records.js';
import { type ArpuReport, arpuJson } from './arpu.js';
import { type ChurnReport, churnJson } from './churn.js';
import type { CohortsReport } from './cohorts.js';
import { type FunnelReport, funnelJson } from './funnel.js';
import { type NpsCategory, type NpsReport, npsCategory, npsJson } from './nps.js';
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
  /** What the HTML page draws beyond the tables; gathered only for it. */
  page?: MonthlyPage;
}

/** A detractor of the month (their latest answer in it scored 0–6) and what they wrote with it. */
export interface DetractorComment {
  clientId: number;
  name: string;
  date: string;
  score: number;
  improve: string | null;
  liked: string | null;
}

/** The twelve months ending with the report's, oldest first, and the month's detractors. */
export interface MonthlyPage {
  months: Array<{ month: string; arpu: ArpuReport; churn: ChurnReport }>;
  /** Clients by the month of their first purchase within the twelve months. */
  cohorts: CohortsReport;
  detractorComments: DetractorComment[];
}

/**
 * The month's detractors with their comments: each client's latest answer of the month (what NPS counts) when it is
 * a detractor's, found among the month's stored answers to read its comments. Oldest first, then by name.
 */
export function detractorComments(
  latest: Array<{ clientId: number; date: string; score: number }>,
  answers: NpsAnswer[],
  names: Map<number, string>,
): DetractorComment[] {
  const detractor: NpsCategory = 'detractor';
  const comments = latest
    .filter((row) => npsCategory(row.score) === detractor)
    .map((row): DetractorComment => {
      // Two answers of one client on one day with one score are the same answer for NPS: the last stored speaks.
      const answer = answers.findLast(
        (stored) => stored.client_id === row.clientId && stored.date === row.date && stored.score === row.score,
      );
      return {
        clientId: row.clientId,
        name: names.get(row.clientId) ?? `#${row.clientId}`,
        date: row.date,
        score: row.score,
        improve: answer?.improve?.trim() || null,
        liked: answer?.liked?.trim() || null,
      };
    });
  return comments.sort(
    (a, b) => a.date.localeCompare(b.date) || a.name.localeCompare(b.name, 'ru') || a.clientId - b.clientId,
  );
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
