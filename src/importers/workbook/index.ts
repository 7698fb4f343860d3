import { m } from '../../i18n/index.js';
/**
 * The workbook reader: an OpenDocument or Excel workbook (.ods, .fods, .xlsx, .xls), or an HTML table saved as
 * `.xls`, read with SheetJS (@e965/xlsx, loaded here only, when a workbook is read) into the grid a CSV file also
 * becomes (grid.ts). It picks the sheet, finds the header below any title rows, spreads merged header cells over
 * the columns they cover, counts hidden rows, and reads typed cells as what they hold (cells.ts).
 */

import type { Detected, WorkbookFormat } from '../../domain/input.js';
import type { FileKind } from '../../domain/kinds.js';
import { InputError, UsageError } from '../../errors.js';
import { decodeBuffer } from '../encoding.js';
import { hasWorkbookSignature } from '../file-format.js';
import type { CellGrid, GridRow, TypedCell } from '../grid.js';
import { dropTotalsRows, uniqueHeaders } from '../grid.js';
import { findHeaderRow, HEADER_SEARCH_ROWS } from '../header-row.js';
import { mapHeaders } from '../headers.js';
import { type CellReading, type CellText, readCell, type SheetCell } from './cells.js';
import { type HiddenRows, hiddenOdsRows } from './ods-rows.js';

type SheetJs = typeof import('@e965/xlsx');
type WorkBook = import('@e965/xlsx').WorkBook;
type WorkSheet = import('@e965/xlsx').WorkSheet;

export interface WorkbookOptions {
  kind: FileKind;
  /** `--sheet`: a sheet's name, or its number from 1. */
  sheet?: string;
  /** `--map` overrides: the header row is the one they (and the known headers) name best. */
  map?: Record<string, string>;
  /** `--encoding`, for an HTML table (a workbook says its own). */
  encoding?: string;
}

/**
 * The largest workbook read, by format. SheetJS holds a whole workbook in memory, at 10 to 30 times its size on disk
 * (a 100,000-row sheet: 2.5 MB as .xlsx, 250 MB read; 1.6 MB as .ods, 470 MB): these are about 400,000 rows. CSV
 * has no such limit (it streams).
 */
const MAX_BYTES: Readonly<Record<WorkbookFormat, number>> = {
  xlsx: 10 * 1024 * 1024,
  ods: 6 * 1024 * 1024,
  fods: 160 * 1024 * 1024,
  xls: 64 * 1024 * 1024,
  html: 128 * 1024 * 1024,
};

/** The sheets named after each kind of file, lower-case: the one taken when the user names none. */
const KIND_SHEETS: Readonly<Record<FileKind, readonly string[]>> = {
  clients: ['clients', 'клиенты', 'покупатели', 'заказчики', 'контакты', 'клиентская база', 'customers', 'contacts'],
  visits: ['visits', 'визиты', 'журнал', 'записи', 'посещения', 'journal', 'appointments'],
  deals: ['deals', 'сделки', 'заказы', 'продажи', 'orders', 'sales'],
  nps: ['nps', 'отзывы', 'опрос', 'survey'],
};

export async function readWorkbook(
  file: { name: string; bytes: Buffer },
  format: WorkbookFormat,
  options: WorkbookOptions,
): Promise<CellGrid> {
  const max = MAX_BYTES[format];
  if (file.bytes.length > max) {
    throw new InputError(
      m.errors.read.workbookTooBig({
        size: Math.round(file.bytes.length / 1024 / 1024),
        most: max / 1024 / 1024,
        format: m.imports.formats[format],
      }),
    );
  }
  if (!hasWorkbookSignature(file.bytes, format)) {
    throw new InputError(m.errors.read.notAWorkbook({ format: m.imports.formats[format] }));
  }
  const XLSX = await import('@e965/xlsx');
  const detected: Detected = { format };
  const book = parseBook(XLSX, file.bytes, format, options.encoding, detected);
  if (book.SheetNames.length === 0) throw new InputError(m.errors.read.noSheets({ format: m.imports.formats[format] }));
  const reading: CellReading = {
    date1904: Boolean(book.Workbook?.WBProps?.date1904),
    isDateFormat: (z) => XLSX.SSF.is_date(z),
  };
  const sheets = new SheetReader(XLSX, book, file.bytes, format, reading);
  if (format === 'html') return gridOf(sheets.nonBlank(0), options, sheets.hidden(0), detected);
  const index = chooseSheet(book, options, file.name, sheets);
  const name = book.SheetNames[index]!;
  detected.sheet = name;
  if (options.sheet !== undefined || book.SheetNames.length === 1)
    return gridOf(sheets.nonBlank(index), options, sheets.hidden(index), detected);
  return readSheetsAlike(sheets, index, options, detected, format);
}

/** A workbook's sheets, each read into a table once, when first asked for. */
class SheetReader {
  private readonly tables = new Map<number, SheetTable>();
  private odsHidden: HiddenRows | undefined;

  constructor(
    private readonly XLSX: SheetJs,
    readonly book: WorkBook,
    private readonly bytes: Buffer,
    private readonly format: WorkbookFormat,
    private readonly reading: CellReading,
  ) {}

  table(index: number): SheetTable {
    let table = this.tables.get(index);
    if (!table) {
      const sheet = this.book.Sheets[this.book.SheetNames[index]!];
      // A chart sheet holds no cells.
      table = sheet ? readSheet(this.XLSX, sheet, this.reading) : { rows: [], merges: [] };
      this.tables.set(index, table);
    }
    return table;
  }

  /**
   * Forgets a sheet's table once its grid is made (a workbook near its size limit would be held twice over), and
   * says how many rows it had: the span of row numbers its grid's lines take.
   */
  release(index: number): number {
    const rows = this.table(index).rows.length;
    this.tables.delete(index);
    return rows;
  }

  isBlank(index: number): boolean {
    return this.table(index).rows.every(isBlank);
  }

  /** The sheet's table; an empty sheet is refused, naming the workbook's sheets. */
  nonBlank(index: number): SheetTable {
    if (!this.isBlank(index)) return this.table(index);
    const names = this.book.SheetNames;
    const sheets = names.length > 1 ? names.join(', ') : '';
    throw new InputError(
      this.format === 'html' ? m.errors.read.emptyTable : m.errors.read.emptySheet({ name: names[index]!, sheets }),
    );
  }

  isHiddenSheet(index: number): boolean {
    return Boolean(this.book.Workbook?.Sheets?.[index]?.Hidden);
  }

  /** Hidden rows of the sheet, as a test of a 0-based row number. */
  hidden(index: number): (row: number) => boolean {
    const name = this.book.SheetNames[index]!;
    if (this.format === 'ods' || this.format === 'fods') {
      this.odsHidden ??= odsHiddenRows(this.XLSX, this.bytes, this.format);
      const ranges = this.odsHidden.get(name) ?? [];
      return (row) => ranges.some(([first, end]) => row >= first && row < end);
    }
    const rows = this.book.Sheets[name]?.['!rows'] ?? [];
    return (row) => Boolean(rows[row]?.hidden);
  }
}

/** The fields a table's header maps to (each once), in the order of the kind's fields: what says a sheet's kind. */
function fieldsOf(headers: string[], options: WorkbookOptions): string {
  const { columns } = mapHeaders(options.kind, headers, options.map ?? {});
  const fields = new Set<string>();
  for (const column of columns) if (column.field !== null) fields.add(column.field);
  return [...fields].sort().join(',');
}

/**
 * The chosen sheet, and with it every other sheet shown whose header maps to the same fields (a journal kept as a
 * sheet per month), in sheet order, as one grid: their rows numbered on across the sheets (Detected.sheets), their
 * columns laid out under the first one's header by field, else by name; a column no sheet before had is added. The
 * sheets left out (a summary, a chart, an empty or hidden sheet, another kind's) are named in `otherSheets`.
 */
function readSheetsAlike(
  sheets: SheetReader,
  chosen: number,
  options: WorkbookOptions,
  detected: Detected,
  format: WorkbookFormat,
): CellGrid {
  const names = sheets.book.SheetNames;
  const chosenGrid = gridOf(sheets.nonBlank(chosen), options, sheets.hidden(chosen), { format });
  const fields = fieldsOf(chosenGrid.headers, options);
  const read: Array<{ index: number; grid: CellGrid; rowCount: number }> = [];
  const leftOut: string[] = [];
  for (let index = 0; index < names.length; index++) {
    if (index === chosen) {
      read.push({ index, grid: chosenGrid, rowCount: sheets.release(index) });
      continue;
    }
    if (fields === '' || sheets.isHiddenSheet(index) || sheets.isBlank(index)) {
      leftOut.push(names[index]!);
      continue;
    }
    const grid = gridOf(sheets.table(index), options, sheets.hidden(index), { format });
    const rowCount = sheets.release(index);
    if (fieldsOf(grid.headers, options) === fields) read.push({ index, grid, rowCount });
    else leftOut.push(names[index]!);
  }
  if (leftOut.length > 0) detected.otherSheets = leftOut;
  if (read.length === 1) {
    Object.assign(detected, chosenGrid.detected, { sheet: names[chosen], otherSheets: detected.otherSheets });
    return { ...chosenGrid, detected };
  }
  return joinSheets(
    read.map(({ index, grid, rowCount }) => ({ name: names[index]!, grid, rowCount })),
    options,
    detected,
  );
}

/** Sheets of the same fields as one grid (see readSheetsAlike). */
function joinSheets(
  parts: ReadonlyArray<{ name: string; grid: CellGrid; rowCount: number }>,
  options: WorkbookOptions,
  detected: Detected,
): CellGrid {
  const headers = [...parts[0]!.grid.headers];
  const headerFields = mapHeaders(options.kind, headers, options.map ?? {}).columns.map((column) => column.field);
  // Where each part's columns go among `headers`.
  const places = parts.map(({ grid }) => {
    const { columns } = mapHeaders(options.kind, grid.headers, options.map ?? {});
    const taken = new Set<number>();
    return columns.map((column) => {
      const lowered = column.header.toLowerCase();
      let place =
        column.field === null ? -1 : headerFields.findIndex((field, i) => field === column.field && !taken.has(i));
      if (place < 0) place = headers.findIndex((header, i) => header.toLowerCase() === lowered && !taken.has(i));
      if (place < 0) {
        place = headers.length;
        headers.push(uniqueHeaders([...headers, column.header]).at(-1)!);
        headerFields.push(column.field);
      }
      taken.add(place);
      return place;
    });
  });
  const rows: GridRow[] = [];
  const totals: number[] = [];
  let hiddenRows = 0;
  let lineOffset = 0;
  detected.sheets = [];
  parts.forEach(({ name, grid, rowCount }, p) => {
    const place = places[p]!;
    detected.sheets!.push({ name, lineOffset });
    for (const row of grid.rows) {
      const cells = new Array<string>(headers.length).fill('');
      row.cells.forEach((cell, c) => {
        cells[place[c]!] = cell;
      });
      const joined: GridRow = { line: lineOffset + row.line, cells };
      if (row.typed) {
        const typed = new Array<TypedCell | undefined>(headers.length);
        row.typed.forEach((type, c) => {
          typed[place[c]!] = type;
        });
        joined.typed = typed;
      }
      rows.push(joined);
    }
    for (const line of grid.detected.totalsRows ?? []) totals.push(lineOffset + line);
    hiddenRows += grid.detected.hiddenRows ?? 0;
    lineOffset += rowCount;
  });
  detected.sheet = parts[0]!.name;
  detected.headerRow = parts[0]!.grid.detected.headerRow;
  if (hiddenRows > 0) detected.hiddenRows = hiddenRows;
  if (totals.length > 0) detected.totalsRows = totals;
  return { detected, headers, rows, problems: [] };
}

function parseBook(
  XLSX: SheetJs,
  bytes: Buffer,
  format: WorkbookFormat,
  encoding: string | undefined,
  detected: Detected,
): WorkBook {
  try {
    if (format === 'html') {
      const decoded = decodeBuffer(bytes, encoding);
      detected.encoding = decoded.encoding;
      detected.bom = decoded.bom;
      // Its cells are text as the web page showed them: read as a CSV's are, never guessed into numbers here.
      return XLSX.read(decoded.text, { type: 'string', raw: true, dense: true });
    }
    return XLSX.read(bytes, {
      type: 'buffer',
      dense: true,
      cellNF: true,
      // Row properties, which hold an .xlsx row's "hidden".
      cellStyles: true,
      cellFormula: false,
      cellHTML: false,
      bookVBA: false,
    });
  } catch (error) {
    if (error instanceof InputError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    if (/password|encrypt/i.test(message)) {
      throw new InputError(m.errors.read.passwordProtected);
    }
    throw new InputError(m.errors.read.damagedWorkbook({ format: m.imports.formats[format], message }));
  }
}

/**
 * The sheet the user named (by name, or number from 1), else the one named after the kind, else the first shown whose
 * header names a field of the kind (a summary sheet before the table is passed over), else the first shown.
 */
function chooseSheet(book: WorkBook, options: WorkbookOptions, fileName: string, sheets: SheetReader): number {
  const names = book.SheetNames;
  const folded = names.map((name) => name.trim().toLowerCase());
  const wanted = options.sheet;
  if (wanted !== undefined) {
    const exact = names.indexOf(wanted);
    if (exact >= 0) return exact;
    const byName = folded.indexOf(wanted.trim().toLowerCase());
    if (byName >= 0) return byName;
    if (/^\d+$/.test(wanted.trim()) && Number(wanted) >= 1 && Number(wanted) <= names.length) return Number(wanted) - 1;
    throw new UsageError(m.errors.read.noSheet({ file: fileName, sheet: wanted, sheets: names.join(', ') }));
  }
  const named = folded.findIndex((name) => KIND_SHEETS[options.kind].includes(name));
  if (named >= 0) return named;
  const shown = names.flatMap((_name, i) => (sheets.isHiddenSheet(i) ? [] : [i]));
  const table = shown.find((i) => !sheets.isBlank(i) && namesAField(sheets.table(i), options));
  return table ?? shown[0] ?? 0;
}

function odsHiddenRows(XLSX: SheetJs, bytes: Buffer, format: 'ods' | 'fods'): HiddenRows {
  if (format === 'fods') return hiddenOdsRows(bytes.toString('utf8'));
  const content = XLSX.CFB.find(XLSX.CFB.read(bytes, { type: 'buffer' }), 'content.xml')?.content;
  return content ? hiddenOdsRows(Buffer.from(content as Uint8Array).toString('utf8')) : new Map();
}

interface Merge {
  s: { r: number; c: number };
  e: { r: number; c: number };
}

/** A sheet's used range as rows of cells, 0-based from A1, and its merged ranges. */
interface SheetTable {
  rows: CellText[][];
  merges: readonly Merge[];
}

function readSheet(XLSX: SheetJs, sheet: WorkSheet, reading: CellReading): SheetTable {
  const ref = sheet['!ref'];
  const merges: Merge[] = sheet['!merges'] ?? [];
  if (!ref) return { rows: [], merges };
  const range = XLSX.utils.decode_range(ref);
  const data = (sheet['!data'] ?? []) as Array<Array<SheetCell | undefined> | undefined>;
  // A range may claim every row and column a format was applied to (A1:XFD1048576): only cells that exist count.
  const lastRow = Math.min(range.e.r, data.length - 1);
  let lastColumn = -1;
  for (let r = 0; r <= lastRow; r++) lastColumn = Math.max(lastColumn, (data[r]?.length ?? 0) - 1);
  lastColumn = Math.min(lastColumn, range.e.c);
  const rows: CellText[][] = [];
  for (let r = 0; r <= lastRow; r++) {
    const source = data[r];
    const row: CellText[] = [];
    for (let c = 0; c <= lastColumn; c++) row.push(readCell(source?.[c], reading));
    rows.push(row);
  }
  for (const merge of merges) {
    const top = rows[merge.s.r]?.[merge.s.c];
    if (!top || top.text === '') continue;
    // A cell merged down the rows holds each row's value (a date written once for a day's visits). Merged across
    // columns it is one value, not one per column: only a header cell is spread (withMergesAcross).
    for (let r = merge.s.r + 1; r <= merge.e.r; r++) if (rows[r]) rows[r]![merge.s.c] = top;
  }
  return { rows, merges };
}

/** A row's cells with the cells merged across columns filled from the merge's first cell (for header rows only). */
function withMergesAcross(table: SheetTable, r: number): CellText[] {
  const row = [...table.rows[r]!];
  for (const merge of table.merges) {
    if (r < merge.s.r || r > merge.e.r) continue;
    const top = table.rows[merge.s.r]?.[merge.s.c];
    if (!top || top.text === '') continue;
    for (let c = merge.s.c; c <= Math.min(merge.e.c, row.length - 1); c++) if (row[c]!.text === '') row[c] = top;
  }
  return row;
}

function isBlank(row: CellText[]): boolean {
  return row.every((cell) => cell.text === '');
}

/** The header: the rule every tabular reader goes by (header-row.ts), on the sheet's rows, merged header cells spread. */
function findHeader(table: SheetTable, options: WorkbookOptions): number {
  const rows: string[][] = [];
  for (let r = 0, seen = 0; r < table.rows.length && seen < HEADER_SEARCH_ROWS; r++) {
    if (isBlank(table.rows[r]!)) {
      rows.push([]);
      continue;
    }
    seen++;
    rows.push(withMergesAcross(table, r).map((cell) => cell.text));
  }
  return findHeaderRow(rows, options);
}

/** Whether the header of a sheet's table names a field of the kind. */
function namesAField(table: SheetTable, options: WorkbookOptions): boolean {
  const at = findHeader(table, options);
  return at >= 0 && fieldsOf(uniqueHeaders(withMergesAcross(table, at).map((cell) => cell.text)), options) !== '';
}

/** Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA. */
function columnLetters(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

function gridOf(
  table: SheetTable,
  options: WorkbookOptions,
  hidden: (row: number) => boolean,
  detected: Detected,
): CellGrid {
  const headerAt = findHeader(table, options);
  const header = withMergesAcross(table, headerAt);
  const dataRows: number[] = [];
  for (let r = headerAt + 1; r < table.rows.length; r++) if (!isBlank(table.rows[r]!)) dataRows.push(r);
  // The columns in use: blank columns at the sheet's edges are no columns.
  let first = Number.POSITIVE_INFINITY;
  let last = -1;
  for (const row of [header, ...dataRows.map((r) => table.rows[r]!)]) {
    for (let c = 0; c < row.length; c++) {
      if (row[c]!.text === '') continue;
      first = Math.min(first, c);
      last = Math.max(last, c);
    }
  }
  const headers = uniqueHeaders(
    header.slice(first, last + 1).map((cell) => cell.text),
    (i) => `Column ${columnLetters(first + i)}`,
  );
  let hiddenCount = 0;
  const rows: GridRow[] = dataRows.map((r) => {
    const cells = table.rows[r]!.slice(first, last + 1);
    if (hidden(r)) hiddenCount++;
    const row: GridRow = { line: r + 1, cells: cells.map((cell) => cell.text) };
    if (cells.some((cell) => cell.type)) row.typed = cells.map((cell): TypedCell | undefined => cell.type);
    return row;
  });
  detected.headerRow = headerAt + 1;
  if (hiddenCount > 0) detected.hiddenRows = hiddenCount;
  const totals = dropTotalsRows(rows);
  if (totals.length > 0) detected.totalsRows = totals;
  return { detected, headers, rows, problems: [] };
}
