/**
 * On PostgreSQL, purchaseColumns (src/store/postgres/purchase-columns.ts), which most reports are computed from, must
 * equal its definition (each client's paid visits and won deals dated in the range: count, revenue, last date) read
 * either way, on random histories and ranges: the range of visits itself, or the per-client summary less the visits
 * before and after it; and so must the counts that choose between the two. test/store/purchase-columns.test.ts
 * holds the same for SQLite.
 */
import fc from 'fast-check';
import { describe, expect, it, onTestFinished } from 'vitest';
import { type Connection, type ConnectOptions, connect } from '../../src/store/postgres/connection.js';
import {
  firstPurchases,
  type PaidVisitScan,
  paidVisitCounts,
  purchaseColumns,
} from '../../src/store/postgres/purchase-columns.js';
import { engines, skippedEngine } from '../engines.js';
import { countSent, newServerDatabase, store } from './postgres-history.js';
import { day, expected, type History, history, purchasesOf } from './purchase-history.js';

const postgres = engines.find((engine) => engine.name === 'postgres')!;

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

/** A new server database holding `data`: its address. */
async function databaseHolding(data: History): Promise<string> {
  const address = await postgres.database();
  const writer = await connect(address);
  onTestFinished(() => writer.close());
  await store(writer, data);
  return address;
}

/** A read-only session on the database at `address`, as a report opens one, closed when the test ends. */
async function readOnlySession(address: string, options: ConnectOptions = {}): Promise<Connection> {
  const c = await connect(address, options);
  onTestFinished(() => c.close());
  await c.beginReadOnlySession();
  return c;
}

describe('purchaseColumns on PostgreSQL', () => {
  if (postgres.skipped) return skippedEngine(postgres);

  it('equals its definition, read as a range or as the summary less what lies around the range', async () => {
    const c = await newServerDatabase();
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

  it('gives the first purchases of a few clients, looked up, as of many, read whole', async () => {
    const c = await newServerDatabase();
    await fc.assert(
      fc.asyncProperty(history, fc.subarray([1, 2, 3, 4, 5], { minLength: 1, maxLength: 2 }), async (data, asked) => {
        await store(c, data);
        // Clients without purchases, so that two are few enough to be looked up.
        await c.run(
          "INSERT INTO clients (name, name_key, created) SELECT 'x', 'x', '2026-01-01' FROM generate_series(1, 20)",
        );
        const firsts = new Map<number, string>();
        for (const p of purchasesOf(data)) if (!(firsts.get(p.client)! <= p.date)) firsts.set(p.client, p.date);
        const found = await firstPurchases(c, asked);
        expect(asked.map((id) => found[id])).toEqual(asked.map((id) => firsts.get(id)));
      }),
      { numRuns: 20 },
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

  it('on a pipelined connection (a report session), sends the statements asked at once without waiting for answers', async () => {
    const address = await databaseHolding({
      visits: [
        { client: 1, date: '2026-03-02', amount: 100 },
        { client: 2, date: '2026-03-05', amount: 250 },
      ],
      deals: [{ client: 3, created: '2026-03-04', won: 'created', amount: 1_000 }],
    });
    const ranges = [
      ['2026-03-01', '2026-03-03'],
      ['2026-03-04', '2026-03-09'],
    ] as const;
    const oneByOne = await readOnlySession(address);
    const want = [];
    for (const [from, to] of ranges) want.push(await read(oneByOne, from, to, 'range', true));

    const pipelined = await readOnlySession(address, { pipeline: true });
    const sent = countSent(pipelined);
    const asked = ['SELECT 1', 'SELECT 2', 'SELECT 3'].map((text) => pipelined.value<number>(text));
    expect(sent).toHaveLength(3);
    expect(await Promise.all(asked)).toEqual([1, 2, 3]);
    expect(await Promise.all(ranges.map(([from, to]) => read(pipelined, from, to, 'range', true)))).toEqual(want);
  });

  it('answers questions asked at once as asked one by one, one statement at a time, reading each range once', async () => {
    const address = await databaseHolding({
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
    const oneByOne = await readOnlySession(address);
    const sentOneByOne = countSent(oneByOne);
    const want = [];
    for (const [from, to] of ranges) want.push(await read(oneByOne, from, to, 'range', true));
    const wantFirsts = await firstPurchases(oneByOne, [1, 2, 3]);

    const atOnce = await readOnlySession(address);
    // The driver warns (and its next major refuses) when a statement is sent before the last has answered.
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on('warning', onWarning);
    onTestFinished(() => {
      process.off('warning', onWarning);
    });
    const sent = countSent(atOnce);
    const [got, firsts] = await Promise.all([
      Promise.all(ranges.map(([from, to]) => read(atOnce, from, to, 'range', true))),
      firstPurchases(atOnce, [1, 2, 3]),
    ]);
    await new Promise(setImmediate);
    expect(got).toEqual(want);
    expect(firsts).toEqual(wantFirsts);
    expect(warnings).toEqual([]);
    // The session's facts once, the three distinct ranges once each (the fourth asks again for the second), the
    // first purchases once: what the one-by-one session sent.
    expect(sent).toHaveLength(sentOneByOne.length);
  });
});
