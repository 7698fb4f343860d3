import { describe, expect, it } from 'vitest';
import type { ClientDraft } from '../../src/domain/client.js';
import { ClientInserts, insertClient } from '../../src/store/clients.js';
import { openDatabase } from '../../src/store/db.js';
import { dropIndexesOf } from '../../src/store/suspend.js';
import { contact } from '../builders.js';
import { tempDbPath } from '../helpers.js';

function draft(n: number): ClientDraft {
  return {
    name: n % 7 === 0 ? '' : `Клиент ${n % 13}`,
    phones: Array.from({ length: n % 3 }, (_, i) =>
      contact(`+7912000${n}${i}`, `8 912 000-${n}-${i}`, null, n % 5 !== 0),
    ),
    emails: n % 4 === 0 ? [contact(`c${n}@example.ru`, `C${n}@example.ru`)] : [],
    tags: n % 50 === 0 ? ['VIP'] : [],
    source: n % 2 ? 'Instagram' : null,
    birthday: null,
    note: n % 3 ? null : `заметка ${n}`,
    extra: n % 6 ? {} : { Город: 'Москва' },
    created: '2026-01-22',
  };
}

function tables(db: ReturnType<typeof openDatabase>) {
  return ['clients', 'client_contacts', 'client_tags', 'tags'].map((table) =>
    db.prepare(`SELECT * FROM ${table} ORDER BY id`).all(),
  );
}

describe('ClientInserts', () => {
  // A journal's load turns reference checks off; `crm import clients` keeps them on.
  it.each(['OFF', 'ON'])(
    'writes the rows, ids included, that one insertClient per client writes (foreign keys %s)',
    (checks) => {
      const one = openDatabase(tempDbPath());
      const many = openDatabase(tempDbPath());
      for (const db of [one, many]) insertClient(db, draft(1));
      const drafts = Array.from({ length: 300 }, (_, n) => draft(n + 2));
      const oneIds = one.transaction(() => drafts.map((d) => insertClient(one, d, null)))();
      many.pragma(`foreign_keys = ${checks}`);
      const manyIds = many.transaction(() => {
        const inserts = new ClientInserts(many, null);
        const ids = drafts.map((d) => inserts.add(d));
        inserts.flush();
        return ids;
      })();
      many.pragma('foreign_keys = ON');
      expect(manyIds).toEqual(oneIds);
      expect(tables(many)).toEqual(tables(one));
      expect(many.pragma('foreign_key_check')).toEqual([]);
    },
  );

  it.each([[['clients', 'client_contacts']], [['visits']], [['client_purchases']]])(
    'builds the dropped indexes of %j again as they were',
    (tables) => {
      const db = openDatabase(tempDbPath());
      const indexes = () =>
        db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").all();
      const before = indexes();
      db.exec('BEGIN');
      const rebuild = dropIndexesOf(db, tables);
      expect(indexes().length).toBeLessThan(before.length);
      rebuild();
      db.exec('COMMIT');
      expect(indexes()).toEqual(before);
      db.close();
    },
  );

  it('writes a client before its contacts, with reference checks on: three phones a client fill a statement first', () => {
    const db = openDatabase(tempDbPath());
    const drafts = Array.from({ length: 100 }, (_, n) => ({
      ...draft(1),
      name: `Клиент ${n}`,
      phones: [0, 1, 2].map((i) => contact(`+7912${String(n * 10 + i).padStart(7, '0')}`, `8912${n}${i}`)),
      tags: [],
    }));
    const ids = db.transaction(() => {
      const inserts = new ClientInserts(db, null);
      const added = drafts.map((d) => inserts.add(d));
      inserts.flush();
      return added;
    })();
    expect(ids).toEqual(Array.from({ length: 100 }, (_, n) => n + 1));
    expect(db.prepare('SELECT count(*) FROM client_contacts').pluck().get()).toBe(300);
    db.close();
  });
});
