import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { StoreError } from '../../src/errors.js';
import { APPLICATION_ID, openDatabase, schemaVersion } from '../../src/store/db.js';
import { LATEST_VERSION, MIGRATIONS } from '../../src/store/migrations.js';
import { tempDbPath, tempDir } from '../helpers.js';

describe('openDatabase', () => {
  it('creates a private WAL database with foreign keys on and every migration recorded', () => {
    const path = tempDbPath();
    const db = openDatabase(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(Number(db.pragma('busy_timeout', { simple: true }))).toBeGreaterThanOrEqual(5000);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    const recorded = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(recorded).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    db.close();
  });

  it('makes every table STRICT', () => {
    const db = openDatabase(tempDbPath());
    const tables = db
      .prepare(
        "SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'",
      )
      .all() as Array<{
      name: string;
      strict: number;
    }>;
    expect(tables.length).toBeGreaterThan(10);
    for (const table of tables)
      expect({ table: table.name, strict: table.strict }).toEqual({ table: table.name, strict: 1 });
    db.close();
  });

  it('opens an existing database again without re-running migrations', () => {
    const path = tempDbPath();
    openDatabase(path).close();
    const db = openDatabase(path);
    expect((db.prepare('SELECT count(*) AS n FROM schema_migrations').get() as { n: number }).n).toBe(
      MIGRATIONS.length,
    );
    db.close();
  });

  it('refuses a database from a newer version and leaves it byte for byte as it was', () => {
    const path = tempDbPath();
    const db = openDatabase(path);
    db.prepare(
      "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'from the future', '2030-01-01')",
    ).run(LATEST_VERSION + 1);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const before = readFileSync(path);
    expect(() => openDatabase(path)).toThrow(/newer pocket-crm/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('refuses another application’s SQLite file', () => {
    const path = tempDbPath();
    const other = new Database(path);
    other.exec('CREATE TABLE notes (body TEXT)');
    other.close();
    expect(() => openDatabase(path)).toThrow(/not a pocket-crm database/);
  });

  it('reports a file that is not a database, and does not overwrite it', () => {
    const path = join(tempDir(), 'crm.sqlite');
    writeFileSync(path, 'this is a shopping list, not a database\n'.repeat(200));
    const before = readFileSync(path);
    expect(() => openDatabase(path)).toThrow(StoreError);
    expect(() => openDatabase(path)).toThrow(/not a database or corrupt/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('refuses a directory', () => {
    expect(() => openDatabase(tempDir())).toThrow(/is a directory/);
  });
});

describe('migrations of an existing database', () => {
  it('back the database up first, then apply and record the new migration in a transaction', async () => {
    const { migrate } = await import('../../src/store/db.js');
    const { readdirSync } = await import('node:fs');
    const dir = tempDir();
    const path = join(dir, 'crm.sqlite');
    const db = openDatabase(path);
    db.prepare("INSERT INTO settings (key, value) VALUES ('region', 'RU')").run();
    const next = { version: LATEST_VERSION + 1, name: 'test column', sql: 'ALTER TABLE settings ADD COLUMN note TEXT' };
    migrate(db, path, [...MIGRATIONS, next]);
    expect(db.prepare('SELECT max(version) AS v FROM schema_migrations').get()).toEqual({ v: LATEST_VERSION + 1 });
    const backups = readdirSync(join(dir, 'backups'));
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatch(/^crm-migrate-\d{8}-\d{6}\.sqlite$/);
    const copy = new Database(join(dir, 'backups', backups[0]!), { readonly: true });
    expect(copy.prepare('SELECT max(version) AS v FROM schema_migrations').get()).toEqual({ v: LATEST_VERSION });
    copy.close();
    // A migration that fails leaves nothing half-applied.
    const broken = {
      version: LATEST_VERSION + 2,
      name: 'broken',
      sql: 'ALTER TABLE settings ADD COLUMN x TEXT; SELECT * FROM no_such_table',
    };
    expect(() => migrate(db, path, [...MIGRATIONS, next, broken])).toThrow(/no_such_table/);
    expect(db.prepare("SELECT count(*) AS n FROM pragma_table_info('settings') WHERE name = 'x'").get()).toEqual({
      n: 0,
    });
    db.close();
  });
});
