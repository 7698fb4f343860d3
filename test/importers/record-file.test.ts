import { describe, expect, it } from 'vitest';
import { RowTyper } from '../../src/importers/record-file.js';

describe('RowTyper', () => {
  const headers = ['Дата', 'Клиент', 'Сумма'];
  const sample = [
    ['05.03.2026', 'Иванова Анна', '1 500,00'],
    ['31.02.2026', 'Петров Иван', '900'],
  ];

  it('refuses a text that is no date every time it comes, and types the dates around it', () => {
    const typer = new RowTyper('visits', headers, {}, sample);
    // Each parse is remembered per text: the second '31.02.2026' comes from that memory, the first from the parser.
    const rows = [
      typer.type(2, ['05.03.2026', 'Иванова Анна', '1 500,00']),
      typer.type(3, ['31.02.2026', 'Петров Иван', '900']),
      typer.type(4, ['31.02.2026', 'Петров Иван', '900']),
      typer.type(5, ['05.03.2026', 'Петров Иван', '900']),
    ];
    expect(rows[0]).toMatchObject({ line: 2, dates: { date: '2026-03-05' }, money: { amount: 150000 } });
    for (const [index, line] of [
      [1, 3],
      [2, 4],
    ] as const) {
      expect(rows[index]).toEqual({ line, field: 'Дата', reason: "'31.02.2026' is not a date" });
    }
    expect(rows[3]).toMatchObject({ line: 5, dates: { date: '2026-03-05' } });
  });
});
