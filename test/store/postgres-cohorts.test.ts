/**
 * On PostgreSQL, the cohorts' facts (cohortActivity: each new client's months of purchase in the period, counted per
 * cohort and month) must equal their definition on random histories and periods over a few months, both ways the
 * store counts them: the period's days read a list at a time and counted here as they come, and the few new clients'
 * purchases joined and counted by the server.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cohortActivity, cohortActivityJoined } from '../../src/store/postgres/reports.js';
import { engines, skippedEngine } from '../engines.js';
import { newServerDatabase, store } from './postgres-history.js';
import { historyOver, purchasesOf } from './purchase-history.js';

const postgres = engines.find((engine) => engine.name === 'postgres')!;
const day = fc
  .record({ month: fc.integer({ min: 1, max: 4 }), day: fc.constantFrom(1, 15, 28) })
  .map(({ month, day }) => `2026-0${month}-${String(day).padStart(2, '0')}`);

describe('cohortActivity on PostgreSQL', () => {
  if (postgres.skipped) return skippedEngine(postgres);

  it('counts each new client once per cohort and month, as the definition does, read either way', async () => {
    const c = await newServerDatabase();
    await fc.assert(
      fc.asyncProperty(historyOver(day), day, day, async (data, a, b) => {
        const period = a <= b ? { from: a, to: b } : { from: b, to: a };
        await store(c, data);
        const purchases = purchasesOf(data).filter((p) => p.client !== 0);
        const first = new Map<number, string>();
        for (const p of purchases) if (!(first.get(p.client)! <= p.date)) first.set(p.client, p.date);
        const pairs = new Set<string>();
        for (const p of purchases) {
          const start = first.get(p.client)!;
          if (start < period.from || start > period.to || p.date > period.to) continue;
          pairs.add(`${p.client} ${start.slice(0, 7)} ${p.date.slice(0, 7)}`);
        }
        const counts = new Map<string, number>();
        for (const pair of pairs) {
          const [, cohort, month] = pair.split(' ');
          counts.set(`${cohort} ${month}`, (counts.get(`${cohort} ${month}`) ?? 0) + 1);
        }
        const want = [...counts]
          .map(([key, clients]) => ({ cohort: key.split(' ')[0]!, month: key.split(' ')[1]!, clients }))
          .sort((x, y) => (x.cohort + x.month < y.cohort + y.month ? -1 : 1));
        const sorted = (rows: Array<{ cohort: string; month: string; clients: number }>) =>
          [...rows].sort((x, y) => (x.cohort + x.month < y.cohort + y.month ? -1 : 1));
        expect(sorted(await cohortActivity(c, period))).toEqual(want);
        expect(sorted(await cohortActivityJoined(c, period))).toEqual(want);
      }),
      { numRuns: 40 },
    );
  });
});
