/**
 * renderTerminalTable draws the tables whose cells fit on one line itself and hands the rest to cli-table3: either
 * way the output must be what cli-table3 draws.
 */
import Table from 'cli-table3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitColumns, renderTerminalTable } from '../../src/render/render.js';
import type { Column, TableData } from '../../src/render/types.js';

/** The table as cli-table3 draws it with the options renderTerminalTable has always used. */
function cliTable3(data: TableData, width: number): string {
  const cells = data.rows.map((row) => data.columns.map((c) => String(row[c.key])));
  const natural = data.columns.map((c, i) =>
    Math.max(...[c.header, ...cells.map((row) => row[i]!)].flatMap((cell) => cell.split('\n').map((l) => l.length))),
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

/** What report cells are made of, spaces at either end, and characters only cli-table3 measures right. */
const piece = fc.constantFrom(
  'a',
  'Z',
  '7',
  ' ',
  '  ',
  '\u00a0',
  ',',
  '%',
  'Анна',
  'ё',
  '—',
  '₽',
  '€',
  '█',
  '▏',
  '▁',
  '│',
  '…',
  '«»',
  'é',
  '©',
  '漢',
  '\u0301',
  '\u202f',
  '🙂',
  '\u200b',
);
const cellText = fc.array(piece, { minLength: 1, maxLength: 12 }).map((parts) => parts.join(''));

const table = fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 6 })).chain(([columns, rows]) =>
  fc.record({
    columns: fc.tuple(
      ...Array.from({ length: columns }, (_, i) =>
        fc.record({
          key: fc.constant(`c${i}`),
          header: cellText,
          align: fc.constantFrom<Column['align']>('left', 'right', undefined),
        }),
      ),
    ),
    rows: fc.array(
      fc
        .tuple(...Array.from({ length: columns }, () => cellText))
        .map((cells) => Object.fromEntries(cells.map((cell, i) => [`c${i}`, cell]))),
      { minLength: rows, maxLength: rows },
    ),
  }),
);

describe('renderTerminalTable', () => {
  it('draws what cli-table3 draws, wrapped or not, whatever the characters', () => {
    fc.assert(
      fc.property(table, fc.constantFrom(20, 40, 120), (data, width) => {
        const columns = data.columns.map((c) => (c.align ? c : { key: c.key, header: c.header }));
        const tableData: TableData = { columns, rows: data.rows };
        expect(renderTerminalTable(tableData, width)).toBe(cliTable3(tableData, width));
      }),
      { numRuns: 1500 },
    );
  });

  it('blanks a cell of spaces only, no-break ones too, as cli-table3 does', () => {
    for (const blank of [' ', '\u00a0', ' \u00a0 ']) {
      const data: TableData = {
        columns: [
          { key: 'c0', header: 'metric' },
          { key: 'c1', header: blank, align: 'right' },
        ],
        rows: [{ c0: blank, c1: 'x' }],
      };
      expect(renderTerminalTable(data)).toBe(cliTable3(data, 120));
    }
  });

  it('draws a report table', () => {
    const data: TableData = {
      columns: [
        { key: 'metric', header: 'metric' },
        { key: 'c0', header: '2025', align: 'right' },
        { key: 'bar', header: ' ' },
      ],
      rows: [
        { metric: 'revenue', c0: '185\u00a0213\u00a0300,00\u00a0₽', bar: '████▏' },
        { metric: 'active clients', c0: '54\u00a0434', bar: ' ' },
      ],
    };
    expect(renderTerminalTable(data)).toBe(cliTable3(data, 120));
    expect(renderTerminalTable(data).split('\n')).toHaveLength(7);
  });
});
