/**
 * The churn facts as columns by client id (what the churn report and `crm explain` read from either engine) against
 * their plain definition, worked out here from every purchase of random businesses: paid visits, won deals with and
 * without a client, with and without a 'won' stage row.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/calendar.js';
import { type ChurnFactColumns, churnDates, churnFlags, churnReport, churnRoles } from '../../src/reports/churn.js';
import { type ChurnClientColumns, type ChurnMetric, explainChurn } from '../../src/reports/explain.js';
import type { Period } from '../../src/reports/period.js';
import { churnClientColumns, churnFactColumns } from '../../src/store/report-queries.js';
import { randomSource } from './large-seed.js';
import { Seeder } from './seed.js';

const ON_POSTGRES = process.env.CRM_TEST_ENGINE === 'postgres';

/** A small deterministic generator (mulberry32), so that a failing seed can be run again. */
const FIRST_DAY = '2024-01-01';
const DAYS = 2 * 365;

interface Purchase {
  slot: number;
  date: string;
  amount: number;
}

/** A random business over two years; returns every purchase as the reports define one (slot 0: no client). */
function seedBusiness(seeder: Seeder, seed: number): Purchase[] {
  const random = randomSource(seed);
  const pick = (n: number) => Math.floor(random() * n);
  const day = () => addDays(FIRST_DAY, pick(DAYS));
  const clients = 10 + pick(40);
  const ids: number[] = [];
  for (let i = 0; i < clients; i++) ids.push(seeder.client({ name: `Клиент ${pick(clients)}` }));
  const purchases: Purchase[] = [];
  for (let i = pick(600); i > 0; i--) {
    const client = ids[pick(ids.length)]!;
    const date = day();
    // Some visits are free: they are no purchase.
    const amount = random() < 0.15 ? 0 : 100 * (1 + pick(50));
    seeder.visit(client, date, amount);
    if (amount > 0) purchases.push({ slot: client, date, amount });
  }
  for (let i = pick(40); i > 0; i--) {
    const client = random() < 0.2 ? null : ids[pick(ids.length)]!;
    const created = day();
    const wonOn = addDays(created, pick(30));
    const amount = random() < 0.2 ? null : 100 * (1 + pick(500));
    const kind = pick(4);
    // Won with a stage row; won without one (its created date); won twice (the first counts); won, then lost.
    const stages: Array<['lead' | 'won' | 'lost', string]> =
      kind === 0
        ? [
            ['lead', created],
            ['won', wonOn],
          ]
        : kind === 1
          ? []
          : kind === 2
            ? [
                ['won', wonOn],
                ['won', addDays(wonOn, 3)],
              ]
            : [
                ['won', wonOn],
                ['lost', addDays(wonOn, 5)],
              ];
    seeder.deal(client as number, { created, amount, stage: kind === 3 ? 'lost' : 'won', stages });
    if (kind !== 3) purchases.push({ slot: client ?? 0, date: kind === 1 ? created : wonOn, amount: amount ?? 0 });
  }
  return purchases;
}

interface PlainFacts {
  lastBefore: string | null;
  lastInPeriod: string | null;
  revenueBefore: number;
  first: string;
  firstInPeriod: string | null;
  earlier: string | null;
  purchasesInPeriod: number;
  revenueInPeriod: number;
}

/** Each buyer's facts of [from − W, to], by slot, from its purchases one by one. */
function plainFacts(purchases: Purchase[], range: Period & { windowStart: string }): Map<number, PlainFacts> {
  const all = new Map<number, PlainFacts>();
  const max = (a: string | null, b: string) => (a === null || b > a ? b : a);
  const min = (a: string | null, b: string) => (a === null || b < a ? b : a);
  for (const { slot, date, amount } of purchases) {
    const facts = all.get(slot) ?? {
      lastBefore: null,
      lastInPeriod: null,
      revenueBefore: 0,
      first: date,
      firstInPeriod: null,
      earlier: null,
      purchasesInPeriod: 0,
      revenueInPeriod: 0,
    };
    all.set(slot, facts);
    facts.first = min(facts.first, date)!;
    if (date < range.windowStart) facts.earlier = max(facts.earlier, date);
    else if (date < range.from) {
      facts.lastBefore = max(facts.lastBefore, date);
      facts.revenueBefore += amount;
    } else if (date <= range.to) {
      facts.lastInPeriod = max(facts.lastInPeriod, date);
      facts.firstInPeriod = min(facts.firstInPeriod, date);
      facts.purchasesInPeriod++;
      facts.revenueInPeriod += amount;
    }
  }
  for (const [slot, facts] of all) if (facts.lastBefore === null && facts.lastInPeriod === null) all.delete(slot);
  return all;
}

/** A client that bought in the period and not in the window: whether it bought before the window matters. */
const isCandidate = (slot: number, facts: PlainFacts) => slot > 0 && facts.lastBefore === null;

function expectFactColumns(columns: ChurnFactColumns, plain: Map<number, PlainFacts>, windowStart: string) {
  for (let slot = 0; slot < columns.slots; slot++) {
    const facts = plain.get(slot);
    expect([slot, columns.lastBefore[slot] ?? null]).toEqual([slot, facts?.lastBefore ?? null]);
    expect([slot, columns.lastInPeriod[slot] ?? null]).toEqual([slot, facts?.lastInPeriod ?? null]);
    if (facts) expect([slot, columns.revenueBefore[slot]]).toEqual([slot, facts.revenueBefore]);
  }
  for (const [slot, facts] of plain) {
    expect(slot).toBeLessThan(columns.slots);
    if (isCandidate(slot, facts)) {
      expect([slot, columns.boughtBeforeWindow[slot]]).toEqual([slot, facts.first < windowStart ? 1 : 0]);
    }
  }
}

function expectClientColumns(columns: ChurnClientColumns, plain: Map<number, PlainFacts>, windowStart: string) {
  expectFactColumns(columns, plain, windowStart);
  for (const [slot, facts] of plain) {
    if (facts.lastInPeriod !== null) {
      expect([slot, columns.purchasesInPeriod[slot], columns.revenueInPeriod[slot]]).toEqual([
        slot,
        facts.purchasesInPeriod,
        facts.revenueInPeriod,
      ]);
    }
    if (isCandidate(slot, facts) && facts.first < windowStart) {
      expect([slot, columns.earlier.get(slot), columns.firstInPeriod.get(slot)]).toEqual([
        slot,
        facts.earlier,
        facts.firstInPeriod,
      ]);
    }
  }
}

const seeders: Seeder[] = [];
afterAll(() => {
  for (const seeder of seeders) seeder.close();
});

// Fewer businesses on a server, where each is seeded a statement at a time: they check the engine's SQL, which the
// SQLite runs check with six.
const BUSINESSES = ON_POSTGRES ? [1, 2, 3] : [1, 2, 3, 4, 5, 6];

describe.each(BUSINESSES)('churn facts as columns, random business %i', (seed) => {
  const seeder = new Seeder();
  seeders.push(seeder);
  const purchases = seedBusiness(seeder, seed);
  const random = randomSource(seed * 7919);
  const ranges = Array.from({ length: 6 }, () => {
    const from = addDays(FIRST_DAY, Math.floor(random() * DAYS));
    const to = addDays(from, Math.floor(random() * 200));
    const windowDays = 1 + Math.floor(random() * 150);
    const period = { from, to };
    return { period, windowDays, range: { ...period, windowStart: churnDates(period, windowDays).windowStart } };
  });

  it('gives each buyer its facts of the window and of the period', async () => {
    for (const { range } of ranges) {
      const plain = plainFacts(purchases, range);
      expectFactColumns(await seeder.store.reports.churnFacts(range), plain, range.windowStart);
      expectClientColumns(await seeder.store.reports.churnClientColumns(range, true), plain, range.windowStart);
      const listing = await seeder.store.reports.churnClientColumns(range, false);
      for (const [slot, facts] of plain) {
        expect([slot, listing.lastBefore[slot], listing.lastInPeriod[slot]]).toEqual([
          slot,
          facts.lastBefore,
          facts.lastInPeriod,
        ]);
      }
    }
  });

  it.skipIf(ON_POSTGRES)('gives the same columns whichever way the visits are read', () => {
    for (const { range } of ranges) {
      const plain = plainFacts(purchases, range);
      for (const scan of ['range', 'complement'] as const) {
        expectFactColumns(churnFactColumns(seeder.db, range, scan), plain, range.windowStart);
        expectClientColumns(
          churnClientColumns(seeder.db, range, { reactivation: true, scan }),
          plain,
          range.windowStart,
        );
      }
    }
  });

  it('counts and lists the clients the definitions choose', async () => {
    for (const { period, windowDays, range } of ranges) {
      const plain = plainFacts(purchases, range);
      const dates = churnDates(period, windowDays);
      const roles = new Map(
        [...plain].map(([slot, facts]) => [
          slot,
          churnRoles(
            churnFlags(
              { ...facts, boughtBeforeWindow: isCandidate(slot, facts) && facts.first < range.windowStart },
              dates,
            ),
          ),
        ]),
      );
      const count = (role: 'atStart' | 'churned' | 'reactivated') => [...roles.values()].filter((r) => r[role]).length;
      const report = churnReport(period, windowDays, await seeder.store.reports.churnFacts(range));
      expect([report.atStart, report.churned, report.reactivated]).toEqual([
        count('atStart'),
        count('churned'),
        count('reactivated'),
      ]);
      const metrics: Array<[ChurnMetric, 'atStart' | 'churned' | 'reactivated']> = [
        ['at_start', 'atStart'],
        ['churned', 'churned'],
        ['reactivated', 'reactivated'],
      ];
      for (const [metric, role] of metrics) {
        const columns = await seeder.store.reports.churnClientColumns(range, metric === 'reactivated');
        const listed = explainChurn(metric, period, windowDays, columns).report(new Map()).items;
        const expected = [...roles].filter(([, r]) => r[role]).map(([slot]) => (slot === 0 ? null : slot));
        expect(listed.map((item) => item.client_id)).toEqual(expected.sort((a, b) => (a ?? 0) - (b ?? 0)));
      }
    }
  });
});
