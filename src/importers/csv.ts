import { CsvError, parse } from 'csv-parse/sync';
import type { RowProblem } from '../domain/input.js';
import { InputError, UsageError } from '../errors.js';
import { m } from '../i18n/index.js';
import { decodeBuffer } from './encoding.js';
import { type CellGrid, dropTotalsRows, type GridRow, uniqueHeaders, unnamedColumn } from './grid.js';

export type Delimiter = ';' | ',' | '\t';

/** How every CSV here is parsed (line endings made `\n` first); `raw` gives each record's text, for its line. */
const PARSE_OPTIONS = {
  record_delimiter: '\n',
  quote: '"',
  relax_quotes: true,
  relax_column_count: true,
  skip_empty_lines: true,
  raw: true,
} as const;

/** A record of a CSV file: `line` is the physical line where it starts (a quoted multi-line cell pushes later ones). */
export type CsvRow = GridRow;

/** A CSV file read whole: the grid every tabular reader hands on. */
export type CsvTable = CellGrid;

export interface ReadCsvOptions {
  /** A user's `--encoding`; otherwise sniffed. */
  encoding?: string;
  /** A user's `--delimiter`: one character, or `tab`, `\t`, `semicolon`, `comma`; otherwise sniffed. */
  delimiter?: string;
  /** Which of the first records is the header (header-row.ts); by default the first that is not blank. */
  chooseHeader?: HeaderChooser;
}

/**
 * Chooses the header among a table's first records (their trimmed cells): its index, or -1. The readers of each
 * kind of file pass header-row.ts findHeaderRow, which the workbook reader goes by too.
 */
export type HeaderChooser = (rows: readonly (readonly string[])[]) => number;

/** Records looked at for the header: enough for HEADER_SEARCH_ROWS that are not blank under a few that are. */
const HEADER_RECORDS = 100;

/**
 * The physical line of the header `choose` picks among the first records of `text`, when it is not the first record
 * that is not blank (a title row, a note above it); otherwise undefined: the collector's own rule, the first.
 */
export function headerLineOf(text: string, delimiter: string, choose: HeaderChooser): number | undefined {
  const records: Array<{ line: number; cells: string[] }> = [];
  let line = 1;
  try {
    parse(text.replace(/\r\n?/g, '\n'), {
      ...PARSE_OPTIONS,
      delimiter,
      to: HEADER_RECORDS,
      on_record: (value) => {
        const { record, raw } = value as unknown as { record: string[]; raw: string };
        let blankLines = 0;
        while (raw.charCodeAt(blankLines) === LF) blankLines++;
        records.push({ line: line + blankLines, cells: record.map(cleanCell) });
        line += countLineFeeds(raw);
        return null;
      },
    });
  } catch (error) {
    // A record the parser cannot finish (a head cut inside a quoted cell): the header is among those before it.
    if (!(error instanceof CsvError)) throw error;
  }
  const chosen = choose(records.map((record) => record.cells));
  const first = records.findIndex((record) => record.cells.some((cell) => cell !== ''));
  return chosen > first ? records[chosen]!.line : undefined;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** Spreadsheets write NULs only in UTF-16; anywhere else they mean the file is not text at all. */
export const BINARY_SNIFF_BYTES = 8 * 1024;

/** Preference when the header has as many of one candidate as of another: a tab or semicolon is rarely part of a
 * header's text, a comma often is ("Откуда узнал(а), канал"). */
const DELIMITER_PREFERENCE: readonly Delimiter[] = ['\t', ';', ','];

/**
 * Guesses the delimiter from the header (the first non-blank record that has any): the candidate seen most often
 * outside quotes. A file with none of them in its first lines is a single-column file, read with ','.
 */
export function sniffDelimiter(text: string): Delimiter {
  const counts: Record<Delimiter, number> = { '\t': 0, ';': 0, ',': 0 };
  let seenContent = false;
  let linesWithout = 0;
  walkOutsideQuotes(text, 0, DELIMITER_CODES, (code, index) => {
    if (code === LF || code === CR) {
      if (!seenContent) return true;
      // A title above the header ("Журнал 2026" alone on its line) tells nothing: the next line may.
      if (counts['\t'] + counts[';'] + counts[','] > 0 || ++linesWithout >= HEADER_RECORDS) return false;
      seenContent = false;
      return true;
    }
    if (code === QUOTE) seenContent = true;
    else if (DELIMITER_CODES.has(code)) counts[text[index] as Delimiter]++;
    else if (!WHITESPACE.test(text[index]!)) seenContent = true;
    return true;
  });
  let best: Delimiter = ',';
  let bestCount = 0;
  for (const candidate of DELIMITER_PREFERENCE) {
    if (counts[candidate] > bestCount) {
      best = candidate;
      bestCount = counts[candidate];
    }
  }
  return best;
}

const DELIMITER_CODES: ReadonlySet<number> = new Set([9, 59, 44]);
const WHITESPACE = /\s/;

/**
 * Walks text the way csv-parse reads quotes: a quote opens a quoted field only at the start of a field, `""` inside
 * one is a quote, and any other quote closes it. `visit` sees every character outside quoted fields, plus each
 * opening quote (at its index); it returns false to stop. Returns whether the walk ended inside a quoted field.
 */
function walkOutsideQuotes(
  text: string,
  start: number,
  delimiters: ReadonlySet<number>,
  visit: (code: number, index: number) => boolean,
): boolean {
  let fieldStart = true;
  for (let i = start; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!visit(code, i)) return false;
    if (code === QUOTE && fieldStart) {
      const close = closingQuote(text, i + 1);
      if (close < 0) return true;
      i = close;
      fieldStart = false;
      continue;
    }
    fieldStart = delimiters.has(code) || code === LF || code === CR;
  }
  return false;
}

/** Index of the quote closing a quoted field whose content starts at `from`, or -1. */
function closingQuote(text: string, from: number): number {
  for (let i = text.indexOf('"', from); i !== -1; i = text.indexOf('"', i + 2)) {
    if (text.charCodeAt(i + 1) !== QUOTE) return i;
  }
  return -1;
}

/** Reads a CSV/TSV file exported by a spreadsheet or a contacts app. Throws InputError only for a file that cannot be
 * read at all; everything wrong with single rows comes back in `problems`. */
export function readCsv(buf: Buffer, options: ReadCsvOptions = {}): CsvTable {
  if (buf.length === 0) throw new InputError(m.errors.read.emptyFile);
  const decoded = decodeBuffer(buf, options.encoding);
  if (!decoded.encoding.startsWith('utf16') && buf.includes(0)) {
    throw new InputError(m.errors.read.binaryCsv);
  }
  refuseHugeFirstLine(decoded.text);
  const delimiter = options.delimiter === undefined ? sniffDelimiter(decoded.text) : delimiterOption(options.delimiter);
  const lineEndings = detectLineEndings(decoded.text, delimiter);
  const headerLine = options.chooseHeader && headerLineOf(decoded.text, delimiter, options.chooseHeader);
  const parsed = parseCsvText(decoded.text, delimiter, headerLine);
  // A sheet saved as CSV keeps its totals row as its last line.
  const totals = dropTotalsRows(parsed.rows);
  return {
    detected: {
      format: 'csv',
      encoding: decoded.encoding,
      bom: decoded.bom,
      delimiter,
      lineEndings,
      ...(totals.length > 0 ? { totalsRows: totals } : {}),
      ...(headerLine === undefined ? {} : { headerRow: headerLine }),
    },
    ...parsed,
  };
}

/**
 * Characters a header line may have: a million columns of short names fit. A first line longer than this is not a
 * header but a file with no line breaks (a dump, a minified blob), which would take minutes and gigabytes to parse.
 */
const MAX_HEADER_CHARS = 16 * 1024 * 1024;

function refuseHugeFirstLine(text: string): void {
  const start = text.search(/\S/);
  if (start < 0) return;
  const lineFeed = text.indexOf('\n', start);
  const carriageReturn = text.indexOf('\r', start);
  const ends = [lineFeed, carriageReturn, text.length].filter((at) => at >= 0);
  const length = Math.min(...ends) - start;
  if (length > MAX_HEADER_CHARS) {
    throw new InputError(m.errors.read.firstLineTooLong({ millions: Math.round(length / 1_000_000) }));
  }
}

/** The parsing half of `readCsv`, on already decoded text. */
export function parseCsvText(
  text: string,
  delimiter: string,
  headerLine?: number,
): Pick<CsvTable, 'headers' | 'rows' | 'problems'> {
  // One line-ending convention makes csv-parse split mixed files right (no stray \r) and makes its `raw` text exact,
  // which the line numbers are counted from.
  const normalized = text.replace(/\r\n?/g, '\n');
  const collector = new CsvCollector(headerLine);
  try {
    parse(normalized, {
      ...PARSE_OPTIONS,
      delimiter,
      on_record: (value) => {
        // With `raw: true` csv-parse hands over `{ record, raw }`, which its types do not say.
        const { record, raw } = value as unknown as { record: string[]; raw: string };
        collector.accept(raw, record);
        return null;
      },
    });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    collector.fail(normalized, delimiter, error);
  }
  return collector.finish();
}

/**
 * Turns parsed records into a header and padded rows, counting physical lines. It is fed one record at a time, so
 * a streaming reader can drive it the same way.
 */
export class CsvCollector {
  private headers: string[] | undefined;
  private rows: CsvRow[] = [];
  private problems: RowProblem[] = [];
  /** Characters of the normalized text consumed so far, and the physical line they end on. */
  private offset = 0;
  private line = 1;

  /** `headerLine`: where the header is (headerLineOf), when records above it are a title to pass over. */
  constructor(private readonly headerLine = 0) {}

  accept(raw: string, fields: string[]): void {
    let blankLines = 0;
    while (raw.charCodeAt(blankLines) === LF) blankLines++;
    const line = this.line + blankLines;
    this.offset += raw.length;
    this.line += countLineFeeds(raw);
    this.record(line, fields);
  }

  /**
   * For a streaming parser that keeps blank lines (as `['']` records) and gives no raw text: a record takes one line
   * plus the line feeds inside its cells.
   */
  acceptFields(fields: string[]): void {
    const line = this.line;
    let feeds = 0;
    for (const field of fields) if (field.includes('\n')) feeds += countLineFeeds(field);
    this.line = line + 1 + feeds;
    this.record(line, fields);
  }

  /** The line the next record starts on (where a streaming parser that stops had got to). */
  get nextLine(): number {
    return this.line;
  }

  get header(): string[] | undefined {
    return this.headers;
  }

  /** Rows and problems collected since the last drain: a streaming reader hands them on in batches. */
  drain(): { rows: CsvRow[]; problems: RowProblem[] } {
    const batch = { rows: this.rows, problems: this.problems };
    this.rows = [];
    this.problems = [];
    return batch;
  }

  /** A problem found outside csv-parse (a decoding error) for the record starting at `line`. */
  report(problem: RowProblem): void {
    this.problems.push(problem);
  }

  /**
   * For a reader that cleans cells and keeps rows its own way (the byte reader, which packs them as it reads): a
   * record of one physical line whose last non-empty cleaned cell is at `used - 1`. Counts its line and returns the
   * width its row is cut or padded to, or -1 when it is no row; `cells` is asked for the header only.
   */
  acceptCleanedLine(used: number, cells: () => string[]): number {
    const line = this.line;
    this.line = line + 1;
    return this.place(line, used, cells);
  }

  private record(line: number, fields: string[]): void {
    const cells = fields.map(cleanCell);
    const width = this.place(line, lastNonEmpty(cells) + 1, () => cells);
    if (width < 0) return;
    if (cells.length > width) cells.length = width;
    while (cells.length < width) cells.push('');
    this.rows.push({ line, cells });
  }

  /**
   * The rules a record goes by once its cells are cleaned: one with nothing in it is skipped, the first other one is
   * the header, and a row may be wider than the header only by empty cells. The width its row has, or -1.
   */
  private place(line: number, used: number, cells: () => string[]): number {
    if (used === 0) return -1;
    if (!this.headers) {
      if (line < this.headerLine) return -1;
      this.headers = uniqueHeaders(cells());
      return -1;
    }
    const width = this.headers.length;
    if (used > width) {
      this.problems.push({ line, reason: { code: 'tooManyCells', cells: used, header: width } });
      return -1;
    }
    return width;
  }

  /** The parser stopped: report the record it could not finish; the rows before it stand. */
  fail(text: string, delimiter: string, error: CsvError): void {
    let start = this.offset;
    let line = this.line;
    while (text.charCodeAt(start) === LF) {
      start++;
      line++;
    }
    if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
      const quoteAt = unclosedQuoteStart(text, start, delimiter);
      line += countLineFeeds(text.slice(start, quoteAt));
      if (!this.headers) throw new InputError(m.errors.read.unclosedHeaderQuote({ line }));
      this.problems.push({ line, reason: { code: 'unclosedQuote' } });
      return;
    }
    if (!this.headers) throw new InputError(m.errors.read.unreadableHeader({ parser: error.code }));
    this.problems.push({ line, reason: { code: 'unreadableCsv', parser: error.code } });
  }

  finish(): Pick<CsvTable, 'headers' | 'rows' | 'problems'> {
    if (!this.headers) throw new InputError(m.errors.read.emptyFile);
    const headers = this.headers;
    // Spreadsheets pad rows with trailing delimiters (`a;b;;;`): unnamed columns that stay empty are not columns.
    let width = headers.length;
    while (
      width > 1 &&
      isGeneratedName(headers[width - 1]!, width - 1) &&
      this.rows.every((r) => r.cells[width - 1] === '')
    ) {
      width--;
    }
    if (width < headers.length) {
      headers.length = width;
      for (const row of this.rows) row.cells.length = width;
    }
    return { headers, rows: this.rows, problems: this.problems };
  }
}

/** Our exporter writes `'=…` for cells a spreadsheet would run as a formula (a CR reaches us as a line feed). */
const INJECTION_GUARD = /^'(?='*[=+\-@\t\r\n])/;

export function cleanCell(cell: string): string {
  return (INJECTION_GUARD.test(cell) ? cell.slice(1) : cell).trim();
}

function lastNonEmpty(cells: string[]): number {
  for (let i = cells.length - 1; i >= 0; i--) if (cells[i] !== '') return i;
  return -1;
}

function isGeneratedName(header: string, index: number): boolean {
  return header === unnamedColumn(index);
}

function countLineFeeds(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/** Where the quoted field that never closes begins, scanning one record from `start`. */
function unclosedQuoteStart(text: string, start: number, delimiter: string): number {
  let openedAt = start;
  walkOutsideQuotes(text, start, new Set([delimiter.charCodeAt(0)]), (code, index) => {
    if (code === QUOTE) openedAt = index;
    return true;
  });
  return openedAt;
}

/** Line endings between records (a multi-line cell's own line feeds in an Excel CRLF file do not make it 'mixed'). */
export function detectLineEndings(text: string, delimiter: string): 'lf' | 'crlf' | 'cr' | 'mixed' | 'none' {
  let lf = 0;
  let crlf = 0;
  let cr = 0;
  walkOutsideQuotes(text, 0, new Set([delimiter.charCodeAt(0)]), (code, index) => {
    if (code === LF) {
      if (text.charCodeAt(index - 1) === CR) crlf++;
      else lf++;
    } else if (code === CR && text.charCodeAt(index + 1) !== LF) {
      cr++;
    }
    return true;
  });
  const kinds = [lf && 'lf', crlf && 'crlf', cr && 'cr'].filter(Boolean) as Array<'lf' | 'crlf' | 'cr'>;
  if (kinds.length === 0) return 'none';
  return kinds.length === 1 ? kinds[0]! : 'mixed';
}

const DELIMITER_NAMES: Record<string, string> = { tab: '\t', '\\t': '\t', semicolon: ';', comma: ',' };

export function delimiterOption(value: string): string {
  const delimiter = DELIMITER_NAMES[value.toLowerCase()] ?? value;
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new UsageError(m.errors.read.delimiter({ value }));
  }
  return delimiter;
}

/**
 * A batch's rows as the distinct values of its cells and, for each cell, which of them it holds. Handing a thousand
 * rows to the main thread as arrays of strings cost it more than typing them: deserialising 100k rows took 110 ms
 * this way and 36 ms packed, rows rebuilt included. Repeated values (a service, an amount, a date) also arrive as one
 * string, whose hash the main thread's lookups then compute once.
 */
export interface PackedRows {
  lines: Int32Array;
  /** Where each row's cells start in `cells`, and where the last one ends. */
  starts: Int32Array;
  values: string[];
  cells: Int32Array;
}
