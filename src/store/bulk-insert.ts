import type Database from 'better-sqlite3';
import { type Db, statement } from './db.js';

/** Rows per INSERT: one statement call per 64 rows costs far less than 64 calls. */
const ROWS_PER_INSERT = 64;

type Value = string | number | null;

/**
 * The rows of one table that a bulk import writes, ROWS_PER_INSERT per statement. The caller pushes one row's values
 * onto `values`, in the order of `columns`, and calls `queued`: a row costs no array of its own, for a million rows.
 */
export class BulkInsert {
  readonly values: Value[] = [];
  private readonly full: Database.Statement;

  constructor(
    private readonly db: Db,
    private readonly table: string,
    private readonly columns: readonly string[],
  ) {
    this.full = statement(db, this.sql(ROWS_PER_INSERT));
  }

  /** After a row's values were pushed: writes the queued rows once there are enough for one statement. */
  queued(): void {
    if (this.values.length === ROWS_PER_INSERT * this.columns.length) {
      this.full.run(this.values);
      this.values.length = 0;
    }
  }

  /** Writes the rows still queued. */
  flush(): void {
    if (this.values.length === 0) return;
    statement(this.db, this.sql(this.values.length / this.columns.length)).run(this.values);
    this.values.length = 0;
  }

  private sql(rows: number): string {
    return insertSql(this.table, this.columns, rows);
  }
}

/** `INSERT INTO table (columns) VALUES (?, ...)`, with `rows` rows of placeholders. */
export function insertSql(table: string, columns: readonly string[], rows = 1): string {
  const row = `(${columns.map(() => '?').join(', ')})`;
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array(rows).fill(row).join(', ')}`;
}
