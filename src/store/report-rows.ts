/**
 * Report rows both engines build the same way from what each reads its own way: a period's buyers for ARPU (the
 * clients with a purchase, and the won deals without a client as one buyer, slot 0), ARPU's groups by service counted
 * from the period's paid visits a day and a service at a time, and the cohort activity counted from the period's
 * buyers day by day.
 */
import { monthNumber, monthText } from '../domain/calendar.js';
import type { ArpuGroupRow, BuyerRow } from '../reports/arpu.js';
import type { CohortActivity } from '../reports/cohorts.js';
import type { RfmFactColumns } from '../reports/rfm.js';
import type { PurchaseColumns } from './purchase-columns.js';

/** Clients (slots above 0) with a purchase in the columns. */
export function buyersOf(columns: PurchaseColumns): number[] {
  const buyers: number[] = [];
  for (let id = 1; id < columns.slots; id++) if (columns.purchases[id]! > 0) buyers.push(id);
  return buyers;
}

/** Whether the columns hold purchases of won deals without a client (slot 0). */
export function hasBuyerWithoutClient(columns: PurchaseColumns): boolean {
  return columns.purchases[0]! > 0;
}

/**
 * Buyer rows, client ids ascending, with their purchases and revenue in the period and their first purchase ever
 * (`firsts`, by client id); last, the won deals without a client, whose first purchase is `firstWithoutClient` (the
 * first of them in the period), when there are any.
 */
export function buyerRowsOf(
  columns: PurchaseColumns,
  buyers: number[],
  firsts: ReadonlyArray<string | undefined>,
  firstWithoutClient: string | undefined,
): BuyerRow[] {
  const rows: BuyerRow[] = buyers.map((id) => ({
    clientId: id,
    purchases: columns.purchases[id]!,
    revenue: columns.revenue[id]!,
    firstPurchase: firsts[id]!,
  }));
  if (hasBuyerWithoutClient(columns)) {
    rows.push({
      clientId: null,
      purchases: columns.purchases[0]!,
      revenue: columns.revenue[0]!,
      firstPurchase: firstWithoutClient!,
    });
  }
  return rows;
}

/**
 * RFM's facts of the buyers in the columns (read up to the period's end with the last purchase), client ids
 * ascending: typed columns, one entry per buyer, without an array grown by a hundred thousand pushes.
 */
export function rfmFactsOf(columns: PurchaseColumns): RfmFactColumns {
  let buyers = 0;
  for (let id = 0; id < columns.slots; id++) if (columns.purchases[id] !== 0) buyers++;
  const facts = {
    clientIds: new Int32Array(buyers),
    lastPurchase: new Array<string>(buyers),
    frequency: new Float64Array(buyers),
    monetary: new Float64Array(buyers),
  };
  const last = columns.last!;
  let i = 0;
  for (let id = 0; id < columns.slots; id++) {
    if (columns.purchases[id] === 0) continue;
    facts.clientIds[i] = id;
    facts.lastPurchase[i] = last[id]!;
    facts.frequency[i] = columns.purchases[id]!;
    facts.monetary[i] = columns.revenue[id]!;
    i++;
  }
  return facts;
}

/** What cohort counting reads: the new clients' cohorts, and the period's buyers a day at a time with its won deals. */
export interface CohortPurchases {
  /** Month number of the earliest cohort. */
  start: number;
  /** Months from the earliest cohort to the period's end. */
  span: number;
  /** By client id: the client's cohort as a month offset from `start`, +1 (0: not a new client). */
  cohortOf: Int32Array;
  /**
   * The paid visits' buyers of each day (or of each day and service: a day may come in several lists) in date order:
   * the day and its client ids as the engine lists them.
   */
  days: ReadonlyArray<[date: string, ids: string]>;
  /** The client ids of a day's list. */
  parseIds: (ids: string) => ArrayLike<number>;
  /** The won deals of the period in date order (a deal without a client counts as slot 0). */
  deals: ReadonlyArray<{ client_id: number | null; date: string }>;
}

/** Clients of each cohort who bought in each month from it on, each client once a month. */
export function countCohortActivity(purchases: CohortPurchases): CohortActivity[] {
  const counter = cohortCounter(purchases);
  for (const [date, ids] of purchases.days) counter.day(date, ids);
  return counter.activity();
}

/**
 * countCohortActivity a day at a time, for days that come as the engine reads them: `day` takes each day's list in
 * date order, `activity` the counts once the last has come.
 */
export function cohortCounter({ start, span, cohortOf, parseIds, deals }: Omit<CohortPurchases, 'days'>): {
  day: (date: string, ids: string) => void;
  activity: () => CohortActivity[];
} {
  const slots = cohortOf.length;
  const counted = new Int32Array(slots);
  const counts = new Float64Array(span * span);
  /** A purchase of client `id` in month offset `month` (+1). */
  const count = (id: number, month: number) => {
    const cohort = id < slots ? cohortOf[id]! : 0;
    if (cohort === 0 || counted[id] === month) return;
    counted[id] = month;
    counts[(cohort - 1) * span + month - 1]!++;
  };
  let next = 0;
  const countDeal = (deal: CohortPurchases['deals'][number]) =>
    count(deal.client_id ?? 0, monthNumber(deal.date) - start + 1);
  return {
    day(date, ids) {
      // Deals and visits in date order together, so that a client's months come in order.
      for (; next < deals.length && deals[next]!.date <= date; next++) countDeal(deals[next]!);
      const month = monthNumber(date) - start + 1;
      const listed = parseIds(ids);
      for (let i = 0; i < listed.length; i++) count(listed[i]!, month);
    },
    activity() {
      for (; next < deals.length; next++) countDeal(deals[next]!);
      const activity: CohortActivity[] = [];
      for (let cohort = 0; cohort < span; cohort++) {
        for (let month = cohort; month < span; month++) {
          const clients = counts[cohort * span + month]!;
          if (clients > 0) {
            activity.push({ cohort: monthText(start + cohort), month: monthText(start + month), clients });
          }
        }
      }
      return activity;
    },
  };
}

/** A day's paid visits of one service text: their count, revenue and client ids as the engine lists them. */
export type ServiceDayRow = [service: string | null, purchases: number, revenue: number, ids: string];

/**
 * SQLite's trim(), spaces only at both ends, none when nothing is left (null): how a service groups in ARPU, and a
 * lost reason reads in the funnel.
 */
export function trimSpaces(text: string | null): string | null {
  if (text === null) return null;
  let start = 0;
  let end = text.length;
  while (start < end && text[start] === ' ') start++;
  while (end > start && text[end - 1] === ' ') end--;
  return start === end ? null : text.slice(start, end);
}

/**
 * The paid visits of `rows` grouped by service (texts that trim alike in one group): purchases, revenue and clients,
 * each client once per group, counted in a typed array per group (`slots`: one per client id). `purchases`, when
 * given, counts each client's purchases on the way.
 */
export function groupVisitsByService(
  rows: Iterable<ServiceDayRow>,
  slots: number,
  parseIds: (ids: string) => ArrayLike<number>,
  purchases?: Float64Array,
): ArpuGroupRow[] {
  // By the raw service text first (a day's rows repeat a few texts), then by key.
  const byText = new Map<string | null, ArpuGroupRow & { seen: Uint8Array }>();
  const byKey = new Map<string | null, ArpuGroupRow & { seen: Uint8Array }>();
  for (const [service, count, revenue, list] of rows) {
    let group = byText.get(service);
    if (!group) {
      const key = trimSpaces(service);
      group = byKey.get(key);
      if (!group) {
        group = { key, isDeal: false, clients: 0, purchases: 0, revenue: 0, seen: new Uint8Array(slots) };
        byKey.set(key, group);
      }
      byText.set(service, group);
    }
    group.purchases += count;
    group.revenue += revenue;
    const seen = group.seen;
    const ids = parseIds(list);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (purchases) purchases[id]!++;
      if (seen[id] === 0) {
        seen[id] = 1;
        group.clients++;
      }
    }
  }
  return [...byKey.values()].map(({ key, isDeal, clients, purchases, revenue }) => ({
    key,
    isDeal,
    clients,
    purchases,
    revenue,
  }));
}

/**
 * The won deals of a period as ARPU's group of deals (none without deals): every deal a purchase; deals without a
 * client count as purchases, not as a client (as SQL's count(DISTINCT) skips NULL).
 */
export function wonDealGroup(deals: ReadonlyArray<{ client_id: number | null; amount: number }>): ArpuGroupRow[] {
  if (deals.length === 0) return [];
  const clients = new Set(deals.flatMap((deal) => (deal.client_id === null ? [] : [deal.client_id])));
  return [
    {
      key: null,
      isDeal: true,
      clients: clients.size,
      purchases: deals.length,
      revenue: deals.reduce((sum, deal) => sum + deal.amount, 0),
    },
  ];
}
