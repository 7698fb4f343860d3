/**
 * One connection to a PostgreSQL server, as the PostgreSQL store uses it: queries whose errors are one line, and the
 * three kinds of transaction the Store promises (docs/ARCHITECTURE.md, "What a second store engine must provide").
 *
 * - a write holds the write lock, an advisory lock of the database, from its start: `BEGIN` (READ COMMITTED) and
 *   `pg_advisory_xact_lock` first, so that every statement after it reads what the writer before committed (under
 *   REPEATABLE READ a transaction that waited for the lock would keep its older snapshot). It waits up to a minute;
 *   inside another it is a savepoint of that one.
 * - a snapshot is `REPEATABLE READ READ ONLY`: its reads see one state, and it takes no lock, so it never waits for
 *   a writer nor makes one wait.
 * - a read-only open (reports, exports) runs everything in one such snapshot, from the open to the close.
 */
import type { Client, ClientConfig, CustomTypesConfig } from 'pg';
import { StoreError } from '../../errors.js';
import { m } from '../../i18n/index.js';
import { describeServer, shownAddress } from './address.js';
import { clientConfigs } from './client-config.js';
import { errorCode, ReadOnlyLoginError, serverError } from './errors.js';

/** The advisory lock every writer of a crm database takes: 'PCRM', as the SQLite files' application id. */
export const WRITE_LOCK = 0x5043524d;

/** Memory for each hash and sort of a read-only session's statements (the server's default is 4 MB). */
const REPORT_WORK_MEM = '32MB';

/** How long a writer waits behind another, as on SQLite. */
const LOCK_WAIT_MS = 60_000;

export interface ConnectOptions {
  /** How long a writer waits for the write lock (tests shorten it). */
  lockWaitMs?: number;
  /** Called when a writer finds the write lock taken by another, before it waits for it. */
  onWait?: () => void;
  /** How long connecting may take before it is given up. */
  timeoutMs?: number;
  /**
   * Send statements asked at once without waiting for each answer (the driver's pipeline mode), as a read-only session
   * does: the server reads the next while this process works on the last, with no turn of the network between.
   */
  pipeline?: boolean;
}

type Value = string | number | boolean | null | readonly unknown[];

/** A statement's parameters, as `$1`, `$2`… number them. */
export type Parameters = readonly Value[];

/**
 * Ids, counts and money are int8 (and sums numeric), which the driver hands over as strings by default: crm's are
 * integers far below 2^53, so they arrive as numbers. JSON columns arrive as their text, as SQLite's TEXT columns do
 * (the parse is the caller's, as on SQLite).
 */
function typeParsers(types: typeof import('pg').types): CustomTypesConfig {
  const asNumber = (text: string) => Number(text);
  const asText = (text: string) => text;
  const parsers: Record<number, (text: string) => unknown> = {
    20: asNumber, // int8
    1700: asNumber, // numeric
    114: asText, // json
    3802: asText, // jsonb
  };
  return {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      parsers[oid] ?? types.getTypeParser(oid, format)) as CustomTypesConfig['getTypeParser'],
  };
}

/**
 * The driver, loaded without its test for Cloudflare Workers: where `navigator` is not defined (Node 20) it builds
 * a `Response`, which loads Node's fetch implementation, 15-18 ms of a report's ~120 ms of CPU. A `navigator` that
 * is not Cloudflare's answers the test first; it is there only while the driver's modules run.
 */
async function loadDriver(): Promise<typeof import('pg')> {
  if ('navigator' in globalThis) return import('pg');
  Object.defineProperty(globalThis, 'navigator', { value: { userAgent: 'Node.js' }, configurable: true });
  try {
    return await import('pg');
  } finally {
    delete (globalThis as { navigator?: unknown }).navigator;
  }
}

/**
 * The session a command opened to read a setting before its program was built (settings.ts), kept for the command's
 * own connection to the same address: a new session costs the server 6-9 ms of CPU and this process 2-4 (TLS), and
 * a server across a network a few turns of it more, which every command paid twice. Closed at the command's end
 * (releaseKeptConnection) when nothing took it.
 */
let kept: { address: string; client: Client; where: string; lost: boolean } | undefined;

/** Keeps `connection`, idle and outside any transaction, for the next connect() to `address` in this command. */
export async function keepConnection(address: string, connection: Connection): Promise<void> {
  await releaseKeptConnection();
  const entry = { address, client: connection.driver, where: connection.where, lost: false };
  const lose = () => {
    entry.lost = true;
  };
  entry.client.on('error', lose);
  entry.client.on('end', lose);
  kept = entry;
}

/** Closes the kept session, if no connect() took it. */
export async function releaseKeptConnection(): Promise<void> {
  const entry = kept;
  kept = undefined;
  await entry?.client.end().catch(() => {});
}

/** The kept session, when it is to `address` and still open. */
function takeKept(address: string): { client: Client; where: string } | undefined {
  const entry = kept;
  if (!entry || entry.address !== address) return undefined;
  kept = undefined;
  if (!entry.lost) return entry;
  void entry.client.end().catch(() => {});
  return undefined;
}

/** Connects to the database at `address` (`postgres://…`, or `postgres:` for the PG* variables). */
export async function connect(address: string, options: ConnectOptions = {}): Promise<Connection> {
  const driver = await loadDriver();
  const reused = takeKept(address);
  if (reused) {
    // The driver reads its mode at each statement: the kept session goes on in the one asked for.
    (reused.client as Client & { pipeline: boolean }).pipeline = options.pipeline ?? false;
    return new Connection(
      reused.client,
      reused.where,
      options.lockWaitMs ?? LOCK_WAIT_MS,
      options.onWait,
      driver.Query,
      options.pipeline,
    );
  }
  const configs = clientConfigs(address, process.env, {
    types: typeParsers(driver.types),
    connectionTimeoutMillis: options.timeoutMs ?? 20_000,
    application_name: 'pocket-crm',
    ...(options.pipeline ? { pipeline: true } : {}),
  });
  let attempt = await tryConnecting(driver.Client, configs.first, address);
  const { fallback } = configs;
  if ('error' in attempt && fallback && fallsBack(fallback.when, attempt.error)) {
    attempt = await tryConnecting(driver.Client, fallback.config, address);
  }
  if ('error' in attempt) throw serverError(attempt.error, attempt.where) ?? attempt.error;
  const { client, where } = attempt;
  return new Connection(
    client,
    where,
    options.lockWaitMs ?? LOCK_WAIT_MS,
    options.onWait,
    driver.Query,
    options.pipeline,
  );
}

/** Whether a failed connection is tried again the other way: sslmode=prefer or allow (client-config.ts). */
function fallsBack(when: 'noSsl' | 'needsSsl', error: unknown): boolean {
  const message = error instanceof Error ? error.message : '';
  if (when === 'noSsl') return /does not support SSL/.test(message);
  return errorCode(error) === '28000' && /no encryption/.test(message);
}

/** A client connected with `config`, or why not and where (the database as messages name it). */
async function tryConnecting(
  Driver: typeof Client,
  config: ClientConfig,
  address: string,
): Promise<{ client: Client; where: string } | { error: unknown; where: string }> {
  let client: Client;
  try {
    client = new Driver(config);
  } catch {
    // A malformed address (the driver's parser says no more than "Invalid URL"), shown without its password.
    throw new StoreError(m.store.server.notUsableAddress({ address: shownAddress(address) }));
  }
  const where = describeServer(client);
  // An idle connection that drops emits an error; the next query reports it, in one line.
  client.on('error', () => {});
  try {
    await client.connect();
    return { client, where };
  } catch (error) {
    await client.end().catch(() => {});
    return { error, where };
  }
}

/** A savepoint name per nesting level. */
let savepoints = 0;

export class Connection {
  /** Open transactions: 0 outside one, 1 in one, more in its savepoints. */
  private depth = 0;
  private readOnlySession = false;
  /**
   * What the login may do with crm's tables, as the schema's inspection found (undefined before it, or in a database
   * without them): read and write, only read (crm_reports), or nothing (no grants made for it here).
   */
  loginRights: 'write' | 'read' | 'none' | undefined;
  /** A write transaction of its own is open (`beginWrite`): what a read-only login is refused in its own words. */
  private writing = false;

  constructor(
    private readonly client: Client,
    /** The database as messages name it, never with a password. */
    readonly where: string,
    private readonly lockWaitMs: number,
    private readonly onWait?: () => void,
    /** The driver's statement, for answers read a row at a time (eachArray). */
    private readonly Query?: typeof import('pg').Query,
    /** Whether the driver sends statements asked at once without waiting for the answers (ConnectOptions). */
    private readonly pipelined = false,
  ) {}

  get inTransaction(): boolean {
    return this.depth > 0;
  }

  get readonly(): boolean {
    return this.readOnlySession;
  }

  /** The driver's client, for what only it does (COPY). */
  get driver(): Client {
    return this.client;
  }

  /** Rewrites a driver error as one line when a user can cause it; a bug's error is left as it is. */
  problem(error: unknown): unknown {
    if (errorCode(error) === '42501') {
      if (this.loginRights === 'read' && this.writing) return new ReadOnlyLoginError(this.where);
      if (this.loginRights === 'none') return new StoreError(`${this.where}: ${m.store.server.noRightsHere}`);
    }
    return serverError(error, this.where) ?? error;
  }

  /**
   * Statements asked for at once run one after another: on a pipelined connection (a report session) each is sent
   * at once and the server answers them in turn; else each is sent as soon as the one before has answered (the
   * driver, outside its pipeline mode, takes one at a time). A report that asks several questions together has the
   * server read the next while this process works on the last answer.
   */
  private inTurn<R>(send: () => Promise<R>): Promise<R> {
    // A pipelined driver sends each at once, and answers them in the order sent.
    if (this.pipelined) return send();
    const turn = this.lastTurn.then(send);
    this.lastTurn = turn.catch(() => {});
    return turn;
  }

  private lastTurn: Promise<unknown> = Promise.resolve();

  async query<T>(text: string, values?: Parameters): Promise<{ rows: T[]; rowCount: number }> {
    try {
      const result = await this.inTurn(() => this.client.query(text, values as unknown[] | undefined));
      return { rows: result.rows as T[], rowCount: result.rowCount ?? 0 };
    } catch (error) {
      throw this.problem(error);
    }
  }

  /** Rows as arrays of their columns: fewer objects for a big read. */
  async arrays<T extends unknown[]>(text: string, values?: Parameters): Promise<T[]> {
    try {
      const result = await this.inTurn(() =>
        this.client.query({ text, values: values as unknown[] | undefined, rowMode: 'array' }),
      );
      return result.rows as T[];
    } catch (error) {
      throw this.problem(error);
    }
  }

  /**
   * Rows as arrays of their columns, each handed to `each` as it arrives, none kept: this process works on a long
   * answer while the server is still reading it (the driver parses a row as its message comes). An error thrown by
   * `each` fails the read once the statement has ended.
   */
  async eachArray<T extends unknown[]>(text: string, values: Parameters, each: (row: T) => void): Promise<void> {
    const Query = this.Query ?? (await loadDriver()).Query;
    try {
      await this.inTurn(
        () =>
          new Promise<void>((resolve, reject) => {
            let failure: unknown;
            const config = { text, values: values as unknown[], rowMode: 'array' };
            const query = new Query(config as import('pg').QueryConfig);
            query.on('row', (row: T) => {
              if (failure !== undefined) return;
              try {
                each(row);
              } catch (error) {
                failure = error ?? new Error('a row was refused');
              }
            });
            query.on('error', reject);
            query.on('end', () => (failure === undefined ? resolve() : reject(failure)));
            this.client.query(query);
          }),
      );
    } catch (error) {
      throw this.problem(error);
    }
  }

  async rows<T>(text: string, values?: Parameters): Promise<T[]> {
    return (await this.query<T>(text, values)).rows;
  }

  async row<T>(text: string, values?: Parameters): Promise<T | undefined> {
    return (await this.query<T>(text, values)).rows[0];
  }

  /** The first column of the first row. */
  async value<T>(text: string, values?: Parameters): Promise<T> {
    const row = (await this.query<Record<string, T>>(text, values)).rows[0];
    return (row ? Object.values(row)[0] : undefined) as T;
  }

  /** Runs a statement; returns how many rows it changed. */
  async run(text: string, values?: Parameters): Promise<number> {
    return (await this.query(text, values)).rowCount;
  }

  /** Starts a writing transaction holding the write lock (waiting for it up to the lock wait). */
  async beginWrite(): Promise<void> {
    this.refuseIfReadOnly();
    if (this.depth > 0) throw new Error('a write transaction is already open on this connection');
    try {
      // One round trip when no one else writes: the lock is had at once.
      const results = (await this.client.query(
        `BEGIN; SELECT pg_try_advisory_xact_lock(${WRITE_LOCK}) AS taken`,
      )) as unknown as Array<{ rows: Array<{ taken: boolean }> }>;
      this.depth = 1;
      this.writing = true;
      if (!results[1]!.rows[0]!.taken) {
        this.onWait?.();
        // When the lock is not had in time, the statements after it are skipped and the error comes back.
        await this.client.query(
          `SET LOCAL lock_timeout = ${Math.max(1, Math.trunc(this.lockWaitMs))}; SELECT pg_advisory_xact_lock(${WRITE_LOCK}); SET LOCAL lock_timeout = DEFAULT`,
        );
      }
    } catch (error) {
      await this.rollback();
      throw this.problem(error);
    }
  }

  async commit(): Promise<void> {
    if (this.depth !== 1) throw new Error('no transaction of its own to commit');
    try {
      await this.query('COMMIT');
    } finally {
      this.depth = 0;
      this.writing = false;
    }
  }

  /** Ends the transaction without keeping anything; safe when the server has ended it already (a lost connection). */
  async rollback(): Promise<void> {
    if (this.depth === 0) return;
    this.depth = 0;
    this.writing = false;
    await this.client.query('ROLLBACK').catch(() => {});
  }

  /**
   * Runs `work` holding the write lock from its start; all of it is stored, or none when it throws. Inside another
   * transaction, a savepoint of that one.
   */
  async write<T>(work: () => Promise<T> | T): Promise<T> {
    this.refuseIfReadOnly();
    if (this.depth > 0) return this.nested(work);
    await this.beginWrite();
    return this.settle(work);
  }

  /** Runs `work` on one state of the database: REPEATABLE READ READ ONLY, no lock taken. */
  async snapshot<T>(work: () => Promise<T> | T): Promise<T> {
    if (this.depth > 0) return work();
    await this.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    this.depth = 1;
    return this.settle(work);
  }

  /**
   * A change of several statements, whole or not at all: in the open transaction when there is one, else in a write
   * of its own, so that it also waits for an import as every writer does.
   */
  atomic<T>(work: () => Promise<T>): Promise<T> {
    return this.depth > 0 ? work() : this.write(work);
  }

  /**
   * From here to the close, every read sees one state and nothing can be written. The planner is set for what such a
   * session runs, reports: statements that read a few hundred thousand rows at most, whose hashes and sorts fit in
   * REPORT_WORK_MEM (the default 4 MB spilled a year's buyers to disk), no parallel workers, whose start cost 20-40
   * ms a statement on a busy two-core server, more than they saved on reads this size, and the cost of a random
   * page read of a database that is cached or on SSD, so that a range of visits is read from the covering index
   * visits(date, client_id, amount) in date order (no hash, no sort) rather than by a scan of the whole table.
   */
  async beginReadOnlySession(): Promise<void> {
    await this.query(
      `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL work_mem = '${REPORT_WORK_MEM}'; SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL random_page_cost = 1.1`,
    );
    this.depth = 1;
    this.readOnlySession = true;
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => {});
  }

  private refuseIfReadOnly(): void {
    if (this.readOnlySession) throw serverError({ code: '25006' }, this.where);
  }

  private async nested<T>(work: () => Promise<T> | T): Promise<T> {
    const name = `crm_nested_${++savepoints}`;
    await this.query(`SAVEPOINT ${name}`);
    this.depth++;
    try {
      const result = await work();
      await this.query(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (error) {
      await this.client.query(`ROLLBACK TO SAVEPOINT ${name}`).catch(() => {});
      throw error;
    } finally {
      this.depth--;
    }
  }

  private async settle<T>(work: () => Promise<T> | T): Promise<T> {
    let result: T;
    try {
      result = await work();
    } catch (error) {
      await this.rollback();
      throw error;
    }
    await this.commit();
    return result;
  }
}
