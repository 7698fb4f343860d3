/** Settings and saved import profiles on PostgreSQL (store/settings.ts and store/profiles.ts on SQLite). */
import type { ImportProfile } from '../interface.js';
import { type Connection, connect, keepConnection } from './connection.js';
import { MARKER } from './schema.js';

/** How long reading a setting before the program is built may take: connecting, then the one statement. */
const PEEK_TIMEOUT_MS = 3000;

/**
 * One setting of the crm database at `address`, read before the program is built (the interface language: a report
 * in cron, with no LANG, speaks the language the database is set to): undefined when the server cannot be reached
 * in PEEK_TIMEOUT_MS, refuses the login, or the database is not crm's or lacks the setting. Nothing is thrown and
 * nothing is said: the command itself then connects and says what is wrong.
 */
export async function peekServerSetting(address: string, key: string): Promise<string | undefined> {
  let c: Connection | undefined;
  try {
    c = await connect(address, { timeoutMs: PEEK_TIMEOUT_MS });
    // In one turn of the network, limited in time for this statement alone, so that the session can be kept for the
    // command as any other: another program's settings table is not read (crm's is beside crm's schema_migrations,
    // which carries MARKER).
    const answers = (await c.driver.query(
      `BEGIN; SET LOCAL statement_timeout = ${PEEK_TIMEOUT_MS};
       SELECT value FROM settings
       WHERE key = ${c.driver.escapeLiteral(key)} AND obj_description(to_regclass(quote_ident(current_schema()) || '.schema_migrations'), 'pg_class') = ${c.driver.escapeLiteral(MARKER)};
       COMMIT`,
    )) as unknown as Array<{ rows: Array<{ value: string | null }> }>;
    const value = answers[2]?.rows[0]?.value ?? undefined;
    await keepConnection(address, c);
    c = undefined;
    return value;
  } catch {
    return undefined;
  } finally {
    await c?.close();
  }
}

export async function getSetting(c: Connection, key: string): Promise<string | undefined> {
  return (await c.row<{ value: string }>('SELECT value FROM settings WHERE key = $1', [key]))?.value;
}

export async function setSetting(c: Connection, key: string, value: string): Promise<void> {
  await c.atomic(() =>
    c.run('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [
      key,
      value,
    ]),
  );
}

export async function unsetSetting(c: Connection, key: string): Promise<boolean> {
  return (await c.atomic(() => c.run('DELETE FROM settings WHERE key = $1', [key]))) > 0;
}

export async function listSettings(c: Connection): Promise<Record<string, string>> {
  const rows = await c.rows<{ key: string; value: string }>('SELECT key, value FROM settings ORDER BY key');
  return Object.fromEntries(rows.map((row) => [row.key, row.value]));
}

export async function saveProfile(c: Connection, name: string, kind: string, settings: unknown): Promise<void> {
  await c.atomic(() =>
    c.run(
      `INSERT INTO import_profiles (name, kind, settings, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, settings = excluded.settings, updated_at = excluded.updated_at`,
      [name, kind, JSON.stringify(settings), new Date().toISOString()],
    ),
  );
}

export async function loadProfile(
  c: Connection,
  name: string,
): Promise<{ kind: string; settings: unknown } | undefined> {
  const row = await c.row<{ kind: string; settings: string }>(
    'SELECT kind, settings FROM import_profiles WHERE name = $1',
    [name],
  );
  return row ? { kind: row.kind, settings: JSON.parse(row.settings) } : undefined;
}

export function listProfiles(c: Connection): Promise<ImportProfile[]> {
  return c.rows<ImportProfile>('SELECT name, kind, settings, updated_at FROM import_profiles ORDER BY name');
}
