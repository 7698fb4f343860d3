/**
 * What `crm due` reads of its clients comes one of two ways, client by client or in one pass over every visit (and
 * every client and phone): both must give what the definitions say (docs/METRICS.md, "Who to call"), worked out here
 * straight from the rows, on hand-made edge cases and on two datasets.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { ClientDetails, PurchaseDays } from '../../src/reports/due.js';
import type { Db } from '../../src/store/db.js';
import { WON_DATE } from '../../src/store/purchase-columns.js';
import { type ClientsRead, clientDetails, purchaseDays } from '../../src/store/report-queries.js';
import { seedLargeDataset } from './large-seed.js';
import { Seeder, seedGoldenDataset } from './seed.js';

const seeders: Seeder[] = [];
afterAll(() => {
  for (const seeder of seeders) seeder.close();
});

const READS: ClientsRead[] = ['lookup', 'whole'];

/** Code point order, as SQLite compares texts (UTF-16 order differs above U+FFFF). */
function byCodePoints(a: string, b: string): number {
  const left = [...a].map((c) => c.codePointAt(0)!);
  const right = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(left.length, right.length); i++) if (left[i] !== right[i]) return left[i]! - right[i]!;
  return left.length - right.length;
}

/** The definitions, from every row: name, first phone by position, service of most visits (then last used, then name). */
function expectedDetails(db: Db, clientIds: number[]): Map<number, ClientDetails> {
  const details = new Map<number, ClientDetails>();
  for (const id of clientIds) {
    const client = db.prepare('SELECT name FROM clients WHERE id = ?').get(id) as { name: string } | undefined;
    if (!client) continue;
    const phones = db
      .prepare("SELECT valid, value, raw, position FROM client_contacts WHERE client_id = ? AND kind = 'phone'")
      .all(id) as Array<{ valid: number; value: string; raw: string; position: number }>;
    phones.sort((a, b) => a.position - b.position);
    const visits = db.prepare('SELECT service, date FROM visits WHERE client_id = ?').all(id) as Array<{
      service: string | null;
      date: string;
    }>;
    const uses = new Map<string, { visits: number; last: string }>();
    for (const { service, date } of visits) {
      if (service === null || service.replace(/^ +| +$/g, '') === '') continue;
      const use = uses.get(service) ?? { visits: 0, last: '' };
      use.visits++;
      if (date > use.last) use.last = date;
      uses.set(service, use);
    }
    const ranked = [...uses].sort(
      ([a, x], [b, y]) => y.visits - x.visits || (x.last < y.last ? 1 : x.last > y.last ? -1 : byCodePoints(a, b)),
    );
    const phone = phones[0];
    details.set(id, {
      name: client.name,
      phone: phone ? (phone.valid ? phone.value : phone.raw) : null,
      usualService: ranked[0]?.[0] ?? null,
    });
  }
  return details;
}

/** Distinct paid-visit days up to today, then each won deal's day (sorted when there is one), for clients with any. */
function expectedDays(db: Db, today: string, clientIds: number[]): PurchaseDays[] {
  const history: PurchaseDays[] = [];
  for (const clientId of [...new Set(clientIds)].sort((a, b) => a - b)) {
    const visits = db
      .prepare('SELECT DISTINCT date FROM visits WHERE client_id = ? AND amount > 0 AND date <= ? ORDER BY date')
      .pluck()
      .all(clientId, today) as string[];
    const deals = db
      .prepare(`SELECT ${WON_DATE} AS date FROM deals d WHERE d.client_id = ? AND d.stage = 'won'`)
      .pluck()
      .all(clientId) as string[];
    const days = [...visits, ...deals.filter((day) => day <= today)];
    if (days.length === 0) continue;
    history.push({ clientId, days: deals.some((day) => day <= today) ? days.sort() : days });
  }
  return history;
}

function edgeCases(): { seeder: Seeder; clients: number[] } {
  const seeder = new Seeder();
  seeders.push(seeder);
  const tie = seeder.client({ name: 'Равные', phone: '+79120000010' });
  // Two services twice each, last used the same day: the first by name (М before С).
  seeder.visit(tie, '2026-01-10', 100, 'Стрижка').visit(tie, '2026-02-10', 100, 'Маникюр');
  seeder.visit(tie, '2026-03-10', 100, 'Стрижка').visit(tie, '2026-03-10', 0, 'Маникюр');
  const later = seeder.client({ name: 'Позже', rawPhone: '8 912 000' });
  // Same count, the one used last wins, whatever its name; free visits count, blank services do not.
  seeder.visit(later, '2026-01-01', 0, 'Альфа').visit(later, '2026-04-01', 100, 'Яблоко');
  seeder.visit(later, '2026-05-01', 100, '   ').visit(later, '2026-05-02', 100, '').visit(later, '2026-05-03', 100);
  const spaced = seeder.client({ name: 'Пробелы' });
  // Texts that differ only by spaces are two services; a visit after today counts for the usual service.
  seeder.visit(spaced, '2026-02-01', 100, ' Укладка').visit(spaced, '2026-02-02', 100, ' Укладка');
  seeder.visit(spaced, '2026-02-03', 100, 'Укладка').visit(spaced, '2027-01-01', 100, 'Укладка');
  seeder.visit(spaced, '2027-01-02', 100, 'Укладка');
  const astral = seeder.client({ name: 'Символы', phone: '+79120000011' });
  // Above U+FFFF: code point order puts U+FB00 first, UTF-16 order the emoji.
  seeder.visit(astral, '2026-06-01', 100, '😀').visit(astral, '2026-06-01', 100, 'ﬀ');
  const phones = seeder.client({ name: 'Телефоны' });
  const phone = seeder.db.prepare(
    'INSERT INTO client_contacts (client_id, kind, value, raw, valid, position, search) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  phone.run(phones, 'email', 'a@b.c', 'a@b.c', 1, 0, 'a@b.c');
  phone.run(phones, 'phone', '+79120000013', '+7 912 000-00-13', 1, 2, '79120000013');
  phone.run(phones, 'phone', '8912', '8 912', 0, 1, '8912');
  seeder.visit(phones, '2026-06-02', 100, 'Педикюр');
  const nothing = seeder.client({ name: 'Пусто' });
  const dealer = seeder.client({ name: 'Сделка' });
  seeder.visit(dealer, '2026-03-01', 100, 'Стрижка').visit(dealer, '2026-05-01', 100, 'Стрижка');
  seeder.deal(dealer, {
    amount: 1000,
    stages: [
      ['lead', '2026-02-01'],
      ['won', '2026-04-01'],
    ],
  });
  // A client asked for that is not stored has no details.
  return { seeder, clients: [tie, later, spaced, astral, phones, nothing, dealer, 9999] };
}

describe('crm due reads its clients the same either way', () => {
  const edge = edgeCases();
  it.each(READS)('usual service, name and phone on edge cases (%s)', (read) => {
    const details = clientDetails(edge.seeder.db, edge.clients, read);
    expect(details).toEqual(expectedDetails(edge.seeder.db, edge.clients));
    const [tie, later, spaced, astral, phones, nothing] = edge.clients.map((id) => details.get(id));
    expect([tie, later, spaced, astral, phones, nothing].map((client) => client?.usualService)).toEqual([
      'Маникюр',
      'Яблоко',
      'Укладка',
      'ﬀ',
      'Педикюр',
      null,
    ]);
    expect([later?.phone, phones?.phone, nothing?.phone]).toEqual(['8 912 000', '8 912', null]);
    expect(details.has(9999)).toBe(false);
  });

  it.each(READS)('purchase days up to today on edge cases (%s)', (read) => {
    const days = purchaseDays(edge.seeder.db, '2026-12-31', edge.clients, read);
    expect(days).toEqual(expectedDays(edge.seeder.db, '2026-12-31', edge.clients));
    expect(days.find((row) => row.clientId === edge.clients[6])?.days).toEqual([
      '2026-03-01',
      '2026-04-01',
      '2026-05-01',
    ]);
  });

  const small = new Seeder();
  seeders.push(small);
  seedLargeDataset(small.db, { clients: 400, visits: 4_000, deals: 300, answers: 0, lastDay: '2026-11-21' });
  const golden = seedGoldenDataset();
  seeders.push(golden);
  describe.each([
    ['a five-year business with deals', small.db],
    ['the golden dataset', golden.db],
  ])('on %s', (_, db) => {
    const all = (db.prepare('SELECT id FROM clients ORDER BY id').pluck().all() as number[]).filter(
      (id) => id % 3 !== 1,
    );
    it.each(READS)('details of every other client (%s)', (read) => {
      expect(clientDetails(db, all, read)).toEqual(expectedDetails(db, all));
    });
    it.each(READS)('purchase days (%s)', (read) => {
      for (const today of ['2026-10-31', '2024-06-30']) {
        expect(purchaseDays(db, today, all, read)).toEqual(expectedDays(db, today, all));
      }
    });
  });
});
