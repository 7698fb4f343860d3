import type { Db } from './db.js';

/**
 * Every row of every table, in a stable order, as text. Two dumps are equal exactly when the stored data is:
 * tests use it to prove that an undo, a refused import or a crash left nothing behind.
 */
export function dumpDatabase(db: Db): string {
  const tables = db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as Array<{ name: string }>;
  return tables
    .map(({ name }) => {
      const rows = db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all();
      return `${name}\n${rows.map((row) => JSON.stringify(row)).join('\n')}`;
    })
    .join('\n\n');
}
