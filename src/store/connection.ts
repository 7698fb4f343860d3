import type { Db } from './db.js';
import type { Store } from './interface.js';
import { SqliteStore } from './sqlite-store.js';

/**
 * Known exception (docs/ARCHITECTURE.md): the import use cases (app/import-*.ts) still take the SQLite connection,
 * and `crm demo` runs them on the store it opened. Gone once they take a Store.
 */
export function sqliteConnectionOf(store: Store): Db {
  if (!(store instanceof SqliteStore)) throw new Error('the import use cases need the SQLite store');
  return store.db;
}

/** The other way, for `crm import undo`, which holds the connection: a Store on it (for the automatic backup). */
export function storeOnConnection(db: Db, path: string): Store {
  return new SqliteStore(db, path);
}
