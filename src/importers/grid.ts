/**
 * The table of cells every tabular reader hands on: a CSV file and a sheet of a workbook both become a header and
 * rows of trimmed text cells, which the client reader (client-file.ts) and the journal typer (record-file.ts) map
 * and type the same way. A workbook also says which cells it stored typed (a number, a date): their text is written
 * so that no locale guess can misread it, and the column sniffers leave them out.
 */
import { type DateStyle, isEmptyDateMarker, parseDate } from '../domain/dates.js';
import type { Detected, RowProblem } from '../domain/input.js';

/**
 * How a workbook stored a cell whose text is not what its owner typed: a number, as its digits with a '.' before
 * any fraction and no exponent (`79123456789`, `1500.5`); a date, as `YYYY-MM-DD`, whatever its display format.
 */
export type TypedCell = 'number' | 'date';

export interface GridRow {
  /** 1-based: the line of a text file, or the row number a spreadsheet shows beside the row. */
  line: number;
  /** Trimmed cells, exactly one per header. */
  cells: string[];
  /** Which cells a workbook stored typed, by index; absent in a text file. */
  typed?: ReadonlyArray<TypedCell | undefined>;
}

export interface CellGrid {
  detected: Detected;
  /** Trimmed, unique, never empty: duplicates become `Телефон (2)`, unnamed columns `Column 3`. */
  headers: string[];
  rows: GridRow[];
  problems: RowProblem[];
}

/** What a spreadsheet's totals row is labelled, alone in its cell (a colon allowed). */
const TOTALS_LABEL = /^(итого|итог|всего|total|totals|grand total)\s*:?$/i;
/** A sum as typed or shown: digits, grouped by three or not, a fraction, a currency sign. */
const SUM = /^[-−]?(\d{1,3}([ \u00a0\u202f]\d{3})+|\d+)([.,]\d+)?\s*(₽|руб\.?|р\.?|\$|€|rub|usd|eur|\?)?$/i;

/**
 * Whether a row is a spreadsheet's totals row rather than a record: its first non-empty cell is `Итого`, `Всего`,
 * `Total` (and the like) alone, and every other non-empty cell, one at least, is a number (a sum, often a SUM
 * formula's value). A client called `Итого` has a phone, an e-mail or a text beside the name, which no totals row
 * has; and only rows at the bottom are read so (`dropTotalsRows`).
 */
export function isTotalsRow(row: GridRow): boolean {
  let labelled = false;
  let sums = 0;
  for (let i = 0; i < row.cells.length; i++) {
    const cell = row.cells[i]!;
    if (cell === '') continue;
    if (!labelled) {
      if (!TOTALS_LABEL.test(cell)) return false;
      labelled = true;
    } else if (row.typed?.[i] === 'number' || SUM.test(cell)) sums++;
    else return false;
  }
  return sums > 0;
}

/** Takes the totals rows off the bottom of a sheet or file (`Итого`, then `Всего` under it): their lines, in order. */
export function dropTotalsRows(rows: GridRow[]): number[] {
  const lines: number[] = [];
  while (rows.length > 0 && isTotalsRow(rows[rows.length - 1]!)) lines.unshift(rows.pop()!.line);
  return lines;
}

/** The name of a column whose header cell is empty: its position, as the file shows it. */
export function unnamedColumn(index: number): string {
  return `Column ${index + 1}`;
}

/** Whether a header is a name given to a column with an empty header cell (here, or by the workbook reader). */
export function isUnnamedColumn(header: string): boolean {
  return /^Column (?:\d+|[A-Z]+)$/.test(header);
}

/** The headers the file itself wrote, for a message listing them; all of them when it wrote none. */
export function writtenHeaders(headers: string[]): string[] {
  const written = headers.filter((header) => !isUnnamedColumn(header));
  return written.length > 0 ? written : headers;
}

/**
 * Names every column (`name(index)` for an empty header cell), and makes names unique case-insensitively (the header
 * mapping matches them that way).
 */
export function uniqueHeaders(cells: readonly string[], name: (index: number) => string = unnamedColumn): string[] {
  const seen = new Set<string>();
  // Where the search for a free `base (n)` resumes: names are only ever added, so the numbers below stay taken, and
  // a header of thousands of equal names costs linear time, not quadratic.
  const nextNumber = new Map<string, number>();
  return cells.map((cell, index) => {
    const base = cell.replace(/^\uFEFF+/, '').trim() || name(index);
    const baseKey = base.toLowerCase();
    let candidate = base;
    let n = nextNumber.get(baseKey) ?? 2;
    if (seen.has(baseKey)) {
      while (seen.has(`${baseKey} (${n})`)) n++;
      candidate = `${base} (${n})`;
      nextNumber.set(baseKey, n + 1);
    }
    seen.add(candidate.toLowerCase());
    return candidate;
  });
}

/**
 * A column's values as written by hand, from which its date style or decimal separator is guessed: the non-empty
 * cells that are no typed cell of a workbook (their text is unambiguous, and would sway the guess for the others)
 * and no "no date" marker.
 */
export function writtenValues(rows: readonly GridRow[], index: number): string[] {
  const values: string[] = [];
  for (const row of rows) {
    if (row.typed?.[index] !== undefined) continue;
    const value = (row.cells[index] ?? '').trim();
    if (value && !isEmptyDateMarker(value)) values.push(value);
  }
  return values;
}

/** Whether a column holds any typed cell and nothing written by hand: its date style is then nobody's guess. */
export function onlyTypedValues(rows: readonly GridRow[], index: number): boolean {
  let typed = false;
  for (const row of rows) {
    if (!row.cells[index]) continue;
    if (row.typed?.[index] === undefined) return false;
    typed = true;
  }
  return typed;
}

/**
 * Reads a date cell: a typed date is `YYYY-MM-DD`; a typed number in a date column is a serial day number (a date
 * cell formatted as a plain number); text goes by the column's style, and by `serialColumn` when the column's
 * text is all serial numbers.
 */
export function parseDateCell(
  text: string,
  type: TypedCell | undefined,
  style: DateStyle,
  serialColumn: boolean | undefined,
): string | null {
  return parseDate(text, style, { serial: type === undefined ? serialColumn : type === 'number' });
}
