import { type BuyerRow, isNewClient } from './arpu.js';
import { type ChurnFacts, churnDates, churnFlags, churnRoles } from './churn.js';
import { type DealFacts, dealCountsIn, type FunnelMetric } from './funnel.js';
import { npsCategory } from './nps.js';
import { majorUnits } from './numbers.js';
import type { Period } from './period.js';
import { isRepeatBuyer } from './repeat.js';
import { periodJson } from './types.js';

/** The explainable figures, by the report they belong to. */
export const EXPLAINABLE = {
  arpu: ['active_clients', 'new_clients', 'returning_clients'],
  repeat: ['buyers', 'repeat_buyers'],
  churn: ['at_start', 'churned', 'reactivated'],
  nps: ['promoters', 'passives', 'detractors'],
  funnel: ['leads', 'qualified', 'deal', 'won', 'lost', 'junk', 'open'],
} as const;

type Explainable = typeof EXPLAINABLE;
export type ExplainMetric = Explainable[keyof Explainable][number];
export type BuyerMetric = Explainable['arpu'][number];
export type RepeatMetric = Explainable['repeat'][number];
export type ChurnMetric = Explainable['churn'][number];
export type NpsMetric = Explainable['nps'][number];

export const EXPLAIN_METRICS: readonly ExplainMetric[] = Object.values(EXPLAINABLE).flat();

export function isExplainMetric(name: string): name is ExplainMetric {
  return (EXPLAIN_METRICS as readonly string[]).includes(name);
}

/** Narrows `metric` to one report's figures. */
export function belongsTo<R extends keyof Explainable>(
  metric: ExplainMetric,
  report: R,
): metric is Explainable[R][number] {
  return (EXPLAINABLE[report] as readonly string[]).includes(metric);
}

export type ExplainItem = Record<string, string | number | null>;

export interface ExplainReport {
  metric: ExplainMetric;
  period: Period;
  windowDays?: number;
  items: ExplainItem[];
}

export function explainJson(report: ExplainReport) {
  return {
    metric: report.metric,
    period: periodJson(report.period),
    count: report.items.length,
    items: report.items,
  };
}

type Names = Map<number, string>;

/**
 * One item per client, by name (then id): its id and name first, then what `fields` says of its row. A row without a
 * client (won deals without one) has no name and comes first.
 */
function clientItems<T extends { clientId: number | null }>(
  rows: T[],
  names: Names,
  fields: (row: T) => ExplainItem,
): ExplainItem[] {
  // Each name looked up once, not twice per comparison: tens of thousands of rows are sorted here.
  const named = rows.map((row) => ({ row, name: row.clientId === null ? undefined : names.get(row.clientId) }));
  named.sort((a, b) => {
    const left = a.name ?? '';
    const right = b.name ?? '';
    return left < right ? -1 : left > right ? 1 : (a.row.clientId ?? 0) - (b.row.clientId ?? 0);
  });
  return named.map(({ row, name }) => ({ client_id: row.clientId, name: name ?? null, ...fields(row) }));
}

export function explainBuyers(metric: BuyerMetric, period: Period, rows: BuyerRow[], names: Names): ExplainReport {
  const chosen = rows.filter((row) => {
    if (metric === 'active_clients') return true;
    return isNewClient(row.firstPurchase, period) === (metric === 'new_clients');
  });
  return {
    metric,
    period,
    items: clientItems(chosen, names, (row) => ({
      purchases: row.purchases,
      revenue: majorUnits(row.revenue),
      first_purchase: row.firstPurchase,
    })),
  };
}

/** A client's purchases up to the period's end (client null: the won deals without one). */
export interface PurchaseCountRow {
  clientId: number | null;
  purchases: number;
  firstPurchase: string;
  lastPurchase: string;
}

export function explainRepeat(
  metric: RepeatMetric,
  period: Period,
  rows: PurchaseCountRow[],
  names: Names,
): ExplainReport {
  const chosen = rows.filter((row) => row.purchases >= 1 && (metric === 'buyers' || isRepeatBuyer(row.purchases)));
  return {
    metric,
    period,
    items: clientItems(chosen, names, (row) => ({
      purchases: row.purchases,
      first_purchase: row.firstPurchase,
      last_purchase: row.lastPurchase,
    })),
  };
}

/**
 * A client that bought in [from − W, to] (client null: the won deals without one): its churn facts and what `crm
 * explain` shows of it.
 */
export interface ChurnClientRow extends Omit<ChurnFacts, 'clientId'> {
  clientId: number | null;
  purchasesInPeriod: number;
  revenueInPeriod: number;
  /**
   * The first purchase in [from, to] and the last one before from − W, looked up for the reactivation candidates
   * that bought before the window only (null for every other client): what a reactivated client's row shows.
   */
  firstInPeriod: string | null;
  earlier: string | null;
}

export function explainChurn(
  metric: ChurnMetric,
  period: Period,
  windowDays: number,
  rows: ChurnClientRow[],
  names: Names,
): ExplainReport {
  const role = { at_start: 'atStart', churned: 'churned', reactivated: 'reactivated' } as const;
  const dates = churnDates(period, windowDays);
  const chosen = rows.filter((row) => churnRoles(churnFlags(row, dates))[role[metric]]);
  const items = clientItems(
    chosen,
    names,
    (row): ExplainItem =>
      metric === 'reactivated'
        ? {
            previous_purchase: row.earlier,
            first_purchase_in_period: row.firstInPeriod,
            purchases_in_period: row.purchasesInPeriod,
            revenue_in_period: majorUnits(row.revenueInPeriod),
          }
        : {
            last_purchase_before: row.lastBefore,
            revenue_in_window: majorUnits(row.revenueBefore),
            last_purchase_in_period: row.lastInPeriod,
          },
  );
  return { metric, period, windowDays, items };
}

export interface NpsAnswerRow {
  clientId: number;
  date: string;
  score: number;
}

export function explainNps(
  metric: NpsMetric,
  period: Period,
  latestAnswers: NpsAnswerRow[],
  names: Names,
): ExplainReport {
  const category = { promoters: 'promoter', passives: 'passive', detractors: 'detractor' } as const;
  const chosen = latestAnswers.filter((row) => npsCategory(row.score) === category[metric]);
  return {
    metric,
    period,
    items: clientItems(chosen, names, (row) => ({ date: row.date, score: row.score })),
  };
}

export function explainFunnel(metric: FunnelMetric, period: Period, deals: DealFacts[], names: Names): ExplainReport {
  const chosen = deals.filter((deal) => dealCountsIn(deal).has(metric));
  return {
    metric,
    period,
    items: chosen
      .sort((a, b) => (a.created < b.created ? -1 : a.created > b.created ? 1 : a.id - b.id))
      .map((deal) => ({
        deal_id: deal.id,
        title: deal.title,
        client_id: deal.clientId,
        client: names.get(deal.clientId) ?? null,
        source: deal.source,
        amount: deal.amount === null ? null : majorUnits(deal.amount),
        stage: deal.stage,
        created: deal.created,
        qualified: deal.qualified,
        deal: deal.deal,
        won: deal.won,
        lost: deal.lost,
        junk: deal.junk,
        lost_reason: deal.stage === 'lost' ? deal.lostReason : null,
      })),
  };
}
