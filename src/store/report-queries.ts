/**
 * All SQL behind the reports. The store returns facts (each client's purchases in a period, its first purchase, its
 * churn dates...); the definitions (who is new, churned, a promoter, a quintile...) are applied by src/reports/.
 * Most facts come from purchaseColumns (src/store/purchase-columns.ts): per-client figures of a date range, read
 * from the visits in it or from the per-client summary less the visits around it, whichever is shorter.
 *
 * Dates are `YYYY-MM-DD` TEXT and compare as strings; amounts are minor units.
 */

import { addDays, monthNumber } from '../domain/calendar.js';
import type { Stage } from '../domain/deal.js';
import type { ArpuBreakdown, ArpuGroupRow, BuyerRow, BuyerTotals } from '../reports/arpu.js';
import type { ChurnFactColumns } from '../reports/churn.js';
import type { CohortActivity } from '../reports/cohorts.js';
import {
  type ClientDetails,
  type PurchaseDays,
  type PurchaseRhythm,
  purchaseRhythms,
  type RecentDetractor,
} from '../reports/due.js';
import type { ChurnClientColumns, NpsAnswerRow, PurchaseCountRow } from '../reports/explain.js';
import type { DealFacts } from '../reports/funnel.js';
import type { ScoreCount } from '../reports/nps.js';
import type { Period } from '../reports/period.js';
import type { PurchaseCountGroup } from '../reports/repeat.js';
import type { RfmFactColumns, RfmFacts } from '../reports/rfm.js';
import { type Db, isWritable, openDatabase, statement } from './db.js';
import { dueWriters } from './due-facts.js';
import {
  addWonDeals,
  BEGINNING,
  clientSlots,
  clientVisits,
  dealStages,
  emptyColumns,
  jsonList,
  keepColumns,
  lastPurchaseColumns,
  type PaidVisitScan,
  type PurchaseColumns,
  parseList,
  purchaseColumns,
  WON_DATE,
  wonDeals,
  wonDealsBetween,
} from './purchase-columns.js';
import {
  buyerRowsOf,
  buyersOf,
  countCohortActivity,
  groupVisitsByService,
  hasBuyerWithoutClient,
  rfmFactsOf,
  type ServiceDayRow,
  trimSpaces,
  wonDealGroup,
} from './report-rows.js';

export type { PaidVisitScan };

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

/**
 * How the rows of a list of clients are read: `lookup`, client by client; `whole`, every row of the table (or every
 * visit) in one pass, kept for the clients asked for. Chosen by how many clients are asked for; tests force each.
 */
export type ClientsRead = 'lookup' | 'whole';

/** Above this share of the clients, a list of them is read whole rather than looked up one by one. */
const READ_WHOLE_FROM_SHARE = 1 / 8;

/**
 * `column` (an SQL expression of the table's alias `t`) of the rows of `table` keyed by the client ids given (`key`
 * names the id column), by client id (a slot per id, as PurchaseColumns): looked up one by one for a few clients,
 * read whole in one pass for many.
 */
function columnOf<T>(
  db: Db,
  table: string,
  key: string,
  column: string,
  clientIds: number[],
  slots: number,
  read?: ClientsRead,
): Array<T | undefined> {
  const found = new Array<T | undefined>(slots);
  if (clientIds.length === 0) return found;
  const lists = `${jsonList(`t.${key}`)} AS ids, json_group_array(${column}) AS list`;
  const row = (
    (read ?? (clientIds.length > slots * READ_WHOLE_FROM_SHARE ? 'whole' : 'lookup')) === 'whole'
      ? // The table itself, as the query plans test expects, not an index that covers the column (clients_name).
        statement(db, `SELECT ${lists} FROM ${table} t NOT INDEXED`).get()
      : statement(db, `SELECT ${lists} FROM json_each(:ids) j JOIN ${table} t ON t.${key} = j.value`).get({
          ids: ids(clientIds),
        })
  ) as { ids: string; list: string };
  const keys = parseList(row.ids);
  const values = parseList<T>(row.list);
  for (let i = 0; i < keys.length; i++) if (keys[i]! < slots) found[keys[i]!] = values[i]!;
  return found;
}

/**
 * The first purchase ever of each of the given clients, from the per-client summary, by client id. Read whole, it
 * comes a day at a time along client_purchases(first), so that each day's text is made once, not once per client.
 */
function firstPurchases(db: Db, clientIds: number[], slots: number): Array<string | undefined> {
  if (clientIds.length <= slots * READ_WHOLE_FROM_SHARE) {
    return columnOf<string>(db, 'client_purchases', 'client_id', 't.first', clientIds, slots);
  }
  const version = connectionVersion(db);
  const kept = everyFirstPurchase.get(db);
  if (kept && kept.version === version && kept.firsts.length === slots) return kept.firsts;
  const firsts = new Array<string | undefined>(slots);
  const days = statement(
    db,
    `SELECT first, ${jsonList('client_id')} AS ids FROM client_purchases INDEXED BY client_purchases_first
     GROUP BY first`,
  ).all() as Array<{ first: string; ids: string }>;
  for (const day of days) for (const id of parseList(day.ids)) if (id < slots) firsts[id] = day.first;
  everyFirstPurchase.set(db, { version, firsts });
  return firsts;
}

/**
 * Every client's first purchase, once read whole, kept until anything is written (by this connection or another):
 * the monthly report asks for the buyers of thirteen months, one read instead of thirteen. Callers only read it.
 */
const everyFirstPurchase = new WeakMap<Db, { version: string; firsts: Array<string | undefined> }>();

/** Moves when another connection commits (data_version) or this one writes (total_changes). */
function connectionVersion(db: Db): string {
  return `${db.pragma('data_version', { simple: true })} ${statement(db, 'SELECT total_changes()').pluck().get()}`;
}

/** The first won deal without a client dated in [from, to]: the first purchase of that buyer (slot 0). */
function firstDealWithoutClient(db: Db, from: string, to: string): string {
  return wonDeals(db, from, to).find((deal) => deal.client_id === null)!.date;
}

// ---------------------------------------------------------------------------------------------------------------
// ARPU

/** Buyers in the period, with their purchases and revenue there and their first purchase ever. */
export function buyerRows(db: Db, period: Period, scan?: PaidVisitScan): BuyerRow[] {
  const columns = purchaseColumns(db, period.from, period.to, { scan });
  const buyers = buyersOf(columns);
  const firsts = firstPurchases(db, buyers, columns.slots);
  const withoutClient = hasBuyerWithoutClient(columns) ? firstDealWithoutClient(db, period.from, period.to) : undefined;
  return buyerRowsOf(columns, buyers, firsts, withoutClient);
}

/**
 * The buyers in the period summed (buyerTotals of buyerRows), without a row per buyer: the visits of the range are
 * read for who bought (their amounts are summed per day in paid_visits_by_day), and the new buyers are the clients
 * whose first purchase ever (client_purchases(first)) is in the period, plus the won deals without a client.
 */
export function buyerTotals(db: Db, period: Period, scan?: PaidVisitScan): BuyerTotals {
  const columns = purchaseColumns(db, period.from, period.to, { revenue: false, scan });
  const totals: BuyerTotals = { buyers: 0, newBuyers: 0, purchases: 0, revenue: 0 };
  for (let id = 0; id < columns.slots; id++) {
    const purchases = columns.purchases[id]!;
    if (purchases === 0) continue;
    totals.buyers++;
    totals.purchases += purchases;
  }
  const sums = statement(
    db,
    `SELECT
       (SELECT total(revenue) FROM paid_visits_by_day WHERE date BETWEEN :from AND :to) AS visits,
       (SELECT total(amount) FROM (${wonDealsBetween(':from', ':to')})) AS deals,
       (SELECT count(*) FROM client_purchases INDEXED BY client_purchases_first WHERE first BETWEEN :from AND :to)
         AS firsts`,
  ).get(period) as { visits: number; deals: number; firsts: number };
  totals.revenue = sums.visits + sums.deals;
  totals.newBuyers = sums.firsts + (columns.purchases[0]! > 0 ? 1 : 0);
  return totals;
}

/** One group of buyers (a source, a tag, none): the buyers among `members` summed. */
function groupOf(key: string | null, members: Iterable<number>, columns: PurchaseColumns): ArpuGroupRow {
  const group = { key, isDeal: false, clients: 0, purchases: 0, revenue: 0 };
  for (const id of members) {
    if (columns.purchases[id]! === 0) continue;
    group.clients++;
    group.purchases += columns.purchases[id]!;
    group.revenue += columns.revenue[id]!;
  }
  return group;
}

/**
 * Buyers grouped by their source; empty sources form one group (null). A won deal without a client has none. For many
 * buyers, the source of every client that has one is read in one pass (the clients without, often most, cost no
 * text), and each buyer is counted into its group by number.
 */
function bySource(db: Db, columns: PurchaseColumns): ArpuGroupRow[] {
  const buyers = buyersOf(columns);
  if (buyers.length <= columns.slots * READ_WHOLE_FROM_SHARE) {
    const sources = columnOf<string | null>(db, 'clients', 'id', "nullif(trim(t.source), '')", buyers, columns.slots);
    const members = new Map<string | null, number[]>();
    for (const id of buyers) {
      const key = sources[id] ?? null;
      const list = members.get(key);
      if (list) list.push(id);
      else members.set(key, [id]);
    }
    return [...members].map(([key, list]) => groupOf(key, list, columns));
  }
  const row = statement(
    db,
    `SELECT ${jsonList('t.id')} AS ids, json_group_array(trim(t.source)) AS sources
     FROM clients t NOT INDEXED WHERE trim(t.source) <> ''`,
  ).get() as { ids: string; sources: string };
  const ids = parseList(row.ids);
  const sources = parseList<string>(row.sources);
  // Group 0: no source; group n: keys[n - 1].
  const groupOfClient = new Int32Array(columns.slots);
  const numbers = new Map<string, number>();
  for (let i = 0; i < ids.length; i++) {
    if (ids[i]! >= columns.slots) continue;
    let number = numbers.get(sources[i]!);
    if (number === undefined) {
      number = numbers.size + 1;
      numbers.set(sources[i]!, number);
    }
    groupOfClient[ids[i]!] = number;
  }
  const groups: ArpuGroupRow[] = [null, ...numbers.keys()].map((key) => ({
    key,
    isDeal: false,
    clients: 0,
    purchases: 0,
    revenue: 0,
  }));
  for (const id of buyers) {
    const group = groups[groupOfClient[id]!]!;
    group.clients++;
    group.purchases += columns.purchases[id]!;
    group.revenue += columns.revenue[id]!;
  }
  return groups.filter((group) => group.clients > 0);
}

/**
 * Buyers grouped by tag: a client with two tags counts in both; clients without tags, and the won deals without a
 * client, in one group (null).
 */
function byTag(db: Db, columns: PurchaseColumns): ArpuGroupRow[] {
  const tags = statement(
    db,
    `SELECT t.name, ${jsonList('ct.client_id')} AS ids
     FROM client_tags ct INDEXED BY client_tags_tag JOIN tags t ON t.id = ct.tag_id GROUP BY ct.tag_id`,
  ).all() as Array<{ name: string; ids: string }>;
  const tagged = new Uint8Array(columns.slots);
  const groups: ArpuGroupRow[] = [];
  for (const tag of tags) {
    const members = parseList(tag.ids);
    for (const id of members) tagged[id] = 1;
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
 * Buyers grouped by the service of each purchase (empty: null); won deals form a group of their own. The period's
 * paid visits come from visits(date, service, client_id, amount) alone, a row per day and service (the index's own
 * order: no sort) with its count, revenue and client ids; a client counts once per service, in a typed array.
 */
function byService(db: Db, period: Period): ArpuGroupRow[] {
  const rows = statement(
    db,
    `SELECT service, count(*) AS purchases, total(amount) AS revenue, ${jsonList('client_id')} AS ids
     FROM visits INDEXED BY visits_date WHERE amount > 0 AND date BETWEEN :from AND :to GROUP BY date, service`,
  )
    .raw()
    .all(period) as ServiceDayRow[];
  const slots = clientSlots(db);
  // Each client's purchases in the period, counted on the way: the total of the report reads them instead of the visits.
  const columns = emptyColumns(slots, false);
  const groups = groupVisitsByService(rows, slots, parseList, columns.purchases);
  const deals = wonDeals(db, period.from, period.to);
  addWonDeals(columns, deals);
  columns.revenue.fill(0);
  keepColumns(db, period.from, period.to, columns, false);
  return [...groups, ...wonDealGroup(deals)];
}

export function arpuGroupRows(db: Db, period: Period, by: ArpuBreakdown, scan?: PaidVisitScan): ArpuGroupRow[] {
  if (by === 'source') return bySource(db, purchaseColumns(db, period.from, period.to, { scan }));
  if (by === 'tag') return byTag(db, purchaseColumns(db, period.from, period.to, { scan }));
  return byService(db, period);
}

// ---------------------------------------------------------------------------------------------------------------
// Repeat purchase

function endParameters(ends: string[]): Record<string, string> {
  return Object.fromEntries(ends.map((end, i) => [`end${i}`, end]));
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

/** Each buyer up to the period's end: its purchases, first and last purchase. */
export function purchaseCountRows(db: Db, period: Period, scan?: PaidVisitScan): PurchaseCountRow[] {
  const columns = purchaseColumns(db, BEGINNING, period.to, { last: true, revenue: false, scan });
  const buyers = buyersOf(columns);
  const firsts = firstPurchases(db, buyers, columns.slots);
  const rows: PurchaseCountRow[] = buyers.map((id) => ({
    clientId: id,
    purchases: columns.purchases[id]!,
    firstPurchase: firsts[id]!,
    lastPurchase: columns.last![id]!,
  }));
  if (columns.purchases[0]! > 0) {
    rows.push({
      clientId: null,
      purchases: columns.purchases[0]!,
      firstPurchase: firstDealWithoutClient(db, BEGINNING, period.to),
      lastPurchase: columns.last![0]!,
    });
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------------------------
// Churn

/** The period [from, to] and the first day of the W days before it, windowStart = from − W. */
export interface ChurnRange {
  from: string;
  to: string;
  windowStart: string;
}

/**
 * What the churn report and `crm explain` read: each client's purchases in the window before the period and in the
 * period (with the last of each), and the first purchase ever of the reactivation candidates, the clients that
 * bought in the period and not in the window (the only ones whose earlier history matters).
 */
interface ChurnColumns {
  slots: number;
  before: PurchaseColumns;
  during: PurchaseColumns;
  candidates: number[];
  firsts: Array<string | undefined>;
}

/**
 * `inPeriod`: the revenue in the period too (crm explain shows it; the report does not need it). `firsts`: the first
 * purchase of the reactivation candidates (the report and crm explain reactivated need it, not the other listings).
 */
function churnColumns(
  db: Db,
  range: ChurnRange,
  { inPeriod, firsts, scan }: { inPeriod: boolean; firsts: boolean; scan?: PaidVisitScan },
): ChurnColumns {
  const slots = clientSlots(db);
  const before = purchaseColumns(db, range.windowStart, addDays(range.from, -1), { last: true, scan, slots });
  // The report needs only who bought in the period and when last; crm explain, their purchases and revenue there.
  const during = inPeriod
    ? purchaseColumns(db, range.from, range.to, { last: true, scan, slots })
    : lastPurchaseColumns(db, range.from, range.to, { scan, slots });
  const candidates: number[] = [];
  if (firsts) {
    for (let id = 1; id < slots; id++) if (during.purchases[id]! > 0 && before.purchases[id] === 0) candidates.push(id);
  }
  return {
    slots,
    before,
    during,
    candidates,
    firsts: firsts ? firstPurchases(db, candidates, slots) : new Array<string | undefined>(slots),
  };
}

/**
 * The columns as ChurnFactColumns: a slot is a client that bought in [from − W, to] when its last purchase before the
 * period or in it is known (purchaseColumns leaves null the slots without a purchase).
 */
function churnFactColumnsOf(columns: ChurnColumns, range: ChurnRange): ChurnFactColumns {
  const boughtBeforeWindow = new Uint8Array(columns.slots);
  // Known for the candidates; 0 for every other client, whose flags do not depend on it.
  for (const id of columns.candidates) {
    const first = columns.firsts[id];
    if (first !== undefined && first < range.windowStart) boughtBeforeWindow[id] = 1;
  }
  return {
    slots: columns.slots,
    lastBefore: columns.before.last!,
    lastInPeriod: columns.during.last!,
    boughtBeforeWindow,
    revenueBefore: columns.before.revenue,
  };
}

/** The churn facts of every client that bought in [from − W, to], for the report (slot 0: deals without a client). */
export function churnFactColumns(db: Db, range: ChurnRange, scan?: PaidVisitScan): ChurnFactColumns {
  return churnFactColumnsOf(churnColumns(db, range, { inPeriod: false, firsts: true, scan }), range);
}

/**
 * The last purchase of `client` (an SQL expression) dated before `bound`, through visits(client_id, date) and
 * deals(client_id).
 */
function lastPurchaseBefore(client: string, bound: string): string {
  return `(SELECT max(date) FROM (
      SELECT (SELECT v.date FROM ${clientVisits('v')} WHERE v.client_id = ${client} AND v.date < ${bound}
              AND v.amount > 0 ORDER BY v.date DESC LIMIT 1) AS date
      UNION ALL
      SELECT ${WON_DATE} FROM deals d
      WHERE d.client_id = ${client} AND d.stage = 'won' AND ${WON_DATE} < ${bound}))`;
}

/** The first purchase of `client` (an SQL expression) dated on or after `bound`. */
function firstPurchaseFrom(client: string, bound: string): string {
  return `(SELECT min(date) FROM (
      SELECT (SELECT v.date FROM ${clientVisits('v')} WHERE v.client_id = ${client} AND v.date >= ${bound}
              AND v.amount > 0 ORDER BY v.date LIMIT 1) AS date
      UNION ALL
      SELECT ${WON_DATE} FROM deals d
      WHERE d.client_id = ${client} AND d.stage = 'won' AND ${WON_DATE} >= ${bound}))`;
}

/**
 * Per client that bought in [from − W, to] (what `crm explain` shows), as columns: its churn facts, its purchases in
 * the period, and with `reactivation`, its revenue in the period (only the reactivated show it: reading the amounts of
 * the period's visits costs as much again as counting them) and, for the reactivation candidates that bought before
 * the window (the clients reactivated), the last purchase before it and the first in the period, by index probes.
 * Whether a candidate bought before the window (and when its first purchase in the period was, when that is its first
 * ever) is looked up with `reactivation` or `firsts`: the other listings do not depend on it.
 */
export function churnClientColumns(
  db: Db,
  range: ChurnRange,
  {
    reactivation = false,
    firsts = reactivation,
    scan,
  }: { reactivation?: boolean; firsts?: boolean; scan?: PaidVisitScan } = {},
): ChurnClientColumns {
  const columns = churnColumns(db, range, { inPeriod: reactivation, firsts: firsts || reactivation, scan });
  const earlier = new Map<number, string | null>();
  const firstInPeriod = new Map<number, string | null>();
  if (reactivation) {
    const returning = columns.candidates.filter((id) => columns.firsts[id]! < range.windowStart);
    const probed = statement(
      db,
      `SELECT json_group_array(${lastPurchaseBefore('j.value', ':windowStart')}) AS earlier,
         json_group_array(${firstPurchaseFrom('j.value', ':from')}) AS first
       FROM json_each(:ids) j`,
    ).get({ ids: ids(returning), windowStart: range.windowStart, from: range.from }) as {
      earlier: string;
      first: string;
    };
    const earlierDates = parseList<string | null>(probed.earlier);
    const firstDates = parseList<string | null>(probed.first);
    returning.forEach((id, i) => {
      earlier.set(id, earlierDates[i]!);
      firstInPeriod.set(id, firstDates[i]!);
    });
  }
  // A candidate whose first purchase ever is in the period: that is its first purchase in it.
  for (const id of columns.candidates) {
    const first = columns.firsts[id]!;
    if (first >= range.from) firstInPeriod.set(id, first);
  }
  return {
    ...churnFactColumnsOf(columns, range),
    purchasesInPeriod: columns.during.purchases,
    revenueInPeriod: columns.during.revenue,
    firstInPeriod,
    earlier,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Funnel

/**
 * Deals created in the period (deals(created)), by created date then id, with the first date of each stage they
 * entered (the last for lost and junk) and the reason of their last lost stage row, else their own. Deals and stage
 * rows come as lists, a list per column (a JSON array per row cost twice as much to make and to parse), and are put
 * together here: SQLite's GROUP BY over the join sorted every stage row first. Lead rows say nothing here and are
 * left out. When the period holds a good share of the deals, every other stage row is read in the table's order and
 * kept for the period's deals (`whole`), rather than looked up deal by deal through deal_stages(deal_id); tests
 * force each way.
 */
export function dealsCreatedIn(db: Db, period: Period, read?: ClientsRead): DealFacts[] {
  const inPeriod = statement(
    db,
    'SELECT count(*) FROM deals INDEXED BY deals_created WHERE created BETWEEN :from AND :to',
  )
    .pluck()
    .get(period) as number;
  if (inPeriod === 0) return [];
  const many = inPeriod >= WHOLE_DEALS_FROM && inPeriod > dealCount(db) * READ_WHOLE_FROM_SHARE;
  const whole = (read ?? (many ? 'whole' : 'lookup')) === 'whole';
  // Stages are CHECK-ed words: a comma-separated list of them needs no JSON.
  const deals = statement(
    db,
    `SELECT ${jsonList('d.id')} AS ids, json_group_array(d.client_id) AS clients, json_group_array(d.title) AS titles,
       json_group_array(d.source) AS sources, group_concat(d.stage) AS stages,
       json_group_array(d.created) AS created, json_group_array(d.amount) AS amounts,
       json_group_array(d.reason) AS reasons
     FROM deals d ${whole ? 'NOT INDEXED' : 'INDEXED BY deals_created'} WHERE d.created BETWEEN :from AND :to`,
  ).get(period) as Record<
    'ids' | 'clients' | 'titles' | 'sources' | 'stages' | 'created' | 'amounts' | 'reasons',
    string
  >;
  const ids = parseList(deals.ids);
  const clients = parseList(deals.clients);
  const titles = parseList<string>(deals.titles);
  const sources = parseList<string | null>(deals.sources);
  const stages = deals.stages.split(',') as Stage[];
  const created = parseList<string>(deals.created);
  const amounts = parseList<number | null>(deals.amounts);
  const reasons = parseList<string | null>(deals.reasons);
  const facts = new Map<number, DealFacts>();
  for (let i = 0; i < ids.length; i++) {
    facts.set(ids[i]!, {
      id: ids[i]!,
      clientId: clients[i]!,
      title: titles[i]!,
      source: sources[i]!,
      stage: stages[i]!,
      created: created[i]!,
      amount: amounts[i]!,
      qualified: null,
      deal: null,
      won: null,
      lost: null,
      junk: null,
      lostReason: trimSpaces(reasons[i]!),
    });
  }
  const lists = `${jsonList('s.deal_id')} AS deals, coalesce(group_concat(s.stage), '') AS stages,
    json_group_array(s.date) AS dates, json_group_array(s.reason) FILTER (WHERE s.stage = 'lost') AS reasons,
    '[' || coalesce(group_concat(s.id) FILTER (WHERE s.stage = 'lost'), '') || ']' AS lostIds`;
  const rows = (
    whole
      ? statement(db, `SELECT ${lists} FROM deal_stages s NOT INDEXED WHERE s.stage <> 'lead'`).get()
      : statement(
          db,
          `SELECT ${lists} FROM deals d INDEXED BY deals_created JOIN ${dealStages('s')} ON s.deal_id = d.id
           WHERE d.created BETWEEN :from AND :to AND s.stage <> 'lead'`,
        ).get(period)
  ) as Record<'deals' | 'stages' | 'dates' | 'reasons' | 'lostIds', string>;
  const owners = parseList(rows.deals);
  const rowStages = rows.stages.split(',') as Stage[];
  const dates = parseList<string>(rows.dates);
  const lostReasons = parseList<string | null>(rows.reasons);
  const lostIds = parseList(rows.lostIds);
  // The last lost row of each deal (by date, then id): its reason, if it has one, is the deal's lost reason.
  const lastLost = new Map<number, { date: string; id: number; reason: string | null }>();
  let lostRow = 0;
  for (let i = 0; i < owners.length; i++) {
    const stage = rowStages[i]!;
    const date = dates[i]!;
    // The lost rows' reasons and ids are listed apart, in the same order: counted whether or not the deal is kept.
    const lost = stage === 'lost' ? lostRow++ : -1;
    const deal = facts.get(owners[i]!);
    if (!deal) continue;
    if (stage === 'qualified' || stage === 'deal' || stage === 'won') {
      if (deal[stage] === null || date < deal[stage]!) deal[stage] = date;
    } else if (stage === 'lost' || stage === 'junk') {
      if (deal[stage] === null || date > deal[stage]!) deal[stage] = date;
      if (lost >= 0) {
        const id = lostIds[lost]!;
        const last = lastLost.get(deal.id);
        if (!last || date > last.date || (date === last.date && id > last.id)) {
          lastLost.set(deal.id, { date, id, reason: trimSpaces(lostReasons[lost]!) });
        }
      }
    }
  }
  for (const [dealId, { reason }] of lastLost) {
    if (reason !== null) facts.get(dealId)!.lostReason = reason;
  }
  // deals(created) gives them in this order already (a sort of sorted rows costs a pass); the table, by id.
  return [...facts.values()].sort((a, b) => (a.created < b.created ? -1 : a.created > b.created ? 1 : a.id - b.id));
}

/** Deals in a period from which their table is read whole, if they are a good share of it: a few are looked up. */
const WHOLE_DEALS_FROM = 1_000;

/** Every deal stored. */
function dealCount(db: Db): number {
  return statement(db, 'SELECT count(*) FROM deals').pluck().get() as number;
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
 * For a few clients whose first purchase ever is in the period (from the per-client summary): their cohort month
 * and each month of the period they bought in, counted per (cohort, month) by probes of their purchases.
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

/** New clients up to which their purchases are looked up one by one (a probe and a sort each) rather than read in a range. */
const COHORT_PROBE_COST = 20;
/** Cohort and month pairs up to which they are counted in an array (above: a period of centuries). */
const MAX_COHORT_CELLS = 4_000_000;

/**
 * For clients whose first purchase ever is in the period: their cohort (the month of that purchase) and each month
 * of the period they bought in, counted per (cohort, month). Many new clients: the period's purchases read day by
 * day and counted for the new clients, each client once a month (the days come in date order); few: looked up.
 */
export function cohortActivity(db: Db, period: Period): CohortActivity[] {
  // A row per first day (client_purchases(first) in its order: no sort, and no date text per client).
  const cohorts = statement(
    db,
    `SELECT first, ${jsonList('client_id')} AS ids FROM client_purchases INDEXED BY client_purchases_first
     WHERE first BETWEEN :from AND :to GROUP BY first`,
  )
    .raw()
    .all(period) as Array<[string, string]>;
  if (cohorts.length === 0) return [];
  const newClients = cohorts.map(([first, list]) => ({ month: monthNumber(first), ids: parseList(list) }));
  const newCount = newClients.reduce((sum, day) => sum + day.ids.length, 0);
  const inside = statement(db, 'SELECT total(purchases) FROM paid_visits_by_day WHERE date BETWEEN :from AND :to')
    .pluck()
    .get(period) as number;
  const start = newClients[0]!.month;
  const span = monthNumber(period.to) - start + 1;
  if (newCount * COHORT_PROBE_COST < inside || span * span > MAX_COHORT_CELLS) {
    return db.prepare(COHORT_SQL).all(period) as CohortActivity[];
  }
  const slots = clientSlots(db);
  // Month offsets from the earliest cohort, +1 (0: not a new client).
  const cohortOf = new Int32Array(slots);
  for (const { month, ids } of newClients) for (const id of ids) if (id < slots) cohortOf[id] = month - start + 1;
  const days = statement(
    db,
    `SELECT date, ${jsonList('client_id')} AS ids FROM visits INDEXED BY visits_date
     WHERE amount > 0 AND date BETWEEN :from AND :to GROUP BY date`,
  )
    .raw()
    .all(period) as Array<[string, string]>;
  return countCohortActivity({
    start,
    span,
    cohortOf,
    days,
    parseIds: parseList,
    deals: wonDeals(db, period.from, period.to),
  });
}

// ---------------------------------------------------------------------------------------------------------------
// RFM

/** Every buyer up to the period's end: last purchase, purchases and revenue (slot 0: deals without a client). */
export function rfmFactColumns(db: Db, period: Period, scan?: PaidVisitScan): RfmFactColumns {
  return rfmFactsOf(purchaseColumns(db, BEGINNING, period.to, { last: true, scan }));
}

/** rfmFactColumns in plain arrays. */
export function rfmFacts(db: Db, period: Period, scan?: PaidVisitScan): RfmFacts {
  const facts = rfmFactColumns(db, period, scan);
  return {
    clientIds: Array.from(facts.clientIds),
    lastPurchase: Array.from(facts.lastPurchase),
    frequency: Array.from(facts.frequency),
    monetary: Array.from(facts.monetary),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Due

/** Clients with a purchase in [from, to] (for `crm due`: the clients alive today), by id. */
export function buyersBetween(db: Db, period: Period): number[] {
  return buyersOf(purchaseColumns(db, period.from, period.to, { revenue: false }));
}

/**
 * buyersBetween for a range ending today (`crm due`'s clients alive today), from the per-client summary of paid
 * visits: a client whose last paid visit falls in the range bought in it, one whose last is later is looked up in
 * visits(client_id, date) (the few with a visit dated after today); then the won deals of the range. One row per
 * client instead of every visit of the range (a quarter of the history at one year).
 */
export function recentBuyers(db: Db, period: Period): number[] {
  const row = statement(
    db,
    `SELECT
       (SELECT ${jsonList('client_id')} FROM paid_visits_by_client WHERE last BETWEEN :from AND :to) AS inside,
       (SELECT ${jsonList('p.client_id')} FROM paid_visits_by_client p
        WHERE p.last > :to AND EXISTS (
          SELECT 1 FROM ${clientVisits('v')}
          WHERE v.client_id = p.client_id AND v.date BETWEEN :from AND :to AND v.amount > 0)) AS later`,
  ).get(period) as { inside: string; later: string };
  const buyers = new Set([...parseList(row.inside), ...parseList(row.later)]);
  for (const deal of wonDeals(db, period.from, period.to)) if (deal.client_id !== null) buyers.add(deal.client_id);
  return [...buyers].sort((a, b) => a - b);
}

/**
 * Purchase days up to today of the given clients, oldest first (a day repeats when it had a visit and a won deal).
 * For many clients, every paid visit up to today is read day by day (in date order) and kept for the clients asked
 * for; for a few, their visits come from the covering index visits(client_id, date), client after client, as two
 * lists.
 */
export function purchaseDays(db: Db, today: string, clientIds: number[], read?: ClientsRead): PurchaseDays[] {
  if (clientIds.length === 0) return [];
  const slots = clientSlots(db);
  const days = new Map<number, string[]>();
  if ((read ?? (clientIds.length > slots * READ_WHOLE_FROM_SHARE ? 'whole' : 'lookup')) === 'whole') {
    const rows = statement(
      db,
      `SELECT date, ${jsonList('client_id')} AS ids FROM visits INDEXED BY visits_date
       WHERE amount > 0 AND date <= :today GROUP BY date`,
    )
      .raw()
      .all({ today }) as Array<[string, string]>;
    const lists = rows.map(([, list]) => parseList(list));
    // Twice over the days: each wanted client's days counted, then written into a list of that length (tens of
    // thousands of lists grown a day at a time cost twice as much). A client seen twice a day counts the day once.
    const wanted = new Uint8Array(slots);
    for (const id of clientIds) if (id < slots) wanted[id] = 1;
    const counts = new Int32Array(slots);
    const lastRow = new Int32Array(slots).fill(-1);
    lists.forEach((ids, row) => {
      for (const id of ids) {
        if (wanted[id] === 1 && lastRow[id] !== row) {
          lastRow[id] = row;
          counts[id]!++;
        }
      }
    });
    const kept = new Array<string[] | undefined>(slots);
    for (const id of clientIds)
      if (id < slots && counts[id]! > 0 && !kept[id]) kept[id] = new Array<string>(counts[id]!);
    const written = new Int32Array(slots);
    lastRow.fill(-1);
    lists.forEach((ids, row) => {
      const date = rows[row]![0];
      for (const id of ids) {
        if (wanted[id] === 1 && lastRow[id] !== row) {
          lastRow[id] = row;
          kept[id]![written[id]!++] = date;
        }
      }
    });
    for (const id of clientIds) if (kept[id]) days.set(id, kept[id]!);
  } else {
    const visits = statement(
      db,
      `SELECT ${jsonList('v.client_id')} AS ids, json_group_array(v.date) AS dates
       FROM json_each(:ids) j JOIN ${clientVisits('v')} ON v.client_id = j.value
       WHERE v.date <= :today AND v.amount > 0`,
    ).get({ ids: ids(new Set(clientIds)), today }) as { ids: string; dates: string };
    const owners = parseList(visits.ids);
    const dates = parseList<string>(visits.dates);
    // Each client's visits come together, in date order.
    let kept: string[] = [];
    for (let i = 0; i < owners.length; i++) {
      if (i === 0 || owners[i] !== owners[i - 1]) {
        kept = [];
        days.set(owners[i]!, kept);
      }
      if (kept[kept.length - 1] !== dates[i]) kept.push(dates[i]!);
    }
  }
  const deals = statement(
    db,
    `SELECT d.client_id, ${WON_DATE} AS date FROM json_each(:ids) c JOIN deals d ON d.client_id = c.value
     WHERE d.stage = 'won' AND ${WON_DATE} <= :today`,
  ).all({ ids: ids(clientIds), today }) as Array<{ client_id: number; date: string }>;
  const withDeals = new Set<number>();
  for (const deal of deals) {
    days.set(deal.client_id, [...(days.get(deal.client_id) ?? []), deal.date]);
    withDeals.add(deal.client_id);
  }
  return [...days]
    .sort(([a], [b]) => a - b)
    .map(([clientId, list]) => ({ clientId, days: withDeals.has(clientId) ? list.sort() : list }));
}

/** Clients whose latest answer in [from, to] scored 0–6. */
export function recentDetractors(db: Db, period: Period): RecentDetractor[] {
  const rows = db
    .prepare(`SELECT client_id, date, score FROM (${LATEST_ANSWERS}) WHERE score <= 6`)
    .all(period) as Array<{ client_id: number; date: string; score: number }>;
  return rows.map((row) => ({ clientId: row.client_id, date: row.date, score: row.score }));
}

/** SQLite's BINARY order of two texts (their UTF-8 bytes): code point by code point. */
function compareBinary(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const difference = left[i]!.codePointAt(0)! - right[i]!.codePointAt(0)!;
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}

/** A client's visits with one service: how many, and the last day. */
interface ServiceUse {
  visits: number;
  last: string;
}

/** The usual service among a client's services: most visits, then the one used last, then the first by name. */
function usualService(uses: Iterable<[string, ServiceUse]>): string | null {
  let best: [string, ServiceUse] | undefined;
  for (const entry of uses) {
    const [service, { visits, last }] = entry;
    if (
      !best ||
      visits > best[1].visits ||
      (visits === best[1].visits &&
        (last > best[1].last || (last === best[1].last && compareBinary(service, best[0]) < 0)))
    )
      best = entry;
  }
  return best ? best[0] : null;
}

/**
 * What a visit's service costs looked up in the table, in visits read from an index: a client's usual service is
 * looked up while the clients asked for are fewer than the clients stored over this.
 */
const SERVICE_LOOKUP_COST = 15;
/** Client and service cells (12 bytes each) up to which the usual services are counted in typed arrays. */
const MAX_DENSE_SERVICE_CELLS = 4_000_000;

/**
 * The usual service of each of the given clients, by client id. For a few clients, their visits with a service come
 * through visits(client_id, date), each visit's service looked up in the table. For many, every visit with a service
 * is read from visits(date, service, client_id, amount) alone, a day and service at a time (in date order, so the
 * last day seen is the last use), and counted per client and service in typed arrays.
 */
function usualServices(db: Db, clientIds: number[], slots: number, read?: ClientsRead): Map<number, string> {
  const usual = new Map<number, string>();
  if ((read ?? (clientIds.length * SERVICE_LOOKUP_COST > slots ? 'whole' : 'lookup')) === 'lookup') {
    const visits = statement(
      db,
      `SELECT ${jsonList('v.client_id')} AS ids, json_group_array(v.service) AS services, json_group_array(v.date) AS dates
       FROM json_each(:ids) j JOIN ${clientVisits('v')} ON v.client_id = j.value
       WHERE nullif(trim(v.service), '') IS NOT NULL`,
    ).get({ ids: ids(clientIds) }) as { ids: string; services: string; dates: string };
    const visitIds = parseList(visits.ids);
    const services = parseList<string>(visits.services);
    const dates = parseList<string>(visits.dates);
    let uses = new Map<string, ServiceUse>();
    for (let i = 0; i < visitIds.length; i++) {
      const use = uses.get(services[i]!);
      if (use) {
        use.visits++;
        if (dates[i]! > use.last) use.last = dates[i]!;
      } else uses.set(services[i]!, { visits: 1, last: dates[i]! });
      // A client's visits come together: at its last one, its usual service is known.
      if (visitIds[i + 1] !== visitIds[i]) {
        usual.set(visitIds[i]!, usualService(uses)!);
        uses = new Map();
      }
    }
    return usual;
  }
  // Blank services are left out a row at a time, here: trimming every visit's service in SQL cost a third more.
  const rows = (
    statement(
      db,
      `SELECT date, service, ${jsonList('client_id')} AS ids FROM visits INDEXED BY visits_date GROUP BY date, service`,
    )
      .raw()
      .all() as Array<[string, string | null, string]>
  ).filter((row): row is [string, string, string] => trimSpaces(row[1]) !== null);
  // Each service text a number, each wanted client a row of counts (one per number) and of the last day's rank.
  const codes = new Map<string, number>();
  for (const row of rows) if (!codes.has(row[1])) codes.set(row[1], codes.size);
  const width = codes.size;
  const rowOf = new Int32Array(slots).fill(-1);
  clientIds.forEach((id, i) => {
    if (id < slots) rowOf[id] = i;
  });
  // A cell per client and service: in typed arrays while they stay small, else only the cells used, in a map.
  const cells = clientIds.length * width;
  const dense = cells <= MAX_DENSE_SERVICE_CELLS;
  const counts = new Float64Array(dense ? cells : 0);
  const lastDay = new Int32Array(dense ? cells : 0);
  const sparse = new Map<number, { visits: number; last: number }>();
  // The rank of the row's day among the days read: rows come in date order.
  let day = -1;
  let dayText: string | undefined;
  for (const [date, service, list] of rows) {
    if (date !== dayText) {
      dayText = date;
      day++;
    }
    const code = codes.get(service)!;
    for (const id of parseList(list)) {
      const row = id < slots ? rowOf[id]! : -1;
      if (row < 0) continue;
      const cell = row * width + code;
      if (dense) {
        counts[cell]!++;
        lastDay[cell] = day;
      } else {
        const use = sparse.get(cell);
        if (use) {
          use.visits++;
          use.last = day;
        } else sparse.set(cell, { visits: 1, last: day });
      }
    }
  }
  // Each client's best cell so far, by the rule of usualService (a later day has a larger rank).
  const names = [...codes.keys()];
  const bestCode = new Int32Array(clientIds.length).fill(-1);
  const bestVisits = new Float64Array(clientIds.length);
  const bestDay = new Int32Array(clientIds.length);
  const consider = (cell: number, visits: number, day: number) => {
    const row = Math.floor(cell / width);
    const code = cell % width;
    const best = bestCode[row]!;
    if (
      best < 0 ||
      visits > bestVisits[row]! ||
      (visits === bestVisits[row]! &&
        (day > bestDay[row]! || (day === bestDay[row]! && compareBinary(names[code]!, names[best]!) < 0)))
    ) {
      bestCode[row] = code;
      bestVisits[row] = visits;
      bestDay[row] = day;
    }
  };
  if (dense) {
    for (let cell = 0; cell < cells; cell++) if (counts[cell]! > 0) consider(cell, counts[cell]!, lastDay[cell]!);
  } else for (const [cell, use] of sparse) consider(cell, use.visits, use.last);
  clientIds.forEach((id, row) => {
    if (bestCode[row]! >= 0) usual.set(id, names[bestCode[row]!]!);
  });
  return usual;
}

/**
 * The primary phone (the first by position; E.164 when it was valid, else as written) of the given clients, by
 * client id: looked up client by client, or for many, every phone read in one pass over the contacts.
 */
function primaryPhones(
  db: Db,
  clientIds: number[],
  slots: number,
  read?: ClientsRead,
): Array<string | null | undefined> {
  if ((read ?? (clientIds.length > slots * READ_WHOLE_FROM_SHARE ? 'whole' : 'lookup')) === 'lookup') {
    return columnOf<string | null>(
      db,
      'clients',
      'id',
      `(SELECT CASE WHEN p.valid THEN p.value ELSE p.raw END FROM client_contacts p
        WHERE p.client_id = t.id AND p.kind = 'phone' ORDER BY p.position LIMIT 1)`,
      clientIds,
      slots,
      'lookup',
    );
  }
  const row = statement(
    db,
    `SELECT ${jsonList('client_id')} AS ids, ${jsonList('position')} AS positions,
       json_group_array(CASE WHEN valid THEN value ELSE raw END) AS phones
     FROM client_contacts NOT INDEXED WHERE kind = 'phone'`,
  ).get() as { ids: string; positions: string; phones: string };
  const owners = parseList(row.ids);
  const positions = parseList(row.positions);
  const texts = parseList<string>(row.phones);
  const phones = new Array<string | null | undefined>(slots);
  const position = new Float64Array(slots).fill(Number.POSITIVE_INFINITY);
  for (let i = 0; i < owners.length; i++) {
    const id = owners[i]!;
    if (id < slots && positions[i]! < position[id]!) {
      position[id] = positions[i]!;
      phones[id] = texts[i]!;
    }
  }
  return phones;
}

/**
 * Name, primary phone (E.164 when it was valid, else as written) and usual service (most visits; ties go to the
 * one used last, then by name) of the given clients. A client not stored has none.
 */
export function clientDetails(db: Db, clientIds: number[], read?: ClientsRead): Map<number, ClientDetails> {
  const details = new Map<number, ClientDetails>();
  if (clientIds.length === 0) return details;
  const slots = clientSlots(db);
  const names = columnOf<string>(db, 'clients', 'id', 't.name', clientIds, slots, read);
  const phones = primaryPhones(db, clientIds, slots, read);
  const usual = usualServices(db, clientIds, slots, read);
  for (const id of clientIds) {
    const name = id < slots ? names[id] : undefined;
    if (name === undefined) continue;
    details.set(id, { name, phone: phones[id] ?? null, usualService: usual.get(id) ?? null });
  }
  return details;
}

/**
 * What client_due_facts (migration 6) holds of some clients, by client id (a slot per id, as PurchaseColumns): the
 * rhythm over all their purchase days and the usual service. Columns, not an object per client: tens of thousands.
 */
interface DueFacts {
  /** 1 for the clients whose facts are known. */
  known: Uint8Array;
  last: Array<string | null>;
  medianGap: Array<number | null>;
  usualService: Array<string | null>;
}

/** A day after every purchase: purchaseDays up to it reads a client's whole history. */
const END_OF_TIME = '9999-12-31';

/**
 * The rows of client_due_facts stored for the given clients (looked up, or read whole for many): with `service`,
 * only the usual service is read (the other columns are left empty).
 */
function storedDueFacts(db: Db, clientIds: number[], slots: number, service: boolean): DueFacts {
  const facts: DueFacts = {
    known: new Uint8Array(slots),
    last: new Array(slots),
    medianGap: new Array(slots),
    usualService: new Array(slots),
  };
  const lists = service
    ? `${jsonList('t.client_id')} AS ids, json_group_array(t.usual_service) AS services`
    : `${jsonList('t.client_id')} AS ids, json_group_array(t.last) AS last, json_group_array(t.median_gap) AS gaps`;
  const row = (
    clientIds.length > slots * READ_WHOLE_FROM_SHARE
      ? statement(db, `SELECT ${lists} FROM client_due_facts t`).get()
      : statement(db, `SELECT ${lists} FROM json_each(:ids) j JOIN client_due_facts t ON t.client_id = j.value`).get({
          ids: ids(clientIds),
        })
  ) as { ids: string; last?: string; gaps?: string; services?: string };
  const keys = parseList(row.ids);
  const last = service ? [] : parseList<string | null>(row.last!);
  const gaps = service ? [] : parseList<number | null>(row.gaps!);
  const services = service ? parseList<string | null>(row.services!) : [];
  for (let i = 0; i < keys.length; i++) {
    const id = keys[i]!;
    if (id >= slots) continue;
    facts.known[id] = 1;
    if (service) facts.usualService[id] = services[i]!;
    else {
      facts.last[id] = last[i]!;
      facts.medianGap[id] = gaps[i]!;
    }
  }
  return facts;
}

/** Whether `error` is SQLite saying the database cannot be written now: another writer holds it, or it is read-only. */
function cannotWriteNow(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_READONLY'));
}

/** The due facts of `clientIds` worked out from all their visits and won deals: [id, last, median gap, service]. */
type WorkedFacts = Array<[number, string | null, number | null, string | null]>;

function workOutDueFacts(db: Db, clientIds: number[]): WorkedFacts {
  const rhythms = new Map(purchaseRhythms(purchaseDays(db, END_OF_TIME, clientIds)).map((r) => [r.clientId, r]));
  const usual = usualServices(db, clientIds, clientSlots(db));
  return clientIds.map((id) => {
    const rhythm = rhythms.get(id);
    return [id, rhythm?.last ?? null, rhythm?.medianGap ?? null, usual.get(id) ?? null];
  });
}

/**
 * Works out the due facts of `clientIds` and stores them, in one write transaction so that no write to their visits
 * comes between; through a connection of its own when `db` only reads (reports open the database read-only).
 * Undefined when the database cannot be written now: another writer holds it (an import of a million visits: the
 * report does not wait for it) or the file is read-only.
 */
function storeDueFacts(db: Db, clientIds: number[]): WorkedFacts | undefined {
  if (db.readonly && (db.memory || !isWritable(db.name))) return undefined;
  const writer = db.readonly ? (dueWriters.get(db) ?? openDatabase(db.name)) : db;
  const timeout = writer.pragma('busy_timeout', { simple: true }) as number;
  writer.pragma('busy_timeout = 0');
  try {
    if (writer !== db) prepareForReports(writer);
    let worked: WorkedFacts = [];
    writer
      .transaction(() => {
        worked = workOutDueFacts(writer, clientIds);
        statement(
          writer,
          `INSERT OR REPLACE INTO client_due_facts (client_id, last, median_gap, usual_service)
           SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3
           FROM json_each(:rows) j JOIN clients c ON c.id = j.value ->> 0`,
        ).run({ rows: JSON.stringify(worked) });
      })
      .immediate();
    return worked;
  } catch (error) {
    if (cannotWriteNow(error)) return undefined;
    throw error;
  } finally {
    if (writer === db) writer.pragma(`busy_timeout = ${timeout}`);
    else dueWriters.set(db, writer);
  }
}

/**
 * The due facts of the given clients: from client_due_facts, and for the clients without a row there (the first
 * `crm due` after a bulk load, or after writes to their visits), worked out and stored for the next time, or only
 * worked out when the database cannot be written now. A client not stored has none. `service`: as storedDueFacts.
 */
function dueFacts(db: Db, clientIds: number[], service: boolean): DueFacts {
  const slots = clientSlots(db);
  const facts = storedDueFacts(db, clientIds, slots, service);
  const missing = [...new Set(clientIds.filter((id) => id < slots && facts.known[id] === 0))];
  if (missing.length === 0) return facts;
  // A client not stored has no visits nor deals left: nothing to plan, no name to list.
  for (const [id, last, medianGap, usualService] of storeDueFacts(db, missing) ?? workOutDueFacts(db, missing)) {
    facts.known[id] = 1;
    facts.last[id] = last;
    facts.medianGap[id] = medianGap;
    facts.usualService[id] = usualService;
  }
  return facts;
}

/**
 * Each given client's purchase rhythm up to today (clients without a purchase left out): from its due facts while
 * its last purchase is on or before today, else from its purchase days up to today.
 */
export function rhythmsUpTo(db: Db, today: string, clientIds: number[]): PurchaseRhythm[] {
  const facts = dueFacts(db, clientIds, false);
  const rhythms: PurchaseRhythm[] = [];
  const later: number[] = [];
  for (const id of new Set(clientIds)) {
    const last = facts.known[id] === 1 ? facts.last[id] : null;
    if (last === null || last === undefined) continue;
    if (last <= today) rhythms.push({ clientId: id, last, medianGap: facts.medianGap[id] ?? null });
    else later.push(id);
  }
  if (later.length > 0) rhythms.push(...purchaseRhythms(purchaseDays(db, today, later)));
  return rhythms;
}

/** clientDetails, the usual service from the due facts: what `crm due` shows of the clients it lists. */
export function dueDetails(db: Db, clientIds: number[]): Map<number, ClientDetails> {
  const details = new Map<number, ClientDetails>();
  if (clientIds.length === 0) return details;
  const facts = dueFacts(db, clientIds, true);
  const slots = clientSlots(db);
  const names = columnOf<string>(db, 'clients', 'id', 't.name', clientIds, slots);
  const phones = primaryPhones(db, clientIds, slots);
  for (const id of clientIds) {
    const name = id < slots ? names[id] : undefined;
    if (name === undefined) continue;
    details.set(id, { name, phone: phones[id] ?? null, usualService: facts.usualService[id] ?? null });
  }
  return details;
}

// ---------------------------------------------------------------------------------------------------------------
// Shared

/**
 * The names of the given clients by id, in the order of name then id (what `crm explain` lists them by): sorted by
 * SQLite, read for all clients in one pass when they are many.
 */
export function clientNames(db: Db, clientIds: Iterable<number>): Map<number, string> {
  const wanted = [...clientIds];
  const names = new Map<number, string>();
  if (wanted.length === 0) return names;
  const slots = clientSlots(db);
  const lists = `SELECT ${jsonList('id')} AS ids, json_group_array(name) AS names FROM`;
  // Sorted once in a subquery: an ORDER BY inside each aggregate sorts once per aggregate. Its order reaches the
  // lists as SQLite reads the subquery; crm explain checks it, and sorts itself should it ever not.
  // Read whole, every client's name is sorted, not only those asked for: worth it past half of them.
  const whole = wanted.length > slots / 2;
  const row = (
    whole
      ? statement(db, `${lists} (SELECT id, name FROM clients ORDER BY name, id)`).get()
      : statement(
          db,
          `${lists} (SELECT t.id, t.name FROM json_each(:ids) j JOIN clients t ON t.id = j.value ORDER BY t.name, t.id)`,
        ).get({ ids: ids(wanted) })
  ) as { ids: string; names: string };
  const found = parseList(row.ids);
  const texts = parseList<string>(row.names);
  const asked = whole ? new Uint8Array(slots) : undefined;
  if (asked) for (const id of wanted) if (id < slots) asked[id] = 1;
  for (let i = 0; i < found.length; i++) if (!asked || asked[found[i]!] === 1) names.set(found[i]!, texts[i]!);
  return names;
}
