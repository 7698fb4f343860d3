import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { useLanguage } from '../../src/i18n/index.js';
import { findHeaderRow } from '../../src/importers/header-row.js';
import { allRows, readRows } from '../../src/importers/read-rows.js';
import { fixture, tempDir } from '../helpers.js';

// The hairdresser's journal (fixtures/visits/hairdresser/README.md says how Calc made each file): a title row above
// the header, in her .ods and in the CSV Calc saved from it.
const CSV = fixture('visits/hairdresser/journal-2026-cp1251.csv');
const ODS = fixture('visits/hairdresser/journal-2026.ods');

const lines = (read: { rows: { line: number }[]; problems: { line: number }[] }) =>
  [...read.rows.map((row) => row.line), ...read.problems.map((problem) => problem.line)].sort((a, b) => a - b);

describe('the header under a title row', () => {
  it('is the first row naming the most fields, among the first that are not blank', () => {
    const rows = [['Журнал клиентов 2026', '', ''], [], ['Дата', 'Клиент', 'Сумма'], ['01.02.2026', 'Анна', '1500']];
    expect(findHeaderRow(rows, { kind: 'visits' })).toBe(2);
    expect(findHeaderRow([['Заметки'], ['Итого 5']], { kind: 'visits' })).toBe(0);
    expect(findHeaderRow([['Журнал'], ['Когда', 'Кто']], { kind: 'visits', map: { Когда: 'date' } })).toBe(1);
    expect(findHeaderRow([[], ['', '']], { kind: 'visits' })).toBe(-1);
  });

  it('is found in a streamed CSV journal as in the workbook it was saved from, on the same lines', async () => {
    const streamed = await readRows({ name: CSV }, { kind: 'visits' });
    expect(streamed.detected).toMatchObject({ format: 'csv', encoding: 'cp1251', headerRow: 2 });
    expect(streamed.detected.mapping?.map((column) => column.field)).toEqual([
      'date',
      'client',
      'phone',
      'service',
      'amount',
    ]);
    const csv = await allRows(streamed);
    const ods = await allRows(await readRows({ name: ODS, bytes: readFileSync(ODS) }, { kind: 'visits' }));
    expect(ods.detected.headerRow).toBe(2);
    expect(lines(csv)).toEqual(lines(ods));
    expect(csv.rows[0]).toMatchObject({ line: 3, dates: { date: '2026-08-12' }, money: { amount: 150000 } });
    // Read whole (its bytes handed over), the same.
    const whole = await allRows(await readRows({ name: CSV, bytes: readFileSync(CSV) }, { kind: 'visits' }));
    expect(whole.detected.headerRow).toBe(2);
    expect(lines(whole)).toEqual(lines(csv));
  });

  it('is found by the header --map names, as the workbook reader finds it', async () => {
    const file = join(tempDir(), 'journal.csv');
    writeFileSync(file, iconv.encode('Журнал\n\nКогда;Кто;Сумма\n01.02.2026;Анна;1500\n', 'cp1251'));
    const read = await allRows(
      await readRows({ name: file }, { kind: 'visits', settings: { map: { Когда: 'date', Кто: 'client' } } }),
    );
    expect(read.detected.headerRow).toBe(3);
    expect(read.rows).toMatchObject([{ line: 4, dates: { date: '2026-02-01' }, text: { client: 'Анна' } }]);
  });

  it('is found in a client list and a deals file read whole, and a title without a delimiter tells none', async () => {
    const clients = Buffer.from('Клиенты салона\nФИО;Телефон\nАнна Иванова;+7 912 345-67-89\n');
    const read = await allRows(await readRows({ name: 'clients.csv', bytes: clients }, { kind: 'clients' }));
    expect(read.detected).toMatchObject({ delimiter: ';', headerRow: 2 });
    expect(read.rows.map((row) => row.name)).toEqual(['Анна Иванова']);
    const deals = Buffer.from('Сделки;;\n;;\nКлиент;Дата;Сумма\nАнна;01.02.2026;100\n');
    const dealRows = await allRows(await readRows({ name: 'deals.csv', bytes: deals }, { kind: 'deals' }));
    expect(dealRows.rows.map((row) => row.line)).toEqual([4]);
  });

  it('leaves a file whose first row is its header as it was: no header row is said', async () => {
    const file = join(tempDir(), 'plain.csv');
    writeFileSync(file, 'Дата;Клиент;Сумма\n01.02.2026;Анна;1500\n');
    const read = await readRows({ name: file }, { kind: 'visits' });
    expect(read.detected.headerRow).toBeUndefined();
    expect((await allRows(read)).rows.map((row) => row.line)).toEqual([2]);
  });

  it('not found, the error names the fields in the language and only the headers the file wrote', async () => {
    const file = join(tempDir(), 'notes.csv');
    writeFileSync(file, 'Журнал клиентов 2026;;;\nзаписи;потом;;\n');
    await useLanguage('ru');
    try {
      await expect(readRows({ name: file }, { kind: 'visits' })).rejects.toThrow(
        new InputError(
          `${file}: нет столбца для даты, суммы (заголовки: Журнал клиентов 2026); укажите его через --map "Заголовок=date"`,
        ),
      );
    } finally {
      await useLanguage('en');
    }
  });
});
