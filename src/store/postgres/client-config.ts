/**
 * What the driver is handed for an address: the address read as libpq reads it (psql, pg_dump), never by the driver
 * itself. The driver's own reading treats sslmode=require as verify-full and warns about it on stderr, ignores
 * PGSSLROOTCERT, and reads ~/.pgpass with a deprecation warning on every command (cron mails stderr).
 *
 * - sslmode and the certificate files come from the address, else from PGSSLMODE, PGSSLROOTCERT, PGSSLCERT and
 *   PGSSLKEY, for `postgres:` too, with libpq's meanings: disable and allow connect without TLS (allow tries TLS when
 *   the server refuses the plain login), prefer tries TLS first and falls back without it, require encrypts without
 *   checking the certificate (unless a root certificate is given or is in ~/.postgresql/root.crt: then it checks who
 *   signed it, as verify-ca), verify-ca checks who signed it, verify-full also the host name. No sslmode anywhere
 *   connects without TLS, as crm always has (libpq's default, prefer, would try TLS on every connection).
 * - the password comes from the address, else PGPASSWORD (the driver reads it), else the password file (PGPASSFILE,
 *   else ~/.pgpass), read here only when the server asks for one.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ClientConfig } from 'pg';
import { parse, toClientConfig } from 'pg-connection-string';
import { fileProblem, StoreError } from '../../errors.js';
import { m } from '../../i18n/index.js';
import { isBareAddress, serverUrl, shownAddress } from './address.js';

const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
type SslMode = (typeof SSL_MODES)[number];

/** The address's parameters for TLS and the variables that stand in for them when the address has none. */
const SSL_PARAMETERS = { sslmode: 'PGSSLMODE', sslrootcert: 'PGSSLROOTCERT', sslcert: 'PGSSLCERT', sslkey: 'PGSSLKEY' };

/** Where libpq looks for the root certificate when none is named. */
const DEFAULT_ROOT_CERT = ['.postgresql', 'root.crt'];

/** How to connect: the first config, then the next when the server refuses the first's TLS or lack of it. */
export interface ClientConfigs {
  first: ClientConfig;
  /** prefer: without TLS when the server has none; allow: with TLS when the server refuses a plain login. */
  fallback?: { config: ClientConfig; when: 'noSsl' | 'needsSsl' };
}

type Environment = Record<string, string | undefined>;

function addressWithSslFromEnvironment(address: string, env: Environment): URL {
  let url: URL;
  try {
    // `postgres:` leaves the rest to the PG* variables, which the driver reads for what the config leaves empty.
    url = isBareAddress(address) ? new URL('postgres://') : serverUrl(address);
  } catch {
    throw new StoreError(m.store.server.notUsableAddress({ address: shownAddress(address) }));
  }
  for (const [parameter, variable] of Object.entries(SSL_PARAMETERS)) {
    const value = env[variable];
    if (!url.searchParams.has(parameter) && value) url.searchParams.set(parameter, value);
  }
  const mode = url.searchParams.get('sslmode');
  if (mode !== null && !(SSL_MODES as readonly string[]).includes(mode)) {
    throw new StoreError(
      `${shownAddress(address)}: ${m.store.server.unknownSslMode({ mode, modes: SSL_MODES.join(', ') })}`,
    );
  }
  // sslrootcert=system: the certificate authorities Node trusts, which is what the driver checks against by default.
  if (url.searchParams.get('sslrootcert') === 'system') url.searchParams.delete('sslrootcert');
  else if (!url.searchParams.has('sslrootcert') && checksCertificate(mode)) {
    const defaultRoot = join(homedir(), ...DEFAULT_ROOT_CERT);
    if (existsSync(defaultRoot)) url.searchParams.set('sslrootcert', defaultRoot);
  }
  if (mode === 'verify-ca' && !url.searchParams.has('sslrootcert')) {
    throw new StoreError(`${shownAddress(address)}: ${m.store.server.verifyCaNeedsRoot}`);
  }
  return url;
}

function checksCertificate(mode: string | null): boolean {
  return mode === 'require' || mode === 'verify-ca' || mode === 'verify-full';
}

/** The address parsed with libpq's meaning of sslmode; a certificate file that cannot be read is one line. */
function parsed(url: URL): ClientConfig {
  try {
    return toClientConfig(parse(url.toString(), { useLibpqCompat: true }));
  } catch (error) {
    const { code, path } = error as NodeJS.ErrnoException;
    if (typeof code === 'string' && typeof path === 'string') {
      throw new StoreError(m.store.server.sslFileUnreadable({ path, problem: fileProblem(code) }));
    }
    throw error;
  }
}

/**
 * The driver's configs for `address` (`postgres://…`, or `postgres:` for the PG* variables), TLS and password read
 * as libpq reads them from the address and `env`; `base` is added to each (types, timeouts).
 */
export function clientConfigs(address: string, env: Environment, base: ClientConfig): ClientConfigs {
  const url = addressWithSslFromEnvironment(address, env);
  const mode = (url.searchParams.get('sslmode') ?? undefined) as SslMode | undefined;
  const { ssl, ...rest } = parsed(url);
  // Empty parts of the address (`postgres://`, or no user) leave the driver to its PG* variables and defaults.
  const given = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== ''));
  // What the address sets itself (application_name, options) wins over crm's defaults, as when the driver read it.
  const config: ClientConfig = { ...base, ...given };
  if (!config.password && !env.PGPASSWORD) config.password = passwordFromFile();
  const encrypted = typeof ssl === 'object' ? ssl : { rejectUnauthorized: false };
  switch (mode) {
    case undefined:
      // An address's own ssl=true or certificate files, as the driver reads them; else no TLS.
      return { first: { ...config, ssl: ssl ?? false } };
    case 'disable':
      return { first: { ...config, ssl: false } };
    case 'allow':
      return {
        first: { ...config, ssl: false },
        fallback: { config: { ...config, ssl: encrypted }, when: 'needsSsl' },
      };
    case 'prefer':
      return { first: { ...config, ssl: encrypted }, fallback: { config: { ...config, ssl: false }, when: 'noSsl' } };
    default:
      return { first: { ...config, ssl } };
  }
}

/** What the driver resolved of the login (the address, the PG* variables, its defaults). */
interface PasswordFileLogin {
  host?: string;
  port?: number;
  database?: string;
  user?: string;
}

/** The directories a server's socket is in by default, which a password file names `localhost`, as libpq reads it. */
const DEFAULT_SOCKET_DIRECTORIES = ['/var/run/postgresql', '/run/postgresql', '/tmp'];

/**
 * The password for the login the driver has resolved, from the password file (PGPASSFILE, else ~/.pgpass), asked
 * only when the server wants one. The driver calls it with its connection parameters.
 */
function passwordFromFile(): ClientConfig['password'] {
  const password = async (parameters: PasswordFileLogin) => {
    const { default: pgpass } = await import('pgpass');
    const host = DEFAULT_SOCKET_DIRECTORIES.includes(parameters.host ?? '') ? 'localhost' : parameters.host;
    return new Promise<string | undefined>((resolve) => pgpass({ ...parameters, host }, resolve));
  };
  return password as ClientConfig['password'];
}
