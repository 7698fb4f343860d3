import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TypedRow } from '../../src/domain/input.js';
import { NumberBook, normalisePhone } from '../../src/domain/phone.js';
import { type CsvMessage as Message, packRows, unpackRows } from '../../src/importers/csv/index.js';
import { annotator, type NumberedPhones, phoneIdsOf } from '../../src/importers/journal-phones.js';
import { isProblem, RowTyper } from '../../src/importers/record-file.js';

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

function numberedBatches(rows: Array<{ line: number; cells: string[] }>, sizes: number[], batchRows?: number) {
  const messages: Message[] = [];
  const numbering = annotator({ kind: 'visits', settings: {}, region: REGION }, (m) => messages.push(m), batchRows);
  numbering({ kind: 'head', headers: HEADERS });
  for (let at = 0, k = 0; at < rows.length; k++) {
    const size = sizes[k % sizes.length]!;
    numbering({ kind: 'batch', rows: packRows(rows.slice(at, at + size)), problems: [], bytes: 0 });
    at += size;
  }
  return messages;
}

describe('journal-phones annotator', () => {
  it('gives each row the number ids of the phones RowTyper lists, in order, each naming normalisePhone’s number', () => {
    fc.assert(
      fc.property(
        fc.array(cells, { minLength: 1, maxLength: 40 }),
        fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 13 }),
        (table, sizes, batchRows) => {
          // Cells as the CSV readers hand them on: cleaned, so trimmed.
          const rows = table.map((row, i) => ({ line: i + 2, cells: row.map((cell) => cell.trim()) }));
          const typer = new RowTyper(
            'visits',
            HEADERS,
            {},
            rows.map((row) => row.cells),
          );
          const book = new NumberBook(REGION);
          const messages = numberedBatches(rows, sizes, batchRows);
          // Every row comes once in a numbered batch of at most batchRows rows, in file order; a batch of the input
          // bigger than that went first as a sample of the same rows.
          const batches = messages.filter((m) => m.kind === 'batch');
          expect(batches.flatMap((m) => unpackRows(m.rows))).toEqual(rows);
          for (const batch of batches) expect(batch.rows.lines.length).toBeLessThanOrEqual(batchRows);
          const samples = messages.filter((m) => m.kind === 'sample');
          const sampled: typeof rows = [];
          for (let at = 0, k = 0; at < rows.length; k++) {
            const batch = rows.slice(at, at + sizes[k % sizes.length]!);
            if (batch.length > batchRows) sampled.push(...batch);
            at += batch.length;
          }
          expect(samples.flatMap((m) => unpackRows(m.rows))).toEqual(sampled);
          for (const message of messages) {
            if (message.kind !== 'batch') continue;
            const numbered = message.annotation as NumberedPhones | undefined;
            expect(numbered).toBeDefined();
            book.learn(numbered!.firstNumber, numbered!.numbers);
            unpackRows(message.rows).forEach((row, r) => {
              const typed = typer.type(row.line, row.cells);
              if (isProblem(typed)) return;
              const { phones } = typed as TypedRow;
              const phoneIds = phoneIdsOf(numbered!, r);
              expect(phoneIds).toHaveLength(phones.length);
              phones.forEach((spelling, i) => {
                const number = normalisePhone(spelling, REGION);
                const id = phoneIds[i]!;
                expect(id >= 0, spelling).toBe(number.valid);
                if (id >= 0) expect(book.numberOf(book.idOf({ phones, phoneIds }, i))).toBe(number.value);
              });
            });
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('leaves the phones unnumbered when a column holds several a cell (Google’s ` ::: `)', () => {
    const messages: Message[] = [];
    const numbering = annotator({ kind: 'visits', settings: {}, region: REGION }, (m) => messages.push(m));
    numbering({ kind: 'head', headers: ['Date', 'Name', 'Phone 1 - Value', 'Amount'] });
    numbering({
      kind: 'batch',
      rows: packRows([{ line: 2, cells: ['2025-02-01', 'Anna', '+79123456789 ::: +79161234567', '100'] }]),
      problems: [],
      bytes: 0,
    });
    const batch = messages.find((m) => m.kind === 'batch');
    expect(batch).toBeDefined();
    expect(batch?.kind === 'batch' && batch.annotation).toBeUndefined();
  });

  it('sends a batch bigger than batchRows first whole and unnumbered, as the sample, then numbered in parts', () => {
    const messages: Message[] = [];
    const numbering = annotator({ kind: 'visits', settings: {}, region: REGION }, (m) => messages.push(m), 2);
    numbering({ kind: 'head', headers: ['Дата', 'Клиент', 'Телефон', 'Сумма'] });
    const rows = [2, 3, 5, 6, 8].map((line) => ({ line, cells: ['01.02.2025', 'Анна', '+7 912 345-67-89', '100'] }));
    const problems = [4, 7, 9].map((line) => ({
      line,
      reason: { code: 'tooManyCells' as const, cells: 5, header: 4 },
    }));
    numbering({ kind: 'batch', rows: packRows(rows), problems, bytes: 500 });
    expect(messages.map((m) => m.kind)).toEqual(['head', 'sample', 'batch', 'batch', 'batch']);
    const [, sample, ...parts] = messages;
    expect(sample!.kind === 'sample' && unpackRows(sample.rows)).toEqual(rows);
    expect(
      parts.map((m) => m.kind === 'batch' && { lines: [...m.rows.lines], problems: m.problems.map((p) => p.line) }),
    ).toEqual([
      { lines: [2, 3], problems: [] },
      { lines: [5, 6], problems: [4] },
      { lines: [8], problems: [7, 9] },
    ]);
    for (const part of parts)
      expect(part.kind === 'batch' && (part.annotation as NumberedPhones | undefined)?.ids).toBeTruthy();
    for (const part of parts) expect(part.kind === 'batch' && part.bytes).toBe(500);
  });
});
