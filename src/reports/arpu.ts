import { majorUnits, NONE_KEY, ratio } from './numbers.js';
import type { Period } from './period.js';
import { periodJson } from './types.js';

/**
 * A buyer in the period is new when its first purchase ever is dated in the period (then on or after its first day),
 * else returning.
 */
export function isNewClient(firstPurchase: string, period: Period): boolean {
  return firstPurchase >= period.from;
}

/**
 * A buyer in the period: its purchases and revenue there and its first purchase ever. The won deals without a client
 * are one buyer (client null) whose first purchase is the first of them in the period: new.
 */
export interface BuyerRow {
  clientId: number | null;
  purchases: number;
  /** Minor units. */
  revenue: number;
  firstPurchase: string;
}

export const ARPU_BREAKDOWNS = ['source', 'tag', 'service'] as const;
export type ArpuBreakdown = (typeof ARPU_BREAKDOWNS)[number];

/** Won deals have no service: `--by service` puts them in this group. */
export const DEAL_SERVICE_KEY = '(deal)';

export interface ArpuGroupRow {
  /** Null: no source / no tag / no service. */
  key: string | null;
  isDeal?: boolean;
  clients: number;
  purchases: number;
  revenue: number;
}

export interface ArpuGroup {
  key: string;
  revenue: number;
  activeClients: number;
  purchases: number;
  arpu: number | null;
}

export interface ArpuReport {
  period: Period;
  revenue: number;
  activeClients: number;
  purchases: number;
  arpu: number | null;
  averageCheck: number | null;
  newClients: number;
  returningClients: number;
  by?: ArpuBreakdown;
  groups?: ArpuGroup[];
}

function groupKey(row: ArpuGroupRow): string {
  if (row.isDeal) return DEAL_SERVICE_KEY;
  return row.key === null || row.key === '' ? NONE_KEY : row.key;
}

/**
 * One group per row (the query already folds empty keys into null, so keys are unique); largest revenue first.
 * A client counts in every group it bought in: tag groups overlap, so they do not add up to the total.
 */
export function arpuGroups(rows: ArpuGroupRow[]): ArpuGroup[] {
  return rows
    .map((row) => ({
      key: groupKey(row),
      revenue: row.revenue,
      activeClients: row.clients,
      purchases: row.purchases,
      arpu: ratio(row.revenue, row.clients),
    }))
    .sort((a, b) => b.revenue - a.revenue || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * The period's buyers summed: what the ARPU report needs of them, which a store can count without a row per buyer.
 * `newBuyers` are those whose first purchase is in the period (the won deals without a client count as one, new).
 */
export interface BuyerTotals {
  buyers: number;
  newBuyers: number;
  purchases: number;
  /** Minor units. */
  revenue: number;
}

export function buyerTotals(period: Period, buyers: BuyerRow[]): BuyerTotals {
  const totals: BuyerTotals = { buyers: buyers.length, newBuyers: 0, purchases: 0, revenue: 0 };
  for (const buyer of buyers) {
    totals.revenue += buyer.revenue;
    totals.purchases += buyer.purchases;
    if (isNewClient(buyer.firstPurchase, period)) totals.newBuyers++;
  }
  return totals;
}

export function arpuReport(
  period: Period,
  buyers: BuyerRow[],
  breakdown?: { by: ArpuBreakdown; rows: ArpuGroupRow[] },
): ArpuReport {
  return arpuReportOf(period, buyerTotals(period, buyers), breakdown);
}

export function arpuReportOf(
  period: Period,
  { buyers: activeClients, newBuyers: newClients, purchases, revenue }: BuyerTotals,
  breakdown?: { by: ArpuBreakdown; rows: ArpuGroupRow[] },
): ArpuReport {
  return {
    period,
    revenue,
    activeClients,
    purchases,
    arpu: ratio(revenue, activeClients),
    averageCheck: ratio(revenue, purchases),
    newClients,
    returningClients: activeClients - newClients,
    ...(breakdown ? { by: breakdown.by, groups: arpuGroups(breakdown.rows) } : {}),
  };
}

export function arpuJson(report: ArpuReport) {
  return {
    period: periodJson(report.period),
    revenue: majorUnits(report.revenue),
    active_clients: report.activeClients,
    purchases: report.purchases,
    arpu: majorUnits(report.arpu ?? 0),
    average_check: majorUnits(report.averageCheck ?? 0),
    new_clients: report.newClients,
    returning_clients: report.returningClients,
    ...(report.groups
      ? {
          groups: report.groups.map((group) => ({
            key: group.key,
            revenue: majorUnits(group.revenue),
            active_clients: group.activeClients,
            purchases: group.purchases,
            arpu: majorUnits(group.arpu ?? 0),
          })),
        }
      : {}),
  };
}
