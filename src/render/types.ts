export type Cell = string | number | boolean | null | undefined;

export interface Column {
  key: string;
  header: string;
  align?: 'left' | 'right';
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
  title?: string;
  notes?: string[];
  /** What a table with no rows prints; default "(none)". */
  emptyText?: string;
}

export const FORMATS = ['table', 'json', 'csv', 'md'] as const;
export type Format = (typeof FORMATS)[number];
