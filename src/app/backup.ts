import { existsSync, lstatSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { FileError, fileErrorCode, fileProblem, InputError, NoFreeNameError, StoreError } from '../errors.js';
import { m } from '../i18n/index.js';
import {
  connectStore,
  type DatabaseFileInfo,
  dumpServer,
  inspectDatabaseFile,
  inspectRestoreTarget,
  inspectServerDump,
  isServerAddress,
  numberedNames,
  openDatabaseFile,
  refuseServer,
  replaceDatabase,
  restoreServerDump,
  type ServerDatabaseInfo,
  type ServerDumpInfo,
  type Store,
} from '../store/store.js';
import { checkOutputPath } from './output-files.js';

export const DEFAULT_BACKUPS_KEPT = 10;

/** Local time as `YYYYMMDD-HHMMSS`: the stamp in backup, replaced-database and export names. */
export function fileStamp(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-` +
    `${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`
  );
}

export interface BackupResult {
  path: string;
  bytes: number;
}

/**
 * The file `path` names, through any symbolic links: a restore replaces that file and leaves the link in place, and a
 * backup copies it. A link to a file not there yet stands for the file it points to.
 */
export function realDatabasePath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    try {
      if (lstatSync(path).isSymbolicLink()) return resolve(dirname(path), readlinkSync(path));
    } catch {
      // Nothing at `path`: it is the path itself.
    }
    return resolve(path);
  }
}

/**
 * Where a backup may go: FILE names a new file or an existing directory (then a timestamped name in it), none means a
 * timestamped name in `defaultDir`. `database` is the file the backup must not overwrite (a SQLite database's).
 */
function backupCandidates(
  file: string | undefined,
  defaultDir: string,
  extension: string,
  database?: string,
): Iterable<string> {
  // `backup/` names a directory: a missing one is said so, not taken for a file name it cannot be.
  if (file !== undefined && /[\\/]$/.test(file) && !existsSync(file))
    throw new InputError(m.errors.backup.noSuchDirectory({ dir: file }));
  if (file === undefined || (existsSync(file) && statSync(file).isDirectory())) {
    return numberedNames(file ?? defaultDir, `crm-backup-${fileStamp()}`, extension);
  }
  checkOutputPath(file, { database, directoryAllowed: true });
  if (existsSync(file)) throw new InputError(m.errors.backup.exists({ file }));
  if (!existsSync(dirname(resolve(file))))
    throw new InputError(m.errors.backup.noSuchDirectory({ dir: dirname(file) }));
  return [file];
}

/** A failure to write the backup where it was asked for, said as that place's, never the database's. */
function backupWriteError(error: unknown, file: string | undefined, defaultDir: string): unknown {
  if (error instanceof NoFreeNameError) {
    return new InputError(m.errors.backup.exists({ file: file ?? '' }));
  }
  // The backup's place refused it (a full disk, /proc): say so, not "the database" nor a temporary file's name.
  const code = (error as { code?: string } | null)?.code === 'SQLITE_FULL' ? 'ENOSPC' : fileErrorCode(error);
  if (code) return new FileError(file ?? defaultDir, m.errors.backup.cannotWrite({ problem: fileProblem(code) }));
  return error;
}

/**
 * `crm backup [FILE]`. A SQLite file: a consistent snapshot, taken on a read-only connection while other crm
 * processes may write, by default `crm-backup-YYYYMMDD-HHMMSS.sqlite` beside the database. A server database:
 * `pg_dump -Fc` (also consistent while others write), by default `crm-backup-YYYYMMDD-HHMMSS.dump` in the working
 * directory. FILE may name a file (which must not exist) or a directory. The backup is created private (0600).
 */
export async function backupDatabase(givenPath: string, file?: string): Promise<BackupResult> {
  if (isServerAddress(givenPath)) {
    const candidates = backupCandidates(file, process.cwd(), '.dump');
    try {
      const path = await dumpServer(givenPath, candidates);
      return { path, bytes: statSync(path).size };
    } catch (error) {
      throw backupWriteError(error, file, process.cwd());
    }
  }
  const databasePath = realDatabasePath(givenPath);
  if (!existsSync(databasePath)) throw new StoreError(m.errors.backup.noDatabase({ path: databasePath }));
  const candidates = backupCandidates(file, dirname(givenPath), '.sqlite', databasePath);
  const source = openDatabaseFile(databasePath);
  try {
    const path = source.copyTo(candidates);
    return { path, bytes: statSync(path).size };
  } catch (error) {
    throw backupWriteError(error, file, dirname(databasePath));
  } finally {
    source.close();
  }
}

export interface FileRestorePlan {
  engine: 'sqlite';
  backup: DatabaseFileInfo;
  /** The database now in place; null when there is none (or it cannot be read, which is when a restore is wanted). */
  current: DatabaseFileInfo | null;
  databasePath: string;
}

export interface ServerRestorePlan {
  engine: 'postgres';
  backup: ServerDumpInfo;
  /** The server database now there; null when it has no crm tables yet. */
  current: ServerDatabaseInfo | null;
  /** The server's address (as given: it may carry a password, so it is never shown). */
  databasePath: string;
}

export type RestorePlan = FileRestorePlan | ServerRestorePlan;

/** Everything a restore checks, done before it asks for confirmation or touches anything. */
export async function planRestore(givenPath: string, file: string): Promise<RestorePlan> {
  if (isServerAddress(givenPath)) {
    const backup = await inspectServerDump(file);
    return { engine: 'postgres', backup, current: await inspectRestoreTarget(givenPath), databasePath: givenPath };
  }
  return planFileRestore(givenPath, file);
}

function planFileRestore(givenPath: string, file: string): FileRestorePlan {
  refuseServer(givenPath, 'replace');
  const databasePath = realDatabasePath(givenPath);
  if (existsSync(databasePath) && realDatabasePath(file) === databasePath) {
    throw new InputError(m.errors.backup.isTheDatabase({ file }));
  }
  const backup = inspectDatabaseFile(file);
  let current: DatabaseFileInfo | null = null;
  if (existsSync(databasePath)) {
    try {
      current = inspectDatabaseFile(databasePath, { integrity: false });
    } catch {
      current = null;
    }
  }
  return { engine: 'sqlite', backup, current, databasePath };
}

export interface RestoreResult {
  /** Where the database that was in place now is; null when there was none (and always on a server). */
  replacedPath: string | null;
  /** A server database as the restore left it, read back from it. */
  restored?: ServerDatabaseInfo;
}

/**
 * `crm restore FILE`. A SQLite file: replaces the database with a copy of the checked backup and keeps the one it
 * replaces as `crm.sqlite.replaced-YYYYMMDD-HHMMSS`. A server database: loads the checked dump in one transaction
 * (crm's tables dropped and made again from it), then opens the store (an older dump's schema is upgraded) and reads
 * back what it holds. Other crm processes should not be running (a cron import, say).
 */
export async function restoreDatabase(plan: RestorePlan): Promise<RestoreResult> {
  if (plan.engine === 'postgres') return restoreServer(plan);
  const { databasePath } = plan;
  const stem = `${basename(databasePath)}.replaced-${fileStamp()}`;
  const replacedPath = [...numberedNames(dirname(databasePath), stem, '')].find(
    (path) => !existsSync(path) && !existsSync(`${path}-wal`),
  );
  if (!replacedPath) throw new StoreError(m.errors.backup.noFreeName({ stem }));
  // Checked again: the file may have changed between the question and the answer.
  inspectDatabaseFile(plan.backup.path);
  const { replaced } = replaceDatabase(databasePath, plan.backup.path, replacedPath);
  return { replacedPath: replaced ? replacedPath : null };
}

async function restoreServer(plan: ServerRestorePlan): Promise<RestoreResult> {
  // Checked again: the file may have changed between the question and the answer.
  await inspectServerDump(plan.backup.path);
  await restoreServerDump(plan.databasePath, plan.backup.path);
  const store = await connectStore(plan.databasePath);
  await store.close();
  const restored = await inspectRestoreTarget(plan.databasePath);
  if (!restored) throw new StoreError(m.errors.backup.restoredNoTables({ file: plan.backup.path }));
  return { replacedPath: null, restored };
}

async function backupsToKeep(store: Store): Promise<number> {
  try {
    const value = await store.settings.get('backups-keep');
    return value === undefined ? DEFAULT_BACKUPS_KEPT : Number(value);
  } catch {
    // A database older than the settings table: the default applies.
    return DEFAULT_BACKUPS_KEPT;
  }
}

/**
 * Runs a destructive command's `work` (client merge, import undo) after the backup it takes first:
 * `backups/crm-<reason>-YYYYMMDD-HHMMSS.sqlite` beside the database (directory 0700, file 0600), keeping the newest
 * `backups-keep` (default 10) automatic backups once the work is done. Work that fails or is refused changes nothing,
 * and neither does it leave a backup nor push an older one out: an undo refused ten times would have replaced every
 * backup kept with ten copies of one state. `backup` is the path written, or null when `backups-keep` is 0. Call it
 * on the command's open connection, outside a transaction; `reason` is a word such as `merge`.
 */
export async function withAutoBackup<T>(
  store: Store,
  reason: string,
  work: () => Promise<T>,
): Promise<{ result: T; backup: string | null }> {
  if (!/^[a-z][a-z0-9-]*$/.test(reason)) throw new Error(`backup reason must be a lower-case word, got '${reason}'`);
  const keep = await backupsToKeep(store);
  const backup = keep === 0 ? null : await store.keepBackup(`crm-${reason}-${fileStamp()}`);
  let result: T;
  try {
    result = await work();
  } catch (error) {
    if (backup) await store.discardBackup(backup);
    throw error;
  }
  await store.pruneBackups(keep);
  return { result, backup };
}
