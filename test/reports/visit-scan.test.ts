/**
 * The two ways of reading a period's visits (a range of visits(date) or one pass over visits(client_id, date)) must
 * give the same figures; visitScan only picks the cheaper one.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { isNewClient } from '../../src/reports/arpu.js';
import { type ChurnFacts, churnDates, churnFlags } from '../../src/reports/churn.js';
import type { Period } from '../../src/reports/period.js';
import {
  arpuBuyers,
  buyerRows,
  churnClientRows,
  churnFacts,
  type VisitScan,
  visitScan,
} from '../../src/store/report-queries.js';
import { seedLargeDataset } from './large-seed.js';
import { Seeder, seedGoldenDataset } from './seed.js';

const seeders: Seeder[] = [];
afterAll(() => {
  for (const seeder of seeders) seeder.close();
});

function smallBusiness(): Seeder {
  const seeder = new Seeder();
  seeders.push(seeder);
  seedLargeDataset(seeder.db, { clients: 400, visits: 4_000, deals: 300, answers: 0, lastDay: '2026-11-21' });
  return seeder;
}

function golden(): Seeder {
  const seeder = seedGoldenDataset();
  seeders.push(seeder);
  return seeder;
}

/** Rows in a fixed order: the two scans deliver clients in different orders. */
function sorted<T>(rows: T[]): T[] {
  return [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}

const YEAR: Period = { from: '2025-01-01', to: '2025-12-31' };
const MONTH: Period = { from: '2026-10-01', to: '2026-10-31' };
/** The small business's first year, when its clients make their first purchases. */
const FIRST_YEAR: Period = { from: '2021-11-01', to: '2022-10-31' };

describe.each([
  ['a five-year business with deals', smallBusiness, [YEAR, MONTH, FIRST_YEAR]],
  ['the golden dataset', golden, [YEAR, MONTH]],
])('range and pass agree, and report figures match explain rows, on %s', (_, seed, periods) => {
  const db = seed().db;
  const both = <T>(query: (scan: VisitScan) => T[]) => {
    const range = sorted(query('range'));
    expect(range.length).toBeGreaterThan(0);
    expect(sorted(query('pass'))).toEqual(range);
  };

  it.each(periods)('buyers and their first purchase, $from..$to', (period) => {
    both((scan) => buyerRows(db, period, scan));
  });

  it.each(periods)('churn explain rows, $from..$to', (period) => {
    const parameters = { ...period, ...churnDates(period, 90) };
    both((scan) => churnClientRows(db, parameters, scan));
  });

  // The report figures are counted apart from the explain rows (id lists and the per-client summary against one
  // grouped query per client): both must tell the same story.
  it.each(periods)('ARPU groups are the explain rows summed, $from..$to', (period) => {
    const expected = new Map<boolean, { isNew: boolean; clients: number; purchases: number; revenue: number }>();
    for (const row of buyerRows(db, period)) {
      const isNew = isNewClient(row.firstPurchase, period);
      const group = expected.get(isNew) ?? { isNew, clients: 0, purchases: 0, revenue: 0 };
      group.clients++;
      group.purchases += row.purchases;
      group.revenue += row.revenue;
      expected.set(isNew, group);
    }
    expect(sorted(arpuBuyers(db, period))).toEqual(sorted([...expected.values()]));
  });

  it.each(periods)('churn facts of the report are those of the explain rows, flag for flag, $from..$to', (period) => {
    const range = { ...period, windowStart: churnDates(period, 90).windowStart };
    const dates = churnDates(period, 90);
    const flagsOf = (facts: ChurnFacts) => ({
      clientId: facts.clientId ?? 0,
      ...churnFlags(facts, dates),
      lastBefore: facts.lastBefore,
      lastInPeriod: facts.lastInPeriod,
      revenueBefore: facts.revenueBefore,
    });
    const report = churnFacts(db, range).map(flagsOf);
    // A year of the five-year history has clients coming back after more than the window: the summary lookup is exercised.
    if (period === YEAR && seed === smallBusiness) expect(report.some((client) => client.boughtBefore)).toBe(true);
    expect(sorted(report)).toEqual(sorted(churnClientRows(db, range).map(flagsOf)));
  });
});

describe('visitScan', () => {
  const db = smallBusiness().db;

  it('reads a month or a quarter of a five-year history as a range', () => {
    expect(visitScan(db, MONTH.from, MONTH.to)).toBe('range');
    expect(visitScan(db, '2024-04-01', '2024-06-30')).toBe('range');
  });

  it('reads a year of five, or more, by one pass', () => {
    expect(visitScan(db, YEAR.from, YEAR.to)).toBe('pass');
    expect(visitScan(db, '0000-01-01', '2026-11-21')).toBe('pass');
  });

  it('measures the period against the days from the first visit to the last', () => {
    // Only the five years with visits count: ten years asked hold the whole history, a later year none of it.
    expect(visitScan(db, '2016-01-01', '2026-12-31')).toBe('pass');
    expect(visitScan(db, '2030-01-01', '2030-12-31')).toBe('range');
  });

  it('takes the range when there are no visits', () => {
    const empty = new Seeder();
    seeders.push(empty);
    expect(visitScan(empty.db, '2025-01-01', '2025-12-31')).toBe('range');
  });
});
