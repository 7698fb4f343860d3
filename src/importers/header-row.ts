/**
 * Which row of a table is its header, for every tabular format alike: a sheet of a workbook and a CSV file saved
 * from it carry the same title rows, notes and blank rows above the table, and are read the same.
 */
import type { FileKind } from '../domain/kinds.js';
import type { HeaderChooser } from './csv.js';
import { uniqueHeaders } from './grid.js';
import { mapHeaders } from './headers.js';

/** How far down a table its header is looked for: titles, a date, a note, blank rows above the table. */
export const HEADER_SEARCH_ROWS = 30;

export interface HeaderSearch {
  kind: FileKind;
  /** `--map` overrides: a header they name counts as one the known headers name. */
  map?: Record<string, string>;
}

/** How many of a row's cells name a field of the kind (or one `--map` names): how much it looks like the header. */
function headerScore(cells: readonly string[], search: HeaderSearch): number {
  const { columns } = mapHeaders(search.kind, uniqueHeaders(cells), search.map ?? {});
  return columns.filter((column, i) => cells[i] !== '' && (column.field !== null || column.extraKey)).length;
}

function isBlank(cells: readonly string[]): boolean {
  return cells.every((cell) => cell === '');
}

/**
 * The header among `rows` (trimmed cells): of the first HEADER_SEARCH_ROWS rows that are not blank, the first that
 * names the most fields; with none naming any, the first of them. Its index, or -1 when every row is blank.
 */
export function findHeaderRow(rows: readonly (readonly string[])[], search: HeaderSearch): number {
  let best = -1;
  let bestScore = 0;
  let seen = 0;
  for (let r = 0; r < rows.length && seen < HEADER_SEARCH_ROWS; r++) {
    if (isBlank(rows[r]!)) continue;
    if (best < 0) best = r;
    seen++;
    const score = headerScore(rows[r]!, search);
    if (score > bestScore) {
      best = r;
      bestScore = score;
    }
  }
  return best;
}

/** findHeaderRow for a CSV reader (csv.ts HeaderChooser). */
export function headerChooser(kind: FileKind, map?: Record<string, string>): HeaderChooser {
  return (rows) => findHeaderRow(rows, { kind, map });
}
