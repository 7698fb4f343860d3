import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalisePhone } from '../../src/domain/phone.js';
import { packRows } from '../../src/importers/csv-stream.js';
import { isProblem, RowTyper, type TypedRow } from '../../src/importers/record-file.js';
import { BatchTyper, NumberBook, unpackTypedRows } from '../../src/importers/typed-batch.js';
import type { RowProblem } from '../../src/importers/types.js';
import { moneyish } from '../properties/arbitraries.js';

// The worker types a journal's batches column by column, each distinct value once; the rows it hands over must be
// the rows RowTyper types one by one, and each phone's number id must name the number normalisePhone finds.

const REGION = 'RU';

const HEADERS = [
  'Дата',
  'Клиент',
  'Телефон',
  'E-mail',
  'Сумма',
  'Услуга',
  'Комментарий',
  'Мастер',
  'Phone 1 - Value',
  'E-mail 1 - Value',
  'Дата',
];

const date = fc.constantFrom('01.02.2025', '1.2.2025', ' 15.03.2024 ', '31.02.2025', 'вчера', '', '0.0.00', '45123');
const amount = fc.oneof(fc.constantFrom('1 500,00', '0', '0,00', '-5', '', '2 200', ' 700 '), moneyish);
const phone = fc.constantFrom(
  '+7 912 345-67-89',
  '8 (912) 345-67-89',
  '89123456789',
  '9123456789',
  '123-45',
  '',
  ' +7 916 123 45 67 ',
  '+44 20 7946 0958',
  '8 800',
);
const email = fc.constantFrom('anna@example.com', ' ANNA@example.com', 'not an e-mail', '');
const text = fc.constantFrom('Анна Иванова', ' Пётр ', '', 'Стрижка', '=1+1', 'x');
const cells = fc.tuple(
  date,
  text,
  phone,
  email,
  amount,
  text,
  text,
  text,
  fc.array(phone, { maxLength: 3 }).map((phones) => phones.join(' ::: ')),
  fc.array(email, { maxLength: 2 }).map((emails) => emails.join(' ::: ')),
  date,
);

function withoutIds(row: TypedRow & { phoneIds?: number[] }): TypedRow {
  const { phoneIds: _, ...typed } = row;
  return typed;
}

describe('BatchTyper', () => {
  it('types every batch as RowTyper types each row, and numbers each phone as normalisePhone reads it', () => {
    fc.assert(
      fc.property(
        fc.array(cells, { minLength: 1, maxLength: 40 }),
        fc.array(fc.integer({ min: 1, max: 15 }), { minLength: 1, maxLength: 8 }),
        (table, sizes) => {
          const rows = table.map((row, i) => ({ line: i + 2, cells: [...row] }));
          const typer = new BatchTyper({ kind: 'visits', settings: {}, region: REGION });
          typer.head(HEADERS);
          const numbers = new NumberBook();
          const typed: Array<TypedRow & { phoneIds: number[] }> = [];
          const problems: RowProblem[] = [];
          let sample: string[][] | undefined;
          for (let at = 0, k = 0; at < rows.length; k++) {
            const size = sizes[k % sizes.length]!;
            const batchRows = rows.slice(at, at + size);
            sample ??= batchRows.map((row) => row.cells);
            const { batch } = typer.type(packRows(batchRows), []);
            numbers.learn(batch);
            typed.push(...unpackTypedRows(batch));
            problems.push(...batch.problems);
            at += size;
          }
          const rowTyper = new RowTyper('visits', HEADERS, {}, sample!);
          const expected = rows.map((row) => rowTyper.type(row.line, row.cells));
          expect(typed.map(withoutIds)).toEqual(expected.filter((row) => !isProblem(row)));
          expect(problems).toEqual(expected.filter(isProblem));
          for (const row of typed) {
            row.phones.forEach((spelling, i) => {
              const phone = normalisePhone(spelling.trim(), REGION);
              const id = row.phoneIds[i]!;
              expect(id >= 0, spelling).toBe(phone.valid);
              if (id >= 0) expect(numbers.numberOf(id)).toBe(phone.value);
            });
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses a header without the columns a visit needs, as RowTyper does', () => {
    const typer = new BatchTyper({ kind: 'visits', settings: {}, region: REGION });
    typer.head(['Клиент', 'Телефон']);
    expect(() => typer.type(packRows([{ line: 2, cells: ['Анна', '+79123456789'] }]), [])).toThrow(
      /no column for date, amount/,
    );
  });
});
