import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Client, type Contact, draftFromRecord } from '../../src/domain/client.js';
import type { TypedRow } from '../../src/domain/input.js';
import { matchClient, storedClientIndex } from '../../src/domain/matching.js';
import { namesClearlyDiffer } from '../../src/domain/names.js';
import { NumberBook, PhoneCache } from '../../src/domain/phone.js';
import { type PlannedDeal, planDealImport, RowClients } from '../../src/domain/record-import.js';

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
            // A contact leads to a client only when the row's name does not clearly name someone else.
            const match = matchClient(
              index,
              draft,
              false,
              (id, contact) =>
                contact === undefined ||
                !namesClearlyDiffer(index.nameOf(id) ?? '', draft.name) ||
                index.knownAs(id, draft.name),
            );
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

/** A row of a deals file that gives its deal's current stage by name, as a CRM's export does. */
function dealRow(
  line: number,
  fields: { client?: string; company?: string; stage?: string; closed?: string; amount?: number; currency?: string },
  phones: string[] = [],
): TypedRow {
  const text: Record<string, string> = { title: `deal ${line}` };
  for (const field of ['client', 'company', 'stage', 'currency'] as const) {
    const value = fields[field];
    if (value !== undefined) text[field] = value;
  }
  const dates: Record<string, string> = { created: '2025-03-01' };
  if (fields.closed) dates.closed = fields.closed;
  const money: Record<string, number> = fields.amount === undefined ? {} : { amount: fields.amount };
  return { line, text, dates, money, phones, emails: [], extra: {} };
}

function planDeals(
  rows: TypedRow[],
  options: { stored?: Client[]; stages?: Record<string, 'won' | 'lost' | 'qualified'>; amountCurrency?: string } = {},
) {
  const detected = { format: 'csv' as const, encoding: 'utf8', bom: false, amountCurrency: options.amountCurrency };
  return planDealImport(
    { detected, rows, problems: [] },
    {
      existingClients: options.stored ?? [],
      region: REGION,
      today: TODAY,
      stages: options.stages ?? {},
      currency: 'RUB',
    },
    [],
  );
}

const stagesOf = (inserts: PlannedDeal[]) => inserts.map((d) => d.history.map((e) => `${e.stage} ${e.date}`));

describe('planDealImport: a deals file that names each deal’s current stage', () => {
  it('places the default names, dates a closed deal by its closing date and an open one by its creation', () => {
    const plan = planDeals([
      dealRow(2, { client: 'Анна', stage: 'Сделка успешна', closed: '2025-03-09' }),
      dealRow(3, { client: 'Анна', stage: 'Closed - lost', closed: '2025-03-05' }),
      dealRow(4, { client: 'Анна', stage: 'Согласование договора', closed: '2025-04-30' }),
      dealRow(5, { client: 'Анна', stage: 'Успешно реализовано' }),
    ]);
    expect(stagesOf(plan.inserts)).toEqual([
      ['lead 2025-03-01', 'won 2025-03-09'],
      ['lead 2025-03-01', 'lost 2025-03-05'],
      ['lead 2025-03-01', 'deal 2025-03-01'],
      // No closing date: closed on the day it was created, the one date the file gives.
      ['lead 2025-03-01', 'won 2025-03-01'],
    ]);
    expect(plan.stageNames).toEqual([
      { name: 'Сделка успешна', stage: 'won', chosen: false, rows: 1 },
      { name: 'Closed - lost', stage: 'lost', chosen: false, rows: 1 },
      { name: 'Согласование договора', stage: 'deal', chosen: false, rows: 1 },
      { name: 'Успешно реализовано', stage: 'won', chosen: false, rows: 1 },
    ]);
  });

  it('makes an unknown name an open lead, said on its row, and lets the user place it', () => {
    const unplaced = planDeals([dealRow(2, { client: 'Анна', stage: 'Замер' })]);
    expect(stagesOf(unplaced.inserts)).toEqual([['lead 2025-03-01']]);
    expect(unplaced.rows[0]!.details).toContainEqual({ code: 'unknownStage', name: 'Замер' });
    expect(unplaced.stageNames).toEqual([{ name: 'Замер', stage: null, chosen: false, rows: 1 }]);

    const placed = planDeals([dealRow(2, { client: 'Анна', stage: 'ЗАМЕР', closed: '2025-03-02' })], {
      stages: { замер: 'won' },
    });
    expect(stagesOf(placed.inserts)).toEqual([['lead 2025-03-01', 'won 2025-03-02']]);
    expect(placed.stageNames).toEqual([{ name: 'ЗАМЕР', stage: 'won', chosen: true, rows: 1 }]);
  });

  it('rejects a deal closed before it was created', () => {
    const plan = planDeals([dealRow(2, { client: 'Анна', stage: 'Deal won', closed: '2025-02-01' })]);
    expect(plan.inserts).toEqual([]);
    expect(plan.rows[0]).toMatchObject({
      action: 'reject',
      details: [{ code: 'closedBeforeCreated', closed: '2025-02-01', created: '2025-03-01' }],
    });
  });

  it('gives a deal naming no person to its company', () => {
    const plan = planDeals([dealRow(2, { company: 'ООО Ромашка', stage: 'Новая' })]);
    expect([...plan.newClients.values()].map((c) => c.name)).toEqual(['ООО Ромашка']);
    expect(plan.inserts[0]!.clientId).toBe(-1);
  });

  it('finds the one stored client whose first and last names a two-word contact gives, and only then', () => {
    const maria = storedClient(1, 'Мария Петровна Иванова', [], []);
    const found = planDeals([dealRow(2, { client: 'Мария Иванова', stage: 'Новая' })], { stored: [maria] });
    expect(found.inserts[0]!.clientId).toBe(1);
    expect(found.rows[0]!.details).toContainEqual({
      code: 'clientReadAs',
      named: 'Мария Иванова',
      known: 'Мария Петровна Иванова',
    });
    // Two Марии Ивановы: nothing tells which one.
    const two = [maria, storedClient(2, 'Мария Сергеевна Иванова', [], [])];
    expect(planDeals([dealRow(2, { client: 'Мария Иванова' })], { stored: two }).inserts[0]!.clientId).toBe(-1);
    // A client stored under the very name is that client; a row with a phone is matched by the phone.
    const exact = [maria, storedClient(3, 'Мария Иванова', [], [])];
    expect(planDeals([dealRow(2, { client: 'Мария Иванова' })], { stored: exact }).inserts[0]!.clientId).toBe(3);
    const byPhone = planDeals([dealRow(2, { client: 'Мария Иванова' }, ['+79123456789'])], { stored: [maria] });
    expect(byPhone.inserts[0]!.clientId).toBe(-1);
  });

  it('counts the amounts in another currency than the database’s, from the row’s currency or the header’s', () => {
    const plan = planDeals(
      [
        dealRow(2, { client: 'Анна', amount: 100, currency: 'USD' }),
        dealRow(3, { client: 'Анна', amount: 200, currency: 'RUB' }),
        dealRow(4, { client: 'Анна', amount: 300 }),
        dealRow(5, { client: 'Анна', currency: 'EUR' }),
      ],
      { amountCurrency: 'EUR' },
    );
    expect(plan.inserts.map((d) => d.amount)).toEqual([100, 200, 300, null]);
    expect(plan.otherCurrencies).toEqual({
      database: 'RUB',
      found: [
        { currency: 'USD', rows: 1 },
        { currency: 'EUR', rows: 1 },
      ],
    });
    expect(planDeals([dealRow(2, { client: 'Анна', amount: 100, currency: 'руб.' })]).otherCurrencies).toBeUndefined();
  });
});
