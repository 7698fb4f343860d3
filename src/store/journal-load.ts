/**
 * The bulk load of `crm import visits`: a journal of up to millions of visits and the clients it brings, written in
 * one transaction that a crash or an error leaves none of. The use case plans each row; this writes the plan, and
 * owns everything that makes a million rows cheap to write: the write lock, reference checks off, indexes and the
 * purchase trigger suspended and rebuilt before the commit, the page cache and sort threads.
 */
import type { Client, ClientDraft } from '../domain/client.js';
import type { NameAlias } from '../domain/matching.js';
import type { PhoneReadAgain, ReadAgainPair } from '../domain/phones-read-again.js';
import type { PlannedVisit } from '../domain/record-import.js';
import { type BatchCounts, beginBatch, finishBatch, recordBatchSource } from './batches.js';
import {
  ClientInserts,
  loadClients,
  loadNameAliases,
  recordDuplicateCandidate,
  storePhonesReadAgain,
} from './clients.js';
import type { Db } from './db.js';
import { suspendDueFacts } from './due-facts.js';
import { suspendPaidVisitTrigger } from './paid-visits.js';
import { addPurchaseDates, suspendPurchaseTrigger } from './purchases.js';
import { getSetting, setSetting } from './settings.js';
import { dropIndexesOf } from './suspend.js';
import {
  countVisits,
  storedDayCounter,
  storedVisitCounter,
  VisitInserts,
  visitContentCounts,
  visitDayKey,
  visitKey,
} from './visits.js';

/** Stored clients up to which indexing them again costs less than a big journal's new clients cost the indexes. */
const MAX_CLIENTS_TO_REINDEX = 300_000;
/** Stored visits up to which rebuilding the visits indexes costs less than filling them row by row. */
const MAX_VISITS_TO_REINDEX = 300_000;
/** Rows below which a journal is written through the indexes as they are. */
const MIN_ROWS_TO_REINDEX = 50_000;

/** How many stored visits have a row's content: the rows a journal brings again. */
export type StoredVisitCount = (client: number, date: string, amount: number, service: string | null) => number;

/** How many stored visits a client has on a day, whatever their content: a row may correct one of them. */
export type StoredDayCount = (client: number, date: string) => number;

export interface JournalLoadOptions {
  /** Reads what is stored and writes nothing: no lock, no batch. */
  dryRun: boolean;
  /** The journal's path and import settings, recorded with the batch. */
  file: string;
  settings: unknown;
  /** Rows the journal is expected to bring (judged from its size): whether suspending the indexes pays. */
  expectedRows: number;
}

export interface JournalOutcome {
  counts: BatchCounts;
  /** Clients created beside stored ones that their row's name could not tell apart, and the reason recorded. */
  /** Each pair under `reason` when it has its own, else the one `complete` is given. */
  possibleDuplicates: Array<{ clientId: number; others: number[]; reason?: string }>;
  duplicateReason: string;
  /** Settings as finally applied (with what was detected) and the file's SHA-256, recorded with the batch. */
  settings: unknown;
  fileSha256: string;
}

/**
 * One journal's load. Opening it takes the write lock before the stored clients are read: another import beside
 * this one runs before or after it, never matching against the same reading (which made every shared client twice).
 * Then `addClient` and `addVisit` per planned row, `complete` once the file is read, and `commit` or `abandon`;
 * `abandon` is also what an error calls, at any point.
 */
export class JournalLoad {
  readonly clients: Client[];
  readonly aliases: NameAlias[];
  readonly batchId: number | null = null;
  readonly storedRegion: string | undefined;
  /** How many stored visits have a row's content, counted without the rows this load writes. */
  readonly storedCount: StoredVisitCount;
  /** How many stored visits a client has on a day, counted the same way. */
  readonly storedOnDay: StoredDayCount;
  private readonly suspendIndexes: boolean;
  private readonly newClients: ClientInserts | undefined;
  private visits: VisitInserts | undefined;
  private restorePurchaseTrigger = () => {};
  private countPaidVisits: (clients: number[] | 'all') => void = () => {};
  /** Empties client_due_facts after a bulk load, which suspends its insert trigger. */
  private forgetDueFacts: () => void = () => {};
  private rebuildVisitIndexes: (() => void) | undefined;
  private rebuildClientIndexes: (() => void) | undefined;
  private writing = false;

  constructor(
    private readonly db: Db,
    options: JournalLoadOptions,
  ) {
    const writes = !options.dryRun;
    if (writes) {
      // Every client id written comes from the clients loaded or inserted in this transaction, and the batch id from
      // beginBatch: SQLite's per-row reference checks (a third of the insert cost) would only repeat that. Set
      // before the transaction: inside one, SQLite ignores it.
      db.pragma('foreign_keys = OFF');
      // The same for the CHECK constraints of the rows it writes: amounts are checked non-negative and extra columns
      // written by JSON.stringify before they get here (on a million visits the checks cost 4 % of the inserts).
      db.pragma('ignore_check_constraints = ON');
      try {
        db.exec('BEGIN IMMEDIATE');
      } catch (error) {
        restoreChecks(db);
        throw error;
      }
      this.writing = true;
    }
    try {
      this.storedRegion = getSetting(db, 'region');
      this.clients = loadClients(db);
      this.aliases = loadNameAliases(db);
      const storedVisits = countVisits(db);
      this.suspendIndexes =
        writes &&
        options.expectedRows > Math.max(MIN_ROWS_TO_REINDEX, storedVisits) &&
        storedVisits <= MAX_VISITS_TO_REINDEX;
      if (writes) {
        this.batchId = beginBatch(db, 'visits', options.file, '', options.settings);
        this.restorePurchaseTrigger = suspendPurchaseTrigger(db, 'visits_purchase_insert');
        this.countPaidVisits = suspendPaidVisitTrigger(db, 'visits_paid_insert');
        if (this.suspendIndexes) {
          this.forgetDueFacts = suspendDueFacts(db);
          this.rebuildVisitIndexes = dropIndexesOf(db, ['visits']);
          // A journal this big brings clients by the thousand (a tenth of its rows, measured); few are stored yet.
          if (this.clients.length <= MAX_CLIENTS_TO_REINDEX)
            this.rebuildClientIndexes = dropIndexesOf(db, ['clients', 'client_contacts']);
          // Appending rows and sorting them into new indexes gain nothing from a big page cache (measured on a
          // million rows: same time with 4 MB as with the default 16 MB, 26 MB less peak memory).
          db.pragma('cache_size = -4000');
        }
        this.newClients = new ClientInserts(db, this.batchId);
      }
      [this.storedCount, this.storedOnDay] = this.storedCounters(storedVisits);
    } catch (error) {
      this.abandon();
      throw error;
    }
  }

  /**
   * How rows already imported are recognised: nothing to look up in an empty table; an index lookup per row when
   * the table is large; a map of the stored visits when the indexes are suspended (they are rebuilt at the end).
   */
  private storedCounters(storedVisits: number): [StoredVisitCount, StoredDayCount] {
    if (storedVisits === 0) return [() => 0, () => 0];
    if (this.suspendIndexes) {
      const { contents, days } = visitContentCounts(this.db);
      return [
        (client, date, amount, service) => contents.get(visitKey(client, date, amount, service)) ?? 0,
        (client, date) => days.get(visitDayKey(client, date)) ?? 0,
      ];
    }
    return [storedVisitCounter(this.db, this.batchId), storedDayCounter(this.db, this.batchId)];
  }

  /** Queues a new client and returns the id it is written with. Not in a dry run. */
  addClient(draft: ClientDraft): number {
    if (!this.newClients) throw new Error('a dry run writes no clients');
    return this.newClients.add(draft);
  }

  /** Once the journal's header is known: whether its visits carry extra columns. Nothing to write in a dry run. */
  startVisits(withExtra: boolean): void {
    if (this.writing) this.visits = new VisitInserts(this.db, this.batchId, withExtra);
  }

  addVisit(visit: PlannedVisit): void {
    this.visits?.add(visit);
  }

  /**
   * Once the whole journal is read: writes what is still queued, builds the suspended indexes, records possible
   * duplicates and merges the purchase dates. The transaction stays open for `commit` or `abandon`.
   */
  complete(possibleDuplicates: JournalOutcome['possibleDuplicates'], duplicateReason: string): void {
    if (!this.writing) return;
    this.visits?.flush();
    this.newClients?.flush();
    // The file has been read and its worker has ended: the sorts that build the indexes may take a second core
    // (measured on a million visits: 2.0-2.5 s -> 1.7-1.8 s).
    if (this.suspendIndexes) this.db.pragma('threads = 2');
    this.rebuildVisitIndexes?.();
    this.rebuildClientIndexes?.();
    for (const { clientId, others, reason } of possibleDuplicates) {
      for (const other of others)
        recordDuplicateCandidate(this.db, clientId, other, reason ?? duplicateReason, this.batchId);
    }
    addPurchaseDates(this.db, this.visits?.purchases.entries() ?? [], {
      bulk: this.suspendIndexes,
      firstNewClient: this.newClients?.firstId,
    });
    this.restorePurchaseTrigger();
    this.countPaidVisits(
      this.suspendIndexes ? 'all' : [...(this.visits?.purchases.entries() ?? [])].map(([clientId]) => clientId),
    );
    this.forgetDueFacts();
  }

  /** After `complete`, once the indexes are back: the region the rows were read in, as the database's from now on. */
  rememberRegion(region: string, phones: readonly PhoneReadAgain[], pairs: readonly ReadAgainPair[]): void {
    if (!this.writing) return;
    setSetting(this.db, 'region', region);
    storePhonesReadAgain(this.db, phones);
    for (const { clientId, otherId, reason } of pairs)
      recordDuplicateCandidate(this.db, clientId, otherId, reason, null);
  }

  /**
   * Records the batch's outcome and commits. `beforeCommit` runs last inside the transaction: what fails there (a
   * rejects file a full disk cannot take) stops the import with nothing written.
   */
  commit(
    outcome: Pick<JournalOutcome, 'counts' | 'settings' | 'fileSha256'>,
    beforeCommit: () => void = () => {},
  ): void {
    if (!this.writing) return;
    const batchId = this.batchId!;
    recordBatchSource(this.db, batchId, outcome.settings, outcome.fileSha256);
    finishBatch(this.db, batchId, outcome.counts);
    beforeCommit();
    this.db.exec('COMMIT');
    this.writing = false;
    restoreChecks(this.db);
  }

  /** Leaves the database as it was before the load, batch record included. Safe to call at any point, and again. */
  abandon(): void {
    if (!this.writing) return;
    this.writing = false;
    try {
      // SQLite has rolled back already after some failures (a full disk, SQLITE_FULL): a ROLLBACK then would fail
      // with "no transaction is active" and hide the cause.
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
    } finally {
      restoreChecks(this.db);
    }
  }
}

/** Turns back on the checks a load turns off for its transaction. */
function restoreChecks(db: Db): void {
  db.pragma('foreign_keys = ON');
  db.pragma('ignore_check_constraints = OFF');
}
