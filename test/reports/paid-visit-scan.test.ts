/**
 * The two ways of reading a period's paid visits (the range of visits(date), or the per-client summary less the
 * visits around the period) must give the same facts to every report; paidVisitScan only picks the cheaper one.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { buyerTotals as totalsOf } from '../../src/reports/arpu.js';
import { type ChurnFacts, churnDates, churnFlags } from '../../src/reports/churn.js';
import type { Period } from '../../src/reports/period.js';
import { paidVisitCounts, paidVisitScan, wonDeals } from '../../src/store/purchase-columns.js';
import {
  arpuGroupRows,
  buyerRows,
  buyerTotals,
  cohortActivity,
  type PaidVisitScan,
  purchaseCountRows,
  rfmFacts,
} from '../../src/store/report-queries.js';
import { churnClientRows, churnFacts } from './churn-rows.js';
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

/** Rows in a fixed order. */
function sorted<T>(rows: T[]): T[] {
  return [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}

const YEAR: Period = { from: '2025-01-01', to: '2025-12-31' };
const MONTH: Period = { from: '2026-10-01', to: '2026-10-31' };
/** The small business's first year, when its clients make their first purchases. */
const FIRST_YEAR: Period = { from: '2021-11-01', to: '2022-10-31' };
/** One day: a handful of buyers. */
const DAY: Period = { from: '2026-10-15', to: '2026-10-15' };
/** Everything up to the last day with data: nothing after it to take away. */
const EVERYTHING: Period = { from: '2000-01-01', to: '2026-11-21' };

describe.each([
  ['a five-year business with deals', smallBusiness, [YEAR, MONTH, FIRST_YEAR, EVERYTHING]],
  ['the golden dataset', golden, [YEAR, MONTH, EVERYTHING]],
])('range and complement agree, on %s', (_, seed, periods) => {
  const db = seed().db;
  const both = <T>(query: (scan: PaidVisitScan) => T[]) => {
    const range = sorted(query('range'));
    expect(range.length).toBeGreaterThan(0);
    expect(sorted(query('complement'))).toEqual(range);
  };
  const churnRange = (period: Period) => ({ ...period, windowStart: churnDates(period, 90).windowStart });

  it.each(periods)('buyers and their first purchase, $from..$to', (period) => {
    both((scan) => buyerRows(db, period, scan));
  });

  it.each(periods)('buyer totals are the buyers summed, $from..$to', (period) => {
    for (const scan of ['range', 'complement'] as const) {
      expect(buyerTotals(db, period, scan)).toEqual(totalsOf(period, buyerRows(db, period, scan)));
    }
  });

  it.each(periods)('buyers by source and by tag, $from..$to', (period) => {
    both((scan) => arpuGroupRows(db, period, 'source', scan));
    both((scan) => arpuGroupRows(db, period, 'tag', scan));
  });

  // A day's few buyers have their sources looked up one by one; a year's many are read with every client.
  it.each([...periods, DAY])('buyers by source are the buyers summed by their source, $from..$to', (period) => {
    const sources = new Map(
      (
        db.prepare("SELECT id, nullif(trim(source), '') AS source FROM clients").all() as Array<{
          id: number;
          source: string | null;
        }>
      ).map((row) => [row.id, row.source]),
    );
    const groups = new Map<
      string | null,
      { key: string | null; isDeal: boolean; clients: number; purchases: number; revenue: number }
    >();
    for (const buyer of buyerRows(db, period)) {
      if (buyer.clientId === null) continue;
      const key = sources.get(buyer.clientId) ?? null;
      const group = groups.get(key) ?? { key, isDeal: false, clients: 0, purchases: 0, revenue: 0 };
      group.clients++;
      group.purchases += buyer.purchases;
      group.revenue += buyer.revenue;
      groups.set(key, group);
    }
    expect(sorted(arpuGroupRows(db, period, 'source'))).toEqual(sorted([...groups.values()]));
  });

  // A day's few visits have their service looked up one by one; a year's many are read with the whole table.
  it.each([...periods, DAY])('buyers by service are the purchases summed by service, $from..$to', (period) => {
    const visits = db
      .prepare(
        "SELECT client_id, amount, nullif(trim(service), '') AS service FROM visits WHERE amount > 0 AND date BETWEEN ? AND ?",
      )
      .all(period.from, period.to) as Array<{ client_id: number; amount: number; service: string | null }>;
    const groups = new Map<
      string,
      { key: string | null; isDeal: boolean; clients: Set<number>; purchases: number; revenue: number }
    >();
    const add = (key: string | null, isDeal: boolean, client: number | null, amount: number) => {
      const id = `${isDeal}:${key}`;
      const group = groups.get(id) ?? { key, isDeal, clients: new Set<number>(), purchases: 0, revenue: 0 };
      if (client !== null) group.clients.add(client);
      group.purchases++;
      group.revenue += amount;
      groups.set(id, group);
    };
    for (const visit of visits) add(visit.service, false, visit.client_id, visit.amount);
    for (const deal of wonDeals(db, period.from, period.to)) add(null, true, deal.client_id, deal.amount);
    const expected = [...groups.values()].map((group) => ({ ...group, clients: group.clients.size }));
    expect(sorted(arpuGroupRows(db, period, 'service'))).toEqual(sorted(expected));
  });

  // Many new clients are counted from the period's days in typed arrays, a few looked up: both as defined.
  it.each([...periods, DAY])('cohort activity is each new client counted once a month, $from..$to', (period) => {
    const firsts = new Map(
      (
        db
          .prepare('SELECT client_id, first FROM client_purchases WHERE first BETWEEN ? AND ?')
          .all(period.from, period.to) as Array<{
          client_id: number;
          first: string;
        }>
      ).map((row) => [row.client_id, row.first.slice(0, 7)]),
    );
    const purchases = [
      ...(db
        .prepare('SELECT client_id, date FROM visits WHERE amount > 0 AND date BETWEEN ? AND ?')
        .all(period.from, period.to) as Array<{ client_id: number; date: string }>),
      ...wonDeals(db, period.from, period.to).map((deal) => ({ client_id: deal.client_id, date: deal.date })),
    ];
    const months = new Map<string, Set<number>>();
    for (const { client_id, date } of purchases) {
      const cohort = client_id === null ? undefined : firsts.get(client_id);
      if (cohort === undefined) continue;
      const key = `${cohort} ${date.slice(0, 7)}`;
      months.set(key, (months.get(key) ?? new Set()).add(client_id!));
    }
    const expected = [...months].map(([key, clients]) => {
      const [cohort, month] = key.split(' ');
      return { cohort, month, clients: clients.size };
    });
    expect(sorted(cohortActivity(db, period))).toEqual(sorted(expected));
  });

  it.each(periods)('purchases, first and last purchase up to the end, $from..$to', (period) => {
    both((scan) => purchaseCountRows(db, period, scan));
  });

  it.each(periods)('RFM facts, $from..$to', (period) => {
    both((scan) => {
      const facts = rfmFacts(db, period, scan);
      return facts.clientIds.map((clientId, i) => ({
        clientId,
        last: facts.lastPurchase[i],
        frequency: facts.frequency[i],
        monetary: facts.monetary[i],
      }));
    });
  });

  it.each(periods)('churn explain rows, $from..$to', (period) => {
    both((scan) => churnClientRows(db, churnRange(period), { reactivation: true, scan }));
  });

  // The report's facts and crm explain's rows are made by two functions: both must tell the same story.
  it.each(periods)('churn facts of the report are those of the explain rows, flag for flag, $from..$to', (period) => {
    const dates = churnDates(period, 90);
    const flagsOf = (facts: Omit<ChurnFacts, 'clientId'> & { clientId: number | null }) => ({
      clientId: facts.clientId ?? 0,
      ...churnFlags(facts, dates),
      lastBefore: facts.lastBefore,
      lastInPeriod: facts.lastInPeriod,
      revenueBefore: facts.revenueBefore,
    });
    const report = churnFacts(db, churnRange(period)).map(flagsOf);
    // A year of the five-year history has clients coming back after more than the window: the summary lookup is exercised.
    if (period === YEAR && seed === smallBusiness) expect(report.some((client) => client.boughtBefore)).toBe(true);
    expect(sorted(report)).toEqual(sorted(churnClientRows(db, churnRange(period)).map(flagsOf)));
  });
});

describe('paidVisitScan', () => {
  const db = smallBusiness().db;

  it('reads a month or a quarter of a five-year history as a range', () => {
    expect(paidVisitScan(db, MONTH.from, MONTH.to, false)).toBe('range');
    expect(paidVisitScan(db, '2024-04-01', '2024-06-30', true)).toBe('range');
  });

  it('reads everything, or everything but a little, as the summary less what lies outside', () => {
    expect(paidVisitScan(db, '0000-01-01', '2026-11-21', true)).toBe('complement');
    expect(paidVisitScan(db, '2021-12-01', '2026-11-21', true)).toBe('complement');
    expect(paidVisitScan(db, '0000-01-01', '2026-10-31', false)).toBe('complement');
  });

  it('counts the lookups of the last visit that the clients buying after the period would cost', () => {
    // Up to the end of 2025, most of the history: without the last purchase the summary wins; with it, every client
    // seen in the eleven months after would need a lookup.
    expect(paidVisitScan(db, '0000-01-01', '2025-12-31', false)).toBe('complement');
    expect(paidVisitScan(db, '0000-01-01', '2025-12-31', true)).toBe('range');
  });

  it('counts a lookup per client buying after the period, not per visit after it', () => {
    // Half a year after: about 400 visits by about 250 of the 400 clients. A lookup per visit (400, as many as the
    // clients) made the summary look dearer than the 3,600 visits before; it reads less.
    const { after, clients } = paidVisitCounts(db, '0000-01-01', '2026-05-21');
    expect(after).toBeGreaterThan(clients * 0.8);
    expect(paidVisitScan(db, '0000-01-01', '2026-05-21', true)).toBe('complement');
  });

  it('takes the range when there are no visits', () => {
    const empty = new Seeder();
    seeders.push(empty);
    expect(paidVisitScan(empty.db, '2025-01-01', '2025-12-31', true)).toBe('range');
  });
});
