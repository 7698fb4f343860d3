/**
 * Each client's purchases in a date range, as columns indexed by client id: what most reports are computed from, as
 * on SQLite (store/purchase-columns.ts), whose two ways of reading a range this follows:
 * - `range`: the paid visits dated in it, counted per client by the server (visits(date, client_id, amount) covers
 *   them);
 * - `complement`: every client's lifetime figures from the per-client summary (paid_visits_by_client, one row per
 *   client) less the visits dated before and after the range: a year of a one-year history, or all time, reads the
 *   few visits around it and 100,000 summary rows instead of 875,000 visits (0.7-1.9 s for the server to aggregate).
 * The per-day summary says which way reads fewer rows before anything is read. Won deals, which are few, are read
 * for the range itself.
 *
 * Per-client figures cross the network as comma-separated lists (`string_agg`), one row of a few texts: 100,000 rows
 * of objects cost the driver several times more than the server's reading.
 */

import type { PaidVisitCounts, PaidVisitScan, PurchaseColumns } from '../purchase-columns.js';
import type { Connection } from './connection.js';

export type { PaidVisitCounts, PaidVisitScan, PurchaseColumns };

/** Before every stored date: bounds a range that reaches back to the first purchase. */
export const BEGINNING = '0000-01-01';

/**
 * Won deals as purchases (client_id, date, amount, service, is_deal) dated in [from, to] (SQL parameters). A deal
 * is won when its current stage is; a second 'won' row of the same deal is ignored.
 */
export function wonDealsBetween(from: string, to: string): string {
  return `
    SELECT d.client_id, s.date, coalesce(d.amount, 0) AS amount, NULL::text AS service, 1 AS is_deal
    FROM deal_stages s JOIN deals d ON d.id = s.deal_id
    WHERE s.stage = 'won' AND s.date BETWEEN ${from} AND ${to} AND d.stage = 'won'
      AND NOT EXISTS (
        SELECT 1 FROM deal_stages e
        WHERE e.deal_id = s.deal_id AND e.stage = 'won' AND (e.date < s.date OR (e.date = s.date AND e.id < s.id)))
    UNION ALL
    SELECT d.client_id, d.created, coalesce(d.amount, 0), NULL, 1
    FROM deals d
    WHERE d.stage = 'won' AND d.created BETWEEN ${from} AND ${to}
      AND NOT EXISTS (SELECT 1 FROM deal_stages e WHERE e.deal_id = d.id AND e.stage = 'won')`;
}

export interface WonDeal {
  client_id: number | null;
  date: string;
  amount: number;
}

/** Won deals dated in [from, to], oldest first. */
export function wonDeals(c: Connection, from: string, to: string): Promise<WonDeal[]> {
  return c.rows<WonDeal>(
    `SELECT client_id, date, amount FROM (${wonDealsBetween('$1::text', '$2::text')}) won ORDER BY date`,
    [from, to],
  );
}

/** The whole numbers of a comma-separated list (as `string_agg` writes them), without a string per number. */
export function parseNumbers(list: string | null): Float64Array {
  if (!list) return new Float64Array(0);
  let count = 1;
  for (let i = 0; i < list.length; i++) if (list.charCodeAt(i) === 0x2c) count++;
  const numbers = new Float64Array(count);
  let at = 0;
  let value = 0;
  let negative = false;
  for (let i = 0; i <= list.length; i++) {
    const code = i < list.length ? list.charCodeAt(i) : 0x2c;
    if (code === 0x2c) {
      numbers[at++] = negative ? -value : value;
      value = 0;
      negative = false;
    } else if (code === 0x2d) negative = true;
    else value = value * 10 + (code - 0x30);
  }
  return numbers;
}

/**
 * Ids as the text of an SQL array (`{1,2,3}`), for a `$n::bigint[]` parameter: handed an array, the driver escapes
 * each element on its own (20 ms for the monthly report's 15,000 churn candidates).
 */
export function idArray(ids: readonly number[]): string {
  return `{${ids.join(',')}}`;
}

/** The texts of a comma-separated list (texts without a comma: dates). */
export function parseTexts(list: string | null): string[] {
  return list ? list.split(',') : [];
}

/**
 * What a report session reads once and asks about many times: how many client slots, and the per-day summary as
 * running totals, which say how many paid visits any range holds without a round trip (a monthly report reads about
 * a dozen ranges). Kept for a read-only connection, which sees one state from its open to its close; read again for
 * every question on a connection that may write.
 */
interface SessionFacts {
  slots: number;
  /** Clients with a paid visit (rows of the per-client summary). */
  clients: number;
  /** Days with a paid visit, ascending, and the paid visits up to each (included). */
  dates: string[];
  upTo: Float64Array;
  /** The first purchase ever of every client by id, once read whole (firstPurchases). */
  firsts?: Promise<Array<string | undefined>>;
  /** The clients whose first purchase was asked for so far. */
  firstsAsked: number;
  /** Columns asked for, by range, as promises: a report may ask for one range twice before the first answer. */
  columns: Map<string, { last: boolean; columns: Promise<PurchaseColumns> }>;
}

/**
 * As promises, so that questions asked at once (a monthly report asks for its months together, and the server reads
 * one month while this process works out the last) share one reading.
 */
const sessions = new WeakMap<Connection, Promise<SessionFacts>>();

function sessionFacts(c: Connection): Promise<SessionFacts> {
  const known = sessions.get(c);
  if (known) return known;
  const facts = readSessionFacts(c);
  if (c.readonly) sessions.set(c, facts);
  return facts;
}

async function readSessionFacts(c: Connection): Promise<SessionFacts> {
  const row = (await c.row<{ slots: number | null; clients: number; dates: string | null; counts: string | null }>(
    `SELECT (SELECT max(id) FROM clients) AS slots, (SELECT count(*) FROM paid_visits_by_client) AS clients,
       (SELECT string_agg(date, ',' ORDER BY date) FROM paid_visits_by_day) AS dates,
       (SELECT string_agg(purchases::text, ',' ORDER BY date) FROM paid_visits_by_day) AS counts`,
  ))!;
  const upTo = parseNumbers(row.counts);
  for (let i = 1; i < upTo.length; i++) upTo[i]! += upTo[i - 1]!;
  const facts: SessionFacts = {
    slots: (row.slots ?? 0) + 1,
    clients: row.clients,
    dates: parseTexts(row.dates),
    upTo,
    columns: new Map(),
    firstsAsked: 0,
  };
  return facts;
}

/** One slot per client id (the largest stored id bounds them); slot 0 stands for the won deals without a client. */
export async function clientSlots(c: Connection): Promise<number> {
  return (await sessionFacts(c)).slots;
}

/** The paid visits dated up to `date` (included, or excluded with `before`), from the running totals. */
function visitsUpTo(facts: SessionFacts, date: string, before = false): number {
  let low = 0;
  let high = facts.dates.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    const day = facts.dates[middle]!;
    if (day < date || (!before && day === date)) low = middle + 1;
    else high = middle;
  }
  return low === 0 ? 0 : facts.upTo[low - 1]!;
}

export async function paidVisitCounts(c: Connection, from: string, to: string): Promise<PaidVisitCounts> {
  const facts = await sessionFacts(c);
  const total = facts.upTo.length ? facts.upTo[facts.upTo.length - 1]! : 0;
  const before = visitsUpTo(facts, from, true);
  const upToEnd = Math.max(before, visitsUpTo(facts, to));
  return { before, inside: upToEnd - before, after: total - upToEnd, clients: facts.clients };
}

/*
 * What each way costs, in visits counted in a range by the server, measured on the bench's million visits (ten
 * years, 100,000 clients): the visits of a range are counted per client after sorting them by client (~0.9 µs a
 * visit: a year, 80,000 visits, 73 ms), or, past about a third of the history, from the index on (client_id, date,
 * amount) read whole in client order with no sort (210-245 ms for any range that long); a summary row read and sent
 * ~0.8 visits (77 ms for 100,000); a lookup of one client's last visit up to a day, in client order, ~3 µs (the
 * 48,000 clients with a visit after 2025: 145 ms).
 */
const SUMMARY_ROW_COST = 0.8;
const LAST_LOOKUP_COST = 3.2;
/** The index read whole in client order, per paid visit stored. */
const CLIENT_ORDER_SHARE = 0.29;

/**
 * How to read the paid visits of [from, to]: the range itself, or the per-client summary less what lies around it,
 * whichever reads less. With `last`, every client with a visit after the range needs its last visit up to `to`
 * looked up.
 */
export async function paidVisitScan(c: Connection, from: string, to: string, last: boolean): Promise<PaidVisitScan> {
  const counts = await paidVisitCounts(c, from, to);
  const whole = CLIENT_ORDER_SHARE * (counts.before + counts.inside + counts.after);
  const counted = (visits: number) => Math.min(visits, whole);
  const complement =
    SUMMARY_ROW_COST * counts.clients +
    counted(counts.before) +
    counted(counts.after) +
    (last ? LAST_LOOKUP_COST * expectedLookups(counts) : 0);
  return complement < counted(counts.inside) ? 'complement' : 'range';
}

/** Blocks of client ids a range read in client order is asked in. */
const CLIENT_BLOCKS = 4;

/** Whether the server reads the visits of [from, to] in client order, the whole index (see the costs above). */
async function readInClientOrder(c: Connection, from: string, to: string): Promise<boolean> {
  const counts = await paidVisitCounts(c, from, to);
  return counts.inside > CLIENT_ORDER_SHARE * (counts.before + counts.inside + counts.after);
}

/** The clients expected among the visits after the range (each needs its last visit up to the range's end). */
function expectedLookups(counts: PaidVisitCounts): number {
  return counts.clients === 0 ? 0 : counts.clients * -Math.expm1(-counts.after / counts.clients);
}

function emptyColumns(slots: number, withLast: boolean): PurchaseColumns {
  return {
    slots,
    purchases: new Float64Array(slots),
    revenue: new Float64Array(slots),
    last: withLast ? new Array<string | null>(slots).fill(null) : undefined,
  };
}

interface Lists {
  ids: string | null;
  purchases: string | null;
  revenue: string | null;
  last?: string | null;
}

/** Per-client lists of the rows of `source` (client_id, purchases, revenue, last): texts of one row. */
function listsOf(source: string, withLast: boolean): string {
  return `SELECT string_agg(client_id::text, ',') AS ids, string_agg(purchases::text, ',') AS purchases,
      string_agg(revenue::text, ',') AS revenue${withLast ? `, string_agg(last, ',') AS last` : ''}
    FROM (${source}) lists`;
}

/** The won deals of [$1, $2] as lists of one row (client 0: none), beside the visits' lists of the same statement. */
const WON_DEAL_LISTS = `
  SELECT string_agg(coalesce(client_id, 0)::text, ',' ORDER BY date) AS deal_ids,
    string_agg(date, ',' ORDER BY date) AS deal_dates, string_agg(amount::text, ',' ORDER BY date) AS deal_amounts
  FROM (${wonDealsBetween('$1::text', '$2::text')}) won`;

interface DealLists {
  deal_ids: string | null;
  deal_dates: string | null;
  deal_amounts: string | null;
}

/** Adds (`sign` 1) or takes away (-1) per-client lists into the columns; `touched` marks the clients listed. */
function addLists(
  columns: PurchaseColumns,
  lists: Lists,
  sign: 1 | -1,
  { touched, withLast = false }: { touched?: Uint8Array; withLast?: boolean } = {},
): void {
  const ids = parseNumbers(lists.ids);
  const purchases = parseNumbers(lists.purchases);
  const revenue = parseNumbers(lists.revenue);
  const last = withLast && columns.last ? parseTexts(lists.last ?? null) : undefined;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (id >= columns.slots) continue;
    columns.purchases[id]! += sign * purchases[i]!;
    columns.revenue[id]! += sign * revenue[i]!;
    if (last) columns.last![id] = last[i]!;
    if (touched) touched[id] = 1;
  }
}

/**
 * Paid visits counted per client, dated as `where` says (an SQL condition on `date`, parameters $1 and $2), in
 * client order. Ordered first, so that the server counts them sorted by client, or read in client order from
 * visits(client_id, date, amount) when the range is long: it hashed them by client otherwise, 40-60 % slower for
 * tens of thousands of clients (a year of the bench's history 100 ms against 73, seven years 510 against 186).
 */
const paidVisitsPerClient = (where: string) => `
  SELECT client_id, count(*) AS purchases, sum(amount) AS revenue, max(date) AS last
  FROM (SELECT client_id, date, amount FROM visits WHERE amount > 0 AND ${where} ORDER BY client_id) paid
  GROUP BY client_id`;

export interface PurchaseColumnOptions {
  /** Read the date of each client's last purchase in the range. */
  last?: boolean;
  /** Force a way of reading the visits (tests hold the two equal); by default paidVisitScan chooses. */
  scan?: PaidVisitScan;
}

/** Columns kept at most by a read-only session: a monthly report reads about a dozen ranges. */
const MAX_KEPT_COLUMNS = 16;

/**
 * Each client's paid visits and won deals dated in [from, to]: count, revenue and, with `last`, the last date. A
 * read-only session keeps what it read: one command asks for the same range more than once (ARPU with --by reads
 * the buyers for the total and for the groups; the monthly report's ARPU and churn read the same month).
 */
export async function purchaseColumns(
  c: Connection,
  from: string,
  to: string,
  { last = false, scan }: PurchaseColumnOptions = {},
): Promise<PurchaseColumns> {
  const facts = await sessionFacts(c);
  const key = `${from} ${to} ${scan ?? ''}`;
  const kept = facts.columns.get(key);
  if (kept && (!last || kept.last)) return kept.columns;
  const columns = readPurchaseColumns(c, facts, from, to, last, scan);
  if (facts.columns.size >= MAX_KEPT_COLUMNS) facts.columns.clear();
  facts.columns.set(key, { last, columns });
  return columns;
}

/** Whether this session keeps the columns of [from, to] already (a read-only session keeps what it read). */
export async function columnsKept(c: Connection, from: string, to: string): Promise<boolean> {
  return (await sessionFacts(c)).columns.has(`${from} ${to} `);
}

async function readPurchaseColumns(
  c: Connection,
  facts: SessionFacts,
  from: string,
  to: string,
  last: boolean,
  scan: PaidVisitScan | undefined,
): Promise<PurchaseColumns> {
  const way = scan ?? (await paidVisitScan(c, from, to, last));
  const columns = emptyColumns(facts.slots, last);
  let deals: DealLists;
  if (way === 'range' && (await readInClientOrder(c, from, to))) {
    // Long: the server reads the index in client order, a block of clients at a time, and counts the next block while
    // this process adds the last (a list of 100,000 clients cost it 40 ms to take in).
    const dealLists = c.row<DealLists>(WON_DEAL_LISTS, [from, to]);
    dealLists.catch(() => {});
    const blocks: Array<Promise<Lists | undefined>> = [];
    const size = Math.ceil(facts.slots / CLIENT_BLOCKS);
    for (let first = 0; first < facts.slots; first += size) {
      const block = c.row<Lists>(
        listsOf(paidVisitsPerClient('date BETWEEN $1 AND $2 AND client_id BETWEEN $3 AND $4'), last),
        [from, to, first, first + size - 1],
      );
      block.catch(() => {});
      blocks.push(block);
    }
    deals = (await dealLists)!;
    for (const block of blocks) addLists(columns, (await block)!, 1, { withLast: true });
  } else if (way === 'range') {
    const lists = (await c.row<Lists & DealLists>(
      `SELECT * FROM (${listsOf(paidVisitsPerClient('date BETWEEN $1 AND $2'), last)}) visits, (${WON_DEAL_LISTS}) deals`,
      [from, to],
    ))!;
    addLists(columns, lists, 1, { withLast: true });
    deals = lists;
  } else {
    // The three asked at once: the server counts the visits around the range while this process adds the summary.
    const lifetime = c.row<Lists & DealLists>(
      `SELECT * FROM (${listsOf('SELECT client_id, purchases, revenue, last FROM paid_visits_by_client', last)}) visits,
         (${WON_DEAL_LISTS}) deals`,
      [from, to],
    );
    const before = c.row<Lists>(listsOf(paidVisitsPerClient('date < $1'), false), [from]);
    // With `last`, the clients with a visit after the range: their last one up to its end, looked up ('': none).
    const after = c.row<Lists>(
      last
        ? listsOf(
            `SELECT a.client_id, a.purchases, a.revenue, coalesce((
               SELECT max(v.date) FROM visits v WHERE v.client_id = a.client_id AND v.amount > 0 AND v.date <= $1
             ), '') AS last
             FROM (${paidVisitsPerClient('date > $1')}) a`,
            true,
          )
        : listsOf(paidVisitsPerClient('date > $1'), false),
      [to],
    );
    // Each added as it comes (a failure of a later one is thrown when it is awaited, not left unhandled before).
    for (const waiting of [before, after]) waiting.catch(() => {});
    const lifetimeLists = (await lifetime)!;
    addLists(columns, lifetimeLists, 1, { withLast: true });
    deals = lifetimeLists;
    addLists(columns, (await before)!, -1);
    addLists(columns, (await after)!, -1, { withLast: last });
    if (last) {
      for (let id = 0; id < facts.slots; id++) {
        if (columns.purchases[id] === 0 || columns.last![id] === '') columns.last![id] = null;
      }
    }
  }
  addWonDeals(columns, deals);
  return columns;
}

/** Won deals (oldest first) into the columns; a deal without a client goes to slot 0. */
function addWonDeals(columns: PurchaseColumns, deals: DealLists): void {
  const ids = parseNumbers(deals.deal_ids);
  const dates = parseTexts(deals.deal_dates);
  const amounts = parseNumbers(deals.deal_amounts);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (id >= columns.slots) continue;
    columns.purchases[id]!++;
    columns.revenue[id]! += amounts[i]!;
    if (columns.last && (columns.last[id] === null || dates[i]! > columns.last[id]!)) columns.last[id] = dates[i]!;
  }
}

/**
 * The first purchase ever of each of the given clients, from the per-client summary, by client id: looked up for a
 * few; read whole once the clients asked about in the session are many, and then kept by a read-only session for its
 * next question (a year's churn on the monthly page asks for twelve months' candidates: one read of every client's
 * instead of twelve lookups; the monthly report's three churns ask for a few thousand, looked up).
 */
export async function firstPurchases(c: Connection, clientIds: number[]): Promise<Array<string | undefined>> {
  const facts = await sessionFacts(c);
  if (facts.firsts) return facts.firsts;
  if (clientIds.length === 0) return new Array<string | undefined>(facts.slots);
  // Read whole for many, or once the clients asked about over the session are a larger share (a lookup costs the
  // server several times a row read whole: three churns' 5,000 candidates each are looked up, twelve read whole).
  facts.firstsAsked += clientIds.length;
  const whole =
    clientIds.length > facts.slots * READ_WHOLE_FROM_SHARE || facts.firstsAsked > facts.slots * ASKED_WHOLE_FROM_SHARE;
  const firsts = readFirstPurchases(c, facts.slots, whole ? undefined : clientIds);
  if (whole) facts.firsts = firsts;
  return firsts;
}

/** The first purchases of `clientIds`, or of every client. */
async function readFirstPurchases(
  c: Connection,
  slots: number,
  clientIds: number[] | undefined,
): Promise<Array<string | undefined>> {
  const lists =
    "SELECT string_agg(client_id::text, ',') AS ids, string_agg(first, ',') AS firsts FROM client_purchases";
  const found = clientIds
    ? await c.row<{ ids: string | null; firsts: string | null }>(`${lists} WHERE client_id = ANY($1::bigint[])`, [
        idArray(clientIds),
      ])
    : await c.row<{ ids: string | null; firsts: string | null }>(lists);
  const firsts = new Array<string | undefined>(slots);
  const ids = parseNumbers(found!.ids);
  const dates = parseTexts(found!.firsts);
  for (let i = 0; i < ids.length; i++) if (ids[i]! < slots) firsts[ids[i]!] = dates[i]!;
  return firsts;
}

/** Above this share of the clients, a list about them is read whole rather than looked up for the ones asked. */
export const READ_WHOLE_FROM_SHARE = 1 / 8;
/** Above this share of the clients asked about in a session, their first purchases are read whole. */
const ASKED_WHOLE_FROM_SHARE = 1 / 4;
