/**
 * Whose database a connection reached, and bringing ours up to date: the PostgreSQL side of "Opening and identity"
 * and "Migrations" (docs/ARCHITECTURE.md). crm keeps its tables in the connection's current schema (normally
 * `public`; an address may name another with `?options=-csearch_path%3Dcrm`).
 */
import { StoreError } from '../../errors.js';
import { m } from '../../i18n/index.js';
import type { Migration } from '../migrations.js';
import type { Connection } from './connection.js';
import { errorCode } from './errors.js';
import { POSTGRES_LATEST_VERSION, POSTGRES_MIGRATIONS } from './migrations.js';

/** The comment on crm's schema_migrations: another program's table of that name (Rails has one) is not ours. */
export const MARKER = 'pocket-crm schema versions';

export type SchemaState =
  | { kind: 'empty' }
  | { kind: 'ours'; version: number }
  | { kind: 'foreign'; relations: number; schema: string };

/** What the current schema holds: nothing yet, crm's tables (at a version), or another program's. */
export async function inspectSchema(c: Connection): Promise<SchemaState> {
  const found = await c.row<{
    schema: string | null;
    relations: number;
    marker: string | null;
    can_write: boolean | null;
    can_read: boolean | null;
    version: number | null;
  }>(
    // The recorded version in the same turn of the network, read only where crm's marker says the table is crm's:
    // a statement cannot name a table that may not exist, so it is asked through query_to_xml.
    `SELECT current_schema() AS schema,
       has_table_privilege(to_regclass(quote_ident(current_schema()) || '.clients'), 'INSERT') AS can_write,
       has_table_privilege(to_regclass(quote_ident(current_schema()) || '.clients'), 'SELECT') AS can_read,
       (SELECT count(*) FROM pg_class k JOIN pg_namespace n ON n.oid = k.relnamespace
        WHERE n.nspname = current_schema() AND k.relkind IN ('r', 'p', 'v', 'm', 'f')) AS relations,
       obj_description(to_regclass(quote_ident(current_schema()) || '.schema_migrations'), 'pg_class') AS marker,
       CASE WHEN obj_description(to_regclass(quote_ident(current_schema()) || '.schema_migrations'), 'pg_class') = $1
           AND has_table_privilege(to_regclass(quote_ident(current_schema()) || '.schema_migrations'), 'SELECT')
         THEN (xpath('/row/v/text()', query_to_xml(
           format('SELECT max(version) AS v FROM %s', to_regclass(quote_ident(current_schema()) || '.schema_migrations')),
           false, true, '')))[1]::text::integer
       END AS version`,
    [MARKER],
  );
  if (!found?.schema) {
    throw new StoreError(`${c.where}: ${m.store.server.noSchema}`);
  }
  // A login that may read crm's tables but not write them (crm_reports) is refused its writes in those words; one
  // that may not even read them was given no rights here (no crm init --roles, or not granted a role).
  c.loginRights = found.can_write ? 'write' : found.can_read ? 'read' : found.can_read === false ? 'none' : undefined;
  if (found.marker === MARKER) {
    // Asked on its own where it could not be read above: a login without rights is told so in the query's words.
    const version = found.version ?? (await c.value<number | null>('SELECT max(version) FROM schema_migrations'));
    return { kind: 'ours', version: version ?? 0 };
  }
  if (found.relations === 0) return { kind: 'empty' };
  return { kind: 'foreign', relations: found.relations, schema: found.schema };
}

/**
 * Applies the migrations the database lacks, each in a transaction of its own holding the write lock, reading the
 * recorded version again once it holds it: two crm starting on an old database upgrade it once.
 */
export async function migrate(c: Connection, migrations: Migration[] = POSTGRES_MIGRATIONS): Promise<void> {
  await c.write(async () => {
    await c.run(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at text NOT NULL
    )`);
    await c.run(`COMMENT ON TABLE schema_migrations IS '${MARKER}'`);
  });
  for (const migration of migrations) {
    await c.write(async () => {
      const current = (await c.value<number | null>('SELECT max(version) FROM schema_migrations')) ?? 0;
      if (migration.version <= current) return;
      await c.run(migration.sql);
      await c.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        new Date().toISOString(),
      ]);
    });
  }
}

export interface SchemaOptions {
  readonly: boolean;
  /** Create crm's tables in an empty database (`crm init`); without it an empty database is refused. */
  create: boolean;
}

/**
 * Checks, before anything is written, that the database is crm's (or empty, for `crm init`) and not newer than this
 * crm, then brings it up to date: a refused database is left exactly as it was.
 */
export async function prepareSchema(c: Connection, options: SchemaOptions): Promise<void> {
  const state = await inspectSchema(c);
  if (state.kind === 'foreign') {
    throw new StoreError(
      `${c.where}: ${m.store.server.anotherProgram({ schema: state.schema, count: state.relations })}`,
    );
  }
  if (state.kind === 'empty') {
    if (!options.create) {
      throw new StoreError(`${c.where}: ${m.store.server.noTablesYet}`);
    }
    await migrate(c);
    return;
  }
  if (state.version > POSTGRES_LATEST_VERSION) {
    throw new StoreError(
      `${c.where}: ${m.store.server.newer({ version: state.version, latest: POSTGRES_LATEST_VERSION })}`,
    );
  }
  if (state.version < POSTGRES_LATEST_VERSION) {
    try {
      // Also for a read-only open: a report in cron right after crm was upgraded must not fail.
      await migrate(c);
    } catch (error) {
      if (errorCode(error) === '42501' || (error as Error).message.includes('permission denied')) {
        throw new StoreError(`${c.where}: ${m.store.server.upgradeNotAllowed({ latest: POSTGRES_LATEST_VERSION })}`);
      }
      throw error;
    }
  }
}
