import { readFileSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { InputError, UsageError } from '../../src/errors.js';
import { readCsv, sniffDelimiter } from '../../src/importers/csv.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/clients/${name}`, import.meta.url));
const utf8 = (text: string) => Buffer.from(text, 'utf8');
const NBSP = '\u00A0';

function readText(text: string) {
  return readCsv(utf8(text));
}

function expectInputError(run: () => unknown, message: string) {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(InputError);
  expect((caught as Error).message).toBe(message);
}

describe('sniffDelimiter', () => {
  it('picks the candidate the header has most of', () => {
    expect(sniffDelimiter('ФИО;Телефон;E-mail\n1,5;2,5;3\n')).toBe(';');
    expect(sniffDelimiter('Name,Phone,Email\r\n')).toBe(',');
    expect(sniffDelimiter('Name\tPhone\tEmail, work\n')).toBe('\t');
  });

  it('does not count delimiters inside quotes, including escaped quotes and quoted line breaks', () => {
    expect(sniffDelimiter('"Откуда узнал; канал","Имя, фамилия","a ""; "" b",x\n')).toBe(',');
    expect(sniffDelimiter('"Примечание\n,,,,,";Телефон;Имя\n')).toBe(';');
  });

  it('looks at the header only, skipping blank lines before it', () => {
    expect(sniffDelimiter('\n\r\n  \nName;Phone\na,b,c,d,e\n')).toBe(';');
  });

  it('reads a single-column file with a comma', () => {
    expect(sniffDelimiter('Телефон\n+79123456789\n')).toBe(',');
    expect(sniffDelimiter('')).toBe(',');
  });

  it('breaks ties towards tab, then semicolon, then comma', () => {
    expect(sniffDelimiter('a;b,c\n')).toBe(';');
    expect(sniffDelimiter('a\tb,c\n')).toBe('\t');
    expect(sniffDelimiter('a\tb;c\n')).toBe('\t');
  });
});

describe('readCsv on exported files', () => {
  it('reads LibreOffice Calc, Windows-1251, every text cell quoted', () => {
    const table = readCsv(fixture('csv-calc-cp1251.csv'));
    expect(table.detected).toEqual({
      format: 'csv',
      encoding: 'cp1251',
      bom: false,
      delimiter: ';',
      lineEndings: 'lf',
    });
    expect(table.headers).toEqual([
      'ФИО',
      'Телефон',
      'E-mail',
      'Дата рождения',
      'Источник',
      'Метки',
      'Примечание',
      'Сумма покупок',
      'Любимый мастер',
    ]);
    expect(table.problems).toEqual([]);
    expect(table.rows.map((r) => r.line)).toEqual([2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(table.rows[0]!.cells).toEqual([
      'Иванова Мария Петровна',
      '8 (912) 345-67-89',
      'maria.ivanova@mail.ru',
      '17.05.1990',
      'Instagram',
      'VIP, постоянный',
      'Аллергия на латекс',
      `12${NBSP}500,00`,
      'Ольга',
    ]);
    expect(table.rows[2]!.cells).toEqual([
      'Смирнова Елена',
      '89031234567',
      'elena.smirnova@yandex.ru',
      '',
      'Яндекс.Карты',
      'новый',
      'Просила напомнить\nо записи за день',
      `3${NBSP}200,50`,
      'Ольга',
    ]);
    const kuznetsov = table.rows[3]!;
    expect(kuznetsov.line).toBe(6);
    expect(kuznetsov.cells[1]).toBe('7.91234E+10');
    expect(kuznetsov.cells[6]).toBe('Звонить после 18:00; по выходным не беспокоить');
    expect(kuznetsov.cells[8]).toBe('');
    expect(table.rows[4]!.cells.slice(0, 4)).toEqual([
      'Соколова Дарья',
      '79261234567',
      'dasha.sokolova@gmail.com',
      '29.02.1992',
    ]);
    expect(table.rows[5]!.cells[3]).toBe('31.02.1990');
    expect(table.rows[6]!).toEqual({
      line: 9,
      cells: ['', '', '', '', 'Instagram', '', 'Пришла по акции', '', ''],
    });
    expect(table.rows[9]!.cells[6]).toBe('Подарочный сертификат "на 3000"');
    expect(table.rows[11]!.cells[0]).toBe('Фёдорова Ксения');
  });

  it('reads Excel "CSV UTF-8": BOM stripped from the first header, CRLF, an empty row skipped', () => {
    const table = readCsv(fixture('csv-excel-utf8bom.csv'));
    expect(table.detected).toEqual({ format: 'csv', encoding: 'utf8', bom: true, delimiter: ';', lineEndings: 'crlf' });
    expect(table.headers).toEqual([
      'Фамилия',
      'Имя',
      'Отчество',
      'Телефон',
      'Почта',
      'Клиент с',
      'Теги',
      'Комментарий',
    ]);
    expect(table.headers[0]!.charCodeAt(0)).not.toBe(0xfeff);
    expect(table.rows.map((r) => r.line)).toEqual([2, 3, 4, 5, 7, 9]);
    expect(table.rows[1]!.cells).toEqual(['Петров', 'Сергей', '', '89161234567', '', '05.03.2024', '', '']);
    expect(table.rows[2]!.cells[7]).toBe('Записывается онлайн; платит картой');
    expect(table.rows[3]!.cells[7]).toBe('Любит кофе\nбез сахара');
    expect(table.rows[4]!.cells[6]).toBe('VIP, новый');
    expect(table.rows[5]!.cells).toEqual([
      'Белов',
      'Артём',
      'Андреевич',
      '+7 (921) 765-43-21',
      'artem.belov@yandex.ru',
      '30.06.2023',
      '',
      'Говорит: "перезвоню сам"',
    ]);
    expect(table.problems).toEqual([]);
  });

  it('reads an English comma file with quoted commas and trailing empty lines', () => {
    const table = readCsv(fixture('csv-english-comma.csv'));
    expect(table.detected).toEqual({
      format: 'csv',
      encoding: 'utf8',
      bom: false,
      delimiter: ',',
      lineEndings: 'crlf',
    });
    expect(table.headers).toEqual(['Name', 'Phone', 'Email', 'Birthday', 'Source', 'Tags', 'Notes', 'Company']);
    expect(table.rows.map((r) => r.line)).toEqual([2, 3, 4, 5, 6]);
    expect(table.rows[0]!.cells).toEqual([
      'Smith, John',
      '+1 (415) 555-0132',
      'john.smith@example.com',
      '25/12/1984',
      'Google Ads',
      'vip, regular',
      'Prefers email, not calls',
      'Acme Inc.',
    ]);
    expect(table.rows[1]!.cells[7]).toBe('Doe & Partners, LLC');
    expect(table.rows[2]!.cells[0]).toBe('Олег Сидоров');
    expect(table.rows[3]!.cells).toEqual([
      "O'Brien, Patrick",
      '',
      'pat.obrien@example.ie',
      '',
      'Website',
      '',
      'Said "call me Paddy"',
      '',
    ]);
    expect(table.problems).toEqual([]);
  });

  it('reads a Google Contacts export with multi-line cells', () => {
    const table = readCsv(fixture('csv-google-contacts.csv'));
    expect(table.detected).toMatchObject({ encoding: 'utf8', bom: false, delimiter: ',', lineEndings: 'crlf' });
    expect(table.headers).toHaveLength(36);
    expect(table.headers.slice(14, 25)).toEqual([
      'Notes',
      'Photo',
      'Labels',
      'E-mail 1 - Label',
      'E-mail 1 - Value',
      'E-mail 2 - Label',
      'E-mail 2 - Value',
      'Phone 1 - Label',
      'Phone 1 - Value',
      'Phone 2 - Label',
      'Phone 2 - Value',
    ]);
    expect(table.rows.map((r) => r.line)).toEqual([2, 3, 4, 9, 10]);
    const cell = (row: number, header: string) => table.rows[row]!.cells[table.headers.indexOf(header)];
    expect(cell(0, 'First Name')).toBe('Мария');
    expect(cell(0, 'Labels')).toBe('* myContacts ::: * starred ::: VIP');
    expect(cell(1, 'Phone 1 - Value')).toBe('+7 916 123-45-67 ::: +7 916 765-43-21');
    expect(cell(2, 'Notes')).toBe('Просила не звонить\nдо 10 утра');
    expect(cell(2, 'Address 1 - Formatted')).toBe('ул. Ленина, 5\nЕкатеринбург\n620000\nРоссия');
    expect(cell(3, 'First Name')).toBe('');
    expect(cell(3, 'Phone 1 - Value')).toBe('+79261234567');
    expect(table.problems).toEqual([]);
  });

  it('reads an Outlook export in the ANSI code page, every field quoted', () => {
    const table = readCsv(fixture('csv-outlook.csv'));
    expect(table.detected).toEqual({
      format: 'csv',
      encoding: 'cp1251',
      bom: false,
      delimiter: ',',
      lineEndings: 'crlf',
    });
    expect(table.headers).toHaveLength(92);
    expect(table.headers.slice(0, 4)).toEqual(['Title', 'First Name', 'Middle Name', 'Last Name']);
    expect(table.headers[91]).toBe('Web Page');
    expect(table.rows.map((r) => r.line)).toEqual([2, 3, 5, 6]);
    const cell = (row: number, header: string) => table.rows[row]!.cells[table.headers.indexOf(header)];
    expect(cell(1, 'First Name')).toBe('Мария');
    expect(cell(1, 'Notes')).toBe('Аллергия на латекс\nЗаписывать к Ольге');
    expect(cell(1, 'E-mail Display Name')).toBe('Мария Иванова (maria.ivanova@mail.ru)');
    expect(cell(2, 'Birthday')).toBe('0.0.00');
    expect(cell(3, 'Company')).toBe('Doe & Partners, LLC');
    expect(table.problems).toEqual([]);
  });

  it('reads Excel "Unicode text": UTF-16LE, tabs, quoted tab and line break', () => {
    const table = readCsv(fixture('csv-excel-unicode.txt'));
    expect(table.detected).toEqual({
      format: 'csv',
      encoding: 'utf16le',
      bom: true,
      delimiter: '\t',
      lineEndings: 'crlf',
    });
    expect(table.headers).toEqual(['ФИО', 'Телефон', 'E-mail', 'Дата рождения', 'Примечание']);
    expect(table.rows).toEqual([
      {
        line: 2,
        cells: [
          'Иванова Мария Петровна',
          '+7 912 345-67-89',
          'maria.ivanova@mail.ru',
          '17.05.1990',
          'Аллергия на латекс',
        ],
      },
      { line: 3, cells: ['Петров Сергей', '8 916 123 45 67', '', '03.11.1985', ''] },
      { line: 4, cells: ['Ёлкина Алёна', '+79031112233', 'alena@example.ru', '', 'Две строки\nв одной ячейке'] },
      { line: 6, cells: ['Zhang Wei 张伟', '+86 138 0013 8000', 'zhang.wei@example.cn', '08.08.1988', 'Tab\tinside'] },
    ]);
  });

  it('reads mixed \\n and \\r\\n line endings without stray \\r', () => {
    const table = readCsv(fixture('csv-mixed-endings.csv'));
    expect(table.detected.lineEndings).toBe('mixed');
    expect(table.headers).toEqual(['Name', 'Phone', 'Email']);
    expect(table.rows).toEqual([
      { line: 2, cells: ['Анна Кузнецова', '+7 912 111-22-33', 'anna@example.ru'] },
      { line: 3, cells: ['Boris Ivanov', '+7 912 222-33-44', 'boris@example.com'] },
      { line: 4, cells: ['Вера\nПетрова', '+7 912 333-44-55', 'vera@example.ru'] },
      { line: 6, cells: ['Глеб Орлов', '+7 912 444-55-66', ''] },
    ]);
    for (const row of table.rows) for (const cell of row.cells) expect(cell).not.toContain('\r');
  });

  it('returns the rows before an unterminated quote and reports the line where it opened', () => {
    const table = readCsv(fixture('csv-unterminated-quote.csv'));
    expect(table.headers).toEqual(['ФИО', 'Телефон', 'Примечание']);
    expect(table.rows).toEqual([
      { line: 2, cells: ['Иванова Мария', '+7 912 345-67-89', 'Постоянная'] },
      { line: 3, cells: ['Петров Сергей', '+7 916 123-45-67', ''] },
    ]);
    expect(table.problems).toEqual([{ line: 5, reason: { code: 'unclosedQuote' } }]);
  });

  it('refuses binary data', () => {
    expectInputError(() => readCsv(fixture('csv-binary-garbage.csv')), 'binary data, not a text CSV file');
  });

  it('refuses an empty file', () => {
    expect(fixture('csv-empty.csv')).toHaveLength(0);
    expectInputError(() => readCsv(fixture('csv-empty.csv')), 'empty file');
  });
});

describe('readCsv on the visits, deals and NPS files', () => {
  const other = (path: string) => readCsv(readFileSync(new URL(`../../fixtures/${path}`, import.meta.url)));

  it('reads the Calc visits file', () => {
    const table = other('visits/visits-calc-ru.csv');
    expect(table.detected).toMatchObject({ encoding: 'cp1251', delimiter: ';', lineEndings: 'lf' });
    expect(table.headers).toEqual(['Дата', 'Клиент', 'Телефон', 'Услуга', 'Сумма', 'Примечание']);
    expect(table.rows).toHaveLength(30);
    expect(table.rows.every((r) => /^\d\d\.\d\d\.2026$/.test(r.cells[0]!))).toBe(true);
    expect(table.rows.find((r) => r.cells[5]!.includes('\n'))?.cells[5]).toBe('Перенос с 12:00\nна 15:00');
    expect(table.rows.at(-1)!.line).toBe(32);
    expect(table.problems).toEqual([]);
  });

  it('reads the English visits, the deals and the NPS files', () => {
    const visits = other('visits/visits-english.csv');
    expect(visits.detected).toMatchObject({ encoding: 'utf8', bom: false, delimiter: ',', lineEndings: 'crlf' });
    expect(visits.rows).toHaveLength(10);
    expect(visits.rows[3]!.cells).toEqual([
      '17/02/2026',
      'Smith, John',
      '+1 (415) 555-0132',
      'Colouring',
      '1,250.00',
      'Paid by card, tip included',
    ]);
    const deals = other('deals/deals-ru.csv');
    expect(deals.detected).toMatchObject({ encoding: 'utf8', bom: true, delimiter: ';', lineEndings: 'crlf' });
    expect(deals.rows.map((r) => r.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(deals.rows[5]!.cells[11]).toBe('Выбрала салон ближе к дому; вернётся осенью');
    const nps = other('nps/nps-ru.csv');
    expect(nps.headers).toEqual(['Дата', 'Клиент', 'Телефон', 'Оценка', 'Что улучшить', 'Что понравилось']);
    expect(nps.rows.map((r) => r.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 11, 12]);
    expect(nps.rows[7]!.cells[5]).toBe('Макияж держался\nвесь вечер');
  });
});

describe('readCsv edge cases', () => {
  it('returns no rows for a header-only file', () => {
    const table = readText('ФИО;Телефон\r\n');
    expect(table.headers).toEqual(['ФИО', 'Телефон']);
    expect(table.rows).toEqual([]);
    expect(table.problems).toEqual([]);
  });

  it('treats a file of blank lines, or of a BOM alone, as empty', () => {
    expectInputError(() => readText('\n\r\n   \n;;;\n'), 'empty file');
    expectInputError(() => readCsv(Buffer.from([0xef, 0xbb, 0xbf])), 'empty file');
  });

  it('pads short rows, drops empty extra cells, and rejects rows with more values than headers', () => {
    const table = readText('a;b;c\n1\n1;2;3;;\n1;2;3;4\n1;2;3;;5;\n9;8;7\n');
    expect(table.rows).toEqual([
      { line: 2, cells: ['1', '', ''] },
      { line: 3, cells: ['1', '2', '3'] },
      { line: 6, cells: ['9', '8', '7'] },
    ]);
    expect(table.problems).toEqual([
      { line: 4, reason: { code: 'tooManyCells', cells: 4, header: 3 } },
      { line: 5, reason: { code: 'tooManyCells', cells: 5, header: 3 } },
    ]);
  });

  it('skips blank rows and counts their lines', () => {
    const table = readText('a,b\n\n , \n1,2\n\n\n3,"x\n\ny"\n,\n4,5');
    expect(table.rows).toEqual([
      { line: 4, cells: ['1', '2'] },
      { line: 7, cells: ['3', 'x\n\ny'] },
      { line: 11, cells: ['4', '5'] },
    ]);
  });

  it('names unnamed columns and makes duplicate headers unique', () => {
    const table = readText('Телефон; ;Телефон;телефон;;Column 2\n1;2;3;4;5;6\n');
    expect(table.headers).toEqual(['Телефон', 'Column 2', 'Телефон (2)', 'телефон (3)', 'Column 5', 'Column 2 (2)']);
  });

  it('drops trailing unnamed columns that stay empty (rows padded with delimiters)', () => {
    expect(readText('a;b;;\n1;2;;\n3;4;;\n').headers).toEqual(['a', 'b']);
    expect(readText('a;b;;\n1;2;;\n3;4;;\n').rows[1]!.cells).toEqual(['3', '4']);
    expect(readText('a;b;;\n1;2;;x\n').headers).toEqual(['a', 'b', 'Column 3', 'Column 4']);
  });

  it('trims cells, no-break spaces included', () => {
    expect(readText(`a;b\n  x ;${NBSP}y${NBSP}\t\n`).rows[0]!.cells).toEqual(['x', 'y']);
  });

  it('strips the CSV-injection guard our exporter writes', () => {
    const table = readText(`a;b;c;d;e;f;g;h\n"'=SUM(A1)";'+7 912;'-5;'@home;"it's";'abc;"'\tindented";"'\r\nline"\n`);
    expect(table.rows[0]!.cells).toEqual(['=SUM(A1)', '+7 912', '-5', '@home', "it's", "'abc", 'indented', 'line']);
  });

  it('never leaves a BOM on the first header', () => {
    const doubled = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]), utf8('Name;Phone\nA;1\n')]);
    expect(readCsv(doubled).headers).toEqual(['Name', 'Phone']);
    expect(readText('\uFEFF"Name";Phone\n').headers).toEqual(['Name', 'Phone']);
  });

  it('reads old Mac line endings', () => {
    const table = readText('a;b\r1;2\r3;4\r');
    expect(table.detected.lineEndings).toBe('cr');
    expect(table.rows).toEqual([
      { line: 2, cells: ['1', '2'] },
      { line: 3, cells: ['3', '4'] },
    ]);
  });

  it('tells line endings and the delimiter apart from quotes the way the parser reads them', () => {
    const text = 'Имя "ник";Телефон\r\n5" экран;"a\nb"\r\n1;2\r\n';
    expect(sniffDelimiter(text)).toBe(';');
    const table = readText(text);
    expect(table.detected.lineEndings).toBe('crlf');
    expect(table.rows).toEqual([
      { line: 2, cells: ['5" экран', 'a\nb'] },
      { line: 4, cells: ['1', '2'] },
    ]);
  });

  it("reports 'none' for a file without line breaks", () => {
    expect(readText('a;b').detected.lineEndings).toBe('none');
  });

  it('keeps a quote inside an unquoted cell as text', () => {
    expect(readText('a;b\nИван "Ваня" Петров;5" экран\n').rows[0]!.cells).toEqual(['Иван "Ваня" Петров', '5" экран']);
  });

  it('reports the line where an unterminated quote opened, not where its record began', () => {
    const table = readText('a;b\n"x\ny";"open\nmore\nlines\n');
    expect(table.rows).toEqual([]);
    expect(table.problems).toEqual([{ line: 3, reason: { code: 'unclosedQuote' } }]);
  });

  it('refuses a header that never closes its quote', () => {
    expectInputError(() => readText('\n"ФИО;Телефон\n1;2\n'), 'unterminated quoted field in the header (line 2)');
  });

  it('honours a forced delimiter and encoding', () => {
    const calc = fixture('csv-calc-cp1251.csv');
    expect(readCsv(calc, { delimiter: ',' }).headers[0]).toBe(
      '"ФИО";"Телефон";"E-mail";"Дата рождения";"Источник";"Метки";"Примечание";"Сумма покупок";"Любимый мастер"',
    );
    expect(readCsv(utf8('a\tb;c\n1\t2;3\n'), { delimiter: 'tab' }).rows[0]!.cells).toEqual(['1', '2;3']);
    expect(readCsv(utf8('a|b\n1|2\n'), { delimiter: '|' }).rows[0]!.cells).toEqual(['1', '2']);
    const koi = readCsv(iconv.encode('Имя;Телефон\nМария;1\n', 'koi8-r'), { encoding: 'koi8-r' });
    expect(koi.detected.encoding).toBe('koi8-r');
    expect(koi.rows[0]!.cells).toEqual(['Мария', '1']);
    expect(() => readCsv(calc, { delimiter: ';;' })).toThrow(UsageError);
  });

  it('reads a 1 MB single line quickly', () => {
    const header = Array.from({ length: 100_000 }, (_, i) => `h${i}`).join(';');
    expect(header.length).toBeGreaterThan(500_000);
    const row = Array.from({ length: 100_000 }, () => 'значение').join(';');
    const started = performance.now();
    const table = readText(`${header}\n${row}`);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(table.headers).toHaveLength(100_000);
    expect(table.headers[99_999]).toBe('h99999');
    expect(table.rows).toHaveLength(1);
    expect(table.rows[0]!.cells[99_999]).toBe('значение');
  });

  it('reads a 1 MB quoted cell with delimiters, quotes and line breaks inside', () => {
    const chunk = 'текст; "цитата", ещё\n';
    const big = chunk.repeat(Math.ceil(1_048_576 / chunk.length));
    const text = `Имя;Примечание;Телефон\nМария;"${big.replace(/"/g, '""')}";+7 912\nСергей;;+7 916\n`;
    const started = performance.now();
    const table = readText(text);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(table.rows[0]!.cells[1]).toBe(big.trim());
    expect(table.rows[0]!.cells[2]).toBe('+7 912');
    const lineFeeds = big.split('\n').length - 1;
    expect(table.rows[1]).toEqual({ line: 3 + lineFeeds, cells: ['Сергей', '', '+7 916'] });
  });
});

describe('readCsv properties', () => {
  const csvish = fc.string({
    unit: fc.constantFrom('a', 'я', ' ', ';', ',', '\t', '"', "'", '=', '\n', '\r', '\u00A0', '\uFEFF', '\u0000', '1'),
    maxLength: 200,
  });

  it('throws nothing but InputError on arbitrary text', () => {
    fc.assert(
      fc.property(csvish, (text) => {
        try {
          readText(text);
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('throws nothing but InputError on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        try {
          readCsv(Buffer.from(bytes));
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('reads back any table csv-stringify writes, cell for cell (trimmed, line breaks as \\n)', () => {
    const cell = fc
      .string({
        unit: fc.constantFrom(
          'a',
          'Ж',
          'ё',
          ' ',
          ';',
          ',',
          '\t',
          '"',
          '""',
          '\n',
          '\r\n',
          '\r',
          '\u00A0',
          '1',
          '=',
          "'",
        ),
        maxLength: 12,
      })
      // A leading apostrophe before `=+-@` or a line break is our exporter's injection guard, read back without it.
      .map((value) => (value.startsWith("'") ? `x${value}` : value));
    const table = fc
      .integer({ min: 1, max: 5 })
      .chain((width) =>
        fc.tuple(
          fc.constantFrom(';', ',', '\t'),
          fc.array(fc.array(cell, { minLength: width, maxLength: width }), { maxLength: 8 }),
          fc.constant(width),
        ),
      );
    fc.assert(
      fc.property(table, fc.constantFrom('\n', '\r\n'), ([delimiter, rows, width], lineBreak) => {
        const headers = Array.from({ length: width }, (_, i) => `Колонка ${i + 1}`);
        const text = stringify([headers, ...rows], { delimiter, quoted: true, record_delimiter: lineBreak });
        const read = readText(text);
        const expected = rows
          .map((row) => row.map((value) => value.replace(/\r\n?/g, '\n').trim()))
          .filter((row) => row.some((value) => value !== ''));
        expect(read.detected.delimiter).toBe(width > 1 ? delimiter : ',');
        expect(read.headers).toEqual(headers);
        expect(read.rows.map((r) => r.cells)).toEqual(expected);
        expect(read.problems).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});
