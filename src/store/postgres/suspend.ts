/**
 * Indexes and foreign keys a bulk load drops for the rest of its transaction and makes again before it commits, as
 * SQLite's store/suspend.ts drops indexes. On a million visits, filling two indexes of random keys row by row cost
 * 20-25 s on the bench machine and building them once 3-4 s; the reference checks of two foreign keys, one row at a
 * time (a lookup and a row lock each), 15 s, and one check of the whole table when the key is made again about 1 s.
 *
 * The price: dropping them takes an ACCESS EXCLUSIVE lock on the tables and on the ones their keys refer to, until
 * the commit, so other sessions' reads of those tables wait for the load instead of seeing the state before it. A
 * load takes this way only when it dwarfs what is stored (journal-load.ts), where there is little to read; it waits
 * only briefly for the lock, and a login that does not own the tables (crm_user) cannot drop them: both then load
 * through the indexes as they are.
 *
 * Each object is made again from the definition the server gives for it (pg_get_indexdef, pg_get_constraintdef),
 * so that the migrations stay the only place that defines them; a rollback brings them back by itself.
 */
import type { Connection } from './connection.js';
import { errorCode } from './errors.js';

/** How long a load waits for other sessions' reads of the tables to end before it loads through the indexes. */
const LOCK_WAIT = '2s';

/** Memory for each index build (per sort; the server's default is 64 MB, which sorts a million visits on disk). */
const BUILD_MEMORY = '256MB';

interface Suspended {
  /** `CREATE INDEX …` statements. */
  indexes: string[];
  /** `ALTER TABLE … ADD CONSTRAINT …` statements. */
  keys: string[];
}

/**
 * Drops the secondary indexes (not those of a primary key or a UNIQUE constraint) and the foreign keys of `tables`,
 * and returns what makes them again; undefined, with nothing dropped, when the tables cannot be had in a moment or
 * the login may not alter them. Needs the open transaction of the load.
 */
export async function suspendIndexesAndKeys(
  c: Connection,
  tables: readonly string[],
): Promise<(() => Promise<void>) | undefined> {
  if (!c.inTransaction) throw new Error('suspending indexes for a bulk load needs an open transaction');
  const driver = c.driver;
  await driver.query('SAVEPOINT crm_suspend');
  try {
    const { rows } = await driver.query<{ drop: string; create: string }>(
      `SELECT format('DROP INDEX %s', i.indexrelid::regclass) AS drop, pg_get_indexdef(i.indexrelid) AS create
       FROM pg_index i
       WHERE i.indrelid = ANY($1::regclass[]) AND NOT i.indisprimary AND NOT i.indisunique
         AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
       UNION ALL
       SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', k.conrelid::regclass, k.conname),
         format('ALTER TABLE %s ADD CONSTRAINT %I %s', k.conrelid::regclass, k.conname, pg_get_constraintdef(k.oid))
       FROM pg_constraint k
       WHERE k.conrelid = ANY($1::regclass[]) AND k.contype = 'f'`,
      [tables],
    );
    // The referenced tables are locked by the drops too: all of them are asked for at once, each wait bounded.
    const referenced = await driver.query<{ name: string }>(
      `SELECT DISTINCT k.confrelid::regclass::text AS name FROM pg_constraint k
       WHERE k.conrelid = ANY($1::regclass[]) AND k.contype = 'f'`,
      [tables],
    );
    const locked = [...new Set([...tables, ...referenced.rows.map((row) => row.name)])];
    await driver.query(`SET LOCAL lock_timeout = '${LOCK_WAIT}'`);
    await driver.query(`LOCK TABLE ${locked.join(', ')} IN ACCESS EXCLUSIVE MODE`);
    await driver.query('SET LOCAL lock_timeout = DEFAULT');
    for (const { drop } of rows) await driver.query(drop);
    await driver.query('RELEASE SAVEPOINT crm_suspend');
    const suspended: Suspended = {
      indexes: rows.filter((row) => row.drop.startsWith('DROP INDEX')).map((row) => row.create),
      keys: rows.filter((row) => !row.drop.startsWith('DROP INDEX')).map((row) => row.create),
    };
    return () => restore(c, suspended);
  } catch (error) {
    // 42501: not the tables' owner; 55P03: another session kept reading them. Either way, nothing was dropped.
    if (errorCode(error) !== '42501' && errorCode(error) !== '55P03') throw c.problem(error);
    await driver.query('ROLLBACK TO SAVEPOINT crm_suspend; RELEASE SAVEPOINT crm_suspend');
    return undefined;
  }
}

async function restore(c: Connection, suspended: Suspended): Promise<void> {
  await c.run(`SET LOCAL maintenance_work_mem = '${BUILD_MEMORY}'`);
  for (const sql of suspended.indexes) await c.run(sql);
  await c.run('SET LOCAL maintenance_work_mem = DEFAULT');
  for (const sql of suspended.keys) await c.run(sql);
}
