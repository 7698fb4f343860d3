/**
 * The facts behind the reports on PostgreSQL: the same answers as store/report-queries.ts gives on SQLite. Rows come
 * in the order SQLite's give them: client ids ascending, the won deals without a client (null, or client 0) where
 * SQLite puts them.
 *
 * ARPU, churn, RFM and cohorts are computed as on SQLite, from each client's purchases in a range read as columns
 * (purchase-columns.ts: the visits of the range counted per client by the server, or the per-client summary less the
 * visits around the range) and lists sent as text: on a million visits, aggregating every visit of a long period in
 * one statement took the server 0.7-3.5 s. The other facts are aggregated by the server in one statement each.
 */
import { addDays, monthNumber } from '../../domain/calendar.js';
import type { Stage } from '../../domain/deal.js';
import {
  type ArpuBreakdown,
  type ArpuGroupRow,
  type BuyerRow,
  type BuyerTotals,
  buyerTotals as totalsOf,
} from '../../reports/arpu.js';
import type { ChurnFactColumns } from '../../reports/churn.js';
import type { CohortActivity } from '../../reports/cohorts.js';
import {
  type ClientDetails,
  type PurchaseDays,
  type PurchaseRhythm,
  purchaseRhythms,
  type RecentDetractor,
} from '../../reports/due.js';
import type { ChurnClientColumns, NpsAnswerRow, PurchaseCountRow } from '../../reports/explain.js';
import type { DealFacts } from '../../reports/funnel.js';
import type { ScoreCount } from '../../reports/nps.js';
import type { Period } from '../../reports/period.js';
import type { PurchaseCountGroup } from '../../reports/repeat.js';
import type { RfmFactColumns } from '../../reports/rfm.js';
import type { ChurnRange } from '../report-queries.js';
import {
  buyerRowsOf,
  buyersOf,
  cohortCounter,
  groupVisitsByService,
  hasBuyerWithoutClient,
  rfmFactsOf,
  type ServiceDayRow,
  wonDealGroup,
} from '../report-rows.js';
import type { Connection } from './connection.js';
import {
  BEGINNING,
  clientSlots,
  columnsKept,
  firstPurchases,
  idArray,
  type PurchaseColumns,
  paidVisitScan,
  parseNumbers,
  purchaseColumns,
  READ_WHOLE_FROM_SHARE,
  wonDeals,
  wonDealsBetween,
} from './purchase-columns.js';

/**
 * `sql` with `:name` parameters numbered `$1`, `$2`… as the driver wants them, and their values in that order. A
 * `::type` cast is left alone.
 */
function bind(sql: string, parameters: object): [string, unknown[]] {
  const names: string[] = [];
  const text = sql.replace(/(?<!:):([a-zA-Z]\w*)/g, (_, name: string) => {
    if (!(name in parameters)) throw new Error(`no value for :${name}`);
    let index = names.indexOf(name);
    if (index < 0) index = names.push(name) - 1;
    return `$${index + 1}`;
  });
  return [text, names.map((name) => (parameters as Record<string, unknown>)[name])];
}

function rows<T>(c: Connection, sql: string, parameters: object): Promise<T[]> {
  const [text, values] = bind(sql, parameters);
  return c.rows<T>(text, values as never);
}

/** The day deal `d` was won: its first 'won' stage row, or its created date when its history has none. */
const WON_DATE = `coalesce((SELECT min(w.date) FROM deal_stages w WHERE w.deal_id = d.id AND w.stage = 'won'), d.created)`;

/** Purchases (client_id, date, amount, service, is_deal) dated in [from, to]: paid visits and won deals. */
function purchasesBetween(from: string, to: string): string {
  return `
    SELECT client_id, date, amount, nullif(trim(service), '') AS service, 0 AS is_deal
    FROM visits WHERE amount > 0 AND date BETWEEN ${from} AND ${to}
    UNION ALL ${wonDealsBetween(from, to)}`;
}

/** The last purchase of `client` (an SQL expression) dated before `bound`. */
function lastPurchaseBefore(client: string, bound: string): string {
  return `(SELECT max(date) FROM (
      SELECT (SELECT v.date FROM visits v WHERE v.client_id = ${client} AND v.date < ${bound} AND v.amount > 0
              ORDER BY v.date DESC LIMIT 1) AS date
      UNION ALL
      SELECT ${WON_DATE} FROM deals d WHERE d.client_id = ${client} AND d.stage = 'won' AND ${WON_DATE} < ${bound}) last)`;
}

/**
 * CTE definitions (to follow WITH) ending in `per_client(client_id, first_purchase, last_purchase, frequency,
 * monetary)`: each buyer's purchases up to `:to`. Visits and won deals are aggregated apart and joined per client:
 * the visits come grouped from the index on (client_id, date, amount), with no hash of a million rows, which a
 * union with the deals would need.
 */
const PER_CLIENT_UP_TO = `
  per_visits AS (
    SELECT client_id, min(date) AS first_purchase, max(date) AS last_purchase, count(*) AS frequency,
      sum(amount) AS monetary
    FROM visits WHERE amount > 0 AND date <= :to GROUP BY client_id),
  per_deals AS (
    SELECT client_id, min(date) AS first_purchase, max(date) AS last_purchase, count(*) AS frequency,
      sum(amount) AS monetary
    FROM (${wonDealsBetween(':beginning', ':to')}) won GROUP BY client_id),
  per_client AS (
    SELECT coalesce(v.client_id, d.client_id) AS client_id,
      least(v.first_purchase, d.first_purchase) AS first_purchase,
      greatest(v.last_purchase, d.last_purchase) AS last_purchase,
      coalesce(v.frequency, 0) + coalesce(d.frequency, 0) AS frequency,
      coalesce(v.monetary, 0) + coalesce(d.monetary, 0) AS monetary
    FROM per_visits v FULL JOIN per_deals d ON d.client_id = v.client_id)`;

// ---------------------------------------------------------------------------------------------------------------
// ARPU

/** The first won deal without a client dated in [from, to]: the first purchase of that buyer (slot 0). */
async function firstDealWithoutClient(c: Connection, from: string, to: string): Promise<string> {
  return (await wonDeals(c, from, to)).find((deal) => deal.client_id === null)!.date;
}

/**
 * Buyers in the period, client ids ascending, with their purchases and revenue there and their first purchase ever
 * (from the per-client summary); last, the won deals without a client as one buyer (client null) whose first
 * purchase is the first of them in the period.
 */
export async function buyerRows(c: Connection, period: Period): Promise<BuyerRow[]> {
  const columns = await purchaseColumns(c, period.from, period.to);
  const buyers = buyersOf(columns);
  const firsts = await firstPurchases(c, buyers);
  const withoutClient = hasBuyerWithoutClient(columns)
    ? await firstDealWithoutClient(c, period.from, period.to)
    : undefined;
  return buyerRowsOf(columns, buyers, firsts, withoutClient);
}

/**
 * The buyers in the period summed: from their rows (src/reports/arpu.ts) when the session keeps the period's
 * columns or would read the summary less what lies around the period; else counted by the server, as SQLite's
 * buyerTotals does, without a list per buyer: who bought from the period's client ids alone, the purchases and revenue
 * from paid_visits_by_day, the new buyers from client_purchases(first), plus the won deals (those without a client
 * one buyer, new). The monthly report's twelve months were a list of each month's buyers, 100,000 slots of columns
 * and their first purchases each.
 */
export async function buyerTotals(c: Connection, period: Period): Promise<BuyerTotals> {
  const { from, to } = period;
  if ((await columnsKept(c, from, to)) || (await paidVisitScan(c, from, to, false)) === 'complement') {
    return totalsOf(period, await buyerRows(c, period));
  }
  return summedBuyers(c, period);
}

interface TotalsAsked {
  period: Period;
  resolve: (totals: BuyerTotals) => void;
  reject: (error: unknown) => void;
}

/** Periods whose buyerTotals the server is to count, asked in this turn of the event loop, by connection. */
const totalsAsked = new WeakMap<Connection, TotalsAsked[]>();

/**
 * buyerTotals counted by the server (see there). The periods asked together (the monthly report's twelve months)
 * are counted in one statement: twelve statements took the server as long again in their turns as in their work.
 */
export function summedBuyers(c: Connection, period: Period): Promise<BuyerTotals> {
  return new Promise((resolve, reject) => {
    let asked = totalsAsked.get(c);
    if (!asked) {
      const waiting: TotalsAsked[] = [];
      asked = waiting;
      totalsAsked.set(c, waiting);
      setImmediate(() => {
        totalsAsked.delete(c);
        summedBuyersOf(
          c,
          waiting.map((one) => one.period),
        ).then(
          (totals) => {
            for (const [i, one] of waiting.entries()) one.resolve(totals[i]!);
          },
          (error) => {
            for (const one of waiting) one.reject(error);
          },
        );
      });
    }
    asked.push({ period, resolve, reject });
  });
}

/** buyerTotals of each period, counted by the server in one statement. */
async function summedBuyersOf(c: Connection, periods: Period[]): Promise<BuyerTotals[]> {
  const won = wonDealsBetween('p.f', 'p.t');
  return c.rows<BuyerTotals>(
    `SELECT
       (SELECT count(*) FROM (
          SELECT client_id FROM visits WHERE amount > 0 AND date BETWEEN p.f AND p.t
          UNION SELECT coalesce(client_id, 0) FROM (${won}) w) b) AS buyers,
       (SELECT count(*) FROM client_purchases WHERE first BETWEEN p.f AND p.t)
         + (deals.without_client)::int AS "newBuyers",
       (SELECT coalesce(sum(purchases), 0) FROM paid_visits_by_day WHERE date BETWEEN p.f AND p.t) + deals.count
         AS purchases,
       (SELECT coalesce(sum(revenue), 0) FROM paid_visits_by_day WHERE date BETWEEN p.f AND p.t) + deals.revenue
         AS revenue
     FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS p(f, t, n)
     CROSS JOIN LATERAL (
       SELECT count(*) AS count, coalesce(sum(amount), 0) AS revenue, bool_or(client_id IS NULL) IS TRUE AS without_client
       FROM (${won}) w) deals
     ORDER BY p.n`,
    [periods.map((period) => period.from), periods.map((period) => period.to)],
  );
}

/** One group of buyers (a source, a tag, none): the buyers among `members` summed. */
function groupOf(key: string | null, members: Iterable<number>, columns: PurchaseColumns): ArpuGroupRow {
  const group = { key, isDeal: false, clients: 0, purchases: 0, revenue: 0 };
  for (const id of members) {
    if (id >= columns.slots || columns.purchases[id]! === 0) continue;
    group.clients++;
    group.purchases += columns.purchases[id]!;
    group.revenue += columns.revenue[id]!;
  }
  return group;
}

/**
 * Buyers grouped by their source (empty: one group, null); a won deal without a client has none. The clients of each
 * source come as a list: all of them when the buyers are many, else the buyers'.
 */
async function bySource(c: Connection, columns: PurchaseColumns): Promise<ArpuGroupRow[]> {
  const buyers = buyersOf(columns);
  if (buyers.length === 0) return [];
  const whole = buyers.length > columns.slots * READ_WHOLE_FROM_SHARE;
  const sources = await c.rows<{ key: string | null; ids: string }>(
    `SELECT nullif(trim(source), '') AS key, string_agg(id::text, ',') AS ids FROM clients
     ${whole ? '' : 'WHERE id = ANY($1::bigint[])'} GROUP BY 1`,
    whole ? [] : [idArray(buyers)],
  );
  return sources
    .map((source) => groupOf(source.key, parseNumbers(source.ids), columns))
    .filter((group) => group.clients > 0);
}

/**
 * Buyers grouped by tag: a client with two tags counts in both; clients without tags, and the won deals without a
 * client, in one group (null).
 */
async function byTag(c: Connection, columns: PurchaseColumns): Promise<ArpuGroupRow[]> {
  const tags = await c.rows<{ name: string; ids: string }>(
    `SELECT t.name, string_agg(ct.client_id::text, ',') AS ids
     FROM client_tags ct JOIN tags t ON t.id = ct.tag_id GROUP BY ct.tag_id, t.name ORDER BY ct.tag_id`,
  );
  const tagged = new Uint8Array(columns.slots);
  const groups: ArpuGroupRow[] = [];
  for (const tag of tags) {
    const members = parseNumbers(tag.ids);
    for (const id of members) if (id < columns.slots) tagged[id] = 1;
    const group = groupOf(tag.name, members, columns);
    if (group.clients > 0) groups.push(group);
  }
  const untagged: number[] = [];
  for (let id = 0; id < columns.slots; id++) if (tagged[id] === 0) untagged.push(id);
  const none = groupOf(null, untagged, columns);
  if (none.clients > 0) groups.push(none);
  return groups;
}

/**
 * Buyers grouped by the service of each purchase (empty: null); won deals form a group of their own. As on SQLite,
 * the period's paid visits come from the index of visits by date, a row per day and service with its count, revenue
 * and client ids, and a client counts once per service here: the server's distinct count per service sorted every
 * visit of the period first (0.9 s over the bench's history).
 */
async function byService(c: Connection, period: Period): Promise<ArpuGroupRow[]> {
  const rows = await c.arrays<ServiceDayRow>(
    `SELECT service, count(*), sum(amount), string_agg(client_id::text, ',') FROM visits
     WHERE amount > 0 AND date BETWEEN $1 AND $2 GROUP BY date, service`,
    [period.from, period.to],
  );
  const groups = groupVisitsByService(rows, await clientSlots(c), parseNumbers);
  return [...groups, ...wonDealGroup(await wonDeals(c, period.from, period.to))];
}

export async function arpuGroupRows(c: Connection, period: Period, by: ArpuBreakdown): Promise<ArpuGroupRow[]> {
  if (by === 'source') return bySource(c, await purchaseColumns(c, period.from, period.to));
  if (by === 'tag') return byTag(c, await purchaseColumns(c, period.from, period.to));
  return byService(c, period);
}

// ---------------------------------------------------------------------------------------------------------------
// Repeat purchase

/**
 * For each period end, how many clients had 1, or 2 and more, purchases up to it (from the per-client summary), all
 * counted in one pass over the summary: a count through an index per end and column read most of it each time (the
 * monthly report's three ends: 45-50 ms against 14-26).
 */
export async function purchaseCountGroups(c: Connection, ends: string[]): Promise<PurchaseCountGroup[][]> {
  if (ends.length === 0) return [];
  const counts = ends
    .map(
      (_, i) => `count(*) FILTER (WHERE first <= $${i + 1}::text) AS buyers${i},
        count(*) FILTER (WHERE second <= $${i + 1}::text) AS more${i}`,
    )
    .join(', ');
  const row = (await c.row<Record<string, number>>(`SELECT ${counts} FROM client_purchases`, ends))!;
  return ends.map((_, i) =>
    [
      { purchases: 1, clients: row[`buyers${i}`]! - row[`more${i}`]! },
      { purchases: 2, clients: row[`more${i}`]! },
    ].filter((group) => group.clients > 0),
  );
}

export async function purchaseCountRows(c: Connection, period: Period): Promise<PurchaseCountRow[]> {
  const found = await rows<{ client_id: number; purchases: number; first_purchase: string; last_purchase: string }>(
    c,
    `WITH ${PER_CLIENT_UP_TO}
     SELECT client_id, frequency AS purchases, first_purchase, last_purchase
     FROM per_client ORDER BY client_id NULLS LAST`,
    { beginning: BEGINNING, to: period.to },
  );
  return found.map((row) => ({
    clientId: row.client_id,
    purchases: row.purchases,
    firstPurchase: row.first_purchase,
    lastPurchase: row.last_purchase,
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// Churn

/**
 * CTE definitions (to follow WITH) ending in `churn(client_id, ...)`: per client that bought in [from − W, to]
 * (client 0: the won deals without a client), its purchases before the period and in it, and whether it is a
 * reactivation candidate (a client that bought in the period and not in the window before it) with its first
 * purchase ever (from the per-client summary).
 */
const CHURN_CLIENTS = `
  p AS (${purchasesBetween(':windowStart', ':to')}),
  per_client AS (
    SELECT coalesce(client_id, 0) AS client_id,
      max(date) FILTER (WHERE date < :from) AS last_before,
      max(date) FILTER (WHERE date >= :from) AS last_in_period,
      coalesce(sum(amount) FILTER (WHERE date < :from), 0) AS revenue_before,
      count(*) FILTER (WHERE date >= :from) AS purchases_in_period,
      coalesce(sum(amount) FILTER (WHERE date >= :from), 0) AS revenue_in_period,
      min(date) FILTER (WHERE date >= :from) AS first_in_period
    FROM p GROUP BY 1),
  churn AS (
    SELECT pc.*, cp.first,
      coalesce(pc.client_id <> 0 AND pc.last_before IS NULL AND pc.last_in_period IS NOT NULL, false) AS candidate
    FROM per_client pc LEFT JOIN client_purchases cp ON cp.client_id = pc.client_id)`;

/**
 * The churn facts of every client that bought in [from − W, to], by id (client 0: won deals without a client).
 * Whether a client bought before the window is known for the reactivation candidates only (0 for the others, whose
 * flags do not depend on it), as on SQLite.
 */
export async function churnFacts(c: Connection, range: ChurnRange): Promise<ChurnFactColumns> {
  const slots = await clientSlots(c);
  // Both asked at once: the server reads the period while this process adds the window.
  const [before, during] = await Promise.all([
    purchaseColumns(c, range.windowStart, addDays(range.from, -1), { last: true }),
    purchaseColumns(c, range.from, range.to, { last: true }),
  ]);
  // The reactivation candidates bought in the period and not in the window: only their earlier history matters.
  const candidates: number[] = [];
  for (let id = 1; id < slots; id++) if (during.purchases[id]! > 0 && before.purchases[id] === 0) candidates.push(id);
  const firsts = await firstPurchases(c, candidates);
  const boughtBeforeWindow = new Uint8Array(slots);
  for (const id of candidates) {
    const first = firsts[id];
    if (first !== undefined && first < range.windowStart) boughtBeforeWindow[id] = 1;
  }
  return {
    slots,
    lastBefore: before.last!,
    lastInPeriod: during.last!,
    boughtBeforeWindow,
    revenueBefore: before.revenue,
  };
}

/**
 * Per client that bought in [from − W, to], as columns by id (client 0: the won deals without one): its churn facts
 * and its purchases in the period. The first purchase in the period is given for the candidates whose first purchase
 * ever is in it and, with `reactivation`, for the candidates that bought before the window, whose last purchase before
 * the window (`earlier`) is looked up too.
 */
export async function churnClientColumns(
  c: Connection,
  range: ChurnRange,
  reactivation = false,
): Promise<ChurnClientColumns> {
  const returning = reactivation ? 'candidate AND first < :windowStart' : 'false';
  const found = await rows<{
    client_id: number;
    last_before: string | null;
    last_in_period: string | null;
    revenue_before: number;
    bought_before_window: boolean;
    purchases_in_period: number;
    revenue_in_period: number;
    first_in_period: string | null;
    earlier: string | null;
  }>(
    c,
    `WITH ${CHURN_CLIENTS}
     SELECT client_id, last_before, last_in_period, revenue_before, purchases_in_period, revenue_in_period,
       coalesce(candidate AND first < :windowStart, false) AS bought_before_window,
       CASE WHEN candidate AND first >= :from THEN first
         WHEN ${returning} THEN first_in_period END AS first_in_period,
       CASE WHEN ${returning} THEN ${lastPurchaseBefore('churn.client_id', ':windowStart')} END AS earlier
     FROM churn ORDER BY client_id`,
    range,
  );
  let slots = await clientSlots(c);
  for (const row of found) if (row.client_id >= slots) slots = row.client_id + 1;
  const columns = {
    slots,
    lastBefore: new Array<string | null>(slots).fill(null),
    lastInPeriod: new Array<string | null>(slots).fill(null),
    boughtBeforeWindow: new Uint8Array(slots),
    revenueBefore: new Float64Array(slots),
    purchasesInPeriod: new Float64Array(slots),
    revenueInPeriod: new Float64Array(slots),
    firstInPeriod: new Map<number, string | null>(),
    earlier: new Map<number, string | null>(),
  };
  for (const row of found) {
    const id = row.client_id;
    columns.lastBefore[id] = row.last_before;
    columns.lastInPeriod[id] = row.last_in_period;
    columns.boughtBeforeWindow[id] = row.bought_before_window ? 1 : 0;
    columns.revenueBefore[id] = row.revenue_before;
    columns.purchasesInPeriod[id] = row.purchases_in_period;
    columns.revenueInPeriod[id] = row.revenue_in_period;
    if (row.first_in_period !== null) columns.firstInPeriod.set(id, row.first_in_period);
    if (row.earlier !== null) columns.earlier.set(id, row.earlier);
  }
  return columns;
}

// ---------------------------------------------------------------------------------------------------------------
// Funnel

/** Deals created in the period with the first date of each stage they entered. */
export async function dealsCreatedIn(c: Connection, period: Period): Promise<DealFacts[]> {
  const found = await rows<{
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
  }>(
    c,
    `SELECT d.id, d.client_id, d.title, d.source, d.stage, d.created, d.amount,
       min(s.date) FILTER (WHERE s.stage = 'qualified') AS qualified,
       min(s.date) FILTER (WHERE s.stage = 'deal') AS deal,
       min(s.date) FILTER (WHERE s.stage = 'won') AS won,
       max(s.date) FILTER (WHERE s.stage = 'lost') AS lost,
       max(s.date) FILTER (WHERE s.stage = 'junk') AS junk,
       coalesce(
         (SELECT nullif(trim(l.reason), '') FROM deal_stages l
          WHERE l.deal_id = d.id AND l.stage = 'lost' ORDER BY l.date DESC, l.id DESC LIMIT 1),
         nullif(trim(d.reason), '')) AS lost_reason
     FROM deals d LEFT JOIN deal_stages s ON s.deal_id = d.id
     WHERE d.created BETWEEN :from AND :to
     GROUP BY d.id
     ORDER BY d.created, d.id`,
    period,
  );
  return found.map((row) => ({
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
    FROM nps_answers WHERE date BETWEEN :from AND :to) answers
  WHERE position = 1`;

export function npsScoreCounts(c: Connection, period: Period): Promise<ScoreCount[]> {
  return rows<ScoreCount>(
    c,
    `SELECT score, count(*) AS clients FROM (${LATEST_ANSWERS}) latest GROUP BY score ORDER BY score`,
    period,
  );
}

export async function latestAnswers(c: Connection, period: Period): Promise<NpsAnswerRow[]> {
  const found = await rows<{ client_id: number; date: string; score: number }>(
    c,
    `${LATEST_ANSWERS} ORDER BY client_id`,
    period,
  );
  return found.map((row) => ({ clientId: row.client_id, date: row.date, score: row.score }));
}

// ---------------------------------------------------------------------------------------------------------------
// Cohorts

/** New clients up to which their purchases are joined by the server rather than counted here from the whole range. */
const COHORT_PROBE_COST = 20;
/** Cohort and month pairs up to which they are counted in an array (above: a period of centuries). */
const MAX_COHORT_CELLS = 4_000_000;

/**
 * For clients whose first purchase ever is in the period: their cohort (the month of that purchase) and each month
 * of the period they bought in, counted per (cohort, month). Few new clients: their purchases are joined and
 * counted by the server. Many: the period's paid visits come a day and a service at a time as lists of client ids
 * and are counted here,
 * each client once a month (the days come in date order), as on SQLite: the server's distinct count of every
 * client's months took it 1.4 s over the bench's history.
 */
export async function cohortActivity(c: Connection, period: Period): Promise<CohortActivity[]> {
  // Asked at once: the new clients, the period's paid visits and the won deals, then the days. The new clients a list
  // per cohort, whose month is worked out once (a date per client cost 80 ms for 100,000).
  const cohortsRead = c.arrays<[month: string, ids: string]>(
    `SELECT substr(first, 1, 7), string_agg(client_id::text, ',') FROM client_purchases
     WHERE first BETWEEN $1 AND $2 GROUP BY 1 ORDER BY 1`,
    [period.from, period.to],
  );
  // Summed here rather than from the session's per-day counts, which cost the server a list of every day.
  const insideRead = c.value<number>(
    'SELECT coalesce(sum(purchases), 0) FROM paid_visits_by_day WHERE date BETWEEN $1 AND $2',
    [period.from, period.to],
  );
  insideRead.catch(() => {});
  // Read while this process chooses how to count (left unread when the server counts: a few won deals).
  const dealsRead = wonDeals(c, period.from, period.to);
  dealsRead.catch(() => {});
  const cohorts = (await cohortsRead).map(([month, ids]) => ({ month: monthNumber(month), ids: parseNumbers(ids) }));
  if (cohorts.length === 0) return [];
  const newClients = cohorts.reduce((sum, cohort) => sum + cohort.ids.length, 0);
  const inside = await insideRead;
  const start = cohorts[0]!.month;
  const span = monthNumber(period.to) - start + 1;
  if (newClients * COHORT_PROBE_COST < inside || span * span > MAX_COHORT_CELLS) {
    return cohortActivityJoined(c, period);
  }
  // A list per day, the visits taken in the order of visits(date, service, client_id, amount) from the index alone,
  // with no hash and no sort: grouped by date alone the planner hashed and sorted them (340 ms of the server over the
  // bench's history), by date and service it sent 28,000 lists for 4,000 days (240 ms), ordered first 215 ms. Each is
  // counted as it comes, while the server reads the next; the days that come before the deals are known wait for them.
  let counter: ReturnType<typeof cohortCounter> | undefined;
  const early: Array<[string, string]> = [];
  const daysRead = c.eachArray<[string, string]>(
    `SELECT date, string_agg(client_id::text, ',') FROM (
       SELECT date, client_id FROM visits WHERE amount > 0 AND date BETWEEN $1 AND $2 ORDER BY date) paid
     GROUP BY date ORDER BY date`,
    [period.from, period.to],
    ([date, ids]) => (counter ? counter.day(date, ids) : early.push([date, ids])),
  );
  daysRead.catch(() => {});
  // Month offsets from the earliest cohort, +1 (0: not a new client), up to the largest new client's id.
  let slots = 0;
  for (const { ids } of cohorts) for (const id of ids) if (id >= slots) slots = id + 1;
  const cohortOf = new Int32Array(slots);
  for (const { month, ids } of cohorts) for (const id of ids) cohortOf[id] = month - start + 1;
  counter = cohortCounter({ start, span, cohortOf, parseIds: parseNumbers, deals: await dealsRead });
  for (const [date, ids] of early) counter.day(date, ids);
  await daysRead;
  return counter.activity();
}

/** cohortActivity for a few new clients: their purchases in the period joined and counted by the server. */
export function cohortActivityJoined(c: Connection, period: Period): Promise<CohortActivity[]> {
  return rows<CohortActivity>(
    c,
    `WITH cohorts AS MATERIALIZED (
       SELECT client_id, substr(first, 1, 7) AS cohort FROM client_purchases WHERE first BETWEEN :from AND :to),
     months AS (
       SELECT c.client_id, c.cohort, substr(v.date, 1, 7) AS month
       FROM cohorts c JOIN visits v ON v.client_id = c.client_id
       WHERE v.date BETWEEN :from AND :to AND v.amount > 0
       UNION
       SELECT c.client_id, c.cohort, substr(w.date, 1, 7)
       FROM cohorts c JOIN (${wonDealsBetween(':from', ':to')}) w ON w.client_id = c.client_id)
     SELECT cohort, month, count(*) AS clients FROM months GROUP BY cohort, month ORDER BY cohort, month`,
    period,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// RFM

/** Every buyer up to the period's end, by id: last purchase, purchases and revenue (client 0: deals without a client). */
export async function rfmFacts(c: Connection, period: Period): Promise<RfmFactColumns> {
  return rfmFactsOf(await purchaseColumns(c, BEGINNING, period.to, { last: true }));
}

// ---------------------------------------------------------------------------------------------------------------
// Due

/** Clients with a purchase in [from, to] (for `crm due`: the clients alive today), by id. */
export async function buyersBetween(c: Connection, period: Period): Promise<number[]> {
  const found = await rows<{ client_id: number }>(
    c,
    `SELECT DISTINCT client_id FROM (${purchasesBetween(':from', ':to')}) p
     WHERE client_id IS NOT NULL ORDER BY client_id`,
    period,
  );
  return found.map((row) => row.client_id);
}

/** Purchase days up to today of the given clients, oldest first (a day repeats when it had a visit and a won deal). */
export async function purchaseDays(c: Connection, today: string, clientIds: number[]): Promise<PurchaseDays[]> {
  const visits = await rows<{ client_id: number; days: string }>(
    c,
    `SELECT client_id, string_agg(date, ',' ORDER BY date) AS days FROM (
       SELECT DISTINCT v.client_id, v.date FROM visits v
       WHERE v.client_id = ANY(:ids::bigint[]) AND v.date <= :today AND v.amount > 0) days
     GROUP BY client_id ORDER BY client_id`,
    { ids: clientIds, today },
  );
  const deals = await rows<{ client_id: number; date: string }>(
    c,
    `SELECT d.client_id, ${WON_DATE} AS date FROM deals d
     WHERE d.client_id = ANY(:ids::bigint[]) AND d.stage = 'won' AND ${WON_DATE} <= :today ORDER BY d.client_id, d.id`,
    { ids: clientIds, today },
  );
  const days = new Map(visits.map((row) => [row.client_id, row.days.split(',')]));
  for (const deal of deals) days.set(deal.client_id, [...(days.get(deal.client_id) ?? []), deal.date]);
  return [...days].map(([clientId, list]) => ({ clientId, days: list.sort() }));
}

/**
 * Each given client's purchase rhythm up to today, from its purchase days. Worked out each time: a summary kept
 * lazily, as on SQLite, would have to be written by a report, which the crm_reports role cannot.
 */
export async function rhythmsUpTo(c: Connection, today: string, clientIds: number[]): Promise<PurchaseRhythm[]> {
  return purchaseRhythms(await purchaseDays(c, today, clientIds));
}

/** Clients whose latest answer in [from, to] scored 0–6. */
export async function recentDetractors(c: Connection, period: Period): Promise<RecentDetractor[]> {
  const found = await rows<{ client_id: number; date: string; score: number }>(
    c,
    `SELECT client_id, date, score FROM (${LATEST_ANSWERS}) latest WHERE score <= 6 ORDER BY client_id`,
    period,
  );
  return found.map((row) => ({ clientId: row.client_id, date: row.date, score: row.score }));
}

/**
 * Name, primary phone (E.164 when it was valid, else as written) and usual service (most visits; ties go to the
 * one used last, then by name) of the given clients.
 */
export async function clientDetails(c: Connection, clientIds: number[]): Promise<Map<number, ClientDetails>> {
  const found = await rows<{ id: number; name: string; phone: string | null; usual_service: string | null }>(
    c,
    `WITH chosen AS (SELECT DISTINCT id FROM unnest(:ids::bigint[]) AS id),
     services AS (
       SELECT v.client_id, v.service, count(*) AS visits, max(v.date) AS last
       FROM chosen c JOIN visits v ON v.client_id = c.id
       WHERE nullif(trim(v.service), '') IS NOT NULL GROUP BY v.client_id, v.service),
     usual AS (
       SELECT client_id, service FROM (
         SELECT client_id, service,
           row_number() OVER (PARTITION BY client_id ORDER BY visits DESC, last DESC, service) AS position
         FROM services) ranked
       WHERE position = 1)
     SELECT cl.id, cl.name,
       (SELECT CASE WHEN p.valid THEN p.value ELSE p.raw END FROM client_contacts p
        WHERE p.client_id = cl.id AND p.kind = 'phone' ORDER BY p.position, p.id LIMIT 1) AS phone,
       u.service AS usual_service
     FROM chosen c JOIN clients cl ON cl.id = c.id LEFT JOIN usual u ON u.client_id = cl.id`,
    { ids: clientIds },
  );
  return new Map(found.map((row) => [row.id, { name: row.name, phone: row.phone, usualService: row.usual_service }]));
}

// ---------------------------------------------------------------------------------------------------------------
// Shared

/** The names of the given clients by id, in the order of name (byte order, as SQLite's) then id. */
export async function clientNames(c: Connection, clientIds: Iterable<number>): Promise<Map<number, string>> {
  const found = await rows<{ id: number; name: string }>(
    c,
    'SELECT id, name FROM clients WHERE id = ANY(:ids::bigint[]) ORDER BY name COLLATE "C", id',
    {
      ids: [...clientIds],
    },
  );
  return new Map(found.map((row) => [row.id, row.name]));
}
