import {
  chmodSync,
  closeSync,
  constants,
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileProblem, NoFreeNameError, StoreError } from '../errors.js';
import { m } from '../i18n/index.js';
import { LATEST_VERSION } from './migrations.js';
import { APPLICATION_ID, type Db, openSqlite, sqliteProblem } from './sqlite.js';
import { pruneStaleTemporaries, temporaryName } from './temporaries.js';

/** What a database file holds, shown before a restore replaces anything. */
export interface DatabaseFileInfo {
  path: string;
  schemaVersion: number;
  bytes: number;
  clients: number;
  visits: number;
  deals: number;
  answers: number;
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\u0000', 'latin1');

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

function startsWithSqliteMagic(path: string): boolean {
  const head = Buffer.alloc(SQLITE_MAGIC.length);
  const fd = openSync(path, 'r');
  try {
    return readSync(fd, head, 0, head.length, 0) === head.length && head.equals(SQLITE_MAGIC);
  } finally {
    closeSync(fd);
  }
}

function count(db: Db, table: string): number {
  return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

/**
 * Checks, reading only, that `path` is a pocket-crm database this crm can use: a SQLite file with our application id,
 * a schema no newer than ours, and (unless `integrity` is false) one that passes `PRAGMA integrity_check`.
 * Throws StoreError saying what is wrong.
 */
export function inspectDatabaseFile(path: string, options: { integrity?: boolean } = {}): DatabaseFileInfo {
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(path);
  } catch {
    throw new StoreError(m.store.check.noSuchFile({ path }));
  }
  if (!stats.isFile()) throw new StoreError(m.store.check.notAFile({ path }));
  if (!startsWithSqliteMagic(path)) throw new StoreError(m.store.check.notSqlite({ path }));
  let db: Db;
  try {
    db = openSqlite(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new StoreError(m.store.check.cannotOpen({ path, problem: sqliteProblem(error) }));
  }
  try {
    if (db.pragma('application_id', { simple: true }) !== APPLICATION_ID) {
      throw new StoreError(m.store.check.notOurs({ path }));
    }
    const hasMigrations = db
      .prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'")
      .get();
    const version = hasMigrations
      ? ((db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0)
      : 0;
    if (version > LATEST_VERSION) {
      throw new StoreError(m.store.check.newer({ path, version, latest: LATEST_VERSION }));
    }
    if (version < 1) throw new StoreError(m.store.check.noTables({ path }));
    if (options.integrity !== false) {
      const problems = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
      if (problems[0]?.integrity_check !== 'ok') {
        const report = problems[0]?.integrity_check ?? m.store.check.noAnswer;
        throw new StoreError(m.store.check.damaged({ path, report }));
      }
    }
    return {
      path,
      schemaVersion: version,
      bytes: stats.size,
      clients: count(db, 'clients'),
      visits: count(db, 'visits'),
      deals: count(db, 'deals'),
      answers: count(db, 'nps_answers'),
    };
  } catch (error) {
    if (error instanceof StoreError) throw error;
    const code = errorCode(error);
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw new StoreError(m.store.check.notADatabaseOrDamaged({ path, problem: sqliteProblem(error) }));
    }
    throw error;
  } finally {
    db.close();
  }
}

/**
 * A fresh, empty, private (0600) file beside `path`: created so from the start, never chmod-ed afterwards. The
 * temporaries a killed crm left in that folder are deleted first.
 */
function privateTempFile(path: string): string {
  pruneStaleTemporaries(dirname(path));
  const temp = temporaryName(path);
  closeSync(openSync(temp, 'wx', 0o600));
  return temp;
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone: nothing to clean up.
  }
}

/**
 * Gives `temp` the name `target` without replacing a file of that name: a hard link fails with EEXIST when the name
 * is taken, so two writers can never overwrite each other. Returns false when `target` exists.
 */
function claimName(temp: string, target: string): boolean {
  try {
    linkSync(temp, target);
    unlinkSync(temp);
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    // A file system without hard links: check, then rename (a race here only matters to two backups in one second).
    if (existsSync(target)) return false;
    renameSync(temp, target);
    return true;
  }
}

/**
 * A failure to write the copy, told as the target's: the database is only read, so "the database disk is full" would
 * send the user to clean the wrong disk.
 */
function snapshotWriteError(error: unknown, target: string): StoreError | undefined {
  const code = errorCode(error) ?? '';
  const folder = dirname(target);
  const words = m.store.snapshot;
  let problem: string | undefined;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') problem = words.diskFull({ folder });
  else if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code.startsWith('SQLITE_READONLY'))
    problem = words.noPermission({ folder });
  else if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN') || code === 'EIO')
    problem = words.notWritten({
      folder,
      problem: code.startsWith('SQLITE_') ? sqliteProblem(error) : fileProblem(code),
    });
  if (problem === undefined) return undefined;
  return new StoreError(words.cannotWrite({ target, problem }));
}

/**
 * Writes a consistent snapshot of `db` (VACUUM INTO reads it in one transaction, so a writer in another process
 * neither blocks it nor tears it) to the first free name that `candidates` yields; checks the copy's integrity.
 * Returns the path written. The connection must not be inside a transaction.
 */
export function writeSnapshot(db: Db, candidates: Iterable<string>): string {
  if (db.inTransaction) throw new Error('a snapshot cannot be taken inside a transaction: take it before BEGIN');
  let temp: string | undefined;
  try {
    for (const target of candidates) {
      if (temp === undefined) {
        try {
          temp = privateTempFile(target);
          db.prepare('VACUUM INTO ?').run(temp);
        } catch (error) {
          throw snapshotWriteError(error, target) ?? error;
        }
        const check = openSqlite(temp, { readonly: true });
        try {
          const result = check.pragma('integrity_check', { simple: true });
          if (result !== 'ok') throw new StoreError(m.store.snapshot.failedIntegrity({ report: String(result) }));
        } finally {
          check.close();
        }
      }
      if (claimName(temp, target)) {
        temp = undefined;
        return target;
      }
    }
    throw new NoFreeNameError();
  } finally {
    if (temp !== undefined) removeQuietly(temp);
  }
}

/** Opens an existing pocket-crm database read-only for a snapshot (an older schema is fine: it is copied as it is). */
export function openForSnapshot(path: string): Db {
  inspectDatabaseFile(path, { integrity: false });
  const db = openSqlite(path, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 10000');
  return db;
}

/** `name.sqlite`, then `name-2.sqlite`, `name-3.sqlite`, ...: for backups taken within the same second. */
export function* numberedNames(dir: string, stem: string, extension = '.sqlite'): Generator<string> {
  yield join(dir, `${stem}${extension}`);
  for (let n = 2; n < 1000; n++) yield join(dir, `${stem}-${n}${extension}`);
}

/** Automatic backups: `crm-<reason>-YYYYMMDD-HHMMSS[-n].sqlite`. */
const AUTOMATIC_BACKUP = /^crm-[a-z0-9-]+?-(\d{8}-\d{6})(?:-(\d+))?\.sqlite$/;

/** Deletes the oldest automatic backups in `dir` beyond the newest `keep`; returns the paths deleted. */
export function pruneBackups(dir: string, keep: number): string[] {
  const backups = readdirSync(dir)
    .map((name) => ({ name, match: AUTOMATIC_BACKUP.exec(name) }))
    .filter((entry): entry is { name: string; match: RegExpExecArray } => entry.match !== null)
    .map(({ name, match }) => {
      const path = join(dir, name);
      return { path, stamp: match[1]!, n: Number(match[2] ?? 1), modified: statSync(path).mtimeMs };
    })
    .sort((a, b) => a.stamp.localeCompare(b.stamp) || a.modified - b.modified || a.n - b.n);
  const excess = backups.slice(0, Math.max(0, backups.length - keep));
  for (const backup of excess) removeQuietly(backup.path);
  return excess.map((backup) => backup.path);
}

export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/**
 * Folds the write-ahead log of the database at `path` into it and closes it, so that its `-wal` is empty and the
 * file alone holds everything. A database too damaged to open is left as it is (it is about to be replaced).
 */
function checkpoint(path: string): void {
  let db: Db | undefined;
  try {
    db = openSqlite(path, { fileMustExist: true });
    db.pragma('busy_timeout = 10000');
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    // Not a database, or damaged: nothing to fold in; the file is kept as it is under its new name.
  } finally {
    db?.close();
  }
}

/**
 * Puts a copy of the checked database `source` in place of `databasePath`, keeping the database it replaces as
 * `replacedPath` (with its `-wal`, should another process have written since the checkpoint). The swap is a rename,
 * so the path never names a missing or half-written file; the stale `-wal`/`-shm` of the old file are moved away
 * first, so SQLite never replays the old database's log onto the restored one.
 */
export function replaceDatabase(databasePath: string, source: string, replacedPath: string): { replaced: boolean } {
  ensurePrivateDir(dirname(databasePath));
  const sourceDb = openSqlite(source, { readonly: true, fileMustExist: true });
  let temp: string | undefined;
  try {
    temp = privateTempFile(databasePath);
    sourceDb.prepare('VACUUM INTO ?').run(temp);
  } catch (error) {
    if (temp !== undefined) removeQuietly(temp);
    throw error;
  } finally {
    sourceDb.close();
  }

  const replaced = existsSync(databasePath);
  if (replaced) {
    checkpoint(databasePath);
    try {
      linkSync(databasePath, replacedPath);
    } catch (error) {
      if (errorCode(error) === 'EEXIST') throw new StoreError(m.store.snapshot.replacedExists({ path: replacedPath }));
      copyFileSync(databasePath, replacedPath, constants.COPYFILE_EXCL);
    }
    chmodSync(replacedPath, 0o600);
  }
  for (const suffix of ['-wal', '-journal']) {
    if (existsSync(databasePath + suffix)) renameSync(databasePath + suffix, replacedPath + suffix);
  }
  removeQuietly(`${databasePath}-shm`);
  renameSync(temp, databasePath);
  return { replaced };
}
