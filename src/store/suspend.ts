/**
 * Schema objects a bulk writer drops for the rest of its transaction and creates again before it commits: indexes
 * that cost more to fill row by row than to build once, and triggers that cost more per row than one merge at the
 * end. They are created again from their own SQL in the schema, so that the migrations stay their only definition;
 * a rollback brings them back by itself.
 */
import { type Db, statement } from './db.js';

interface SchemaObject {
  name: string;
  sql: string;
}

function dropForTransaction(db: Db, type: 'index' | 'trigger', objects: SchemaObject[]): () => void {
  // Outside a transaction the drop would be permanent the moment it ran.
  if (!db.inTransaction) throw new Error(`dropping a ${type} for a bulk load needs an open transaction`);
  for (const { name } of objects) db.exec(`DROP ${type.toUpperCase()} "${name}"`);
  return () => {
    for (const { sql } of objects) db.exec(sql);
  };
}

/**
 * Drops the indexes of `tables` and returns what builds them again: inserting many rows into indexes of random keys
 * (with the small page cache a big import runs with) costs more than sorting them once. Indexes that back a UNIQUE
 * constraint (no SQL of their own) stay.
 */
export function dropIndexesOf(db: Db, tables: string[]): () => void {
  const indexes = statement(
    db,
    "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name IN (SELECT value FROM json_each(?)) AND sql IS NOT NULL",
  ).all(JSON.stringify(tables)) as SchemaObject[];
  return dropForTransaction(db, 'index', indexes);
}

/** Drops the trigger `name` and returns what creates it again. */
export function dropTrigger(db: Db, name: string): () => void {
  const triggers = statement(db, "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?").all(
    name,
  ) as SchemaObject[];
  if (triggers.length === 0) throw new Error(`no trigger ${name} in the schema`);
  return dropForTransaction(db, 'trigger', triggers);
}
