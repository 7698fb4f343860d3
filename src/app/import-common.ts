import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError, NotFoundError, UsageError } from '../errors.js';
import { csvText } from '../exporters/csv-text.js';
import type { ImportSettings } from '../importers/client-file.js';
import type { CsvThread } from '../importers/csv-thread.js';
import type { BatchKind } from '../store/batches.js';
import type { Db } from '../store/db.js';
import { loadProfile } from '../store/profiles.js';

/** What every `crm import KIND` takes besides its file. */
export interface ImportOptions extends ImportSettings {
  file: string;
  dryRun?: boolean;
  /** Where rejected rows go; default: beside the database. */
  rejects?: string;
  profile?: string;
  saveProfile?: string;
  /** A thread started to read a journal in before the import's modules loaded (see CsvThread). */
  readingThread?: CsvThread;
}

/** The size of a file the user named, turning file-system failures into one-line errors that name it. */
export function statInputFile(file: string): number {
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(file);
  } catch {
    throw new InputError(`${file}: no such file`);
  }
  if (stats.isDirectory()) throw new InputError(`${file}: is a directory, not a file`);
  return stats.size;
}

/** Reads a file the user named, turning file-system failures into one-line errors that name it. */
export function readInputFile(file: string): Buffer {
  statInputFile(file);
  try {
    return readFileSync(file);
  } catch (error) {
    throw new InputError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** A reader's InputError knows the line but not the file: the message a user sees names both. */
export function withFileName<T>(file: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof InputError) throw new InputError(`${file}: ${error.message}`);
    throw error;
  }
}

/** The profile's settings under the ones given on the command line. */
export function resolveSettings(db: Db, kind: BatchKind, options: ImportOptions): ImportSettings {
  const settings: ImportSettings = {};
  if (options.profile) {
    const profile = loadProfile(db, options.profile);
    if (!profile) throw new NotFoundError(`no import profile '${options.profile}' (crm import profiles lists them)`);
    if (profile.kind !== kind) throw new UsageError(`profile '${options.profile}' is for ${profile.kind}, not ${kind}`);
    Object.assign(settings, profile.settings);
  }
  const given: ImportSettings = {
    format: options.format,
    encoding: options.encoding,
    delimiter: options.delimiter,
    map: options.map && Object.keys(options.map).length ? options.map : undefined,
    dateStyle: options.dateStyle,
  };
  for (const [key, value] of Object.entries(given)) if (value !== undefined) Object.assign(settings, { [key]: value });
  return settings;
}

export function sha256(buffer: Buffer): string {
  return createHash('sha256').update(buffer).digest('hex');
}

function timestamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
}

export interface Rejected {
  line: number;
  field?: string;
  reason: string;
}

/** Where rejected rows go: where the user asked, else beside the database. */
export function rejectsPath(databasePath: string, options: ImportOptions): string {
  return resolve(
    options.rejects ??
      join(dirname(databasePath), `rejects-${basename(options.file).replace(/[^\w.-]+/g, '_')}-${timestamp()}.csv`),
  );
}

/** Writes rejected rows (line, field, reason) to the rejects file; returns its path. */
export function writeRejects(databasePath: string, options: ImportOptions, rejected: Rejected[]): string | null {
  if (rejected.length === 0) return null;
  const path = rejectsPath(databasePath, options);
  const text = csvText([['line', 'field', 'reason'], ...rejected.map((r) => [r.line, r.field ?? '', r.reason])]);
  // Rejected rows hold personal data: same privacy as the database.
  writeFileSync(path, text, { mode: 0o600 });
  return path;
}

export function allRejectedError(file: string, count: number, first: Rejected | undefined): InputError {
  const where = first
    ? ` (first: line ${first.line}${first.field ? `, field ${first.field}` : ''}: ${first.reason})`
    : '';
  return new InputError(`${file}: nothing could be imported: all ${count} rows were rejected${where}`);
}
