/**
 * What `crm due` keeps per client (client_due_facts: the purchase rhythm over all purchase days, the usual service)
 * must equal what is worked out again from the visits and deals, whatever wrote them since the row was stored:
 * visits added, edited (their client, date, amount or service) and deleted, clients merged, won deals and their stages
 * written, journals loaded (bulk, with the insert trigger suspended, or small) and undone. A client's row is stored
 * the first time `crm due` needs it; the steps below ask for every client's at random moments.
 */
import { existsSync, statSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { purchaseRhythms } from '../../src/reports/due.js';
import { type Db, openDatabase } from '../../src/store/db.js';
import { WON_DATE } from '../../src/store/purchase-columns.js';
import { clientDetails, dueDetails, purchaseDays, recentBuyers, rhythmsUpTo } from '../../src/store/report-queries.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { insertVisit, updateVisit } from '../../src/store/visits.js';
import { migratedDbPath } from '../helpers.js';
import { applyVisitWrite, checkAfterEachStep, exists, pickId, type VisitWrite } from './random-writes.js';

const CLIENTS = 4;
const TODAY = '2026-03-31';

interface Facts {
  client_id: number;
  last: string | null;
  median_gap: number | null;
  usual_service: string | null;
}

function stored(db: Db): Facts[] {
  return db
    .prepare('SELECT client_id, last, median_gap, usual_service FROM client_due_facts ORDER BY client_id')
    .all() as Facts[];
}

/** The stored clients' facts worked out again from every visit and deal, for the clients that have a stored row. */
function workedOut(db: Db, clientIds: number[]): Facts[] {
  const rhythms = new Map(purchaseRhythms(purchaseDays(db, '9999-12-31', clientIds)).map((r) => [r.clientId, r]));
  const details = clientDetails(db, clientIds);
  return clientIds.map((id) => ({
    client_id: id,
    last: rhythms.get(id)?.last ?? null,
    median_gap: rhythms.get(id)?.medianGap ?? null,
    usual_service: details.get(id)?.usualService ?? null,
  }));
}

function addClients(db: Db): void {
  const insert = db.prepare("INSERT INTO clients (id, name, name_key, created) VALUES (?, ?, ?, '2026-01-01')");
  for (let id = 1; id <= CLIENTS; id++) insert.run(id, `Client ${id}`, `client ${id}`);
}

const clientId = fc.integer({ min: 1, max: CLIENTS });
/** Few days and services, so that ties, repeated days and a client's last day removed are common. */
const day = fc.integer({ min: 1, max: 9 }).map((d) => `2026-03-0${d}`);
const amount = fc.constantFrom(0, 100, 250);
const service = fc.constantFrom(null, 'Стрижка', 'Маникюр', ' ');

type Write =
  | VisitWrite
  | { kind: 'due' }
  | { kind: 'editService'; pick: number; service: string | null }
  | { kind: 'deal'; client: number; created: string; won: string | null }
  | { kind: 'dealStage'; pick: number; stage: 'won' | 'lost'; date: string }
  | { kind: 'dealClient'; pick: number; client: number }
  | { kind: 'deleteDeal'; pick: number };

const visitSeed = fc.record({ client: fc.integer({ min: 1, max: CLIENTS + 2 }), date: day, amount, service });

const write: fc.Arbitrary<Write> = fc.oneof(
  { arbitrary: fc.constant({ kind: 'due' as const }), weight: 3 },
  fc.record({ kind: fc.constant('visit' as const), client: clientId, date: day, amount, service }),
  fc.record({ kind: fc.constant('editVisit' as const), pick: fc.nat(), client: clientId, date: day, amount }),
  fc.record({ kind: fc.constant('editService' as const), pick: fc.nat(), service }),
  fc.record({ kind: fc.constant('deleteVisit' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('merge' as const), keep: clientId, other: clientId }),
  fc.record({ kind: fc.constant('deal' as const), client: clientId, created: day, won: fc.option(day) }),
  fc.record({
    kind: fc.constant('dealStage' as const),
    pick: fc.nat(),
    stage: fc.constantFrom('won' as const, 'lost' as const),
    date: day,
  }),
  fc.record({ kind: fc.constant('dealClient' as const), pick: fc.nat(), client: clientId }),
  fc.record({ kind: fc.constant('deleteDeal' as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant('journal' as const),
    bulk: fc.boolean(),
    visits: fc.array(visitSeed, { maxLength: 8 }),
  }),
  fc.record({ kind: fc.constant('undo' as const), pick: fc.nat() }),
);

function clientIds(db: Db): number[] {
  return db.prepare('SELECT id FROM clients ORDER BY id').pluck().all() as number[];
}

function apply(db: Db, step: Write): void {
  switch (step.kind) {
    case 'due': {
      // What crm due asks for: every client's rhythm and details (stored as a side effect).
      rhythmsUpTo(db, TODAY, clientIds(db));
      dueDetails(db, clientIds(db));
      return;
    }
    case 'editService': {
      const id = pickId(db, 'visits', step.pick);
      if (id !== undefined) updateVisit(db, id, { service: step.service });
      return;
    }
    case 'deal': {
      if (!exists(db, step.client)) return;
      const id = db
        .prepare("INSERT INTO deals (client_id, title, amount, stage, created) VALUES (?, 'Сделка', 500, ?, ?)")
        .run(step.client, step.won ? 'won' : 'lead', step.created).lastInsertRowid;
      if (step.won) db.prepare("INSERT INTO deal_stages (deal_id, stage, date) VALUES (?, 'won', ?)").run(id, step.won);
      return;
    }
    case 'dealStage': {
      const id = pickId(db, 'deals', step.pick);
      if (id === undefined) return;
      db.prepare('UPDATE deals SET stage = ? WHERE id = ?').run(step.stage, id);
      db.prepare('INSERT INTO deal_stages (deal_id, stage, date) VALUES (?, ?, ?)').run(id, step.stage, step.date);
      return;
    }
    case 'dealClient': {
      const id = pickId(db, 'deals', step.pick);
      if (id !== undefined && exists(db, step.client))
        db.prepare('UPDATE deals SET client_id = ? WHERE id = ?').run(step.client, id);
      return;
    }
    case 'deleteDeal': {
      const id = pickId(db, 'deals', step.pick);
      if (id !== undefined) db.prepare('DELETE FROM deals WHERE id = ?').run(id);
      return;
    }
    default:
      applyVisitWrite(db, step, CLIENTS);
  }
}

/** Clients with a paid visit or a won deal dated in [from, to], the slow way. */
function expectedBuyers(db: Db, from: string, to: string): number[] {
  const visits = db
    .prepare('SELECT DISTINCT client_id FROM visits WHERE amount > 0 AND date BETWEEN ? AND ?')
    .pluck()
    .all(from, to) as number[];
  const deals = db
    .prepare(
      `SELECT d.client_id FROM deals d WHERE d.stage = 'won' AND d.client_id IS NOT NULL AND ${WON_DATE} BETWEEN ? AND ?`,
    )
    .pluck()
    .all(from, to) as number[];
  return [...new Set([...visits, ...deals])].sort((a, b) => a - b);
}

describe('recentBuyers (crm due: the clients alive today)', () => {
  it('lists the clients with a paid visit or a won deal in the range, whatever is dated after it', () => {
    const range = fc.tuple(day, day).map(([a, b]) => (a <= b ? { from: a, to: b } : { from: b, to: a }));
    fc.assert(
      fc.property(
        fc.array(write, { maxLength: 20 }),
        fc.array(range, { minLength: 1, maxLength: 4 }),
        (steps, ranges) => {
          const db = openDatabase(migratedDbPath());
          try {
            addClients(db);
            for (const step of steps) apply(db, step);
            for (const { from, to } of ranges)
              expect(recentBuyers(db, { from, to })).toEqual(expectedBuyers(db, from, to));
          } finally {
            db.close();
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('client_due_facts', () => {
  it('equals the facts worked out again after any sequence of writes, journal loads and undos', () => {
    fc.assert(
      fc.property(fc.array(write, { maxLength: 25 }), (steps) =>
        checkAfterEachStep(steps, addClients, apply, (db) => {
          const rows = stored(db);
          expect(rows).toEqual(
            workedOut(
              db,
              rows.map((row) => row.client_id),
            ),
          );
        }),
      ),
      { numRuns: 150 },
    );
  });

  it('reads, on one connection after any writes, what is worked out again (the facts it keeps between reads too)', () => {
    fc.assert(
      fc.property(fc.array(write, { maxLength: 25 }), (steps) =>
        checkAfterEachStep(steps, addClients, apply, (db) => {
          const ids = clientIds(db);
          const rhythms = rhythmsUpTo(db, TODAY, ids).sort((a, b) => a.clientId - b.clientId);
          expect(rhythms).toEqual(purchaseRhythms(purchaseDays(db, TODAY, ids)));
          expect(dueDetails(db, ids)).toEqual(clientDetails(db, ids));
        }),
      ),
      { numRuns: 150 },
    );
  });

  it('leaves no write-ahead log behind once a report that stored its facts closes its store', async () => {
    const path = migratedDbPath();
    const db = openDatabase(path);
    addClients(db);
    for (let day = 1; day <= 9; day++) {
      for (const client of [1, 2, 3]) {
        const date = `2026-03-0${day}`;
        insertVisit(db, { client_id: client, date, amount: 100, service: 'Стрижка', note: null, extra: {} });
      }
    }
    db.close();
    const store = new SqliteStore(openDatabase(path, { readonly: true }), path);
    const details = await store.reports.dueDetails([1, 2, 3]);
    expect(details.size).toBe(3);
    await store.close();
    const reopened = openDatabase(path, { readonly: true });
    expect(stored(reopened)).toHaveLength(3);
    reopened.close();
    // Read through a log, every later command paid for it: the log is checkpointed when the last connection closes.
    expect(existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0).toBe(0);
  });

  it('is stored by a report on a read-only connection, and what crm due reads is what it works out', () => {
    const path = migratedDbPath();
    const db = openDatabase(path);
    addClients(db);
    for (const [client, date, svc] of [
      [1, '2026-03-01', 'Стрижка'],
      [1, '2026-03-05', 'Маникюр'],
      [1, '2026-03-08', 'Маникюр'],
      [2, '2026-03-02', 'Стрижка'],
      [3, '2026-04-20', 'Стрижка'],
      [3, '2026-03-03', null],
    ] as const) {
      insertVisit(db, { client_id: client, date, amount: 100, service: svc, note: null, extra: {} });
    }
    db.close();
    const reader = openDatabase(path, { readonly: true });
    try {
      const ids = [1, 2, 3, 4];
      const rhythms = rhythmsUpTo(reader, TODAY, ids);
      // Client 3's visit after today is left out of its rhythm up to today, though its stored facts count it.
      expect(rhythms.sort((a, b) => a.clientId - b.clientId)).toEqual([
        ...purchaseRhythms(purchaseDays(reader, TODAY, ids)),
      ]);
      expect(dueDetails(reader, ids)).toEqual(clientDetails(reader, ids));
      expect(stored(reader)).toEqual(workedOut(reader, ids));
      expect(stored(reader).find((row) => row.client_id === 3)?.last).toBe('2026-04-20');
    } finally {
      reader.close();
    }
  });
});
