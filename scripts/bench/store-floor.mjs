// node scripts/bench/store-floor.mjs DB: how long SQLite takes to do the database work of the import that filled DB,
// alone: the same clients, contacts, visits and purchase summary written into a new database of the same schema as
// `crm import visits` writes them (one transaction, foreign keys off, a 4 MB page cache, 64 rows a statement, the
// indexes dropped and built again with two sort threads, the commit and its checkpoint). The rows are read from DB
// before the clock starts: no reading, typing or matching of a journal. Prints milliseconds.
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

const ROWS_PER_INSERT = 64;
const TABLES = ['clients', 'client_contacts', 'visits', 'client_purchases'];

const source = new Database(process.argv[2], { readonly: true });
const schema = source
  .prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'")
  .all();
const rows = Object.fromEntries(TABLES.map((table) => [table, source.prepare(`SELECT * FROM ${table}`).raw().all()]));
const columns = Object.fromEntries(
  TABLES.map((table) => [
    table,
    source
      .prepare(`SELECT * FROM ${table} LIMIT 1`)
      .columns()
      .map((c) => c.name),
  ]),
);
source.close();

const path = join(tmpdir(), `store-floor-${process.pid}.sqlite`);
const db = new Database(path);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
// The tables first, then triggers and the indexes of other tables: as the schema is before the import.
for (const object of schema.filter((o) => o.type === 'table')) db.exec(object.sql);
for (const object of schema.filter((o) => o.type !== 'table' && !TABLES.includes(o.tbl_name))) db.exec(object.sql);
const rebuilt = schema.filter((o) => o.type === 'index' && TABLES.includes(o.tbl_name));
const triggers = schema.filter((o) => o.type === 'trigger' && TABLES.includes(o.tbl_name));

const started = performance.now();
db.pragma('foreign_keys = OFF');
db.exec('BEGIN IMMEDIATE');
db.pragma('cache_size = -4000');
for (const table of TABLES) {
  const names = columns[table];
  const row = `(${names.map(() => '?').join(', ')})`;
  const full = db.prepare(
    `INSERT INTO ${table} (${names.join(', ')}) VALUES ${Array(ROWS_PER_INSERT).fill(row).join(', ')}`,
  );
  const values = [];
  for (const record of rows[table]) {
    for (const value of record) values.push(value);
    if (values.length === ROWS_PER_INSERT * names.length) {
      full.run(values);
      values.length = 0;
    }
  }
  const rest = values.length / names.length;
  if (rest > 0)
    db.prepare(`INSERT INTO ${table} (${names.join(', ')}) VALUES ${Array(rest).fill(row).join(', ')}`).run(values);
}
db.pragma('threads = 2');
for (const index of rebuilt) db.exec(index.sql);
for (const trigger of triggers) db.exec(trigger.sql);
db.exec('COMMIT');
console.log(Math.round(performance.now() - started));
db.close();
for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
