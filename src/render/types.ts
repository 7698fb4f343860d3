import type { PageLanguage } from './html/words.js';
import type { NumberStyle } from './money.js';
import type { Chart } from './svg/charts.js';

export type Cell = string | number | boolean | null | undefined;

/**
 * What a column holds, which decides how a terminal table treats it when the table is wider than the screen: only
 * `text` (names, notes, services, details) wraps; a number, an amount, a phone, a date, an id or a command is never cut
 * or wrapped (a command is one a person copies to paste into her shell: half of it pasted is an error). Dates (`YYYY-MM-DD`) are written the locale's way. Money cells carry no currency sign: the header does.
 * A workbook (`-o x.xlsx`) types its cells by it: a number of a `money` column is an amount in major units with two
 * decimals, of a `percent` column a fraction shown as a percentage; a `YYYY-MM-DD` of a `date` column is a date.
 */
export type ColumnKind = 'text' | 'number' | 'money' | 'percent' | 'phone' | 'date' | 'id' | 'command';

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
  /**
   * Colours a body cell of a terminal table once it is laid out and padded (widths are measured on plain text): a
   * heat map's backgrounds. Other formats ignore it.
   */
  paint?: (text: string, row: number, key: string) => string;
  /**
   * The kind of each row's cells where the row decides it, not the column: a report's metric lines, one row money
   * and the next a rate. It applies to the columns that have no kind of their own.
   */
  rowKinds?: ColumnKind[];
}

/**
 * What a command hands to a renderer: the machine shape (`json`), the table people read, and optionally a wider
 * table for CSV (every field, one column each). Lines before/after the table are printed in table mode only.
 */
export interface Renderable {
  json: unknown;
  /**
   * `json` written as JSON in pieces (render/json-text.ts), the same bytes as render gives: what a listing of tens of
   * thousands of rows offers instead of one string of its whole length.
   */
  jsonText?: () => Iterable<string>;
  table: TableData;
  csv?: TableData;
  /**
   * What a workbook (`-o report.xlsx`, `.ods`) holds when the CSV's keys are a program's words: the same typed
   * figures under the person's (the monthly report's sections and metrics as its table names them).
   */
  sheet?: TableData;
  /**
   * The same figures with rows and columns swapped (periods as rows): what a terminal shows instead of `table` when
   * `table` is wider than the screen.
   */
  transposed?: TableData;
  title?: string;
  notes?: string[];
  /** What a table with no rows prints; default: the language's "(none)". */
  emptyText?: string;
  /**
   * What an HTML page of a report shows instead of `table` and `notes`: each table with its charts and definitions.
   * Made only when the format is html; without it a page shows `title`, `table` and `notes`.
   */
  page?: ReportPage;
}

/** A part of a report's page: a heading, charts, a table, a list of comments, the lines that define its terms. */
export interface PageSection {
  heading?: string;
  charts?: Chart[];
  table?: TableData;
  /** `empty` is shown when there are no items; `more` under them. */
  comments?: { heading: string; empty: string; items: Array<{ title: string; lines: string[] }>; more?: string };
  notes?: string[];
}

export interface ReportPage {
  language: PageLanguage;
  /** The locale and currency the charts write numbers in, as the tables do. */
  style: NumberStyle;
  /** `crm config set business-name`: above the title. */
  business?: string;
  /** Under the title: the period's dates. */
  subtitle?: string;
  /** The few figures an owner looks at first, each with its change. */
  figures?: { heading: string; items: Array<{ label: string; value: string; change?: string }> };
  sections: PageSection[];
  /** Lines under the whole page. */
  notes?: string[];
}

export const FORMATS = ['table', 'json', 'csv', 'md', 'html'] as const;
export type Format = (typeof FORMATS)[number];
