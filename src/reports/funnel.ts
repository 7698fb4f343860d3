import { daysBetween } from '../domain/calendar.js';
import { STAGE_RANK, type Stage } from '../domain/deal.js';
import { mean, median, NONE_KEY, rateValue, ratio, roundTo } from './numbers.js';
import type { Period } from './period.js';
import { periodJson } from './types.js';

/** A deal created in the period with the first date it entered each stage (null: never). */
export interface DealFacts {
  id: number;
  clientId: number;
  title: string;
  source: string | null;
  /** The current stage. */
  stage: Stage;
  created: string;
  amount: number | null;
  qualified: string | null;
  deal: string | null;
  won: string | null;
  lost: string | null;
  junk: string | null;
  /** The reason on its lost stage row, else the deal's own reason. */
  lostReason: string | null;
}

export type DealStatus = 'won' | 'lost' | 'junk' | 'open';

export interface DealOutcome {
  /** Furthest rank reached among lead 0, qualified 1, deal 2, won 3. */
  reached: number;
  status: DealStatus;
  /** Days from created to won; null unless won. */
  cycleDays: number | null;
}

/**
 * A deal's furthest stage counts its stage rows and its current stage: a deal imported as won with no qualified
 * date has reached qualified and deal. Won, lost and junk come from the current stage.
 */
export function dealOutcome(deal: DealFacts): DealOutcome {
  const reached = Math.max(STAGE_RANK[deal.stage], deal.qualified ? 1 : 0, deal.deal ? 2 : 0, deal.won ? 3 : 0);
  const status: DealStatus =
    deal.stage === 'won' || deal.stage === 'lost' || deal.stage === 'junk' ? deal.stage : 'open';
  const wonOn = deal.won ?? deal.created;
  return { reached, status, cycleDays: status === 'won' ? daysBetween(deal.created, wonOn) : null };
}

/** Which funnel figures a deal counts in (`crm explain` lists deals by these). */
export function dealCountsIn(deal: DealFacts): Set<FunnelMetric> {
  return new Set(metricsOf(dealOutcome(deal)));
}

/** The funnel figures a deal with this outcome counts in, each once. */
function metricsOf(outcome: DealOutcome): FunnelMetric[] {
  const metrics: FunnelMetric[] = ['leads', outcome.status];
  if (outcome.reached >= 1) metrics.push('qualified');
  if (outcome.reached >= 2) metrics.push('deal');
  return metrics;
}

export const FUNNEL_METRICS = ['leads', 'qualified', 'deal', 'won', 'lost', 'junk', 'open'] as const;
export type FunnelMetric = (typeof FUNNEL_METRICS)[number];

export interface FunnelCounts {
  leads: number;
  junk: number;
  qualified: number;
  deal: number;
  won: number;
  lost: number;
  open: number;
  conversion: { qualified: number | null; deal: number | null; won: number | null; overall: number | null };
  cycleDays: { median: number | null; mean: number | null };
  lostReasons: Array<{ reason: string; count: number }>;
}

export interface FunnelGroup extends FunnelCounts {
  key: string;
}

export interface FunnelReport extends FunnelCounts {
  period: Period;
  by?: 'source';
  groups?: FunnelGroup[];
}

function compareReasons(a: { reason: string; count: number }, b: { reason: string; count: number }): number {
  if (a.count !== b.count) return b.count - a.count;
  if ((a.reason === NONE_KEY) !== (b.reason === NONE_KEY)) return a.reason === NONE_KEY ? 1 : -1;
  return a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0;
}

export function funnelCounts(deals: DealFacts[]): FunnelCounts {
  const count = { leads: 0, junk: 0, qualified: 0, deal: 0, won: 0, lost: 0, open: 0 };
  const cycles: number[] = [];
  const reasons = new Map<string, number>();
  for (const deal of deals) {
    const outcome = dealOutcome(deal);
    for (const metric of metricsOf(outcome)) count[metric]++;
    if (outcome.cycleDays !== null) cycles.push(outcome.cycleDays);
    if (outcome.status === 'lost') {
      const reason = deal.lostReason?.trim() || NONE_KEY;
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
  }
  return {
    ...count,
    conversion: {
      qualified: ratio(count.qualified, count.leads),
      deal: ratio(count.deal, count.qualified),
      won: ratio(count.won, count.deal),
      overall: ratio(count.won, count.leads),
    },
    cycleDays: { median: median(cycles), mean: mean(cycles) },
    lostReasons: [...reasons].map(([reason, n]) => ({ reason, count: n })).sort(compareReasons),
  };
}

export function funnelReport(period: Period, deals: DealFacts[], by?: 'source'): FunnelReport {
  const report: FunnelReport = { period, ...funnelCounts(deals) };
  if (!by) return report;
  const bySource = new Map<string, DealFacts[]>();
  for (const deal of deals) {
    const key = deal.source?.trim() || NONE_KEY;
    const group = bySource.get(key);
    if (group) group.push(deal);
    else bySource.set(key, [deal]);
  }
  const groups = [...bySource].map(([key, group]) => ({ key, ...funnelCounts(group) }));
  groups.sort((a, b) => b.leads - a.leads || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { ...report, by, groups };
}

function countsJson(counts: FunnelCounts) {
  return {
    leads: counts.leads,
    junk: counts.junk,
    qualified: counts.qualified,
    deal: counts.deal,
    won: counts.won,
    lost: counts.lost,
    open: counts.open,
    conversion: {
      qualified: rateValue(counts.conversion.qualified),
      deal: rateValue(counts.conversion.deal),
      won: rateValue(counts.conversion.won),
      overall: rateValue(counts.conversion.overall),
    },
    cycle_days: {
      median: counts.cycleDays.median,
      mean: counts.cycleDays.mean === null ? null : roundTo(counts.cycleDays.mean, 2),
    },
    lost_reasons: counts.lostReasons.map((row) => ({ reason: row.reason, count: row.count })),
  };
}

export function funnelJson(report: FunnelReport) {
  return {
    period: periodJson(report.period),
    ...countsJson(report),
    ...(report.groups ? { groups: report.groups.map((g) => ({ key: g.key, ...countsJson(g) })) } : {}),
  };
}
