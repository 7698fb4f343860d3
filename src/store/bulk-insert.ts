import type Database from 'better-sqlite3';
import { type Db, statement } from './db.js';

/** Rows per INSERT: one statement call per 64 rows costs far less than 64 calls. */
const ROWS_PER_INSERT = 64;

type Value = string | number | null;

/**
 * The rows of one table that a bulk import writes, ROWS_PER_INSERT per statement. The caller pushes one row's values
 * onto `values`, in the order of `columns`, and calls `queued`: a row costs no array of its own, for a million rows.
 * `same` holds columns whose value is the same in every row (the batch id): they are written into the statement
 * itself, since each value bound costs (a million visits: 7 values a row took 15% longer than 5).
 */
export class BulkInsert {
  readonly values: Value[] = [];
  private readonly full: Database.Statement;

  constructor(
    private readonly db: Db,
    private readonly table: string,
    private readonly columns: readonly string[],
    private readonly same: Readonly<Record<string, number | null>> = {},
    /** Runs before this writes any rows: what must be written first (the rows these refer to). */
    private readonly beforeWrite: () => void = () => {},
  ) {
    this.full = statement(db, this.sql(ROWS_PER_INSERT));
  }

  /** After a row's values were pushed: writes the queued rows once there are enough for one statement. */
  queued(): void {
    if (this.values.length === ROWS_PER_INSERT * this.columns.length) {
      this.beforeWrite();
      this.full.run(this.values);
      this.values.length = 0;
    }
  }

  /** Writes the rows still queued. */
  flush(): void {
    if (this.values.length === 0) return;
    this.beforeWrite();
    statement(this.db, this.sql(this.values.length / this.columns.length)).run(this.values);
    this.values.length = 0;
  }

  private sql(rows: number): string {
    return insertSql(this.table, this.columns, rows, this.same);
  }
}

function literal(value: number | null): string {
  if (value === null) return 'NULL';
  if (!Number.isSafeInteger(value)) throw new Error(`not an integer to write into SQL: ${value}`);
  return String(value);
}

/**
 * `INSERT INTO table (columns) VALUES (?, ...)`, with `rows` rows of placeholders; the columns of `same` follow, with
 * their values as literals.
 */
export function insertSql(
  table: string,
  columns: readonly string[],
  rows = 1,
  same: Readonly<Record<string, number | null>> = {},
): string {
  const fixed = Object.entries(same);
  const row = `(${[...columns.map(() => '?'), ...fixed.map(([, value]) => literal(value))].join(', ')})`;
  const names = [...columns, ...fixed.map(([name]) => name)].join(', ');
  return `INSERT INTO ${table} (${names}) VALUES ${Array(rows).fill(row).join(', ')}`;
}
