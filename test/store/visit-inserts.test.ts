import { describe, expect, it } from 'vitest';
import type { PlannedVisit } from '../../src/domain/record-import.js';
import { beginBatch } from '../../src/store/batches.js';
import { insertSql } from '../../src/store/bulk-insert.js';
import { insertClient } from '../../src/store/clients.js';
import { type Db, openDatabase } from '../../src/store/db.js';
import { insertVisit, VisitInserts } from '../../src/store/visits.js';
import { clientDraft } from '../builders.js';
import { tempDbPath } from '../helpers.js';

function visit(n: number, withExtra: boolean): PlannedVisit {
  return {
    clientId: 1 + (n % 3),
    date: `2026-03-${String(1 + (n % 28)).padStart(2, '0')}`,
    amount: n % 4 === 0 ? 0 : 150_000 + n,
    service: n % 5 === 0 ? null : `Стрижка ${n % 7}`,
    note: n % 2 ? null : `заметка ${n}`,
    extra: withExtra && n % 3 === 0 ? { Мастер: `Ольга ${n}` } : {},
  };
}

function databaseWithClients(): { db: Db; batch: number } {
  const db = openDatabase(tempDbPath());
  for (const name of ['Анна', 'Борис', 'Вера']) insertClient(db, clientDraft(name));
  return { db, batch: beginBatch(db, 'visits', 'journal.csv', '', {}) };
}

const stored = (db: Db) => db.prepare('SELECT * FROM visits ORDER BY id').all();

describe('VisitInserts', () => {
  // 150 rows: two full statements of 64 and a remainder written by flush.
  it.each([true, false])('writes the rows one insertVisit per row writes (extra columns: %s)', (withExtra) => {
    const visits = Array.from({ length: 150 }, (_, n) => visit(n, withExtra));
    const one = databaseWithClients();
    const many = databaseWithClients();
    for (const v of visits)
      insertVisit(
        one.db,
        { client_id: v.clientId, date: v.date, amount: v.amount, service: v.service, note: v.note, extra: v.extra },
        one.batch,
      );
    const inserts = new VisitInserts(many.db, many.batch, withExtra);
    for (const v of visits) inserts.add(v);
    inserts.flush();
    expect(stored(many.db)).toEqual(stored(one.db));
    expect(stored(many.db)).toHaveLength(150);
  });

  it('refuses a visit with extra values when the journal was said to have none', () => {
    const { db, batch } = databaseWithClients();
    const inserts = new VisitInserts(db, batch, false);
    expect(() => inserts.add({ ...visit(1, false), extra: { Мастер: 'Ольга' } })).toThrow(/extra/);
  });
});

describe('insertSql', () => {
  it('writes the columns that are the same in every row as literals after the bound ones', () => {
    expect(insertSql('visits', ['date', 'amount'], 2, { batch_id: 7 })).toBe(
      'INSERT INTO visits (date, amount, batch_id) VALUES (?, ?, 7), (?, ?, 7)',
    );
    expect(insertSql('visits', ['date'], 1, { batch_id: null })).toBe(
      'INSERT INTO visits (date, batch_id) VALUES (?, NULL)',
    );
  });

  it('refuses a literal that is not an integer', () => {
    expect(() => insertSql('visits', ['date'], 1, { batch_id: 1.5 })).toThrow(/not an integer/);
  });
});
