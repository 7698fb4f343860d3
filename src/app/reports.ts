import { addDays, monthOf } from '../domain/calendar.js';
import { type ArpuBreakdown, type ArpuReport, arpuReportOf } from '../reports/arpu.js';
import { type ChurnReport, churnDates, churnReport, DEFAULT_CHURN_WINDOW } from '../reports/churn.js';
import { type CohortsReport, cohortsReport } from '../reports/cohorts.js';
import { DETRACTOR_DAYS, type DueReport, dueReport, planDueFromRhythms } from '../reports/due.js';
import {
  belongsTo,
  type ExplainMetric,
  type ExplainReport,
  type Explanation,
  explainBuyers,
  explainChurn,
  explainFunnel,
  explainNps,
  explainRepeat,
} from '../reports/explain.js';
import { type FunnelReport, funnelReport } from '../reports/funnel.js';
import {
  detractorComments,
  type MonthHistory,
  type MonthlyPage,
  type MonthlyReport,
  type MonthReports,
} from '../reports/monthly.js';
import { type NpsReport, npsCategory, npsReport } from '../reports/nps.js';
import { type Grain, type Period, shiftMonth, splitPeriod } from '../reports/period.js';
import { type RepeatReport, repeatReport } from '../reports/repeat.js';
import { type RfmReport, rfmReport } from '../reports/rfm.js';
import type { Split } from '../reports/types.js';
import type { StoreAccess } from '../store/store.js';

import { dueDefaultGapDays } from './settings.js';

export { type MoneySettings, moneySettings } from './settings.js';

export async function arpu(store: StoreAccess, period: Period, by?: ArpuBreakdown): Promise<ArpuReport> {
  const breakdown = by ? { by, rows: await store.reports.arpuGroupRows(period, by) } : undefined;
  return arpuReportOf(period, await store.reports.buyerTotals(period), breakdown);
}

export async function repeat(store: StoreAccess, period: Period): Promise<RepeatReport> {
  return (await repeatMany(store, [period]))[0]!;
}

/** Repeat purchase at several period ends, reading the history once. */
async function repeatMany(store: StoreAccess, periods: Period[]): Promise<RepeatReport[]> {
  const groups = await store.reports.purchaseCountGroups(periods.map((period) => period.to));
  return periods.map((period, i) => repeatReport(period, groups[i]!));
}

function churnRange(period: Period, windowDays: number) {
  return { from: period.from, to: period.to, windowStart: churnDates(period, windowDays).windowStart };
}

export async function churn(
  store: StoreAccess,
  period: Period,
  windowDays = DEFAULT_CHURN_WINDOW,
): Promise<ChurnReport> {
  return churnReport(period, windowDays, await store.reports.churnFacts(churnRange(period, windowDays)));
}

export async function funnel(store: StoreAccess, period: Period, by?: 'source'): Promise<FunnelReport> {
  return funnelReport(period, await store.reports.dealsCreatedIn(period), by);
}

export async function nps(store: StoreAccess, period: Period): Promise<NpsReport> {
  return npsReport(period, await store.reports.npsScoreCounts(period));
}

export async function cohorts(store: StoreAccess, period: Period): Promise<CohortsReport> {
  return cohortsReport(period, await store.reports.cohortActivity(period));
}

export async function rfm(store: StoreAccess, period: Period, withClients = false): Promise<RfmReport> {
  const facts = await store.reports.rfmFacts(period);
  return rfmReport(period, facts, withClients ? await store.reports.clientNames(facts.clientIds) : undefined);
}

/** Runs `run` for each month, quarter or year of `period`, and once over all of it. */
export async function split<R>(period: Period, grain: Grain, run: (part: Period) => Promise<R>): Promise<Split<R>> {
  const columns: Split<R>['columns'] = [];
  for (const part of splitPeriod(period, grain)) columns.push({ label: part.label, report: await run(part.period) });
  return { period, grain, columns, total: await run(period) };
}

export interface DueRequest {
  today: string;
  withinDays: number;
  windowDays: number;
}

export async function due(store: StoreAccess, request: DueRequest): Promise<DueReport> {
  const options = { ...request, defaultGapDays: await dueDefaultGapDays(store) };
  const detractors = await store.reports.recentDetractors({
    from: addDays(request.today, 1 - DETRACTOR_DAYS),
    to: request.today,
  });
  const alive = await store.reports.recentBuyers({
    from: addDays(request.today, 1 - request.windowDays),
    to: request.today,
  });
  const chosen = [...new Set([...alive, ...detractors.map((row) => row.clientId)])].sort((a, b) => a - b);
  const rhythms = await store.reports.purchaseRhythms(request.today, chosen);
  const plans = planDueFromRhythms(rhythms, detractors, options);
  return dueReport(options, plans, await store.reports.dueDetails(plans.map((plan) => plan.clientId)));
}

/*
 * The monthly report asks its questions together rather than one after another: a database server then reads the
 * next while this process works out the last (on SQLite, which answers at once, nothing changes).
 */

async function monthReports(
  store: StoreAccess,
  period: Period,
  repeated: RepeatReport,
  arpuOfMonth?: ArpuReport,
): Promise<MonthReports> {
  const [arpuReport, churnReport, funnelReport, npsReport] = await Promise.all([
    arpuOfMonth ?? arpu(store, period),
    churn(store, period),
    funnel(store, period),
    nps(store, period),
  ]);
  return { period, arpu: arpuReport, repeat: repeated, churn: churnReport, funnel: funnelReport, nps: npsReport };
}

/** The ARPU report of each of the `months` months ending with `month`, oldest first. */
function arpuByMonth(store: StoreAccess, month: Period, months: number): Promise<ArpuReport[]> {
  const periods: Period[] = [];
  for (let back = months - 1; back >= 0; back--) periods.push(shiftMonth(month, -back));
  return Promise.all(periods.map((period) => arpu(store, period)));
}

function historyOf(report: ArpuReport): MonthHistory {
  return {
    month: monthOf(report.period.from),
    revenue: report.revenue,
    activeClients: report.activeClients,
    newClients: report.newClients,
    purchases: report.purchases,
  };
}

/** Revenue, active and new clients and purchases of each of the `months` months ending with `month`, oldest first. */
export async function monthlyHistory(store: StoreAccess, month: Period, months = 12): Promise<MonthHistory[]> {
  return (await arpuByMonth(store, month, months)).map(historyOf);
}

/**
 * The month's five reports beside the previous month's and the same month's a year before, and its last 12 months;
 * `withPage` adds what the HTML page draws beyond them (monthlyPage), which a table has no use for.
 */
export async function monthly(store: StoreAccess, month: Period, withPage = false): Promise<MonthlyReport> {
  const months = [month, shiftMonth(month, -1), shiftMonth(month, -12)] as const;
  const [repeats, year] = await Promise.all([repeatMany(store, [...months]), arpuByMonth(store, month, 12)]);
  const [current, previousMonth, sameMonthLastYear] = await Promise.all([
    monthReports(store, months[0], repeats[0]!, year[11]),
    monthReports(store, months[1], repeats[1]!, year[10]),
    monthReports(store, months[2], repeats[2]!),
  ]);
  const report: MonthlyReport = { current, previousMonth, sameMonthLastYear, history: year.map(historyOf) };
  return withPage ? { ...report, page: await monthlyPage(store, month, year) } : report;
}

/**
 * The twelve months ending with `month` as the monthly page draws them, from their ARPU reports (`year`, oldest
 * first): each month's churn beside them, the cohorts that started in them, and the month's detractors with what
 * they wrote.
 */
async function monthlyPage(store: StoreAccess, month: Period, year: ArpuReport[]): Promise<MonthlyPage> {
  const span: Period = { from: shiftMonth(month, -11).from, to: month.to };
  const parts = splitPeriod(span, 'month');
  const churns = await Promise.all(parts.map((part) => churn(store, part.period)));
  const months: MonthlyPage['months'] = parts.map((part, i) => ({
    month: part.label,
    arpu: year[i]!,
    churn: churns[i]!,
  }));
  const latest = await store.reports.latestAnswers(month);
  const detractors = latest.filter((row) => npsCategory(row.score) === 'detractor');
  const answers = detractors.length ? await store.nps.list({ detractors: true, from: month.from, to: month.to }) : [];
  const names = await store.reports.clientNames(detractors.map((row) => row.clientId));
  return {
    months,
    cohorts: await cohorts(store, span),
    detractorComments: detractorComments(detractors, answers, names),
  };
}

/** The name a page is headed with: `crm config set business-name "Салон «Лада»"`; undefined when not set. */
export async function businessName(store: StoreAccess): Promise<string | undefined> {
  return (await store.settings.get('business-name')) || undefined;
}

export async function explain(
  store: StoreAccess,
  metric: ExplainMetric,
  period: Period,
  windowDays = DEFAULT_CHURN_WINDOW,
): Promise<ExplainReport> {
  const listing = async (explanation: Explanation) =>
    explanation.report(await store.reports.clientNames(explanation.clientIds));
  if (belongsTo(metric, 'arpu')) return listing(explainBuyers(metric, period, await store.reports.buyerRows(period)));
  if (belongsTo(metric, 'repeat')) {
    return listing(explainRepeat(metric, period, await store.reports.purchaseCountRows(period)));
  }
  if (belongsTo(metric, 'churn')) {
    const facts = await store.reports.churnClientColumns(churnRange(period, windowDays), metric === 'reactivated');
    return listing(explainChurn(metric, period, windowDays, facts));
  }
  if (belongsTo(metric, 'nps')) return listing(explainNps(metric, period, await store.reports.latestAnswers(period)));
  return listing(explainFunnel(metric, period, await store.reports.dealsCreatedIn(period)));
}
