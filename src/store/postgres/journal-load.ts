/**
 * The bulk load of `crm import visits` on PostgreSQL: a journal of up to millions of visits and the clients it
 * brings, in one transaction holding the write lock, so that a crash or a dropped connection leaves none of it.
 *
 * No round trip per row: the visits go to the server through `COPY … FROM STDIN` while the file is read (the
 * per-row calls only write the row's bytes, copy-text.ts, and the import waits between batches while the server is
 * behind: `ready`), and the new clients (a tenth of the rows, ids reserved as they come) are copied a few megabytes
 * at a time between two batches, and once the file is read. Visits can come before their clients, so the visits'
 * reference to clients is checked at the end of the load (the constraint is DEFERRABLE for this). The purchase summary's per-row trigger is
 * switched off for the transaction (SET LOCAL, which blocks no other session's reads, as dropping it would) and the
 * dates the load added are merged once at the end.
 *
 * A journal that dwarfs the stored visits (the first import of a history) is loaded with the indexes and foreign
 * keys of the tables it fills dropped and made again before the commit (suspend.ts: five times faster, but other
 * sessions' reads of those tables wait for the load); a smaller one goes through them as they are.
 */
import { finished, pipeline } from 'node:stream/promises';
import type { CopyStreamQuery } from 'pg-copy-streams';
import type { Client, ClientDraft } from '../../domain/client.js';
import { nameKey } from '../../domain/client.js';
import type { NameAlias } from '../../domain/matching.js';
import type { PhoneReadAgain, ReadAgainPair } from '../../domain/phones-read-again.js';
import { EarliestPurchases } from '../../domain/purchase-dates.js';
import type { PlannedVisit } from '../../domain/record-import.js';
import type { JournalWriter } from '../interface.js';
import type { JournalLoadOptions, JournalOutcome, StoredDayCount, StoredVisitCount } from '../journal-load.js';
import { beginBatch, finishBatch } from './batches.js';
import {
  addTags,
  CLIENT_INSERT_COLUMNS,
  clientRow,
  contactRow,
  loadClients,
  loadNameAliases,
  recordDuplicateCandidates,
  storePhonesReadAgain,
} from './clients.js';
import type { Connection } from './connection.js';
import { CopyText } from './copy-text.js';
import { getSetting, setSetting } from './settings.js';
import { suspendIndexesAndKeys } from './suspend.js';

const CONTACT_COLUMNS = 'client_id, kind, value, raw, label, valid, position, search, batch_id';
/**
 * Bytes of the visits' COPY text that may wait to be sent before `ready` makes the import wait for the server: when
 * the server is slower than the file is read, the text would otherwise pile up in memory (130 MB on the bench).
 */
const QUEUED_TEXT = 1024 * 1024;
/** Bytes of new clients' and contacts' COPY text queued before they are copied (about 30,000 clients). */
const CLIENT_TEXT = 4 * 1024 * 1024;
/** Rows below which a journal is written through the indexes as they are (as on SQLite). */
const MIN_ROWS_TO_REINDEX = 50_000;
/** Stored visits up to which making the indexes again costs less than filling them row by row (as on SQLite). */
const MAX_VISITS_TO_REINDEX = 300_000;
/** Stored clients up to which their tables' indexes are made again too. */
const MAX_CLIENTS_TO_REINDEX = 300_000;

type CopyFrom = (text: string, options?: { highWaterMark?: number }) => CopyStreamQuery;

function contentKey(client: number, date: string, amount: number, service: string | null): string {
  return `${client}\u0000${date}\u0000${amount}\u0000${nameKey(service ?? '')}`;
}

/**
 * How many stored visits have a row's content (service folded as names are), counted before the load writes any:
 * one grouped read, since the per-row question must be answered without a round trip.
 */
async function storedCounters(c: Connection): Promise<[StoredVisitCount, StoredDayCount]> {
  const rows = await c.arrays<[number, string, number, string | null, number]>(
    'SELECT client_id, date, amount, service, count(*) FROM visits GROUP BY client_id, date, amount, service',
  );
  if (rows.length === 0) return [() => 0, () => 0];
  const counts = new Map<string, number>();
  // Each client's day too, for the rows that may correct a visit of it (the same read: no round trip per row).
  const days = new Map<string, number>();
  for (const [client, date, amount, service, n] of rows) {
    const key = contentKey(client, date, amount, service);
    counts.set(key, (counts.get(key) ?? 0) + Number(n));
    const day = `${client}\u0000${date}`;
    days.set(day, (days.get(day) ?? 0) + Number(n));
  }
  return [
    (client, date, amount, service) => counts.get(contentKey(client, date, amount, service)) ?? 0,
    (client, date) => days.get(`${client}\u0000${date}`) ?? 0,
  ];
}

/**
 * pg-copy-streams' `from`. The package is CommonJS: Node's ESM loader names its exports, a bundle gives only the
 * module as the default export.
 */
async function loadCopyFrom(): Promise<CopyFrom> {
  const streams = (await import('pg-copy-streams')) as { from?: CopyFrom; default?: { from: CopyFrom } };
  return streams.default?.from ?? streams.from!;
}

/** Opens a journal's load: the write lock (unless a dry run), the stored clients, the batch. */
export async function startJournalLoad(c: Connection, options: JournalLoadOptions): Promise<JournalWriter> {
  const copyFrom = options.dryRun ? undefined : await loadCopyFrom();
  const load = new PostgresJournalLoad(c, copyFrom);
  await load.open(options);
  // The per-row members call the load directly (JournalWriter says why they are synchronous).
  return {
    clients: load.clients,
    aliases: load.aliases,
    batchId: load.batchId,
    storedRegion: load.storedRegion,
    storedCount: load.storedCount,
    storedOnDay: load.storedOnDay,
    addClient: (draft) => load.addClient(draft),
    startVisits: (withExtra) => load.startVisits(withExtra),
    addVisit: (visit) => load.addVisit(visit),
    ready: () => load.ready(),
    complete: (possibleDuplicates, duplicateReason) => load.complete(possibleDuplicates, duplicateReason),
    rememberRegion: (region, phones, pairs) => load.rememberRegion(region, phones, pairs),
    commit: (outcome, beforeCommit) => load.commit(outcome, beforeCommit),
    abandon: () => load.abandon(),
  };
}

class PostgresJournalLoad {
  clients: Client[] = [];
  aliases: NameAlias[] = [];
  batchId: number | null = null;
  storedRegion: string | undefined;
  storedCount: StoredVisitCount = () => 0;
  storedOnDay: StoredDayCount = () => 0;
  private writing = false;
  private nextClientId = 0;
  private firstClientId = 0;
  /**
   * The new clients' and their contacts' rows in COPY's text format, copied between two batches of the file once
   * there are CLIENT_TEXT bytes of them (the visits' COPY is ended for it, and another begun), and at the end.
   */
  private clientRows: Buffer[] = [];
  private readonly clientText = new CopyText((bytes) => this.queueClientRows(this.clientRows, bytes));
  private contactRows: Buffer[] = [];
  private readonly contactText = new CopyText((bytes) => this.queueClientRows(this.contactRows, bytes));
  private queuedClientText = 0;
  private readonly tags: Array<{ clientId: number; name: string }> = [];
  private readonly purchases = new EarliestPurchases();
  private readonly paid = new PaidVisitSums();
  /** The visits' COPY under way (none before the first batch, nor while clients are copied). */
  private visits: CopyStreamQuery | undefined;
  private withExtra = false;
  /** The visits' rows, handed to their COPY a chunk at a time. */
  private visitText: CopyText | undefined;
  private visitColumns = '';
  /** Chunks of visits written while no COPY was under way, for the next one. */
  private visitsWaiting: Buffer[] = [];
  /** The first error of the visits' COPY: reported by `complete`, which the import calls once the file is read. */
  private failure: unknown;
  /** Makes the indexes and foreign keys suspended for the load again: set when they were. */
  private restoreIndexes: (() => Promise<void>) | undefined;

  constructor(
    private readonly c: Connection,
    private readonly copyFrom: CopyFrom | undefined,
  ) {}

  async open(options: JournalLoadOptions): Promise<void> {
    const writes = !options.dryRun;
    if (writes) {
      await this.c.beginWrite();
      this.writing = true;
    }
    try {
      if (writes) await this.c.run("SET LOCAL crm.purchases_deferred = 'on'; SET CONSTRAINTS visits_client DEFERRED");
      this.storedRegion = await getSetting(this.c, 'region');
      this.clients = await loadClients(this.c);
      this.aliases = await loadNameAliases(this.c);
      [this.storedCount, this.storedOnDay] = await storedCounters(this.c);
      if (writes) {
        const storedVisits = await this.c.value<number>(
          `SELECT count(*) FROM (SELECT FROM visits LIMIT ${MAX_VISITS_TO_REINDEX + 1}) stored`,
        );
        if (
          options.expectedRows > Math.max(MIN_ROWS_TO_REINDEX, storedVisits) &&
          storedVisits <= MAX_VISITS_TO_REINDEX
        ) {
          const tables = ['visits'];
          // A journal this big brings clients by the thousand (a tenth of its rows, measured); few are stored yet.
          if (this.clients.length <= MAX_CLIENTS_TO_REINDEX)
            tables.push('clients', 'client_contacts', 'client_purchases');
          this.restoreIndexes = await suspendIndexesAndKeys(this.c, tables);
        }
        this.batchId = await beginBatch(this.c, 'visits', options.file, '', options.settings);
        // Ids after every one given so far (rolled-back inserts too): no other writer adds clients while this one
        // holds the write lock, and the sequence is moved past them before the load ends.
        this.nextClientId = await this.c.value<number>(
          `SELECT greatest(coalesce((SELECT max(id) FROM clients), 0),
             coalesce(pg_sequence_last_value(pg_get_serial_sequence('clients', 'id')::regclass), 0)) + 1`,
        );
        this.firstClientId = this.nextClientId;
      }
    } catch (error) {
      await this.abandon();
      throw error;
    }
  }

  addClient(draft: ClientDraft): number {
    if (!this.writing) throw new Error('a dry run writes no clients');
    const id = this.nextClientId++;
    this.clientText.row(clientRow(id, draft, this.batchId));
    draft.phones.forEach((contact, position) => {
      this.contactText.row(contactRow(id, 'phone', contact, position, this.batchId));
    });
    draft.emails.forEach((contact, position) => {
      this.contactText.row(contactRow(id, 'email', contact, position, this.batchId));
    });
    for (const name of draft.tags) this.tags.push({ clientId: id, name });
    return id;
  }

  startVisits(withExtra: boolean): void {
    if (!this.writing || this.visitText) return;
    this.withExtra = withExtra;
    this.visitColumns = `client_id, date, amount, service, note${withExtra ? ', extra' : ''}, batch_id`;
    // Rows written while no COPY is under way wait for the next one (the chunks of one CopyText go in order).
    const waiting: Buffer[] = [];
    this.visitText = new CopyText((bytes) => {
      if (this.visits) this.visits.write(bytes);
      else waiting.push(bytes);
    });
    this.visitsWaiting = waiting;
    this.beginVisits();
  }

  private beginVisits(): void {
    const visits = this.c.driver.query(
      this.copyFrom!(`COPY visits (${this.visitColumns}) FROM STDIN`, { highWaterMark: QUEUED_TEXT }),
    );
    visits.on('error', (error) => {
      this.failure ??= error;
    });
    this.visits = visits;
    for (const bytes of this.visitsWaiting.splice(0)) visits.write(bytes);
  }

  /** Ends the visits' COPY under way, its rows so far written; its error, if any, is kept as the load's failure. */
  private async endVisits(): Promise<void> {
    const visits = this.visits;
    if (!visits) return;
    if (this.failure === undefined) this.visitText!.end();
    this.visits = undefined;
    if (this.failure === undefined) {
      visits.end();
      await finished(visits).catch((error) => {
        this.failure ??= error;
      });
    }
  }

  private queueClientRows(rows: Buffer[], bytes: Buffer): void {
    rows.push(bytes);
    this.queuedClientText += bytes.length;
  }

  /** Copies the new clients and contacts queued so far (clients first: the contacts refer to them). */
  private async copyClients(): Promise<void> {
    this.clientText.end();
    this.contactText.end();
    const clients = this.clientRows;
    const contacts = this.contactRows;
    this.clientRows = [];
    this.contactRows = [];
    this.queuedClientText = 0;
    await this.copy('clients', CLIENT_INSERT_COLUMNS.map(([name]) => name).join(', '), clients);
    await this.copy('client_contacts', CONTACT_COLUMNS, contacts);
  }

  addVisit(visit: PlannedVisit): void {
    const text = this.visitText;
    if (!text || this.failure !== undefined) return;
    const extra = hasKeys(visit.extra);
    if (extra && !this.withExtra) throw new Error('a visit with extra columns, written without them');
    text.integer(visit.clientId);
    text.tab();
    text.text(visit.date);
    text.tab();
    text.integer(visit.amount);
    text.tab();
    text.text(visit.service);
    text.tab();
    text.text(visit.note);
    if (this.withExtra) {
      text.tab();
      text.text(extra ? JSON.stringify(visit.extra) : '{}');
    }
    text.tab();
    text.integer(this.batchId!);
    text.endRow();
    if (visit.amount > 0) {
      this.purchases.add(visit.clientId, visit.date);
      this.paid.add(visit.clientId, visit.date, visit.amount);
    }
  }

  /**
   * Resolves once the visits' COPY text queued so far is down to QUEUED_TEXT (at once when it is, or the COPY failed),
   * after copying the new clients queued when they are CLIENT_TEXT bytes.
   */
  async ready(): Promise<void> {
    if (this.queuedClientText >= CLIENT_TEXT && this.visits && this.failure === undefined) {
      await this.endVisits();
      if (this.failure !== undefined) return;
      await this.copyClients();
      this.beginVisits();
    }
    const visits = this.visits;
    if (!visits?.writableNeedDrain || this.failure !== undefined) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        visits.off('drain', done).off('close', done).off('error', done);
        resolve();
      };
      visits.on('drain', done).on('close', done).on('error', done);
    });
  }

  /**
   * Once the whole journal is read: ends the visits' COPY, copies the new clients and their contacts, records possible
   * duplicates, merges the purchase dates and checks the visits' clients. The transaction stays open.
   */
  async complete(possibleDuplicates: JournalOutcome['possibleDuplicates'], duplicateReason: string): Promise<void> {
    if (!this.writing) return;
    await this.endVisits();
    if (this.failure !== undefined) throw this.c.problem(this.failure);
    const c = this.c;
    await this.copyClients();
    if (this.nextClientId > this.firstClientId) {
      await c.run(`SELECT setval(pg_get_serial_sequence('clients', 'id'), $1)`, [this.nextClientId - 1]);
    }
    await addTags(c, this.tags, this.batchId);
    await recordDuplicateCandidates(
      c,
      possibleDuplicates.flatMap(({ clientId, others, reason }) =>
        others.map((otherId) => ({ clientId, otherId, reason: reason ?? duplicateReason })),
      ),
      this.batchId,
    );
    await this.mergePurchases();
    await this.addPaidVisits();
    await this.restoreIndexes?.();
    // The deferred reference checks of the visits run here, before the batch is recorded as done.
    await c.run("SET LOCAL crm.purchases_deferred = 'off'; SET CONSTRAINTS visits_client IMMEDIATE");
  }

  /** After `complete`, once the indexes are back: the region the rows were read in, as the database's from now on. */
  async rememberRegion(
    region: string,
    phones: readonly PhoneReadAgain[],
    pairs: readonly ReadAgainPair[],
  ): Promise<void> {
    if (!this.writing) return;
    await setSetting(this.c, 'region', region);
    await storePhonesReadAgain(this.c, phones);
    await recordDuplicateCandidates(this.c, pairs, null);
  }

  async commit(
    outcome: Pick<JournalOutcome, 'counts' | 'settings' | 'fileSha256'>,
    beforeCommit: () => void = () => {},
  ): Promise<void> {
    if (!this.writing) return;
    await finishBatch(this.c, this.batchId!, outcome.counts, {
      settings: outcome.settings,
      sha256: outcome.fileSha256,
    });
    beforeCommit();
    this.writing = false;
    await this.c.commit();
  }

  /** Leaves the database as it was before the load, batch record included. Safe at any point, and again. */
  async abandon(): Promise<void> {
    if (!this.writing) return;
    this.writing = false;
    const visits = this.visits;
    if (visits) {
      this.visits = undefined;
      const closed = new Promise((resolve) => visits.once('close', resolve));
      // Sends CopyFail: the server ends the COPY with an error, and the transaction is rolled back below.
      visits.destroy(new Error('the import was abandoned'));
      await closed;
    }
    await this.c.rollback();
  }

  private async copy(table: string, columns: string, rows: Buffer[]): Promise<void> {
    if (rows.length === 0) return;
    const stream = this.c.driver.query(this.copyFrom!(`COPY ${table} (${columns}) FROM STDIN`));
    try {
      // Each chunk is let go once it is sent.
      await pipeline(function* () {
        while (rows.length > 0) yield rows.shift()!;
      }, stream);
    } catch (error) {
      throw this.c.problem(error);
    }
  }

  /**
   * Counts the load's paid visits into the summaries, whose triggers were deferred: the rows of clients created by the
   * load are new, the others' (and the days') are added to through the rules of migration 4.
   */
  private async addPaidVisits(): Promise<void> {
    const fresh: Buffer[] = [];
    const freshText = new CopyText((bytes) => fresh.push(bytes));
    const stored: [number[], number[], number[], string[]] = [[], [], [], []];
    for (const [clientId, sums] of this.paid.clients) {
      if (clientId >= this.firstClientId) {
        freshText.row([clientId, sums.purchases, sums.revenue, sums.last]);
        continue;
      }
      stored[0].push(clientId);
      stored[1].push(sums.purchases);
      stored[2].push(sums.revenue);
      stored[3].push(sums.last);
    }
    freshText.end();
    await this.copy('paid_visits_by_client', 'client_id, purchases, revenue, last', fresh);
    if (stored[0].length > 0) {
      await this.c.run(
        'SELECT crm_paid_visits_add(c, n, r, l) FROM unnest($1::bigint[], $2::bigint[], $3::numeric[], $4::text[]) AS u(c, n, r, l)',
        stored,
      );
    }
    const days = [...this.paid.days];
    if (days.length > 0) {
      await this.c.run(
        'SELECT crm_paid_day_add(d, n, r) FROM unnest($1::text[], $2::bigint[], $3::numeric[]) AS u(d, n, r)',
        [days.map(([date]) => date), days.map(([, sums]) => sums.purchases), days.map(([, sums]) => sums.revenue)],
      );
    }
  }

  /**
   * Merges the purchase dates the load added into the summary: clients created by this load have no row yet, so
   * their dates are the row; others go through the merge function, once per client.
   */
  private async mergePurchases(): Promise<void> {
    const fresh: Buffer[] = [];
    const freshText = new CopyText((bytes) => fresh.push(bytes));
    const merged: [number[], string[], Array<string | null>] = [[], [], []];
    for (const [clientId, first, second] of this.purchases.entries()) {
      if (clientId >= this.firstClientId) {
        freshText.row([clientId, first, second]);
        continue;
      }
      merged[0].push(clientId);
      merged[1].push(first);
      merged[2].push(second);
    }
    freshText.end();
    await this.copy('client_purchases', 'client_id, first, second', fresh);
    if (merged[0].length > 0) {
      await this.c.run(
        'SELECT crm_purchase_dates_add(client, first, second) FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u(client, first, second)',
        merged,
      );
    }
  }
}

/** Paid visits summed per client and per day as a load writes them: what it adds to the paid-visit summaries. */
class PaidVisitSums {
  readonly clients = new Map<number, { purchases: number; revenue: number; last: string }>();
  readonly days = new Map<string, { purchases: number; revenue: number }>();

  add(clientId: number, date: string, amount: number): void {
    const client = this.clients.get(clientId);
    if (client) {
      client.purchases++;
      client.revenue += amount;
      if (date > client.last) client.last = date;
    } else this.clients.set(clientId, { purchases: 1, revenue: amount, last: date });
    const day = this.days.get(date);
    if (day) {
      day.purchases++;
      day.revenue += amount;
    } else this.days.set(date, { purchases: 1, revenue: amount });
  }
}

/** Without the array Object.keys makes, for a million rows that mostly have no extra columns. */
function hasKeys(record: Record<string, string>): boolean {
  for (const _ in record) return true;
  return false;
}
