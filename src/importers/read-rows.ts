/**
 * readRows: the one way into a file's rows for an import, whatever the file is. It tells the format (CSV or vCard, or
 * a workbook: workbook/index.ts), reads the encoding and dialect, and yields batches of typed rows with the problems
 * of the rows it could not read (each naming its line, or a workbook's row), as sqlite-utils' rows_from_file does for
 * its formats. A file that cannot be read at all is an InputError that names it. CSV files and workbooks become the
 * same grid of cells (grid.ts), mapped and typed by the same code.
 *
 * Clients, deals and NPS answers are read whole (they are planned whole), in one batch; so is a workbook of any kind,
 * which its reader holds whole. A journal of visits in CSV is streamed through the CSV reader (csv/index.ts
 * streamCsvFile), batch by batch in a thread of its own, by app/import-visits.ts; moving it behind readRows is this
 * interface's streaming mode, to come (see the report of issue 18): its batches are the CSV reader's, typed by a
 * RowTyper settled from the first one.
 */
import { type Detected, type FileFormat, isWorkbookFormat, type RowProblem, type TypedRow } from '../domain/input.js';
import type { FileKind } from '../domain/kinds.js';
import { InputError } from '../errors.js';
import { type ClientFileRecord, clientRecordsOf, type ImportSettings, readClientFile } from './client-file.js';
import { detectFileFormat, FORMAT_SNIFF_BYTES } from './file-format.js';
import { type ReadingContext, readRecordFile, typeGrid } from './record-file.js';

/** A file the user named, as read: its name (for messages and for its extension) and its bytes. */
export interface InputFile {
  name: string;
  bytes: Buffer;
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
}

export interface RowBatch<Row> {
  rows: Row[];
  /** Rows that could not be read, in file order, each with its line (and field, when one is to blame). */
  problems: RowProblem[];
}

export interface RowsRead<Row> {
  /** How the file was read: format, encoding, delimiter, header language, date style... */
  detected: Detected;
  /**
   * Journals: whether rows may carry extra values (the file has columns that map to no field), known before the
   * first batch (RowTyper.keepsExtra). A whole read knows it from its typer.
   */
  keepsExtra?: boolean;
  batches: AsyncIterable<RowBatch<Row>>;
}

/**
 * The file's format: the one the user forced (csv or vcard), else a workbook's by its content (whatever its name),
 * else CSV or vCard by extension, else by content.
 */
export function detectFormat(file: InputFile, forced?: string): FileFormat {
  return detectFileFormat(file.bytes, file.name, forced);
}

/** Reads the rows of a file: see the top of this module. */
export async function readRows<K extends FileKind>(
  file: InputFile,
  options: ReadRowsOptions<K>,
): Promise<RowsRead<RowOf[K]>> {
  const settings = options.settings ?? {};
  try {
    if (file.bytes.length === 0) throw new InputError('empty file');
    const format = detectFormat(file, settings.format);
    if (isWorkbookFormat(format)) {
      const { readWorkbook } = await import('./workbook/index.js');
      const grid = await readWorkbook(file, format, {
        kind: options.kind,
        sheet: settings.sheet,
        map: settings.map,
        encoding: settings.encoding,
      });
      if (options.kind === 'clients') {
        const read = clientRecordsOf(grid, settings);
        return whole(read.detected, read.records as RowOf[K][], read.problems);
      }
      const read = typeGrid(grid, options.kind, settings, options.context);
      return whole(read.detected, read.rows as RowOf[K][], read.problems, read.keepsExtra);
    }
    if (options.kind === 'clients') {
      const read = readClientFile(file.bytes, file.name, settings);
      return whole(read.detected, read.records as RowOf[K][], read.problems);
    }
    if (format === 'vcard') {
      throw new InputError(`a vCard file; ${options.kind} are read from CSV files and workbooks only`);
    }
    const read = readRecordFile(file.bytes, options.kind, settings, options.context);
    return whole(read.detected, read.rows as RowOf[K][], read.problems, read.keepsExtra);
  } catch (error) {
    // A reader's InputError knows the line but not the file: the message a user sees names both.
    throw error instanceof InputError ? new InputError(`${file.name}: ${error.message}`) : error;
  }
}

/** A file read whole, as one batch. */
function whole<Row>(detected: Detected, rows: Row[], problems: RowProblem[], keepsExtra?: boolean): RowsRead<Row> {
  return {
    detected,
    ...(keepsExtra === undefined ? {} : { keepsExtra }),
    batches: (async function* () {
      yield { rows, problems };
    })(),
  };
}

/** Every batch of a read, together: for the imports that plan a whole file at once. */
export async function allRows<Row>(read: RowsRead<Row>): Promise<{ detected: Detected; rows: Row[] } & RowBatch<Row>> {
  const rows: Row[] = [];
  const problems: RowProblem[] = [];
  for await (const batch of read.batches) {
    for (const row of batch.rows) rows.push(row);
    for (const problem of batch.problems) problems.push(problem);
  }
  return { detected: read.detected, rows, problems };
}
