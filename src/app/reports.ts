import { addDays, daysBetween } from '../domain/calendar.js';
import { type ArpuBreakdown, type ArpuReport, arpuReport } from '../reports/arpu.js';
import { type ChurnReport, churnDates, churnReport, DEFAULT_CHURN_WINDOW } from '../reports/churn.js';
import { type CohortsReport, cohortsReport } from '../reports/cohorts.js';
import { DEFAULT_GAP_DAYS, DETRACTOR_DAYS, type DueReport, dueReport, planDue } from '../reports/due.js';
import {
  belongsTo,
  type ExplainMetric,
  type ExplainReport,
  explainBuyers,
  explainChurn,
  explainFunnel,
  explainNps,
  explainRepeat,
} from '../reports/explain.js';
import { type FunnelReport, funnelReport } from '../reports/funnel.js';
import { type MonthlyReport, type MonthReports, monthlyReport } from '../reports/monthly.js';
import { type NpsReport, npsReport } from '../reports/nps.js';
import { type Grain, monthsOf, type Period, shiftMonth, splitPeriod } from '../reports/period.js';
import { type RepeatReport, repeatReport } from '../reports/repeat.js';
import { quintileScore, type RfmReport, rfmReport } from '../reports/rfm.js';
import type { Split } from '../reports/types.js';
import type { Db } from '../store/db.js';
import * as queries from '../store/report-queries.js';
import { getSetting } from '../store/settings.js';

/** How tables write money: `crm config set locale ru-RU`, `crm config set currency RUB`. */
export interface MoneySettings {
  locale: string;
  currency: string;
}

export function moneySettings(db: Db): MoneySettings {
  return { locale: getSetting(db, 'locale') ?? 'ru-RU', currency: getSetting(db, 'currency') ?? 'RUB' };
}

export function arpu(db: Db, period: Period, by?: ArpuBreakdown): ArpuReport {
  queries.prepareForReports(db);
  const breakdown = by ? { by, rows: queries.arpuGroupRows(db, period, by) } : undefined;
  return arpuReport(period, queries.arpuBuyers(db, period), breakdown);
}

export function repeat(db: Db, period: Period): RepeatReport {
  queries.prepareForReports(db);
  return repeatMany(db, [period])[0]!;
}

/** Repeat purchase at several period ends, reading the history once. */
function repeatMany(db: Db, periods: Period[]): RepeatReport[] {
  const groups = queries.purchaseCountGroups(
    db,
    periods.map((period) => period.to),
  );
  return periods.map((period, i) => repeatReport(period, groups[i]!));
}

function churnRange(period: Period, windowDays: number) {
  return { from: period.from, to: period.to, windowStart: churnDates(period, windowDays).windowStart };
}

export function churn(db: Db, period: Period, windowDays = DEFAULT_CHURN_WINDOW): ChurnReport {
  queries.prepareForReports(db);
  return churnReport(period, windowDays, queries.churnFacts(db, churnRange(period, windowDays)));
}

export function funnel(db: Db, period: Period, by?: 'source'): FunnelReport {
  queries.prepareForReports(db);
  return funnelReport(period, queries.dealsCreatedIn(db, period), by);
}

export function nps(db: Db, period: Period): NpsReport {
  queries.prepareForReports(db);
  return npsReport(period, queries.npsScoreCounts(db, period));
}

export function cohorts(db: Db, period: Period): CohortsReport {
  queries.prepareForReports(db);
  return cohortsReport(period, queries.cohortActivity(db, period));
}

export function rfm(db: Db, period: Period, withClients = false): RfmReport {
  queries.prepareForReports(db);
  const clients = withClients
    ? queries.rfmClientFacts(db, period).map((row) => ({
        clientId: row.clientId,
        name: row.name,
        lastPurchase: row.lastPurchase,
        recencyDays: daysBetween(row.lastPurchase, period.to),
        frequency: row.frequency,
        monetary: row.monetary,
        r: quintileScore(row.rWorse, row.buyers),
        f: quintileScore(row.fWorse, row.buyers),
        m: quintileScore(row.mWorse, row.buyers),
      }))
    : undefined;
  return rfmReport(period, queries.rfmCells(db, period), clients);
}

/** Runs `run` for each month, quarter or year of `period`, and once over all of it. */
export function split<R>(period: Period, grain: Grain, run: (part: Period) => R): Split<R> {
  return {
    period,
    grain,
    columns: splitPeriod(period, grain).map((part) => ({ label: part.label, report: run(part.period) })),
    total: run(period),
  };
}

export interface DueRequest {
  today: string;
  withinDays: number;
  windowDays: number;
}

export function due(db: Db, request: DueRequest): DueReport {
  queries.prepareForReports(db);
  const configured = getSetting(db, 'due-default-days');
  const options = { ...request, defaultGapDays: configured ? Number(configured) : DEFAULT_GAP_DAYS };
  const detractors = queries.recentDetractors(db, {
    from: addDays(request.today, 1 - DETRACTOR_DAYS),
    to: request.today,
  });
  const alive = queries.buyersBetween(db, { from: addDays(request.today, 1 - request.windowDays), to: request.today });
  const chosen = [...new Set([...alive, ...detractors.map((row) => row.clientId)])].sort((a, b) => a - b);
  const history = queries.purchaseDays(db, request.today, chosen);
  const plans = planDue(history, detractors, options);
  return dueReport(
    options,
    plans,
    queries.clientDetails(
      db,
      plans.map((plan) => plan.clientId),
    ),
  );
}

function monthReports(db: Db, period: Period, repeated: RepeatReport): MonthReports {
  return {
    period,
    arpu: arpu(db, period),
    repeat: repeated,
    churn: churn(db, period),
    funnel: funnel(db, period),
    nps: nps(db, period),
  };
}

/** The month's five reports beside the previous month's and the same month's a year before. */
export function monthly(db: Db, month: Period): MonthlyReport {
  queries.prepareForReports(db);
  const months = [month, shiftMonth(month, -1), shiftMonth(month, -12)];
  const repeats = repeatMany(db, months);
  const [current, previous, yearBefore] = months.map((period, i) => monthReports(db, period, repeats[i]!));
  const year: Period = { from: shiftMonth(month, -11).from, to: month.to };
  return monthlyReport(current!, previous!, yearBefore!, monthsOf(year), queries.revenueByMonth(db, year));
}

export function explain(
  db: Db,
  metric: ExplainMetric,
  period: Period,
  windowDays = DEFAULT_CHURN_WINDOW,
): ExplainReport {
  queries.prepareForReports(db);
  const names = (ids: Iterable<number>) => queries.clientNames(db, ids);
  if (belongsTo(metric, 'arpu')) {
    const rows = queries.buyerRows(db, period);
    return explainBuyers(metric, period, rows, names(rows.map((row) => row.clientId)));
  }
  if (belongsTo(metric, 'repeat')) {
    const rows = queries.purchaseCountRows(db, period);
    return explainRepeat(metric, period, rows, names(rows.map((row) => row.clientId)));
  }
  if (belongsTo(metric, 'churn')) {
    const rows = queries.churnClientRows(db, churnRange(period, windowDays));
    return explainChurn(metric, period, windowDays, rows, names(rows.map((row) => row.clientId)));
  }
  if (belongsTo(metric, 'nps')) {
    const rows = queries.latestAnswers(db, period);
    return explainNps(metric, period, rows, names(rows.map((row) => row.clientId)));
  }
  const deals = queries.dealsCreatedIn(db, period);
  return explainFunnel(metric, period, deals, names(deals.map((deal) => deal.clientId)));
}
