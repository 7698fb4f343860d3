import { join } from 'node:path';
import envPaths from 'env-paths';
import { UsageError } from '../errors.js';

/** `--db`, else `CRM_DB`, else the per-user data directory (`~/.local/share/pocket-crm/crm.sqlite` on Linux). */
export function resolveDatabasePath(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (option) return refuseAddress(option, '--db ');
  if (env.CRM_DB) return refuseAddress(env.CRM_DB, 'CRM_DB=');
  return join(envPaths('pocket-crm', { suffix: '' }).data, 'crm.sqlite');
}

/**
 * A scheme and `//` (`postgres://host/db`, `file:///x`), or a bare `postgres:`. Taken for a path it would become a
 * folder `postgres:` in the working directory. A one-letter scheme is a Windows drive (`C://x`), not a URL.
 */
const ADDRESS = /^(?:([a-z][a-z0-9+.-]+:)\/\/|(postgres(?:ql)?:)$)/i;

function refuseAddress(path: string, named: string): string {
  const address = ADDRESS.exec(path);
  if (!address) return path;
  // The address is not repeated whole: it may carry a password (postgres://user:secret@host).
  const shown = address[1] ? `${address[1]}//…` : address[2];
  throw new UsageError(
    `${named}${shown} looks like a server address; crm stores data in a local SQLite file for now (a file path, e.g. --db ./crm.sqlite)`,
  );
}
