/**
 * The bulk load of `crm import visits` on PostgreSQL: a journal of up to millions of visits and the clients it
 * brings, in one transaction holding the write lock, so that a crash or a dropped connection leaves none of it.
 *
 * No round trip per row: the visits go to the server through `COPY … FROM STDIN` while the file is read (the
 * per-row calls only append a line to the stream), and the new clients (a tenth of the rows, ids reserved as they
 * come) are copied once the file is read. Their visits are written first, so the visits' reference to clients is
 * checked at the end of the load (the constraint is DEFERRABLE for this). The purchase summary's per-row trigger is
 * switched off for the transaction (SET LOCAL, which blocks no other session's reads, as dropping it would) and the
 * dates the load added are merged once at the end. Indexes stay: dropping one would block every reader until commit.
 */
import { finished, pipeline } from 'node:stream/promises';
import type { CopyStreamQuery } from 'pg-copy-streams';
import type { Client, ClientDraft } from '../../domain/client.js';
import { nameKey } from '../../domain/client.js';
import type { NameAlias } from '../../domain/matching.js';
import { EarliestPurchases } from '../../domain/purchase-dates.js';
import type { PlannedVisit } from '../../domain/record-import.js';
import type { JournalWriter } from '../interface.js';
import type { JournalLoadOptions, JournalOutcome, StoredVisitCount } from '../journal-load.js';
import { beginBatch, finishBatch } from './batches.js';
import {
  addTags,
  CLIENT_INSERT_COLUMNS,
  clientRow,
  contactRow,
  loadClients,
  loadNameAliases,
  recordDuplicateCandidates,
} from './clients.js';
import type { Connection } from './connection.js';
import { copyLine, copyValue } from './rows.js';

const CONTACT_COLUMNS = 'client_id, kind, value, raw, label, valid, position, search, batch_id';
/** Text sent to the server in pieces of about this many characters. */
const PIECE = 64 * 1024;

type CopyFrom = (text: string) => CopyStreamQuery;

function contentKey(client: number, date: string, amount: number, service: string | null): string {
  return `${client}\u0000${date}\u0000${amount}\u0000${nameKey(service ?? '')}`;
}

/**
 * How many stored visits have a row's content (service folded as names are), counted before the load writes any:
 * one grouped read, since the per-row question must be answered without a round trip.
 */
async function storedCounter(c: Connection): Promise<StoredVisitCount> {
  const rows = await c.arrays<[number, string, number, string | null, number]>(
    'SELECT client_id, date, amount, service, count(*) FROM visits GROUP BY client_id, date, amount, service',
  );
  if (rows.length === 0) return () => 0;
  const counts = new Map<string, number>();
  for (const [client, date, amount, service, n] of rows) {
    const key = contentKey(client, date, amount, service);
    counts.set(key, (counts.get(key) ?? 0) + n);
  }
  return (client, date, amount, service) => counts.get(contentKey(client, date, amount, service)) ?? 0;
}

/** Lines of COPY text joined into pieces of about PIECE characters. */
function* pieces(lines: string[]): Generator<string> {
  let piece = '';
  for (const line of lines) {
    piece += line;
    if (piece.length >= PIECE) {
      yield piece;
      piece = '';
    }
  }
  if (piece) yield piece;
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
    storedCount: load.storedCount,
    addClient: (draft) => load.addClient(draft),
    startVisits: (withExtra) => load.startVisits(withExtra),
    addVisit: (visit) => load.addVisit(visit),
    complete: (possibleDuplicates, duplicateReason) => load.complete(possibleDuplicates, duplicateReason),
    commit: (outcome, beforeCommit) => load.commit(outcome, beforeCommit),
    abandon: () => load.abandon(),
  };
}

class PostgresJournalLoad {
  clients: Client[] = [];
  aliases: NameAlias[] = [];
  batchId: number | null = null;
  storedCount: StoredVisitCount = () => 0;
  private writing = false;
  private nextClientId = 0;
  private firstClientId = 0;
  private readonly clientLines: string[] = [];
  private readonly contactLines: string[] = [];
  private readonly tags: Array<{ clientId: number; name: string }> = [];
  private readonly purchases = new EarliestPurchases();
  private visits: CopyStreamQuery | undefined;
  private visitsEnded = false;
  private withExtra = false;
  private pending = '';
  /** The first error of the visits' COPY: reported by `complete`, which the import calls once the file is read. */
  private failure: unknown;

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
      this.clients = await loadClients(this.c);
      this.aliases = await loadNameAliases(this.c);
      this.storedCount = await storedCounter(this.c);
      if (writes) {
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
    this.clientLines.push(copyLine(clientRow(id, draft, this.batchId)));
    draft.phones.forEach((contact, position) => {
      this.contactLines.push(copyLine(contactRow(id, 'phone', contact, position, this.batchId)));
    });
    draft.emails.forEach((contact, position) => {
      this.contactLines.push(copyLine(contactRow(id, 'email', contact, position, this.batchId)));
    });
    for (const name of draft.tags) this.tags.push({ clientId: id, name });
    return id;
  }

  startVisits(withExtra: boolean): void {
    if (!this.writing || this.visits) return;
    this.withExtra = withExtra;
    const columns = `client_id, date, amount, service, note${withExtra ? ', extra' : ''}, batch_id`;
    this.visits = this.c.driver.query(this.copyFrom!(`COPY visits (${columns}) FROM STDIN`));
    this.visits.on('error', (error) => {
      this.failure ??= error;
    });
  }

  addVisit(visit: PlannedVisit): void {
    if (!this.visits || this.failure !== undefined) return;
    let line = `${visit.clientId}\t${copyValue(visit.date)}\t${visit.amount}\t${copyValue(visit.service)}\t${copyValue(visit.note)}`;
    if (this.withExtra) line += `\t${copyValue(hasKeys(visit.extra) ? JSON.stringify(visit.extra) : '{}')}`;
    else if (hasKeys(visit.extra)) throw new Error('a visit with extra columns, written without them');
    this.pending += `${line}\t${this.batchId}\n`;
    if (this.pending.length >= PIECE) {
      this.visits.write(this.pending);
      this.pending = '';
    }
    if (visit.amount > 0) this.purchases.add(visit.clientId, visit.date);
  }

  /**
   * Once the whole journal is read: ends the visits' COPY, copies the new clients and their contacts, records possible
   * duplicates, merges the purchase dates and checks the visits' clients. The transaction stays open.
   */
  async complete(possibleDuplicates: JournalOutcome['possibleDuplicates'], duplicateReason: string): Promise<void> {
    if (!this.writing) return;
    await this.endVisits();
    const c = this.c;
    await this.copy('clients', CLIENT_INSERT_COLUMNS.map(([name]) => name).join(', '), this.clientLines);
    await this.copy('client_contacts', CONTACT_COLUMNS, this.contactLines);
    if (this.nextClientId > this.firstClientId) {
      await c.run(`SELECT setval(pg_get_serial_sequence('clients', 'id'), $1)`, [this.nextClientId - 1]);
    }
    await addTags(c, this.tags, this.batchId);
    await recordDuplicateCandidates(
      c,
      possibleDuplicates.flatMap(({ clientId, others }) =>
        others.map((otherId) => ({ clientId, otherId, reason: duplicateReason })),
      ),
      this.batchId,
    );
    await this.mergePurchases();
    // The deferred reference checks of the visits run here, before the batch is recorded as done.
    await c.run("SET LOCAL crm.purchases_deferred = 'off'; SET CONSTRAINTS visits_client IMMEDIATE");
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
    if (this.visits && !this.visitsEnded) {
      this.visitsEnded = true;
      const closed = new Promise((resolve) => this.visits!.once('close', resolve));
      // Sends CopyFail: the server ends the COPY with an error, and the transaction is rolled back below.
      this.visits.destroy(new Error('the import was abandoned'));
      await closed;
    }
    await this.c.rollback();
  }

  private async endVisits(): Promise<void> {
    if (!this.visits || this.visitsEnded) return;
    this.visitsEnded = true;
    if (this.failure === undefined) {
      this.visits.end(this.pending);
      this.pending = '';
      await finished(this.visits).catch((error) => {
        this.failure ??= error;
      });
    }
    if (this.failure !== undefined) throw this.c.problem(this.failure);
  }

  private async copy(table: string, columns: string, lines: string[]): Promise<void> {
    if (lines.length === 0) return;
    const stream = this.c.driver.query(this.copyFrom!(`COPY ${table} (${columns}) FROM STDIN`));
    try {
      await pipeline(pieces(lines), stream);
    } catch (error) {
      throw this.c.problem(error);
    }
  }

  /**
   * Merges the purchase dates the load added into the summary: clients created by this load have no row yet, so
   * their dates are the row; others go through the merge function, once per client.
   */
  private async mergePurchases(): Promise<void> {
    const fresh: [number[], string[], Array<string | null>] = [[], [], []];
    const merged: [number[], string[], Array<string | null>] = [[], [], []];
    for (const [clientId, first, second] of this.purchases.entries()) {
      const target = clientId >= this.firstClientId ? fresh : merged;
      target[0].push(clientId);
      target[1].push(first);
      target[2].push(second);
    }
    if (fresh[0].length > 0) {
      await this.c.run(
        'INSERT INTO client_purchases (client_id, first, second) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[])',
        fresh,
      );
    }
    if (merged[0].length > 0) {
      await this.c.run(
        'SELECT crm_purchase_dates_add(client, first, second) FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u(client, first, second)',
        merged,
      );
    }
  }
}

/** Without the array Object.keys makes, for a million rows that mostly have no extra columns. */
function hasKeys(record: Record<string, string>): boolean {
  for (const _ in record) return true;
  return false;
}
