import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { detectFormat, readRows } from '../../src/importers/read-rows.js';

const bytesOf = (name: string) => readFileSync(new URL(`../../fixtures/spreadsheets/${name}`, import.meta.url));

/** The first bytes of an OpenDocument file: its `mimetype` entry, stored first and uncompressed. */
function odfHead(mimetype: string): Buffer {
  return Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26), Buffer.from(`mimetype${mimetype}`)]);
}

describe('detectFormat', () => {
  it('knows a workbook by its content, whatever it is called', () => {
    expect(detectFormat({ name: 'journal.csv', bytes: bytesOf('visits.xlsx') })).toBe('xlsx');
    expect(detectFormat({ name: 'journal', bytes: bytesOf('visits.ods') })).toBe('ods');
    expect(detectFormat({ name: 'journal.xlsx', bytes: bytesOf('visits.xls') })).toBe('xls');
    expect(detectFormat({ name: 'journal.txt', bytes: bytesOf('visits.fods') })).toBe('fods');
    expect(detectFormat({ name: 'contacts.xls', bytes: bytesOf('bitrix-contacts.xls') })).toBe('html');
    expect(detectFormat({ name: 'contacts.xls', bytes: bytesOf('bitrix-contacts-cp1251.xls') })).toBe('html');
  });

  it('reads text under a workbook name as text, and takes the format the user forced', () => {
    const tsv = Buffer.from('Дата\tКлиент\tСумма\n01.11.2026\tАнна\t1500\n');
    expect(detectFormat({ name: 'export.xls', bytes: tsv })).toBe('csv');
    expect(detectFormat({ name: 'journal.xlsx', bytes: bytesOf('visits.xlsx') }, 'csv')).toBe('csv');
  });

  it('names an office file that is no spreadsheet', () => {
    expect(() =>
      detectFormat({ name: 'letter.ods', bytes: odfHead('application/vnd.oasis.opendocument.text') }),
    ).toThrow(new InputError('an OpenDocument text, not a spreadsheet'));
    const docx = Buffer.concat([
      Buffer.from([0x50, 0x4b, 0x03, 0x04]),
      Buffer.alloc(26),
      Buffer.from('word/document.xml'),
    ]);
    expect(() => detectFormat({ name: 'letter.xlsx', bytes: docx })).toThrow(
      new InputError('a Word or PowerPoint document, not a spreadsheet'),
    );
  });

  it('calls binary bytes under a workbook name a damaged workbook, not a CSV file', async () => {
    const garbage = Buffer.from([1, 2, 3, 0, 0, 0, 7, 8, 9]);
    expect(detectFormat({ name: 'clients.xlsx', bytes: garbage })).toBe('xlsx');
    await expect(readRows({ name: 'clients.xlsx', bytes: garbage }, { kind: 'clients' })).rejects.toThrow(
      new InputError('clients.xlsx: not a readable Excel workbook: the file is damaged or not what its name says'),
    );
  });
});
