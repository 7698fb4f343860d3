import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NumberBook, normalisePhone } from '../../src/domain/phone.js';
import { type Message, numberingPhones, packRows, unpackRows } from '../../src/importers/csv-stream.js';
import { isProblem, RowTyper, type TypedRow } from '../../src/importers/record-file.js';

// The CSV worker numbers each batch's phones; the main thread then reads a row's phones by id. Each row's ids must
// line up with the phones RowTyper lists for it, and each id must name the number normalisePhone reads.

const REGION = 'RU';
const HEADERS = ['Дата', 'Клиент', 'Телефон', 'Сумма', 'Доп. телефон', 'Телефон', 'Примечание'];

const phone = fc.constantFrom(
  '+7 912 345-67-89',
  '8 (912) 345-67-89',
  '89123456789',
  '9123456789',
  '123-45',
  '',
  '  ',
  ' +7 916 123 45 67 ',
  '+44 20 7946 0958',
  '8 800',
  'нет',
);
const cells = fc.tuple(
  fc.constantFrom('01.02.2025', '31.02.2025', ''),
  fc.constantFrom('Анна', ''),
  phone,
  fc.constantFrom('1 500,00', '-5', ''),
  phone,
  phone,
  fc.constantFrom('', 'x'),
);

function numberedBatches(rows: Array<{ line: number; cells: string[] }>, sizes: number[]) {
  const messages: Message[] = [];
  const numbering = numberingPhones({ kind: 'visits', settings: {}, region: REGION }, (m) => messages.push(m));
  numbering({ kind: 'head', headers: HEADERS });
  for (let at = 0, k = 0; at < rows.length; k++) {
    const size = sizes[k % sizes.length]!;
    numbering({ kind: 'batch', rows: packRows(rows.slice(at, at + size)), problems: [], bytes: 0 });
    at += size;
  }
  return messages;
}

describe('numberingPhones', () => {
  it('gives each row the number ids of the phones RowTyper lists, in order, each naming normalisePhone’s number', () => {
    fc.assert(
      fc.property(
        fc.array(cells, { minLength: 1, maxLength: 40 }),
        fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 6 }),
        (table, sizes) => {
          // Cells as the CSV readers hand them on: cleaned, so trimmed.
          const rows = table.map((row, i) => ({ line: i + 2, cells: row.map((cell) => cell.trim()) }));
          const typer = new RowTyper(
            'visits',
            HEADERS,
            {},
            rows.map((row) => row.cells),
          );
          const book = new NumberBook();
          for (const message of numberedBatches(rows, sizes)) {
            if (message.kind !== 'batch') continue;
            expect(message.phones).toBeDefined();
            book.learn(message.phones!.firstNumber, message.phones!.numbers);
            for (const row of unpackRows(message.rows, message.phones)) {
              const typed = typer.type(row.line, row.cells);
              if (isProblem(typed)) continue;
              const { phones } = typed as TypedRow;
              expect(row.phoneIds).toHaveLength(phones.length);
              phones.forEach((spelling, i) => {
                const number = normalisePhone(spelling, REGION);
                const id = row.phoneIds![i]!;
                expect(id >= 0, spelling).toBe(number.valid);
                if (id >= 0) expect(book.numberOf(id)).toBe(number.value);
              });
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('leaves the phones unnumbered when a column holds several a cell (Google’s ` ::: `)', () => {
    const messages: Message[] = [];
    const numbering = numberingPhones({ kind: 'visits', settings: {}, region: REGION }, (m) => messages.push(m));
    numbering({ kind: 'head', headers: ['Date', 'Name', 'Phone 1 - Value', 'Amount'] });
    numbering({
      kind: 'batch',
      rows: packRows([{ line: 2, cells: ['2025-02-01', 'Anna', '+79123456789 ::: +79161234567', '100'] }]),
      problems: [],
      bytes: 0,
    });
    const batch = messages.find((m) => m.kind === 'batch');
    expect(batch && 'phones' in batch ? batch.phones : undefined).toBeUndefined();
  });
});
