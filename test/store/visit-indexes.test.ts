/**
 * Migration 5 puts the service into the index of visits by date, so that the reports read a visit's service from the
 * index alone: a database of schema 4 gets it on its first open (a report's too), and a bulk load that drops the
 * indexes builds the same one again.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { type Db, migrate, openDatabase, schemaVersion } from '../../src/store/db.js';
import { JournalLoad } from '../../src/store/journal-load.js';
import { LATEST_VERSION, MIGRATIONS } from '../../src/store/migrations.js';
import { arpuGroupRows } from '../../src/store/report-queries.js';
import { clientDraft } from '../builders.js';
import { tempDbPath } from '../helpers.js';

const BY_DATE = 'CREATE INDEX visits_date ON visits(date, service, client_id, amount)';

function indexSql(db: Db): string {
  return db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'visits_date'").pluck().get() as string;
}

/** What the report reads from the index: every paid visit in the period, by service, as the table holds them. */
function servicesOfTable(db: Db, from: string, to: string) {
  return db
    .prepare(
      `SELECT nullif(trim(service), '') AS key, count(DISTINCT client_id) AS clients, count(*) AS purchases,
         total(amount) AS revenue
       FROM visits NOT INDEXED WHERE amount > 0 AND date BETWEEN ? AND ? GROUP BY key ORDER BY key`,
    )
    .all(from, to);
}

function byKey(rows: Array<{ key: string | null }>) {
  return [...rows].sort((a, b) => ((a.key ?? '') < (b.key ?? '') ? -1 : 1));
}

describe('the index of visits by date', () => {
  it('gains the service when a database of schema 4 is opened, even by a report', () => {
    const path = tempDbPath();
    const old = new Database(path);
    migrate(
      old,
      path,
      MIGRATIONS.filter((migration) => migration.version <= 4),
    );
    old.prepare("INSERT INTO clients (id, name, name_key, created) VALUES (1, 'A', 'a', '2026-01-01')").run();
    old.prepare("INSERT INTO clients (id, name, name_key, created) VALUES (2, 'B', 'b', '2026-01-01')").run();
    const visit = old.prepare('INSERT INTO visits (client_id, date, amount, service) VALUES (?, ?, ?, ?)');
    visit.run(1, '2026-03-01', 100, 'Стрижка');
    visit.run(2, '2026-03-01', 200, ' Стрижка ');
    visit.run(2, '2026-03-02', 300, null);
    visit.run(1, '2026-03-03', 0, 'Маникюр');
    old.close();
    const db = openDatabase(path, { readonly: true });
    try {
      expect(schemaVersion(db)).toBe(LATEST_VERSION);
      expect(indexSql(db)).toBe(BY_DATE);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const rows = arpuGroupRows(db, { from: '2026-01-01', to: '2026-12-31' }, 'service');
      expect(byKey(rows.map(({ key, clients, purchases, revenue }) => ({ key, clients, purchases, revenue })))).toEqual(
        byKey(servicesOfTable(db, '2026-01-01', '2026-12-31') as Array<{ key: string | null }>),
      );
    } finally {
      db.close();
    }
  });

  it('is built again the same by a bulk load that drops the indexes', () => {
    const db = openDatabase(tempDbPath());
    try {
      const load = new JournalLoad(db, { dryRun: false, file: 'j.csv', settings: {}, expectedRows: 100_000 });
      load.startVisits(false);
      const client = load.addClient(clientDraft('Анна'));
      for (let day = 1; day <= 28; day++) {
        const date = `2026-02-${String(day).padStart(2, '0')}`;
        load.addVisit({
          clientId: client,
          date,
          amount: day * 10,
          service: day % 2 ? 'Стрижка' : null,
          note: null,
          extra: {},
        });
      }
      load.complete([], '');
      load.commit({
        counts: { rows_read: 28, created: 28, updated: 0, unchanged: 0, rejected: 0 },
        settings: {},
        fileSha256: '',
      });
      expect(indexSql(db)).toBe(BY_DATE);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const rows = arpuGroupRows(db, { from: '2026-02-01', to: '2026-02-28' }, 'service');
      expect(byKey(rows.map(({ key, clients, purchases, revenue }) => ({ key, clients, purchases, revenue })))).toEqual(
        byKey(servicesOfTable(db, '2026-02-01', '2026-02-28') as Array<{ key: string | null }>),
      );
    } finally {
      db.close();
    }
  });
});
