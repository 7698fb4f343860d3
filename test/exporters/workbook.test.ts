import * as XLSX from '@e965/xlsx';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import {
  MAX_CELL_TEXT,
  MAX_CELLS,
  MAX_SHEET_ROWS,
  type Sheet,
  sheetName,
  tableSheet,
  WORKBOOK_TYPES,
  type WorkbookOptions,
  workbookTypeOf,
  writeWorkbook,
} from '../../src/exporters/workbook.js';
import { numberIn, useLanguage } from '../../src/i18n/index.js';
import type { TableData } from '../../src/render/types.js';

const LONG_NOTE = 'Просила перезвонить после отпуска, '.repeat(10).trim();

const visits: Sheet = {
  name: 'visits',
  rows: [
    ['date', 'client', 'phone', 'amount', 'score', 'share', 'note'],
    [
      { date: '2026-05-17' },
      'Иванова Мария',
      '89123456789',
      { minor: 123456789 },
      9,
      { fraction: 0.6667 },
      '=HYPERLINK("http://x")',
    ],
    [{ date: '1899-12-31' }, 'Петров', '+79261234567', { minor: -5 }, 0, null, LONG_NOTE],
    [{ date: '2026-02-30' }, '007', '', null, null, null, '  spaces kept  '],
  ],
};

const options = (type: WorkbookOptions['type'], dates: WorkbookOptions['dates'] = 'dotted'): WorkbookOptions => ({
  type,
  dates,
  file: `book.${type}`,
});

/** The cells of a sheet as SheetJS reads them back: types, values and number formats. */
function readBack(bytes: Buffer, sheet = 'visits') {
  const book = XLSX.read(bytes, { type: 'buffer', cellDates: true, cellNF: true, cellStyles: true, dense: true });
  return { book, sheet: book.Sheets[sheet]!, rows: book.Sheets[sheet]!['!data']! };
}

/** A part of the zip an .xlsx or .ods file is, as text. */
function part(bytes: Buffer, path: string): string {
  const zip = XLSX.CFB.read(bytes, { type: 'buffer' });
  const index = zip.FullPaths.indexOf(`${zip.FullPaths[0]}${path}`);
  expect(index, `${path} in the zip`).toBeGreaterThan(0);
  return Buffer.from(zip.FileIndex[index].content).toString('utf8');
}

describe('writeWorkbook: typed cells', () => {
  it.each(WORKBOOK_TYPES)('%s: dates are dates, amounts and shares numbers, phones and the rest text', async (type) => {
    const { rows } = readBack(await writeWorkbook([visits], options(type)));
    expect(rows[0]!.map((cell) => [cell.t, cell.v])).toEqual(
      ['date', 'client', 'phone', 'amount', 'score', 'share', 'note'].map((header) => ['s', header]),
    );
    const [date, client, phone, amount, score, share, note] = rows[1]!;
    expect(date!.t).toBe('d');
    expect((date!.v as Date).toISOString()).toBe('2026-05-17T00:00:00.000Z');
    expect(client).toMatchObject({ t: 's', v: 'Иванова Мария' });
    // Digits a spreadsheet would make a number of stay text.
    expect(phone).toMatchObject({ t: 's', v: '89123456789' });
    expect(amount).toMatchObject({ t: 'n', v: 1234567.89, z: '#,##0.00' });
    expect(score).toMatchObject({ t: 'n', v: 9 });
    expect(share).toMatchObject({ t: 'n', v: 0.6667, z: '0.00%' });
    expect(note).toMatchObject({ t: 's', v: '=HYPERLINK("http://x")' });
    expect(note!.f).toBeUndefined();
    const [oldDate, , plusPhone, negative, zero, noShare] = rows[2]!;
    // Before 1900-03-01 a spreadsheet has no such date: the text as stored.
    expect(oldDate).toMatchObject({ t: 's', v: '1899-12-31' });
    expect(plusPhone).toMatchObject({ t: 's', v: '+79261234567' });
    expect(negative).toMatchObject({ t: 'n', v: -0.05, z: '#,##0.00' });
    expect(zero).toMatchObject({ t: 'n', v: 0 });
    expect(noShare).toBeUndefined();
    const [noDay, zeros, empty, , , , spaces] = rows[3]!;
    expect(noDay).toMatchObject({ t: 's', v: '2026-02-30' });
    expect(zeros).toMatchObject({ t: 's', v: '007' });
    expect(empty).toBeUndefined();
    expect(spaces).toMatchObject({ t: 's', v: '  spaces kept  ' });
  });

  it('xlsx: a date cell is shown in the locale’s order, DD.MM.YYYY in Russian, else ISO', async () => {
    const dotted = readBack(await writeWorkbook([visits], options('xlsx', 'dotted'))).rows[1]![0]!;
    const iso = readBack(await writeWorkbook([visits], options('xlsx', 'iso'))).rows[1]![0]!;
    expect([dotted.z, dotted.w]).toEqual(['dd\\.mm\\.yyyy', '17.05.2026']);
    expect([iso.z, iso.w]).toEqual(['yyyy\\-mm\\-dd', '2026-05-17']);
  });

  it('ods: a date cell has a date style in the locale’s order, DD.MM.YYYY in Russian, else ISO', async () => {
    const style = async (dates: WorkbookOptions['dates']) => {
      const content = part(await writeWorkbook([visits], options('ods', dates)), 'content.xml');
      const cell =
        /<table:table-cell office:value-type="date" office:date-value="2026-05-17T[^"]*" table:style-name="(ce\d+)"/.exec(
          content,
        );
      const dataStyle = new RegExp(`style:name="${cell![1]}"[^>]*style:data-style-name="(N\\d+)"`).exec(content)![1];
      const dateStyle = new RegExp(`<number:date-style style:name="${dataStyle}">(.*?)</number:date-style>`).exec(
        content,
      )![1]!;
      return dateStyle
        .replace(/<number:(day|month|year)[^>]*\/>/g, '$1')
        .replace(/<number:text>(.)<\/number:text>/g, '$1');
    };
    expect(await style('dotted')).toBe('day.month.year');
    expect(await style('iso')).toBe('year-month-day');
  });

  it.each(WORKBOOK_TYPES)('%s: sheets in the order given, under their names', async (type) => {
    const clients: Sheet = { name: 'clients', rows: [['name'], ['Иванова Мария']] };
    const { book } = readBack(await writeWorkbook([clients, visits], options(type)));
    expect(book.SheetNames).toEqual(['clients', 'visits']);
  });
});

describe('writeWorkbook: the header frozen, the columns sized', () => {
  it('xlsx: each sheet’s first row is a frozen pane', async () => {
    const clients: Sheet = { name: 'clients', rows: [['name'], ['Иванова Мария']] };
    const bytes = await writeWorkbook([clients, visits], options('xlsx'));
    for (const path of ['xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml']) {
      expect(part(bytes, path)).toContain('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>');
    }
  });

  it('ods: each sheet’s first row is frozen in the view settings, which the manifest lists', async () => {
    const named: Sheet = { ...visits, name: 'Визиты & "сделки"' };
    const bytes = await writeWorkbook([{ name: 'clients', rows: [['name']] }, named], options('ods'));
    const settings = part(bytes, 'settings.xml');
    for (const name of ['clients', 'Визиты &amp; &quot;сделки&quot;']) {
      const entry = new RegExp(
        `<config:config-item-map-entry config:name="${name}">(.*?)</config:config-item-map-entry>`,
      ).exec(settings);
      expect(entry?.[1], name).toContain('<config:config-item config:name="VerticalSplitMode" config:type="short">2<');
      expect(entry?.[1], name).toContain(
        '<config:config-item config:name="VerticalSplitPosition" config:type="int">1<',
      );
      expect(entry?.[1], name).toContain('<config:config-item config:name="PositionBottom" config:type="int">1<');
    }
    expect(part(bytes, 'META-INF/manifest.xml')).toContain('manifest:full-path="settings.xml"');
    // The same name as the sheet's, escaped as its content escapes it.
    expect(part(bytes, 'content.xml')).toContain('<table:table table:name="Визиты &amp; &quot;сделки&quot;"');
  });

  it('xlsx: a column is as wide as its widest cell or header, a long note capped', async () => {
    const { sheet } = readBack(await writeWorkbook([visits], options('xlsx')));
    const widths = sheet['!cols']!.map((column) => column.wch);
    const [date, client, phone, amount, score, , note] = widths;
    expect(date).toBe(12);
    expect(client).toBe('Иванова Мария'.length + 2);
    expect(phone).toBe('+79261234567'.length + 2);
    // 1,234,567.89
    expect(amount).toBe(14);
    expect(score).toBe('score'.length + 2);
    expect(note).toBe(60);
  });

  it('ods: the columns have widths of their own, the note’s the widest', async () => {
    const content = part(await writeWorkbook([visits], options('ods')), 'content.xml');
    const widths = [...content.matchAll(/style:column-width="(\d+)px"/g)].map((match) => Number(match[1]));
    expect(widths).toHaveLength(7);
    expect(Math.max(...widths)).toBe(widths[6]);
    expect(widths[0]).toBeLessThan(widths[1]!);
  });
});

describe('writeWorkbook: what a workbook cannot hold is refused, naming sheet, row and column', () => {
  it('text longer than a cell holds', async () => {
    const sheet: Sheet = {
      name: 'clients',
      rows: [
        ['name', 'note'],
        ['Иванова', 'x'.repeat(MAX_CELL_TEXT + 1)],
      ],
    };
    await expect(writeWorkbook([sheet], options('xlsx'))).rejects.toThrow(
      new InputError(
        `book.xlsx: sheet clients, row 2, note: ${MAX_CELL_TEXT + 1} characters, more than a workbook cell holds (32767); use CSV instead`,
      ),
    );
  });

  it.each(WORKBOOK_TYPES)('%s: more cells than crm builds a workbook of in memory', async (type) => {
    const row = ['Иванова', '+79123456789', { date: '2026-05-17' }, { minor: 150000 }];
    const rows = Math.floor(MAX_CELLS[type] / row.length);
    const sheet: Sheet = {
      name: 'visits',
      rows: [['client', 'phone', 'date', 'amount'], ...Array.from({ length: rows }, () => row)],
    };
    await expect(writeWorkbook([sheet], options(type))).rejects.toThrow(
      new InputError(
        `book.${type}: ${(rows + 1) * row.length} cells (rows × columns) are more than crm writes into one .${type} workbook (${MAX_CELLS[type]}); use CSV instead`,
      ),
    );
  });

  it('more rows than a sheet holds', async () => {
    const row = [{ date: '2026-05-17' }];
    const sheet: Sheet = { name: 'visits', rows: [['date'], ...Array.from({ length: MAX_SHEET_ROWS }, () => row)] };
    await expect(writeWorkbook([sheet], options('ods'))).rejects.toThrow(
      /^book\.ods: sheet visits has 1048576 rows, more than a sheet holds \(1048575 under its header\); use CSV instead$/,
    );
  });
});

describe('writeWorkbook: its refusals in Russian', () => {
  afterEach(() => useLanguage('en'));
  /** A count as a Russian sentence writes it: `32 768`. */
  const ru = (count: number) => numberIn('ru', count);

  it('a cell too long, a column without a header, too many cells, too many rows', async () => {
    await useLanguage('ru');
    const long: Sheet = { name: 'clients', rows: [['name'], ['Иванова', 'x'.repeat(MAX_CELL_TEXT + 1)]] };
    await expect(writeWorkbook([long], options('xlsx'))).rejects.toThrow(
      new InputError(
        `book.xlsx: лист clients, строка 2, столбец 2: символов: ${ru(MAX_CELL_TEXT + 1)}, больше, чем помещается в ячейку книги (${ru(32_767)}); выгрузите в CSV`,
      ),
    );
    const wide: Sheet = { name: 'visits', rows: Array.from({ length: MAX_CELLS.ods / 2 + 1 }, () => ['a', 'b']) };
    await expect(writeWorkbook([wide], options('ods'))).rejects.toThrow(
      new InputError(
        `book.ods: ячеек (строки × столбцы): ${ru(MAX_CELLS.ods + 2)}, больше, чем crm пишет в одну книгу .ods (${ru(MAX_CELLS.ods)}); выгрузите в CSV`,
      ),
    );
    const tall: Sheet = { name: 'visits', rows: [['date'], ...Array.from({ length: MAX_SHEET_ROWS }, () => ['x'])] };
    await expect(writeWorkbook([tall], options('ods'))).rejects.toThrow(
      new InputError(
        `book.ods: на листе visits строк: ${ru(MAX_SHEET_ROWS)}, больше, чем помещается на лист (${ru(MAX_SHEET_ROWS - 1)} под заголовком); выгрузите в CSV`,
      ),
    );
  });
});

describe('tableSheet: a listing or report table, typed by its columns and rows', () => {
  it('types amounts (major units), shares and dates by kind; text that looks like a figure stays text', () => {
    const table: TableData = {
      columns: [
        { key: 'metric', header: 'metric', kind: 'text' },
        { key: 'now', header: '2026-10' },
        { key: 'date', header: 'date', kind: 'date' },
        { key: 'phone', header: 'phone', kind: 'phone' },
      ],
      rowKinds: ['money', 'percent', 'number'],
      rows: [
        { metric: 'revenue', now: 16500.5, date: '2026-10-01', phone: '89123456789' },
        { metric: '2026-10-01', now: 0.6667, date: '2026-10-01 10:00', phone: null },
        { metric: 'buyers', now: 12, date: '', phone: true },
      ],
    };
    expect(tableSheet('ноябрь', table)).toEqual({
      name: 'ноябрь',
      rows: [
        ['metric', '2026-10', 'date', 'phone'],
        ['revenue', { minor: 1650050 }, { date: '2026-10-01' }, '89123456789'],
        ['2026-10-01', { fraction: 0.6667 }, '2026-10-01 10:00', null],
        ['buyers', 12, null, 1],
      ],
    });
  });
});

describe('names', () => {
  it('sheetName: what a spreadsheet accepts as a sheet name', () => {
    expect(sheetName('ноябрь')).toBe('ноябрь');
    expect(sheetName("'отчёт: [март]/апрель?'")).toBe('отчёт   март  апрель');
    expect(sheetName('a'.repeat(40))).toBe('a'.repeat(31));
    expect(sheetName('History')).toBe('History 1');
    expect(sheetName(' * ')).toBe('crm');
  });

  it('workbookTypeOf: by the extension, in any case', () => {
    expect(workbookTypeOf('out/все.XLSX')).toBe('xlsx');
    expect(workbookTypeOf('book.ods')).toBe('ods');
    expect(workbookTypeOf('book.xls')).toBeUndefined();
    expect(workbookTypeOf('xlsx')).toBeUndefined();
  });
});
