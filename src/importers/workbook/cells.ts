/**
 * A workbook cell as the grid holds it: text as typed, and a typed cell (a number, a date) in a form no locale guess
 * can misread (see grid.ts TypedCell). What a cell shows depends on its display format and the reader's locale; what
 * it holds does not, so the value is taken, not the shown text.
 */
import type { TypedCell } from '../grid.js';

/** The cell fields of SheetJS this reader uses (`t` type, `v` value, `z` number format, `w` shown text). */
export interface SheetCell {
  t: string;
  v?: unknown;
  z?: string | number;
  w?: string;
}

export interface CellText {
  text: string;
  type?: TypedCell;
}

const EMPTY: CellText = { text: '' };

/** Day 0 of each date system: Excel's 1900 system (its day 60 is a 29 February 1900 that never was) and the 1904 one. */
const EPOCH_1900_MS = Date.UTC(1899, 11, 30);
const EPOCH_1904_MS = Date.UTC(1904, 0, 1);
const MS_PER_DAY = 86_400_000;
/** 9999-12-31 in the 1900 system: no date is later. */
const LAST_SERIAL = 2_958_465;

/**
 * A date serial as `YYYY-MM-DD`, its time of day dropped: days since 1899-12-30 (1904-01-01 in a workbook of the 1904
 * date system, as Excel for Mac wrote them). Undefined for a serial that is no calendar day (a time alone, day 60).
 */
export function serialToIsoDate(serial: number, date1904: boolean): string | undefined {
  if (!Number.isFinite(serial) || serial < 0 || serial > LAST_SERIAL) return undefined;
  const day = Math.floor(serial);
  if (date1904) return new Date(EPOCH_1904_MS + day * MS_PER_DAY).toISOString().slice(0, 10);
  if (day < 1 || day === 60) return undefined;
  // Before the day that never was, Excel's days start a day later.
  const ms = day < 60 ? EPOCH_1900_MS + (day + 1) * MS_PER_DAY : EPOCH_1900_MS + day * MS_PER_DAY;
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * A number as its digits, with a '.' before a fraction and never an exponent: 79123456789 (a phone Calc stored as a
 * number) stays `79123456789`, 1500.5 is `1500.5`. The binary noise of a computed value (0.1 + 0.2) is dropped.
 */
export function numberText(value: number): string {
  const clean = Number(value.toPrecision(15));
  const text = String(clean);
  if (!/e/i.test(text)) return text;
  if (Math.abs(clean) >= 1) return BigInt(Math.round(clean)).toString();
  return clean.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}

/**
 * How many decimals a number format shows (`#,##0.00 ₽` two, `0%` two of the value, `0` none), or undefined when it
 * shows what there is (General, scientific, fractions).
 */
export function shownDecimals(format: string | number | undefined): number | undefined {
  if (typeof format !== 'string' || format === '' || /general/i.test(format)) return undefined;
  // The first section (positive numbers), without quoted text, escaped characters and [colour]/[$₽-419] brackets.
  const section = format
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '')
    .split(';')[0]!;
  if (/[eE][+-]|\/|@/.test(section) || !/[0#?]/.test(section)) return undefined;
  const fraction = /\.([0#?]*)/.exec(section)?.[1] ?? '';
  return fraction.length + (section.includes('%') ? 2 : 0);
}

/** Rounds half away from zero at `decimals`, as a spreadsheet shows it (1.005 to two decimals is 1.01). */
function roundShown(value: number, decimals: number): number {
  const scaled = Number((Math.abs(value) * 10 ** decimals).toPrecision(15));
  return (Math.sign(value) * Math.round(scaled)) / 10 ** decimals;
}

/** Digits after the point in a number's shortest form. */
function decimalsOf(value: number): number {
  const text = numberText(value);
  const point = text.indexOf('.');
  return point < 0 ? 0 : text.length - point - 1;
}

export interface CellReading {
  date1904: boolean;
  /** SheetJS's test of a number format for a date or time format (SSF.is_date). */
  isDateFormat: (format: string) => boolean;
}

/**
 * Reads a cell. A number in a date or time format is a date (a time alone is its shown text); any other number is
 * its value, rounded as its format shows it when that shows fewer decimals than it holds (a computed 333.3333
 * formatted `0.00` is 333.33, what the owner sees and what Calc would write to CSV); a formula is its cached value;
 * a boolean is TRUE or FALSE; an error is its code (`#DIV/0!`).
 */
export function readCell(cell: SheetCell | undefined, reading: CellReading): CellText {
  if (cell === undefined) return EMPTY;
  switch (cell.t) {
    case 's':
      return { text: String(cell.v ?? '').trim() };
    case 'n': {
      const value = cell.v as number;
      if (typeof value !== 'number' || !Number.isFinite(value)) return { text: (cell.w ?? '').trim() };
      if (typeof cell.z === 'string' && reading.isDateFormat(cell.z)) {
        const iso = serialToIsoDate(value, reading.date1904);
        return iso !== undefined && value >= 1 ? { text: iso, type: 'date' } : { text: (cell.w ?? '').trim() };
      }
      const decimals = shownDecimals(cell.z);
      const shown = decimals !== undefined && decimalsOf(value) > decimals ? roundShown(value, decimals) : value;
      return { text: numberText(shown), type: 'number' };
    }
    case 'b':
      return { text: cell.v ? 'TRUE' : 'FALSE' };
    case 'e':
      return { text: (cell.w ?? '#ERROR').trim() };
    case 'd': {
      // Only a reader asked for Date objects makes these; kept readable rather than lost.
      const value = cell.v;
      return value instanceof Date && !Number.isNaN(value.getTime())
        ? { text: value.toISOString().slice(0, 10), type: 'date' }
        : { text: (cell.w ?? '').trim() };
    }
    default:
      return EMPTY;
  }
}
