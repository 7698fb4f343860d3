/**
 * All SQL behind the reports. Aggregation happens here, so that a report over a million visits moves a handful of
 * rows into JavaScript; the definitions (who is new, churned, a promoter...) are applied by src/reports/ to the
 * flags these queries compute.
 *
 * Dates are `YYYY-MM-DD` TEXT and compare as strings; amounts are minor units.
 */

import { daysBetween } from '../domain/calendar.js';
import type { Stage } from '../domain/deal.js';
import type { ArpuBreakdown, ArpuBuyers, ArpuGroupRow } from '../reports/arpu.js';
import type { ChurnFacts } from '../reports/churn.js';
import type { CohortActivity } from '../reports/cohorts.js';
import type { ClientDetails, PurchaseDays, RecentDetractor } from '../reports/due.js';
import type { BuyerRow, ChurnClientRow, NpsAnswerRow, PurchaseCountRow } from '../reports/explain.js';
import type { DealFacts } from '../reports/funnel.js';
import type { MonthRevenue } from '../reports/monthly.js';
import type { ScoreCount } from '../reports/nps.js';
import type { Period } from '../reports/period.js';
import type { PurchaseCountGroup } from '../reports/repeat.js';
import type { RfmCell } from '../reports/rfm.js';
import type { Db } from './db.js';

/** Before every stored date: bounds a range that reaches back to the first purchase. */
const BEGINNING = '0000-01-01';

/*
 * Lookups of one client's visits or one deal's stages name their index. Without statistics (no ANALYZE) SQLite
 * prefers visits(date) or deal_stages(stage, date), which deliver the rows already ordered by date, and then walks
 * every visit or every won deal of the whole history looking for the one client or deal.
 */
const clientVisits = (alias: string) => `visits ${alias} INDEXED BY visits_client_date`;
const dealStages = (alias: string) => `deal_stages ${alias} INDEXED BY deal_stages_deal`;

/**
 * The day deal `d` was won: its first 'won' stage row, or its created date when its history has none (a deal stored
 * as won without stage rows).
 */
const WON_DATE = `coalesce((SELECT min(w.date) FROM ${dealStages('w')} WHERE w.deal_id = d.id AND w.stage = 'won'), d.created)`;

/**
 * Won deals as purchases dated in [from, to] (SQL parameter names): walks deal_stages(stage, date) for the range, so
 * its cost follows the number of deals won in it. A deal is won when its current stage is; a second 'won' row of
 * the same deal is ignored.
 */
function wonDealsBetween(from: string, to: string): string {
  return `
    SELECT d.client_id, s.date, coalesce(d.amount, 0) AS amount, NULL AS service, 1 AS is_deal
    FROM deal_stages s JOIN deals d ON d.id = s.deal_id
    WHERE s.stage = 'won' AND s.date BETWEEN ${from} AND ${to} AND d.stage = 'won'
      AND NOT EXISTS (
        SELECT 1 FROM ${dealStages('e')}
        WHERE e.deal_id = s.deal_id AND e.stage = 'won' AND (e.date < s.date OR (e.date = s.date AND e.id < s.id)))
    UNION ALL
    SELECT d.client_id, d.created, coalesce(d.amount, 0), NULL, 1
    FROM deals d
    WHERE d.stage = 'won' AND d.created BETWEEN ${from} AND ${to}
      AND NOT EXISTS (SELECT 1 FROM ${dealStages('e')} WHERE e.deal_id = d.id AND e.stage = 'won')`;
}

/** Purchases (client_id, date, amount, service, is_deal) dated in [from, to], found through visits(date). */
function purchasesBetween(from: string, to: string): string {
  return `
    SELECT client_id, date, amount, nullif(trim(service), '') AS service, 0 AS is_deal
    FROM visits WHERE amount > 0 AND date BETWEEN ${from} AND ${to}
    UNION ALL ${wonDealsBetween(from, to)}`;
}

/**
 * The last purchase of `client` (an SQL expression) dated before `bound` (or on it, with '<='), through
 * visits(client_id, date) and deals(client_id).
 */
function lastPurchase(client: string, bound: string, comparison: '<' | '<=' = '<'): string {
  return `(SELECT max(date) FROM (
      SELECT (SELECT v.date FROM ${clientVisits('v')} WHERE v.client_id = ${client} AND v.date ${comparison} ${bound}
              AND v.amount > 0 ORDER BY v.date DESC LIMIT 1) AS date
      UNION ALL
      SELECT ${WON_DATE} FROM deals d
      WHERE d.client_id = ${client} AND d.stage = 'won' AND ${WON_DATE} ${comparison} ${bound}))`;
}

/** The first purchase ever of `client` (an SQL expression), from the per-client summary. */
function firstPurchase(client: string): string {
  return `(SELECT cp.first FROM client_purchases cp WHERE cp.client_id = ${client})`;
}

/**
 * One per-client aggregate of purchases: `fn` over `expression` (of `date` and `amount`). Money is summed with
 * `total`, never `sum`: SQLite's sum() stops the whole report with `integer overflow` past 2^63 minor units (92,000
 * visits at the largest amount accepted), while total() adds in floating point, exact up to 2^53 (90 trillion in
 * major units), which is as far as a JavaScript number holds money exactly anyway.
 */
interface Aggregate {
  name: string;
  fn: 'sum' | 'total' | 'min' | 'max';
  expression: string;
}

/**
 * How to find the visits of a date range; both read the covering indexes only, never a visit row. `range`: the
 * range of visits(date, client_id, amount), then a sort by client for the per-client aggregates, so its cost
 * follows the visits in the range. `pass`: one pass over the whole of visits(client_id, date, amount), which
 * delivers each client's visits together (no sort) and costs the same whatever the range. Sorting a visit costs
 * several times passing over one, so the range wins until the period holds a good part of the history.
 */
export type VisitScan = 'range' | 'pass';

/** Share of the visits' history (in days) above which one pass over all visits is cheaper than the range. */
const PASS_FROM_SHARE = 1 / 6;

/**
 * The cheaper way to read the visits dated in [from, to]: by the share of the days from the first visit to the last
 * (two probes of visits(date)) that the range covers. A year of a ten-year history is read as a range; a year of a
 * two-year history, or everything up to a day, by one pass.
 */
export function visitScan(db: Db, from: string, to: string): VisitScan {
  const span = db
    .prepare('SELECT (SELECT min(date) FROM visits) AS first, (SELECT max(date) FROM visits) AS last')
    .get() as { first: string | null; last: string | null };
  if (span.first === null || span.last === null) return 'range';
  const start = from > span.first ? from : span.first;
  const end = to < span.last ? to : span.last;
  if (start > end) return 'range';
  const share = (daysBetween(start, end) + 1) / (daysBetween(span.first, span.last) + 1);
  return share > PASS_FROM_SHARE ? 'pass' : 'range';
}

/**
 * CTE definitions (to follow WITH) ending in `name(client_id, <aggregates>)`: one row per client with a purchase
 * dated in [from, to] (SQL parameters), aggregated over those purchases only. A `sum` comes out 0, never NULL;
 * `min`/`max` NULL when no purchase matched. With `range` the won deals (few) join the visits before the sort by
 * client; with `pass`, which needs no sort, they are aggregated apart and merged in per client.
 */
function perClientPurchases(name: string, scan: VisitScan, from: string, to: string, aggregates: Aggregate[]): string {
  const inner = aggregates
    .map(({ name: column, fn, expression }) =>
      fn === 'sum' ? `coalesce(sum(${expression}), 0) AS ${column}` : `${fn}(${expression}) AS ${column}`,
    )
    .join(', ');
  const columns = aggregates.map(({ name: column }) => column).join(', ');
  if (scan === 'range') {
    return `
    ${name}(client_id, ${columns}) AS (
      SELECT client_id, ${inner} FROM (
        SELECT client_id, date, amount FROM visits x INDEXED BY visits_date
        WHERE amount > 0 AND date BETWEEN ${from} AND ${to}
        UNION ALL SELECT client_id, date, amount FROM (${wonDealsBetween(from, to)}))
      GROUP BY client_id)`;
  }
  const merged = aggregates
    .map(({ name: column, fn }) =>
      fn === 'sum' || fn === 'total'
        ? `pv.${column} + coalesce(pd.${column}, 0) AS ${column}`
        : `coalesce(${fn}(pv.${column}, pd.${column}), pv.${column}, pd.${column}) AS ${column}`,
    )
    .join(', ');
  return `
    ${name}_visits AS (
      SELECT client_id, ${inner} FROM ${clientVisits('x')}
      WHERE amount > 0 AND date BETWEEN ${from} AND ${to} GROUP BY client_id),
    ${name}_deals AS MATERIALIZED (
      SELECT client_id, ${inner} FROM (${wonDealsBetween(from, to)}) GROUP BY client_id),
    ${name}(client_id, ${columns}) AS (
      SELECT pv.client_id, ${merged} FROM ${name}_visits pv LEFT JOIN ${name}_deals pd ON pd.client_id = pv.client_id
      UNION ALL
      SELECT client_id, ${columns} FROM ${name}_deals pd
      WHERE NOT EXISTS (
        SELECT 1 FROM ${clientVisits('y')}
        WHERE y.client_id = pd.client_id AND y.date BETWEEN ${from} AND ${to} AND y.amount > 0))`;
}

/**
 * Settings of a connection about to run reports: reads through a memory map (up to 1 GiB) instead of copying every
 * page into SQLite's small default cache, which halves the cost of the random table lookups of a range scan.
 */
export function prepareForReports(db: Db): void {
  db.pragma('mmap_size = 1073741824');
}

function ids(values: Iterable<number>): string {
  return JSON.stringify([...values]);
}

// ---------------------------------------------------------------------------------------------------------------
// ARPU

/** Buyers in the period, one row per client, with `columns` (SQL of `buyers`) after client_id. */
const buyers = (scan: VisitScan, columns: string) => `
  WITH ${perClientPurchases('buyers', scan, ':from', ':to', [
    { name: 'purchases', fn: 'sum', expression: '1' },
    { name: 'revenue', fn: 'total', expression: 'amount' },
  ])}
  SELECT client_id, purchases, revenue, ${columns} FROM buyers`;

/**
 * `expression` over the rows of a query as one JSON array (SQL): per-client figures over a range of visits are
 * counted in JS from such lists rather than by SQLite's GROUP BY or DISTINCT, which sort the range first, several
 * times the cost of reading it (a year of a million visits: 15 ms read as a list, 50 ms grouped, 110 ms grouped
 * with the churn flags). JSON.parse turns the list into numbers natively.
 */
const jsonList = (expression: string) => `'[' || coalesce(group_concat(${expression}), '') || ']'`;

function parseList(list: string): number[] {
  return JSON.parse(list) as number[];
}

/** One slot per client id (the largest stored id bounds them); slot 0 stands for a won deal without a client. */
function clientSlots(db: Db): number {
  return ((db.prepare('SELECT max(id) FROM clients').pluck().get() as number | null) ?? 0) + 1;
}

interface WonDeal {
  client_id: number | null;
  date: string;
  amount: number;
}

function wonDeals(db: Db, parameters: object, from: string, to: string): WonDeal[] {
  return db.prepare(`SELECT client_id, date, amount FROM (${wonDealsBetween(from, to)})`).all(parameters) as WonDeal[];
}

/** Clients whose first purchase ever is dated in [from, to], from the per-client summary. */
function firstPurchasesBetween(db: Db, from: string, to: string): number[] {
  const sql = `SELECT ${jsonList('client_id')} FROM client_purchases INDEXED BY client_purchases_first
    WHERE first BETWEEN :from AND :to`;
  return parseList(db.prepare(sql).pluck().get({ from, to }) as string);
}

/**
 * Buyers in the period, new (first purchase ever in the period, from the per-client summary) and returning, summed
 * apart. The paid visits of the range come as one list of client ids; the new clients' purchases by one probe each.
 */
export function arpuBuyers(db: Db, period: Period): ArpuBuyers[] {
  const visits = db
    .prepare(
      `SELECT count(*) AS purchases, total(amount) AS revenue, ${jsonList('client_id')} AS ids
       FROM visits INDEXED BY visits_date WHERE amount > 0 AND date BETWEEN :from AND :to`,
    )
    .get(period) as { purchases: number; revenue: number; ids: string };
  const newClients = new Set(firstPurchasesBetween(db, period.from, period.to));
  const newVisits = db
    .prepare(
      `SELECT count(*) AS purchases, total(v.amount) AS revenue
       FROM client_purchases c INDEXED BY client_purchases_first
       JOIN ${clientVisits('v')} ON v.client_id = c.client_id AND v.date BETWEEN :from AND :to AND v.amount > 0
       WHERE c.first BETWEEN :from AND :to`,
    )
    .get(period) as { purchases: number; revenue: number };
  const all = { clients: 0, purchases: visits.purchases, revenue: visits.revenue };
  // Every client whose first purchase is in the period bought in it.
  const fresh = { clients: newClients.size, ...newVisits };
  const bought = new Uint8Array(clientSlots(db));
  for (const id of parseList(visits.ids)) bought[id] = 1;
  for (const deal of wonDeals(db, period, ':from', ':to')) {
    all.purchases++;
    all.revenue += deal.amount;
    // A won deal without a client counts as one buyer with no purchase before: new, as the grouped query had it.
    if (deal.client_id === null && bought[0] === 0) fresh.clients++;
    if (deal.client_id === null || newClients.has(deal.client_id)) {
      fresh.purchases++;
      fresh.revenue += deal.amount;
    }
    bought[deal.client_id ?? 0] = 1;
  }
  for (let id = 0; id < bought.length; id++) all.clients += bought[id]!;
  return [
    { isNew: true, ...fresh },
    {
      isNew: false,
      clients: all.clients - fresh.clients,
      purchases: all.purchases - fresh.purchases,
      revenue: all.revenue - fresh.revenue,
    },
  ].filter((group) => group.clients > 0);
}

export function buyerRows(db: Db, period: Period, scan = visitScan(db, period.from, period.to)): BuyerRow[] {
  const rows = db.prepare(buyers(scan, `${firstPurchase('buyers.client_id')} AS first_purchase`)).all(period) as Array<{
    client_id: number;
    purchases: number;
    revenue: number;
    first_purchase: string;
  }>;
  return rows.map((row) => ({
    clientId: row.client_id,
    purchases: row.purchases,
    revenue: row.revenue,
    firstPurchase: row.first_purchase,
  }));
}

const GROUPINGS: Record<ArpuBreakdown, string> = {
  source: `
    SELECT nullif(trim(c.source), '') AS key, 0 AS is_deal, count(DISTINCT p.client_id) AS clients,
      count(*) AS purchases, total(p.amount) AS revenue
    FROM p JOIN clients c ON c.id = p.client_id GROUP BY 1`,
  // A client with two tags counts in both groups; one without tags in (none).
  tag: `
    SELECT t.name AS key, 0 AS is_deal, count(DISTINCT p.client_id) AS clients, count(*) AS purchases,
      total(p.amount) AS revenue
    FROM p LEFT JOIN client_tags ct ON ct.client_id = p.client_id LEFT JOIN tags t ON t.id = ct.tag_id GROUP BY t.id`,
  service: `
    SELECT service AS key, is_deal, count(DISTINCT client_id) AS clients, count(*) AS purchases,
      total(amount) AS revenue
    FROM p GROUP BY is_deal, service`,
};

export function arpuGroupRows(db: Db, period: Period, by: ArpuBreakdown): ArpuGroupRow[] {
  const rows = db.prepare(`WITH p AS (${purchasesBetween(':from', ':to')}) ${GROUPINGS[by]}`).all(period) as Array<{
    key: string | null;
    is_deal: number;
    clients: number;
    purchases: number;
    revenue: number;
  }>;
  return rows.map((row) => ({
    key: row.key,
    isDeal: row.is_deal === 1,
    clients: row.clients,
    purchases: row.purchases,
    revenue: row.revenue,
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// Repeat purchase

/**
 * `per_client(client_id, n0, n1, ...)`: each client's purchases up to `:end0`, `:end1`, ... (SQL parameters; `:last`
 * is the latest of them), with `withDates` its first and last purchase up to `:last`, by one pass over the covering index
 * visits(client_id, date, amount) with won deals merged in. Several ends cost one pass: the monthly report asks for
 * three.
 */
function purchaseCountsPerClient(ends: string[], withDates = false): string {
  const last = ends.indexOf([...ends].sort().at(-1)!);
  const dates: Aggregate[] = [
    { name: 'first_purchase', fn: 'min', expression: 'date' },
    { name: 'last_purchase', fn: 'max', expression: 'date' },
  ];
  return `WITH ${perClientPurchases('per_client', 'pass', `'${BEGINNING}'`, ':last', [
    ...ends.map((_, i): Aggregate => ({ name: `n${i}`, fn: 'sum', expression: i === last ? '1' : `date <= :end${i}` })),
    ...(withDates ? dates : []),
  ])}`;
}

function endParameters(ends: string[]): Record<string, string> {
  const last = [...ends].sort().at(-1) ?? BEGINNING;
  return Object.fromEntries([['last', last], ...ends.map((end, i) => [`end${i}`, end])]);
}

/**
 * For each of several period ends, how many clients had 1, or 2 and more, purchases up to it: clients whose first,
 * and whose second, purchase is dated on or before the end, counted on the summary's indexes.
 */
export function purchaseCountGroups(db: Db, ends: string[]): PurchaseCountGroup[][] {
  const counts = ends
    .map(
      (_, i) => `(SELECT count(*) FROM client_purchases WHERE first <= :end${i}) AS buyers${i},
        (SELECT count(*) FROM client_purchases WHERE second <= :end${i}) AS more${i}`,
    )
    .join(', ');
  const row = db.prepare(`SELECT ${counts}`).get(endParameters(ends)) as Record<string, number>;
  return ends.map((_, i) =>
    [
      { purchases: 1, clients: row[`buyers${i}`]! - row[`more${i}`]! },
      { purchases: 2, clients: row[`more${i}`]! },
    ].filter((group) => group.clients > 0),
  );
}

export function purchaseCountRows(db: Db, period: Period): PurchaseCountRow[] {
  const rows = db
    .prepare(
      `${purchaseCountsPerClient([period.to], true)}
       SELECT client_id, n0 AS purchases, first_purchase, last_purchase FROM per_client WHERE n0 > 0`,
    )
    .all(endParameters([period.to])) as Array<{
    client_id: number;
    purchases: number;
    first_purchase: string;
    last_purchase: string;
  }>;
  return rows.map((row) => ({
    clientId: row.client_id,
    purchases: row.purchases,
    firstPurchase: row.first_purchase,
    lastPurchase: row.last_purchase,
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// Churn

/**
 * Per client that bought in [from − W, to] (what `crm explain` shows): its churn facts (src/reports/churn.ts decides
 * the flags), and, only for a client with no purchase in the window before the period but one in it (a
 * reactivation candidate, the only one the earlier purchase matters for), the date of its last purchase before the
 * window (`earlier`), by an index probe.
 */
const churnClients = (scan: VisitScan) => `
  WITH ${perClientPurchases('per_client', scan, ':windowStart', ':to', [
    { name: 'revenue_before', fn: 'total', expression: 'CASE WHEN date < :from THEN amount ELSE 0 END' },
    { name: 'last_before', fn: 'max', expression: 'CASE WHEN date < :from THEN date END' },
    { name: 'purchases_in_period', fn: 'sum', expression: 'date >= :from' },
    { name: 'revenue_in_period', fn: 'total', expression: 'CASE WHEN date >= :from THEN amount ELSE 0 END' },
    { name: 'first_in_period', fn: 'min', expression: 'CASE WHEN date >= :from THEN date END' },
    { name: 'last_in_period', fn: 'max', expression: 'CASE WHEN date >= :from THEN date END' },
  ])}
  SELECT *, CASE WHEN last_before IS NULL AND last_in_period IS NOT NULL
      THEN ${lastPurchase('per_client.client_id', ':windowStart')} END AS earlier
  FROM per_client`;

/** The period [from, to] and the first day of the W days before it, windowStart = from − W. */
export interface ChurnRange {
  from: string;
  to: string;
  windowStart: string;
}

/**
 * The churn facts of every client that bought in [from − W, to], for the report. The visits of the window before
 * the period and of the period are each read day by day as lists of client ids (in date order, so the last day a
 * client appears on is its last purchase); the per-client summary lists the clients whose first purchase is in the
 * window or later, so every other client seen bought before the window.
 */
export function churnFacts(db: Db, range: ChurnRange): ChurnFacts[] {
  const slots = clientSlots(db);
  const lastBefore: Array<string | null> = new Array(slots).fill(null);
  const lastInPeriod: Array<string | null> = new Array(slots).fill(null);
  const revenueBefore = new Float64Array(slots);
  // Grouped by date, which the index delivers in order: no sort, one row per day.
  const before = db
    .prepare(
      `SELECT date, ${jsonList('client_id')} AS ids, ${jsonList('amount')} AS amounts
       FROM visits INDEXED BY visits_date WHERE amount > 0 AND date >= :windowStart AND date < :from GROUP BY date`,
    )
    .all(range) as Array<{ date: string; ids: string; amounts: string }>;
  for (const day of before) {
    // Both lists come from the one pass over the same rows, in the same order.
    const ids = parseList(day.ids);
    const amounts = parseList(day.amounts);
    for (let i = 0; i < ids.length; i++) {
      lastBefore[ids[i]!] = day.date;
      revenueBefore[ids[i]!]! += amounts[i]!;
    }
  }
  const during = db
    .prepare(
      `SELECT date, ${jsonList('client_id')} AS ids
       FROM visits INDEXED BY visits_date WHERE amount > 0 AND date BETWEEN :from AND :to GROUP BY date`,
    )
    .all(range) as Array<{ date: string; ids: string }>;
  for (const day of during) for (const id of parseList(day.ids)) lastInPeriod[id] = day.date;
  for (const deal of wonDeals(db, range, ':windowStart', ':to')) {
    const id = deal.client_id ?? 0;
    const last = deal.date < range.from ? lastBefore : lastInPeriod;
    if (last[id] === null || deal.date > last[id]!) last[id] = deal.date;
    if (deal.date < range.from) revenueBefore[id]! += deal.amount;
  }
  const firstInWindow = new Uint8Array(slots);
  for (const id of firstPurchasesBetween(db, range.windowStart, range.to)) firstInWindow[id] = 1;
  const facts: ChurnFacts[] = [];
  for (let id = 0; id < slots; id++) {
    if (lastBefore[id] === null && lastInPeriod[id] === null) continue;
    facts.push({
      clientId: id,
      lastBefore: lastBefore[id] ?? null,
      lastInPeriod: lastInPeriod[id] ?? null,
      // Slot 0 (won deals without a client) has no earlier purchase to find.
      boughtBeforeWindow: id > 0 && firstInWindow[id] === 0,
      revenueBefore: revenueBefore[id]!,
    });
  }
  return facts;
}

export function churnClientRows(
  db: Db,
  range: ChurnRange,
  scan = visitScan(db, range.windowStart, range.to),
): ChurnClientRow[] {
  const rows = db.prepare(churnClients(scan)).all(range) as Array<{
    client_id: number;
    revenue_before: number;
    last_before: string | null;
    purchases_in_period: number;
    revenue_in_period: number;
    first_in_period: string | null;
    last_in_period: string | null;
    earlier: string | null;
  }>;
  return rows.map((row) => ({
    clientId: row.client_id,
    lastBefore: row.last_before,
    lastInPeriod: row.last_in_period,
    boughtBeforeWindow: row.earlier !== null,
    revenueBefore: row.revenue_before,
    purchasesInPeriod: row.purchases_in_period,
    revenueInPeriod: row.revenue_in_period,
    firstInPeriod: row.first_in_period,
    earlier: row.earlier,
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// Funnel

/** Deals created in the period (deals(created)) with the first date of each stage they entered. */
export function dealsCreatedIn(db: Db, period: Period): DealFacts[] {
  const rows = db
    .prepare(
      `SELECT d.id, d.client_id, d.title, d.source, d.stage, d.created, d.amount,
         min(CASE WHEN s.stage = 'qualified' THEN s.date END) AS qualified,
         min(CASE WHEN s.stage = 'deal' THEN s.date END) AS deal,
         min(CASE WHEN s.stage = 'won' THEN s.date END) AS won,
         max(CASE WHEN s.stage = 'lost' THEN s.date END) AS lost,
         max(CASE WHEN s.stage = 'junk' THEN s.date END) AS junk,
         coalesce(
           (SELECT nullif(trim(l.reason), '') FROM ${dealStages('l')}
            WHERE l.deal_id = d.id AND l.stage = 'lost'
            ORDER BY l.date DESC, l.id DESC LIMIT 1),
           nullif(trim(d.reason), '')) AS lost_reason
       FROM deals d INDEXED BY deals_created LEFT JOIN deal_stages s ON s.deal_id = d.id
       WHERE d.created BETWEEN :from AND :to
       GROUP BY d.id
       ORDER BY d.created, d.id`,
    )
    .all(period) as Array<{
    id: number;
    client_id: number;
    title: string;
    source: string | null;
    stage: Stage;
    created: string;
    amount: number | null;
    qualified: string | null;
    deal: string | null;
    won: string | null;
    lost: string | null;
    junk: string | null;
    lost_reason: string | null;
  }>;
  return rows.map((row) => ({
    id: row.id,
    clientId: row.client_id,
    title: row.title,
    source: row.source,
    stage: row.stage,
    created: row.created,
    amount: row.amount,
    qualified: row.qualified,
    deal: row.deal,
    won: row.won,
    lost: row.lost,
    junk: row.junk,
    lostReason: row.lost_reason,
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// NPS

/** Each client's latest answer dated in the period (a later answer the same day wins by id). */
const LATEST_ANSWERS = `
  SELECT client_id, date, score FROM (
    SELECT client_id, date, score,
      row_number() OVER (PARTITION BY client_id ORDER BY date DESC, id DESC) AS position
    FROM nps_answers WHERE date BETWEEN :from AND :to)
  WHERE position = 1`;

export function npsScoreCounts(db: Db, period: Period): ScoreCount[] {
  return db
    .prepare(`SELECT score, count(*) AS clients FROM (${LATEST_ANSWERS}) GROUP BY score`)
    .all(period) as ScoreCount[];
}

export function latestAnswers(db: Db, period: Period): NpsAnswerRow[] {
  const rows = db.prepare(LATEST_ANSWERS).all(period) as Array<{ client_id: number; date: string; score: number }>;
  return rows.map((row) => ({ clientId: row.client_id, date: row.date, score: row.score }));
}

// ---------------------------------------------------------------------------------------------------------------
// Cohorts

/**
 * For clients whose first purchase ever is in the period (from the per-client summary): their cohort month and each
 * month of the period they bought in, counted per (cohort, month).
 */
const COHORT_SQL = `
  WITH cohorts AS MATERIALIZED (
    SELECT client_id, substr(first, 1, 7) AS cohort FROM client_purchases WHERE first BETWEEN :from AND :to),
  months AS (
    SELECT c.client_id, c.cohort, substr(v.date, 1, 7) AS month
    FROM cohorts c JOIN ${clientVisits('v')} ON v.client_id = c.client_id
    WHERE v.date BETWEEN :from AND :to AND v.amount > 0
    UNION
    SELECT c.client_id, c.cohort, substr(w.date, 1, 7)
    FROM cohorts c JOIN (${wonDealsBetween(':from', ':to')}) w ON w.client_id = c.client_id)
  SELECT cohort, month, count(*) AS clients FROM months GROUP BY cohort, month`;

export function cohortActivity(db: Db, period: Period): CohortActivity[] {
  return db.prepare(COHORT_SQL).all(period) as CohortActivity[];
}

// ---------------------------------------------------------------------------------------------------------------
// RFM

/**
 * Per buyer up to `to`: last purchase, purchase count, revenue, and for each of the three how many buyers are
 * strictly worse (rank() − 1 over the value, worst first), which the quintile score is computed from.
 */
const RFM_CLIENTS = `
  WITH ${perClientPurchases('per_client', 'pass', `'${BEGINNING}'`, ':to', [
    { name: 'last_purchase', fn: 'max', expression: 'date' },
    { name: 'frequency', fn: 'sum', expression: '1' },
    { name: 'monetary', fn: 'total', expression: 'amount' },
  ])}
  SELECT client_id, last_purchase, frequency, monetary,
    rank() OVER (ORDER BY last_purchase) - 1 AS r_worse,
    rank() OVER (ORDER BY frequency) - 1 AS f_worse,
    rank() OVER (ORDER BY monetary) - 1 AS m_worse,
    count(*) OVER () AS buyers
  FROM per_client`;

/** The score rule of src/reports/rfm.ts quintileScore, in SQL so that only (R, F) cells leave the database. */
const score = (worse: string) => `1 + (5 * ${worse}) / buyers`;

export function rfmCells(db: Db, period: Period): RfmCell[] {
  return db
    .prepare(
      `SELECT ${score('r_worse')} AS r, ${score('f_worse')} AS f, count(*) AS clients, total(monetary) AS revenue
       FROM (${RFM_CLIENTS}) GROUP BY 1, 2`,
    )
    .all({ to: period.to }) as RfmCell[];
}

export interface RfmClientFacts {
  clientId: number;
  name: string;
  lastPurchase: string;
  frequency: number;
  monetary: number;
  rWorse: number;
  fWorse: number;
  mWorse: number;
  buyers: number;
}

export function rfmClientFacts(db: Db, period: Period): RfmClientFacts[] {
  const rows = db
    .prepare(
      `SELECT r.*, c.name FROM (${RFM_CLIENTS}) AS r JOIN clients c ON c.id = r.client_id
       ORDER BY r.monetary DESC, r.client_id`,
    )
    .all({ to: period.to }) as Array<{
    client_id: number;
    name: string;
    last_purchase: string;
    frequency: number;
    monetary: number;
    r_worse: number;
    f_worse: number;
    m_worse: number;
    buyers: number;
  }>;
  return rows.map((row) => ({
    clientId: row.client_id,
    name: row.name,
    lastPurchase: row.last_purchase,
    frequency: row.frequency,
    monetary: row.monetary,
    rWorse: row.r_worse,
    fWorse: row.f_worse,
    mWorse: row.m_worse,
    buyers: row.buyers,
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// Due

/** Clients with a purchase in [from, to] (for `crm due`: the clients alive today), by id. */
export function buyersBetween(db: Db, period: Period): number[] {
  const rows = db
    .prepare(`SELECT DISTINCT client_id FROM (${purchasesBetween(':from', ':to')}) ORDER BY client_id`)
    .pluck()
    .all(period) as number[];
  return rows;
}

/**
 * Purchase days up to today of the given clients, oldest first (a day repeats when it had a visit and a won deal).
 * Visit days come from the covering index visits(client_id, date) without reading the visits themselves; days on
 * which every visit was free (amount 0) are taken out by one scan of the free visits.
 */
export function purchaseDays(db: Db, today: string, clientIds: number[]): PurchaseDays[] {
  const visits = db
    .prepare(
      `SELECT client_id, group_concat(date, ',') AS days FROM (
         SELECT DISTINCT v.client_id, v.date FROM ${clientVisits('v')}
         WHERE v.client_id IN (SELECT value FROM json_each(:ids)) AND v.date <= :today AND v.amount > 0)
       GROUP BY client_id`,
    )
    .all({ ids: ids(clientIds), today }) as Array<{ client_id: number; days: string }>;
  const deals = db
    .prepare(
      `SELECT d.client_id, ${WON_DATE} AS date FROM json_each(:ids) c JOIN deals d ON d.client_id = c.value
       WHERE d.stage = 'won' AND ${WON_DATE} <= :today`,
    )
    .all({ ids: ids(clientIds), today }) as Array<{ client_id: number; date: string }>;
  const days = new Map(visits.map((row) => [row.client_id, row.days.split(',')]));
  for (const deal of deals) days.set(deal.client_id, [...(days.get(deal.client_id) ?? []), deal.date]);
  return [...days].map(([clientId, list]) => ({ clientId, days: list.sort() }));
}

/** Clients whose latest answer in [from, to] scored 0–6. */
export function recentDetractors(db: Db, period: Period): RecentDetractor[] {
  const rows = db
    .prepare(`SELECT client_id, date, score FROM (${LATEST_ANSWERS}) WHERE score <= 6`)
    .all(period) as Array<{ client_id: number; date: string; score: number }>;
  return rows.map((row) => ({ clientId: row.client_id, date: row.date, score: row.score }));
}

/**
 * Name, primary phone (E.164 when it was valid, else as written) and usual service (most visits; ties go to the
 * one used last, then by name) of the given clients.
 */
export function clientDetails(db: Db, clientIds: number[]): Map<number, ClientDetails> {
  const rows = db
    .prepare(
      `WITH chosen AS (SELECT value AS id FROM json_each(:ids)),
       services AS (
         SELECT v.client_id, v.service, count(*) AS visits, max(v.date) AS last
         FROM chosen c JOIN visits v ON v.client_id = c.id
         WHERE nullif(trim(v.service), '') IS NOT NULL GROUP BY v.client_id, v.service),
       usual AS (
         SELECT client_id, service FROM (
           SELECT client_id, service,
             row_number() OVER (PARTITION BY client_id ORDER BY visits DESC, last DESC, service) AS position
           FROM services)
         WHERE position = 1)
       SELECT cl.id, cl.name,
         (SELECT CASE WHEN p.valid THEN p.value ELSE p.raw END FROM client_contacts p
          WHERE p.client_id = cl.id AND p.kind = 'phone' ORDER BY p.position LIMIT 1) AS phone,
         u.service AS usual_service
       FROM chosen c JOIN clients cl ON cl.id = c.id LEFT JOIN usual u ON u.client_id = cl.id`,
    )
    .all({ ids: ids(clientIds) }) as Array<{
    id: number;
    name: string;
    phone: string | null;
    usual_service: string | null;
  }>;
  return new Map(rows.map((row) => [row.id, { name: row.name, phone: row.phone, usualService: row.usual_service }]));
}

// ---------------------------------------------------------------------------------------------------------------
// Shared

export function clientNames(db: Db, clientIds: Iterable<number>): Map<number, string> {
  const rows = db
    .prepare('SELECT c.id, c.name FROM json_each(:ids) j JOIN clients c ON c.id = j.value')
    .all({ ids: ids(clientIds) }) as Array<{ id: number; name: string }>;
  return new Map(rows.map((row) => [row.id, row.name]));
}

/**
 * Revenue per month `YYYY-MM` of the period (months without purchases are absent): the range of visits(date) comes
 * in date order, so it is summed per day as it is read and only the days are sorted into months.
 */
export function revenueByMonth(db: Db, period: Period): MonthRevenue[] {
  return db
    .prepare(
      `SELECT substr(date, 1, 7) AS month, total(revenue) AS revenue FROM (
         SELECT date, total(amount) AS revenue FROM visits x INDEXED BY visits_date
         WHERE amount > 0 AND date BETWEEN :from AND :to GROUP BY date
         UNION ALL SELECT date, amount FROM (${wonDealsBetween(':from', ':to')}))
       GROUP BY month ORDER BY month`,
    )
    .all(period) as MonthRevenue[];
}
