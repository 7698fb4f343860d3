// Every row of a crm SQLite database into a PostgreSQL database that has crm's tables: the same data on both
// engines, for tests that compare what the two make of it. Plain JavaScript, so that a test can also run it as a
// child process when it must have the copy before going on (test/reports/seed.ts, whose close() is synchronous):
//
//   node test/postgres-copy.mjs SQLITE_FILE ADMIN_URL TEMPLATE   # prints the address of the new database
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import pg from 'pg';

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

/** Copies every row of the SQLite file at `path` into the database at `address`, in one transaction. */
export async function copyRows(path, address) {
  const source = new Database(path, { readonly: true });
  const target = new pg.Client({ connectionString: address });
  await target.connect();
  try {
    await target.query('BEGIN');
    for (const table of TABLES_IN_ORDER) {
      const types = new Map(
        (
          await target.query(
            'SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1',
            [table],
          )
        ).rows.map((row) => [row.column_name, row.data_type]),
      );
      for (const row of source.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all()) {
        const columns = Object.keys(row);
        const values = columns.map((column) => (types.get(column) === 'boolean' ? row[column] === 1 : row[column]));
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

/** The address of database `name` on the server of `admin`. */
export function addressOf(admin, name) {
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Creates database `name` as a copy of `template` over the admin session `client`. By copying the template's files
 * where the server can (PostgreSQL 15 and later), not page by page through its log, the default there: that took the
 * server nearly twice the CPU, for the hundreds of databases a run makes.
 */
export async function copyDatabase(client, name, template) {
  const { rows } = await client.query('SHOW server_version_num');
  const strategy = Number(rows[0].server_version_num) >= 150000 ? ' STRATEGY FILE_COPY' : '';
  await client.query(`CREATE DATABASE ${name} TEMPLATE ${template}${strategy}`);
}

/** A new database copied from `template`, named with `prefix`; returns its address. */
export async function createDatabase(admin, template, prefix) {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await copyDatabase(client, name, template);
  } finally {
    await client.end();
  }
  return addressOf(admin, name);
}

/** How many sessions drop databases at once: each drop waits for a checkpoint, which drops at once share. */
const DROPPING_SESSIONS = 4;

/** Drops the databases named in `names` (those that exist) on the server of `admin`. */
export async function dropDatabases(admin, names) {
  const left = [...names];
  await Promise.all(
    Array.from({ length: Math.min(DROPPING_SESSIONS, left.length) }, async () => {
      const client = new pg.Client({ connectionString: admin });
      await client.connect();
      try {
        for (let name = left.pop(); name !== undefined; name = left.pop()) {
          await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        }
      } finally {
        await client.end();
      }
    }),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [path, admin, template] = process.argv.slice(2);
  const address = await createDatabase(admin, template, 'crm_seed');
  await copyRows(path, address);
  process.stdout.write(address);
}
