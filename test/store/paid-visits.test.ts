/**
 * The paid-visit summaries (paid_visits_by_client, paid_visits_by_day) must always equal their definition, the paid
 * visits counted again from visits, whatever wrote them: visits added, edited and deleted by hand, clients merged,
 * journals loaded (bulk, with the insert trigger suspended, or small) and undone, and the migration that fills them
 * for the history of an older database (what a restore of an older backup opens).
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Db, migrate, openDatabase, schemaVersion } from '../../src/store/db.js';
import { LATEST_VERSION, MIGRATIONS } from '../../src/store/migrations.js';
import { insertVisit, updateVisit } from '../../src/store/visits.js';
import { tempDbPath } from '../helpers.js';
import { applyVisitWrite, checkAfterEachStep, loadJournal, pickId, type VisitWrite } from './random-writes.js';

const CLIENTS = 4;

interface Summary {
  clients: Array<{ client_id: number; purchases: number; revenue: number; last: string }>;
  days: Array<{ date: string; purchases: number; revenue: number }>;
}

/** The definition, the slow way: every paid visit, summed in JavaScript. */
function expectedSummary(db: Db): Summary {
  const visits = db.prepare('SELECT client_id, date, amount FROM visits WHERE amount > 0').all() as Array<{
    client_id: number;
    date: string;
    amount: number;
  }>;
  const clients = new Map<number, Summary['clients'][number]>();
  const days = new Map<string, Summary['days'][number]>();
  for (const { client_id, date, amount } of visits) {
    const client = clients.get(client_id) ?? { client_id, purchases: 0, revenue: 0, last: date };
    client.purchases++;
    client.revenue += amount;
    if (date > client.last) client.last = date;
    clients.set(client_id, client);
    const day = days.get(date) ?? { date, purchases: 0, revenue: 0 };
    day.purchases++;
    day.revenue += amount;
    days.set(date, day);
  }
  return {
    clients: [...clients.values()].sort((a, b) => a.client_id - b.client_id),
    days: [...days.values()].sort((a, b) => (a.date < b.date ? -1 : 1)),
  };
}

function storedSummary(db: Db): Summary {
  return {
    clients: db
      .prepare('SELECT client_id, purchases, revenue, last FROM paid_visits_by_client ORDER BY client_id')
      .all() as Summary['clients'],
    days: db.prepare('SELECT date, purchases, revenue FROM paid_visits_by_day ORDER BY date').all() as Summary['days'],
  };
}

function addClients(db: Db): void {
  const insert = db.prepare("INSERT INTO clients (id, name, name_key, created) VALUES (?, ?, ?, '2026-01-01')");
  for (let id = 1; id <= CLIENTS; id++) insert.run(id, `Client ${id}`, `client ${id}`);
}

const clientId = fc.integer({ min: 1, max: CLIENTS });
/** Few distinct days, so that two visits on one day, and a client's last day removed, are common. */
const day = fc.integer({ min: 1, max: 5 }).map((d) => `2026-03-0${d}`);
const amount = fc.constantFrom(0, 0, 100, 250, 99_999);

type Write = VisitWrite | { kind: 'editAmount'; pick: number; amount: number };

const visitSeed = fc.record({ client: fc.integer({ min: 1, max: CLIENTS + 2 }), date: day, amount });

const write: fc.Arbitrary<Write> = fc.oneof(
  fc.record({ kind: fc.constant('visit' as const), client: clientId, date: day, amount }),
  fc.record({ kind: fc.constant('editVisit' as const), pick: fc.nat(), client: clientId, date: day, amount }),
  fc.record({ kind: fc.constant('editAmount' as const), pick: fc.nat(), amount }),
  fc.record({ kind: fc.constant('deleteVisit' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('merge' as const), keep: clientId, other: clientId }),
  fc.record({
    kind: fc.constant('journal' as const),
    bulk: fc.boolean(),
    visits: fc.array(visitSeed, { maxLength: 12 }),
  }),
  fc.record({ kind: fc.constant('undo' as const), pick: fc.nat() }),
);

/** The row of `table` at position `pick` (modulo the row count), or undefined when the table is empty. */
function apply(db: Db, step: Write): void {
  if (step.kind !== 'editAmount') {
    applyVisitWrite(db, step, CLIENTS);
    return;
  }
  const id = pickId(db, 'visits', step.pick);
  if (id !== undefined) updateVisit(db, id, { amount: step.amount });
}

describe('paid-visit summaries', () => {
  it('equal their definition after any sequence of writes, journal loads and undos', () => {
    fc.assert(
      fc.property(fc.array(write, { maxLength: 25 }), (steps) =>
        checkAfterEachStep(steps, addClients, apply, (db) => expect(storedSummary(db)).toEqual(expectedSummary(db))),
      ),
      { numRuns: 120 },
    );
  });

  it('leave the schema as it was after a bulk load: the suspended trigger is back and counts again', () => {
    const db = openDatabase(tempDbPath());
    try {
      addClients(db);
      const triggers = () =>
        db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name").all();
      const before = triggers();
      loadJournal(db, [{ client: 1, date: '2026-03-01', amount: 100 }], true, CLIENTS);
      expect(triggers()).toEqual(before);
      insertVisit(db, { client_id: 2, date: '2026-03-02', amount: 50, service: null, note: null, extra: {} });
      expect(storedSummary(db)).toEqual(expectedSummary(db));
      expect(storedSummary(db).clients).toHaveLength(2);
    } finally {
      db.close();
    }
  });

  it('are filled from the stored history when a database of schema 3 is opened, even by a report', () => {
    fc.assert(
      fc.property(fc.array(visitSeed, { maxLength: 20 }), (visits) => {
        const path = tempDbPath();
        const old = new Database(path);
        migrate(
          old,
          path,
          MIGRATIONS.filter((migration) => migration.version <= 3),
        );
        addClients(old);
        for (const visit of visits) {
          const client = Math.min(visit.client, CLIENTS);
          old
            .prepare('INSERT INTO visits (client_id, date, amount) VALUES (?, ?, ?)')
            .run(client, visit.date, visit.amount);
        }
        old.close();
        const db = openDatabase(path, { readonly: true });
        try {
          expect(schemaVersion(db)).toBe(LATEST_VERSION);
          expect(storedSummary(db)).toEqual(expectedSummary(db));
        } finally {
          db.close();
        }
      }),
      { numRuns: 20 },
    );
  });
});
