/**
 * Each client's purchases in a date range, as columns indexed by client id: what most reports are computed from.
 *
 * A range's paid visits are read one of two ways, whichever reads fewer rows (the per-day summary tells how many
 * visits each way holds before anything is read):
 * - `range`: the visits dated in it, from the covering index visits(date, client_id, amount), day by day;
 * - `complement`: every client's lifetime figures from the per-client summary (one row per client), less the visits
 *   dated before and after the range. A year of a two-year history, or everything up to the last month, is read as
 *   the few visits around it plus one row per client, whatever the number of visits in it.
 * Won deals, which are few, are read for the range itself from deal_stages(stage, date) and deals(created).
 *
 * Lists come out of SQLite as JSON text built by group_concat and are counted into typed arrays: a row object per
 * visit or per client costs several times more than the reading (about 1 µs against 0.1 µs).
 */
import { addDays } from '../domain/calendar.js';
import { type Db, statement } from './db.js';

/** Before every stored date: bounds a range that reaches back to the first purchase. */
export const BEGINNING = '0000-01-01';
/**
 * Lookups of one client's visits or one deal's stages name their index. Without statistics (no ANALYZE) SQLite
 * prefers visits(date) or deal_stages(stage, date), which deliver the rows already ordered by date, and then walks
 * every visit or every won deal of the whole history looking for the one client or deal.
 */
export const clientVisits = (alias: string) => `visits ${alias} INDEXED BY visits_client_date`;
export const dealStages = (alias: string) => `deal_stages ${alias} INDEXED BY deal_stages_deal`;

/**
 * The day deal `d` was won: its first 'won' stage row, or its created date when its history has none (a deal stored
 * as won without stage rows).
 */
export const WON_DATE = `coalesce((SELECT min(w.date) FROM ${dealStages('w')} WHERE w.deal_id = d.id AND w.stage = 'won'), d.created)`;

/**
 * Won deals as purchases dated in [from, to] (SQL parameter names): walks deal_stages(stage, date) for the range, so
 * its cost follows the number of deals won in it. A deal is won when its current stage is; a second 'won' row of
 * the same deal is ignored.
 */
export function wonDealsBetween(from: string, to: string): string {
  return `
    SELECT d.client_id, s.date, coalesce(d.amount, 0) AS amount, NULL AS service, 1 AS is_deal
    FROM deal_stages s JOIN deals d ON d.id = s.deal_id
    WHERE s.stage = 'won' AND s.date BETWEEN ${from} AND ${to} AND d.stage = 'won'
      AND NOT EXISTS (
        SELECT 1 FROM ${dealStages('e')}
        WHERE e.deal_id = s.deal_id AND e.stage = 'won' AND (e.date < s.date OR (e.date = s.date AND e.id < s.id)))
    UNION ALL
    SELECT d.client_id, d.created, coalesce(d.amount, 0), NULL, 1
    FROM deals d INDEXED BY deals_won_created
    WHERE d.stage = 'won' AND d.created BETWEEN ${from} AND ${to}
      AND NOT EXISTS (SELECT 1 FROM ${dealStages('e')} WHERE e.deal_id = d.id AND e.stage = 'won')`;
}

export interface WonDeal {
  client_id: number | null;
  date: string;
  amount: number;
}

/** Won deals dated in [from, to], oldest first. */
export function wonDeals(db: Db, from: string, to: string): WonDeal[] {
  return statement(db, `SELECT client_id, date, amount FROM (${wonDealsBetween(':from', ':to')}) ORDER BY date`).all({
    from,
    to,
  }) as WonDeal[];
}

/**
 * `expression` over the rows of a query as one JSON array (SQL): per-client figures over many visits are counted in
 * JS from such lists rather than by SQLite's GROUP BY or DISTINCT, which sort the rows first, several times the cost
 * of reading them. JSON.parse turns the list into numbers natively.
 */
export const jsonList = (expression: string) => `'[' || coalesce(group_concat(${expression}), '') || ']'`;

export function parseList<T = number>(list: string): T[] {
  return JSON.parse(list) as T[];
}

/** One slot per client id (the largest stored id bounds them); slot 0 stands for the won deals without a client. */
export function clientSlots(db: Db): number {
  return ((statement(db, 'SELECT max(id) FROM clients').pluck().get() as number | null) ?? 0) + 1;
}

/** Each client's purchases in a date range; slot `id` is client `id`, slot 0 the won deals without a client. */
export interface PurchaseColumns {
  readonly slots: number;
  readonly purchases: Float64Array;
  /** Minor units (all 0 unless asked for). */
  readonly revenue: Float64Array;
  /** The last purchase in the range (null: none), when asked for. */
  readonly last: Array<string | null> | undefined;
}

export type PaidVisitScan = 'range' | 'complement';

/** Paid visits dated before, in and after [from, to], and clients with one: from the two summaries. */
export interface PaidVisitCounts {
  before: number;
  inside: number;
  after: number;
  clients: number;
}

export function paidVisitCounts(db: Db, from: string, to: string): PaidVisitCounts {
  return statement(
    db,
    `SELECT
       (SELECT total(purchases) FROM paid_visits_by_day WHERE date < :from) AS before,
       (SELECT total(purchases) FROM paid_visits_by_day WHERE date BETWEEN :from AND :to) AS inside,
       (SELECT total(purchases) FROM paid_visits_by_day WHERE date > :to) AS after,
       (SELECT count(*) FROM paid_visits_by_client) AS clients`,
  ).get({ from, to }) as PaidVisitCounts;
}

/*
 * What each way costs, in visits read from a range (measured on a million visits: a visit read and counted
 * ~0.15-0.2 µs, a summary row ~0.3-0.5 µs, a lookup of one client's last visit before a day ~0.9 µs: the last
 * visits before 2026-10 of the 50,000 clients of a month of a one-year history took 46 ms, reading the 800,000 visits
 * up to it 120-160 ms).
 */
const SUMMARY_ROW_COST = 2;
const LAST_LOOKUP_COST = 6;

/**
 * How to read the paid visits of [from, to]: the range itself, or the per-client summary less what lies around it,
 * whichever reads less. With `last`, every client with a visit after the range needs its last visit up to `to`
 * looked up one by one: as many as the clients among `after` visits spread over them all, expected
 * clients × (1 − e^(−after/clients)) (a month after a quarter of a one-year history: 52,000 expected, 50,452 found).
 */
export function paidVisitScan(db: Db, from: string, to: string, last: boolean): PaidVisitScan {
  const counts = paidVisitCounts(db, from, to);
  const lookups = expectedLookups(counts);
  const complement =
    SUMMARY_ROW_COST * counts.clients + counts.before + counts.after + (last ? LAST_LOOKUP_COST * lookups : 0);
  return complement < counts.inside ? 'complement' : 'range';
}

function expectedLookups(counts: PaidVisitCounts): number {
  return counts.clients === 0 ? 0 : counts.clients * -Math.expm1(-counts.after / counts.clients);
}

const VISIT_DAYS = {
  inside: 'date BETWEEN :from AND :to',
  before: 'date < :from',
  after: 'date > :to',
} as const;

/**
 * Adds (`sign` 1) or takes away (-1) the paid visits matching `where` into `columns`, read day by day in date order
 * (GROUP BY date follows visits(date): no sort), so that the last day a client appears on is its last visit.
 * `touched` marks every client seen. The amounts are read only with `revenue`: a second list costs as much again.
 */
function addPaidVisits(
  db: Db,
  columns: PurchaseColumns,
  where: keyof typeof VISIT_DAYS,
  range: { from: string; to: string },
  sign: 1 | -1,
  { revenue: withRevenue, touched }: { revenue: boolean; touched?: Uint8Array },
): void {
  const amounts = withRevenue ? `, ${jsonList('amount')} AS amounts` : '';
  const days = statement(
    db,
    `SELECT date, ${jsonList('client_id')} AS ids${amounts}
     FROM visits INDEXED BY visits_date WHERE amount > 0 AND ${VISIT_DAYS[where]} GROUP BY date`,
  ).all(range) as Array<{ date: string; ids: string; amounts?: string }>;
  const { purchases, revenue } = columns;
  const last = sign > 0 ? columns.last : undefined;
  for (const day of days) {
    // Both lists come from the one pass over the same rows, in the same order.
    const ids = parseList(day.ids);
    if (day.amounts !== undefined) {
      const paid = parseList(day.amounts);
      for (let i = 0; i < ids.length; i++) revenue[ids[i]!]! += sign * paid[i]!;
    }
    for (const id of ids) {
      purchases[id]! += sign;
      if (last) last[id] = day.date;
      if (touched) touched[id] = 1;
    }
  }
}

/**
 * Every client's lifetime paid visits, from the per-client summary. Revenue is written as an integer while it is one
 * exactly (below 2^53): SQLite writes a REAL as text at twice the cost.
 */
function addLifetimePaidVisits(db: Db, columns: PurchaseColumns): void {
  const lists = `${jsonList('client_id')} AS ids, ${jsonList('purchases')} AS purchases,
    ${jsonList('CASE WHEN abs(revenue) < 9007199254740992 THEN CAST(revenue AS INTEGER) ELSE revenue END')} AS revenue`;
  const row = statement(
    db,
    columns.last
      ? `SELECT ${lists}, json_group_array(last) AS last FROM paid_visits_by_client`
      : `SELECT ${lists} FROM paid_visits_by_client`,
  ).get() as { ids: string; purchases: string; revenue: string; last?: string };
  const ids = parseList(row.ids);
  const purchases = parseList(row.purchases);
  const revenue = parseList(row.revenue);
  const last = columns.last ? parseList<string>(row.last!) : [];
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (id >= columns.slots) continue;
    columns.purchases[id]! += purchases[i]!;
    columns.revenue[id]! += revenue[i]!;
    if (columns.last) columns.last[id] = last[i]!;
  }
}

/** The last paid visit on or before `to` of each client in `ids` (null: none), looked up one by one. */
function lastPaidVisitsUpTo(db: Db, ids: number[], to: string): Array<string | null> {
  const list = statement(
    db,
    `SELECT json_group_array((
       SELECT v.date FROM ${clientVisits('v')}
       WHERE v.client_id = j.value AND v.date <= :to AND v.amount > 0 ORDER BY v.date DESC LIMIT 1))
     FROM json_each(:ids) j`,
  )
    .pluck()
    .get({ ids: JSON.stringify(ids), to }) as string;
  return parseList<string | null>(list);
}

/**
 * The last paid visit on or before `to` of every client with a paid visit after it (the per-client summary's last one
 * is later), looked up one by one; the clients come from the summary itself, not from a list sent in (a list of tens of
 * thousands of ids cost a fifth of the lookups).
 */
function lastPaidVisitsOfLaterClients(db: Db, to: string): { ids: number[]; dates: Array<string | null> } {
  const row = statement(
    db,
    `SELECT ${jsonList('p.client_id')} AS ids, json_group_array((
       SELECT v.date FROM ${clientVisits('v')}
       WHERE v.client_id = p.client_id AND v.date <= :to AND v.amount > 0 ORDER BY v.date DESC LIMIT 1)) AS dates
     FROM paid_visits_by_client p WHERE p.last > :to`,
  ).get({ to }) as { ids: string; dates: string };
  return { ids: parseList(row.ids), dates: parseList<string | null>(row.dates) };
}

export function emptyColumns(slots: number, withLast: boolean): PurchaseColumns {
  return {
    slots,
    purchases: new Float64Array(slots),
    revenue: new Float64Array(slots),
    last: withLast ? new Array<string | null>(slots).fill(null) : undefined,
  };
}

export interface PurchaseColumnOptions {
  /** Read the date of each client's last purchase in the range. */
  last?: boolean;
  /** Read the revenue (default): without it, only the counts (and `last`). */
  revenue?: boolean;
  /** Force a way of reading the visits (tests hold the two equal); by default paidVisitScan chooses. */
  scan?: PaidVisitScan;
  /** The columns' size (by default clientSlots): columns read together share it. */
  slots?: number;
}

/** Each client's paid visits and won deals dated in [from, to]: count, revenue and the date of the last one. */
export function purchaseColumns(
  db: Db,
  from: string,
  to: string,
  { last = false, revenue = true, scan, slots }: PurchaseColumnOptions = {},
): PurchaseColumns {
  const size = slots ?? clientSlots(db);
  const way = scan ?? paidVisitScan(db, from, to, last);
  const key = `${from} ${to} ${way} ${size}`;
  const known = recentColumns(db);
  const reusable = known.get(key);
  if (reusable && (!last || reusable.columns.last) && (!revenue || reusable.revenue)) return reusable.columns;
  // Read day by day, the last dates cost nothing more: kept, for a later report that needs them.
  const columns = emptyColumns(size, last || way === 'range');
  const range = { from, to };
  if (way === 'range') {
    // Ranges read before inside this one are added as they are, and only the days between them read.
    let next = from;
    for (const part of partsWithin(known, from, to, size, revenue)) {
      if (next < part.from) addRangeRead(db, columns, next, addDays(part.from, -1), revenue);
      addColumns(columns, part.columns);
      next = addDays(part.to, 1);
    }
    if (next <= to) addRangeRead(db, columns, next, to, revenue);
  } else {
    addLifetimePaidVisits(db, columns);
    addPaidVisits(db, columns, 'before', range, -1, { revenue });
    const after = new Uint8Array(columns.slots);
    addPaidVisits(db, columns, 'after', range, -1, { revenue, touched: after });
    if (columns.last) {
      const later = lastPaidVisitsOfLaterClients(db, to);
      for (let i = 0; i < later.ids.length; i++) {
        const id = later.ids[i]!;
        if (id < columns.slots && after[id] === 1 && columns.purchases[id]! > 0) columns.last[id] = later.dates[i]!;
      }
      for (let id = 0; id < columns.slots; id++) if (columns.purchases[id] === 0) columns.last[id] = null;
    }
    addWonDeals(columns, wonDeals(db, from, to));
  }
  if (!revenue) columns.revenue.fill(0);
  known.set(key, { from, to, columns, revenue });
  return columns;
}

/**
 * Who bought in [from, to] and the last purchase of each there, without counts or revenue: `purchases` is above 0 for
 * a buyer (not a count), `revenue` 0. `complement` reads no visit: a client's last paid visit is the per-client
 * summary's when it is not after `to` (and a purchase in the range when not before `from`), else it is looked up;
 * chosen when that reads less than the range (a year up to the last month of two: 100,000 summary rows instead of
 * 440,000 visits). Columns this connection read for the range are used as they are.
 */
export function lastPurchaseColumns(
  db: Db,
  from: string,
  to: string,
  { scan, slots }: { scan?: PaidVisitScan; slots?: number } = {},
): PurchaseColumns {
  const size = slots ?? clientSlots(db);
  const known = recentColumns(db);
  for (const way of ['range', 'complement']) {
    const kept = known.get(`${from} ${to} ${way} ${size}`);
    if (kept?.columns.last) return kept.columns;
  }
  if ((scan ?? lastPurchaseScan(db, from, to)) === 'range') {
    return purchaseColumns(db, from, to, { last: true, revenue: false, scan: 'range', slots: size });
  }
  const columns = emptyColumns(size, true);
  const last = columns.last!;
  const row = statement(
    db,
    `SELECT ${jsonList('client_id')} AS ids, json_group_array(last) AS last FROM paid_visits_by_client`,
  ).get() as { ids: string; last: string };
  const ids = parseList(row.ids);
  const lasts = parseList<string>(row.last);
  const later: number[] = [];
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (id >= size) continue;
    if (lasts[i]! > to) later.push(id);
    else if (lasts[i]! >= from) {
      last[id] = lasts[i]!;
      columns.purchases[id] = 1;
    }
  }
  const dates = lastPaidVisitsUpTo(db, later, to);
  for (let i = 0; i < later.length; i++) {
    if (dates[i] === null || dates[i]! < from) continue;
    last[later[i]!] = dates[i]!;
    columns.purchases[later[i]!] = 1;
  }
  addWonDeals(columns, wonDeals(db, from, to));
  columns.revenue.fill(0);
  return columns;
}

/**
 * Keeps columns of [from, to] counted elsewhere (ARPU by service counts them in its own pass over the range) for the
 * next report of the range on this connection, whichever way it would read them: they are the same either way.
 */
export function keepColumns(db: Db, from: string, to: string, columns: PurchaseColumns, revenue: boolean): void {
  const known = recentColumns(db);
  for (const way of ['range', 'complement'])
    known.set(`${from} ${to} ${way} ${columns.slots}`, { from, to, columns, revenue });
}

/** lastPurchaseColumns' way: the summary and the lookups of the clients buying after `to`, or the range. */
function lastPurchaseScan(db: Db, from: string, to: string): PaidVisitScan {
  const counts = paidVisitCounts(db, from, to);
  const summary = SUMMARY_ROW_COST * counts.clients + LAST_LOOKUP_COST * expectedLookups(counts);
  return summary < counts.inside ? 'complement' : 'range';
}

/** The paid visits and won deals dated in [from, to] added into `columns`, read as a range. */
function addRangeRead(db: Db, columns: PurchaseColumns, from: string, to: string, revenue: boolean): void {
  addPaidVisits(db, columns, 'inside', { from, to }, 1, { revenue });
  addWonDeals(columns, wonDeals(db, from, to));
}

/**
 * Columns kept for ranges inside [from, to], of the same size and with what is asked for (the last dates; the revenue
 * with `revenue`), none overlapping another: in date order, the first of those that start together taken.
 */
function partsWithin(known: RecentColumns, from: string, to: string, size: number, revenue: boolean): KeptColumns[] {
  const inside = [...known.values()]
    .filter(
      (kept) =>
        kept.from >= from &&
        kept.to <= to &&
        kept.columns.slots === size &&
        kept.columns.last !== undefined &&
        (!revenue || kept.revenue),
    )
    .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? 1 : a.to > b.to ? -1 : 0));
  const parts: KeptColumns[] = [];
  for (const kept of inside) if (parts.length === 0 || kept.from > parts[parts.length - 1]!.to) parts.push(kept);
  return parts;
}

/** `part`, a range after everything in `columns` so far, added into them. */
function addColumns(columns: PurchaseColumns, part: PurchaseColumns): void {
  for (let id = 0; id < columns.slots; id++) {
    if (part.purchases[id] === 0) continue;
    columns.purchases[id]! += part.purchases[id]!;
    columns.revenue[id]! += part.revenue[id]!;
    if (columns.last && part.last![id] !== null) columns.last[id] = part.last![id]!;
  }
}

/**
 * Columns this connection has read, kept until anything is written (by it or by another connection): one command
 * asks for the same range more than once (ARPU with --by reads the buyers for the total and for the groups; the
 * monthly report's ARPU and churn read the same month). Callers only read them.
 */
interface KeptColumns {
  from: string;
  to: string;
  columns: PurchaseColumns;
  revenue: boolean;
}
type RecentColumns = Map<string, KeptColumns>;
const recent = new WeakMap<Db, { version: string; entries: RecentColumns }>();
/**
 * Columns kept at most: the monthly report reads thirteen months, and the churn windows before two of them, which
 * hold two of those months each. Fewer for a very large clientele (each slot costs about 24 bytes a range).
 */
const MAX_RECENT = 16;
const MAX_RECENT_SLOTS = 4_000_000;

function recentColumns(db: Db): RecentColumns {
  // data_version moves when another connection commits; total_changes when this one writes.
  const version = `${db.pragma('data_version', { simple: true })} ${statement(db, 'SELECT total_changes()').pluck().get()}`;
  let kept = recent.get(db);
  const slots = [...(kept?.entries.values() ?? [])].reduce((sum, entry) => sum + entry.columns.slots, 0);
  if (!kept || kept.version !== version || kept.entries.size >= MAX_RECENT || slots >= MAX_RECENT_SLOTS) {
    kept = { version, entries: new Map() };
    recent.set(db, kept);
  }
  return kept.entries;
}

/** Won deals (oldest first) into the columns; a deal without a client goes to slot 0. */
export function addWonDeals(columns: PurchaseColumns, deals: WonDeal[]): void {
  for (const deal of deals) {
    const id = deal.client_id ?? 0;
    columns.purchases[id]!++;
    columns.revenue[id]! += deal.amount;
    if (columns.last && (columns.last[id] === null || deal.date > columns.last[id]!)) columns.last[id] = deal.date;
  }
}
