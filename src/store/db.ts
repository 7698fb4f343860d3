import { accessSync, chmodSync, closeSync, constants, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type Database from 'better-sqlite3';
import { nameKey } from '../domain/names.js';
import { fileErrorCode, fileProblem, StoreError } from '../errors.js';
import { m } from '../i18n/index.js';
import { ensurePrivateDir, numberedNames, pruneBackups, writeSnapshot } from './backup.js';
import { LATEST_VERSION, MIGRATIONS, type Migration } from './migrations.js';
import { APPLICATION_ID, type Db, openSqlite, sqliteCode, sqliteProblem } from './sqlite.js';
import { pruneStaleTemporaries } from './temporaries.js';

export { APPLICATION_ID, type Db };

export interface OpenOptions {
  /** Open an existing database without creating or migrating it (reports, backups). */
  readonly?: boolean;
}

/** Creates the file with mode 0600 before SQLite does: it holds clients' personal data. */
function createPrivateFile(path: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    closeSync(openSync(path, 'a', 0o600));
    chmodSync(path, 0o600);
  } catch (error) {
    const code = fileErrorCode(error);
    const problem = code ? fileProblem(code) : (error as Error).message;
    throw new StoreError(m.store.file.cannotCreate({ path, problem }));
  }
}

/** Whether this process may write the file (a read-only open of it can still be made). */
export function isWritable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * SQLite opens a file it may not write read-only without a word, and the first write of a command would then fail
 * half-way with a bare SQLITE_READONLY. On such a connection every statement that writes is refused when it is
 * prepared, before anything runs, with an error that says why; reading commands work as before.
 */
function refuseWrites(db: Db, path: string): void {
  const refusal = () => new StoreError(m.store.file.readOnly({ path }));
  const prepare = db.prepare.bind(db);
  db.prepare = ((source: string) => {
    const prepared = prepare(source);
    if (!prepared.readonly) throw refusal();
    return prepared;
  }) as Db['prepare'];
  db.exec = () => {
    throw refusal();
  };
}

/** SQLite's codes for a file it cannot use as a database: reported as such, never as a crash. */
function unusableFileError(error: unknown, path: string): StoreError | undefined {
  const code = sqliteCode(error);
  const problem = sqliteProblem(error);
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT')
    return new StoreError(m.store.file.notADatabase({ path, problem }));
  if (code?.startsWith('SQLITE_CANTOPEN') || code?.startsWith('SQLITE_READONLY')) {
    return new StoreError(m.store.file.cannotOpen({ path, problem }));
  }
  return undefined;
}

function recordedVersion(db: Db): number {
  const table = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (!table) return 0;
  const row = db.prepare('SELECT max(version) AS version FROM schema_migrations').get() as { version: number | null };
  return row.version ?? 0;
}

/**
 * Refuses, before anything is written, a SQLite file that another program made: one marked with another application
 * id, or one with schema objects or a user_version but without our schema_migrations table. A file with none of
 * these is a database no one has used yet, and becomes ours. (An application id of 0 with our table is a pocket-crm
 * database from before the id was set, or one whose first migration was cut short.)
 */
function checkIdentity(db: Db, path: string): void {
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  if (applicationId === APPLICATION_ID) return;
  const words = m.store.file;
  const refuse = (evidence: string) => new StoreError(words.anotherProgram({ path, evidence }));
  if (applicationId !== 0) throw refuse(words.applicationId({ id: applicationId }));
  const ours = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (ours) return;
  const objects = (db.prepare('SELECT count(*) AS n FROM sqlite_schema').get() as { n: number }).n;
  if (objects > 0) throw refuse(words.schemaObjects({ count: objects }));
  const userVersion = db.pragma('user_version', { simple: true }) as number;
  if (userVersion !== 0) throw refuse(words.userVersion({ version: userVersion }));
}

/**
 * Applies the migrations the database lacks, each in its own transaction and recorded. An existing database is
 * first copied to `backups/` beside it: an upgrade is the one change a user did not ask for.
 */
export function migrate(db: Db, path: string, migrations: Migration[] = MIGRATIONS): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const current = recordedVersion(db);
  if (current > 0 && migrations.some((m) => m.version > current)) {
    const dir = join(dirname(path), 'backups');
    ensurePrivateDir(dir);
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
    writeSnapshot(db, numberedNames(dir, `crm-migrate-${stamp}`));
    pruneBackups(dir, 10);
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        new Date().toISOString(),
      );
    }).immediate();
  }
  db.pragma(`application_id = ${APPLICATION_ID}`);
}

/**
 * Opens (creating and migrating when needed) the database at `path`. Refuses, without writing anything, a file that
 * is not a SQLite database, another application's database, or one written by a newer pocket-crm.
 */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  if (existsSync(path) && statSync(path).isDirectory()) {
    throw new StoreError(m.store.file.isADirectory({ path }));
  }
  // A device or a pipe (`--db /dev/null`) must not be chmod-ed or written as if it were a new database.
  if (existsSync(path) && !statSync(path).isFile()) throw new StoreError(m.store.file.notRegular({ path }));
  const isNew = !existsSync(path) || statSync(path).size === 0;
  if (options.readonly && isNew) throw new StoreError(m.store.file.noDatabaseYet({ path }));
  if (!options.readonly && isNew) createPrivateFile(path);

  let db: Db;
  try {
    db = openSqlite(path, { readonly: options.readonly ?? false, fileMustExist: true });
    // A writer waits behind an import (one transaction, so that a crash leaves none of it): up to a minute.
    db.pragma('busy_timeout = 60000');
    checkIdentity(db, path);
  } catch (error) {
    if (error instanceof StoreError) throw error;
    throw unusableFileError(error, path) ?? error;
  }
  if (!options.readonly && !isWritable(path)) refuseWrites(db, path);

  try {
    const version = recordedVersion(db);
    if (version > LATEST_VERSION) {
      throw new StoreError(m.store.file.newer({ path, version, latest: LATEST_VERSION }));
    }
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    // SQLite here has no ICU: lower() and NOCASE leave Cyrillic as it is, so case-folding comes from JS.
    db.function('fold', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? nameKey(text) : null));
    if (version < LATEST_VERSION && options.readonly) {
      // A report in cron right after crm was upgraded must not fail: the upgrade happens on a writing connection.
      if (!isWritable(path)) {
        throw new StoreError(m.store.file.upgradeNeedsWriting({ path, latest: LATEST_VERSION }));
      }
      db.close();
      openDatabase(path).close();
      return openDatabase(path, options);
    }
    if (version < LATEST_VERSION) migrate(db, path);
    // A backup, merge, undo or restore killed half-way left a hidden copy of the database: gone on the next run.
    pruneStaleTemporaries(dirname(path));
    pruneStaleTemporaries(join(dirname(path), 'backups'));
    return db;
  } catch (error) {
    db.close();
    if (sqliteCode(error) === 'SQLITE_CORRUPT') {
      throw new StoreError(m.store.file.corrupt({ path, problem: sqliteProblem(error) }));
    }
    throw unusableFileError(error, path) ?? error;
  }
}

const statements = new WeakMap<Db, Map<string, Database.Statement>>();

/**
 * A prepared statement, compiled once per connection: an import calls the same few statements a million times,
 * and compiling each time would cost more than running them.
 */
export function statement(db: Db, sql: string): Database.Statement {
  let cache = statements.get(db);
  if (!cache) {
    cache = new Map();
    statements.set(db, cache);
  }
  let prepared = cache.get(sql);
  if (!prepared) {
    prepared = db.prepare(sql);
    cache.set(sql, prepared);
  }
  return prepared;
}

/**
 * Runs `work` in one transaction that holds the write lock from its start (BEGIN IMMEDIATE, waiting up to the busy
 * timeout for another writer): whatever `work` reads is what it writes against, so two commands that read, decide
 * and write (two imports matching clients, two edits of one client) run one after the other, never on the same
 * stale reading. Inside a transaction already, it is a savepoint of that one.
 */
export function writeTransaction<T>(db: Db, work: () => T): T {
  return db.transaction(work).immediate();
}

/** Runs `work` in one read transaction: every read in it sees the same state, whatever another crm writes meanwhile. */
export function readSnapshot<T>(db: Db, work: () => T): T {
  return db.transaction(work)();
}

export function schemaVersion(db: Db): number {
  return recordedVersion(db);
}

let nesting = 0;

/**
 * `writeTransaction` for work that awaits: BEGIN IMMEDIATE, the work, COMMIT; a ROLLBACK when it throws. Inside a
 * transaction already, a savepoint of that one. The connection must not serve anything else until it settles: a
 * command has one connection and runs one use case on it.
 */
export async function writeTransactionAsync<T>(db: Db, work: () => Promise<T> | T): Promise<T> {
  if (db.inTransaction) {
    const name = `crm_nested_${++nesting}`;
    // Transaction control is never a write: a connection that refuses writes (refuseWrites) still runs it.
    statement(db, `SAVEPOINT ${name}`).run();
    try {
      const result = await work();
      statement(db, `RELEASE ${name}`).run();
      return result;
    } catch (error) {
      if (db.inTransaction) {
        statement(db, `ROLLBACK TO ${name}`).run();
        statement(db, `RELEASE ${name}`).run();
      }
      throw error;
    } finally {
      nesting--;
    }
  }
  statement(db, 'BEGIN IMMEDIATE').run();
  return settle(db, work);
}

/** `readSnapshot` for work that awaits: its reads see one state, whatever another crm writes meanwhile. */
export async function readSnapshotAsync<T>(db: Db, work: () => Promise<T> | T): Promise<T> {
  if (db.inTransaction) return work();
  statement(db, 'BEGIN').run();
  return settle(db, work);
}

async function settle<T>(db: Db, work: () => Promise<T> | T): Promise<T> {
  try {
    const result = await work();
    statement(db, 'COMMIT').run();
    return result;
  } catch (error) {
    // SQLite may have rolled back already (a full disk, an interrupt): then there is nothing left to undo.
    if (db.inTransaction) statement(db, 'ROLLBACK').run();
    throw error;
  }
}
