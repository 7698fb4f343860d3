/**
 * ARPU by source against its plain definition, on random businesses whose sources are often missing, blank or padded
 * with spaces: a period's buyers (a won deal without a client is none) grouped by their trimmed source.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/calendar.js';
import { arpuGroupRows } from '../../src/store/report-queries.js';
import { randomSource } from './large-seed.js';
import { Seeder } from './seed.js';

const ON_POSTGRES = process.env.CRM_TEST_ENGINE === 'postgres';

const seeders: Seeder[] = [];
afterAll(() => {
  for (const seeder of seeders) seeder.close();
});

const SOURCES = [null, '', '   ', 'Instagram', ' Instagram ', 'Сайт', 'VK'];

// Fewer businesses on a server, where each is seeded a statement at a time (they check the engine's SQL).
describe.each(ON_POSTGRES ? [1, 2] : [1, 2, 3, 4, 5])('ARPU by source, random business %i', (seed) => {
  const random = randomSource(seed);
  const pick = (n: number) => Math.floor(random() * n);
  const seeder = new Seeder();
  seeders.push(seeder);
  // Few sources or many: a business that fills them for some clients only, or for most.
  const filled = random();
  const sourceOf = new Map<number, string | null>();
  const clients = Array.from({ length: 20 + pick(60) }, (_, i) => {
    const source = random() < filled ? SOURCES[1 + pick(SOURCES.length - 1)]! : null;
    const id = seeder.client({ name: `Клиент ${i}`, source });
    sourceOf.set(id, source === null || source.trim() === '' ? null : source.trim());
    return id;
  });
  const visits = Array.from({ length: pick(500) }, () => ({
    client: clients[pick(clients.length)]!,
    date: addDays('2026-01-01', pick(300)),
    amount: random() < 0.1 ? 0 : 100 * (1 + pick(90)),
  }));
  for (const visit of visits) seeder.visit(visit.client, visit.date, visit.amount);
  const wonWithout = addDays('2026-01-01', pick(300));
  seeder.deal(null as unknown as number, { amount: 5000, stages: [['won', wonWithout]] });

  it.each([
    { from: '2026-01-01', to: '2026-12-31' },
    { from: '2026-03-01', to: '2026-03-31' },
    { from: '2026-05-10', to: '2026-05-10' },
  ])('groups the buyers of $from..$to by their trimmed source', async (period) => {
    const groups = new Map<string | null, { clients: Set<number>; purchases: number; revenue: number }>();
    for (const visit of visits) {
      if (visit.amount === 0 || visit.date < period.from || visit.date > period.to) continue;
      const key = sourceOf.get(visit.client)!;
      const group = groups.get(key) ?? { clients: new Set(), purchases: 0, revenue: 0 };
      groups.set(key, group);
      group.clients.add(visit.client);
      group.purchases++;
      group.revenue += visit.amount;
    }
    const expected = [...groups].map(([key, group]) => ({
      key,
      isDeal: false,
      clients: group.clients.size,
      purchases: group.purchases,
      revenue: group.revenue,
    }));
    const byKey = (a: { key: string | null }, b: { key: string | null }) => ((a.key ?? '') < (b.key ?? '') ? -1 : 1);
    const rows = ON_POSTGRES
      ? await seeder.store.reports.arpuGroupRows(period, 'source')
      : arpuGroupRows(seeder.db, period, 'source');
    expect([...rows].sort(byKey)).toEqual(expected.sort(byKey));
  });
});
