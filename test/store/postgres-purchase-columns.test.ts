/**
 * On PostgreSQL, purchaseColumns (src/store/postgres/purchase-columns.ts), which most reports are computed from, must
 * equal its definition (each client's paid visits and won deals dated in the range: count, revenue, last date) read
 * either way, on random histories and ranges: the range of visits itself, or the per-client summary less the visits
 * before and after it; and so must the counts that choose between the two. test/store/purchase-columns.test.ts
 * holds the same for SQLite.
 */
import fc from 'fast-check';
import { describe, expect, it, onTestFinished } from 'vitest';
import { type Connection, connect } from '../../src/store/postgres/connection.js';
import {
  firstPurchases,
  type PaidVisitScan,
  paidVisitCounts,
  purchaseColumns,
} from '../../src/store/postgres/purchase-columns.js';
import { engines, skippedEngine } from '../engines.js';

const postgres = engines.find((engine) => engine.name === 'postgres')!;
const CLIENTS = 5;
const day = fc.integer({ min: 1, max: 9 }).map((d) => `2026-03-0${d}`);

interface History {
  visits: Array<{ client: number; date: string; amount: number }>;
  deals: Array<{ client: number | null; created: string; won: string | null; amount: number | null }>;
}

const history: fc.Arbitrary<History> = fc.record({
  visits: fc.array(
    fc.record({ client: fc.integer({ min: 1, max: CLIENTS }), date: day, amount: fc.constantFrom(0, 100, 250) }),
    { maxLength: 40 },
  ),
  deals: fc.array(
    fc.record({
      client: fc.option(fc.integer({ min: 1, max: CLIENTS })),
      created: day,
      // A won deal with a won stage row, or stored as won without one (dated the day it was created); or not won.
      won: fc.option(fc.oneof(day, fc.constant('created'))),
      amount: fc.option(fc.constantFrom(1_000, 5_000)),
    }),
    { maxLength: 6 },
  ),
});

/** Stores `data` in place of what the database held (its summaries kept by their triggers). */
async function store(c: Connection, data: History): Promise<void> {
  await c.run(
    'TRUNCATE visits, deal_stages, deals, client_purchases, paid_visits_by_client, paid_visits_by_day, clients RESTART IDENTITY CASCADE',
  );
  for (let id = 1; id <= CLIENTS; id++) {
    await c.run("INSERT INTO clients (name, name_key, created) VALUES ($1, $1, '2026-01-01')", [`c${id}`]);
  }
  for (const v of data.visits) {
    await c.run('INSERT INTO visits (client_id, date, amount) VALUES ($1, $2, $3)', [v.client, v.date, v.amount]);
  }
  for (const d of data.deals) {
    const id = await c.value<number>(
      "INSERT INTO deals (client_id, title, amount, stage, created) VALUES ($1, 'd', $2, $3, $4) RETURNING id",
      [d.client, d.amount, d.won === null ? 'lead' : 'won', d.created],
    );
    if (d.won !== null && d.won !== 'created') {
      await c.run("INSERT INTO deal_stages (deal_id, stage, date) VALUES ($1, 'won', $2)", [id, d.won]);
    }
  }
}

/** The definition, the slow way: every purchase of the history dated in [from, to], by client (0: none). */
function expected(data: History, from: string, to: string) {
  const purchases = [
    ...data.visits.filter((v) => v.amount > 0).map((v) => ({ client: v.client, date: v.date, amount: v.amount })),
    ...data.deals
      .filter((d) => d.won !== null)
      .map((d) => ({ client: d.client ?? 0, date: d.won === 'created' ? d.created : d.won!, amount: d.amount ?? 0 })),
  ].filter((p) => p.date >= from && p.date <= to);
  const rows = new Map<number, { purchases: number; revenue: number; last: string }>();
  for (const p of purchases) {
    const row = rows.get(p.client) ?? { purchases: 0, revenue: 0, last: p.date };
    row.purchases++;
    row.revenue += p.amount;
    if (p.date > row.last) row.last = p.date;
    rows.set(p.client, row);
  }
  return [...rows].sort(([a], [b]) => a - b).map(([client, row]) => ({ client, ...row }));
}

async function read(c: Connection, from: string, to: string, scan: PaidVisitScan, last: boolean) {
  const columns = await purchaseColumns(c, from, to, { last, scan });
  const rows = [];
  for (let id = 0; id < columns.slots; id++) {
    if (columns.purchases[id] === 0) continue;
    rows.push({
      client: id,
      purchases: columns.purchases[id],
      revenue: columns.revenue[id],
      ...(last ? { last: columns.last![id] } : {}),
    });
  }
  return rows;
}

describe('purchaseColumns on PostgreSQL', () => {
  if (postgres.skipped) return skippedEngine(postgres);

  it('equals its definition, read as a range or as the summary less what lies around the range', async () => {
    const c = await connect(await postgres.database());
    onTestFinished(() => c.close());
    await fc.assert(
      fc.asyncProperty(history, day, day, fc.boolean(), async (data, a, b, last) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        await store(c, data);
        const want = expected(data, from, to).map((row) => (last ? row : { ...row, last: undefined }));
        const strip = (rows: Array<Record<string, unknown>>) =>
          rows.map((row) => (last ? row : { ...row, last: undefined }));
        expect(strip(await read(c, from, to, 'range', last))).toEqual(want);
        expect(strip(await read(c, from, to, 'complement', last))).toEqual(want);
        const paid = data.visits.filter((v) => v.amount > 0);
        expect(await paidVisitCounts(c, from, to)).toEqual({
          before: paid.filter((v) => v.date < from).length,
          inside: paid.filter((v) => v.date >= from && v.date <= to).length,
          after: paid.filter((v) => v.date > to).length,
          clients: new Set(paid.map((v) => v.client)).size,
        });
      }),
      { numRuns: 50 },
    );
  });

  it('are kept by a read-only session, which sees one state to its end, and read again by one that may write', async () => {
    const address = await postgres.database();
    const writer = await connect(address);
    onTestFinished(() => writer.close());
    await store(writer, { visits: [{ client: 1, date: '2026-03-02', amount: 100 }], deals: [] });
    const reader = await connect(address);
    onTestFinished(() => reader.close());
    await reader.beginReadOnlySession();
    const purchases = async (c: Connection) => (await purchaseColumns(c, '2026-03-01', '2026-03-09')).purchases[1];
    expect(await purchases(reader)).toBe(1);
    expect(await purchases(writer)).toBe(1);
    await writer.run("INSERT INTO visits (client_id, date, amount) VALUES (1, '2026-03-03', 100)");
    expect(await purchases(writer)).toBe(2);
    expect(await purchases(reader)).toBe(1);
  });

  it('answers questions asked at once as asked one by one, one statement at a time, reading each range once', async () => {
    const address = await postgres.database();
    const writer = await connect(address);
    onTestFinished(() => writer.close());
    await store(writer, {
      visits: [
        { client: 1, date: '2026-03-02', amount: 100 },
        { client: 2, date: '2026-03-05', amount: 250 },
        { client: 1, date: '2026-03-07', amount: 250 },
      ],
      deals: [{ client: 3, created: '2026-03-04', won: 'created', amount: 1_000 }],
    });
    const ranges = [
      ['2026-03-01', '2026-03-03'],
      ['2026-03-04', '2026-03-09'],
      ['2026-03-01', '2026-03-09'],
      ['2026-03-04', '2026-03-09'],
    ] as const;
    const oneByOne = await connect(address);
    onTestFinished(() => oneByOne.close());
    await oneByOne.beginReadOnlySession();
    const want = [];
    for (const [from, to] of ranges) want.push(await read(oneByOne, from, to, 'range', true));
    const wantFirsts = await firstPurchases(oneByOne, [1, 2, 3]);

    const atOnce = await connect(address);
    onTestFinished(() => atOnce.close());
    await atOnce.beginReadOnlySession();
    // The driver warns (and its next major refuses) when a statement is sent before the last has answered.
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on('warning', onWarning);
    onTestFinished(() => {
      process.off('warning', onWarning);
    });
    const sent: string[] = [];
    const driver = atOnce.driver as unknown as { query: (...args: unknown[]) => unknown };
    const query = driver.query.bind(driver);
    driver.query = (...args: unknown[]) => {
      sent.push(typeof args[0] === 'string' ? args[0] : (args[0] as { text: string }).text);
      return query(...args);
    };
    const [got, firsts] = await Promise.all([
      Promise.all(ranges.map(([from, to]) => read(atOnce, from, to, 'range', true))),
      firstPurchases(atOnce, [1, 2, 3]),
    ]);
    await new Promise(setImmediate);
    expect(got).toEqual(want);
    expect(firsts).toEqual(wantFirsts);
    expect(warnings).toEqual([]);
    // The session's facts once, the three distinct ranges once each, the first purchases once.
    expect(sent).toHaveLength(5);
  });
});
