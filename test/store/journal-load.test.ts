import { describe, expect, it } from 'vitest';
import type { PlannedVisit } from '../../src/domain/record-import.js';
import { listBatches } from '../../src/store/batches.js';
import { insertClient } from '../../src/store/clients.js';
import { type Db, openDatabase } from '../../src/store/db.js';
import { JournalLoad, type JournalLoadOptions } from '../../src/store/journal-load.js';
import { insertVisit } from '../../src/store/visits.js';
import { clientDraft } from '../builders.js';
import { tempDbPath } from '../helpers.js';

const draft = (name: string, phone: string) => clientDraft(name, phone);

function visit(clientId: number, date: string, amount: number): PlannedVisit {
  return { clientId, date, amount, service: 'Стрижка', note: null, extra: {} };
}

const counts = { rows_read: 2, created: 2, updated: 0, unchanged: 0, rejected: 0 };
/** Large enough for the load to suspend the indexes, small enough for none of the thresholds to count stored rows. */
const BIG: Omit<JournalLoadOptions, 'dryRun'> = { file: '/tmp/journal.csv', settings: {}, expectedRows: 1_000_000 };

/** What a bulk load must leave as it found it: the schema (indexes, triggers) and the pragma it turns off. */
function schemaOf(db: Db) {
  return {
    schema: db
      .prepare("SELECT type, name, sql FROM sqlite_schema WHERE type IN ('index', 'trigger') ORDER BY name")
      .all(),
    foreignKeys: db.pragma('foreign_keys', { simple: true }),
    checks: db.pragma('ignore_check_constraints', { simple: true }),
  };
}

function storedDatabase(): Db {
  const db = openDatabase(tempDbPath());
  const anna = insertClient(db, draft('Анна', '+79161234567'));
  insertVisit(db, { client_id: anna, date: '2026-02-01', amount: 100_000, service: 'Стрижка', note: null, extra: {} });
  return db;
}

describe('JournalLoad', () => {
  it('writes clients and visits in one commit, with indexes, trigger, purchases and foreign keys as before', () => {
    const db = storedDatabase();
    const before = schemaOf(db);
    const load = new JournalLoad(db, { ...BIG, dryRun: false });
    expect(load.clients.map((c) => c.name)).toEqual(['Анна']);
    // The indexes are suspended while the load runs.
    expect(
      db
        .prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'visits' AND sql IS NOT NULL")
        .pluck()
        .get(),
    ).toBe(0);
    load.startVisits(false);
    const boris = load.addClient(draft('Борис', '+79167654321'));
    load.addVisit(visit(boris, '2026-03-01', 50_000));
    load.addVisit(visit(1, '2026-01-15', 70_000));
    expect(load.storedCount(1, '2026-02-01', 100_000, 'стрижка')).toBe(1);
    load.complete([{ clientId: boris, others: [1] }], 'same name start');
    load.commit({ counts, settings: { detected: 'x' }, fileSha256: 'abc' });

    expect(db.inTransaction).toBe(false);
    expect(schemaOf(db)).toEqual(before);
    expect(db.prepare('SELECT client_id, date, amount FROM visits ORDER BY id').all()).toEqual([
      { client_id: 1, date: '2026-02-01', amount: 100_000 },
      { client_id: boris, date: '2026-03-01', amount: 50_000 },
      { client_id: 1, date: '2026-01-15', amount: 70_000 },
    ]);
    expect(db.prepare('SELECT client_id, first, second FROM client_purchases ORDER BY client_id').all()).toEqual([
      { client_id: 1, first: '2026-01-15', second: '2026-02-01' },
      { client_id: boris, first: '2026-03-01', second: null },
    ]);
    expect(db.prepare('SELECT client_id, other_id, reason FROM duplicate_candidates').all()).toEqual([
      { client_id: boris, other_id: 1, reason: 'same name start' },
    ]);
    const [batch] = listBatches(db);
    expect(batch).toMatchObject({ id: load.batchId, status: 'done', file_sha256: 'abc', rows_read: 2 });
    expect(JSON.parse(batch!.settings)).toEqual({ detected: 'x' });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('abandoned at any step, leaves the database as it was, batch record included', () => {
    const db = storedDatabase();
    const before = { ...schemaOf(db), visits: db.prepare('SELECT * FROM visits').all() };
    const load = new JournalLoad(db, { ...BIG, dryRun: false });
    load.startVisits(false);
    load.addVisit(visit(load.addClient(draft('Борис', '+79167654321')), '2026-03-01', 50_000));
    load.complete([], 'same name start');
    load.abandon();
    load.abandon();
    expect({ ...schemaOf(db), visits: db.prepare('SELECT * FROM visits').all() }).toEqual(before);
    expect(listBatches(db)).toEqual([]);
    expect(db.prepare('SELECT count(*) FROM clients').pluck().get()).toBe(1);
  });

  it('commits nothing when the last step before the commit fails', () => {
    const db = storedDatabase();
    const load = new JournalLoad(db, { ...BIG, dryRun: false });
    load.startVisits(false);
    load.addVisit(visit(1, '2026-03-01', 50_000));
    load.complete([], 'same name start');
    expect(() =>
      load.commit({ counts, settings: {}, fileSha256: '' }, () => {
        throw new Error('disk full');
      }),
    ).toThrow('disk full');
    load.abandon();
    expect(db.prepare('SELECT count(*) FROM visits').pluck().get()).toBe(1);
    expect(listBatches(db)).toEqual([]);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(() => db.prepare('UPDATE visits SET amount = -1').run()).toThrow(/CHECK/);
  });

  it('holds the write lock from its start: a second load waits, and fails when the first never ends', () => {
    const path = tempDbPath();
    const first = openDatabase(path);
    const second = openDatabase(path);
    second.pragma('busy_timeout = 50');
    const load = new JournalLoad(first, { ...BIG, dryRun: false });
    expect(() => new JournalLoad(second, { ...BIG, dryRun: false })).toThrow(/locked|busy/i);
    // The failed one changed nothing on its own connection either.
    expect(second.inTransaction).toBe(false);
    expect(second.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(second.pragma('ignore_check_constraints', { simple: true })).toBe(0);
    load.abandon();
  });

  it('in a dry run, reads what is stored and writes nothing', () => {
    const db = storedDatabase();
    const before = schemaOf(db);
    const load = new JournalLoad(db, { ...BIG, dryRun: true });
    expect(db.inTransaction).toBe(false);
    expect(load.batchId).toBeNull();
    expect(load.storedCount(1, '2026-02-01', 100_000, 'Стрижка')).toBe(1);
    load.startVisits(false);
    load.addVisit(visit(1, '2026-03-01', 50_000));
    expect(() => load.addClient(draft('Борис', '+79167654321'))).toThrow();
    load.complete([], 'same name start');
    load.commit({ counts, settings: {}, fileSha256: '' });
    expect(schemaOf(db)).toEqual(before);
    expect(db.prepare('SELECT count(*) FROM visits').pluck().get()).toBe(1);
    expect(listBatches(db)).toEqual([]);
  });
});
