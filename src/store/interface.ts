/**
 * The `Store` interface: what the use cases (src/app) and the commands (src/cli) know of the database, grouped by
 * the records it keeps. Every method is async so that an engine with a network between it and its data (PostgreSQL)
 * can implement it; the SQLite store answers synchronously underneath. Methods take and return domain types, never a
 * connection or a statement. docs/ARCHITECTURE.md lists what an engine must guarantee beyond these signatures.
 */
import type { Client, ClientDraft, ClientFields } from '../domain/client.js';
import type { StageEntry } from '../domain/deal.js';
import type { FileKind } from '../domain/kinds.js';
import type { ClientChanges, MatchKeys, NameAlias } from '../domain/matching.js';
import type { PhoneReadAgain, ReadAgainPair } from '../domain/phones-read-again.js';
import type { PlannedVisit } from '../domain/record-import.js';
import type { Deal, NpsAnswer, Visit } from '../domain/stored-records.js';
import type { ArpuBreakdown, ArpuGroupRow, BuyerRow, BuyerTotals } from '../reports/arpu.js';
import type { ChurnFactColumns } from '../reports/churn.js';
import type { CohortActivity } from '../reports/cohorts.js';
import type { ClientDetails, PurchaseRhythm, RecentDetractor } from '../reports/due.js';
import type { ChurnClientColumns, NpsAnswerRow, PurchaseCountRow } from '../reports/explain.js';
import type { DealFacts } from '../reports/funnel.js';
import type { ScoreCount } from '../reports/nps.js';
import type { Period } from '../reports/period.js';
import type { PurchaseCountGroup } from '../reports/repeat.js';
import type { RfmFactColumns } from '../reports/rfm.js';
import type { Batch, BatchCounts, UndoneImport, UndoResult } from './batches.js';
import type { ClientFilter, DuplicateCandidate } from './clients.js';
import type { DealFilter, NewDeal } from './deals.js';
import type { JournalLoadOptions, JournalOutcome, StoredDayCount, StoredVisitCount } from './journal-load.js';
import type { NewNpsAnswer, NpsFilter } from './nps.js';
import type { ChurnRange } from './report-queries.js';
import type { CopiedTable, TableRows } from './table-copy.js';
import type { NewVisit, VisitFilter } from './visits.js';

export type {
  Batch,
  BatchCounts,
  ChurnRange,
  ClientFilter,
  CopiedTable,
  DealFilter,
  DuplicateCandidate,
  JournalLoadOptions,
  JournalOutcome,
  NewDeal,
  NewNpsAnswer,
  NewVisit,
  NpsFilter,
  StoredDayCount,
  StoredVisitCount,
  TableRows,
  UndoneImport,
  UndoResult,
  VisitFilter,
};

export interface ClientStore {
  get(id: number): Promise<Client | undefined>;
  /** The clients with these ids (all clients without), in id order. */
  load(ids?: number[]): Promise<Client[]>;
  list(filter?: ClientFilter): Promise<Client[]>;
  /** Ids of clients whose name, phone digits or e-mail contain the query. */
  findIds(query: string, includeArchived?: boolean): Promise<number[]>;
  /** Earlier names of clients (kept when an import renamed one): matching still finds them by those. */
  nameAliases(ids?: number[]): Promise<NameAlias[]>;
  /** Ids of the clients that have any of the keys, by a contact, their name or an alias (domain/matching.ts). */
  matchCandidates(keys: MatchKeys): Promise<number[]>;
  duplicateCandidates(): Promise<DuplicateCandidate[]>;
  /** Names of the given clients, by id (ids not stored are absent). */
  names(ids: number[]): Promise<Map<number, string>>;
  /** Returns the new client's id. */
  insert(draft: ClientDraft): Promise<number>;
  replaceFields(id: number, fields: Partial<ClientFields>): Promise<void>;
  setArchived(id: number, archived: boolean): Promise<void>;
  /** Moves everything of `otherId` (records, contacts, tags) onto `keepId` with `fields`, and deletes `otherId`. */
  merge(keepId: number, otherId: number, fields: Partial<ClientFields>): Promise<void>;
  /** Ids of the clients with a phone kept as written (no valid number when it was stored), in id order. */
  withPhonesKeptAsWritten(): Promise<number[]>;
  /**
   * Each phone kept as written becomes the number a region read it as, or goes when its client has that number
   * already (domain/phones-read-again.ts).
   */
  storePhonesReadAgain(phones: readonly PhoneReadAgain[]): Promise<void>;
}

export interface VisitStore {
  get(id: number): Promise<Visit | undefined>;
  list(filter?: VisitFilter): Promise<Visit[]>;
  insert(visit: NewVisit): Promise<number>;
  update(id: number, fields: Partial<Omit<NewVisit, 'extra'>>): Promise<void>;
  delete(id: number): Promise<boolean>;
}

export interface DealStore {
  get(id: number): Promise<Deal | undefined>;
  list(filter?: DealFilter): Promise<Deal[]>;
  insert(deal: NewDeal, history: StageEntry[]): Promise<number>;
  /** Appends a stage to the deal's history; a non-null amount replaces the deal's. */
  move(id: number, entry: StageEntry, amount: number | null): Promise<void>;
}

export interface NpsStore {
  list(filter?: NpsFilter): Promise<NpsAnswer[]>;
  insert(answer: NewNpsAnswer): Promise<number>;
}

/** `crm config`: settings as stored, keyed by name. */
export interface SettingStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  /** False when the setting was not there. */
  unset(key: string): Promise<boolean>;
  list(): Promise<Record<string, string>>;
}

export interface BatchStore {
  /** Every import, oldest first. */
  list(): Promise<Batch[]>;
  /** Every import undone (its number kept, never given again), oldest first. */
  undone(): Promise<UndoneImport[]>;
}

/** Settings saved with `--save-profile`, as stored (`settings` is JSON text). A type, so that it is a table row. */
export type ImportProfile = {
  name: string;
  kind: string;
  settings: string;
  updated_at: string;
};

/**
 * What an import writes inside a `write` transaction: a batch, and rows that carry it (so that `crm import undo` can
 * remove them and put back what they changed). Rows come in lists, one call per kind of row, so that a file of many
 * thousand clients costs a call per list, not one per row.
 */
export interface ImportAccess {
  /** Starts an import's batch record; returns its id. */
  beginBatch(kind: FileKind, file: string, sha256: string, settings: unknown): Promise<number>;
  finishBatch(batchId: number, counts: BatchCounts): Promise<void>;
  /** Returns the new clients' ids, in the drafts' order. */
  insertClients(drafts: ClientDraft[], batchId: number): Promise<number[]>;
  /** Adds what the import brings to stored clients; the columns it changes are journalled for undo. */
  applyClientChanges(changes: Iterable<[clientId: number, changes: ClientChanges]>, batchId: number): Promise<void>;
  /** `batchId` null: a pair a command (not an import) found, such as a client added by hand under a stored name. */
  recordDuplicateCandidates(
    pairs: Array<{ clientId: number; otherId: number; reason: string }>,
    batchId: number | null,
  ): Promise<void>;
  insertDeals(deals: Array<{ deal: NewDeal; history: StageEntry[] }>, batchId: number): Promise<void>;
  /** Appends stages to stored deals; each deal's previous stage is journalled for undo. */
  moveDeals(moves: Array<{ dealId: number; entry: StageEntry }>, batchId: number): Promise<void>;
  insertNpsAnswers(answers: NewNpsAnswer[], batchId: number): Promise<void>;
  /** How many stored NPS answers have a row's content: the rows a file brings again. */
  storedNpsCount(): Promise<(clientId: number, date: string, score: number) => number>;
  loadProfile(name: string): Promise<{ kind: string; settings: unknown } | undefined>;
  saveProfile(name: string, kind: FileKind, settings: unknown): Promise<void>;
  listProfiles(): Promise<ImportProfile[]>;
}

/**
 * One journal's bulk load (`crm import visits`), as `ImportStore.loadJournal` hands it over: opening it took the write
 * lock (unless a dry run) and read the stored clients. Then `addClient`/`addVisit` per planned row, `complete` once
 * the file is read, and `commit` or `abandon` (also what an error calls, at any point, and again).
 *
 * The per-row part is synchronous on purpose: it runs once per row of journals of a million rows, where an awaited
 * call per row would cost a turn of the microtask queue each and the import's measured speed
 * (docs/PERFORMANCE.md). An engine queues the rows and writes them in big statements, as the SQLite one does; the
 * calls made once per load are async. The per-row members are functions that may be called detached.
 */
export interface JournalWriter {
  /** The stored clients and earlier names, read holding the lock: what the rows are matched against. */
  readonly clients: Client[];
  readonly aliases: NameAlias[];
  /** Null in a dry run. */
  readonly batchId: number | null;
  /** The database's region (`crm config set region`, or remembered), read holding the lock: what rows are read in. */
  readonly storedRegion: string | undefined;
  /** How many stored visits have a row's content, counted without the rows this load writes. */
  readonly storedCount: StoredVisitCount;
  /** How many stored visits a client has on a day: a row bringing another may be a correction of one. */
  readonly storedOnDay: StoredDayCount;
  /** Queues a new client and returns the id it is written with. Not in a dry run. */
  readonly addClient: (draft: ClientDraft) => number;
  /** Once the journal's header is known: whether its visits carry extra columns. */
  readonly startVisits: (withExtra: boolean) => void;
  readonly addVisit: (visit: PlannedVisit) => void;
  /**
   * Resolves when the rows handed over so far are written far enough for more to follow without piling up in
   * memory: the import awaits it between batches (a server that is slower than the file is read holds it back).
   */
  ready(): Promise<void>;
  /** Once the whole journal is read: writes what is queued and records possible duplicates; stays open. */
  complete(possibleDuplicates: JournalOutcome['possibleDuplicates'], duplicateReason: string): Promise<void>;
  /**
   * After `complete`, in the load's transaction: stores `region` as the database's (the locale's, which the rows were
   * read in), the phones kept as written that it reads as numbers, and the pairs of clients those numbers make.
   */
  rememberRegion(region: string, phones: readonly PhoneReadAgain[], pairs: readonly ReadAgainPair[]): Promise<void>;
  /**
   * Records the batch's outcome and commits. `beforeCommit` runs last inside the transaction: what fails there (a
   * rejects file a full disk cannot take) stops the import with nothing written.
   */
  commit(outcome: Pick<JournalOutcome, 'counts' | 'settings' | 'fileSha256'>, beforeCommit?: () => void): Promise<void>;
  /** Leaves the database as it was before the load, batch record included. */
  abandon(): Promise<void>;
}

/** The import operations that run as transactions of their own: not inside `write`. */
export interface ImportStore extends ImportAccess {
  /**
   * Starts a journal's bulk load, in a transaction of its own that holds the write lock until `commit` or `abandon`
   * (none in a dry run, which only reads). A million visits are one batch that a crash leaves none of.
   */
  loadJournal(options: JournalLoadOptions): Promise<JournalWriter>;
  /**
   * Removes what a batch created and restores what it changed, in one transaction; a column edited again since keeps
   * its later value. Refused when later records belong to clients the batch created.
   */
  undo(batchId: number): Promise<UndoResult>;
}

/**
 * The facts each report is computed from (src/reports turns them into results). An engine answers each in one pass
 * over its data: these run on a million visits within the 300 ms a report is given.
 */
export interface ReportQueries {
  /** Buyers in the period: ARPU sums them, `crm explain` lists them. */
  buyerRows(period: Period): Promise<BuyerRow[]>;
  /** The buyers in the period summed (buyerTotals of buyerRows), without a row per buyer. */
  buyerTotals(period: Period): Promise<BuyerTotals>;
  arpuGroupRows(period: Period, by: ArpuBreakdown): Promise<ArpuGroupRow[]>;
  /** For each end date: how many clients had how many purchase days up to it. */
  purchaseCountGroups(ends: string[]): Promise<PurchaseCountGroup[][]>;
  purchaseCountRows(period: Period): Promise<PurchaseCountRow[]>;
  /** By client id: the clients that bought in [from − W, to] are tens of thousands. */
  churnFacts(range: ChurnRange): Promise<ChurnFactColumns>;
  /**
   * By client id. With `reactivation`, what `crm explain reactivated` needs: whether the reactivation candidates bought
   * before the window, the reactivated clients' last purchase before the window and first in the period (a lookup
   * each), and the revenue in the period. Without it the revenue may be 0, and boughtBeforeWindow 0 for any client:
   * at_start and churned do not depend on them.
   */
  churnClientColumns(range: ChurnRange, reactivation?: boolean): Promise<ChurnClientColumns>;
  dealsCreatedIn(period: Period): Promise<DealFacts[]>;
  npsScoreCounts(period: Period): Promise<ScoreCount[]>;
  latestAnswers(period: Period): Promise<NpsAnswerRow[]>;
  cohortActivity(period: Period): Promise<CohortActivity[]>;
  rfmFacts(period: Period): Promise<RfmFactColumns>;
  /** Clients with a purchase in a range ending today: from a per-client summary, not the range's purchases. */
  recentBuyers(period: Period): Promise<number[]>;
  recentDetractors(period: Period): Promise<RecentDetractor[]>;
  /** Each client's purchase rhythm up to today (clients without a purchase left out), for `crm due`. */
  purchaseRhythms(today: string, clientIds: number[]): Promise<PurchaseRhythm[]>;
  /** Each client's name, phone and usual service, for `crm due` (the service may come from a per-client summary). */
  dueDetails(clientIds: number[]): Promise<Map<number, ClientDetails>>;
  /** By client id, in the order of name then id (the order `crm explain` lists clients in). */
  clientNames(clientIds: Iterable<number>): Promise<Map<number, string>>;
}

/**
 * The records, as a use case reads and writes them: on the store itself, or inside one of its transactions (the
 * `tx` that `write` and `snapshot` hand over).
 */
export interface StoreAccess {
  readonly clients: ClientStore;
  readonly visits: VisitStore;
  readonly deals: DealStore;
  readonly nps: NpsStore;
  readonly settings: SettingStore;
  readonly batches: BatchStore;
  readonly imports: ImportAccess;
  readonly reports: ReportQueries;
}

/**
 * Every row of crm's tables, as plain values (`crm db copy`): read a table inside `snapshot`, write into an empty
 * database inside `write`, then `finishCopy` in the same transaction.
 */
export interface TableStore {
  /** The table's rows in id order, a bounded chunk at a time. */
  rows(table: CopiedTable): AsyncIterable<TableRows>;
  /** How many rows each table holds. */
  counts(): Promise<Record<CopiedTable, number>>;
  /** Writes rows as they were read, ids included. */
  insert(table: CopiedTable, chunk: TableRows): Promise<void>;
  /** After the last insert: new ids continue after the copied ones, and the purchase summary is worked out again. */
  finishCopy(): Promise<void>;
}

export interface Store extends StoreAccess {
  readonly imports: ImportStore;
  readonly tables: TableStore;
  /** Where the database is, as the person named it (`--db`, CRM_DB or the default): for messages and backups. */
  readonly path: string;
  /**
   * Runs `work` holding the write lock from its start: whatever it reads is what it writes against, so two commands
   * that read, decide and write run one after the other. All of it is stored, or (when `work` throws) none of it.
   * Waits up to a minute behind another writer. Inside another `write` it is a nested part of that one.
   */
  write<T>(work: (tx: StoreAccess) => Promise<T> | T): Promise<T>;
  /** Runs `work` on one consistent state of the database, whatever another process writes meanwhile; never blocks a writer. */
  snapshot<T>(work: (tx: StoreAccess) => Promise<T> | T): Promise<T>;
  /**
   * A consistent copy of the whole database among the automatic backups (`backups/` beside the database file) named
   * `name` (numbered when that is taken), checked for integrity. Returns where the copy is, or null from an engine
   * that keeps no copies of its own (a server database is backed up by the server's tools). Refused inside a
   * transaction.
   */
  keepBackup(name: string): Promise<string | null>;
  /** Keeps only the newest `keep` automatic backups: once the command a backup was taken for has done its work. */
  pruneBackups(keep: number): Promise<void>;
  /** Removes the automatic backup at `path`, taken for a command that then did nothing. */
  discardBackup(path: string): Promise<void>;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** Open an existing database without creating or migrating it (reports, backups). */
  readonly?: boolean;
  /**
   * Create the schema in an empty server database (`crm init`); a server database without crm's tables is refused
   * otherwise. A SQLite file is created by any writing open.
   */
  create?: boolean;
  /**
   * Called when a write finds another crm writing (an import holds the write lock), before it waits for it: the
   * command can say why it pauses. Called by the server store; SQLite waits without a word.
   */
  onWait?: () => void;
}

/** A pg_dump archive of a crm server database (`crm backup` of one), as read from the file alone. */
export interface ServerDumpInfo {
  path: string;
  bytes: number;
  /** The newest crm schema version recorded in the dump. */
  schemaVersion: number;
  /** The database it was dumped from, as pg_restore --list names it. */
  database: string;
  /** When it was written, as pg_restore --list says it (`2026-11-22 08:25:22 UTC`). */
  createdAt: string;
}

/** What a server database holds, shown before a restore replaces it: its crm schema version and record counts. */
export interface ServerDatabaseInfo {
  where: string;
  schemaVersion: number;
  clients: number;
  visits: number;
  deals: number;
  answers: number;
}
