import { join } from 'node:path';
import envPaths from 'env-paths';
import { UsageError } from '../errors.js';
import { m } from '../i18n/index.js';
import { isServerAddress } from './postgres/address.js';

/**
 * `--db`, else `CRM_DB`, else the per-user data directory (`~/.local/share/pocket-crm/crm.sqlite` on Linux). A
 * PostgreSQL address (`postgres://user@host:port/db`, or `postgres:` for the PG* variables) is kept as it is.
 */
export function resolveDatabasePath(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (option) return refuseOtherAddress(option, '--db ');
  if (env.CRM_DB) return refuseOtherAddress(env.CRM_DB, 'CRM_DB=');
  return join(envPaths('pocket-crm', { suffix: '' }).data, 'crm.sqlite');
}

/**
 * A scheme and `//` (`mysql://host/db`, `file:///x`) that is not PostgreSQL's. Taken for a path it would become a
 * folder `mysql:` in the working directory. A one-letter scheme is a Windows drive (`C://x`), not a URL.
 */
const ADDRESS = /^([a-z][a-z0-9+.-]+:)\/\//i;

function refuseOtherAddress(path: string, named: string): string {
  if (isServerAddress(path)) return path;
  const address = ADDRESS.exec(path);
  if (!address) return path;
  // The address is not repeated whole: it may carry a password (mysql://user:secret@host).
  throw new UsageError(m.store.otherServer({ named, scheme: address[1]! }));
}
