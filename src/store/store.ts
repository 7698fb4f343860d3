/**
 * The one door of src/store for the use cases and the commands: the Store interface and its types, `openStore`, what
 * backup and restore do with database files that no open store holds, and the store's way of naming a file being
 * written (output files use it too, so that a leftover is recognised and removed alike).
 */
import { inspectDatabaseFile, numberedNames, openForSnapshot, replaceDatabase, writeSnapshot } from './backup.js';
import { openDatabase } from './db.js';
import type { OpenStoreOptions, Store } from './interface.js';
import { SqliteStore } from './sqlite-store.js';

export type { DatabaseFileInfo } from './backup.js';
export type * from './interface.js';
export { resolveDatabasePath } from './paths.js';
export { temporaryName } from './temporaries.js';
export { inspectDatabaseFile, numberedNames, replaceDatabase };

/**
 * Opens (creating and migrating when needed) the database at `path`. Refuses, without writing anything, a file that
 * is not a SQLite database, another application's database, or one written by a newer pocket-crm.
 */
export function openStore(path: string, options: OpenStoreOptions = {}): Store {
  return new SqliteStore(openDatabase(path, options), path);
}

/** A database file opened read-only to be copied (`crm backup`): refused here when it is not a pocket-crm database. */
export interface DatabaseFileSource {
  /**
   * A consistent copy, read while other crm processes may write, to the first free name of `candidates`, checked
   * for integrity. Returns the name written.
   */
  copyTo(candidates: Iterable<string>): string;
  close(): void;
}

export function openDatabaseFile(path: string): DatabaseFileSource {
  const db = openForSnapshot(path);
  return { copyTo: (candidates) => writeSnapshot(db, candidates), close: () => db.close() };
}
