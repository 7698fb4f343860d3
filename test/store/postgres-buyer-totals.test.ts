/**
 * On PostgreSQL, ARPU's buyers summed by the server (summedBuyers, what buyerTotals reads for a period read as a
 * range) must equal the buyer rows summed by src/reports/arpu.ts, and the definition, on random histories and
 * periods: buyers, new buyers (first purchase ever in the period; the won deals without a client one new buyer),
 * purchases and revenue.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BuyerTotals, buyerTotals as totalsOf } from '../../src/reports/arpu.js';
import type { Period } from '../../src/reports/period.js';
import { buyerRows, buyerTotals, summedBuyers } from '../../src/store/postgres/reports.js';
import { engines, skippedEngine } from '../engines.js';
import { countSent, newServerDatabase, store } from './postgres-history.js';
import { day, expected, type History, history } from './purchase-history.js';

const postgres = engines.find((engine) => engine.name === 'postgres')!;

/** The buyers of `period` summed, from the definition. */
function definition(data: History, period: Period): BuyerTotals {
  const rows = expected(data, period.from, period.to);
  const firstOf = (client: number) =>
    [
      ...data.visits.filter((v) => v.client === client && v.amount > 0).map((v) => v.date),
      ...data.deals
        .filter((d) => (d.client ?? 0) === client && d.won !== null)
        .map((d) => (d.won === 'created' ? d.created : d.won!)),
    ].sort()[0]!;
  return {
    buyers: rows.length,
    newBuyers: rows.filter((row) => row.client === 0 || firstOf(row.client) >= period.from).length,
    purchases: rows.reduce((sum, row) => sum + row.purchases, 0),
    revenue: rows.reduce((sum, row) => sum + row.revenue, 0),
  };
}

describe('buyerTotals on PostgreSQL', () => {
  if (postgres.skipped) return skippedEngine(postgres);

  it('sums the buyers as their rows and the definition do', async () => {
    const c = await newServerDatabase();
    await fc.assert(
      fc.asyncProperty(history, fc.array(fc.tuple(day, day), { minLength: 1, maxLength: 3 }), async (data, ends) => {
        const periods = ends.map(([a, b]) => (a <= b ? { from: a, to: b } : { from: b, to: a }));
        await store(c, data);
        // Asked together, counted in one statement.
        const together = await Promise.all(periods.map((period) => summedBuyers(c, period)));
        for (const [i, period] of periods.entries()) expect(together[i]).toEqual(definition(data, period));
        const period = periods[0]!;
        const want = definition(data, period);
        expect(await summedBuyers(c, period)).toEqual(want);
        expect(totalsOf(period, await buyerRows(c, period))).toEqual(want);
        expect(await buyerTotals(c, period)).toEqual(want);
      }),
      { numRuns: 40 },
    );
  });

  it('counts the periods asked together in one statement', async () => {
    const c = await newServerDatabase();
    await store(c, {
      visits: [
        { client: 1, date: '2026-03-02', amount: 100 },
        { client: 2, date: '2026-03-05', amount: 250 },
      ],
      deals: [],
    });
    const sent = countSent(c);
    const periods = [
      { from: '2026-03-01', to: '2026-03-03' },
      { from: '2026-03-04', to: '2026-03-09' },
      { from: '2026-03-01', to: '2026-03-09' },
    ];
    const totals = await Promise.all(periods.map((period) => summedBuyers(c, period)));
    expect(totals.map((one) => one.revenue)).toEqual([100, 250, 350]);
    expect(sent).toHaveLength(1);
  });
});
