/**
 * On PostgreSQL, ARPU's buyers summed by the server (summedBuyers, what buyerTotals reads for a period read as a
 * range) must equal the buyer rows summed by src/reports/arpu.ts, and the definition, on random histories and
 * periods: buyers, new buyers (first purchase ever in the period; the won deals without a client one new buyer),
 * purchases and revenue.
 */
import fc from 'fast-check';
import { describe, expect, it, onTestFinished } from 'vitest';
import { buyerTotals as totalsOf } from '../../src/reports/arpu.js';
import { connect } from '../../src/store/postgres/connection.js';
import { buyerRows, buyerTotals, summedBuyers } from '../../src/store/postgres/reports.js';
import { engines, skippedEngine } from '../engines.js';
import { day, expected, history, store } from './postgres-history.js';

const postgres = engines.find((engine) => engine.name === 'postgres')!;

describe('buyerTotals on PostgreSQL', () => {
  if (postgres.skipped) return skippedEngine(postgres);

  it('sums the buyers as their rows and the definition do', async () => {
    const c = await connect(await postgres.database());
    onTestFinished(() => c.close());
    await fc.assert(
      fc.asyncProperty(history, day, day, async (data, a, b) => {
        const period = a <= b ? { from: a, to: b } : { from: b, to: a };
        await store(c, data);
        const rows = expected(data, period.from, period.to);
        const firstOf = (client: number) =>
          [
            ...data.visits.filter((v) => v.client === client && v.amount > 0).map((v) => v.date),
            ...data.deals
              .filter((d) => (d.client ?? 0) === client && d.won !== null)
              .map((d) => (d.won === 'created' ? d.created : d.won!)),
          ].sort()[0]!;
        const definition = {
          buyers: rows.length,
          newBuyers: rows.filter((row) => row.client === 0 || firstOf(row.client) >= period.from).length,
          purchases: rows.reduce((sum, row) => sum + row.purchases, 0),
          revenue: rows.reduce((sum, row) => sum + row.revenue, 0),
        };
        expect(await summedBuyers(c, period)).toEqual(definition);
        expect(totalsOf(period, await buyerRows(c, period))).toEqual(definition);
        expect(await buyerTotals(c, period)).toEqual(definition);
      }),
      { numRuns: 40 },
    );
  });
});
