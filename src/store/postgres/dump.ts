/**
 * `crm backup` and `crm restore` of a server database: PostgreSQL's own pg_dump and pg_restore, run as child
 * processes. The address is handed to them without its password, which goes through PGPASSWORD in the child's
 * environment (a command line is visible to every user of the machine); their failures are one line each.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readSync, statSync, unlinkSync } from 'node:fs';
import { fileProblem, NoFreeNameError, StoreError } from '../../errors.js';
import { m } from '../../i18n/index.js';
import type { ServerDatabaseInfo, ServerDumpInfo } from '../interface.js';
import { isBareAddress, serverUrl, shownAddress } from './address.js';
import { connect } from './connection.js';
import { POSTGRES_LATEST_VERSION } from './migrations.js';
import { inspectSchema, MARKER } from './schema.js';

/** The address as libpq takes it on a command line, and the password it carried, for PGPASSWORD. */
export function clientConnection(address: string): { args: string[]; password?: string } {
  // libpq's URI of nothing but the scheme leaves everything to the PG* variables, as `postgres:` does; without any
  // --dbname pg_restore would print the SQL instead of loading it.
  if (isBareAddress(address)) return { args: ['--dbname', 'postgresql://'] };
  let url: URL;
  try {
    url = serverUrl(address);
  } catch {
    throw new StoreError(m.store.server.notUsableAddress({ address: shownAddress(address) }));
  }
  let password = url.password ? decodeURIComponent(url.password) : undefined;
  url.password = '';
  const given = url.searchParams.get('password');
  if (given !== null) {
    password = given;
    url.searchParams.delete('password');
  }
  return { args: ['--dbname', url.toString()], password };
}

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs one of PostgreSQL's client programs. stdout goes to `stdoutFd` when given, else is collected. A missing
 * program is said in one line that names the package to install.
 */
function runClient(
  program: 'pg_dump' | 'pg_restore',
  args: string[],
  options: { password?: string; stdoutFd?: number } = {},
): Promise<Finished> {
  const env = { ...process.env };
  if (options.password !== undefined) env.PGPASSWORD = options.password;
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {
      env,
      stdio: ['ignore', options.stdoutFd ?? 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        reject(new StoreError(m.store.dump.programMissing({ program })));
      } else reject(new StoreError(m.store.dump.cannotStart({ program, problem: fileProblem(error.code ?? 'EIO') })));
    });
    child.on('close', (code) =>
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
    );
  });
}

/** The first error a client program printed, without its `pg_dump: error: ` prefix. */
function firstError(program: string, stderr: string): string {
  const lines = stderr.split('\n').map((line) => line.trim());
  const line =
    lines.find((text) => /\berror:/.test(text)) ?? lines.find((text) => text !== '') ?? m.store.dump.noMessage;
  return line.replace(new RegExp(`^${program}: (error: )?`), '');
}

/**
 * Whether a client program failed for the login's rights (`permission denied for sequence …`, `must be owner of
 * table visits`), which the server says in its own language: the English words, or the SQLSTATE where the server's
 * messages carry it (log_error_verbosity).
 */
function lacksRights(stderr: string): boolean {
  return /permission denied|must be owner of|\b42501\b/.test(stderr);
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Never made, or already gone.
  }
}

/**
 * `pg_dump -Fc` of the database at `address` into the first of `candidates` that does not exist yet, created private
 * (0600) and new (never overwritten). Returns the path written; a failed dump leaves no file.
 */
export async function dumpServerDatabase(address: string, candidates: Iterable<string>): Promise<string> {
  const { args, password } = clientConnection(address);
  let path: string | undefined;
  let fd: number | undefined;
  for (const candidate of candidates) {
    try {
      fd = openSync(candidate, 'wx', 0o600);
      path = candidate;
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  if (path === undefined || fd === undefined) throw new NoFreeNameError();
  let finished: Finished;
  try {
    finished = await runClient('pg_dump', ['--format=custom', '--no-password', ...args], {
      password,
      stdoutFd: fd,
    });
  } catch (error) {
    closeSync(fd);
    removeQuietly(path);
    throw error;
  }
  closeSync(fd);
  if (finished.code !== 0) {
    removeQuietly(path);
    if (lacksRights(finished.stderr))
      throw new StoreError(m.store.dump.dumpNotAllowed({ address: shownAddress(address) }));
    throw new StoreError(
      m.store.dump.dumpFailed({ address: shownAddress(address), problem: firstError('pg_dump', finished.stderr) }),
    );
  }
  return path;
}

function startsWithSqliteMagic(path: string): boolean {
  const magic = Buffer.from('SQLite format 3\u0000', 'latin1');
  const head = Buffer.alloc(magic.length);
  const fd = openSync(path, 'r');
  try {
    return readSync(fd, head, 0, head.length, 0) === head.length && head.equals(magic);
  } finally {
    closeSync(fd);
  }
}

/**
 * Checks, reading the file only, that `path` is a pg_dump archive of a crm database no newer than this crm: its list
 * shows crm's schema_migrations (with crm's comment on it), whose rows give the version.
 */
export async function inspectServerDump(path: string): Promise<ServerDumpInfo> {
  let bytes: number;
  try {
    const stats = statSync(path);
    if (!stats.isFile()) throw new StoreError(m.store.check.notAFile({ path }));
    bytes = stats.size;
  } catch (error) {
    if (error instanceof StoreError) throw error;
    throw new StoreError(m.store.check.noSuchFile({ path }));
  }
  if (startsWithSqliteMagic(path)) {
    throw new StoreError(m.store.dump.sqliteBackup({ path }));
  }
  const list = await runClient('pg_restore', ['--list', path]);
  if (list.code !== 0) {
    throw new StoreError(m.store.dump.notServerBackup({ path, problem: firstError('pg_restore', list.stderr) }));
  }
  const schemas = [...list.stdout.matchAll(/^\d+; \d+ \d+ COMMENT (\S+) TABLE schema_migrations /gm)].map(
    (match) => match[1]!,
  );
  let version: number | undefined;
  for (const schema of schemas) {
    const definition = await runClient('pg_restore', [
      '--schema-only',
      '-n',
      schema,
      '-t',
      'schema_migrations',
      '-f',
      '-',
      path,
    ]);
    if (definition.code !== 0 || !definition.stdout.includes(`schema_migrations IS '${MARKER}';`)) continue;
    const data = await runClient('pg_restore', [
      '--data-only',
      '-n',
      schema,
      '-t',
      'schema_migrations',
      '-f',
      '-',
      path,
    ]);
    if (data.code !== 0) {
      throw new StoreError(m.store.dump.cannotRead({ path, problem: firstError('pg_restore', data.stderr) }));
    }
    const rows = /^COPY [^\n]*schema_migrations [^\n]*FROM stdin;\n([\s\S]*?)^\\\.$/m.exec(data.stdout)?.[1] ?? '';
    version = Math.max(
      0,
      ...rows
        .split('\n')
        .filter(Boolean)
        .map((row) => Number(row.split('\t')[0])),
    );
    break;
  }
  if (version === undefined) throw new StoreError(m.store.dump.notOurs({ path }));
  if (!Number.isInteger(version)) throw new StoreError(m.store.dump.unreadableVersions({ path }));
  if (version > POSTGRES_LATEST_VERSION) {
    throw new StoreError(m.store.dump.newer({ path, version, latest: POSTGRES_LATEST_VERSION }));
  }
  if (version < 1) throw new StoreError(m.store.dump.noTables({ path }));
  const header = (name: string) => new RegExp(`^;\\s+${name}: (.*)$`, 'm').exec(list.stdout)?.[1]?.trim() ?? '';
  return {
    path,
    bytes,
    schemaVersion: version,
    database: header('dbname'),
    createdAt: /^; Archive created at (.*)$/m.exec(list.stdout)?.[1]?.trim() ?? '',
  };
}

/**
 * Loads the checked dump at `path` into the database at `address` with `pg_restore --single-transaction --clean
 * --if-exists --no-owner`: crm's tables are dropped and made again from the dump in one transaction, so a failure
 * leaves the database as it was.
 */
export async function restoreServerDump(address: string, path: string): Promise<void> {
  const { args, password } = clientConnection(address);
  const finished = await runClient(
    'pg_restore',
    ['--single-transaction', '--clean', '--if-exists', '--no-owner', '--no-password', ...args, path],
    { password },
  );
  if (finished.code !== 0) {
    if (lacksRights(finished.stderr)) {
      throw new StoreError(m.store.dump.restoreNeedsOwner({ address: shownAddress(address) }));
    }
    throw new StoreError(
      m.store.dump.restoreFailed({
        address: shownAddress(address),
        problem: firstError('pg_restore', finished.stderr),
      }),
    );
  }
}

/**
 * What the database a restore would replace holds (null when it has no crm tables yet), read without changing it.
 * Refuses another program's database: `--clean` would drop its tables of the same names as crm's.
 */
export async function inspectRestoreTarget(address: string): Promise<ServerDatabaseInfo | null> {
  const c = await connect(address);
  try {
    const state = await inspectSchema(c);
    if (state.kind === 'foreign') {
      throw new StoreError(
        m.store.dump.restoreIntoForeign({ where: c.where, schema: state.schema, count: state.relations }),
      );
    }
    if (state.kind === 'empty') return null;
    // All four tables are schema 1's: any crm database has them.
    const counts = await c.row<{ clients: number; visits: number; deals: number; answers: number }>(
      `SELECT (SELECT count(*) FROM clients) AS clients, (SELECT count(*) FROM visits) AS visits,
         (SELECT count(*) FROM deals) AS deals, (SELECT count(*) FROM nps_answers) AS answers`,
    );
    return { where: c.where, schemaVersion: state.version, ...counts! };
  } finally {
    await c.close();
  }
}
