/**
 * The rejects file of every import (clients, visits, deals, NPS answers): each rejected row given back as it was, so
 * that the owner fixes it there and imports that same file again. A table's rows go under the file's own header (or
 * its sheet's), every cell in its place, their line (a sheet's `Клиенты!12`) and the reason in the person's language
 * as two columns after them, headed so that an import reads past them (importers/headers.ts). A vCard's cards go back
 * as cards, their line and reason in a property the vCard reader skips (importers/vcard.ts REJECTED_PROPERTY).
 *
 * The text is written as the file was: a CSV in its own encoding, byte order mark, delimiter and line endings, so that
 * a sheet Calc saved as Windows-1251 with `;` opens in Calc as that file did; a workbook's rows as UTF-8 CSV with
 * commas (crm imports a CSV; it writes no workbook back).
 */
import { closeSync, openSync, readSync, statSync, unlinkSync } from 'node:fs';
import iconv from 'iconv-lite';
import { type Detected, isWorkbookFormat, MOST_PROBLEMS_A_CARD, positionIn } from '../domain/input.js';
import { type CsvLayout, csvText } from '../exporters/csv-text.js';
import { m } from '../i18n/index.js';
import { isRejectsColumn } from '../importers/headers.js';
import { REJECTED_PROPERTY } from '../importers/vcard.js';
import { earlierRejectsFiles, type ImportOptions, type Rejected, rejectsPath } from './import-common.js';
import { OutputFile } from './output-files.js';

/** A rejected row, its reason in words, with the row as it was read: a table's cells, or a vCard's lines. */
export interface RejectedRow extends Rejected {
  cells?: readonly string[];
  card?: readonly string[];
}

/** What a read file tells its rejects file: how it was written, its sheet, and its header (none for a vCard). */
export interface RejectsSource {
  detected: Pick<Detected, 'format' | 'encoding' | 'bom' | 'delimiter' | 'lineEndings' | 'sheet' | 'sheets'>;
  headers?: readonly string[];
}

interface TextLayout extends CsvLayout {
  encoding: string;
  bom: boolean;
}

const UTF8_CSV: TextLayout = { encoding: 'utf8', bom: false, delimiter: ',', lineEnding: '\n' };

function textLayout(detected: RejectsSource['detected']): TextLayout {
  if (isWorkbookFormat(detected.format)) return UTF8_CSV;
  return {
    encoding: detected.encoding ?? 'utf8',
    bom: detected.bom ?? false,
    delimiter: detected.delimiter ?? ',',
    lineEnding: detected.lineEndings === 'crlf' ? '\r\n' : '\n',
  };
}

/** Text in the file's encoding: a code page (cp1251) through iconv-lite, which the readers decode it with. */
function encode(text: string, encoding: string): Buffer {
  if (encoding === 'utf8') return Buffer.from(text, 'utf8');
  if (encoding === 'utf16le') return Buffer.from(text, 'utf16le');
  return iconv.encode(text, encoding);
}

/** A property value as vCard text writes it: backslashes, line breaks, commas and semicolons escaped. */
function vcardValue(text: string): string {
  return text.replace(/[\\,;]/g, (char) => `\\${char}`).replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * The rejected rows with the rows as read behind them (`read`: the rows and the problems of the read, each with its
 * line), looked up for the rejected lines only.
 */
export function withRowsAsRead(
  rejected: readonly Rejected[],
  ...read: ReadonlyArray<ReadonlyArray<{ line: number; cells?: readonly string[]; card?: readonly string[] }>>
): RejectedRow[] {
  if (rejected.length === 0) return [];
  const asRead = new Map<number, { cells?: readonly string[]; card?: readonly string[] }>();
  for (const { line } of rejected) asRead.set(line, {});
  for (const list of read) {
    for (const row of list) {
      const found = asRead.get(row.line);
      if (found && !found.cells && !found.card) asRead.set(row.line, { cells: row.cells, card: row.card });
    }
  }
  return rejected.map((row) => ({ ...row, ...asRead.get(row.line) }));
}

/**
 * Writes the rejects file as rejected rows come (a journal's batch by batch, so that a file of bad rows never sits
 * in memory), into a private temporary file beside its name: `close(true)` puts it in place once the import has
 * committed, so a killed import leaves no rejects file of its own (only a temporary, which the next run deletes).
 */
export class RejectsFile {
  private file: OutputFile | undefined;
  private layout: TextLayout = UTF8_CSV;
  private headers: readonly string[] = [];
  /** Where each of `headers` is among a row's cells. */
  private columns: readonly number[] = [];
  private sheets: Pick<Detected, 'sheet' | 'sheets'> = {};
  private cards = false;
  count = 0;

  /**
   * `path` null: nothing is written (a dry run). `earlier`: the rejects files earlier runs of the same file left,
   * which this one replaces where it holds the same (see rejectsFileFor).
   */
  constructor(
    readonly path: string | null,
    private readonly earlier: () => readonly string[] = () => [],
  ) {}

  /** How the rows are written, from the file they were read from: said once it is read, before the first row. */
  layOut({ detected, headers }: RejectsSource): void {
    this.cards = detected.format === 'vcard';
    this.layout = textLayout(detected);
    // A rejects file imported again and rejected again: its old line and reason give way to the new ones.
    const columns = [...(headers ?? []).keys()].filter((index) => !isRejectsColumn(headers![index]!));
    this.headers = columns.map((index) => headers![index]!);
    this.columns = columns;
    this.sheets = { sheet: detected.sheet, sheets: detected.sheets };
  }

  write(rows: readonly RejectedRow[]): void {
    if (!this.path || rows.length === 0) return;
    let text = '';
    if (this.file === undefined) {
      this.file = new OutputFile(this.path);
      if (this.layout.bom) text += '\uFEFF';
      if (!this.cards) {
        const { line, reason } = m.imports.rejectsColumns;
        text += csvText([[...this.headers, line, reason]], this.layout);
      }
    }
    text += this.cards ? this.cardsText(rows) : csvText(rows.map(this.rowCells, this), this.layout);
    this.file.write(encode(text, this.layout.encoding));
    this.count += rows.length;
  }

  /** Each row's cells under the header, in their order, then its line (a sheet's `Клиенты!12`) and its reason. */
  private rowCells(row: RejectedRow): string[] {
    const cells = this.columns.map((index) => row.cells?.[index] ?? '');
    cells.push(positionIn(row.line, this.sheets));
    cells.push(row.field ? `${row.field}: ${row.reason}` : row.reason);
    return cells;
  }

  /**
   * Each card as it was read, once however many of its lines were refused (a card of 200,000 bad lines), the line and
   * reason of its first refusals in a property of its own before its END.
   */
  private cardsText(rows: readonly RejectedRow[]): string {
    const eol = this.layout.lineEnding;
    const byCard = new Map<readonly string[] | RejectedRow, RejectedRow[]>();
    for (const row of rows) {
      const key = row.card ?? row;
      const same = byCard.get(key);
      if (same) same.push(row);
      else byCard.set(key, [row]);
    }
    const parts: string[] = [];
    for (const refusals of byCard.values()) {
      const [first] = refusals;
      parts.push(`BEGIN:VCARD${eol}`);
      for (const line of first!.card ?? []) parts.push(`${line}${eol}`);
      for (const row of refusals.slice(0, MOST_PROBLEMS_A_CARD)) {
        const reason = row.field ? `${row.field}: ${row.reason}` : row.reason;
        parts.push(`${REJECTED_PROPERTY}:${vcardValue(m.imports.rejectedCard({ line: row.line, reason }))}${eol}`);
      }
      // The reader lists a card's first refusals and counts the rest (MOST_PROBLEMS_A_CARD).
      const more =
        Math.max(0, refusals.length - MOST_PROBLEMS_A_CARD) +
        refusals.reduce((count, row) => count + (row.moreInCard ?? 0), 0);
      if (more > 0) parts.push(`${REJECTED_PROPERTY}:${vcardValue(m.imports.moreRefusals({ count: more }))}${eol}`);
      parts.push(`END:VCARD${eol}`);
    }
    return parts.join('');
  }

  /** The written file on disk, before the import commits: a disk too full for it stops the import. */
  finish(): void {
    this.file?.close();
  }

  /** Puts the file in place (`keep`), or drops it; returns its path, or null when nothing was written or kept. */
  close(keep: boolean): string | null {
    const file = this.file;
    if (!file || !this.path) return null;
    // Closed once: an import that kept the file before failing (every row rejected) leaves it kept.
    this.file = undefined;
    if (!keep) {
      file.discard();
      return null;
    }
    const path = file.commit();
    for (const earlier of this.earlier()) if (sameBytes(earlier, path)) removeQuietly(earlier);
    return path;
  }
}

/**
 * The rejects file of an import of `options.file`: none for a dry run; else where rejectsPath puts it. A run that
 * rejects the same rows for the same reasons as an earlier run of that file (the same file imported again unchanged,
 * a failed run tried again) replaces the rejects file that run left, which holds the same bytes, rather than leave one
 * more beside it: the owner finds one file to fix, named with the last run's time. A rejects file that says anything
 * else is kept.
 */
export function rejectsFileFor(databasePath: string, options: ImportOptions, extension = '.csv'): RejectsFile {
  if (options.dryRun) return new RejectsFile(null);
  const path = rejectsPath(databasePath, options, extension);
  return new RejectsFile(path, () => earlierRejectsFiles(path, options, extension));
}

const COMPARED_BYTES = 64 * 1024;

/** Whether two files hold the same bytes; false when either cannot be read. Read a piece at a time: a file may be big. */
function sameBytes(a: string, b: string): boolean {
  let first: number | undefined;
  let second: number | undefined;
  try {
    if (statSync(a).size !== statSync(b).size) return false;
    first = openSync(a, 'r');
    second = openSync(b, 'r');
    const one = Buffer.alloc(COMPARED_BYTES);
    const other = Buffer.alloc(COMPARED_BYTES);
    for (;;) {
      const read = readSync(first, one, 0, COMPARED_BYTES, null);
      if (readSync(second, other, 0, COMPARED_BYTES, null) !== read) return false;
      if (read === 0) return true;
      if (!one.subarray(0, read).equals(other.subarray(0, read))) return false;
    }
  } catch {
    return false;
  } finally {
    if (first !== undefined) closeSync(first);
    if (second !== undefined) closeSync(second);
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Left as it was: an earlier file that could not be removed is only one more file, and this one is in place.
  }
}
