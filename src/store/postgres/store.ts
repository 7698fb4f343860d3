/**
 * The Store on a PostgreSQL server: the same groups as the SQLite store (store/sqlite-store.ts), on one connection.
 * A command opens one store and runs one use case on it, so the groups share the connection and a transaction the
 * store opens covers whatever any group does until it settles: `write` and `snapshot` hand the store itself over.
 * This module is loaded only when `--db` names a server, and it loads `pg`.
 */
import type { ClientDraft, ClientFields } from '../../domain/client.js';
import type { StageEntry } from '../../domain/deal.js';
import type { FileKind } from '../../domain/kinds.js';
import type { ClientChanges, MatchKeys } from '../../domain/matching.js';
import type { PhoneReadAgain } from '../../domain/phones-read-again.js';
import type { ArpuBreakdown } from '../../reports/arpu.js';
import type { Period } from '../../reports/period.js';
import type {
  BatchCounts,
  BatchStore,
  ChurnRange,
  ClientFilter,
  ClientStore,
  DealFilter,
  DealStore,
  ImportStore,
  JournalLoadOptions,
  NewDeal,
  NewNpsAnswer,
  NewVisit,
  NpsFilter,
  NpsStore,
  ReportQueries,
  SettingStore,
  Store,
  StoreAccess,
  TableStore,
  VisitFilter,
  VisitStore,
} from '../interface.js';
import type { CopiedTable, TableRows } from '../table-copy.js';
import { beginBatch, finishBatch, listBatches, listUndoneImports, undoBatch } from './batches.js';
import * as clients from './clients.js';
import { type Connection, connect } from './connection.js';
import { getDeal, insertDeals, listDeals, moveDeals } from './deals.js';
import { startJournalLoad } from './journal-load.js';
import { insertNpsAnswer, insertNpsAnswers, listNpsAnswers, npsContentCounts, npsKey } from './nps.js';
import * as reports from './reports.js';
import { createRoles } from './roles.js';
import { prepareSchema } from './schema.js';
import {
  getSetting,
  listProfiles,
  listSettings,
  loadProfile,
  saveProfile,
  setSetting,
  unsetSetting,
} from './settings.js';
import { postgresFinishCopy, postgresInsertRows, postgresTableCounts, postgresTableRows } from './table-copy.js';
import { deleteVisit, getVisit, insertVisit, listVisits, updateVisit } from './visits.js';

class PostgresClients implements ClientStore {
  constructor(private readonly c: Connection) {}
  async get(id: number) {
    return (await clients.loadClients(this.c, [id]))[0];
  }
  load(ids?: number[]) {
    return clients.loadClients(this.c, ids);
  }
  list(filter?: ClientFilter) {
    return clients.listClients(this.c, filter);
  }
  findIds(query: string, includeArchived?: boolean) {
    return clients.findClientIds(this.c, query, includeArchived);
  }
  nameAliases(ids?: number[]) {
    return clients.loadNameAliases(this.c, ids);
  }
  matchCandidates(keys: MatchKeys) {
    return clients.matchCandidateIds(this.c, keys);
  }
  duplicateCandidates() {
    return clients.listDuplicateCandidates(this.c);
  }
  names(ids: number[]) {
    return clients.clientNamesById(this.c, ids);
  }
  async insert(draft: ClientDraft) {
    return (await clients.insertClients(this.c, [draft], null))[0]!;
  }
  replaceFields(id: number, fields: Partial<ClientFields>) {
    return clients.replaceClientFields(this.c, id, fields);
  }
  setArchived(id: number, archived: boolean) {
    return clients.setArchived(this.c, id, archived);
  }
  merge(keepId: number, otherId: number, fields: Partial<ClientFields>) {
    return clients.mergeClientInto(this.c, keepId, otherId, fields);
  }
  withPhonesKeptAsWritten() {
    return clients.clientsWithPhonesKeptAsWritten(this.c);
  }
  storePhonesReadAgain(phones: readonly PhoneReadAgain[]) {
    return clients.storePhonesReadAgain(this.c, phones);
  }
}

class PostgresVisits implements VisitStore {
  constructor(private readonly c: Connection) {}
  get(id: number) {
    return getVisit(this.c, id);
  }
  list(filter?: VisitFilter) {
    return listVisits(this.c, filter);
  }
  insert(visit: NewVisit) {
    return insertVisit(this.c, visit);
  }
  update(id: number, fields: Partial<Omit<NewVisit, 'extra'>>) {
    return updateVisit(this.c, id, fields);
  }
  delete(id: number) {
    return deleteVisit(this.c, id);
  }
}

class PostgresDeals implements DealStore {
  constructor(private readonly c: Connection) {}
  get(id: number) {
    return getDeal(this.c, id);
  }
  list(filter?: DealFilter) {
    return listDeals(this.c, filter);
  }
  async insert(deal: NewDeal, history: StageEntry[]) {
    return (await insertDeals(this.c, [{ deal, history }], null))[0]!;
  }
  move(id: number, entry: StageEntry, amount: number | null) {
    return moveDeals(this.c, [{ dealId: id, entry, amount }], null);
  }
}

class PostgresNps implements NpsStore {
  constructor(private readonly c: Connection) {}
  list(filter?: NpsFilter) {
    return listNpsAnswers(this.c, filter);
  }
  insert(answer: NewNpsAnswer) {
    return insertNpsAnswer(this.c, answer);
  }
}

class PostgresSettings implements SettingStore {
  constructor(private readonly c: Connection) {}
  get(key: string) {
    return getSetting(this.c, key);
  }
  set(key: string, value: string) {
    return setSetting(this.c, key, value);
  }
  unset(key: string) {
    return unsetSetting(this.c, key);
  }
  list() {
    return listSettings(this.c);
  }
}

class PostgresBatches implements BatchStore {
  constructor(private readonly c: Connection) {}
  list() {
    return listBatches(this.c);
  }
  undone() {
    return listUndoneImports(this.c);
  }
}

class PostgresImports implements ImportStore {
  constructor(private readonly c: Connection) {}
  beginBatch(kind: FileKind, file: string, sha256: string, settings: unknown) {
    return beginBatch(this.c, kind, file, sha256, settings);
  }
  finishBatch(batchId: number, counts: BatchCounts) {
    return finishBatch(this.c, batchId, counts);
  }
  insertClients(drafts: ClientDraft[], batchId: number) {
    return clients.insertClients(this.c, drafts, batchId);
  }
  applyClientChanges(changes: Iterable<[number, ClientChanges]>, batchId: number) {
    return clients.applyClientChanges(this.c, changes, batchId);
  }
  recordDuplicateCandidates(
    pairs: Array<{ clientId: number; otherId: number; reason: string }>,
    batchId: number | null,
  ) {
    return clients.recordDuplicateCandidates(this.c, pairs, batchId);
  }
  async insertDeals(deals: Array<{ deal: NewDeal; history: StageEntry[] }>, batchId: number) {
    await insertDeals(this.c, deals, batchId);
  }
  moveDeals(moves: Array<{ dealId: number; entry: StageEntry }>, batchId: number) {
    return moveDeals(
      this.c,
      moves.map((move) => ({ ...move, amount: null })),
      batchId,
    );
  }
  insertNpsAnswers(answers: NewNpsAnswer[], batchId: number) {
    return insertNpsAnswers(this.c, answers, batchId);
  }
  async storedNpsCount() {
    const counts = await npsContentCounts(this.c);
    return (clientId: number, date: string, score: number) => counts.get(npsKey(clientId, date, score)) ?? 0;
  }
  loadProfile(name: string) {
    return loadProfile(this.c, name);
  }
  saveProfile(name: string, kind: FileKind, settings: unknown) {
    return saveProfile(this.c, name, kind, settings);
  }
  listProfiles() {
    return listProfiles(this.c);
  }
  undo(batchId: number) {
    return undoBatch(this.c, batchId);
  }
  loadJournal(options: JournalLoadOptions) {
    return startJournalLoad(this.c, options);
  }
}

class PostgresReports implements ReportQueries {
  constructor(private readonly c: Connection) {}
  arpuGroupRows(period: Period, by: ArpuBreakdown) {
    return reports.arpuGroupRows(this.c, period, by);
  }
  buyerRows(period: Period) {
    return reports.buyerRows(this.c, period);
  }
  buyerTotals(period: Period) {
    return reports.buyerTotals(this.c, period);
  }
  purchaseCountGroups(ends: string[]) {
    return reports.purchaseCountGroups(this.c, ends);
  }
  purchaseCountRows(period: Period) {
    return reports.purchaseCountRows(this.c, period);
  }
  churnFacts(range: ChurnRange) {
    return reports.churnFacts(this.c, range);
  }
  churnClientColumns(range: ChurnRange, reactivation = false) {
    return reports.churnClientColumns(this.c, range, reactivation);
  }
  dealsCreatedIn(period: Period) {
    return reports.dealsCreatedIn(this.c, period);
  }
  npsScoreCounts(period: Period) {
    return reports.npsScoreCounts(this.c, period);
  }
  latestAnswers(period: Period) {
    return reports.latestAnswers(this.c, period);
  }
  cohortActivity(period: Period) {
    return reports.cohortActivity(this.c, period);
  }
  rfmFacts(period: Period) {
    return reports.rfmFacts(this.c, period);
  }
  recentBuyers(period: Period) {
    return reports.buyersBetween(this.c, period);
  }
  recentDetractors(period: Period) {
    return reports.recentDetractors(this.c, period);
  }
  purchaseRhythms(today: string, clientIds: number[]) {
    return reports.rhythmsUpTo(this.c, today, clientIds);
  }
  dueDetails(clientIds: number[]) {
    return reports.clientDetails(this.c, clientIds);
  }
  clientNames(clientIds: Iterable<number>) {
    return reports.clientNames(this.c, clientIds);
  }
}

class PostgresTables implements TableStore {
  constructor(private readonly c: Connection) {}
  rows(table: CopiedTable) {
    return postgresTableRows(this.c, table);
  }
  counts() {
    return postgresTableCounts(this.c);
  }
  insert(table: CopiedTable, chunk: TableRows) {
    return postgresInsertRows(this.c, table, chunk);
  }
  finishCopy() {
    return postgresFinishCopy(this.c);
  }
}

export class PostgresStore implements Store {
  readonly clients: ClientStore;
  readonly visits: VisitStore;
  readonly deals: DealStore;
  readonly nps: NpsStore;
  readonly settings: SettingStore;
  readonly batches: BatchStore;
  readonly imports: ImportStore;
  readonly reports: ReportQueries;
  readonly tables: TableStore;
  /** The database as messages name it: scheme, user, host, port and database, never a password. */
  readonly path: string;

  constructor(private readonly c: Connection) {
    this.path = c.where;
    this.clients = new PostgresClients(c);
    this.visits = new PostgresVisits(c);
    this.deals = new PostgresDeals(c);
    this.nps = new PostgresNps(c);
    this.settings = new PostgresSettings(c);
    this.batches = new PostgresBatches(c);
    this.imports = new PostgresImports(c);
    this.reports = new PostgresReports(c);
    this.tables = new PostgresTables(c);
  }

  write<T>(work: (tx: StoreAccess) => Promise<T> | T): Promise<T> {
    return this.c.write(() => work(this));
  }

  snapshot<T>(work: (tx: StoreAccess) => Promise<T> | T): Promise<T> {
    return this.c.snapshot(() => work(this));
  }

  /**
   * A server database is not a file to copy beside itself: its backups are the server's (pg_dump, or the host's own).
   * Nothing is kept, and the command says no backup was taken.
   */
  async keepBackup(): Promise<string | null> {
    return null;
  }

  async pruneBackups(): Promise<void> {}

  async discardBackup(): Promise<void> {}

  close(): Promise<void> {
    return this.c.close();
  }
}

export interface PostgresOpenOptions {
  readonly?: boolean;
  /** Create crm's tables in an empty database (`crm init`). */
  create?: boolean;
  /** How long a writer waits for another (tests shorten the minute). */
  lockWaitMs?: number;
  /** Called when a writer finds another writing (an import), before it waits for it. */
  onWait?: () => void;
}

/**
 * Connects to the database at `address` and checks that it is crm's (creating its tables with `create`, upgrading
 * an older schema), before anything is written. Refused: another program's database, a newer crm's, an empty one
 * without `create`; connection failures and a refused login; each in one line, the database as it was.
 */
export async function openPostgresStore(address: string, options: PostgresOpenOptions = {}): Promise<PostgresStore> {
  const c = await connect(address, {
    lockWaitMs: options.lockWaitMs,
    onWait: options.onWait,
    pipeline: options.readonly ?? false,
  });
  try {
    await prepareSchema(c, { readonly: options.readonly ?? false, create: options.create ?? false });
    if (options.readonly) await c.beginReadOnlySession();
  } catch (error) {
    await c.close();
    throw error;
  }
  return new PostgresStore(c);
}

export { releaseKeptConnection } from './connection.js';
export { dumpServerDatabase, inspectRestoreTarget, inspectServerDump, restoreServerDump } from './dump.js';
export { ROLES_SQL } from './roles.js';
export { peekServerSetting } from './settings.js';

/** `crm init --roles` on the database at `address`: crm's roles and their rights, in one transaction. */
export async function createServerRoles(address: string): Promise<void> {
  const c = await connect(address);
  try {
    await createRoles(c);
  } finally {
    await c.close();
  }
}
