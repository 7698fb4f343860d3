/**
 * readRows: the one way into a file's rows for an import, whatever the file is. It tells the format (CSV or vCard, or
 * a workbook: workbook/index.ts), reads the encoding and dialect, and yields batches of typed rows with the problems
 * of the rows it could not read (each naming its line, or a workbook's row), as sqlite-utils' rows_from_file does for
 * its formats. A file that cannot be read at all is an InputError that names it. CSV files and workbooks become the
 * same grid of cells (grid.ts), mapped and typed by the same code.
 *
 * A file is read whole, in one batch, when it is handed over with its bytes or is a workbook (its reader holds it
 * whole): clients, deals and NPS answers, which are planned whole, and a workbook of any kind. A journal of visits
 * in CSV named without its bytes is streamed (csv/index.ts openCsvStream), in a thread of its own where the build
 * has one, and never held whole: the reader's batches of a thousand rows, a bounded number of them read ahead of the
 * consumer, typed TYPED_ROWS at a time by a RowTyper settled from the first rows. Its phones are numbered where it
 * is read (journal-phones.ts, a row annotation the CSV reader loads by name): each typed row carries its phones' ids
 * and each batch the numbers it names first. What a consumer needs before the first batch (keepsExtra) and after
 * the last (sha256) is part of every read, so that a consumer of batches takes a whole read (a spreadsheet's)
 * unchanged, and one without phone ids numbers the phones itself.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { type Detected, type FileFormat, isWorkbookFormat, type RowProblem, type TypedRow } from '../domain/input.js';
import type { FileKind, RecordKind } from '../domain/kinds.js';
import { InputError } from '../errors.js';
import { m } from '../i18n/index.js';
import { type ClientFileRecord, clientRecordsOf, type ImportSettings, readClientFile } from './client-file.js';
import type { CsvBatch, CsvThread } from './csv/index.js';
import { detectFileFormat, FORMAT_SNIFF_BYTES } from './file-format.js';
import { isTotalsRow } from './grid.js';
import { headerChooser } from './header-row.js';
import { checkOverrides } from './headers.js';
import type { NumberedPhones, PhoneNumbering } from './journal-phones.js';
import { isProblem, type ReadingContext, RowTyper, readRecordFile, typeGrid } from './record-file.js';

export type { CsvThread as ReadingThread } from './csv/index.js';

/** A file the user named: its name (for messages, its extension, and to read it by), and its bytes if read whole. */
export interface InputFile {
  name: string;
  /** The whole file, when the caller read it; without them a journal of visits is streamed from `name`. */
  bytes?: Buffer;
}

/** The formats readRows tells apart, and how much of a file's beginning tells them apart. */
export type { FileFormat };
export { FORMAT_SNIFF_BYTES };

/** What a row of each kind of file is read as. */
export interface RowOf {
  clients: ClientFileRecord;
  visits: TypedRow;
  deals: TypedRow;
  nps: TypedRow;
}

export interface ReadRowsOptions<K extends FileKind> {
  kind: K;
  /** The user's (and the profile's) --format, --encoding, --delimiter, --map, --date-style. */
  settings?: ImportSettings;
  /** How dates and amounts are written where the file does not say (locale, currency). */
  context?: ReadingContext;
  /** The region phones without a country code are read in: a streamed journal's phones are numbered with it. */
  region?: string;
  /** A thread started early to read a streamed journal in (CsvThread.start); by default one is started. */
  thread?: CsvThread;
}

/** The E.164 texts of phone number ids (TypedRow.phoneIds), from `firstNumber` on: NumberBook.learn takes them. */
export interface NumbersNamed {
  firstNumber: number;
  numbers: string[];
}

export interface RowBatch<Row> {
  /** Rows read, in file order. */
  rows: Row[];
  /** Rows that could not be read, in file order, each with its line (and field, when one is to blame). */
  problems: RowProblem[];
  /** Where the file is streamed: bytes read so far, of RowsRead.size. A whole read has read everything. */
  bytesRead?: number;
  /** Where the rows' phones were numbered as they were read: the numbers this batch names first. */
  numbers?: NumbersNamed;
}

export interface RowsRead<Row> {
  /** How the file was read: format, encoding, delimiter, header language and mapping, date style. */
  detected: Detected;
  /** Whether a row may carry values in `extra` (the file has columns that map to no field): known before any batch. */
  keepsExtra: boolean;
  /** A table's header, as its rows' cells (RowProblem.cells) are laid out; absent for a vCard. */
  headers?: string[];
  /** The file's size in bytes. */
  size: number;
  /** Each batch once, in file order. A streamed file that cannot be read on throws from here. */
  batches: AsyncIterable<RowBatch<Row>>;
  /** The file's SHA-256, once every batch has been taken (a streamed file is hashed as it is read). */
  sha256(): string;
  /** Stops reading a file whose batches will not be taken (taking them to the end, or failing, stops it too). */
  close(): Promise<void>;
}

/**
 * The file's format: the one the user forced (csv or vcard), else a workbook's by its content (whatever its name),
 * else CSV or vCard by extension, else by content.
 */
export function detectFormat(file: InputFile, forced?: string): FileFormat {
  return detectFileFormat(file.bytes ?? headOf(file.name), file.name, forced);
}

/** Enough of a file to tell its format by content. */
function headOf(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(FORMAT_SNIFF_BYTES);
    return head.subarray(0, readSync(fd, head, 0, head.length, 0));
  } finally {
    closeSync(fd);
  }
}

/** Reads the rows of a file: see the top of this module. */
export async function readRows<K extends FileKind>(
  file: InputFile,
  options: ReadRowsOptions<K>,
): Promise<RowsRead<RowOf[K]>> {
  const settings = options.settings ?? {};
  try {
    // A journal named without its bytes is streamed, unless it is a workbook (read whole by its reader).
    const format = detectFormat(file, settings.format);
    if (options.kind === 'visits' && file.bytes === undefined && !isWorkbookFormat(format)) {
      return (await streamJournal(file.name, options as ReadRowsOptions<RecordKind>)) as RowsRead<RowOf[K]>;
    }
    const bytes = file.bytes ?? readFileSync(file.name);
    if (bytes.length === 0) throw new InputError(m.errors.read.emptyFile);
    if (isWorkbookFormat(format)) {
      const { readWorkbook } = await import('./workbook/index.js');
      const grid = await readWorkbook({ name: file.name, bytes }, format, {
        kind: options.kind,
        sheet: settings.sheet,
        map: settings.map,
        encoding: settings.encoding,
      });
      if (options.kind === 'clients') {
        const read = clientRecordsOf(grid, settings);
        return { ...whole(read.detected, read.records as RowOf[K][], read.problems, bytes), headers: read.headers };
      }
      const read = withOtherSheets(grid.detected.otherSheets, () =>
        typeGrid(grid, options.kind as RecordKind, settings, options.context),
      );
      return {
        ...whole(read.detected, read.rows as RowOf[K][], read.problems, bytes, read.keepsExtra),
        headers: read.headers,
      };
    }
    if (options.kind === 'clients') {
      const read = readClientFile(bytes, file.name, settings);
      return { ...whole(read.detected, read.records as RowOf[K][], read.problems, bytes), headers: read.headers };
    }
    if (format === 'vcard') throw vcardRefused(options.kind);
    const read = readRecordFile(bytes, options.kind as RecordKind, settings, options.context);
    return {
      ...whole(read.detected, read.rows as RowOf[K][], read.problems, bytes, read.keepsExtra),
      headers: read.headers,
    };
  } catch (error) {
    throw named(file.name, error);
  }
}

function vcardRefused(kind: FileKind): InputError {
  return new InputError(m.errors.read.vcardForKind({ kind }));
}

/** A reader's InputError knows the line but not the file: the message a user sees names both. */
function named(file: string, error: unknown): unknown {
  return error instanceof InputError && !error.message.startsWith(`${file}: `)
    ? new InputError(`${file}: ${error.message}`)
    : error;
}

/**
 * `read`, with the workbook's other sheets named after a refusal of the one read (no column for the kind's fields):
 * a workbook's customers or visits are often on a sheet after a summary.
 */
function withOtherSheets<T>(otherSheets: readonly string[] | undefined, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof InputError) || !otherSheets?.length) throw error;
    throw new InputError(`${error.message}${m.errors.import.otherSheets({ sheets: otherSheets.join(', ') })}`);
  }
}

/** A file read whole, as one batch. */
function whole<Row>(
  detected: Detected,
  rows: Row[],
  problems: RowProblem[],
  bytes: Buffer,
  keepsExtra?: boolean,
): RowsRead<Row> {
  return {
    detected,
    keepsExtra: keepsExtra ?? rows.some((row) => hasExtra(row)),
    size: bytes.length,
    batches: (async function* () {
      yield { rows, problems };
    })(),
    sha256: () => createHash('sha256').update(bytes).digest('hex'),
    close: async () => {},
  };
}

function hasExtra(row: unknown): boolean {
  const extra = (row as { extra?: Record<string, string> }).extra;
  if (extra) for (const _ in extra) return true;
  return false;
}

/** A journal streamed from its CSV file (see the top of this module). */
async function streamJournal(path: string, options: ReadRowsOptions<RecordKind>): Promise<RowsRead<TypedRow>> {
  const settings = options.settings ?? {};
  const [{ openCsvStream, sniffCsvFile }, { phoneIdsOf }] = await Promise.all([
    import('./csv/index.js'),
    import('./journal-phones.js'),
  ]);
  // A file that is no text is refused as such first, whatever its name says; then a vCard as one.
  const sniffed = sniffCsvFile(path, { ...settings, chooseHeader: headerChooser(options.kind, settings.map) });
  if (detectFormat({ name: path }, settings.format) === 'vcard') throw vcardRefused(options.kind);
  checkOverrides(options.kind, settings.map);
  const numbering: PhoneNumbering = { kind: options.kind, settings, region: options.region };
  const csv = await openCsvStream(path, {
    encoding: settings.encoding,
    delimiter: settings.delimiter,
    annotate: { module: 'journal-phones', options: numbering },
    thread: options.thread,
    sniffed,
  });
  let typer: RowTyper;
  try {
    typer = new RowTyper(options.kind, csv.headers, settings, csv.sample, options.context);
  } catch (error) {
    await csv.close();
    throw error;
  }
  typer.readSignsLostIn(csv.detected.encoding);
  // Nothing here keeps `csv` itself, whose sample (ten thousand rows) is done with once the typer is settled.
  const { batches, sha256, close } = csv;
  const detected = typer.describe(csv.detected);
  return {
    detected,
    keepsExtra: typer.keepsExtra,
    headers: csv.headers,
    size: csv.size,
    batches: { [Symbol.asyncIterator]: () => typedBatches(path, batches, typer, phoneIdsOf, detected) },
    sha256,
    close,
  };
}

/**
 * Rows typed at a time. The reader's batches hold a thousand; typed all at once, they lived on through young-
 * generation collections while they were planned (on a million rows: 260 MB promoted to the old generation instead
 * of 27, a quarter more CPU). A part at a time, they die young, as when each row was planned as soon as it was typed.
 */
const TYPED_ROWS = 250;

/**
 * The CSV reader's batches, their rows typed, each with the phone ids its thread gave it where it numbered them, in
 * parts of TYPED_ROWS rows: the first part of a batch brings its numbers, each its problems up to its next part.
 */
async function* typedBatches(
  path: string,
  batches: AsyncIterable<CsvBatch>,
  typer: RowTyper,
  phoneIdsOf: (phones: NumberedPhones, row: number) => number[],
  detected: Detected,
): AsyncGenerator<RowBatch<TypedRow>> {
  try {
    for await (const batch of batches) {
      const phones = batch.annotation as NumberedPhones | undefined;
      let numbers = phones && { firstNumber: phones.firstNumber, numbers: phones.numbers };
      let problem = 0;
      let start = 0;
      do {
        const end = Math.min(batch.rows.length, start + TYPED_ROWS);
        const rows: TypedRow[] = [];
        const unreadable: RowProblem[] = [];
        for (let i = start; i < end; i++) {
          const { line, cells } = batch.rows[i]!;
          const typed = typer.type(line, cells);
          if (isProblem(typed)) {
            // A sheet's totals row saved as CSV (`Итого;;;;72 550,50`) is no record with a bad date: left out, said.
            if (isTotalsRow({ line, cells })) detected.totalsRows = [...(detected.totalsRows ?? []), line];
            else unreadable.push({ ...typed, cells });
            continue;
          }
          // A cell listing two phones was numbered as one spelling: the consumer numbers that row's phones itself.
          if (phones) {
            const phoneIds = phoneIdsOf(phones, i);
            if (phoneIds.length === typed.phones.length) typed.phoneIds = phoneIds;
            if (phones.nameHashes) typed.nameHash = phones.nameHashes[i];
          }
          rows.push(typed);
        }
        const next = batch.rows[end]?.line ?? Number.POSITIVE_INFINITY;
        const from = problem;
        while (problem < batch.problems.length && batch.problems[problem]!.line < next) problem++;
        const problems = batch.problems.slice(from, problem);
        yield {
          rows,
          problems: unreadable.length > 0 ? inLineOrder(problems, unreadable) : problems,
          bytesRead: batch.bytes,
          numbers,
        };
        numbers = undefined;
        start = end;
      } while (start < batch.rows.length);
    }
    // Known once every row is typed: the summary under the rows says it.
    const currencySignsLost = typer.currencySignsLost;
    if (currencySignsLost) detected.currencySignsLost = currencySignsLost;
  } catch (error) {
    throw named(path, error);
  }
}

/** Two lists of problems, each in file order, as one. */
function inLineOrder(a: RowProblem[], b: RowProblem[]): RowProblem[] {
  if (a.length === 0) return b;
  const merged: RowProblem[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) merged.push(a[i]!.line <= b[j]!.line ? a[i++]! : b[j++]!);
  while (i < a.length) merged.push(a[i++]!);
  while (j < b.length) merged.push(b[j++]!);
  return merged;
}

/** Every batch of a read, together: for the imports that plan a whole file at once. */
export async function allRows<Row>(
  read: RowsRead<Row>,
): Promise<{ detected: Detected; rows: Row[]; headers?: string[] } & RowBatch<Row>> {
  const rows: Row[] = [];
  const problems: RowProblem[] = [];
  for await (const batch of read.batches) {
    for (const row of batch.rows) rows.push(row);
    for (const problem of batch.problems) problems.push(problem);
  }
  return { detected: read.detected, rows, problems, headers: read.headers };
}
