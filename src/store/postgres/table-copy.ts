/**
 * The PostgreSQL side of `Store.tables` (store/table-copy.ts): crm's rows read and written as SQLite keeps them, so
 * that a copy between the engines moves values unchanged. Flags are `boolean` here and 0 or 1 there.
 */
import {
  CHUNK_ROWS,
  COPIED_TABLES,
  type CopiedTable,
  hasIdColumn,
  type TableRows,
  type TableValue,
} from '../table-copy.js';
import type { Connection } from './connection.js';

/** The boolean columns of each table, read once per connection. */
const booleanColumns = new WeakMap<Connection, Map<string, Set<string>>>();

async function flagsOf(c: Connection, table: CopiedTable): Promise<Set<string>> {
  let tables = booleanColumns.get(c);
  if (!tables) {
    tables = new Map();
    const rows = await c.rows<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns
       WHERE table_schema = current_schema() AND data_type = 'boolean'`,
    );
    for (const row of rows) {
      const set = tables.get(row.table_name) ?? new Set<string>();
      set.add(row.column_name);
      tables.set(row.table_name, set);
    }
    booleanColumns.set(c, tables);
  }
  return tables.get(table) ?? new Set();
}

/** A table's rows in id order, CHUNK_ROWS at a time (each chunk after the last id of the one before). */
export async function* postgresTableRows(c: Connection, table: CopiedTable): AsyncGenerator<TableRows> {
  const flags = await flagsOf(c, table);
  const columns = (
    await c.rows<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns
       WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
      [table],
    )
  ).map((row) => row.column_name);
  const asFlag = columns.map((column) => flags.has(column));
  const convert = (row: unknown[]): TableValue[] =>
    row.map((value, i) => (asFlag[i] && value !== null ? (value ? 1 : 0) : (value as TableValue)));
  const list = columns.join(', ');
  if (!hasIdColumn(table)) {
    const rows = await c.arrays<unknown[]>(`SELECT ${list} FROM ${table} ORDER BY 1`);
    if (rows.length > 0) yield { columns, rows: rows.map(convert) };
    return;
  }
  const idAt = columns.indexOf('id');
  let after = 0;
  for (;;) {
    const rows = await c.arrays<unknown[]>(
      `SELECT ${list} FROM ${table} WHERE id > $1 ORDER BY id LIMIT ${CHUNK_ROWS}`,
      [after],
    );
    if (rows.length === 0) return;
    after = rows[rows.length - 1]![idAt] as number;
    yield { columns, rows: rows.map(convert) };
    if (rows.length < CHUNK_ROWS) return;
  }
}

export async function postgresTableCounts(c: Connection): Promise<Record<CopiedTable, number>> {
  const row = await c.row<Record<CopiedTable, number>>(
    `SELECT ${COPIED_TABLES.map((table) => `(SELECT count(*) FROM ${table}) AS ${table}`).join(', ')}`,
  );
  return row!;
}

/** Parameters per statement stay far below the protocol's 65,535. */
const PARAMETERS_PER_STATEMENT = 30_000;

/** Writes a chunk of rows, many per statement; the purchase summary waits for `postgresFinishCopy`. */
export async function postgresInsertRows(c: Connection, table: CopiedTable, chunk: TableRows): Promise<void> {
  const flags = await flagsOf(c, table);
  const asFlag = chunk.columns.map((column) => flags.has(column));
  const width = chunk.columns.length;
  const perStatement = Math.max(1, Math.floor(PARAMETERS_PER_STATEMENT / width));
  await c.run("SET LOCAL crm.purchases_deferred = 'on'");
  for (let start = 0; start < chunk.rows.length; start += perStatement) {
    const rows = chunk.rows.slice(start, start + perStatement);
    const values: Array<string | number | boolean | null> = [];
    const tuples = rows.map((row, r) => {
      for (const [i, value] of row.entries()) values.push(asFlag[i] && value !== null ? value === 1 : value);
      return `(${row.map((_, i) => `$${r * width + i + 1}`).join(', ')})`;
    });
    await c.run(`INSERT INTO ${table} (${chunk.columns.join(', ')}) VALUES ${tuples.join(', ')}`, values);
  }
}

/**
 * Once every row is in: the identities moved past the copied ids (a new client after the copy gets the next id), and
 * each client's purchase dates and the paid-visit summaries worked out again from the copied visits and deals.
 */
export async function postgresFinishCopy(c: Connection): Promise<void> {
  for (const table of COPIED_TABLES) {
    if (!hasIdColumn(table)) continue;
    await c.run(
      `SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT max(id) FROM ${table}), true) WHERE EXISTS (SELECT FROM ${table})`,
    );
  }
  // An import undone on SQLite keeps its number here too.
  await c.run(
    `SELECT setval(pg_get_serial_sequence('import_batches', 'id'), (SELECT max(id) FROM undone_imports), true)
     WHERE (SELECT max(id) FROM undone_imports) > coalesce((SELECT max(id) FROM import_batches), 0)`,
  );
  await c.run("SET LOCAL crm.purchases_deferred = 'off'");
  await c.run('DELETE FROM client_purchases');
  await c.run('SELECT crm_purchase_dates_recompute(id) FROM clients');
  await c.run('SELECT crm_paid_visits_rebuild()');
}
