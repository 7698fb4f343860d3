import { type Db, statement } from './db.js';

export function getSetting(db: Db, key: string): string | undefined {
  return (statement(db, 'SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value;
}

export function setSetting(db: Db, key: string, value: string): void {
  statement(
    db,
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}

export function unsetSetting(db: Db, key: string): boolean {
  return statement(db, 'DELETE FROM settings WHERE key = ?').run(key).changes > 0;
}

export function listSettings(db: Db): Record<string, string> {
  const rows = statement(db, 'SELECT key, value FROM settings ORDER BY key').all() as Array<{
    key: string;
    value: string;
  }>;
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}
