/**
 * Every row of crm's tables, table by table, as plain values: what `crm db copy` moves from one engine to another
 * (`Store.tables`). The SQLite side is here; the PostgreSQL side is `postgres/table-copy.ts`. Values travel as
 * SQLite keeps them: integers as numbers, flags as 0 or 1, JSON as its text, dates as text.
 */
import type { Db } from './db.js';

/**
 * crm's tables, each after the tables its rows refer to. `client_purchases` is not among them: it is a summary of
 * the visits and deals, which the target works out again.
 */
export const COPIED_TABLES = [
  'settings',
  'import_profiles',
  'import_batches',
  'undone_imports',
  'batch_changes',
  'clients',
  'client_contacts',
  'tags',
  'client_tags',
  'duplicate_candidates',
  'client_aliases',
  'visits',
  'deals',
  'deal_stages',
  'nps_answers',
] as const;

export type CopiedTable = (typeof COPIED_TABLES)[number];

export type TableValue = string | number | null;

/** Some rows of one table, each an array of values in the order of `columns`. */
export interface TableRows {
  columns: string[];
  rows: TableValue[][];
}

/** How many rows a chunk holds: memory stays bounded on a million visits. */
export const CHUNK_ROWS = 5000;

/** The two tables whose key is a name rather than an id. */
export function hasIdColumn(table: CopiedTable): boolean {
  return table !== 'settings' && table !== 'import_profiles';
}

/** A table's rows in id order, CHUNK_ROWS at a time. Run inside a snapshot, so that every chunk reads one state. */
export async function* sqliteTableRows(db: Db, table: CopiedTable): AsyncGenerator<TableRows> {
  const statement = db.prepare(`SELECT * FROM ${table} ORDER BY ${hasIdColumn(table) ? 'id' : 'rowid'}`).raw(true);
  const columns = statement.columns().map((column) => column.name);
  let rows: TableValue[][] = [];
  for (const row of statement.iterate() as Iterable<TableValue[]>) {
    rows.push(row);
    if (rows.length === CHUNK_ROWS) {
      yield { columns, rows };
      rows = [];
    }
  }
  if (rows.length > 0) yield { columns, rows };
}

export function sqliteTableCounts(db: Db): Record<CopiedTable, number> {
  const counts = {} as Record<CopiedTable, number>;
  for (const table of COPIED_TABLES) {
    counts[table] = (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  }
  return counts;
}

export function sqliteInsertRows(db: Db, table: CopiedTable, chunk: TableRows): void {
  const insert = db.prepare(
    `INSERT INTO ${table} (${chunk.columns.join(', ')}) VALUES (${chunk.columns.map(() => '?').join(', ')})`,
  );
  for (const row of chunk.rows) insert.run(row);
}

/** Once every row is in: each client's purchase dates worked out again from the copied visits and deals. */
export function sqliteFinishCopy(db: Db): void {
  db.exec('DELETE FROM client_purchases');
  db.exec('INSERT INTO purchase_dates_recomputed SELECT id FROM clients');
}
