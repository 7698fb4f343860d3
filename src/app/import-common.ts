import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { FileKind } from '../domain/kinds.js';
import { fileError, fileErrorCode, fileProblem, InputError, NotFoundError, UsageError } from '../errors.js';
import { csvText } from '../exporters/csv-text.js';
import type { ImportSettings } from '../importers/client-file.js';
import type { ReadingThread } from '../importers/read-rows.js';
import type { StoreAccess } from '../store/store.js';
import { checkOutputPath, OutputFile } from './output-files.js';

/** What every `crm import KIND` takes besides its file. */
export interface ImportOptions extends ImportSettings {
  file: string;
  dryRun?: boolean;
  /** Where rejected rows go; default: beside the database. */
  rejects?: string;
  profile?: string;
  saveProfile?: string;
  /** A thread started to read a journal in before the import's modules loaded (see readRows). */
  readingThread?: ReadingThread;
}

/**
 * Files above this are not read whole (clients, deals, NPS answers: a list of a million clients is about 150 MB):
 * reading takes about twice the file's size in memory. Journals of visits are streamed and have no such limit.
 */
export const MAX_WHOLE_FILE_BYTES = 256 * 1024 * 1024;

function notRegular(stats: Stats): string {
  if (stats.isDirectory()) return 'is a directory, not a file';
  if (stats.isFIFO()) return 'is a named pipe (FIFO), not a regular file; save what it carries to a file first';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'is a device, not a regular file';
  if (stats.isSocket()) return 'is a socket, not a regular file';
  return 'is not a regular file';
}

/**
 * Opens a file the user named for reading, refusing anything but a regular file (through links): a device such as
 * /dev/zero never ends and would fill memory, a FIFO without a writer never answers. Opened non-blocking, so that
 * opening a FIFO returns at once, and judged by what was opened, not by the name.
 */
function openInputFile(file: string): { fd: number; size: number } {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = fileErrorCode(error);
    if (code === 'ENOENT') throw new InputError(`${file}: no such file`);
    if (code === 'EISDIR') throw new InputError(`${file}: is a directory, not a file`);
    throw fileError(file, error);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new InputError(`${file}: ${notRegular(stats)}`);
    return { fd, size: stats.size };
  } catch (error) {
    closeSync(fd);
    throw fileError(file, error);
  }
}

/** The size of a file the user named, once it is known to be a regular file that can be opened. */
export function statInputFile(file: string): number {
  const { fd, size } = openInputFile(file);
  closeSync(fd);
  return size;
}

/** Reads a regular file the user named, whole; turns file-system failures into one-line errors that name it. */
export function readInputFile(file: string): Buffer {
  const { fd, size } = openInputFile(file);
  try {
    if (size > MAX_WHOLE_FILE_BYTES) {
      throw new InputError(
        `${file}: ${Math.round(size / 1024 / 1024)} MB is more than crm reads at once (${MAX_WHOLE_FILE_BYTES / 1024 / 1024} MB); split the file into parts`,
      );
    }
    return readFileSync(fd);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${file}: cannot be read (${fileProblem(fileErrorCode(error) ?? 'EIO')})`);
  } finally {
    closeSync(fd);
  }
}

/** The profile's settings under the ones given on the command line. */
export async function resolveSettings(
  store: StoreAccess,
  kind: FileKind,
  options: ImportOptions,
): Promise<ImportSettings> {
  const settings: ImportSettings = {};
  if (options.profile) {
    const profile = await store.imports.loadProfile(options.profile);
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

/**
 * Refuses, before the import starts, a `--rejects` file that is the database (or a file SQLite keeps beside it) or
 * the file being imported, or that sits in a missing directory.
 */
export function checkRejectsPath(databasePath: string, options: ImportOptions): void {
  if (options.rejects === undefined || options.dryRun) return;
  checkOutputPath(options.rejects, { database: databasePath, inputs: [options.file] });
}

/**
 * Writes rejected rows (line, field, reason) for the rejects file, private, under a temporary name beside it:
 * `publishRejects` gives it its name once the import commits, so a killed import leaves no rejects file for an
 * import that did not happen (only a temporary, which the next run deletes).
 */
export function writeRejects(databasePath: string, options: ImportOptions, rejected: Rejected[]): OutputFile | null {
  if (rejected.length === 0) return null;
  const file = new OutputFile(rejectsPath(databasePath, options));
  file.write(csvText([['line', 'field', 'reason'], ...rejected.map((r) => [r.line, r.field ?? '', r.reason])]));
  file.close();
  return file;
}

/** Gives staged rejects their name once the import has committed; returns the path, or null when there were none. */
export function publishRejects(staged: OutputFile | null): string | null {
  return staged ? staged.commit() : null;
}

/** Deletes staged rejects of an import that did not commit. */
export function discardRejects(staged: OutputFile | null): void {
  staged?.discard();
}

export function allRejectedError(file: string, count: number, first: Rejected | undefined): InputError {
  const where = first
    ? ` (first: line ${first.line}${first.field ? `, field ${first.field}` : ''}: ${first.reason})`
    : '';
  return new InputError(`${file}: nothing could be imported: all ${count} rows were rejected${where}`);
}

export type { RecordImportReport } from '../domain/record-import.js';
