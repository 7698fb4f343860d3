/**
 * The `postgres` project of vitest.config.ts runs CLI tests written for a database file on the test server instead:
 * each file path a test names becomes a database of its own there, made (with crm's tables) the first time a command
 * names it (test/cli-harness.ts), and `dump` (test/helpers.ts) reads that database in place of the file.
 */
import { join } from 'node:path';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { inject } from 'vitest';
import { isServerAddress } from '../src/store/postgres/address.js';
import { createDatabase, dropDatabases } from './postgres-copy.mjs';

export const ON_POSTGRES = process.env.CRM_TEST_ENGINE === 'postgres';

const serverDatabases = new Map<string, string>();
/** Other server databases a file made (copies of seeded files), dropped with the ones above. */
const otherDatabases = new Set<string>();

/** `address`, a server database made for the running file, to be dropped after it. */
export function dropAfterFile(address: string): string {
  otherDatabases.add(address);
  return address;
}

/** The database a command runs on: `db` itself, or in the postgres project the server database standing for it. */
export async function engineDatabase(db: string): Promise<string> {
  if (!ON_POSTGRES || isServerAddress(db)) return db;
  let address = serverDatabases.get(db);
  if (!address) {
    address = await createDatabase(process.env.CRM_TEST_POSTGRES!, inject('postgresTemplate')!, 'crm_cli');
    serverDatabases.set(db, address);
  }
  return address;
}

/**
 * Drops the server databases this file's commands ran on and the others it made (test/postgres-file-setup.ts, after
 * each file): dropped
 * while other files run instead of all at once after the last, where hundreds of them held npm test's end back by a
 * minute on a loaded machine.
 */
export async function dropServerDatabases(): Promise<void> {
  const addresses = [...serverDatabases.values(), ...otherDatabases];
  serverDatabases.clear();
  otherDatabases.clear();
  await dropDatabases(
    process.env.CRM_TEST_POSTGRES!,
    addresses.map((address) => new URL(address).pathname.slice(1)),
  );
}

/** How long a dump may take before the test's thread stops waiting for it. */
const DUMP_TIMEOUT_MS = 60_000;

let dumper: { port: MessagePort; signal: Int32Array } | undefined;

/**
 * Every row of the server database standing for `db` (undefined when there is none), in the shape of dump(): read by
 * a worker thread while this one waits, since the callers compare dumps synchronously.
 */
export function dumpServerDatabaseOf(db: string): string | undefined {
  const address = ON_POSTGRES ? (isServerAddress(db) ? db : serverDatabases.get(db)) : undefined;
  if (!address) return undefined;
  if (!dumper) {
    const { port1, port2 } = new MessageChannel();
    const signal = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(join(import.meta.dirname, 'postgres-dump-worker.mjs'), {
      workerData: { port: port2, signal },
      transferList: [port2],
    });
    // Idle between dumps: it must not keep the test process alive.
    worker.unref();
    dumper = { port: port1, signal };
  }
  Atomics.store(dumper.signal, 0, 0);
  dumper.port.postMessage(address);
  if (Atomics.wait(dumper.signal, 0, 0, DUMP_TIMEOUT_MS) === 'timed-out') {
    throw new Error(`no dump of ${address} after ${DUMP_TIMEOUT_MS / 1000} s`);
  }
  const reply = receiveMessageOnPort(dumper.port)?.message as { text?: string; error?: string } | undefined;
  if (reply?.text === undefined) throw new Error(`the dump of ${address} failed: ${reply?.error ?? 'no reply'}`);
  return reply.text;
}
