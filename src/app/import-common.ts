import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readdirSync, readFileSync, readSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { type Detected, positionIn } from '../domain/input.js';
import type { FileKind } from '../domain/kinds.js';
import {
  AllRowsRejected,
  fileError,
  fileErrorCode,
  fileProblem,
  InputError,
  NotFoundError,
  UsageError,
} from '../errors.js';
import { m } from '../i18n/index.js';
import type { ImportSettings } from '../importers/client-file.js';
import type { ReadingThread } from '../importers/read-rows.js';
import { isServerAddress, type StoreAccess } from '../store/store.js';
import { checkOutputPath } from './output-files.js';

/** What an import profile keeps: how the file is read, and where a deals file's stage names go. */
export interface ProfileSettings extends ImportSettings {
  /** Stage name → stage, from `--stage "Замер=qualified"`: names a deals file gives that the defaults do not place. */
  stages?: Record<string, string>;
}

/** What every `crm import KIND` takes besides its file. */
export interface ImportOptions extends ProfileSettings {
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

function notRegular(stats: Stats): 'directory' | 'fifo' | 'device' | 'socket' | 'other' {
  if (stats.isDirectory()) return 'directory';
  if (stats.isFIFO()) return 'fifo';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'device';
  if (stats.isSocket()) return 'socket';
  return 'other';
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
    if (code === 'ENOENT') throw new InputError(m.errors.import.noSuchFile({ file }));
    if (code === 'EISDIR') throw new InputError(m.errors.import.directoryNotFile({ file }));
    throw fileError(file, error);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) {
      throw new InputError(
        m.errors.import.notRegular({ file, problem: m.errors.import.notRegularProblems[notRegular(stats)] }),
      );
    }
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

/** The first `length` bytes of a regular file the user named (fewer when it is shorter): what tells its format. */
export function readInputHead(file: string, length: number): Buffer {
  const { fd, size } = openInputFile(file);
  try {
    const head = Buffer.alloc(Math.min(size, length));
    const read = readSync(fd, head, 0, head.length, 0);
    return head.subarray(0, read);
  } catch (error) {
    throw new InputError(m.errors.import.cannotRead({ file, problem: fileProblem(fileErrorCode(error) ?? 'EIO') }));
  } finally {
    closeSync(fd);
  }
}

/** Reads a regular file the user named, whole; turns file-system failures into one-line errors that name it. */
export function readInputFile(file: string): Buffer {
  const { fd, size } = openInputFile(file);
  try {
    if (size > MAX_WHOLE_FILE_BYTES) {
      throw new InputError(
        m.errors.import.tooBig({
          file,
          size: Math.round(size / 1024 / 1024),
          most: MAX_WHOLE_FILE_BYTES / 1024 / 1024,
        }),
      );
    }
    return readFileSync(fd);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(m.errors.import.cannotRead({ file, problem: fileProblem(fileErrorCode(error) ?? 'EIO') }));
  } finally {
    closeSync(fd);
  }
}

/**
 * The profile's settings under the ones given on the command line; stage names placed on the command line are added
 * to the profile's (each `--stage` is one more name, as each was given one at a time).
 */
export async function resolveSettings(
  store: StoreAccess,
  kind: FileKind,
  options: ImportOptions,
): Promise<ProfileSettings> {
  const settings: ProfileSettings = {};
  if (options.profile) {
    const profile = await store.imports.loadProfile(options.profile);
    if (!profile) throw new NotFoundError(m.errors.import.noProfile({ name: options.profile }));
    if (profile.kind !== kind) {
      throw new UsageError(m.errors.import.profileKind({ name: options.profile, kind: profile.kind, wanted: kind }));
    }
    Object.assign(settings, profile.settings);
  }
  const given: ImportSettings = {
    format: options.format,
    encoding: options.encoding,
    delimiter: options.delimiter,
    map: options.map && Object.keys(options.map).length ? options.map : undefined,
    dateStyle: options.dateStyle,
    sheet: options.sheet,
  };
  for (const [key, value] of Object.entries(given)) if (value !== undefined) Object.assign(settings, { [key]: value });
  if (options.stages && Object.keys(options.stages).length)
    settings.stages = Object.assign(Object.create(null), settings.stages, options.stages);
  return settings;
}

export function sha256(buffer: Buffer): string {
  return createHash('sha256').update(buffer).digest('hex');
}

function timestamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
}

/** A rejected row as its rejects file says it: the reason in the person's words (row-notes.ts sayNote). */
export interface Rejected {
  line: number;
  field?: string;
  reason: string;
  /** More refused lines of its vCard card than are listed. */
  moreInCard?: number;
}

/**
 * Where rejected rows go: where the user asked, else beside the database (a server's: the working directory), named
 * with `extension`: `.vcf` for the cards of a vCard, which is what imports them again.
 */
export function rejectsPath(databasePath: string, options: ImportOptions, extension = '.csv'): string {
  const folder = isServerAddress(databasePath) ? '.' : dirname(databasePath);
  return resolve(options.rejects ?? join(folder, `${rejectsPrefix(options.file)}${timestamp()}${extension}`));
}

/** How the default rejects files of `file` begin, the run's time after it: `rejects-журнал.csv-`. */
function rejectsPrefix(file: string): string {
  return `rejects-${basename(file).replace(/[^\p{L}\p{N}._-]+/gu, '_')}-`;
}

/**
 * The rejects files that earlier runs of the same file left where this run's goes (`path`, named by rejectsPath):
 * `rejects-журнал.csv-20261207-235302.csv` beside `rejects-журнал.csv-20261208-004758.csv`. None for a file named
 * with --rejects, which is the person's to keep.
 */
export function earlierRejectsFiles(path: string, options: ImportOptions, extension = '.csv'): string[] {
  if (options.rejects !== undefined) return [];
  const folder = dirname(path);
  const prefix = rejectsPrefix(options.file);
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  return names
    .filter(
      (name) =>
        name.startsWith(prefix) &&
        name.endsWith(extension) &&
        /^\d{8}-\d{6}$/.test(name.slice(prefix.length, name.length - extension.length)),
    )
    .map((name) => join(folder, name))
    .filter((earlier) => earlier !== path);
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
 * Every row rejected (m.imports.allRejected): the first named where it is, a workbook's other sheets, and the rejects
 * file that lists every row with its reason (none for a dry run), for the owner to fix them all; with the import's
 * `report`, which a command shows before the error.
 */
export function allRejectedError<Report>(
  file: string,
  count: number,
  first: Rejected | undefined,
  detected: Pick<Detected, 'sheet' | 'sheets' | 'otherSheets'>,
  rejectsFile: string | null,
  report?: Report,
): AllRowsRejected<Report | undefined> {
  const message = m.imports.allRejected({
    file,
    count,
    line: first?.line ?? 0,
    sheetRow: first && detected.sheet !== undefined ? positionIn(first.line, detected) : '',
    field: first?.field ?? '',
    reason: first?.reason ?? '',
    otherSheets: detected.otherSheets?.join(', ') ?? '',
    rejectsFile: rejectsFile ?? '',
  });
  return new AllRowsRejected(message, report);
}

/** `--sheet` given for a file that has no sheets: said, rather than ignored (a profile's sheet is only kept). */
export function checkSheetOption(options: ImportOptions, detected: Pick<Detected, 'format' | 'sheet'>): void {
  if (options.sheet === undefined || detected.sheet !== undefined) return;
  throw new UsageError(
    m.errors.import.sheetWithoutSheets({ file: options.file, format: m.imports.formats[detected.format] }),
  );
}

export type { RecordImportReport } from '../domain/record-import.js';
