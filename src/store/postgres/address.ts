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
 * The address as a URL. libpq takes a user, a password or a port with no host name after them
 * (`postgres://anna@/crm?host=/var/run/postgresql`: a socket folder in the parameters, or the default socket), where
 * a URL must have a host after an `@` or before a `:port`: those are moved into the parameters that libpq (and
 * pg-connection-string) read them from too, a parameter given already kept, as libpq keeps it. Throws on an address
 * that is no URL even so.
 */
export function serverUrl(address: string): URL {
  try {
    return new URL(address);
  } catch (error) {
    const hostless = /^(postgres(?:ql)?:)\/\/(?:([^@/?#]*)@)?(?::(\d*))?([/?#].*)?$/is.exec(address);
    if (!hostless) throw error;
    const [, scheme, userInfo, port, rest = '/'] = hostless;
    const url = new URL(`${scheme}//${rest.startsWith('/') ? '' : '/'}${rest}`);
    const at = userInfo?.indexOf(':') ?? -1;
    const user = at < 0 ? userInfo : userInfo!.slice(0, at);
    const moved = { user, password: at < 0 ? undefined : userInfo!.slice(at + 1), port };
    for (const [name, value] of Object.entries(moved)) {
      if (value && !url.searchParams.has(name)) url.searchParams.set(name, decodeURIComponent(value));
    }
    return url;
  }
}

/**
 * The address as messages show it: scheme, user, host, port and database, never the password or the parameters
 * (an address may carry `user:secret@` or `?password=`).
 */
export function shownAddress(address: string): string {
  if (isBareAddress(address)) return address;
  try {
    const url = serverUrl(address);
    const name = url.username ? decodeURIComponent(url.username) : url.searchParams.get('user');
    const user = name ? `${name}@` : '';
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
