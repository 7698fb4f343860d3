/**
 * crm explain lists clients by name, then id. The store hands the names over in that order (sorted by SQLite) and
 * explain uses it as it is only after checking it: names in any other order must still come out sorted.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { BuyerRow } from '../../src/reports/arpu.js';
import { explainBuyers } from '../../src/reports/explain.js';
import { clientNames } from '../../src/store/report-queries.js';
import { Seeder } from './seed.js';

const PERIOD = { from: '2026-10-01', to: '2026-10-31' };
const buyer = (clientId: number | null): BuyerRow => ({
  clientId,
  purchases: 1,
  revenue: 100,
  firstPurchase: '2026-10-05',
});
/** Two clients share a name; one row has no client, one a client without a name. */
const ROWS = [buyer(4), buyer(2), buyer(null), buyer(3), buyer(1), buyer(9)];
const EXPECTED = [
  [null, null],
  [9, null],
  [2, 'Анна'],
  [4, 'Анна'],
  [1, 'Борис'],
  [3, 'Вера'],
];

function listed(names: Map<number, string>) {
  return explainBuyers('active_clients', PERIOD, ROWS)
    .report(names)
    .items.map((item) => [item.client_id, item.name]);
}

describe('explain order', () => {
  it('lists by name then id when the names come in that order', () => {
    expect(
      listed(
        new Map([
          [2, 'Анна'],
          [4, 'Анна'],
          [1, 'Борис'],
          [3, 'Вера'],
        ]),
      ),
    ).toEqual(EXPECTED);
  });

  it('lists by name then id when the names come in any other order', () => {
    expect(
      listed(
        new Map([
          [3, 'Вера'],
          [4, 'Анна'],
          [1, 'Борис'],
          [2, 'Анна'],
        ]),
      ),
    ).toEqual(EXPECTED);
  });
});

describe('explain order of several rows of one client', () => {
  // Deals of one client are one row each: they keep the order they came in, in either way of sorting.
  const rows = [buyer(2), { ...buyer(1), purchases: 7 }, buyer(null), { ...buyer(1), purchases: 8 }, buyer(9)];
  const order = (names: Map<number, string>) =>
    explainBuyers('active_clients', PERIOD, rows)
      .report(names)
      .items.map((item) => [item.client_id, item.purchases]);
  const expected = [
    [null, 1],
    [9, 1],
    [2, 1],
    [1, 7],
    [1, 8],
  ];

  it.each([
    [
      'in order',
      [
        [2, 'Анна'],
        [1, 'Борис'],
      ],
    ],
    [
      'in another order',
      [
        [1, 'Борис'],
        [2, 'Анна'],
      ],
    ],
  ] as Array<[string, Array<[number, string]>]>)('names %s', (_, names) => {
    expect(order(new Map(names))).toEqual(expected);
  });
});

describe('clientNames', () => {
  const seeder = new Seeder();
  afterAll(() => seeder.close());
  const ids: number[] = [];
  for (const name of ['Вера', 'Анна', 'Борис', 'Анна', 'Яна', 'Юрий', 'Олег', 'Ира', 'Ада']) {
    ids.push(seeder.client({ name }));
  }

  // One of nine is looked up by id; all nine are read with the whole table: both come in the order of name, then id.
  it.each([[[ids[3]!]], [ids], [[ids[4]!, ids[1]!]]])('gives the names of %j by name, then id', (asked) => {
    const names = clientNames(seeder.db, asked);
    const entries = [...names];
    const sorted = [...entries].sort(([a, x], [b, y]) => (x < y ? -1 : x > y ? 1 : a - b));
    expect(entries).toEqual(sorted);
    expect([...names.keys()].sort()).toEqual([...asked].sort());
  });
});
