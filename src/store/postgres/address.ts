/**
 * Telling a PostgreSQL address from a file path, without loading the driver: `--help`, SQLite users and the path
 * checks of every command read this, never `pg`.
 */

/** `postgres://…` or `postgresql://…` (any case), or the bare `postgres:` / `postgresql:` that leaves all to PG*. */
const SERVER_ADDRESS = /^postgres(?:ql)?:(?:\/\/|$)/i;

/** Whether `address` names a PostgreSQL database rather than a SQLite file. */
export function isServerAddress(address: string): boolean {
  return SERVER_ADDRESS.test(address);
}

/** Whether the address leaves everything to the PG* variables (`postgres:`). */
export function isBareAddress(address: string): boolean {
  return /^postgres(?:ql)?:$/i.test(address);
}

/**
 * The address as messages show it: scheme, user, host, port and database, never the password or the parameters
 * (an address may carry `user:secret@` or `?password=`).
 */
export function shownAddress(address: string): string {
  if (isBareAddress(address)) return address;
  try {
    const url = new URL(address);
    const user = url.username ? `${decodeURIComponent(url.username)}@` : '';
    return `${url.protocol}//${user}${url.host}${url.pathname}`;
  } catch {
    return `${address.slice(0, address.indexOf(':') + 1)}//…`;
  }
}

/**
 * The database a connection reached, as messages name it: `postgres://anna@db.example.com:5432/crm`. Built from
 * what the driver resolved (the address, then PG* variables, then its defaults), so that `postgres:` is named too.
 */
export function describeServer(parameters: { user?: string; host?: string; port?: number; database?: string }): string {
  const host = parameters.host?.startsWith('/') ? encodeURIComponent(parameters.host) : (parameters.host ?? '');
  const port = parameters.port ? `:${parameters.port}` : '';
  return `postgres://${parameters.user ? `${parameters.user}@` : ''}${host}${port}/${parameters.database ?? ''}`;
}
