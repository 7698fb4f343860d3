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
import { it, onTestFinished } from 'vitest';
import { connectStore, type OpenStoreOptions, type Store } from '../src/store/store.js';
import { tempDbPath } from './helpers.js';

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
  /** A new database for this test (a file path, or a server address), with crm's tables unless `empty`. */
  database(options?: { empty?: boolean }): Promise<string>;
  /** The store on `address`, closed when the test has finished. */
  open(address: string, options?: OpenStoreOptions & { lockWaitMs?: number }): Promise<Store>;
  /** A session of its own on `address`, closed when the test has finished. */
  other(address: string): Promise<OtherSession>;
}

const sqlite: Engine = {
  name: 'sqlite',
  async database() {
    return tempDbPath();
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
/** A database with crm's tables, copied for each test that wants them (faster than migrating each). */
let template: Promise<string> | undefined;

function addressOf(database: string): string {
  const url = new URL(TEST_POSTGRES!);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(work: (run: (sql: string) => Promise<unknown>) => Promise<T>): Promise<T> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: TEST_POSTGRES });
  await client.connect();
  try {
    return await work((sql) => client.query(sql));
  } finally {
    await client.end();
  }
}

async function createTemplate(): Promise<string> {
  const name = `crm_template_${process.pid}_${Date.now()}`;
  await admin((run) => run(`CREATE DATABASE ${name}`));
  const store = await connectStore(addressOf(name), { create: true });
  await store.close();
  return name;
}

/**
 * A new database on the test server (with crm's tables unless `empty`), and what drops it. For a database that
 * outlives one test (a file's shared dataset); a test's own comes from `engine.database()`.
 */
export async function postgresDatabase({ empty = false } = {}): Promise<{ address: string; drop(): Promise<void> }> {
  const name = `crm_test_${process.pid}_${++databases}`;
  if (!empty) template ??= createTemplate();
  const from = empty ? 'template0' : await template!;
  await admin((run) => run(`CREATE DATABASE ${name} TEMPLATE ${from}`));
  return {
    address: addressOf(name),
    drop: async () => {
      await admin((run) => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
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
  it.skip(`(${engine.skipped})`, () => {});
}

/** crm's tables, parents before the rows that refer to them (client_purchases is recounted, not copied). */
const TABLES_IN_ORDER = [
  'settings',
  'import_batches',
  'batch_changes',
  'import_profiles',
  'clients',
  'client_contacts',
  'tags',
  'client_tags',
  'duplicate_candidates',
  'visits',
  'deals',
  'deal_stages',
  'nps_answers',
  'client_aliases',
];

/**
 * Every row of the SQLite database at `path` into the PostgreSQL database at `address` (with crm's tables, empty):
 * the same data on both engines, for tests that compare what the two make of it.
 */
export async function copySqliteToPostgres(path: string, address: string): Promise<void> {
  const [{ default: Database }, { Client }] = await Promise.all([import('better-sqlite3'), import('pg')]);
  const source = new Database(path, { readonly: true });
  const target = new Client({ connectionString: address });
  await target.connect();
  try {
    await target.query('BEGIN');
    for (const table of TABLES_IN_ORDER) {
      const types = new Map(
        (
          await target.query(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1",
            [table],
          )
        ).rows.map((row) => [row.column_name as string, row.data_type as string]),
      );
      for (const row of source.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all() as Array<
        Record<string, unknown>
      >) {
        const columns = Object.keys(row);
        const values = columns.map((column) =>
          types.get(column) === 'boolean' ? row[column] === 1 : (row[column] as unknown),
        );
        await target.query(
          `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
          values,
        );
      }
      if (types.has('id')) {
        await target.query(
          `SELECT setval(pg_get_serial_sequence('${table}', 'id'), greatest((SELECT max(id) FROM ${table}), 1))`,
        );
      }
    }
    await target.query('DELETE FROM client_purchases');
    await target.query('SELECT crm_purchase_dates_recompute(id) FROM clients');
    await target.query('COMMIT');
  } finally {
    source.close();
    await target.end();
  }
}
