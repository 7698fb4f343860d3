import fc from 'fast-check';
import { expect, it } from 'vitest';
import { draftFromRecord } from '../../src/domain/client.js';
import { ClientIndex, matchClient } from '../../src/domain/matching.js';
import { PhoneCache } from '../../src/domain/phone.js';
import { RowClients } from '../../src/domain/record-import.js';
import type { TypedRow } from '../../src/importers/record-file.js';

const REGION = 'RU';
const TODAY = '2026-11-22';

/** Numbers spelt the ways a journal spells them, with a few that are no number at all. */
const phone = fc
  .tuple(fc.constantFrom('9123456789', '9161234567', '4951234567', '9035550101'), fc.nat(5))
  .map(
    ([national, style]) =>
      [
        `+7 ${national}`,
        `8 (${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6)}`,
        `7${national}`,
        `8${national}`,
        `+7-${national.slice(0, 3)}-${national.slice(3)}`,
        '123-45',
      ][style]!,
  );
const row = fc.record({
  name: fc.option(fc.constantFrom('Анна Иванова', 'анна  иванова', 'Пётр Петров', 'Петр Петров'), { nil: undefined }),
  phones: fc.array(phone, { maxLength: 2 }),
  emails: fc.array(fc.constantFrom('anna@example.com', 'ANNA@example.com', 'petr@example.com'), { maxLength: 1 }),
});

function typedRow(line: number, r: { name?: string; phones: string[]; emails: string[] }): TypedRow {
  const text: Record<string, string> = {};
  if (r.name) text.client = r.name;
  return { line, text, dates: { date: TODAY }, money: {}, phones: r.phones, emails: r.emails, extra: {} };
}

/**
 * Rows as a streamed journal hands them over: each phone with its number's id from the reading thread's own cache,
 * and the RowClients told the ids' E.164 texts.
 */
function numbered() {
  const reader = new PhoneCache(REGION);
  // Ids in an order of the reader's own: a reading thread meets numbers before RowClients does.
  for (const spelling of ['+7 903 555 01 01', '+44 20 7946 0958', '+7 495 123 45 67']) reader.numberId(spelling);
  return {
    book: { numberOf: (id: number) => reader.numberOf(id) },
    row: (typed: TypedRow) => ({ ...typed, phoneIds: typed.phones.map((p) => reader.numberId(p)) }),
  };
}

it.each([
  ['looked up by RowClients', () => ({ book: undefined, row: (typed: TypedRow) => typed })],
  ['numbered by the reader', numbered],
])(
  'RowClients finds the client the matching rules find for every row, each row matched afresh (phones %s)',
  (_, mode) => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), (rows) => {
        let nextId = 100;
        const { book, row: asRead } = mode();
        const clients = new RowClients([], REGION, TODAY, () => nextId++, false, book);
        // The definition: every row drafted and matched against every client so far, no cache, no shortcut.
        const index = new ClientIndex(false);
        let slowNext = 100;
        rows.forEach((r, i) => {
          const { draft } = draftFromRecord(
            {
              line: i + 2,
              name: r.name,
              phones: r.phones.map((value) => ({ value })),
              emails: r.emails.map((value) => ({ value })),
              tags: [],
              extra: {},
            },
            REGION,
            TODAY,
          );
          let expected: number | null = null;
          if (draft) {
            const match = matchClient(index, draft, false);
            if (match.kind === 'match') expected = match.id;
            else {
              expected = slowNext++;
              index.add(expected, draft);
            }
          }
          expect(clients.resolve(asRead(typedRow(i + 2, r))).id, JSON.stringify(rows.slice(0, i + 1))).toBe(expected);
        });
      }),
      { numRuns: 400 },
    );
  },
);

it('RowClients does not reuse a row matched by name once a later client has its phone', () => {
  // Found by the property above: row 2 matched client 100 by name (no client had its phone), row 3 created client 101
  // with that phone, and row 4, the same as row 2, must now match 101 by phone, as matchClient would.
  let nextId = 100;
  const clients = new RowClients([], REGION, TODAY, () => nextId++, false);
  const rows = [
    { name: 'Анна Иванова', phones: [], emails: [] },
    { name: 'анна  иванова', phones: ['123-45'], emails: [] },
    { phones: ['123-45'], emails: [] },
    { name: 'анна  иванова', phones: ['123-45'], emails: [] },
  ];
  expect(rows.map((r, i) => clients.resolve(typedRow(i + 2, r)).id)).toEqual([100, 100, 101, 101]);
});
