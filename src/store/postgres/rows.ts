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

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A value as COPY's text format writes it: `\N` for NULL, and backslash, tab and line ends escaped. */
export function copyValue(value: Value): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]!) : value;
}

/** One row of COPY's text format, its line end included. */
export function copyLine(values: readonly Value[]): string {
  let line = copyValue(values[0] ?? null);
  for (let i = 1; i < values.length; i++) line += `\t${copyValue(values[i] ?? null)}`;
  return `${line}\n`;
}
