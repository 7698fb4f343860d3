// node scripts/bench/index-build.mjs DB: how long SQLite takes to build the two visits indexes of DB from scratch
// (in a transaction that is rolled back, so DB is left as it was). An import of a big journal drops them and builds
// them again at the end: this is that step alone.
import Database from 'better-sqlite3';

const db = new Database(process.argv[2]);
db.exec('BEGIN IMMEDIATE');
db.exec('DROP INDEX visits_client_date; DROP INDEX visits_date');
const started = performance.now();
db.exec('CREATE INDEX visits_client_date ON visits(client_id, date, amount)');
db.exec('CREATE INDEX visits_date ON visits(date, client_id, amount)');
console.log(Math.round(performance.now() - started));
db.exec('ROLLBACK');
db.close();
