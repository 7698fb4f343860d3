import type { Db } from './db.js';

export function saveProfile(db: Db, name: string, kind: string, settings: unknown): void {
  db.prepare(
    `INSERT INTO import_profiles (name, kind, settings, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, settings = excluded.settings, updated_at = excluded.updated_at`,
  ).run(name, kind, JSON.stringify(settings), new Date().toISOString());
}

export function loadProfile(db: Db, name: string): { kind: string; settings: unknown } | undefined {
  const row = db.prepare('SELECT kind, settings FROM import_profiles WHERE name = ?').get(name) as
    | { kind: string; settings: string }
    | undefined;
  return row ? { kind: row.kind, settings: JSON.parse(row.settings) } : undefined;
}

export function listProfiles(db: Db): Array<{ name: string; kind: string; settings: string; updated_at: string }> {
  return db.prepare('SELECT name, kind, settings, updated_at FROM import_profiles ORDER BY name').all() as Array<{
    name: string;
    kind: string;
    settings: string;
    updated_at: string;
  }>;
}
