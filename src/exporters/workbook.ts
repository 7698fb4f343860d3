/**
 * Workbooks (.xlsx, .ods) from tables: `crm export --out x.xlsx`, a sheet per kind, and `-o x.xlsx` of a report or a
 * list. Cells are typed (see TypedCell): dates are date cells in the locale's format, amounts numbers with two
 * decimals, shares percentages, text stays text. The header row is frozen and each column is as wide as its content.
 * SheetJS (@e965/xlsx) is loaded only here, when a workbook is written: `crm --help` never pays for it.
 */
import type { CellObject, ColInfo, Range, WorkBook, WorkSheet } from '@e965/xlsx';
import { InputError } from '../errors.js';
import type { DateDisplay } from '../i18n/dates.js';
import { m } from '../i18n/index.js';
import type { Cell, ColumnKind, TableData } from '../render/types.js';
import type { TypedCell } from './typed-cells.js';

export const WORKBOOK_TYPES = ['xlsx', 'ods'] as const;
export type WorkbookType = (typeof WORKBOOK_TYPES)[number];

/** The workbook a file name asks for by its extension (`x.xlsx`, `x.ODS`), if it names one. */
export function workbookTypeOf(path: string): WorkbookType | undefined {
  const extension = /\.([^./\\]+)$/.exec(path)?.[1]?.toLowerCase();
  return WORKBOOK_TYPES.find((type) => type === extension);
}

export interface Sheet {
  name: string;
  /** The header first. */
  rows: TypedCell[][];
}

export interface WorkbookOptions {
  type: WorkbookType;
  /** How date cells are shown: `17.05.2026` (`dotted`) or `2026-05-17` (`iso`). */
  dates: DateDisplay;
  /** The file's name, for messages. */
  file: string;
}

/** The rows a sheet holds, its header among them: Excel's limit, and LibreOffice Calc's. */
export const MAX_SHEET_ROWS = 1_048_576;
/** The longest text a cell holds: Excel refuses a whole file with a longer one. */
export const MAX_CELL_TEXT = 32_767;
/**
 * The most cells (rows × columns, the headers among them) crm writes into one workbook. SheetJS builds the whole file
 * in memory: measured on 1.5 million cells, about 0.6 KB a cell for .xlsx and 1.2 KB for .ods, whose content is
 * moreover one string (V8 caps a string at 2^29 characters, some 4.6 million .ods cells). Past these, about 2.5 GB:
 * a million visits is a CSV export.
 */
export const MAX_CELLS: Record<WorkbookType, number> = { xlsx: 4_000_000, ods: 2_000_000 };
/** The widest a column is made, in characters: a long note is cut at the column's edge, not the sheet made wide. */
const WIDEST_COLUMN = 60;

/**
 * Number formats. The dots and hyphens of a date format are escaped: SheetJS writes an ODS date style only for
 * formats whose separators are `/`, `:` or escaped. Percentages carry the 4 decimals of a rate (see rateValue).
 */
const MONEY_FORMAT = '#,##0.00';
const PERCENT_FORMAT = '0.00%';
const DATE_FORMATS: Record<DateDisplay, string> = { dotted: 'dd\\.mm\\.yyyy', iso: 'yyyy\\-mm\\-dd' };

/**
 * The first day a workbook dates: Excel shows nothing before 1900 and counts a 29 February 1900 that never was, so
 * that a cell of an earlier date would read back a day off. An earlier date is written as its text.
 */
const FIRST_DATE = '1900-03-01';
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A valid sheet name from any text: no `[]:*?/\`, no apostrophe at either end, at most 31 characters. */
export function sheetName(text: string): string {
  const cleaned = text
    .replace(/[[\]:*?/\\]/g, ' ')
    .replace(/[\u0000-\u001f]/g, '')
    .trim()
    .replace(/^'+|'+$/g, '')
    .trim();
  let name = '';
  for (const character of cleaned) {
    if (name.length + character.length > 31) break;
    name += character;
  }
  name = name.trim();
  if (!name) return 'crm';
  // Excel keeps `History` for itself.
  return name.toLowerCase() === 'history' ? `${name} 1` : name;
}

/** A cell of a listing or report table (see ColumnKind): its numbers typed by the kind of its column or row. */
function tableCell(value: Cell, kind: ColumnKind | undefined): TypedCell {
  if (value === null || value === undefined || value === '' || value === false) return null;
  if (value === true) return 1;
  if (typeof value === 'number') {
    if (kind === 'money') return { minor: Math.round(value * 100) };
    if (kind === 'percent') return { fraction: value };
    return value;
  }
  return kind === 'date' && ISO_DATE.test(value) ? { date: value } : value;
}

/**
 * The sheet of a table as `-o x.xlsx` writes it: its header, then its rows with amounts (major units, as CSV carries
 * them), shares and dates typed by their column's kind, or their row's (`rowKinds`).
 */
export function tableSheet(name: string, data: TableData): Sheet {
  const header = data.columns.map((column) => column.header);
  const rows = data.rows.map((row, r) =>
    data.columns.map((column) => tableCell(row[column.key], column.kind ?? data.rowKinds?.[r])),
  );
  return { name: sheetName(name), rows: [header, ...rows] };
}

function utcDate(iso: string): Date | undefined {
  const match = ISO_DATE.exec(iso);
  if (!match || iso < FIRST_DATE) return undefined;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  // 2026-02-30 is no day: written as the text it is.
  return date.toISOString().startsWith(iso) ? date : undefined;
}

/** Day 0 of a workbook's date numbers (Excel's and LibreOffice's, from 1900-03-01 on). */
const EPOCH = Date.UTC(1899, 11, 30);
const DAY = 86_400_000;

/** Characters a cell's content takes on screen, roughly: what its column is sized by. */
function shownWidth(cell: TypedCell): number {
  if (cell === null) return 0;
  if (typeof cell === 'string') {
    let widest = 0;
    for (const line of cell.split('\n')) widest = Math.max(widest, line.length);
    return widest;
  }
  if (typeof cell === 'number') return String(cell).length;
  if ('date' in cell) return 10;
  if ('minor' in cell) {
    const digits = String(Math.trunc(Math.abs(cell.minor) / 100)).length;
    return digits + Math.floor((digits - 1) / 3) + 3 + (cell.minor < 0 ? 1 : 0);
  }
  return (cell.fraction * 100).toFixed(2).length + 1;
}

function cellObject(cell: TypedCell, type: WorkbookType, dateFormat: string): CellObject | undefined {
  if (cell === null) return undefined;
  if (typeof cell === 'string') return cell === '' ? undefined : { t: 's', v: cell };
  if (typeof cell === 'number') return { t: 'n', v: cell };
  if ('date' in cell) {
    const date = utcDate(cell.date);
    if (!date) return { t: 's', v: cell.date };
    // An .xlsx date is a number with a date format (SheetJS copies every date cell to make it one); an .ods date
    // cell is a date of its own.
    return type === 'xlsx'
      ? { t: 'n', v: (date.getTime() - EPOCH) / DAY, z: dateFormat }
      : { t: 'd', v: date, z: dateFormat };
  }
  if ('minor' in cell) return { t: 'n', v: cell.minor / 100, z: MONEY_FORMAT };
  return { t: 'n', v: cell.fraction, z: PERCENT_FORMAT };
}

function worksheet(sheet: Sheet, options: WorkbookOptions, encodeRange: (range: Range) => string): WorkSheet {
  if (sheet.rows.length > MAX_SHEET_ROWS) {
    throw new InputError(
      m.errors.export.sheetTooLong({
        file: options.file,
        sheet: sheet.name,
        rows: sheet.rows.length - 1,
        most: MAX_SHEET_ROWS - 1,
      }),
    );
  }
  const dateFormat = DATE_FORMATS[options.dates];
  const header = sheet.rows[0] ?? [];
  const widths: number[] = [];
  const data: CellObject[][] = sheet.rows.map((row, r) => {
    const cells: CellObject[] = [];
    row.forEach((cell, c) => {
      if (typeof cell === 'string' && cell.length > MAX_CELL_TEXT) {
        throw new InputError(
          m.errors.export.cellTooLong({
            file: options.file,
            sheet: sheet.name,
            row: r + 1,
            column: String(header[c] ?? m.errors.export.columnNumber({ number: c + 1 })),
            length: cell.length,
            most: MAX_CELL_TEXT,
          }),
        );
      }
      const object = cellObject(cell, options.type, dateFormat);
      if (object) cells[c] = object;
      widths[c] = Math.max(widths[c] ?? 0, shownWidth(cell));
    });
    return cells;
  });
  const columns = Math.max(1, widths.length);
  const ws: WorkSheet = {
    '!data': data,
    '!ref': encodeRange({ s: { r: 0, c: 0 }, e: { r: Math.max(0, sheet.rows.length - 1), c: columns - 1 } }),
  };
  ws['!cols'] = widths.map((width): ColInfo => ({ wch: Math.min(WIDEST_COLUMN, Math.max(4, width) + 2) }));
  return ws;
}

/** The parts of SheetJS's zip container (its CFB object) that the header freezing touches. */
interface Zip {
  FullPaths: string[];
  FileIndex: Array<{ content: Uint8Array; size: number }>;
}

function zipPart(zip: Zip, path: string): { content: Uint8Array; size: number } | undefined {
  const index = zip.FullPaths.indexOf(`${zip.FullPaths[0]}${path}`);
  return index < 0 ? undefined : zip.FileIndex[index];
}

function replacePart(zip: Zip, path: string, edit: (xml: string) => string): void {
  const part = zipPart(zip, path);
  if (!part) return;
  const content = Buffer.from(edit(Buffer.from(part.content).toString('utf8')), 'utf8');
  part.content = content;
  part.size = content.length;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const FROZEN_SHEET_VIEW =
  '<sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
  '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView>';

/** ODS keeps a frozen header in the view settings (settings.xml), as LibreOffice Calc writes them. */
function odsSettings(names: string[]): string {
  const item = (name: string, type: string, value: number) =>
    `<config:config-item config:name="${name}" config:type="${type}">${value}</config:config-item>`;
  const tables = names
    .map(
      (name) =>
        `<config:config-item-map-entry config:name="${escapeXml(name)}">` +
        item('CursorPositionX', 'int', 0) +
        item('CursorPositionY', 'int', 1) +
        item('HorizontalSplitMode', 'short', 0) +
        item('VerticalSplitMode', 'short', 2) +
        item('HorizontalSplitPosition', 'int', 0) +
        item('VerticalSplitPosition', 'int', 1) +
        item('ActiveSplitRange', 'short', 2) +
        item('PositionLeft', 'int', 0) +
        item('PositionRight', 'int', 0) +
        item('PositionTop', 'int', 0) +
        item('PositionBottom', 'int', 1) +
        '</config:config-item-map-entry>',
    )
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<office:document-settings xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ' +
    'xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0" office:version="1.2"><office:settings>' +
    '<config:config-item-set config:name="ooo:view-settings"><config:config-item-map-indexed config:name="Views">' +
    '<config:config-item-map-entry><config:config-item config:name="ViewId" config:type="string">view1</config:config-item>' +
    `<config:config-item-map-named config:name="Tables">${tables}</config:config-item-map-named>` +
    '</config:config-item-map-entry></config:config-item-map-indexed></config:config-item-set>' +
    '</office:settings></office:document-settings>'
  );
}

/**
 * Freezes each sheet's header row, which SheetJS's community edition does not write: in .xlsx a frozen pane in each
 * sheet's view, in .ods LibreOffice's view settings.
 */
function freezeHeaders(
  zip: Zip,
  type: WorkbookType,
  names: string[],
  addPart: (path: string, content: Buffer) => void,
) {
  if (type === 'xlsx') {
    names.forEach((_, i) => {
      replacePart(zip, `xl/worksheets/sheet${i + 1}.xml`, (xml) =>
        xml.replace('<sheetView workbookViewId="0"/>', FROZEN_SHEET_VIEW),
      );
    });
    return;
  }
  addPart('settings.xml', Buffer.from(odsSettings(names), 'utf8'));
  replacePart(zip, 'META-INF/manifest.xml', (xml) =>
    xml.replace(
      '</manifest:manifest>',
      ' <manifest:file-entry manifest:full-path="settings.xml" manifest:media-type="text/xml"/>\n</manifest:manifest>',
    ),
  );
}

/** The workbook of `sheets`, in the order given, as the bytes of an .xlsx or .ods file. */
export async function writeWorkbook(sheets: Sheet[], options: WorkbookOptions): Promise<Buffer> {
  const cells = sheets.reduce((sum, sheet) => sum + sheet.rows.length * (sheet.rows[0]?.length ?? 0), 0);
  if (cells > MAX_CELLS[options.type]) {
    throw new InputError(
      m.errors.export.tooManyCells({ file: options.file, cells, type: options.type, most: MAX_CELLS[options.type] }),
    );
  }
  const [XLSX, zlib] = await Promise.all([import('@e965/xlsx'), import('node:zlib')]);
  // Node's deflate instead of SheetJS's own (fixed codes only): a third of the size, in less time. SheetJS tries
  // zlib's InflateRaw through `bytesRead`, which Node warns about on stderr: it reads the same count under its
  // current name.
  function InflateRaw() {
    const inflate = zlib.createInflateRaw();
    Object.defineProperty(inflate, 'bytesRead', { get: () => inflate.bytesWritten });
    return inflate;
  }
  XLSX.CFB.utils.use_zlib({ InflateRaw, deflateRawSync: zlib.deflateRawSync });
  const book: WorkBook = XLSX.utils.book_new();
  for (const sheet of sheets) {
    XLSX.utils.book_append_sheet(
      book,
      worksheet(sheet, options, (range) => XLSX.utils.encode_range(range)),
      sheet.name,
    );
  }
  // Written unpacked, then packed once after the header is frozen.
  const unpacked: Buffer = XLSX.write(book, { type: 'buffer', bookType: options.type, compression: false });
  const zip: Zip = XLSX.CFB.read(unpacked, { type: 'buffer' });
  freezeHeaders(
    zip,
    options.type,
    sheets.map((sheet) => sheet.name),
    (path, content) => XLSX.CFB.utils.cfb_add(zip, path, content),
  );
  return XLSX.CFB.write(zip, { fileType: 'zip', type: 'buffer', compression: true });
}
