import { describe, expect, it } from 'vitest';
import type { MoneyProblem } from '../../src/domain/money.js';
import { quoted, type RowNote, sayMeaning, sayMoney, sayNote } from '../../src/domain/row-notes.js';
import { englishRows } from '../../src/i18n/index.js';
import { ru } from '../../src/i18n/ru/index.js';
import { englishWords } from '../english-words.js';

/** One note of every code: a code added to RowNote fails tsc here until it has an example. */
const NOTES: { [C in RowNote['code']]: Extract<RowNote, { code: C }> } = {
  tooManyCells: { code: 'tooManyCells', cells: 7, header: 5 },
  unclosedQuote: { code: 'unclosedQuote' },
  unreadableCsv: { code: 'unreadableCsv', parser: 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' },
  cardNotClosed: { code: 'cardNotClosed' },
  noColon: { code: 'noColon' },
  unreadableBirthday: { code: 'unreadableBirthday', value: 'весной' },
  notADate: { code: 'notADate', value: 'вчера' },
  badAmount: { code: 'badAmount', value: 'abc', problem: { code: 'notAnAmount', text: 'abc' } },
  negativeAmount: { code: 'negativeAmount', value: '-100' },
  notAScore: { code: 'notAScore', value: '11' },
  missing: { code: 'missing', field: 'amount' },
  noNameOrContact: { code: 'noNameOrContact' },
  noClient: { code: 'noClient' },
  leadWithoutClient: { code: 'leadWithoutClient' },
  phoneRounded: { code: 'phoneRounded', phone: '7,91234E+10' },
  phoneInvalid: { code: 'phoneInvalid', phone: '12-34', region: 'RU' },
  phoneWithoutRegion: { code: 'phoneWithoutRegion', phone: '8 912 345-67-89' },
  emailInvalid: { code: 'emailInvalid', email: 'anna@' },
  sharedContactOtherRow: { code: 'sharedContactOtherRow', contact: '+79123456789', name: 'Голубев Михаил' },
  newClient: { code: 'newClient' },
  alreadyImported: { code: 'alreadyImported' },
  sameDayVisit: { code: 'sameDayVisit', client: 5, date: '2026-09-23' },
  clientReadAs: { code: 'clientReadAs', named: 'Мария Иванова', known: 'Мария Петровна Иванова' },
  unknownStage: { code: 'unknownStage', name: 'Замер' },
  stageConflict: { code: 'stageConflict', stored: 'won', since: '2026-03-09', incoming: 'lost', on: '2026-03-10' },
  dealMoved: {
    code: 'dealMoved',
    id: 4,
    moves: [
      { stage: 'deal', date: '2026-03-05' },
      { stage: 'won', date: '2026-03-09' },
    ],
  },
  lostAndJunk: { code: 'lostAndJunk' },
  wonAnd: { code: 'wonAnd', ending: 'junk' },
  junkAfterLead: { code: 'junkAfterLead' },
  stageBefore: { code: 'stageBefore', stage: 'won', date: '2026-03-01', earlier: 'deal', earlierDate: '2026-03-05' },
  closedBeforeCreated: { code: 'closedBeforeCreated', closed: '2026-04-09', created: '2026-04-11' },
};

const MONEY: { [C in MoneyProblem['code']]: Extract<MoneyProblem, { code: C }> } = {
  empty: { code: 'empty' },
  tooLong: { code: 'tooLong', length: 121 },
  notAnAmount: { code: 'notAnAmount', text: 'abc' },
  otherCurrency: { code: 'otherCurrency', currency: 'USD', database: 'RUB' },
  notGrouped: { code: 'notGrouped', text: '1,5,5' },
  noFractionDigits: { code: 'noFractionDigits', text: '1500,' },
  tooManyFractionDigits: { code: 'tooManyFractionDigits', text: '1,2345' },
  tooLarge: { code: 'tooLarge', text: '2 000 000 000 000' },
};

/** What a person types or reads as it is in a Russian note: stage and field tokens, the commands it names. */
const TYPED = new Set([
  ...['won', 'lost', 'junk', 'deal', 'amount', 'crm', 'config', 'set', 'region', 'RU', 'RUB', 'USD'],
  ...['visit', 'list', 'rm', 'client', 'from', 'to', 'add', '--allow-duplicate'],
]);

describe('a row note in words', () => {
  it.each(Object.values(NOTES).map((note) => [note.code, note] as const))('%s: said in both languages', (_, note) => {
    const english = sayNote(note, englishRows);
    const russian = sayNote(note, ru.rows);
    expect(english).toMatch(/[a-z]/);
    expect(russian).toMatch(/[а-яё]/);
    // What is left of the Russian once the values it names are taken out is Russian.
    const values = Object.values(note).filter((value): value is string => typeof value === 'string');
    const words = values.reduce((text, value) => text.replaceAll(value, ' '), russian);
    expect(englishWords(words, TYPED)).toEqual([]);
  });

  it('names a CSV parser’s refusal by its code, not in the parser’s English words', () => {
    expect(sayNote(NOTES.unreadableCsv, ru.rows)).toBe('CSV не читается (CSV_RECORD_INCONSISTENT_FIELDS_LENGTH)');
    expect(sayNote(NOTES.unreadableCsv, englishRows)).toBe('unreadable CSV (CSV_RECORD_INCONSISTENT_FIELDS_LENGTH)');
  });

  it('says every money problem in both languages, without the amount: whoever says it names the amount first', () => {
    for (const problem of Object.values(MONEY)) {
      expect(sayMoney(problem, ru.rows)).toMatch(/[а-я]/);
      if ('text' in problem) {
        expect(sayMoney(problem, englishRows)).not.toContain(`'${problem.text}'`);
        expect(sayMoney(problem, ru.rows)).not.toContain(`'${problem.text}'`);
      }
    }
    expect(sayNote(NOTES.badAmount, englishRows)).toBe("'abc': not an amount");
  });

  it('names the moves of a deal in order, and the amount problem after the amount', () => {
    expect(sayNote(NOTES.dealMoved, englishRows)).toBe('deal #4 → deal 2026-03-05, won 2026-03-09');
    expect(sayNote(NOTES.dealMoved, ru.rows)).toBe('сделка #4 → сделка 2026-03-05, выиграна 2026-03-09');
    expect(sayNote(NOTES.badAmount, ru.rows)).toBe("'abc': не сумма");
  });

  it('quotes a long cell by its beginning and its length, counted in the language’s plural', () => {
    expect(quoted('короткая')).toEqual({ value: 'короткая' });
    const long = (length: number) => sayNote({ code: 'notADate', ...quoted('я'.repeat(length)) }, ru.rows);
    expect(long(61)).toBe(`'${'я'.repeat(40)}…' (61 символ) — не дата`);
    expect(long(62)).toBe(`'${'я'.repeat(40)}…' (62 символа) — не дата`);
    expect(long(65)).toBe(`'${'я'.repeat(40)}…' (65 символов) — не дата`);
    expect(sayNote({ code: 'notADate', ...quoted('x'.repeat(70)) }, englishRows)).toBe(
      `'${'x'.repeat(40)}…' (70 characters) is not a date`,
    );
    // Never between the halves of a character outside the basic plane.
    expect(quoted(`${'я'.repeat(39)}😀${'я'.repeat(30)}`).value).toBe('я'.repeat(39));
  });

  it('counts cells in the Russian plural', () => {
    const cells = (count: number) => sayNote({ code: 'tooManyCells', cells: count, header: 1 }, ru.rows);
    expect([2, 5, 21, 1500].map(cells)).toEqual([
      '2 ячейки, а в заголовке 1',
      '5 ячеек, а в заголовке 1',
      '21 ячейка, а в заголовке 1',
      '1\u00a0500 ячеек, а в заголовке 1',
    ]);
  });

  it('names a missing required field in the genitive, any other by its name', () => {
    expect(
      ['date', 'amount', 'created', 'score', 'title'].map((field) => sayNote({ code: 'missing', field }, ru.rows)),
    ).toEqual(['нет даты', 'нет суммы', 'нет даты создания', 'нет оценки', 'не заполнено поле «название»']);
    expect(sayNote({ code: 'missing', field: 'amount' }, englishRows)).toBe('no amount');
  });

  it('says why a header of two meanings was read as it was', () => {
    const reason = { cells: 'empty', beside: false, columns: 'date' } as const;
    expect(sayMeaning(reason, englishRows)).toBe('its cells are empty, not beside other date columns');
    expect(sayMeaning({ ...reason, otherTaken: 'title' }, ru.rows)).toBe(
      'ячейки пусты, не рядом с другими столбцами дат, «название» — в другом столбце',
    );
  });
});
