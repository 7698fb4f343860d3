/**
 * Files the user names for crm to write (`-o`, `--rejects`, `crm export`, `crm backup`). They hold names, phones and
 * e-mails, so they are private (0600) like the database; they are written beside their name and renamed into place,
 * so a failed write (a full disk) never leaves half a file; and a name that is the database, one of SQLite's files
 * beside it, or the file being read is refused before anything is written.
 */
import {
  closeSync,
  fchmodSync,
  fsyncSync,
  mkdirSync,
  openSync,
  realpathSync,
  renameSync,
  rmSync,
  type Stats,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { FileError, fileError, fileErrorCode, fileProblem, UsageError } from '../errors.js';
import { m } from '../i18n/index.js';
import { temporaryName } from '../store/store.js';

/** What an output must not overwrite: the command's database and the files it reads. */
export interface OutputGuard {
  database?: string;
  inputs?: readonly string[];
  /** The output may be a directory to write into (crm export, crm backup); otherwise a directory is refused. */
  directoryAllowed?: boolean;
  /** What to say after `is a directory` when a directory is refused: what the option takes instead. */
  directoryHint?: string;
}

/** SQLite's files beside a database, which replacing would lose or corrupt its last changes. */
const DATABASE_COMPANIONS = ['', '-wal', '-shm', '-journal'];

function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** The real path of an existing file, or of its directory with the new name; links resolved. Never throws. */
function realName(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    try {
      return join(realpathSync.native(dirname(resolve(path))), basename(path));
    } catch {
      return resolve(path);
    }
  }
}

/**
 * Where a write to `path` lands: the real file (or directory) behind its links, or the new name in the real
 * directory. A missing directory, or one that is a file, is refused here, before anything is written.
 */
export function landingPath(path: string): string {
  const stats = statOf(path);
  // A device or a pipe (`/dev/stdout`) is written where it is: its "real path" may be no path at all.
  if (stats && !stats.isFile() && !stats.isDirectory()) return resolve(path);
  if (stats) {
    try {
      return realpathSync.native(path);
    } catch (error) {
      throw fileError(path, error);
    }
  }
  const dir = dirname(resolve(path));
  let realDir: string;
  try {
    realDir = realpathSync.native(dir);
  } catch (error) {
    if (fileErrorCode(error) === 'ENOENT')
      throw new FileError(path, m.errors.files.noSuchDirectory({ dir: dirname(path) }));
    throw fileError(path, error);
  }
  if (!statOf(realDir)?.isDirectory()) throw new FileError(path, m.errors.files.notADirectory({ dir: dirname(path) }));
  return join(realDir, basename(path));
}

function sameFile(a: string, aStats: Stats | undefined, b: string): boolean {
  if (a === realName(b)) return true;
  const bStats = aStats && statOf(b);
  // A hard link to the database has another name but is the same file.
  return Boolean(bStats && aStats && bStats.dev === aStats.dev && bStats.ino === aStats.ino);
}

/**
 * Refuses (exit 2, before anything is written) an output path that is the database, its -wal, -shm or -journal file,
 * or a file the command reads, through links of any kind; and (exit 1) one whose directory is missing, or that is a
 * directory where a file is wanted.
 */
export function checkOutputPath(path: string, guard: OutputGuard): void {
  const target = landingPath(path);
  const targetStats = statOf(target);
  if (targetStats?.isDirectory() && !guard.directoryAllowed) {
    throw new FileError(path, [m.errors.files.isADirectory, guard.directoryHint].filter(Boolean).join('; '));
  }
  if (guard.database !== undefined) {
    // SQLite names its files after the database's real path; the name as given is checked too.
    const names = new Set([resolve(guard.database), realName(guard.database)]);
    for (const name of names) {
      for (const suffix of DATABASE_COMPANIONS) {
        if (sameFile(target, targetStats, name + suffix)) {
          throw new UsageError(m.errors.files.thatIs({ path, what: m.errors.files.databaseFiles[suffix]! }));
        }
      }
    }
  }
  for (const input of guard.inputs ?? []) {
    if (sameFile(target, targetStats, input)) {
      throw new UsageError(m.errors.files.beingRead({ path, input }));
    }
  }
}

function removeQuietly(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch {
    // Cleaning up after a failure: the failure is what the user is told.
  }
}

/**
 * A file being written: into a private temporary file beside its name, which `commit` renames into place and
 * `discard` removes. A device or a pipe (`-o /dev/stdout`) is written directly: it cannot be renamed onto.
 */
export class OutputFile {
  private readonly target: string;
  private readonly temp: string | undefined;
  private fd: number | undefined;

  constructor(readonly path: string) {
    this.target = landingPath(path);
    const stats = statOf(this.target);
    if (stats?.isDirectory()) throw new FileError(path, m.errors.files.isADirectory);
    this.temp = stats !== undefined && !stats.isFile() ? undefined : temporaryName(this.target);
    try {
      // Created 0600 and set so again: a mode given to open is narrowed by the umask, and an existing file (a
      // device) keeps its own.
      this.fd = openSync(this.temp ?? this.target, this.temp ? 'wx' : 'w', 0o600);
      if (this.temp) fchmodSync(this.fd, 0o600);
    } catch (error) {
      this.discard();
      throw fileError(path, error);
    }
  }

  write(content: string | Uint8Array): void {
    if (this.fd === undefined) throw new Error(`${this.path}: written after it was closed`);
    try {
      const bytes = typeof content === 'string' ? Buffer.from(content) : content;
      let written = 0;
      while (written < bytes.length) written += writeSync(this.fd, bytes, written, bytes.length - written);
    } catch (error) {
      this.discard();
      throw fileError(this.path, error);
    }
  }

  /** Everything written is on disk (not yet under its name): a crash then leaves the old file or the new one. */
  close(): void {
    if (this.fd === undefined) return;
    try {
      if (this.temp) fsyncSync(this.fd);
      closeSync(this.fd);
      this.fd = undefined;
    } catch (error) {
      this.discard();
      throw fileError(this.path, error);
    }
  }

  /** Puts the whole file in place under its name; returns that name. */
  commit(): string {
    this.close();
    try {
      if (this.temp) renameSync(this.temp, this.target);
    } catch (error) {
      this.discard();
      throw fileError(this.path, error);
    }
    return this.path;
  }

  /** Drops what was written; the file of that name, if one was there, stays as it was. */
  discard(): void {
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        // Already failing: nothing more to report.
      }
      this.fd = undefined;
    }
    if (this.temp) removeQuietly(this.temp);
  }
}

/** Writes a whole file privately, all or nothing. */
export function writeOutputFile(path: string, content: string | Uint8Array): void {
  const file = new OutputFile(path);
  file.write(content);
  file.commit();
}

/**
 * Writes files into the directory `dir`, all or none. A new directory is made (0700) under a temporary name beside
 * it, filled and renamed at the end: one new directory in an existing one, never a chain (Node's recursive mkdir
 * loops forever under /proc). Into an existing directory each file is written under a temporary name, and all are
 * renamed at the end. On failure what was written is removed and the directory is as it was.
 */
export function writeOutputDirectory(
  dir: string,
  files: ReadonlyArray<readonly [name: string, content: string | Uint8Array]>,
): void {
  const stats = statOf(dir);
  if (stats && !stats.isDirectory()) throw new FileError(dir, m.errors.files.existsNotDirectory);
  if (!stats) {
    const target = landingPath(dir);
    const staging = temporaryName(target);
    try {
      mkdirSync(staging, { mode: 0o700 });
    } catch (error) {
      const code = fileErrorCode(error);
      const problem = code ? fileProblem(code) : String(error);
      throw new FileError(dir, m.errors.files.cannotCreateDirectory({ problem }));
    }
    try {
      for (const [name, content] of files) writeOutputFile(join(staging, name), content);
      renameSync(staging, target);
    } catch (error) {
      removeQuietly(staging);
      throw error instanceof FileError ? new FileError(dir, error.problem) : fileError(dir, error);
    }
    return;
  }
  const written: OutputFile[] = [];
  try {
    // One file open at a time: a directory of a vCard per client may hold thousands.
    for (const [name, content] of files) {
      const file = new OutputFile(join(dir, name));
      written.push(file);
      file.write(content);
      file.close();
    }
    for (const file of written) file.commit();
  } catch (error) {
    for (const file of written) file.discard();
    throw error;
  }
}
