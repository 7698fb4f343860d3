/**
 * The store engines a test runs on: SQLite always, PostgreSQL when CRM_TEST_POSTGRES names a server to make test
 * databases on (`eval "$(scripts/postgres-test-server.sh start)"` starts one; .ci/run does). Each test gets a fresh
 * database, dropped once the test has finished.
 *
 *   describe.each(engines)('$name', (engine) => {
 *     if (engine.skipped) return skippedEngine(engine);
 *     it('…', async () => { const store = await engine.open(await engine.database()); … });
 *   });
 */
import { copyFileSync } from 'node:fs';
import type pg from 'pg';
import { inject, it, onTestFinished } from 'vitest';
import { connectStore, type OpenStoreOptions, type Store } from '../src/store/store.js';
import { tempDbPath } from './helpers.js';
import { addressOf as addressOn, copyDatabase, copyRows } from './postgres-copy.mjs';

/** The admin address of the test server, when there is one. */
export const TEST_POSTGRES = process.env.CRM_TEST_POSTGRES;

/** Another session on a test database, as another crm process would hold one. */
export interface OtherSession {
  /** Runs SQL (the same on both engines: crm's tables have the same names and columns). */
  run(sql: string): Promise<void>;
  /** Whether this session could take the write lock right now (it gives it back at once). */
  canTakeWriteLock(): Promise<boolean>;
  close(): Promise<void>;
}

export interface Engine {
  name: 'sqlite' | 'postgres';
  /** Why the engine's tests do not run here; undefined when they do. */
  skipped?: string;
  /**
   * A new database for this test (a file path, or a server address), with crm's tables unless `empty`; a copy of the
   * database at `copyOf` (of this engine, no session open on it), for a test that needs records to start from.
   */
  database(options?: { empty?: boolean; copyOf?: string }): Promise<string>;
  /** The store on `address`, closed when the test has finished. */
  open(address: string, options?: OpenStoreOptions & { lockWaitMs?: number }): Promise<Store>;
  /** A session of its own on `address`, closed when the test has finished. */
  other(address: string): Promise<OtherSession>;
}

const sqlite: Engine = {
  name: 'sqlite',
  async database({ copyOf } = {}) {
    const path = tempDbPath();
    if (copyOf) copyFileSync(copyOf, path);
    return path;
  },
  async open(address, options = {}) {
    const store = await connectStore(address, options);
    onTestFinished(() => store.close());
    return store;
  },
  async other(address) {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(address);
    db.pragma('busy_timeout = 0');
    onTestFinished(() => {
      if (db.open) db.close();
    });
    return {
      async run(sql) {
        db.exec(sql);
      },
      async canTakeWriteLock() {
        try {
          db.exec('BEGIN IMMEDIATE');
          db.exec('ROLLBACK');
          return true;
        } catch (error) {
          if ((error as { code?: string }).code === 'SQLITE_BUSY') return false;
          throw error;
        }
      },
      async close() {
        db.close();
      },
    };
  },
};

/** Test databases are named after the worker and a counter: tests of several files run at once. */
let databases = 0;

function addressOf(database: string): string {
  return addressOn(TEST_POSTGRES!, database);
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: TEST_POSTGRES });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A new database on the test server (with crm's tables unless `empty`; a copy of the one at `copyOf`, which no
 * session may hold open, when given), and what drops it. For a database that outlives one test (a file's shared
 * dataset); a test's own comes from `engine.database()`.
 */
export async function postgresDatabase({ empty = false, copyOf }: { empty?: boolean; copyOf?: string } = {}): Promise<{
  address: string;
  drop(): Promise<void>;
}> {
  const name = `crm_test_${process.pid}_${++databases}`;
  const template = inject('postgresTemplate');
  if (!template) throw new Error('no template database: test/postgres-setup.ts runs before the tests that need one');
  const from = copyOf ? new URL(copyOf).pathname.slice(1) : empty ? 'template0' : template;
  await admin((client) => copyDatabase(client, name, from));
  return {
    address: addressOf(name),
    drop: async () => {
      await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

const postgres: Engine = {
  name: 'postgres',
  skipped: TEST_POSTGRES
    ? undefined
    : 'CRM_TEST_POSTGRES is not set: start a server with eval "$(scripts/postgres-test-server.sh start)"',
  async database(options) {
    const { address, drop } = await postgresDatabase(options);
    onTestFinished(drop);
    return address;
  },
  async open(address, options = {}) {
    const { openPostgresStore } = await import('../src/store/postgres/store.js');
    const store = await openPostgresStore(address, options);
    onTestFinished(() => store.close());
    return store;
  },
  async other(address) {
    const { Client } = await import('pg');
    const { WRITE_LOCK } = await import('../src/store/postgres/connection.js');
    const client = new Client({ connectionString: address });
    await client.connect();
    let open = true;
    const close = async () => {
      if (open) await client.end();
      open = false;
    };
    onTestFinished(close);
    return {
      async run(sql) {
        await client.query(sql);
      },
      async canTakeWriteLock() {
        const { rows } = await client.query('SELECT pg_try_advisory_lock($1) AS taken', [WRITE_LOCK]);
        if (rows[0].taken) await client.query('SELECT pg_advisory_unlock($1)', [WRITE_LOCK]);
        return rows[0].taken as boolean;
      },
      close,
    };
  },
};

/** Every engine, PostgreSQL marked skipped (with the reason) where no test server is configured. */
export const engines: Engine[] = [sqlite, postgres];

/** Registers, in place of an engine's tests, one skipped test that says why they did not run. */
export function skippedEngine(engine: Engine): void {
  it.skipIf(engine.skipped !== undefined)(`(${engine.skipped})`, () => {});
}

/**
 * Every row of the SQLite database at `path` into the PostgreSQL database at `address` (with crm's tables, empty):
 * the same data on both engines, for tests that compare what the two make of it.
 */
export async function copySqliteToPostgres(path: string, address: string): Promise<void> {
  await copyRows(path, address);
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** A database with crm's tables that test databases are copied from (test/postgres-setup.ts). */
    postgresTemplate?: string;
  }
}
