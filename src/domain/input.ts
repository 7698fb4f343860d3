import { englishRows, m } from '../i18n/index.js';
import { beginning, type MeaningReason, type RowNote, sayMeaning } from './row-notes.js';

/** A problem with one row (or card) of an input file: the row is rejected, the rest of the file still lands. */
export interface RowProblem {
  /** 1-based physical line in the file where the row or card starts. */
  line: number;
  /** Header (CSV) or property name (vCard) the problem is about, when there is one. */
  field?: string;
  reason: RowNote;
  /** The row's cells as read, where a reader had them: a rejects file gives the row back to be fixed. */
  cells?: readonly string[];
  /** A vCard's lines between its BEGIN and END as read: a rejects file gives the card back to be fixed. */
  card?: readonly string[];
  /** On the last problem listed of a card refused for more of its lines than are listed: how many more. */
  moreInCard?: number;
}

/**
 * The refused lines of one vCard card listed, each with its reason: enough to say what to fix. A card of 200,000 bad
 * lines (a phone's broken export) listed whole cost seconds and hundreds of megabytes; the rest are counted.
 */
export const MOST_PROBLEMS_A_CARD = 5;

/** A phone or e-mail as written in the source, with its label ("mobile", "work", "Рабочий") when the source has one. */
export interface RawContact {
  value: string;
  label?: string;
}

/**
 * One client as read from a file, before domain rules (phone normalisation, matching) apply.
 * Text is decoded and trimmed; dates are already `YYYY-MM-DD` (the reader knows the file's date style).
 */
export interface ClientRecord {
  line: number;
  name?: string;
  phones: RawContact[];
  emails: RawContact[];
  source?: string;
  tags: string[];
  birthday?: string;
  note?: string;
  /** When the client became a client, if the file says. */
  created?: string;
  /** Only our own export says so (its `archived` column); other files never archive anyone. */
  archived?: boolean;
  /**
   * The file's own id of the row: our export's `id` (the client's id in the database it came from), a vCard's UID.
   * Rows of one file with different ids are different clients, whatever they share.
   */
  fileId?: string;
  /** Our own export's `phone region`: how this row's phones written without a country code are to be read. */
  region?: string;
  /** Every value the reader could not map to a field, keyed by its header (CSV) or property (vCard). */
  extra: Record<string, string>;
  /** A table's row as read (its cells) or a vCard as read (its lines): a rejects file gives a rejected one back. */
  cells?: readonly string[];
  card?: readonly string[];
}

/**
 * The formats crm reads: text tables and vCards, and workbooks: OpenDocument (`.ods`, and `.fods`, its one-XML-file
 * form), Excel (`.xlsx`, and `.xls` of Excel 97-2003), and an HTML table saved with an `.xls` name (the "Excel"
 * export of web CRMs such as Bitrix24).
 */
export type FileFormat = 'csv' | 'vcard' | WorkbookFormat;
export type WorkbookFormat = 'ods' | 'fods' | 'xlsx' | 'xls' | 'html';

const WORKBOOK_FORMATS: ReadonlySet<string> = new Set<WorkbookFormat>(['ods', 'fods', 'xlsx', 'xls', 'html']);

export function isWorkbookFormat(format: string): format is WorkbookFormat {
  return WORKBOOK_FORMATS.has(format);
}

/** What a reader found out about a file, printed before an import writes anything. */
export interface Detected {
  format: FileFormat;
  /** Text formats (and an HTML table): how the bytes were decoded. */
  encoding?: string;
  bom?: boolean;
  /** Workbooks: the sheet read (an HTML table has no sheets). */
  sheet?: string;
  /** Workbooks: the row number the header is on, as the spreadsheet shows it (rows above it are titles). */
  headerRow?: number;
  /** Workbooks: rows below the header hidden in the sheet, read like the others. */
  hiddenRows?: number;
  /** Rows at the bottom skipped as the sheet's totals (`Итого` and sums, `importers/grid.ts` `isTotalsRow`): their lines. */
  totalsRows?: number[];
  /**
   * A workbook read without --sheet: the names of the sheets not read, for a message when the ones read held nothing,
   * and for a line under the summary.
   */
  otherSheets?: string[];
  /**
   * Workbooks whose sheets of the same columns (a journal's month sheets) were read together, in sheet order: each
   * with the `line` its rows are numbered on from (`line` = lineOffset + the row number the sheet shows), so that a
   * row's line stays one number, unique and in order across the workbook. `sheet` is the first of them.
   */
  sheets?: SheetLines[];
  /** vCard: cards whose photo, logo, sound or key was left out (binary; a CRM keeps text). */
  binaryLeftOut?: number;
  /** CSV only. */
  delimiter?: string;
  /** CSV only: 'ru', 'en', 'google', 'outlook' or 'mixed'. */
  headerLanguage?: string;
  /** The export of another CRM its headers were recognised as: `Bitrix24 contacts export`. */
  layout?: string;
  /** The currency the amount column's header names (amoCRM's `Бюджет ₽`, `Бюджет $`), ISO 4217. */
  amountCurrency?: string;
  /** CSV only: header -> field it maps to, or null when it is kept in `extra`. */
  mapping?: MappedColumn[];
  /** 'dmy' | 'mdy' | 'ymd' when the file has dates. */
  dateStyle?: string;
  /** vCard only: versions seen, e.g. ['2.1', '3.0']. */
  versions?: string[];
  /** Line endings seen: 'lf', 'crlf', 'cr' or 'mixed'. */
  lineEndings?: string;
  /** Phones written without the `+` a spreadsheet dropped (`447700900936`), read as international numbers. */
  phonesGivenPlus?: number;
  /** Amounts whose currency sign a single-byte code page had no place for, written `1 500,00 ?`, read with it. */
  currencySignsLost?: { sign: string; amounts: number };
}

/** A sheet of a workbook read with others, and where its rows' lines start (see Detected.sheets). */
export interface SheetLines {
  name: string;
  lineOffset: number;
}

/** A column of a file and the field it is read into (null: kept in `extra`), with why, for a header of two meanings. */
export interface MappedColumn {
  header: string;
  field: string | null;
  reason?: MeaningReason;
}

/**
 * What was detected, as an import's JSON and its batch's stored settings write it: in English words (the reason a
 * column was read as it was), the same in every language, as programs read them.
 */
export function detectedInEnglish(withSheets: Detected) {
  // The other sheets are for a message, not a finding a program reads back.
  const { otherSheets: _, sheets, ...rest } = withSheets;
  // Programs read the sheets' names; where their lines start is how rows are numbered inside crm.
  const detected = sheets ? { ...rest, sheets: sheets.map((sheet) => sheet.name) } : rest;
  if (!detected.mapping?.some((column) => column.reason)) return detected as DetectedInWords;
  return {
    ...detected,
    mapping: detected.mapping.map((column) =>
      column.reason ? { ...column, reason: sayMeaning(column.reason, englishRows) } : column,
    ),
  } as DetectedInWords;
}
type DetectedInWords = Omit<Detected, 'mapping' | 'sheets'> & {
  sheets?: string[];
  mapping?: Array<{ header: string; field: string | null; reason?: string }>;
};

/** One row with every field parsed: dates `YYYY-MM-DD`, money in minor units, a score 0..10, text trimmed. */
export interface TypedRow {
  line: number;
  text: Record<string, string>;
  dates: Record<string, string>;
  money: Record<string, number>;
  score?: number;
  phones: string[];
  /** The number id of each phone, where the thread that read the row numbered them (see CsvRow.phoneIds). */
  phoneIds?: number[];
  /** nameHash of the client's cell as read, where the thread that read the row hashed it. */
  nameHash?: number;
  emails: string[];
  extra: Record<string, string>;
  /** The row's cells as read (a journal's rejects file gives a rejected row back as it was). */
  cells?: readonly string[];
}

export interface RecordFileRead {
  detected: Detected;
  rows: TypedRow[];
  problems: RowProblem[];
}

/**
 * Where a row is, as the program that wrote the file shows it: the line of a text file; `Клиенты!12` for row 12 of
 * sheet Клиенты (quoted as a spreadsheet quotes a name with spaces or punctuation: `'Мои клиенты'!12`).
 */
export function rowPosition(line: number, sheet: string | undefined): string {
  if (sheet === undefined) return String(line);
  const name = /^[\p{L}\p{N}_]+$/u.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
  return `${name}!${line}`;
}

/** The sheet a row's line is on, and its row number there, in a workbook read sheet after sheet (Detected.sheets). */
export function sheetRow(
  line: number,
  { sheet, sheets }: Pick<Detected, 'sheet' | 'sheets'>,
): { sheet: string | undefined; row: number } {
  if (!sheets?.length) return { sheet, row: line };
  let i = sheets.length - 1;
  while (i > 0 && line <= sheets[i]!.lineOffset) i--;
  return { sheet: sheets[i]!.name, row: line - sheets[i]!.lineOffset };
}

/** rowPosition of a row of the file `detected` says was read: `Октябрь!12` in a workbook read sheet after sheet. */
export function positionIn(line: number, detected: Pick<Detected, 'sheet' | 'sheets'>): string {
  const { sheet, row } = sheetRow(line, detected);
  return rowPosition(row, sheet);
}

/** A file's headers as an error message lists them: the first twenty, long ones shortened, and how many more. */
export function listHeaders(headers: string[], shown = 20): string {
  const names = headers
    .slice(0, shown)
    .map((header) =>
      header.length <= 60
        ? header
        : m.errors.read.longHeader({ beginning: beginning(header, 40), length: header.length }),
    );
  return headers.length > shown
    ? `${names.join(', ')}${m.errors.read.andMore({ count: headers.length - shown })}`
    : names.join(', ');
}
