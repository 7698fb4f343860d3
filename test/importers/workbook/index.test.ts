import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InputError, UsageError } from '../../../src/errors.js';
import type { CellGrid } from '../../../src/importers/grid.js';
import { allRows, readRows } from '../../../src/importers/read-rows.js';
import { typeGrid } from '../../../src/importers/record-file.js';
import { readWorkbook } from '../../../src/importers/workbook/index.js';

const sheets = (name: string) => ({
  name,
  bytes: readFileSync(new URL(`../../../fixtures/spreadsheets/${name}`, import.meta.url)),
});

const FORMATS = ['ods', 'xlsx', 'xls', 'fods'] as const;

describe('readRows on the workbooks Calc saves', () => {
  it.each(FORMATS)(
    'salon-edge.%s: clients from the sheet named so, below a title, merged header cells, typed cells',
    async (format) => {
      const read = await allRows(await readRows(sheets(`salon-edge.${format}`), { kind: 'clients' }));
      expect(read.detected).toMatchObject({
        format,
        sheet: 'Клиенты',
        // Row 4 holds ФИО and a "Контакты" merged over two columns; row 5 names them: Телефон, E-mail.
        headerRow: 5,
        hiddenRows: 1,
        dateStyle: 'dmy',
      });
      expect(read.detected.mapping?.map((m) => [m.header, m.field])).toEqual([
        ['ФИО', 'name'],
        ['Телефон', 'phone'],
        ['E-mail', 'email'],
        ['Дата рождения', 'birthday'],
        ['Источник', 'source'],
        ['Скидка', null],
      ]);
      expect(read.rows.map((r) => [r.line, r.name, r.phones.map((p) => p.value), r.birthday, r.extra])).toEqual([
        // A phone stored as a number comes back as its digits; a date cell is its date, whatever it shows (17.05.1990,
        // 3 ноября 1985, 02/03/01); a percent is its number.
        [6, 'Иванова Мария Петровна', ['79123456789'], '1990-05-17', { Скидка: '0.15' }],
        [7, 'Петров Сергей', ['+7 916 123-45-67'], '1985-11-03', { Скидка: '0.1' }],
        // The hidden row, whose birthday is text typed as 05.03.1979: read by the column's style.
        [8, 'Смирнова Елена', ['89031234567'], '1979-03-05', {}],
        [9, 'Кузнецов Алексей Игоревич', ['8 912 340-00-00'], '2001-02-03', {}],
      ]);
      expect(read.problems.map(({ cells: _, ...problem }) => problem)).toEqual([
        { line: 10, field: 'Дата рождения', reason: { code: 'notADate', value: '31.02.1990' } },
      ]);
    },
  );

  it.each(FORMATS)('salon-edge.%s: visits typed from their cells: currency, formulas, merged dates', async (format) => {
    const read = await allRows(await readRows(sheets(`salon-edge.${format}`), { kind: 'visits' }));
    expect(read.detected).toMatchObject({ format, sheet: 'Визиты', headerRow: 2, hiddenRows: 1 });
    expect(read.rows.map((r) => [r.line, r.dates.date, r.money.amount, r.phones, r.text.service])).toEqual([
      // 1 500,50 ₽: 1500.5 is 150050 kopecks, never 1 500 500 by a guess of the locale's separators.
      [3, '2026-11-03', 150050, ['79123456789'], 'Стрижка'],
      // The date merged down over two rows is each row's; =E3*2 gives its cached 3001.
      [4, '2026-11-03', 300100, ['+7 916 123-45-67'], 'Педикюр'],
      [5, '2026-11-05', 450000, ['89031234567'], 'Окрашивание'],
      // A date and an amount typed as text, as a CSV's are read.
      [6, '2026-11-06', 100000, ['8 912 340-00-00'], 'Укладка'],
      // =1000/3 shown with two decimals: 333,33, as the owner sees it.
      [7, '2026-11-07', 33333, ['79123456789'], 'Маникюр'],
    ]);
    expect(read.problems.map(({ cells: _, ...problem }) => problem)).toEqual([
      {
        line: 8,
        field: 'Сумма',
        reason: {
          code: 'badAmount',
          value: 'бесплатно',
          problem: { code: 'notAnAmount', text: 'бесплатно' },
        },
      },
    ]);
  });

  it.each(['fods', 'xlsx', 'xls'])(
    'dates-1904.%s: a workbook of the 1904 date system gives the same dates',
    async (format) => {
      const read = await allRows(await readRows(sheets(`dates-1904.${format}`), { kind: 'visits' }));
      expect(read.rows.map((r) => r.dates.date)).toEqual(['2026-11-03', '1999-12-31']);
      // Every date was a date cell: no day order was guessed, and none is reported.
      expect(read.detected.dateStyle).toBeUndefined();
    },
  );

  it.each([
    ['bitrix-contacts.xls', 'utf8'],
    ['bitrix-contacts-cp1251.xls', 'cp1251'],
  ])('%s: a Bitrix24 "Excel" export (an HTML table) is read as text, as its CSV is', async (name, encoding) => {
    const read = await allRows(await readRows(sheets(name), { kind: 'clients' }));
    expect(read.detected).toMatchObject({ format: 'html', encoding, headerRow: 1 });
    expect(read.detected.sheet).toBeUndefined();
    expect(read.rows.map((r) => [r.line, r.phones.map((p) => p.value), r.birthday, r.created, r.note])).toEqual([
      [2, ['+7 912 345-67-89'], '1990-05-17', '2026-01-12', 'Аллергия на латекс\nзвонить после 18:00'],
      [
        3,
        ['+7 916 123-45-67', '89161112233', '+7 (495) 123-45-67'],
        undefined,
        '2026-01-15',
        'ООО "Ромашка" & партнёры',
      ],
      [4, ['89031234567'], '1979-03-05', '2026-02-03', undefined],
    ]);
    expect(read.problems.map(({ cells: _, ...problem }) => problem)).toEqual([
      { line: 5, field: 'Дата рождения', reason: { code: 'notADate', value: '31.02.1990' } },
    ]);
  });
});

describe('choosing the sheet', () => {
  it('takes the sheet named after the kind, else the first whose header names a field of it (not a note sheet); --sheet names one by name or number from 1', async () => {
    const file = sheets('salon-edge.xlsx');
    const sheet = async (kind: 'clients' | 'visits' | 'nps', chosen?: string) =>
      (await readWorkbook(file, 'xlsx', { kind, sheet: chosen })).detected.sheet;
    expect(await sheet('clients')).toBe('Клиенты');
    expect(await sheet('visits')).toBe('Визиты');
    // Справка, first, is a note: the first sheet whose header names a field of an answer (a client's) is taken.
    expect(await sheet('nps')).toBe('Клиенты');
    expect(await sheet('clients', 'визиты')).toBe('Визиты');
    expect(await sheet('clients', '3')).toBe('Визиты');
    await expect(sheet('clients', 'Сделки')).rejects.toThrow(
      new UsageError("salon-edge.xlsx: no sheet 'Сделки' (sheets: Справка, Клиенты, Визиты, Пусто)"),
    );
    await expect(sheet('clients', '5')).rejects.toThrow(UsageError);
  });

  it('refuses an empty sheet and a workbook without sheets in one line', async () => {
    await expect(readRows(sheets('salon-edge.ods'), { kind: 'visits', settings: { sheet: 'Пусто' } })).rejects.toThrow(
      new InputError(
        'salon-edge.ods: sheet "Пусто" is empty (sheets: Справка, Клиенты, Визиты, Пусто; choose one with --sheet)',
      ),
    );
    const noSheets = Buffer.from(
      '<?xml version="1.0"?><office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"><office:body><office:spreadsheet/></office:body></office:document>',
    );
    await expect(readRows({ name: 'none.fods', bytes: noSheets }, { kind: 'clients' })).rejects.toThrow(
      new InputError('none.fods: the flat OpenDocument spreadsheet (.fods) has no sheets'),
    );
  });
});

describe('the used range of a sheet', () => {
  it('is the cells that exist, whatever range the sheet claims (a format applied to whole rows)', async () => {
    const XLSX = await import('@e965/xlsx');
    // visits.xlsx with its sheet's dimension widened to every row and column Excel has.
    const zip = XLSX.CFB.read(sheets('visits.xlsx').bytes, { type: 'buffer' });
    const part = XLSX.CFB.find(zip, '/xl/worksheets/sheet1.xml')!;
    const xml = Buffer.from(part.content as Uint8Array).toString('utf8');
    part.content = Buffer.from(xml.replace(/<dimension ref="[^"]*"/, '<dimension ref="A1:XFD1048576"'));
    const bytes = XLSX.CFB.write(zip, { type: 'buffer', fileType: 'zip' }) as Buffer;
    const started = performance.now();
    const read = await allRows(await readRows({ name: 'wide.xlsx', bytes }, { kind: 'visits' }));
    expect(read.rows).toHaveLength(30);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe('workbooks that cannot be read', () => {
  it('names the file and says why, in one line: damaged, password-protected, too big', async () => {
    await expect(readRows(sheets('damaged.xlsx'), { kind: 'clients' })).rejects.toThrow(
      /^damaged\.xlsx: cannot be read as Excel workbook: the file is damaged or not what its name says \(.+\)$/,
    );
    await expect(readRows(sheets('password.xlsx'), { kind: 'visits' })).rejects.toThrow(
      /^password\.xlsx: the workbook is protected by a password: save a copy without one/,
    );
    const huge = Buffer.concat([sheets('clients.xlsx').bytes, Buffer.alloc(11 * 1024 * 1024)]);
    await expect(readRows({ name: 'huge.xlsx', bytes: huge }, { kind: 'clients' })).rejects.toThrow(
      /^huge\.xlsx: 11 MB is more than crm reads from a workbook at once \(10 MB for Excel workbook\); save the sheet as CSV/,
    );
  });
});

describe('typed cells and the column guesses', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  const grid = (rows: CellGrid['rows']): CellGrid => ({
    detected: { format: 'xlsx', sheet: 'Визиты', headerRow: 1 },
    headers: ['Дата', 'Клиент', 'Сумма'],
    rows,
    problems: [],
  });

  it('a date cell does not sway how the dates typed as text are read', () => {
    vi.stubEnv('LANG', 'en_US.UTF-8');
    vi.stubEnv('LC_ALL', '');
    const read = typeGrid(
      grid([
        { line: 2, cells: ['2026-11-03', 'Ann', '10'], typed: ['date', undefined, 'number'] },
        { line: 3, cells: ['2026-11-04', 'Ann', '10'], typed: ['date', undefined, 'number'] },
        { line: 4, cells: ['05/03/2026', 'Ann', '10'] },
      ]),
      'visits',
    );
    // Two ISO dates would have made the column year-first, and 05/03 the 5th of March; in a US locale it is May.
    expect(read.rows.map((r) => r.dates.date)).toEqual(['2026-11-03', '2026-11-04', '2026-05-03']);
    expect(read.detected.dateStyle).toBe('mdy');
  });

  it('a number cell is read with its point, whatever separator the text amounts of its column use', () => {
    const read = typeGrid(
      grid([
        { line: 2, cells: ['2026-11-03', 'Ann', '1.25'], typed: ['date', undefined, 'number'] },
        { line: 3, cells: ['2026-11-03', 'Ann', '1.125'], typed: ['date', undefined, 'number'] },
        { line: 4, cells: ['2026-11-03', 'Ann', '1 500,50'], typed: ['date', undefined, undefined] },
        { line: 5, cells: ['45964', 'Ann', '7'], typed: ['number', undefined, 'number'] },
      ]),
      'visits',
      {},
      { locale: 'ru-RU' },
    );
    expect(read.rows.map((r) => [r.line, r.dates.date, r.money.amount])).toEqual([
      [2, '2026-11-03', 125],
      [4, '2026-11-03', 150050],
      // A number in a date column is a date cell formatted as a number: its serial day.
      [5, '2025-11-03', 700],
    ]);
    // 1.125 would have been 1 125 by a Russian guess; it is one and an eighth, which money cannot hold.
    expect(read.problems.map(({ cells: _, ...problem }) => problem)).toEqual([
      {
        line: 3,
        field: 'Сумма',
        reason: { code: 'badAmount', value: '1.125', problem: { code: 'tooManyFractionDigits', text: '1.125' } },
      },
    ]);
  });
});
