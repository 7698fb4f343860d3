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

  it('names the first required field a row lacks, in the order visits and answers require them', () => {
    const typer = new RowTyper('visits', headers, {}, sample);
    expect(typer.type(2, ['', 'Анна', ''])).toEqual({ line: 2, field: 'Дата', reason: 'no date' });
    // Outlook's never-set date counts as none.
    expect(typer.type(3, ['0.0.00', 'Анна', '100'])).toEqual({ line: 3, field: 'Дата', reason: 'no date' });
    expect(typer.type(4, ['05.03.2026', 'Анна', ''])).toEqual({ line: 4, field: 'Сумма', reason: 'no amount' });
    // Nothing is something: an amount of 0 is present.
    expect(typer.type(5, ['05.03.2026', 'Анна', '0'])).toMatchObject({ money: { amount: 0 } });
    const answers = new RowTyper('nps', ['Дата', 'Клиент', 'Оценка'], {}, [['05.03.2026', 'Анна', '9']]);
    expect(answers.type(2, ['', 'Анна', ''])).toEqual({ line: 2, field: 'Дата', reason: 'no date' });
    expect(answers.type(3, ['05.03.2026', 'Анна', ''])).toEqual({ line: 3, field: 'Оценка', reason: 'no score' });
    expect(answers.type(4, ['05.03.2026', 'Анна', '0'])).toMatchObject({ score: 0 });
  });
});
