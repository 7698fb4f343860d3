/** Settings and saved import profiles on PostgreSQL (store/settings.ts and store/profiles.ts on SQLite). */
import type { ImportProfile } from '../interface.js';
import type { Connection } from './connection.js';

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
