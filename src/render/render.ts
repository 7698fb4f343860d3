import { createRequire } from 'node:module';
import type { Cell, Format, Renderable, TableData } from './types.js';

const NOTHING = '—';

/** Longest cell text a terminal table shows: word-wrapping costs grow fast with length, and no one reads more. */
const MAX_CELL = 2_000;

function text(cell: Cell): string {
  if (cell === null || cell === undefined || cell === '') return NOTHING;
  // Imported text can hold terminal escapes and control characters: show them, do not let them act.
  const shown = String(cell).replace(
    /[\x00-\x08\x0b-\x1f\x7f\x9b]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
  return shown.length > MAX_CELL ? `${shown.slice(0, MAX_CELL)}… (${shown.length} characters)` : shown;
}

function longestLine(value: string): number {
  return Math.max(...value.split('\n').map((line) => line.length));
}

/**
 * Column widths that fit `width` characters: columns keep their natural width while they fit, and the widest ones
 * give way (their text wraps) until the table does.
 */
export function fitColumns(natural: number[], width: number): number[] {
  const borders = natural.length * 3 + 1;
  const widths = [...natural];
  const minimum = 8;
  while (widths.reduce((a, b) => a + b, 0) + borders > width) {
    const widest = widths.indexOf(Math.max(...widths));
    if (widths[widest]! <= minimum) break;
    widths[widest]!--;
  }
  return widths;
}

/**
 * Characters that string-width, cli-table3's measure, counts as one column each and JavaScript as one code unit:
 * printable ASCII, Latin, Cyrillic, dashes and quotes, currency signs, box drawing and block elements (the bars).
 * Not tab, line or paragraph separators, zero-width or combining characters, nor anything East Asian or emoji.
 */
const ONE_COLUMN_TEXT =
  /^[\u0020-\u007e\u00a0-\u024f\u0400-\u04ff\u2010-\u2027\u2030-\u203b\u20a0-\u20bf\u2500-\u259f]*$/;

/**
 * The table cli-table3 draws for these options (one space of padding, a rule between rows), when every cell is one
 * line of one-column characters that fits its column: then cli-table3 neither wraps nor truncates, and drawing it
 * here spares loading cli-table3 and string-width, whose emoji pattern alone costs more than a small report's
 * query. Undefined otherwise. test/render/terminal-table.test.ts holds the two to the same output.
 */
function drawPlainTable(header: string[], rows: string[][], aligns: Array<'left' | 'right'>, widths: number[]) {
  for (const row of [header, ...rows]) {
    for (let i = 0; i < row.length; i++) {
      if (row[i]!.length > widths[i]! || !ONE_COLUMN_TEXT.test(row[i]!)) return undefined;
    }
  }
  const rule = (left: string, middle: string, right: string) =>
    `${left}${widths.map((width) => '─'.repeat(width + 2)).join(middle)}${right}`;
  // cli-table3 drops a cell that is only whitespace (a no-break space too) and pads with plain spaces.
  const shown = (cell: string) => (/^\s*$/.test(cell) ? '' : cell);
  const line = (row: string[]) =>
    `│${row.map((cell, i) => ` ${aligns[i] === 'right' ? shown(cell).padStart(widths[i]!) : shown(cell).padEnd(widths[i]!)} `).join('│')}│`;
  const between = rule('├', '┼', '┤');
  return [
    rule('┌', '┬', '┐'),
    ...[header, ...rows].flatMap((row, i) => (i === 0 ? [line(row)] : [between, line(row)])),
    rule('└', '┴', '┘'),
  ].join('\n');
}

const requireCommonJs = createRequire(import.meta.url);

/** cli-table3, loaded only for a table drawPlainTable cannot draw (text that wraps, wide or combining characters). */
function cliTable3(): typeof import('cli-table3') {
  return requireCommonJs('cli-table3');
}

export function renderTerminalTable(data: TableData, width = process.stdout.columns || 120): string {
  const cells = data.rows.map((row) => data.columns.map((c) => text(row[c.key])));
  const natural = data.columns.map((c, i) =>
    Math.max(longestLine(c.header), ...cells.map((row) => longestLine(row[i]!))),
  );
  const widths = fitColumns(natural, width);
  const aligns = data.columns.map((c) => c.align ?? 'left');
  const header = data.columns.map((c) => c.header);
  const plain = drawPlainTable(header, cells, aligns, widths);
  if (plain !== undefined) return plain;
  const Table = cliTable3();
  const table = new Table({
    head: header,
    colAligns: aligns,
    colWidths: widths.map((w) => w + 2),
    style: { head: [], border: [] },
    wordWrap: true,
    wrapOnWordBoundary: true,
  });
  for (const row of cells) table.push(row);
  return table.toString();
}

export function renderCsv(data: TableData): string {
  const records = data.rows.map((row) => data.columns.map((c) => (row[c.key] ?? '') as string | number | boolean));
  // Loaded for CSV output only.
  const { stringify } = requireCommonJs('csv-stringify/sync') as typeof import('csv-stringify/sync');
  return stringify([data.columns.map((c) => c.header), ...records]);
}

function markdownCell(cell: Cell): string {
  return text(cell).replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

export function renderMarkdown(data: TableData): string {
  const header = `| ${data.columns.map((c) => markdownCell(c.header)).join(' | ')} |`;
  const rule = `| ${data.columns.map((c) => (c.align === 'right' ? '---:' : '---')).join(' | ')} |`;
  const rows = data.rows.map((row) => `| ${data.columns.map((c) => markdownCell(row[c.key])).join(' | ')} |`);
  return [header, rule, ...rows].join('\n');
}

export function render(output: Renderable, format: Format): string {
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
      const parts = [
        output.title ?? '',
        output.table.rows.length ? renderTerminalTable(output.table) : (output.emptyText ?? '(none)'),
        ...(output.notes ?? []),
      ];
      return `${parts.filter(Boolean).join('\n')}\n`;
    }
  }
}
