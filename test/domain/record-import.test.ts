import fc from 'fast-check';
import { expect, it } from 'vitest';
import { type Client, type Contact, draftFromRecord } from '../../src/domain/client.js';
import type { TypedRow } from '../../src/domain/input.js';
import { matchClient, storedClientIndex } from '../../src/domain/matching.js';
import { NumberBook, PhoneCache } from '../../src/domain/phone.js';
import { RowClients } from '../../src/domain/record-import.js';

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
  name: fc.option(
    fc.constantFrom('Анна Иванова', 'анна  иванова', 'Пётр Петров', 'Петр Петров', 'Иванова Анна', 'Петров Петр'),
    { nil: undefined },
  ),
  phones: fc.array(phone, { maxLength: 2 }),
  emails: fc.array(fc.constantFrom('anna@example.com', 'ANNA@example.com', 'petr@example.com'), { maxLength: 1 }),
});

const contact = (value: string): Contact => ({ value, raw: value, label: null, valid: true });
const storedClient = (id: number, name: string, phones: string[], emails: string[]): Client => ({
  id,
  name,
  phones: phones.map(contact),
  emails: emails.map(contact),
  source: null,
  tags: [],
  birthday: null,
  note: null,
  extra: {},
  created: '2026-01-01',
  archived: false,
});
/** Stored clients whose full names start with the rows' two words, in either order, some with contacts. */
const STORED = [
  storedClient(1, 'Анна Иванова Петровна', [], []),
  storedClient(2, 'Иванова Анна Сергеевна', ['+79123456789'], []),
  storedClient(3, 'Петр Петров Иванович', [], ['petr@example.com']),
  storedClient(4, 'Петров Пётр', ['+79161234567'], []),
];

function typedRow(line: number, r: { name?: string; phones: string[]; emails: string[] }): TypedRow {
  const text: Record<string, string> = {};
  if (r.name) text.client = r.name;
  return { line, text, dates: { date: TODAY }, money: {}, phones: r.phones, emails: r.emails, extra: {} };
}

/**
 * Rows as a streamed journal hands them over: each phone with its number's id from the reading thread's own cache,
 * the ids' E.164 texts learnt by a NumberBook as the batches bring them; with `unnumbered`, some rows come without
 * ids (a cell of two phones the thread took for one spelling) and the book numbers them itself.
 */
function numbered(unnumbered: (line: number) => boolean = () => false) {
  const reader = new PhoneCache(REGION);
  // Ids in an order of the reader's own: a reading thread meets numbers before RowClients does.
  for (const spelling of ['+7 903 555 01 01', '+44 20 7946 0958', '+7 495 123 45 67']) reader.numberId(spelling);
  const book = new NumberBook(REGION);
  let learnt = 0;
  return {
    numbers: book,
    row: (typed: TypedRow) => {
      if (unnumbered(typed.line)) return typed;
      const phoneIds = typed.phones.map((p) => reader.numberId(p));
      const texts = reader.numbersFrom(learnt);
      book.learn(learnt, texts);
      learnt += texts.length;
      return { ...typed, phoneIds };
    },
  };
}

it.each([
  ['normalised by RowClients', () => ({ numbers: undefined, row: (typed: TypedRow) => typed })],
  ['numbered by the reader', () => numbered()],
  ['numbered by the reader, every third row by the book', () => numbered((line) => line % 3 === 0)],
])(
  'RowClients finds the client the matching rules find for every row, each row matched afresh (phones %s)',
  (_, mode) => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), fc.subarray(STORED), (rows, stored) => {
        let nextId = 100;
        const { numbers, row: asRead } = mode();
        const clients = new RowClients(stored, REGION, TODAY, () => nextId++, false, numbers);
        // The definition: every row drafted and matched against every client so far, no cache, no shortcut.
        const index = storedClientIndex(stored, [], false);
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
              index.addNew(expected, draft);
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

it('RowClients does not reuse a row matched by the start of a stored name once a client has its very name', () => {
  // Row 2 finds stored client 2 by its surname and first name; row 3 (another phone) contradicts it and creates
  // client 100 named just so; row 4, the same as row 2, must now match 100 by its whole name, as matchClient would.
  let nextId = 100;
  const clients = new RowClients([STORED[1]!], REGION, TODAY, () => nextId++, false);
  const rows = [
    { name: 'Иванова Анна', phones: [], emails: [] },
    { name: 'Иванова Анна', phones: ['+7 9035550101'], emails: [] },
    { name: 'Иванова Анна', phones: [], emails: [] },
  ];
  expect(rows.map((r, i) => clients.resolve(typedRow(i + 2, r)).id)).toEqual([2, 100, 100]);
});
