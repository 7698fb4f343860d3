import { existsSync, lstatSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { FileError, fileErrorCode, fileProblem, InputError, StoreError } from '../errors.js';
import { m } from '../i18n/index.js';
import {
  type DatabaseFileInfo,
  inspectDatabaseFile,
  numberedNames,
  openDatabaseFile,
  refuseServer,
  replaceDatabase,
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
 * `crm backup [FILE]`: a consistent snapshot of the database at `databasePath`, taken on a read-only connection
 * while other crm processes may write. FILE may name a file (which must not exist) or a directory; the default is
 * `crm-backup-YYYYMMDD-HHMMSS.sqlite` beside the database. The backup is created private (0600).
 */
export function backupDatabase(givenPath: string, file?: string): BackupResult {
  refuseServer(givenPath, 'copied as a file');
  const databasePath = realDatabasePath(givenPath);
  if (!existsSync(databasePath)) throw new StoreError(m.errors.backup.noDatabase({ path: databasePath }));
  let candidates: Iterable<string>;
  // `backup/` names a directory: a missing one is said so, not taken for a file name it cannot be.
  if (file !== undefined && /[\\/]$/.test(file) && !existsSync(file))
    throw new InputError(`${file}: no such directory`);
  if (file === undefined || (existsSync(file) && statSync(file).isDirectory())) {
    const dir = file ?? dirname(givenPath);
    candidates = numberedNames(dir, `crm-backup-${fileStamp()}`);
  } else {
    checkOutputPath(file, { database: databasePath, directoryAllowed: true });
    if (existsSync(file)) throw new InputError(m.errors.backup.exists({ file }));
    if (!existsSync(dirname(resolve(file))))
      throw new InputError(m.errors.backup.noSuchDirectory({ dir: dirname(file) }));
    candidates = [file];
  }
  const source = openDatabaseFile(databasePath);
  try {
    const path = source.copyTo(candidates);
    return { path, bytes: statSync(path).size };
  } catch (error) {
    if (error instanceof StoreError && error.message.startsWith('no free file name')) {
      throw new InputError(m.errors.backup.exists({ file: file ?? '' }));
    }
    // The backup's place refused it (a full disk, /proc): say so, not "the database" nor a temporary file's name.
    const code = (error as { code?: string } | null)?.code === 'SQLITE_FULL' ? 'ENOSPC' : fileErrorCode(error);
    if (code)
      throw new FileError(file ?? dirname(databasePath), m.errors.backup.cannotWrite({ problem: fileProblem(code) }));
    throw error;
  } finally {
    source.close();
  }
}

export interface RestorePlan {
  backup: DatabaseFileInfo;
  /** The database now in place; null when there is none (or it cannot be read, which is when a restore is wanted). */
  current: DatabaseFileInfo | null;
  databasePath: string;
}

/** Everything a restore checks, done before it asks for confirmation or touches any file. */
export function planRestore(givenPath: string, file: string): RestorePlan {
  refuseServer(givenPath, 'replaced by a file');
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
  return { backup, current, databasePath };
}

export interface RestoreResult {
  /** Where the database that was in place now is; null when there was none. */
  replacedPath: string | null;
}

/**
 * `crm restore FILE`: replaces the database with a copy of the checked backup and keeps the one it replaces as
 * `crm.sqlite.replaced-YYYYMMDD-HHMMSS`. Other crm processes should not be running (a cron import, say).
 */
export function restoreDatabase(plan: RestorePlan): RestoreResult {
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
 * The backup a destructive command (client merge, import undo, a schema upgrade) takes first:
 * `backups/crm-<reason>-YYYYMMDD-HHMMSS.sqlite` beside the database (directory 0700, file 0600), keeping the newest
 * `backups-keep` (default 10) automatic backups. Returns the path written, or null when `backups-keep` is 0.
 * Call it on the command's open connection before its transaction begins; `reason` is a word such as `merge`.
 */
export async function autoBackup(store: Store, reason: string): Promise<string | null> {
  if (!/^[a-z][a-z0-9-]*$/.test(reason)) throw new Error(`backup reason must be a lower-case word, got '${reason}'`);
  const keep = await backupsToKeep(store);
  if (keep === 0) return null;
  return store.keepBackup(`crm-${reason}-${fileStamp()}`, keep);
}
