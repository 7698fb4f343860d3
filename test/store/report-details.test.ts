/**
 * Two report facts that were one SQL query each are now read as lists and put together in JavaScript (the grouped
 * queries sorted every row first): a deal's stage dates and lost reason, and a client's usual service. The former
 * queries are kept here as the definition, and the new readers are held to them on random data.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../src/store/db.js';
import { buyerRows, clientDetails, dealsCreatedIn } from '../../src/store/report-queries.js';
import { migratedDbPath } from '../helpers.js';

const day = fc.integer({ min: 1, max: 4 }).map((d) => `2026-03-0${d}`);
/** Spaces around, an empty text, a tab (which SQLite's trim keeps), or nothing. */
const text = fc.constantFrom(null, '', '  ', 'Дорого', ' Дорого ', '\tдорого', 'Не дозвонились');
const stage = fc.constantFrom('lead', 'qualified', 'deal', 'won', 'lost', 'junk');

/** The funnel query as it was: one grouped row per deal. */
const DEALS_BEFORE = `
  SELECT d.id, d.client_id AS clientId, d.title, d.source, d.stage, d.created, d.amount,
    min(CASE WHEN s.stage = 'qualified' THEN s.date END) AS qualified,
    min(CASE WHEN s.stage = 'deal' THEN s.date END) AS deal,
    min(CASE WHEN s.stage = 'won' THEN s.date END) AS won,
    max(CASE WHEN s.stage = 'lost' THEN s.date END) AS lost,
    max(CASE WHEN s.stage = 'junk' THEN s.date END) AS junk,
    coalesce(
      (SELECT nullif(trim(l.reason), '') FROM deal_stages l WHERE l.deal_id = d.id AND l.stage = 'lost'
       ORDER BY l.date DESC, l.id DESC LIMIT 1),
      nullif(trim(d.reason), '')) AS lostReason
  FROM deals d LEFT JOIN deal_stages s ON s.deal_id = d.id
  WHERE d.created BETWEEN :from AND :to
  GROUP BY d.id
  ORDER BY d.created, d.id`;

/** The usual service as it was: most visits, then the one used last, then by name. */
const USUAL_BEFORE = `
  SELECT c.id, (SELECT service FROM (
      SELECT v.service, count(*) AS visits, max(v.date) AS last FROM visits v
      WHERE v.client_id = c.id AND nullif(trim(v.service), '') IS NOT NULL GROUP BY v.service)
    ORDER BY visits DESC, last DESC, service LIMIT 1) AS usualService
  FROM clients c ORDER BY c.id`;

function newDatabase(clients: number): Db {
  const db = openDatabase(migratedDbPath());
  const insert = db.prepare("INSERT INTO clients (id, name, name_key, created) VALUES (?, ?, ?, '2026-01-01')");
  for (let id = 1; id <= clients; id++) insert.run(id, `C${id}`, `c${id}`);
  return db;
}

describe('dealsCreatedIn', () => {
  it('gives each deal the stage dates and lost reason the grouped query gave', () => {
    const deal = fc.record({
      created: day,
      stage,
      reason: text,
      client: fc.constantFrom(null, 1),
      source: text,
      amount: fc.constantFrom(null, 0, 150_000),
      stages: fc.array(fc.record({ stage, date: day, reason: text }), { maxLength: 5 }),
    });
    fc.assert(
      fc.property(fc.array(deal, { maxLength: 8 }), day, day, (deals, a, b) => {
        const period = a <= b ? { from: a, to: b } : { from: b, to: a };
        const db = newDatabase(1);
        try {
          for (const seed of deals) {
            const id = db
              .prepare(
                "INSERT INTO deals (client_id, title, source, amount, stage, created, reason) VALUES (?, 'Сделка', ?, ?, ?, ?, ?)",
              )
              .run(seed.client, seed.source, seed.amount, seed.stage, seed.created, seed.reason).lastInsertRowid;
            for (const row of seed.stages) {
              db.prepare('INSERT INTO deal_stages (deal_id, stage, date, reason) VALUES (?, ?, ?, ?)').run(
                id,
                row.stage,
                row.date,
                row.reason,
              );
            }
          }
          const want = db.prepare(DEALS_BEFORE).all(period);
          expect(dealsCreatedIn(db, period)).toEqual(want);
          expect(dealsCreatedIn(db, period, 'lookup')).toEqual(want);
          expect(dealsCreatedIn(db, period, 'whole')).toEqual(want);
        } finally {
          db.close();
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('clientDetails', () => {
  it('gives each client the usual service the grouped query gave', () => {
    const visit = fc.record({
      client: fc.integer({ min: 1, max: 3 }),
      date: day,
      service: fc.constantFrom(null, '', ' ', 'Стрижка', 'Стрижка ', 'Окрашивание', 'Ёлка', 'ёлка', 'Z'),
    });
    fc.assert(
      fc.property(fc.array(visit, { maxLength: 15 }), (visits) => {
        const db = newDatabase(3);
        try {
          for (const v of visits) {
            db.prepare('INSERT INTO visits (client_id, date, amount, service) VALUES (?, ?, 100, ?)').run(
              v.client,
              v.date,
              v.service,
            );
          }
          const details = clientDetails(db, [1, 2, 3]);
          const usual = [1, 2, 3].map((id) => ({ id, usualService: details.get(id)!.usualService }));
          expect(usual).toEqual(db.prepare(USUAL_BEFORE).all());
        } finally {
          db.close();
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('first purchases kept between reports', () => {
  it('are read again once this connection or another one has written', () => {
    const db = newDatabase(2);
    try {
      const period = { from: '2026-03-01', to: '2026-03-31' };
      db.prepare(
        "INSERT INTO visits (client_id, date, amount) VALUES (1, '2026-03-10', 100), (2, '2026-03-10', 100)",
      ).run();
      const first = () => buyerRows(db, period).find((row) => row.clientId === 1)!.firstPurchase;
      expect(first()).toBe('2026-03-10');
      db.prepare("INSERT INTO visits (client_id, date, amount) VALUES (1, '2026-03-05', 100)").run();
      expect(first()).toBe('2026-03-05');
      const other = openDatabase(db.name);
      try {
        other.prepare("INSERT INTO visits (client_id, date, amount) VALUES (1, '2026-02-01', 100)").run();
      } finally {
        other.close();
      }
      expect(first()).toBe('2026-02-01');
    } finally {
      db.close();
    }
  });
});
