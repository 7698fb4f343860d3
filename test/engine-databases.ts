/**
 * The `postgres` project of vitest.config.ts runs CLI tests written for a database file on the test server instead:
 * each file path a test names becomes a database of its own there, made (with crm's tables) the first time a command
 * names it (test/cli-harness.ts), and `dump` (test/helpers.ts) reads that database in place of the file.
 */
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { inject } from 'vitest';
import { isServerAddress } from '../src/store/postgres/address.js';
import { createDatabase } from './postgres-copy.mjs';

export const ON_POSTGRES = process.env.CRM_TEST_ENGINE === 'postgres';

const serverDatabases = new Map<string, string>();

/** The database a command runs on: `db` itself, or in the postgres project the server database standing for it. */
export async function engineDatabase(db: string): Promise<string> {
  if (!ON_POSTGRES || isServerAddress(db)) return db;
  let address = serverDatabases.get(db);
  if (!address) {
    address = await createDatabase(process.env.CRM_TEST_POSTGRES!, inject('postgresTemplate')!, 'crm_cli');
    serverDatabases.set(db, address);
  }
  return address;
}

/**
 * Every row of the server database standing for `db` (undefined when there is none), in the shape of dump(): read in
 * a child process, since the callers compare dumps synchronously.
 */
export function dumpServerDatabaseOf(db: string): string | undefined {
  const address = ON_POSTGRES ? (isServerAddress(db) ? db : serverDatabases.get(db)) : undefined;
  if (!address) return undefined;
  const script = join(resolve(import.meta.dirname), 'postgres-dump.mjs');
  return execFileSync(process.execPath, [script, address], { encoding: 'utf8' });
}
