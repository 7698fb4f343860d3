import { csvRow, csvText } from '../exporters/csv-text.js';
import { dateDisplay, showDate } from '../i18n/dates.js';
import { m } from '../i18n/index.js';
import { escapeControls } from './escape.js';
import { renderPage } from './html/page.js';
import { packed } from './json-text.js';
import { type TableLayout, terminalLayout } from './terminal.js';
import { cellWidth, longestWord, pad, wrapProse, wrapText } from './text-width.js';
import type { Cell, Column, ColumnKind, Format, Renderable, TableData } from './types.js';

const NOTHING = '—';

/** Longest cell text a terminal table shows: word-wrapping costs grow fast with length, and no one reads more. */
const MAX_CELL = 2_000;

function text(cell: Cell): string {
  if (cell === null || cell === undefined || cell === '') return NOTHING;
  // Imported text can hold terminal escapes and control characters: show them, do not let them act.
  const shown = escapeControls(String(cell).replace(/\t/g, ' '));
  return shown.length > MAX_CELL ? `${shown.slice(0, MAX_CELL)}… (${shown.length} characters)` : shown;
}

/** Between two columns. */
export const GAP = 2;
/** A text column is not wrapped narrower than this (or its natural width, when that is less). */
const NARROWEST_TEXT = 8;

function kindOf(column: Column): ColumnKind {
  return column.kind ?? (column.align === 'right' ? 'number' : 'text');
}

/** What the layout needs to know of a column: its natural width and how narrow it may become. */
export interface ColumnMeasure {
  /** The widest line of its header and cells. */
  natural: number;
  /** Text wraps: it gives way first. */
  wraps: boolean;
  /**
   * Narrowest without breaking a word: its longest word for text (an e-mail is one word, and copied whole), its
   * widest cell for anything else.
   */
  wholeWords: number;
  /** Narrowest at all: text with words broken (NARROWEST_TEXT); anything else as wholeWords. */
  narrowest: number;
  /** The width of each cell of a text column: how many would wrap at a given width. */
  cells: number[];
  /** What a column of figures takes when narrowed to a width: its widest cell, or its header's widest line there. */
  narrowedTo?: (width: number) => number;
}

/**
 * Column widths that fit `width` (gaps included) where possible: text columns wrap at spaces, the widest first, and
 * headers of other columns wrap, the widest first, in whichever order adds fewer lines (a name wrapped in every row
 * doubles a listing, where a header of two lines adds one); then text breaks long words.
 * A number, an amount, a phone or a date is never narrowed below its widest cell: a table that cannot fit otherwise
 * is wider than `width`.
 */
export function fitColumns(
  columns: ColumnMeasure[],
  width: number,
  gaps = GAP * Math.max(0, columns.length - 1),
): number[] {
  const textFirst = fitInOrder(columns, width, gaps, false);
  const headersFirst = fitInOrder(columns, width, gaps, true);
  return linesAdded(columns, headersFirst) < linesAdded(columns, textFirst) ? headersFirst : textFirst;
}

/** About how many lines a table gains at these widths: a line per text cell wrapped, one for wrapped headers. */
function linesAdded(columns: ColumnMeasure[], widths: number[]): number {
  let lines = 0;
  let headers = 0;
  columns.forEach((column, i) => {
    if (column.wraps) lines += column.cells.filter((cell) => cell > widths[i]!).length;
    else if (widths[i]! < column.natural) headers = 1;
  });
  return lines + headers;
}

function fitInOrder(columns: ColumnMeasure[], width: number, gaps: number, headersFirst: boolean): number[] {
  const widths = columns.map((column) => column.natural);
  let excess = widths.reduce((a, b) => a + b, 0) + gaps - width;
  const narrowWidest = (floor: (column: ColumnMeasure) => number) => {
    // One column that can take the whole excess is narrowed alone, the one that wraps the fewest cells: narrowing
    // two columns a little each would wrap rows in both.
    let alone = -1;
    let fewest = Number.POSITIVE_INFINITY;
    for (let i = 0; i < columns.length && excess > 0; i++) {
      const target = widths[i]! - excess;
      if (!columns[i]!.wraps || target < floor(columns[i]!)) continue;
      const wrapped = columns[i]!.cells.filter((cell) => cell > target).length;
      if (wrapped < fewest || (wrapped === fewest && widths[i]! > widths[alone]!)) {
        alone = i;
        fewest = wrapped;
      }
    }
    if (alone >= 0) {
      widths[alone]! -= excess;
      excess = 0;
    }
    while (excess > 0) {
      let widest = -1;
      for (let i = 0; i < columns.length; i++) {
        if (!columns[i]!.wraps || widths[i]! <= floor(columns[i]!)) continue;
        if (widest < 0 || widths[i]! > widths[widest]!) widest = i;
      }
      if (widest < 0) return;
      widths[widest]!--;
      excess--;
    }
  };
  const wrapHeaders = () => {
    // Headers of figures wrap a column at a time, the widest first: several headers of two lines each read better
    // than one of a word a line.
    while (excess > 0) {
      let widest = -1;
      for (let i = 0; i < columns.length; i++) {
        if (columns[i]!.wraps || widths[i]! <= columns[i]!.wholeWords) continue;
        if (widest < 0 || widths[i]! > widths[widest]!) widest = i;
      }
      if (widest < 0) break;
      widths[widest]!--;
      excess--;
    }
    // A wrapped header is often narrower than the width it wrapped at: the column takes only what it shows.
    for (let i = 0; i < columns.length; i++) {
      const narrowedTo = columns[i]!.narrowedTo;
      if (narrowedTo && widths[i]! < columns[i]!.natural) {
        const taken = narrowedTo(widths[i]!);
        excess -= widths[i]! - taken;
        widths[i] = taken;
      }
    }
  };
  if (headersFirst) wrapHeaders();
  narrowWidest((column) => column.wholeWords);
  if (!headersFirst) wrapHeaders();
  narrowWidest((column) => column.narrowest);
  return widths;
}

interface PreparedTable {
  header: string[];
  rows: string[][];
  aligns: Array<'left' | 'right'>;
  measures: ColumnMeasure[];
}

/**
 * Gaps between columns, one space narrower where that still leaves two on every line: where, line by line, the
 * left column's text (left-aligned) ends short of its edge or the right column's (right-aligned) starts short of
 * its edge. Only as many as `excess`, the most padded first; `undefined` when that is not enough. For a table a
 * column or two too wide at its narrowest, which would otherwise be shown in parts.
 */
function narrowerGaps(prepared: PreparedTable, widths: number[], excess: number): number[] | undefined {
  const { header, rows, aligns } = prepared;
  /** The width of each line of a cell at its column's width. */
  const linesOf = (cell: string, column: number) =>
    (cellWidth(cell) > widths[column]! ? wrapText(cell, widths[column]!) : cell.split('\n')).map(cellWidth);
  /** The fewest spaces, beside the gap, between the two columns' texts on any line. */
  const apart = (left: number, right: number): number => {
    let least = Number.POSITIVE_INFINITY;
    for (const cells of [header, ...rows]) {
      const leftLines = linesOf(cells[left]!, left);
      const rightLines = linesOf(cells[right]!, right);
      for (let line = 0; line < Math.max(leftLines.length, rightLines.length); line++) {
        const leftText = leftLines[line] ?? 0;
        const rightText = rightLines[line] ?? 0;
        const leftRoom = aligns[left] === 'left' || leftText === 0 ? widths[left]! - leftText : 0;
        const rightRoom = aligns[right] === 'right' || rightText === 0 ? widths[right]! - rightText : 0;
        least = Math.min(least, leftRoom + rightRoom);
        if (least === 0) return 0;
      }
    }
    return least;
  };
  const shrinkable = widths
    .slice(1)
    .map((_, i) => ({ i, room: apart(i, i + 1) }))
    .filter(({ room }) => room >= 1)
    .sort((a, b) => b.room - a.room);
  if (shrinkable.length < excess) return undefined;
  const gaps = widths.slice(1).map(() => GAP);
  for (const { i } of shrinkable.slice(0, excess)) gaps[i] = GAP - 1;
  return gaps;
}

function prepare(data: TableData, layout: TableLayout): PreparedTable {
  const kinds = data.columns.map(kindOf);
  const rows = data.rows.map((row) =>
    data.columns.map((column, i) => {
      const shown = text(row[column.key]);
      // A cell of spaces only (a no-break space too) is a blank kept on purpose.
      if (/^\s*$/.test(shown)) return '';
      return kinds[i] === 'date' ? showDate(shown, layout.dates) : shown;
    }),
  );
  const header = data.columns.map((column) => text(column.label ?? column.header));
  const measures = data.columns.map((_, i): ColumnMeasure => {
    let widest = 0;
    let words = longestWord(header[i]!);
    const wraps = kinds[i] === 'text';
    const cells: number[] = [];
    for (const row of rows) {
      const cell = cellWidth(row[i]!);
      widest = Math.max(widest, cell);
      if (wraps) {
        words = Math.max(words, longestWord(row[i]!));
        cells.push(cell);
      }
    }
    const natural = Math.max(widest, cellWidth(header[i]!));
    if (!wraps) {
      const wholeWords = Math.min(natural, Math.max(widest, words));
      const narrowedTo = (width: number) =>
        Math.max(widest, ...wrapText(header[i]!, width).map((line) => cellWidth(line)));
      return { natural, wraps, wholeWords, narrowest: wholeWords, cells, narrowedTo };
    }
    const narrowest = Math.min(natural, NARROWEST_TEXT);
    return { natural, wraps, wholeWords: Math.max(narrowest, Math.min(natural, words)), narrowest, cells };
  });
  return { header, rows, aligns: data.columns.map((column) => column.align ?? 'left'), measures };
}

/** Columns the table takes at its natural width, with nothing wrapped. */
export function naturalWidth(data: TableData, layout: Partial<TableLayout> = {}): number {
  const { measures } = prepare(data, terminalLayout({ ...layout, width: Number.POSITIVE_INFINITY }));
  return across(measures.map((m) => m.natural));
}

/** Columns side by side, `GAP` apart, at these widths. */
const across = (widths: number[]) => widths.reduce((a, b) => a + b, 0) + GAP * Math.max(0, widths.length - 1);

/**
 * The columns after the first in consecutive groups, each to be shown with the first column as a table of its own:
 * as few groups as fit the width without breaking a word, the columns shared out so that the groups come out about
 * as wide as each other. `undefined` when there are no two columns after the first to part.
 */
function columnGroups(measures: ColumnMeasure[], width: number): number[][] | undefined {
  const least = measures.map((column) => column.wholeWords);
  /** Groups in column order, each as wide as `cap` at its natural widths, if it can, and never wider than the width. */
  const share = (cap: number): number[][] => {
    const groups: number[][] = [];
    let group: number[] = [];
    let natural = measures[0]!.natural;
    let narrowest = least[0]!;
    for (let i = 1; i < measures.length; i++) {
      const fitsNarrowest = narrowest + GAP + least[i]! <= width;
      const fitsCap = natural + GAP + measures[i]!.natural <= cap;
      if (group.length > 0 && !(fitsNarrowest && fitsCap)) {
        groups.push(group);
        group = [];
        natural = measures[0]!.natural;
        narrowest = least[0]!;
      }
      group.push(i);
      natural += GAP + measures[i]!.natural;
      narrowest += GAP + least[i]!;
    }
    groups.push(group);
    return groups;
  };
  const fewest = share(Number.POSITIVE_INFINITY).length;
  if (fewest < 2) return undefined;
  let low = 0;
  let high = across(measures.map((column) => column.natural));
  while (low < high) {
    const cap = Math.floor((low + high) / 2);
    if (share(cap).length <= fewest) high = cap;
    else low = cap + 1;
  }
  return share(high);
}

/** How a table is shown at a width: whole (its gaps narrower where they may be), or its columns in groups. */
type Layout = { gaps?: number[] } | { groups: number[][] };

/**
 * Whole when it fits with text wrapped at spaces and headers of figures wrapped; else whole with a gap or two one
 * space narrower (narrowerGaps), when that is enough; else in parts (columnGroups); else whole, words broken.
 */
function layoutOf(prepared: PreparedTable, width: number): Layout {
  const wholeWords = prepared.measures.map((column) => column.wholeWords);
  const excess = across(wholeWords) - width;
  if (excess <= 0) return {};
  const gaps = narrowerGaps(prepared, wholeWords, excess);
  if (gaps) return { gaps };
  const groups = columnGroups(prepared.measures, width);
  return groups ? { groups } : {};
}

/**
 * A table for people at a terminal, as `gh` and hledger print them: the header, one rule under it, the rows, no
 * borders, columns two spaces apart. Fitted to the layout's width: text wraps at spaces; numbers, amounts, phones
 * and dates never wrap (see fitColumns). A table too wide for that is shown in parts, as R and pandas print a wide
 * table: the columns in groups one under the other, each with the first column, so that no word is broken.
 */
export function renderTerminalTable(data: TableData, layoutOverrides: Partial<TableLayout> = {}): string {
  const layout = terminalLayout(layoutOverrides);
  const whole = prepare(data, layout);
  const { table, prepared, leftOut } = withoutEmptyColumns(data, whole, layout);
  const shown = layoutOf(prepared, layout.width);
  const drawn =
    'groups' in shown
      ? shown.groups.map((group) => drawTable(table, prepared, [0, ...group], layout.width)).join('\n\n')
      : drawTable(
          table,
          prepared,
          prepared.header.map((_, i) => i),
          layout.width,
          shown.gaps,
        );
  return leftOut.length
    ? `${drawn}\n${wrapProse(m.records.emptyColumnsLeftOut({ columns: leftOut.join(', ') }), layout.width)}`
    : drawn;
}

/**
 * A table too wide for the width without the columns that have nothing in any row (a deal list's `lost` column for
 * open deals), and their headers: they would cost the screen room, or a part of their own, to show nothing. A table
 * that fits keeps them.
 */
function withoutEmptyColumns(
  data: TableData,
  prepared: PreparedTable,
  layout: TableLayout,
): { table: TableData; prepared: PreparedTable; leftOut: string[] } {
  const unchanged = { table: data, prepared, leftOut: [] };
  if (across(prepared.measures.map((column) => column.wholeWords)) <= layout.width) return unchanged;
  const empty = (i: number) => i > 0 && prepared.rows.every((row) => row[i] === '' || row[i] === NOTHING);
  const kept = data.columns.filter((_, i) => !empty(i));
  if (kept.length === data.columns.length) return unchanged;
  const table = { ...data, columns: kept };
  const leftOut = prepared.header.filter((_, i) => empty(i));
  return { table, prepared: prepare(table, layout), leftOut };
}

/** The table of the given columns of a prepared table, fitted to the width, `gaps` apart (two spaces each by default). */
function drawTable(
  data: TableData,
  prepared: PreparedTable,
  shown: number[],
  width: number,
  gaps: number[] = shown.slice(1).map(() => GAP),
): string {
  const widths = fitColumns(
    shown.map((i) => prepared.measures[i]!),
    width,
    gaps.reduce((a, b) => a + b, 0),
  );
  const aligns = shown.map((i) => prepared.aligns[i]!);
  const spaces = gaps.map((gap) => ' '.repeat(gap));
  const joined = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell : spaces[i - 1]! + cell)).join('');
  const draw = (cells: string[], row?: number): string[] => {
    const wrapped = shown.map((column, i) => {
      const cell = cells[column]!;
      if (cellWidth(cell) > widths[i]!) return wrapText(cell, widths[i]!);
      return cell.includes('\n') ? cell.split('\n') : [cell];
    });
    const height = wrapped.reduce((most, lines) => Math.max(most, lines.length), 0);
    const paint = row === undefined ? undefined : data.paint;
    const lines: string[] = [];
    for (let line = 0; line < height; line++) {
      const padded = wrapped.map((cellLines, i) => {
        const text = pad(cellLines[line] ?? '', widths[i]!, aligns[i]!);
        return paint ? paint(text, row!, data.columns[shown[i]!]!.key) : text;
      });
      lines.push(joined(padded).trimEnd());
    }
    return lines;
  };
  return [
    ...draw(prepared.header),
    joined(widths.map((columnWidth) => '─'.repeat(columnWidth))),
    ...prepared.rows.flatMap((cells, row) => draw(cells, row)),
  ].join('\n');
}

/** For programs and spreadsheets alike: numbers as they are, formula-looking text guarded (see csvText). */
export function renderCsv(data: TableData): string {
  return [...csvPieces(data)].join('');
}

/** Characters of CSV handed on at a time: a few hundred rows. */
const CSV_PIECE = 1 << 16;

/** renderCsv's text in pieces of a few hundred rows: a listing of 100,000 rows never becomes one array of rows. */
function* csvPieces(data: TableData): Generator<string> {
  const keys = data.columns.map((c) => c.key);
  const cells: Cell[] = new Array(keys.length);
  let piece = csvText([data.columns.map((c) => c.header)]);
  for (const row of data.rows) {
    for (let i = 0; i < keys.length; i++) cells[i] = row[keys[i]!];
    piece += csvRow(cells);
    if (piece.length >= CSV_PIECE) {
      yield piece;
      piece = '';
    }
  }
  yield piece;
}

function markdownCell(cell: Cell): string {
  return text(cell).replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

export function renderMarkdown(data: TableData): string {
  const header = `| ${data.columns.map((c) => markdownCell(c.label ?? c.header)).join(' | ')} |`;
  const rule = `| ${data.columns.map((c) => (c.align === 'right' ? '---:' : '---')).join(' | ')} |`;
  const rows = data.rows.map((row) => `| ${data.columns.map((c) => markdownCell(row[c.key])).join(' | ')} |`);
  return [header, rule, ...rows].join('\n');
}

/**
 * The table a terminal shows: the transposed one when the table is wider than the width and there is one, unless
 * the table needs fewer parts (see layoutOf) than the transposed one.
 */
function tableToShow(output: Renderable, layout: TableLayout): TableData {
  if (!output.transposed || naturalWidth(output.table, layout) <= layout.width) return output.table;
  const parts = (data: TableData) => {
    const { prepared } = withoutEmptyColumns(data, prepare(data, layout), layout);
    const shown = layoutOf(prepared, layout.width);
    return 'groups' in shown ? shown.groups.length : 1;
  };
  return parts(output.table) < parts(output.transposed) ? output.table : output.transposed;
}

/**
 * What render gives, as UTF-8 bytes in pieces to write one after the other: a listing's JSON a MB at a time, never
 * one string of its whole length.
 */
export function renderPieces(
  output: Renderable,
  format: Format,
  layoutOverrides: Partial<TableLayout> = {},
): Iterable<Uint8Array> {
  if (format === 'json' && output.jsonText) return packed(output.jsonText());
  if (format === 'csv') return packed(csvPieces(output.csv ?? output.table));
  return packed([render(output, format, layoutOverrides)]);
}

export function render(output: Renderable, format: Format, layoutOverrides: Partial<TableLayout> = {}): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(output.json, null, 2)}\n`;
    case 'csv':
      return renderCsv(output.csv ?? output.table);
    case 'md': {
      const parts = [
        output.title ? `## ${output.title}\n` : '',
        renderMarkdown(output.table),
        ...(output.notes ?? []).map((n) => `\n${n}`),
      ];
      return `${parts.filter(Boolean).join('\n')}\n`;
    }
    case 'table': {
      const layout = terminalLayout(layoutOverrides);
      const parts = [
        (output.title ?? '')
          .split('\n')
          .map((line) => wrapProse(line, layout.width))
          .join('\n'),
        output.table.rows.length
          ? renderTerminalTable(tableToShow(output, layout), layout)
          : (output.emptyText ?? m.records.none),
        ...(output.notes ?? []).map((note) => wrapProse(note, layout.width)),
      ];
      return `${parts.filter(Boolean).join('\n')}\n`;
    }
    case 'html':
      return renderPage(output, { dates: layoutOverrides.dates ?? dateDisplay() });
  }
}
