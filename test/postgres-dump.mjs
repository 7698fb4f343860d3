// Every row of every table of a PostgreSQL database's current schema, table by table in name order, each table's rows
// in the order of its primary key: what test/helpers.ts dump() gives for a SQLite file, for the same comparisons
// (a database before and after an import and its undo). Plain JavaScript: it runs in a worker thread
// (test/postgres-dump-worker.mjs), for test/engine-databases.ts, whose callers are synchronous.
import pg from 'pg';

/** The dump of the database at `address`. */
export async function dumpRows(address) {
  const client = new pg.Client({ connectionString: address });
  await client.connect();
  try {
    const tables = (
      await client.query(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename NOT IN ('schema_migrations', 'undone_imports') ORDER BY tablename",
      )
    ).rows.map((row) => row.tablename);
    const parts = [];
    for (const table of tables) {
      const key = (
        await client.query(
          `SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
         WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)`,
          [table],
        )
      ).rows.map((row) => `"${row.attname}"`);
      const rows = (await client.query(`SELECT * FROM "${table}" ORDER BY ${key.length ? key.join(', ') : '1'}`)).rows;
      parts.push(`${table}\n${rows.map((row) => JSON.stringify(row)).join('\n')}`);
    }
    return parts.join('\n\n');
  } finally {
    await client.end();
  }
}
