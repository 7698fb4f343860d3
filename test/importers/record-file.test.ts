import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isProblem, RowTyper, readRecordFile } from '../../src/importers/record-file.js';

const fixtureBuffer = (path: string) => readFileSync(new URL(`../../fixtures/${path}`, import.meta.url));

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
      expect(rows[index]).toEqual({ line, field: 'Дата', reason: { code: 'notADate', value: '31.02.2026' } });
    }
    expect(rows[3]).toMatchObject({ line: 5, dates: { date: '2026-03-05' } });
  });

  it('names the first required field a row lacks, in the order visits and answers require them', () => {
    const typer = new RowTyper('visits', headers, {}, sample);
    expect(typer.type(2, ['', 'Анна', ''])).toEqual({
      line: 2,
      field: 'Дата',
      reason: { code: 'missing', field: 'date' },
    });
    // Outlook's never-set date counts as none.
    expect(typer.type(3, ['0.0.00', 'Анна', '100'])).toEqual({
      line: 3,
      field: 'Дата',
      reason: { code: 'missing', field: 'date' },
    });
    expect(typer.type(4, ['05.03.2026', 'Анна', ''])).toEqual({
      line: 4,
      field: 'Сумма',
      reason: { code: 'missing', field: 'amount' },
    });
    // Nothing is something: an amount of 0 is present.
    expect(typer.type(5, ['05.03.2026', 'Анна', '0'])).toMatchObject({ money: { amount: 0 } });
    const answers = new RowTyper('nps', ['Дата', 'Клиент', 'Оценка'], {}, [['05.03.2026', 'Анна', '9']]);
    expect(answers.type(2, ['', 'Анна', ''])).toEqual({
      line: 2,
      field: 'Дата',
      reason: { code: 'missing', field: 'date' },
    });
    expect(answers.type(3, ['05.03.2026', 'Анна', ''])).toEqual({
      line: 3,
      field: 'Оценка',
      reason: { code: 'missing', field: 'score' },
    });
    expect(answers.type(4, ['05.03.2026', 'Анна', '0'])).toMatchObject({ score: 0 });
  });
});

describe('readRecordFile on headers and values as real files write them', () => {
  it('reads the documented English deal columns: Deal is the deal stage date, Title the name', () => {
    const read = readRecordFile(fixtureBuffer('deals/deals-english-documented-columns.csv'), 'deals');
    expect(read.problems).toEqual([]);
    expect(read.rows.map((r) => [r.text.title, r.dates.deal])).toEqual([
      ['Website redesign', '2026-09-10'],
      ['Logo design', '2026-09-12'],
      ['Consulting', undefined],
      ['Hosting plan', '2026-09-15'],
      ['Wrong number', undefined],
    ]);
    expect(read.rows.every((r) => Object.keys(r.extra).length === 0)).toBe(true);
    expect(read.detected.mapping!.find((m) => m.header === 'Deal')).toEqual({
      header: 'Deal',
      field: 'deal',
      reason: { cells: 'dates', beside: true, columns: 'stage', otherTaken: 'title' },
    });
  });

  it('refuses an amount in another currency than the database’s, row by row', () => {
    const read = readRecordFile(fixtureBuffer('deals/deals-foreign-currency.csv'), 'deals', {}, { currency: 'RUB' });
    expect(read.rows.map((r) => [r.line, r.money.amount])).toEqual([
      [2, 450000],
      [5, 1200000],
    ]);
    // A refused row keeps its cells as read: the rejects file gives it back to be fixed.
    expect(read.problems[0]!.cells).toEqual([
      '02.09.2026',
      'Петров Сергей',
      '+7 916 123-45-67',
      'Корпоратив',
      '4500 USD',
      '03.09.2026',
      '',
      '',
    ]);
    expect(read.problems.map(({ cells: _, ...problem }) => problem)).toEqual([
      {
        line: 3,
        field: 'Сумма',
        reason: {
          code: 'badAmount',
          value: '4500 USD',
          problem: { code: 'otherCurrency', currency: 'USD', database: 'RUB' },
        },
      },
      {
        line: 4,
        field: 'Сумма',
        reason: {
          code: 'badAmount',
          value: '€90',
          problem: { code: 'otherCurrency', currency: 'EUR', database: 'RUB' },
        },
      },
    ]);
  });

  it('reads 4,500 as four thousand five hundred where the locale writes a decimal point', () => {
    const file = Buffer.from('Date,Client,Amount\n2026-09-01,Anna,"4,500"\n2026-09-02,Bob,"1,200"\n');
    const us = readRecordFile(file, 'visits', {}, { locale: 'en-US' });
    expect(us.rows.map((r) => r.money.amount)).toEqual([450000, 120000]);
    // The column's own proof wins over the locale: here a decimal comma.
    const proven = Buffer.from('Date,Client,Amount\n2026-09-01,Anna,"4,500"\n2026-09-02,Bob,"12,50"\n');
    expect(readRecordFile(proven, 'visits', {}, { locale: 'en-US' }).problems).toHaveLength(1);
    const ru = readRecordFile(file, 'visits', {}, { locale: 'ru-RU' });
    expect(ru.rows).toEqual([]);
    expect(ru.problems.map((p) => p.reason)).toEqual([
      { code: 'badAmount', value: '4,500', problem: { code: 'tooManyFractionDigits', text: '4,500' } },
      { code: 'badAmount', value: '1,200', problem: { code: 'tooManyFractionDigits', text: '1,200' } },
    ]);
  });

  it('splits a journal cell of several phones or e-mails, and keeps Outlook’s fillers out of extra', () => {
    const typer = new RowTyper('visits', ['Дата', 'Клиент', 'Телефон', 'E-mail', 'Сумма', 'Годовщина'], {}, []);
    const row = typer.type(2, [
      '05.03.2026',
      'Анна',
      '+7 912 345-67-89, +7 916 123-45-67',
      'anna@example.com; anna@work.example.com',
      '100',
      '0.0.00',
    ]);
    expect(isProblem(row)).toBe(false);
    expect(row).toMatchObject({
      phones: ['+7 912 345-67-89', '+7 916 123-45-67'],
      emails: ['anna@example.com', 'anna@work.example.com'],
      extra: {},
    });
    expect(typer.type(3, ['05.03.2026', 'Анна', '+7 495 123-45-67, доб. 102', '', '100', 'Мастер'])).toMatchObject({
      phones: ['+7 495 123-45-67, доб. 102'],
      extra: { Годовщина: 'Мастер' },
    });
  });
});
