export type Cell = string | number | boolean | null | undefined;

/**
 * What a column holds, which decides how a terminal table treats it when the table is wider than the screen: only
 * `text` (names, notes, services, details) wraps; a number, an amount, a phone, a date or an id is never cut or
 * wrapped. Dates (`YYYY-MM-DD`) are written the locale's way. Money cells carry no currency sign: the header does.
 */
export type ColumnKind = 'text' | 'number' | 'money' | 'phone' | 'date' | 'id';

export interface Column {
  key: string;
  /** The column's name in CSV, the same in every language; people see `label` when there is one. */
  header: string;
  /** The column's name for people (terminal and Markdown tables), in the chosen language. */
  label?: string;
  align?: 'left' | 'right';
  /** Default: `number` when right-aligned, else `text`. */
  kind?: ColumnKind;
}

/** Rows as data; each renderer decides how a cell looks (a terminal table shows "—" for nothing, CSV an empty cell). */
export interface TableData {
  columns: Column[];
  rows: Array<Record<string, Cell>>;
}

/**
 * What a command hands to a renderer: the machine shape (`json`), the table people read, and optionally a wider
 * table for CSV (every field, one column each). Lines before/after the table are printed in table mode only.
 */
export interface Renderable {
  json: unknown;
  table: TableData;
  csv?: TableData;
  /**
   * The same figures with rows and columns swapped (periods as rows): what a terminal shows instead of `table` when
   * `table` is wider than the screen.
   */
  transposed?: TableData;
  title?: string;
  notes?: string[];
  /** What a table with no rows prints; default: the language's "(none)". */
  emptyText?: string;
}

export const FORMATS = ['table', 'json', 'csv', 'md'] as const;
export type Format = (typeof FORMATS)[number];
