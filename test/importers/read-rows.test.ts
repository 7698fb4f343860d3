import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { NumberBook, normalisePhone } from '../../src/domain/phone.js';
import { InputError } from '../../src/errors.js';
import { HEAD_BYTES } from '../../src/importers/csv/stream.js';
import { allRows, detectFormat, readRows } from '../../src/importers/read-rows.js';
import { csvFile } from '../csv-reading.js';

const CARD = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Анна Иванова\r\nTEL:+79123456789\r\nEND:VCARD\r\n';
const CLIENTS_CSV = 'ФИО;Телефон\nАнна Иванова;+7 912 345-67-89\nПётр;нет\n';

describe('readRows', () => {
  it('tells CSV from vCard by extension, else by content, unless the user forced one', () => {
    const file = (name: string, text: string) => ({ name, bytes: Buffer.from(text) });
    expect(detectFormat(file('contacts.vcf', CLIENTS_CSV))).toBe('vcard');
    expect(detectFormat(file('contacts.csv', CARD))).toBe('csv');
    expect(detectFormat(file('contacts', CARD))).toBe('vcard');
    expect(detectFormat(file('contacts', CLIENTS_CSV))).toBe('csv');
    expect(detectFormat(file('contacts.vcf', CARD), 'csv')).toBe('csv');
  });

  it('reads a client list of either format into records, with the rows it could not read as problems', async () => {
    const csv = await allRows(
      await readRows({ name: 'list', bytes: Buffer.from(CLIENTS_CSV) }, { kind: 'clients', settings: {} }),
    );
    expect(csv.detected.format).toBe('csv');
    expect(csv.rows.map((r) => [r.name, r.phones.map((p) => p.value)])).toEqual([
      ['Анна Иванова', ['+7 912 345-67-89']],
      ['Пётр', ['нет']],
    ]);
    const vcard = await allRows(await readRows({ name: 'list', bytes: Buffer.from(CARD) }, { kind: 'clients' }));
    expect(vcard.detected.format).toBe('vcard');
    expect(vcard.rows.map((r) => r.name)).toEqual(['Анна Иванова']);
  });

  it('types the rows of a journal, and names the file in an error about the whole of it', async () => {
    const deals =
      'Клиент;Телефон;Дата;Сумма;Этап\nАнна;+79123456789;01.02.2025;1 500,00;новая\nПётр;;31.02.2025;5;новая\n';
    const read = await readRows({ name: 'deals.csv', bytes: Buffer.from(deals) }, { kind: 'deals' });
    const batches = [];
    for await (const batch of read.batches) batches.push(batch);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.rows.map((r) => r.line)).toEqual([2]);
    expect(batches[0]!.problems.map((p) => p.line)).toEqual([3]);
    await expect(readRows({ name: 'empty.csv', bytes: Buffer.alloc(0) }, { kind: 'nps' })).rejects.toThrow(
      new InputError('empty.csv: empty file'),
    );
  });

  it('says, before the first batch, whether the rows of a journal carry extra values, from a CSV file or a workbook', async () => {
    const csv = (text: string) => readRows({ name: 'visits.csv', bytes: Buffer.from(text) }, { kind: 'visits' });
    expect((await csv('Дата;Клиент;Сумма\n01.11.2026;Анна;1500\n')).keepsExtra).toBe(false);
    expect((await csv('Дата;Клиент;Сумма;Мастер\n01.11.2026;Анна;1500;Ольга\n')).keepsExtra).toBe(true);
    const workbook = readFileSync(new URL('../../fixtures/spreadsheets/dates-1904.xlsx', import.meta.url));
    const read = await readRows({ name: 'visits.xlsx', bytes: workbook }, { kind: 'visits' });
    expect(read.keepsExtra).toBe(false);
    expect(read.detected).toMatchObject({ format: 'xlsx', sheet: 'Визиты' });
  });
});

describe('readRows of a journal of visits named without its bytes', () => {
  /** 2,600 rows; unreadable ones at known lines; phones in the spellings a journal has. */
  function journal(): { path: string; bad: Map<number, string> } {
    const lines = ['Дата;Клиент;Телефон;Сумма;Мастер'];
    const bad = new Map<number, string>();
    for (let line = 2; line <= 2_601; line++) {
      const phone = ['+7 912 345-67-89', '8 (916) 123-45-67', `+7 900 ${String(line).padStart(7, '0')}`][line % 3];
      if (line % 400 === 0) {
        lines.push(`31.02.2025;Клиент ${line};${phone};100;Ольга`);
        bad.set(line, 'Дата');
      } else if (line % 700 === 0) {
        lines.push(`01.02.2025;Клиент ${line};${phone};100;Ольга;лишнее`);
        bad.set(line, '');
      } else lines.push(`01.02.2025;Клиент ${line};${phone};1 500,00;Ольга`);
    }
    return { path: csvFile(`${lines.join('\n')}\n`, 'journal.csv'), bad };
  }

  it('streams typed rows in batches, in file order, each unreadable row a problem with its line and field', async () => {
    const { path, bad } = journal();
    const read = await readRows({ name: path }, { kind: 'visits', region: 'RU' });
    expect(read.keepsExtra).toBe(true);
    expect(read.detected).toMatchObject({ format: 'csv', delimiter: ';', dateStyle: 'dmy' });
    const batches = [];
    for await (const batch of read.batches) batches.push(batch);
    expect(batches.length).toBeGreaterThan(2);
    // Every line once, in file order: rows and problems of a batch before those of the next.
    const seen: number[] = [];
    for (const batch of batches) {
      const lines = [...batch.rows.map((r) => r.line), ...batch.problems.map((p) => p.line)].sort((a, b) => a - b);
      expect(lines[0]).toBeGreaterThan(seen[seen.length - 1] ?? 1);
      seen.push(...lines);
    }
    expect(seen).toEqual(Array.from({ length: 2_600 }, (_, i) => i + 2));
    const problems = batches.flatMap((b) => b.problems);
    expect(problems.map((p) => [p.line, p.field ?? ''])).toEqual([...bad]);
    expect(problems.find((p) => p.line === 400)?.reason).toEqual({ code: 'notADate', value: '31.02.2025' });
    const rows = batches.flatMap((b) => b.rows);
    expect(rows[0]).toMatchObject({ line: 2, dates: { date: '2025-02-01' }, money: { amount: 150_000 } });
    expect(rows[0]!.extra).toEqual({ Мастер: 'Ольга' });
    expect(read.sha256()).toBe(createHash('sha256').update(readFileSync(path)).digest('hex'));
  });

  it('numbers the phones where it reads them: each row’s ids name, through the numbers its batches bring, its phones', async () => {
    const { path } = journal();
    const read = await readRows({ name: path }, { kind: 'visits', region: 'RU' });
    const book = new NumberBook('RU');
    let rows = 0;
    for await (const batch of read.batches) {
      if (batch.numbers) book.learn(batch.numbers.firstNumber, batch.numbers.numbers);
      for (const row of batch.rows) {
        expect(row.phoneIds).toHaveLength(1);
        expect(book.numberOf(book.idOf(row, 0))).toBe(normalisePhone(row.phones[0]!, 'RU').value);
        rows++;
      }
    }
    expect(rows).toBe(2_600 - 9);
  });

  it('reads a journal given with its bytes whole, in one batch, as the same rows and problems', async () => {
    const { path } = journal();
    const streamed = await allRows(await readRows({ name: path }, { kind: 'visits', region: 'RU' }));
    const whole = await readRows({ name: path, bytes: readFileSync(path) }, { kind: 'visits' });
    expect(whole.keepsExtra).toBe(true);
    const all = await allRows(whole);
    expect(all.rows).toEqual(streamed.rows.map(({ phoneIds: _, nameHash: _hash, ...row }) => row));
    expect(all.problems).toEqual(streamed.problems);
  });

  it('settles the date style from the first rows it can read, after a sample’s worth of refused lines', async () => {
    // Ten thousand lines too wide make a first batch of problems only; the rows after them say month first.
    const refused = '01.02.2025;Анна;+79123456789;100;x;лишнее\n'.repeat(10_000);
    const rows = Array.from({ length: 5 }, (_, i) => `12/2${i}/2025;Анна;+79123456789;100;x`).join('\n');
    const path = csvFile(`Дата;Клиент;Телефон;Сумма;Мастер\n${refused}${rows}\n`, 'refused-first.csv');
    const read = await allRows(await readRows({ name: path }, { kind: 'visits', region: 'RU' }));
    expect(read.detected.dateStyle).toBe('mdy');
    expect(read.problems).toHaveLength(10_000);
    expect(read.rows.map((r) => r.dates.date)).toEqual([20, 21, 22, 23, 24].map((day) => `2025-12-${day}`));
  });

  it('reads a Windows-1251 journal longer than its head, wherever the head cuts its last line', async () => {
    // The head ends two letters into a client's name: `01.02.2026;Ив`, a lead byte and the start of another.
    const header = 'Дата;Клиент;Сумма;Заметка\n';
    const row = '01.02.2026;Иванова;100;\n';
    const cut = '01.02.2026;Ив'.length;
    const rows = Math.ceil(HEAD_BYTES / row.length) + 100;
    const filler = (HEAD_BYTES - cut - header.length - row.length) % row.length;
    const first = `01.02.2026;Иванова;100;${'x'.repeat(filler)}\n`;
    const text = header + first + row.repeat(rows);
    expect(text.indexOf('Ив', HEAD_BYTES - cut)).toBe(HEAD_BYTES - 2);
    const path = csvFile(iconv.encode(text, 'cp1251'), 'cp1251.csv');
    const read = await allRows(await readRows({ name: path }, { kind: 'visits', region: 'RU' }));
    expect(read.detected.encoding).toBe('cp1251');
    expect(read.problems).toEqual([]);
    expect(read.rows).toHaveLength(rows + 1);
    expect(read.rows.at(-1)!.text.client).toBe('Иванова');
  });

  it('refuses a vCard named as a journal, and names the file in an error about the whole of it', async () => {
    const card = csvFile(CARD, 'contacts.vcf');
    await expect(readRows({ name: card }, { kind: 'visits' })).rejects.toThrow(
      new InputError(`${card}: a vCard file; visits are read from CSV files and workbooks only`),
    );
    const nodate = csvFile('Клиент;Сумма\nАнна;100\n', 'nodate.csv');
    await expect(readRows({ name: nodate }, { kind: 'visits' })).rejects.toThrow(
      new InputError(`${nodate}: no column for date (headers: Клиент, Сумма); name it with --map "Header=date"`),
    );
  });
});
