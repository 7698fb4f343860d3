import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ClientDraft, ClientFields } from '../domain/client.js';
import type { StageEntry } from '../domain/deal.js';
import type { FileKind } from '../domain/kinds.js';
import type { ClientChanges, MatchKeys } from '../domain/matching.js';
import type { PhoneReadAgain } from '../domain/phones-read-again.js';
import type { ArpuBreakdown } from '../reports/arpu.js';
import type { Period } from '../reports/period.js';
import { ensurePrivateDir, numberedNames, pruneBackups, writeSnapshot } from './backup.js';
import { type Db, readSnapshotAsync, writeTransactionAsync } from './db.js';
import { closeDueWriter } from './due-facts.js';
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
  JournalWriter,
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
} from './interface.js';
import { getSetting, listSettings, setSetting, unsetSetting } from './settings.js';
import type { CopiedTable, TableRows } from './table-copy.js';

/*
 * Each group loads its module on first use (a dynamic import, a chunk of its own in the bundle): `crm report arpu`
 * loads the report queries and the settings, never the client matching or the deal history code.
 */

class SqliteClients implements ClientStore {
  constructor(private readonly db: Db) {}
  private readonly module = () => import('./clients.js');
  async get(id: number) {
    return (await this.module()).getClient(this.db, id);
  }
  async load(ids?: number[]) {
    return (await this.module()).loadClients(this.db, ids);
  }
  async list(filter?: ClientFilter) {
    return (await this.module()).listClients(this.db, filter);
  }
  async findIds(query: string, includeArchived?: boolean) {
    return (await this.module()).findClientIds(this.db, query, includeArchived);
  }
  async nameAliases(ids?: number[]) {
    return (await this.module()).loadNameAliases(this.db, ids);
  }
  async matchCandidates(keys: MatchKeys) {
    return (await this.module()).matchCandidateIds(this.db, keys);
  }
  async duplicateCandidates() {
    return (await this.module()).listDuplicateCandidates(this.db);
  }
  async names(ids: number[]) {
    return (await this.module()).clientNamesById(this.db, ids);
  }
  async insert(draft: ClientDraft) {
    return (await this.module()).insertClient(this.db, draft);
  }
  async replaceFields(id: number, fields: Partial<ClientFields>) {
    (await this.module()).replaceClientFields(this.db, id, fields);
  }
  async setArchived(id: number, archived: boolean) {
    (await this.module()).setArchived(this.db, id, archived);
  }
  async merge(keepId: number, otherId: number, fields: Partial<ClientFields>) {
    (await this.module()).mergeClientInto(this.db, keepId, otherId, fields);
  }
  async withPhonesKeptAsWritten() {
    return (await this.module()).clientsWithPhonesKeptAsWritten(this.db);
  }
  async storePhonesReadAgain(phones: readonly PhoneReadAgain[]) {
    (await this.module()).storePhonesReadAgain(this.db, phones);
  }
}

class SqliteVisits implements VisitStore {
  constructor(private readonly db: Db) {}
  private readonly module = () => import('./visits.js');
  async get(id: number) {
    return (await this.module()).getVisit(this.db, id);
  }
  async list(filter?: VisitFilter) {
    return (await this.module()).listVisits(this.db, filter);
  }
  async insert(visit: NewVisit) {
    return (await this.module()).insertVisit(this.db, visit);
  }
  async update(id: number, fields: Partial<Omit<NewVisit, 'extra'>>) {
    (await this.module()).updateVisit(this.db, id, fields);
  }
  async delete(id: number) {
    return (await this.module()).deleteVisit(this.db, id);
  }
}

class SqliteDeals implements DealStore {
  constructor(private readonly db: Db) {}
  private readonly module = () => import('./deals.js');
  async get(id: number) {
    return (await this.module()).getDeal(this.db, id);
  }
  async list(filter?: DealFilter) {
    return (await this.module()).listDeals(this.db, filter);
  }
  async insert(deal: NewDeal, history: StageEntry[]) {
    return (await this.module()).insertDeal(this.db, deal, history);
  }
  async move(id: number, entry: StageEntry, amount: number | null) {
    (await this.module()).moveDeal(this.db, id, entry, amount);
  }
}

class SqliteNps implements NpsStore {
  constructor(private readonly db: Db) {}
  private readonly module = () => import('./nps.js');
  async list(filter?: NpsFilter) {
    return (await this.module()).listNpsAnswers(this.db, filter);
  }
  async insert(answer: NewNpsAnswer) {
    return (await this.module()).insertNpsAnswer(this.db, answer);
  }
}

/** Loaded with the store, not lazily: nearly every command reads a setting (region, locale, backups-keep). */
class SqliteSettings implements SettingStore {
  constructor(private readonly db: Db) {}
  async get(key: string) {
    return getSetting(this.db, key);
  }
  async set(key: string, value: string) {
    setSetting(this.db, key, value);
  }
  async unset(key: string) {
    return unsetSetting(this.db, key);
  }
  async list() {
    return listSettings(this.db);
  }
}

class SqliteBatches implements BatchStore {
  constructor(private readonly db: Db) {}
  async list() {
    return (await import('./batches.js')).listBatches(this.db);
  }
  async undone() {
    return (await import('./batches.js')).listUndoneImports(this.db);
  }
}

class SqliteImports implements ImportStore {
  constructor(private readonly db: Db) {}
  async beginBatch(kind: FileKind, file: string, sha256: string, settings: unknown) {
    return (await import('./batches.js')).beginBatch(this.db, kind, file, sha256, settings);
  }
  async finishBatch(batchId: number, counts: BatchCounts) {
    (await import('./batches.js')).finishBatch(this.db, batchId, counts);
  }
  async insertClients(drafts: ClientDraft[], batchId: number) {
    const { ClientInserts } = await import('./clients.js');
    const inserts = new ClientInserts(this.db, batchId);
    const ids = drafts.map((draft) => inserts.add(draft));
    inserts.flush();
    return ids;
  }
  async applyClientChanges(changes: Iterable<[number, ClientChanges]>, batchId: number) {
    const { applyClientChanges } = await import('./clients.js');
    for (const [id, clientChanges] of changes) applyClientChanges(this.db, id, clientChanges, batchId);
  }
  async recordDuplicateCandidates(
    pairs: Array<{ clientId: number; otherId: number; reason: string }>,
    batchId: number | null,
  ) {
    const { recordDuplicateCandidate } = await import('./clients.js');
    for (const { clientId, otherId, reason } of pairs)
      recordDuplicateCandidate(this.db, clientId, otherId, reason, batchId);
  }
  async insertDeals(deals: Array<{ deal: NewDeal; history: StageEntry[] }>, batchId: number) {
    const { insertDeal } = await import('./deals.js');
    for (const { deal, history } of deals) insertDeal(this.db, deal, history, batchId);
  }
  async moveDeals(moves: Array<{ dealId: number; entry: StageEntry }>, batchId: number) {
    const { moveDeal } = await import('./deals.js');
    for (const { dealId, entry } of moves) moveDeal(this.db, dealId, entry, null, batchId);
  }
  async insertNpsAnswers(answers: NewNpsAnswer[], batchId: number) {
    const { insertNpsAnswer } = await import('./nps.js');
    for (const answer of answers) insertNpsAnswer(this.db, answer, batchId);
  }
  async storedNpsCount() {
    const { npsContentCounts, npsKey } = await import('./nps.js');
    const counts = npsContentCounts(this.db);
    return (clientId: number, date: string, score: number) => counts.get(npsKey(clientId, date, score)) ?? 0;
  }
  async loadProfile(name: string) {
    return (await import('./profiles.js')).loadProfile(this.db, name);
  }
  async saveProfile(name: string, kind: FileKind, settings: unknown) {
    (await import('./profiles.js')).saveProfile(this.db, name, kind, settings);
  }
  async listProfiles() {
    return (await import('./profiles.js')).listProfiles(this.db);
  }
  async undo(batchId: number) {
    return (await import('./batches.js')).undoBatch(this.db, batchId);
  }
  async loadJournal(options: JournalLoadOptions): Promise<JournalWriter> {
    const load = new (await import('./journal-load.js')).JournalLoad(this.db, options);
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
      // Every row is written as it is handed over: nothing queues.
      ready: async () => {},
      complete: async (possibleDuplicates, duplicateReason) => load.complete(possibleDuplicates, duplicateReason),
      rememberRegion: async (region, phones, pairs) => load.rememberRegion(region, phones, pairs),
      commit: async (outcome, beforeCommit) => load.commit(outcome, beforeCommit),
      abandon: async () => load.abandon(),
    };
  }
}

class SqliteReports implements ReportQueries {
  private prepared = false;
  constructor(private readonly db: Db) {}
  /** The report queries, with the connection set up for them the first time. */
  private async queries() {
    const queries = await import('./report-queries.js');
    if (!this.prepared) {
      queries.prepareForReports(this.db);
      this.prepared = true;
    }
    return queries;
  }
  async arpuGroupRows(period: Period, by: ArpuBreakdown) {
    return (await this.queries()).arpuGroupRows(this.db, period, by);
  }
  async buyerRows(period: Period) {
    return (await this.queries()).buyerRows(this.db, period);
  }
  async buyerTotals(period: Period) {
    return (await this.queries()).buyerTotals(this.db, period);
  }
  async purchaseCountGroups(ends: string[]) {
    return (await this.queries()).purchaseCountGroups(this.db, ends);
  }
  async purchaseCountRows(period: Period) {
    return (await this.queries()).purchaseCountRows(this.db, period);
  }
  async churnFacts(range: ChurnRange) {
    return (await this.queries()).churnFactColumns(this.db, range);
  }
  async churnClientColumns(range: ChurnRange, reactivation = false) {
    return (await this.queries()).churnClientColumns(this.db, range, { reactivation });
  }
  async dealsCreatedIn(period: Period) {
    return (await this.queries()).dealsCreatedIn(this.db, period);
  }
  async npsScoreCounts(period: Period) {
    return (await this.queries()).npsScoreCounts(this.db, period);
  }
  async latestAnswers(period: Period) {
    return (await this.queries()).latestAnswers(this.db, period);
  }
  async cohortActivity(period: Period) {
    return (await this.queries()).cohortActivity(this.db, period);
  }
  async rfmFacts(period: Period) {
    return (await this.queries()).rfmFactColumns(this.db, period);
  }
  async recentBuyers(period: Period) {
    return (await this.queries()).recentBuyers(this.db, period);
  }
  async recentDetractors(period: Period) {
    return (await this.queries()).recentDetractors(this.db, period);
  }
  async purchaseRhythms(today: string, clientIds: number[]) {
    return (await this.queries()).rhythmsUpTo(this.db, today, clientIds);
  }
  async dueDetails(clientIds: number[]) {
    return (await this.queries()).dueDetails(this.db, clientIds);
  }
  async clientNames(clientIds: Iterable<number>) {
    return (await this.queries()).clientNames(this.db, clientIds);
  }
}

/**
 * The Store on one SQLite connection. The groups share the connection, so a transaction the store opens covers
 * whatever any group does until it settles: `write` and `snapshot` hand the store itself over as the transaction.
 */
class SqliteTables implements TableStore {
  constructor(private readonly db: Db) {}
  private readonly module = () => import('./table-copy.js');
  async *rows(table: CopiedTable) {
    yield* (await this.module()).sqliteTableRows(this.db, table);
  }
  async counts() {
    return (await this.module()).sqliteTableCounts(this.db);
  }
  async insert(table: CopiedTable, chunk: TableRows) {
    (await this.module()).sqliteInsertRows(this.db, table, chunk);
  }
  async finishCopy() {
    (await this.module()).sqliteFinishCopy(this.db);
  }
}

export class SqliteStore implements Store {
  readonly clients: ClientStore;
  readonly visits: VisitStore;
  readonly deals: DealStore;
  readonly nps: NpsStore;
  readonly settings: SettingStore;
  readonly batches: BatchStore;
  readonly imports: ImportStore;
  readonly reports: ReportQueries;
  readonly tables: TableStore;

  constructor(
    private readonly db: Db,
    readonly path: string,
  ) {
    this.clients = new SqliteClients(db);
    this.visits = new SqliteVisits(db);
    this.deals = new SqliteDeals(db);
    this.nps = new SqliteNps(db);
    this.settings = new SqliteSettings(db);
    this.batches = new SqliteBatches(db);
    this.imports = new SqliteImports(db);
    this.reports = new SqliteReports(db);
    this.tables = new SqliteTables(db);
  }

  write<T>(work: (tx: StoreAccess) => Promise<T> | T): Promise<T> {
    return writeTransactionAsync(this.db, () => work(this));
  }

  snapshot<T>(work: (tx: StoreAccess) => Promise<T> | T): Promise<T> {
    return readSnapshotAsync(this.db, () => work(this));
  }

  async keepBackup(name: string): Promise<string> {
    const dir = this.backupsDir();
    ensurePrivateDir(dir);
    return writeSnapshot(this.db, numberedNames(dir, name));
  }

  async pruneBackups(keep: number): Promise<void> {
    if (existsSync(this.backupsDir())) pruneBackups(this.backupsDir(), keep);
  }

  async discardBackup(path: string): Promise<void> {
    // Only a copy among this database's automatic backups.
    if (dirname(path) === this.backupsDir()) rmSync(path, { force: true });
  }

  private backupsDir(): string {
    return join(dirname(this.path), 'backups');
  }

  async close(): Promise<void> {
    this.db.close();
    closeDueWriter(this.db);
  }
}
