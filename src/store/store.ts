/**
 * The one door of src/store for the use cases and the commands: the Store interface and its types, `connectStore`
 * (a SQLite file or a PostgreSQL server, by the address), `openStore` (a SQLite file), what backup and restore do
 * with database files that no open store holds, and the store's way of naming a file being written (output files use
 * it too, so that a leftover is recognised and removed alike).
 */
import { StoreError } from '../errors.js';
import { type Catalogue, m } from '../i18n/index.js';
import {
  type DatabaseFileInfo,
  inspectDatabaseFile as inspectFile,
  numberedNames,
  openForSnapshot,
  replaceDatabase as replaceFile,
  writeSnapshot,
} from './backup.js';
import { openDatabase } from './db.js';
import type { OpenStoreOptions, ServerDatabaseInfo, ServerDumpInfo, Store } from './interface.js';
import { isServerAddress } from './postgres/address.js';
import { SqliteStore } from './sqlite-store.js';

export type { DatabaseFileInfo } from './backup.js';
export type * from './interface.js';
export { resolveDatabasePath } from './paths.js';
export { isServerAddress } from './postgres/address.js';
export { COPIED_TABLES } from './table-copy.js';
export { temporaryName } from './temporaries.js';
export { numberedNames };

/**
 * Opens the store at `address`: a PostgreSQL database for `postgres://…` or `postgres:` (the driver is loaded only
 * then), else the SQLite file at that path. Refuses, without writing anything, a database that is another
 * application's or a newer pocket-crm's, and a server database crm cannot reach or log in to, or that has no crm
 * tables yet (unless `create`, which `crm init` passes).
 */
export async function connectStore(address: string, options: OpenStoreOptions = {}): Promise<Store> {
  if (isServerAddress(address)) return (await import('./postgres/store.js')).openPostgresStore(address, options);
  return openStore(address, options);
}

/**
 * The SQL of `crm init --roles` (`crm_owner`, `crm_user`, `crm_reports` and their rights), to show or to run on the
 * server database at `address` (`run`). A SQLite file has no roles: refused in one line.
 */
export async function serverRoles(address: string, run: boolean): Promise<string> {
  if (!isServerAddress(address)) {
    throw new StoreError(m.store.sqliteHasNoRoles({ address }));
  }
  const { ROLES_SQL, createServerRoles } = await import('./postgres/store.js');
  if (run) await createServerRoles(address);
  return ROLES_SQL;
}

/**
 * Opens (creating and migrating when needed) the SQLite database at `path`. Refuses, without writing anything, a
 * file that is not a SQLite database, another application's database, or one written by a newer pocket-crm.
 */
export function openStore(path: string, options: OpenStoreOptions = {}): Store {
  refuseServer(path, 'open');
  return new SqliteStore(openDatabase(path, options), path);
}

/**
 * The file-level work of backup and restore is SQLite's: a server database is dumped and loaded (`dumpServer`,
 * `restoreServerDump`). Refuses, in one line, a server address where a database file is needed.
 */
export function refuseServer(address: string, what: keyof Catalogue['store']['serverIsNotAFile']): void {
  if (!isServerAddress(address)) return;
  throw new StoreError(m.store.serverIsNotAFile[what]);
}

/**
 * `crm backup` of the server database at `address`: `pg_dump -Fc` into the first of `candidates` not there yet,
 * created new and private (0600). Returns the path written; a failed dump leaves no file.
 */
export async function dumpServer(address: string, candidates: Iterable<string>): Promise<string> {
  return (await import('./postgres/store.js')).dumpServerDatabase(address, candidates);
}

/** Reads a dump (`crm restore FILE` on a server): refused unless a crm database's, of a schema this crm knows. */
export async function inspectServerDump(path: string): Promise<ServerDumpInfo> {
  return (await import('./postgres/store.js')).inspectServerDump(path);
}

/** The server database a restore would replace (null: no crm tables yet); another program's is refused. */
export async function inspectRestoreTarget(address: string): Promise<ServerDatabaseInfo | null> {
  return (await import('./postgres/store.js')).inspectRestoreTarget(address);
}

/** Loads a checked dump into the server database at `address`, whole or not at all. */
export async function restoreServerDump(address: string, path: string): Promise<void> {
  return (await import('./postgres/store.js')).restoreServerDump(address, path);
}

export function inspectDatabaseFile(path: string, options: { integrity?: boolean } = {}): DatabaseFileInfo {
  refuseServer(path, 'inspect');
  return inspectFile(path, options);
}

export function replaceDatabase(databasePath: string, source: string, replacedPath: string): { replaced: boolean } {
  refuseServer(databasePath, 'replace');
  return replaceFile(databasePath, source, replacedPath);
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
  refuseServer(path, 'copy');
  const db = openForSnapshot(path);
  return { copyTo: (candidates) => writeSnapshot(db, candidates), close: () => db.close() };
}
