import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { nameKey } from '../domain/client.js';
import { StoreError } from '../errors.js';
import { LATEST_VERSION, MIGRATIONS } from './migrations.js';

export type Db = Database.Database;

/** Marks a SQLite file as ours ('PCRM'), so restore and open can tell a pocket-crm database from any other. */
export const APPLICATION_ID = 0x5043524d;

export interface OpenOptions {
  /** Open an existing database without creating or migrating it (reports, backups). */
  readonly?: boolean;
}

function sqliteCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

/** Creates the file with mode 0600 before SQLite does: it holds clients' personal data. */
function createPrivateFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  closeSync(openSync(path, 'a', 0o600));
  chmodSync(path, 0o600);
}

function recordedVersion(db: Db): number {
  const table = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (!table) return 0;
  const row = db.prepare('SELECT max(version) AS version FROM schema_migrations').get() as { version: number | null };
  return row.version ?? 0;
}

function checkIdentity(db: Db, path: string): void {
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  const tables = db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number };
  if (applicationId !== APPLICATION_ID && tables.n > 0) {
    throw new StoreError(`${path}: not a pocket-crm database (it is another SQLite file); nothing was changed`);
  }
}

function migrate(db: Db): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const current = recordedVersion(db);
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        new Date().toISOString(),
      );
    }).immediate();
  }
  db.pragma(`application_id = ${APPLICATION_ID}`);
}

/**
 * Opens (creating and migrating when needed) the database at `path`. Refuses, without writing anything, a file that
 * is not a SQLite database, another application's database, or one written by a newer pocket-crm.
 */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  if (existsSync(path) && statSync(path).isDirectory()) {
    throw new StoreError(`${path}: is a directory, not a database file`);
  }
  const isNew = !existsSync(path) || statSync(path).size === 0;
  if (options.readonly && isNew) throw new StoreError(`${path}: no database here yet (nothing has been imported)`);
  if (!options.readonly && isNew) createPrivateFile(path);

  let db: Db;
  try {
    db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: true });
    db.pragma('busy_timeout = 10000');
    checkIdentity(db, path);
  } catch (error) {
    if (error instanceof StoreError) throw error;
    const code = sqliteCode(error);
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw new StoreError(`${path}: not a database or corrupt (${(error as Error).message}); it was not modified`);
    }
    throw error;
  }

  try {
    const version = recordedVersion(db);
    if (version > LATEST_VERSION) {
      throw new StoreError(
        `${path}: written by a newer pocket-crm (schema ${version}, this version knows up to ${LATEST_VERSION}); upgrade crm, the file was not modified`,
      );
    }
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    // SQLite here has no ICU: lower() and NOCASE leave Cyrillic as it is, so case-folding comes from JS.
    db.function('fold', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? nameKey(text) : null));
    if (version < LATEST_VERSION) {
      if (options.readonly) {
        throw new StoreError(
          `${path}: needs an upgrade to schema ${LATEST_VERSION}; run any writing crm command first`,
        );
      }
      migrate(db);
    }
    return db;
  } catch (error) {
    db.close();
    const code = sqliteCode(error);
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw new StoreError(`${path}: corrupt database (${(error as Error).message}); it was not modified`);
    }
    throw error;
  }
}

export function schemaVersion(db: Db): number {
  return recordedVersion(db);
}
