/**
 * One setting read before the program is built (the interface language: `crm --help` is written in it), without
 * the store's modules: a read-only look that loads the SQLite driver only when the database file exists, and says
 * nothing (undefined) about a file it cannot read, which the command itself then opens and reports.
 */
import { existsSync } from 'node:fs';
import { resolveDatabasePath } from './paths.js';

export async function peekSetting(
  dbOption: string | undefined,
  key: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
  let path: string;
  try {
    path = resolveDatabasePath(dbOption, env);
  } catch {
    return undefined;
  }
  if (!existsSync(path)) return undefined;
  const { APPLICATION_ID, openSqlite } = await import('./sqlite.js');
  let db: ReturnType<typeof openSqlite> | undefined;
  try {
    db = openSqlite(path, { readonly: true, fileMustExist: true });
    if (db.pragma('application_id', { simple: true }) !== APPLICATION_ID) return undefined;
    const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value?: unknown } | undefined;
    return typeof row?.value === 'string' ? row.value : undefined;
  } catch {
    return undefined;
  } finally {
    db?.close();
  }
}
