// The thread that dumps server databases for dumpServerDatabaseOf() (test/engine-databases.ts) while the test's thread
// waits on `signal`: a synchronous dump without a process started, and pg loaded, for each one. Each reply is posted
// to `port` before `signal` wakes the waiting thread.
import { workerData } from 'node:worker_threads';
import { dumpRows } from './postgres-dump.mjs';

const { port, signal } = workerData;
port.on('message', async (address) => {
  let reply;
  try {
    reply = { text: await dumpRows(address) };
  } catch (error) {
    reply = { error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  port.postMessage(reply);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
