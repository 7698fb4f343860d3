import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { m } from '../i18n/index.js';

export type Db = Database.Database;

export { APPLICATION_ID } from './application-id.js';

const requireCommonJs = createRequire(import.meta.url);

let addonPath: string | null | undefined;
const ADDON = 'build/Release/better_sqlite3.node';

/**
 * The compiled addon of better-sqlite3, where its install puts it. Left to find it alone, the package asks
 * `bindings`, which stats a dozen candidate paths on every start; and the build bundles the package's JavaScript,
 * from where that search would look in the wrong place. Null when the addon is elsewhere.
 */
function builtAddon(): string | null {
  if (addonPath === undefined) {
    // This module is two folders below the package root (src/store/, dist/chunks/): the package's own node_modules
    // is where require would find better-sqlite3 first, without its ~1.5 ms walk up the folders.
    const beside = fileURLToPath(new URL(`../../node_modules/better-sqlite3/${ADDON}`, import.meta.url));
    if (existsSync(beside)) addonPath = beside;
    else {
      const built = join(dirname(requireCommonJs.resolve('better-sqlite3/package.json')), ADDON);
      addonPath = existsSync(built) ? built : null;
    }
  }
  return addonPath;
}

/** A better-sqlite3 connection, loading the addon straight from its file. */
export function openSqlite(path: string, options: Database.Options = {}): Db {
  const nativeBinding = builtAddon();
  if (nativeBinding) return new Database(path, { ...options, nativeBinding });
  // An addon built or installed elsewhere: the package as installed, which lets `bindings` search from its own root.
  const Installed = requireCommonJs('better-sqlite3') as typeof Database;
  return new Installed(path, options);
}

/** SQLite's result code of an error (`SQLITE_CANTOPEN_ISDIR`), undefined for any other error. */
export function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/**
 * What SQLite refused, in the language's words: the family of its code (`SQLITE_CANTOPEN` for
 * `SQLITE_CANTOPEN_ISDIR`), else the code itself; an error without one keeps its message.
 */
export function sqliteProblem(error: unknown): string {
  const code = sqliteCode(error);
  if (code === undefined) return error instanceof Error ? error.message : String(error);
  return m.store.sqliteProblems[code.split('_', 2).join('_')] ?? code;
}
