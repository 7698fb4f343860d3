/**
 * The per-client purchase summary (client_purchases) must always equal its definition, the first two purchase dates
 * of each client read from visits and won deals, whatever wrote them: random mixes of every kind of write, a bulk
 * import that suspends the insert trigger, an undo, and the migration that fills it for an existing history.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EarliestPurchases } from '../../src/domain/purchase-dates.js';
import { beginBatch, finishBatch, undoBatch } from '../../src/store/batches.js';
import { type Db, migrate, openDatabase, schemaVersion } from '../../src/store/db.js';
import { LATEST_VERSION, MIGRATIONS } from '../../src/store/migrations.js';
import { addPurchaseDates, suspendPurchaseTrigger } from '../../src/store/purchases.js';
import { migratedDbPath, tempDbPath } from '../helpers.js';

const CLIENTS = 4;

/** The definition, computed the slow way: every purchase of every client, sorted. */
function expectedSummary(db: Db): Array<{ client_id: number; first: string; second: string | null }> {
  const purchases = db
    .prepare(
      `SELECT client_id, date FROM visits WHERE amount > 0
       UNION ALL
       SELECT d.client_id, coalesce((SELECT min(s.date) FROM deal_stages s WHERE s.deal_id = d.id AND s.stage = 'won'), d.created)
       FROM deals d WHERE d.stage = 'won' AND d.client_id IS NOT NULL`,
    )
    .all() as Array<{ client_id: number; date: string }>;
  const byClient = new Map<number, string[]>();
  for (const { client_id, date } of purchases) byClient.set(client_id, [...(byClient.get(client_id) ?? []), date]);
  return [...byClient]
    .map(([client_id, dates]) => {
      const sorted = dates.sort();
      return { client_id, first: sorted[0]!, second: sorted[1] ?? null };
    })
    .sort((a, b) => a.client_id - b.client_id);
}

function storedSummary(db: Db) {
  return db.prepare('SELECT client_id, first, second FROM client_purchases ORDER BY client_id').all();
}

function newDatabase(): Db {
  const db = openDatabase(migratedDbPath());
  const insert = db.prepare("INSERT INTO clients (id, name, name_key, created) VALUES (?, ?, ?, '2026-01-01')");
  for (let id = 1; id <= CLIENTS; id++) insert.run(id, `Client ${id}`, `client ${id}`);
  return db;
}

const clientId = fc.integer({ min: 1, max: CLIENTS });
/** Few distinct days, so that ties (two purchases on one day) are common. */
const day = fc.integer({ min: 1, max: 6 }).map((d) => `2026-03-0${d}`);
const amount = fc.constantFrom(0, 0, 100, 250);

type Write =
  | { kind: 'visit'; client: number; date: string; amount: number }
  | { kind: 'editVisit'; pick: number; client: number; date: string; amount: number }
  | { kind: 'deleteVisit'; pick: number }
  | { kind: 'deal'; client: number | null; created: string; won: boolean }
  | { kind: 'stage'; pick: number; stage: 'won' | 'lost' | 'deal'; date: string }
  | { kind: 'editDeal'; pick: number; client: number | null; created: string }
  | { kind: 'deleteStage'; pick: number }
  | { kind: 'deleteDeal'; pick: number }
  | { kind: 'mergeClients'; from: number; into: number };

const write: fc.Arbitrary<Write> = fc.oneof(
  fc.record({ kind: fc.constant('visit' as const), client: clientId, date: day, amount }),
  fc.record({ kind: fc.constant('editVisit' as const), pick: fc.nat(), client: clientId, date: day, amount }),
  fc.record({ kind: fc.constant('deleteVisit' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('deal' as const), client: fc.option(clientId), created: day, won: fc.boolean() }),
  fc.record({
    kind: fc.constant('stage' as const),
    pick: fc.nat(),
    stage: fc.constantFrom('won' as const, 'lost' as const, 'deal' as const),
    date: day,
  }),
  fc.record({ kind: fc.constant('editDeal' as const), pick: fc.nat(), client: fc.option(clientId), created: day }),
  fc.record({ kind: fc.constant('deleteStage' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('deleteDeal' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('mergeClients' as const), from: clientId, into: clientId }),
);

/** The row of `table` at position `pick` (modulo the row count), or undefined when the table is empty. */
function pickId(db: Db, table: string, pick: number): number | undefined {
  const ids = db.prepare(`SELECT id FROM ${table} ORDER BY id`).pluck().all() as number[];
  return ids.length ? ids[pick % ids.length] : undefined;
}

function apply(db: Db, step: Write): void {
  switch (step.kind) {
    case 'visit':
      db.prepare('INSERT INTO visits (client_id, date, amount) VALUES (?, ?, ?)').run(
        step.client,
        step.date,
        step.amount,
      );
      return;
    case 'editVisit': {
      const id = pickId(db, 'visits', step.pick);
      if (id !== undefined)
        db.prepare('UPDATE visits SET client_id = ?, date = ?, amount = ? WHERE id = ?').run(
          step.client,
          step.date,
          step.amount,
          id,
        );
      return;
    }
    case 'deleteVisit': {
      const id = pickId(db, 'visits', step.pick);
      if (id !== undefined) db.prepare('DELETE FROM visits WHERE id = ?').run(id);
      return;
    }
    case 'deal':
      db.prepare("INSERT INTO deals (client_id, title, stage, created) VALUES (?, 'deal', ?, ?)").run(
        step.client,
        step.won ? 'won' : 'lead',
        step.created,
      );
      return;
    case 'stage': {
      const id = pickId(db, 'deals', step.pick);
      if (id === undefined) return;
      db.prepare('INSERT INTO deal_stages (deal_id, stage, date) VALUES (?, ?, ?)').run(id, step.stage, step.date);
      db.prepare('UPDATE deals SET stage = ? WHERE id = ?').run(step.stage, id);
      return;
    }
    case 'editDeal': {
      const id = pickId(db, 'deals', step.pick);
      if (id === undefined) return;
      // With no client given only the created date changes: a won deal without stage rows is a purchase on it.
      if (step.client === null) db.prepare('UPDATE deals SET created = ? WHERE id = ?').run(step.created, id);
      else db.prepare('UPDATE deals SET client_id = ?, created = ? WHERE id = ?').run(step.client, step.created, id);
      return;
    }
    case 'deleteStage': {
      const id = pickId(db, 'deal_stages', step.pick);
      if (id !== undefined) db.prepare('DELETE FROM deal_stages WHERE id = ?').run(id);
      return;
    }
    case 'deleteDeal': {
      const id = pickId(db, 'deals', step.pick);
      if (id !== undefined) db.prepare('DELETE FROM deals WHERE id = ?').run(id);
      return;
    }
    case 'mergeClients':
      db.prepare('UPDATE visits SET client_id = ? WHERE client_id = ?').run(step.into, step.from);
      db.prepare('UPDATE deals SET client_id = ? WHERE client_id = ?').run(step.into, step.from);
  }
}

describe('client_purchases', () => {
  it('equals its definition after any sequence of writes', () => {
    fc.assert(
      fc.property(fc.array(write, { maxLength: 40 }), (steps) => {
        const db = newDatabase();
        try {
          for (const step of steps) {
            apply(db, step);
            expect(storedSummary(db)).toEqual(expectedSummary(db));
          }
        } finally {
          db.close();
        }
      }),
      { numRuns: 150 },
    );
  });

  it('equals its definition after a bulk load with the insert trigger suspended, and after its undo', () => {
    fc.assert(
      fc.property(
        fc.array(write, { maxLength: 15 }),
        // Clients CLIENTS + 1 and CLIENTS + 2 are created by the load itself, as an import creates a journal's clients.
        fc.array(fc.record({ client: fc.integer({ min: 1, max: CLIENTS + 2 }), date: day, amount }), { maxLength: 30 }),
        fc.boolean(),
        (before, loaded, bulk) => {
          const db = newDatabase();
          try {
            for (const step of before) apply(db, step);
            const expectedBefore = storedSummary(db);
            db.exec('BEGIN');
            const batch = beginBatch(db, 'visits', 'journal.csv', '', {});
            const restore = suspendPurchaseTrigger(db, 'visits_purchase_insert');
            const firstNewClient = CLIENTS + 1;
            for (const id of [firstNewClient, firstNewClient + 1])
              db.prepare(
                "INSERT INTO clients (id, name, name_key, created) VALUES (?, 'New', 'new', '2026-01-01')",
              ).run(id);
            const purchases = new EarliestPurchases();
            const insert = db.prepare('INSERT INTO visits (client_id, date, amount, batch_id) VALUES (?, ?, ?, ?)');
            for (const visit of loaded) {
              insert.run(visit.client, visit.date, visit.amount, batch);
              if (visit.amount > 0) purchases.add(visit.client, visit.date);
            }
            // Suspended: the summary has not moved yet.
            expect(storedSummary(db)).toEqual(expectedBefore);
            const indexes = () =>
              db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'client_purchases'").all();
            const indexesBefore = indexes();
            expect(indexesBefore).toHaveLength(2);
            addPurchaseDates(db, purchases.entries(), { bulk, firstNewClient });
            expect(indexes()).toEqual(indexesBefore);
            restore();
            finishBatch(db, batch, {
              rows_read: loaded.length,
              created: loaded.length,
              updated: 0,
              unchanged: 0,
              rejected: 0,
            });
            db.exec('COMMIT');
            expect(storedSummary(db)).toEqual(expectedSummary(db));
            // The trigger is back: a visit added by hand moves the summary again.
            apply(db, { kind: 'visit', client: 1, date: '2026-02-01', amount: 100 });
            expect(storedSummary(db)).toEqual(expectedSummary(db));
            undoBatch(db, batch);
            expect(storedSummary(db)).toEqual(expectedSummary(db));
          } finally {
            db.close();
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('is filled from the stored history when a database of schema 1 is opened, even by a report', () => {
    fc.assert(
      fc.property(fc.array(write, { maxLength: 30 }), (steps) => {
        const path = tempDbPath();
        const old = new Database(path);
        migrate(old, path, MIGRATIONS.slice(0, 1));
        const insert = old.prepare("INSERT INTO clients (id, name, name_key, created) VALUES (?, ?, ?, '2026-01-01')");
        for (let id = 1; id <= CLIENTS; id++) insert.run(id, `Client ${id}`, `client ${id}`);
        for (const step of steps) apply(old, step);
        old.close();
        // A report opens read-only: the upgrade still happens, on a connection of its own.
        const db = openDatabase(path, { readonly: true });
        try {
          expect(schemaVersion(db)).toBe(LATEST_VERSION);
          expect(storedSummary(db)).toEqual(expectedSummary(db));
        } finally {
          db.close();
        }
      }),
      { numRuns: 30 },
    );
  });
});
