import { type BuyerRow, isNewClient } from './arpu.js';
import {
  AT_START,
  CHURNED,
  type ChurnFactColumns,
  type ChurnFacts,
  churnDates,
  churnRoleBits,
  REACTIVATED,
} from './churn.js';
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
 * What `crm explain` lists behind a figure: the rows chosen, whose clients' names are read next (only theirs), and
 * the listing once they are known.
 */
export interface Explanation {
  clientIds: number[];
  /** `names`: by client id, in the order of name then id, as the store gives them (see byName). */
  report(names: Names): ExplainReport;
}

function clientIdsOf(rows: Array<{ clientId: number | null }>): number[] {
  const ids: number[] = [];
  for (const row of rows) if (row.clientId !== null) ids.push(row.clientId);
  return ids;
}

const compareNames = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Rows by their client's name, then id; a row without a client, or whose client has no name, comes first (rows of
 * the same client keep their order). The store hands the names over in that order already (sorted by SQLite,
 * several times faster than here for tens of thousands): checked pair by pair, then used as ranks, the rows placed by
 * rank in one pass; names in any other order are sorted here.
 */
function byName<T extends { clientId: number | null }>(rows: T[], names: Names): T[] {
  // Ranks by client id in a typed array (-1: no name): tens of thousands of ids, each looked up twice.
  let largest = 0;
  for (const id of names.keys()) if (id > largest) largest = id;
  const ranks = new Int32Array(largest + 1).fill(-1);
  let rankCount = 0;
  let previousId = 0;
  let previousName: string | undefined;
  let ordered = true;
  for (const [id, name] of names) {
    if (previousName !== undefined && (compareNames(previousName, name) || previousId - id) > 0) ordered = false;
    ranks[id] = rankCount++;
    previousId = id;
    previousName = name;
  }
  const rankOf = (row: T) => (row.clientId === null || row.clientId > largest ? -1 : ranks[row.clientId]!);
  const byId = (a: T, b: T) => (a.clientId ?? 0) - (b.clientId ?? 0);
  if (!ordered) {
    const nameOf = (row: T) => (row.clientId === null ? '' : (names.get(row.clientId) ?? ''));
    return [...rows].sort((a, b) => compareNames(nameOf(a), nameOf(b)) || byId(a, b));
  }
  // A counting sort by rank: where each rank's rows start, after the rows without a name.
  const first = rows.filter((row) => rankOf(row) < 0).sort(byId);
  const starts = new Int32Array(rankCount + 1);
  for (const row of rows) {
    const rank = rankOf(row);
    if (rank >= 0) starts[rank + 1]!++;
  }
  starts[0] = first.length;
  for (let rank = 1; rank <= rankCount; rank++) starts[rank]! += starts[rank - 1]!;
  const sorted = new Array<T>(rows.length);
  first.forEach((row, i) => {
    sorted[i] = row;
  });
  for (const row of rows) {
    const rank = rankOf(row);
    if (rank >= 0) sorted[starts[rank]!++] = row;
  }
  return sorted;
}

/**
 * One item per row, by name (see byName): `item` writes the whole item, its client id and name first (one object
 * literal: tens of thousands of items are made here).
 */
function clientItems<T extends { clientId: number | null }>(
  rows: T[],
  names: Names,
  item: (row: T, name: string | null) => ExplainItem,
): ExplainItem[] {
  return byName(rows, names).map((row) => item(row, row.clientId === null ? null : (names.get(row.clientId) ?? null)));
}

export function explainBuyers(metric: BuyerMetric, period: Period, rows: BuyerRow[]): Explanation {
  const chosen = rows.filter((row) => {
    if (metric === 'active_clients') return true;
    return isNewClient(row.firstPurchase, period) === (metric === 'new_clients');
  });
  return {
    clientIds: clientIdsOf(chosen),
    report: (names) => ({
      metric,
      period,
      items: clientItems(chosen, names, (row, name) => ({
        client_id: row.clientId,
        name,
        purchases: row.purchases,
        revenue: majorUnits(row.revenue),
        first_purchase: row.firstPurchase,
      })),
    }),
  };
}

/** A client's purchases up to the period's end (client null: the won deals without one). */
export interface PurchaseCountRow {
  clientId: number | null;
  purchases: number;
  firstPurchase: string;
  lastPurchase: string;
}

export function explainRepeat(metric: RepeatMetric, period: Period, rows: PurchaseCountRow[]): Explanation {
  const chosen = rows.filter((row) => row.purchases >= 1 && (metric === 'buyers' || isRepeatBuyer(row.purchases)));
  return {
    clientIds: clientIdsOf(chosen),
    report: (names) => ({
      metric,
      period,
      items: clientItems(chosen, names, (row, name) => ({
        client_id: row.clientId,
        name,
        purchases: row.purchases,
        first_purchase: row.firstPurchase,
        last_purchase: row.lastPurchase,
      })),
    }),
  };
}

/**
 * A client that bought in [from − W, to] (client null: the won deals without one): its churn facts and what `crm
 * explain` shows of it.
 */
export interface ChurnClientRow extends Omit<ChurnFacts, 'clientId'> {
  clientId: number | null;
  purchasesInPeriod: number;
  /** Needed by `crm explain reactivated` only (the one listing that shows it): may be 0 for the others. */
  revenueInPeriod: number;
  /**
   * The first purchase in [from, to] and the last one before from − W, looked up for the reactivation candidates
   * that bought before the window only (null for every other client): what a reactivated client's row shows.
   */
  firstInPeriod: string | null;
  earlier: string | null;
}

/**
 * ChurnClientRow of every client that bought in [from − W, to], as columns by client id (slot 0: the won deals
 * without a client): `crm explain` lists a part of them, and makes an item only for those.
 */
export interface ChurnClientColumns extends ChurnFactColumns {
  readonly purchasesInPeriod: Float64Array;
  readonly revenueInPeriod: Float64Array;
  /** By client id, for the clients ChurnClientRow gives them for (none: null). */
  readonly firstInPeriod: ReadonlyMap<number, string | null>;
  readonly earlier: ReadonlyMap<number, string | null>;
}

export function explainChurn(
  metric: ChurnMetric,
  period: Period,
  windowDays: number,
  facts: ChurnClientColumns,
): Explanation {
  const role = { at_start: AT_START, churned: CHURNED, reactivated: REACTIVATED }[metric];
  const dates = churnDates(period, windowDays);
  const { lastBefore, lastInPeriod, boughtBeforeWindow } = facts;
  // Only the clients listed get a row: a few thousand to tens of thousands of the clients that bought.
  const chosen: Array<{ clientId: number | null }> = [];
  for (let id = 0; id < facts.slots; id++) {
    const before = lastBefore[id]!;
    const during = lastInPeriod[id]!;
    if (before === null && during === null) continue;
    if (churnRoleBits(before, during, boughtBeforeWindow[id] === 1, dates) & role) {
      chosen.push({ clientId: id === 0 ? null : id });
    }
  }
  const item = ({ clientId }: { clientId: number | null }, name: string | null): ExplainItem => {
    const id = clientId ?? 0;
    return metric === 'reactivated'
      ? {
          client_id: clientId,
          name,
          previous_purchase: facts.earlier.get(id) ?? null,
          first_purchase_in_period: facts.firstInPeriod.get(id) ?? null,
          purchases_in_period: facts.purchasesInPeriod[id]!,
          revenue_in_period: majorUnits(facts.revenueInPeriod[id]!),
        }
      : {
          client_id: clientId,
          name,
          last_purchase_before: lastBefore[id]!,
          revenue_in_window: majorUnits(facts.revenueBefore[id]!),
          last_purchase_in_period: lastInPeriod[id]!,
        };
  };
  return {
    clientIds: clientIdsOf(chosen),
    report: (names) => ({ metric, period, windowDays, items: clientItems(chosen, names, item) }),
  };
}

export interface NpsAnswerRow {
  clientId: number;
  date: string;
  score: number;
}

export function explainNps(metric: NpsMetric, period: Period, latestAnswers: NpsAnswerRow[]): Explanation {
  const category = { promoters: 'promoter', passives: 'passive', detractors: 'detractor' } as const;
  const chosen = latestAnswers.filter((row) => npsCategory(row.score) === category[metric]);
  return {
    clientIds: clientIdsOf(chosen),
    report: (names) => ({
      metric,
      period,
      items: clientItems(chosen, names, (row, name) => ({
        client_id: row.clientId,
        name,
        date: row.date,
        score: row.score,
      })),
    }),
  };
}

export function explainFunnel(metric: FunnelMetric, period: Period, deals: DealFacts[]): Explanation {
  const chosen = deals.filter((deal) => dealCountsIn(deal).has(metric));
  return {
    clientIds: chosen.map((deal) => deal.clientId),
    report: (names) => ({
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
    }),
  };
}
