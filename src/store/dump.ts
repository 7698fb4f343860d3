import type { Db } from './db.js';

/**
 * Every row of every table, in a stable order, as text. Two dumps are equal exactly when the stored data is:
 * tests use it to prove that an undo, a refused import or a crash left nothing behind. The record an undo keeps of
 * itself (undone_imports: the import's number, never given again) is left out: it is not data the undo restores.
 */
export function dumpDatabase(db: Db): string {
  const tables = db
    .prepare(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'undone_imports' ORDER BY name",
    )
    .all() as Array<{ name: string }>;
  return tables
    .map(({ name }) => {
      const rows = db.prepare(`SELECT * FROM "${name}" ORDER BY ${orderOf(db, name)}`).all();
      return `${name}\n${rows.map((row) => JSON.stringify(row)).join('\n')}`;
    })
    .join('\n\n');
}

/** A table's rows in the order it keeps them: by rowid, or by primary key for a table WITHOUT ROWID (which has none). */
function orderOf(db: Db, table: string): string {
  const withoutRowid = db.prepare('SELECT wr FROM pragma_table_list WHERE name = ?').pluck().get(table) === 1;
  if (!withoutRowid) return 'rowid';
  const key = db
    .prepare('SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk')
    .pluck()
    .all(table) as string[];
  return key.map((column) => `"${column}"`).join(', ');
}
