/**
 * The one CSV writer: listings and reports (`--format csv`, `-o x.csv`), `crm export`, and rejects files. Every cell
 * passes the formula guard, so a name like `=HYPERLINK(…)` opens in a spreadsheet as text, never as a formula.
 */

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab / line break before one), after any
 * number of `'`: the importer strips one `'` from such a cell, so a `'` that is the text's own is guarded too.
 */
const FORMULA_START = /^'*[=+\-@\t\r\n]/;

/**
 * A number and nothing else: a sign, digits grouped by spaces, a decimal point or comma (`-2500`, `-2,5`, `+1 500.00`),
 * or a phone in E.164 (`+79123456789`). A spreadsheet reads it as a number, never as a formula.
 */
const PLAIN_NUMBER = /^[+-]?\d+(?:[ \u00a0\u202f]\d{3})*(?:[.,]\d+)?$/;

export interface GuardOptions {
  /**
   * Also guard a plain number with a sign, which makes it text: for files opened in a spreadsheet, where a phone
   * (`+447911123456`) must keep its '+' and every digit instead of becoming 4.47911E+11.
   */
  signedNumbersAsText?: boolean;
  /** Leave a spaced phone (`+7 913 613-41-25`) unguarded: LibreOffice Calc reads it as text, never as a formula. */
  spacedPhonesAsText?: boolean;
}

/** A phone with its '+' and a space at least: digits, spaces, brackets and hyphens, nothing a formula needs. */
const SPACED_PHONE = /^\+\d[\d ()-]* [\d ()-]*\d$/;

/**
 * The formula guard: a leading `'` for a cell that would start a formula; a plain number stays as it is, so that
 * programs read it (unless `signedNumbersAsText`).
 */
export function guardCell(text: string, options: GuardOptions = {}): string {
  if (!FORMULA_START.test(text)) return text;
  if (options.spacedPhonesAsText && SPACED_PHONE.test(text)) return text;
  return !options.signedNumbersAsText && PLAIN_NUMBER.test(text) ? text : `'${text}`;
}

export interface CsvLayout extends GuardOptions {
  delimiter: string;
  lineEnding: string;
}

export const PLAIN_CSV: CsvLayout = { delimiter: ',', lineEnding: '\n' };

/** Quoted only when it must be: a delimiter, a quote or a line break inside, or spaces at either end. */
function quoteCell(text: string, delimiter: string): string {
  const needsQuotes =
    text.includes(delimiter) || text.includes('"') || /[\r\n]/.test(text) || text !== text.trim() || text === '';
  return needsQuotes && text !== '' ? `"${text.replace(/"/g, '""')}"` : text;
}

export type CsvValue = string | number | boolean | null | undefined;

function cellText(value: CsvValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value === true) return '1';
  return String(value);
}

/** Rows (the header among them, if any) as CSV text, every cell guarded, each row ended by `lineEnding`. */
export function csvText(rows: Iterable<CsvValue[]>, layout: CsvLayout = PLAIN_CSV): string {
  let text = '';
  for (const row of rows) text += csvRow(row, layout);
  return text;
}

/** One row of csvText, its line ending included. */
export function csvRow(row: readonly CsvValue[], layout: CsvLayout = PLAIN_CSV): string {
  let text = '';
  for (let i = 0; i < row.length; i++) {
    if (i > 0) text += layout.delimiter;
    text += quoteCell(guardCell(cellText(row[i]), layout), layout.delimiter);
  }
  return text + layout.lineEnding;
}
