/**
 * Many rows in one statement: each column is sent as one array parameter and `unnest` turns the arrays back into
 * rows, so that a list of a thousand clients costs one round trip to the server, not a thousand.
 */

/** A column of a table and the PostgreSQL type of the array its values are sent in. */
export type Column = readonly [name: string, type: 'bigint' | 'integer' | 'text' | 'boolean' | 'json'];

type Value = string | number | boolean | null;

/**
 * `INSERT INTO table (columns) SELECT … FROM unnest($1::type[], …)`, the parameters numbered from `first`. Rows are
 * inserted in the arrays' order, so identities are given in that order too.
 */
export function insertFromArrays(table: string, columns: readonly Column[], first = 1): string {
  const names = columns.map(([name]) => name).join(', ');
  const arrays = columns.map(([, type], i) => `$${first + i}::${type}[]`).join(', ');
  return `INSERT INTO ${table} (${names}) SELECT ${names} FROM unnest(${arrays}) AS u(${names})`;
}

/** The rows (each in the order of the columns) as one array per column: the parameters of insertFromArrays. */
export function arraysOf(rows: ReadonlyArray<readonly Value[]>, columns: number): Value[][] {
  const arrays: Value[][] = Array.from({ length: columns }, () => new Array(rows.length));
  rows.forEach((row, r) => {
    for (let c = 0; c < columns; c++) arrays[c]![r] = row[c] ?? null;
  });
  return arrays;
}
