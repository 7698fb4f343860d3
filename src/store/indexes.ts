import { type Db, statement } from './db.js';

/**
 * Drops the indexes of `tables` for a bulk load inside the caller's open transaction, and returns what builds them
 * again, as the schema defines them, before it commits: inserting many rows into indexes of random keys (with the
 * small page cache a big import runs with) costs more than sorting them once. A rollback brings them back by itself.
 * Indexes that back a UNIQUE constraint (no SQL of their own) stay.
 */
export function dropIndexesOf(db: Db, tables: string[]): () => void {
  const indexes = statement(
    db,
    "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name IN (SELECT value FROM json_each(?)) AND sql IS NOT NULL",
  ).all(JSON.stringify(tables)) as Array<{ name: string; sql: string }>;
  for (const { name } of indexes) db.exec(`DROP INDEX "${name}"`);
  return () => {
    for (const { sql } of indexes) db.exec(sql);
  };
}
