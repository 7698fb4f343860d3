import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { allRows, detectFormat, readRows } from '../../src/importers/read-rows.js';

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
