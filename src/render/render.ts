import Table from 'cli-table3';
import { stringify } from 'csv-stringify/sync';
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

export function renderTerminalTable(data: TableData, width = process.stdout.columns || 120): string {
  const cells = data.rows.map((row) => data.columns.map((c) => text(row[c.key])));
  const natural = data.columns.map((c, i) =>
    Math.max(longestLine(c.header), ...cells.map((row) => longestLine(row[i]!))),
  );
  const table = new Table({
    head: data.columns.map((c) => c.header),
    colAligns: data.columns.map((c) => c.align ?? 'left'),
    colWidths: fitColumns(natural, width).map((w) => w + 2),
    style: { head: [], border: [] },
    wordWrap: true,
    wrapOnWordBoundary: true,
  });
  for (const row of cells) table.push(row);
  return table.toString();
}

export function renderCsv(data: TableData): string {
  const records = data.rows.map((row) => data.columns.map((c) => (row[c.key] ?? '') as string | number | boolean));
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
