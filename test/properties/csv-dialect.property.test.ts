import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { readCsv } from '../../src/importers/csv.js';
import { decodeBuffer, sniffEncoding } from '../../src/importers/encoding.js';

// test/importers/csv.test.ts reads back UTF-8 tables csv-stringify writes. These add the other encodings spreadsheets
// save in, every quoting style, and files that are not one encoding at all.

const HEADERS = ['Фамилия', 'Имя', 'Телефон', 'Примечание', 'Источник', 'Email', 'Город', 'Дата рождения', 'Сумма'];
/** Words of real tables: the encoding sniffer weighs Russian letter frequencies, which random letters do not have. */
const WORDS = [
  'Иванова',
  'Мария',
  'Сергеевна',
  'Петров',
  'стрижка',
  'окрашивание',
  'Москва',
  'Ёлкина',
  'ещё',
  'подъезд',
  'Щукин',
  'Instagram',
  'VIP',
  'Anna',
  'Smith',
  'O’Neil',
  'mail@example.ru',
  '+7 912 345-67-89',
  '1 500,00',
  '17.05.1990',
  '№5',
  '«ёлка»',
  'a;b',
  'c,d',
  'e\tf',
  'он сказал "да"',
  'строка\nвторая',
  'строка\r\nвторая',
  '',
  ' ',
];

const ENCODINGS = ['utf8', 'utf8-bom', 'cp1251', 'utf16le-bom', 'utf16le'] as const;
type Encoding = (typeof ENCODINGS)[number];

function encode(text: string, encoding: Encoding): Buffer {
  switch (encoding) {
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'utf8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'cp1251':
      return iconv.encode(text, 'cp1251');
    case 'utf16le-bom':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf16le')]);
    case 'utf16le':
      return iconv.encode(text, 'utf16le');
  }
}

/** csv-stringify quotes only as needed (`quoted: false`) or every cell; either way a cell with a line break. */
function write(headers: string[], rows: string[][], delimiter: string, quoted: boolean, lineBreak: string): string {
  return stringify([headers, ...rows], { delimiter, quoted, quoted_match: /[\r\n]/, record_delimiter: lineBreak });
}

const cell = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 }).map((words) => words.join(' '));

const table = fc.integer({ min: 2, max: 6 }).chain((width) =>
  fc.record({
    headers: fc.shuffledSubarray(HEADERS, { minLength: width, maxLength: width }),
    rows: fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 8 }),
    delimiter: fc.constantFrom(';', ',', '\t'),
    quoted: fc.boolean(),
    lineBreak: fc.constantFrom('\n', '\r\n'),
    encoding: fc.constantFrom(...ENCODINGS),
  }),
);

describe('readCsv reads back any table written in any dialect', () => {
  it('detects the delimiter and the encoding, and gives every cell back', () => {
    fc.assert(
      fc.property(table, ({ headers, rows, delimiter, quoted, lineBreak, encoding }) => {
        const text = write(headers, rows, delimiter, quoted, lineBreak);
        const read = readCsv(encode(text, encoding));
        expect(read.detected).toMatchObject({
          delimiter,
          encoding: encoding.replace(/-bom$/, ''),
          bom: encoding.endsWith('-bom'),
        });
        expect(read.headers).toEqual(headers);
        const expected = rows
          .map((row) => row.map((value) => value.replace(/\r\n?/g, '\n').trim()))
          .filter((row) => row.some((value) => value !== ''));
        expect(read.rows.map((r) => r.cells)).toEqual(expected);
        expect(read.problems).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('reads the same table the same whatever it was saved as', () => {
    fc.assert(
      fc.property(table, ({ headers, rows, delimiter, quoted, lineBreak }) => {
        const text = write(headers, rows, delimiter, quoted, lineBreak);
        const cells = ENCODINGS.map((encoding) => readCsv(encode(text, encoding)).rows.map((r) => r.cells));
        for (const other of cells.slice(1)) expect(other).toEqual(cells[0]);
      }),
      { numRuns: 100 },
    );
  });
});

describe('encoding sniffing', () => {
  const line = fc.array(fc.constantFrom(...WORDS.filter((w) => /[а-яё]/i.test(w) && !/[\r\n]/.test(w))), {
    minLength: 1,
    maxLength: 4,
  });

  it('calls UTF-8 cut off in the middle of a character UTF-8 (a truncated file, or the first kilobytes of one)', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 5 }), fc.nat(), (lines, at) => {
        const bytes = Buffer.from(lines.map((words) => words.join(';')).join('\n'), 'utf8');
        const cut = bytes.subarray(0, 1 + (at % bytes.length));
        const lastChar = Buffer.from(cut.toString('utf8').replace(/\uFFFD$/, ''), 'utf8');
        // Only where something before the cut proves UTF-8.
        fc.pre(/[^\x00-\x7F]/.test(lastChar.toString('utf8')));
        expect(sniffEncoding(cut).encoding).toBe('utf8');
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a file of UTF-8 lines and Windows-1251 lines, naming one line of each, unless an encoding is forced', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(line, fc.boolean()), { minLength: 2, maxLength: 8 }), (lines) => {
        fc.pre(lines.some(([, utf8]) => utf8) && lines.some(([, utf8]) => !utf8));
        const bytes = Buffer.concat(
          lines.map(([words, utf8]) => {
            const text = `${words.join(';')}\n`;
            return utf8 ? Buffer.from(text, 'utf8') : iconv.encode(text, 'cp1251');
          }),
        );
        const firstUtf8 = lines.findIndex(([, utf8]) => utf8) + 1;
        const firstOther = lines.findIndex(([, utf8]) => !utf8) + 1;
        expect(() => decodeBuffer(bytes)).toThrow(InputError);
        expect(() => decodeBuffer(bytes)).toThrow(
          `mixed encodings: line ${firstUtf8} is UTF-8 but line ${firstOther} is not`,
        );
        expect(() => readCsv(bytes)).toThrow(InputError);
        expect(decodeBuffer(bytes, 'cp1251').encoding).toBe('cp1251');
      }),
      { numRuns: 300 },
    );
  });
});
