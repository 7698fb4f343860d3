import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Deal, Visit } from '../../src/domain/stored-records.js';
import { csvCells, DEFAULT_DIALECT, spreadsheetDialect, writeCsv } from '../../src/exporters/csv.js';
import { clientsTable, dealsTable, extraHeaders, phoneText, visitsTable } from '../../src/exporters/tables.js';
import { readClientFile } from '../../src/importers/client-file.js';
import { joinTags, mapHeaders, splitValues } from '../../src/importers/headers.js';
import { readRecordFile } from '../../src/importers/record-file.js';
import { client, contact as phone } from '../builders.js';

const ivanova = client({
  id: 1,
  name: 'Иванова Мария',
  phones: [phone('+79123456789', '8 (912) 345-67-89'), phone('+74951234567', '+7 495 123-45-67', 'Рабочий')],
  emails: [phone('maria@example.ru', 'Maria@Example.ru', 'work')],
  source: 'Сарафанное радио; соседи',
  tags: ['VIP', 'Опт, крупный', 'Тег; с "кавычкой"', '-5'],
  birthday: '1985-05-17',
  note: 'Две строки\nи "кавычки"',
  extra: { Мастер: 'Ольга', Note: 'вторая заметка', 'Address 1 - Street': 'ул. Ленина, 5', Телефон: 'старый' },
  created: '2023-01-12',
  archived: true,
});
const petrov = client({
  id: 2,
  name: '=HYPERLINK("http://x")',
  phones: [phone('79261234567', '7.92612E+10', null, false)],
});

describe('phoneText', () => {
  it('keeps a number as written when it carries its country code', () => {
    expect(phoneText(phone('+79123456789', '+7 912 345-67-89'), DEFAULT_DIALECT)).toBe('+7 912 345-67-89');
  });

  it('writes E.164 for a number that needs a region to be read', () => {
    expect(phoneText(phone('+79123456789', '8 (912) 345-67-89'), DEFAULT_DIALECT)).toBe('+79123456789');
  });

  it('writes E.164 in a spreadsheet for a number without a leading +, which would become a number', () => {
    const contact = phone('+79261234567', '79261234567');
    expect(phoneText(contact, DEFAULT_DIALECT)).toBe('79261234567');
    expect(phoneText(contact, spreadsheetDialect('ru-RU'))).toBe('+79261234567');
  });

  it('writes an invalid number as it was written', () => {
    expect(phoneText(phone('791234', '7.91234E+10', null, false), DEFAULT_DIALECT)).toBe('7.91234E+10');
  });
});

describe('tags in one cell', () => {
  it('joinTags and splitValues are inverse for any tags', () => {
    const tag = fc
      .string({ unit: fc.constantFrom('a', 'я', ' ', ',', ';', '"', "'", '-') })
      .map((text) => text.trim())
      .filter((text) => text !== '');
    fc.assert(
      fc.property(fc.array(tag, { maxLength: 5 }), (tags) => {
        expect(splitValues(joinTags(tags), { field: 'tags' })).toEqual(tags);
      }),
    );
  });

  it('still splits a plain cell on , and ;', () => {
    expect(splitValues('VIP; новый, постоянный', { field: 'tags' })).toEqual(['VIP', 'новый', 'постоянный']);
  });
});

describe('extraHeaders', () => {
  const fixed = ['name', 'phone', 'email', 'note'];

  it('keeps a key as its own header when the import reads it back as extra', () => {
    expect(extraHeaders('clients', fixed, ['Мастер', 'Company'])).toEqual(['Мастер', 'Company']);
  });

  it('prefixes a key that would read as a field, a duplicate, or a Google layout', () => {
    expect(extraHeaders('clients', fixed, ['Телефон', 'Note', 'Address 1 - Street', 'extra: x', 'Мастер'])).toEqual([
      'extra: Телефон',
      'extra: Note',
      'extra: Address 1 - Street',
      'extra: extra: x',
      'Мастер',
    ]);
  });
});

describe('clientsTable', () => {
  const table = clientsTable([ivanova, petrov], DEFAULT_DIALECT);

  it('names its columns so that mapHeaders maps each to its field', () => {
    const mapping = mapHeaders('clients', table[0]!);
    expect(mapping.columns.map((c) => [c.header, c.field, c.labelFor ?? c.extraKey ?? null])).toEqual([
      ['name', 'name', null],
      ['phone', 'phone', null],
      ['phone 2', 'phone', null],
      ['phone 2 label', null, 2],
      ['email', 'email', null],
      ['email label', null, 4],
      ['source', 'source', null],
      ['tags', 'tags', null],
      ['birthday', 'birthday', null],
      ['note', 'note', null],
      ['created', 'created', null],
      ['archived', 'archived', null],
      ['id', 'id', null],
      ['Мастер', null, null],
      ['extra: Note', null, 'Note'],
      ['extra: Address 1 - Street', null, 'Address 1 - Street'],
      ['extra: Телефон', null, 'Телефон'],
    ]);
    expect(mapping.language).not.toBe('google');
  });

  it.each([
    ['default', DEFAULT_DIALECT],
    ['calc', spreadsheetDialect('ru-RU')],
  ])('%s: the client reader gives back every field', (_name, dialect) => {
    const read = readClientFile(writeCsv(clientsTable([ivanova, petrov], dialect), dialect), 'clients.csv');
    expect(read.problems).toEqual([]);
    const [first, second] = read.records;
    expect(first).toMatchObject({
      name: ivanova.name,
      phones: [{ value: '+79123456789' }, { value: '+7 495 123-45-67', label: 'Рабочий' }],
      emails: [{ value: 'Maria@Example.ru', label: 'work' }],
      source: ivanova.source,
      tags: ivanova.tags,
      birthday: ivanova.birthday,
      note: ivanova.note,
      created: ivanova.created,
      extra: ivanova.extra,
      archived: true,
    });
    expect(second).toMatchObject({ name: petrov.name, phones: [{ value: '7.92612E+10' }], extra: {} });
    expect(second!.archived).toBeUndefined();
  });
});

describe('journal tables', () => {
  const clients = new Map([[1, ivanova]]);

  it('visits: amounts exact from minor units, in the dialect; the reader gives them back', () => {
    const visits: Visit[] = [
      { id: 1, client_id: 1, date: '2026-03-16', amount: 1234567, service: 'Окрашивание', note: null, extra: {} },
      { id: 2, client_id: 1, date: '2026-03-17', amount: 0, service: null, note: '=free', extra: { Кабинет: '-1' } },
    ];
    const dialect = spreadsheetDialect('ru-RU');
    const table = visitsTable(visits, clients, dialect);
    expect(csvCells(table, dialect)[1]).toEqual([
      '16.03.2026',
      'Иванова Мария',
      '+79123456789',
      'Maria@Example.ru',
      '12345,67',
      'Окрашивание',
      '',
      '',
    ]);
    const read = readRecordFile(writeCsv(table, dialect), 'visits');
    expect(read.problems).toEqual([]);
    expect(read.rows.map((row) => [row.dates.date, row.money.amount, row.text.note, row.extra])).toEqual([
      ['2026-03-16', 1234567, undefined, {}],
      ['2026-03-17', 0, '=free', { Кабинет: '-1' }],
    ]);
  });

  it('deals: every stage date under a header the reader maps to it, a clientless lead left blank', () => {
    const deals: Deal[] = [
      {
        id: 1,
        client_id: 1,
        title: 'Свадьба',
        amount: 4000000,
        source: null,
        stage: 'lost',
        created: '2026-03-01',
        reason: 'Дорого; ушла',
        note: null,
        extra: {},
        history: [
          { stage: 'lead', date: '2026-03-01', reason: null },
          { stage: 'qualified', date: '2026-03-02', reason: null },
          { stage: 'deal', date: '2026-03-03', reason: null },
          { stage: 'lost', date: '2026-03-05', reason: 'Дорого; ушла' },
        ],
      },
      {
        id: 2,
        client_id: null,
        title: 'Ошибся номером',
        amount: null,
        source: 'Сайт',
        stage: 'junk',
        created: '2026-03-02',
        reason: null,
        note: null,
        extra: {},
        history: [
          { stage: 'lead', date: '2026-03-02', reason: null },
          { stage: 'junk', date: '2026-03-02', reason: null },
        ],
      },
    ];
    const read = readRecordFile(writeCsv(dealsTable(deals, clients, DEFAULT_DIALECT), DEFAULT_DIALECT), 'deals');
    expect(read.problems).toEqual([]);
    expect(read.rows.map((row) => ({ ...row.dates, ...row.text, amount: row.money.amount }))).toEqual([
      {
        created: '2026-03-01',
        qualified: '2026-03-02',
        deal: '2026-03-03',
        lost: '2026-03-05',
        client: 'Иванова Мария',
        title: 'Свадьба',
        reason: 'Дорого; ушла',
        amount: 4000000,
      },
      { created: '2026-03-02', junk: '2026-03-02', title: 'Ошибся номером', source: 'Сайт', amount: undefined },
    ]);
  });
});
