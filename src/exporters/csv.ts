import iconv from 'iconv-lite';
import { type DateStyle, formatDate } from '../domain/dates.js';
import { formatMoney } from '../domain/money.js';
import { m } from '../i18n/index.js';
import { packed } from '../render/json-text.js';
import { csvRow } from './csv-text.js';
import type { TypedCell } from './typed-cells.js';

export type ExportEncoding = 'utf8' | 'cp1251';

/** How a CSV file is written: what `crm import` sniffs back (delimiter, decimal mark, date order, encoding). */
export interface CsvDialect {
  delimiter: ',' | ';';
  decimal: ',' | '.';
  /** 'ymd' writes ISO dates (2026-05-17); 'dmy' writes 17.05.2026. */
  dateStyle: Extract<DateStyle, 'ymd' | 'dmy'>;
  encoding: ExportEncoding;
  /** A UTF-8 byte order mark: Excel reads a BOM-less UTF-8 CSV as the ANSI code page. */
  bom: boolean;
  lineEnding: '\n' | '\r\n';
  /**
   * Phones must start with '+', and the injection guard makes signed numbers text: a spreadsheet rounds bare numbers
   * and drops a '+'.
   */
  phonesAsText: boolean;
  /**
   * LibreOffice Calc: a phone with a '+' is written spaced (`+7 913 613-41-25`), which Calc reads as text as it is,
   * and the formula guard's `'` is left off it: Calc shows a `'` read from a CSV as part of the text, where Excel
   * (which runs `+…` as a formula) needs it.
   */
  spacedPhones?: boolean;
}

/** The plain dialect: UTF-8 without BOM, ',' and '.', ISO dates; for programs and for moving to another CRM. */
export const DEFAULT_DIALECT: CsvDialect = {
  delimiter: ',',
  decimal: '.',
  dateStyle: 'ymd',
  encoding: 'utf8',
  bom: false,
  lineEnding: '\n',
  phonesAsText: false,
};

const SAMPLE_DAY = new Date(Date.UTC(2026, 4, 17));

/**
 * What a spreadsheet in `locale` opens with a double click: a decimal comma goes with ';' as the list separator
 * (ru, de, fr, ...), a decimal point with ','. Dates are written dd.mm.yyyy where the locale writes them so; every
 * other locale gets ISO dates, which every spreadsheet reads as dates and which, unlike 05/06/2026, cannot be misread
 * by an import on a machine with another locale.
 */
export function spreadsheetDialect(
  locale: string,
  encoding: ExportEncoding = 'utf8',
  target: 'calc' | 'excel' = 'excel',
): CsvDialect {
  const decimal = new Intl.NumberFormat(locale).formatToParts(1.5).find((part) => part.type === 'decimal')?.value;
  const date = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' })
    .formatToParts(SAMPLE_DAY)
    .map((part) => (part.type === 'literal' ? part.value : part.type))
    .join('');
  return {
    delimiter: decimal === ',' ? ';' : ',',
    decimal: decimal === ',' ? ',' : '.',
    dateStyle: date === 'day.month.year' ? 'dmy' : 'ymd',
    encoding,
    bom: encoding === 'utf8',
    lineEnding: '\r\n',
    phonesAsText: true,
    spacedPhones: target === 'calc',
  };
}

/** Thrown when a value has a character the chosen code page lacks; names the line of the CSV it is on. */
export class UnencodableError extends Error {
  constructor(
    readonly line: number,
    readonly character: string,
  ) {
    super(m.errors.export.notInCodePage({ line, character }));
  }
}

function checkCp1251(text: string): void {
  if (iconv.decode(iconv.encode(text, 'cp1251'), 'cp1251') === text) return;
  let line = 1;
  for (const character of text) {
    if (character === '\n') line++;
    if (iconv.decode(iconv.encode(character, 'cp1251'), 'cp1251') !== character) {
      throw new UnencodableError(line, character);
    }
  }
}

/** A cell as the dialect writes it: dates in its order, amounts with its decimal mark, a share as the fraction. */
function cellText(cell: TypedCell, dialect: CsvDialect): string {
  if (cell === null) return '';
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'number') return String(cell);
  if ('date' in cell) return dialect.dateStyle === 'ymd' ? cell.date : formatDate(cell.date, 'dmy');
  if ('minor' in cell) return formatMoney(cell.minor, { decimal: dialect.decimal });
  return String(cell.fraction);
}

/** The rows of a table as the text of their cells in `dialect`. */
export function csvCells(rows: TypedCell[][], dialect: CsvDialect): string[][] {
  return rows.map((row) => row.map((cell) => cellText(cell, dialect)));
}

/**
 * Writes a table (header first) in `dialect` with the one CSV writer: every cell guarded, quoted only when it must
 * be. A spreadsheet dialect keeps signed numbers (phones) as text. Rows are written a few hundred at a time, each
 * piece encoded as it is made: a table of 130,000 clients never becomes one array of texts or one string.
 */
export function writeCsv(rows: Iterable<TypedCell[]>, dialect: CsvDialect): Buffer {
  const pieces = csvPieces(rows, dialect);
  if (dialect.encoding === 'cp1251') {
    const text = [...pieces].join('');
    checkCp1251(text);
    return iconv.encode(text, 'cp1251');
  }
  // Each piece encoded as soon as it is made: kept until the end, the pieces held every row's text as well.
  return Buffer.concat([...packed(pieces)]);
}

/** writeCsv's text, a few hundred rows a piece (the byte order mark first, when the dialect has one). */
function* csvPieces(rows: Iterable<TypedCell[]>, dialect: CsvDialect): Generator<string> {
  const layout = {
    delimiter: dialect.delimiter,
    lineEnding: dialect.lineEnding,
    signedNumbersAsText: dialect.phonesAsText,
    spacedPhonesAsText: dialect.spacedPhones ?? false,
  };
  let piece = dialect.encoding === 'utf8' && dialect.bom ? '\uFEFF' : '';
  const cells: string[] = [];
  for (const row of rows) {
    cells.length = row.length;
    for (let i = 0; i < row.length; i++) cells[i] = cellText(row[i]!, dialect);
    piece += csvRow(cells, layout);
    if (piece.length >= PIECE) {
      yield piece;
      piece = '';
    }
  }
  yield piece;
}

/** Characters of CSV encoded at a time. */
const PIECE = 1 << 16;
