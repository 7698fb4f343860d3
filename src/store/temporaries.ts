import { readdirSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * A temporary file crm writes before giving it its name (a backup, the copy a restore puts in place, a rejects file):
 * `.NAME.PID-RANDOM.tmp`, hidden, beside the file it becomes. SQLite may add `-journal` to it while it writes.
 */
const TEMPORARY = /^\..+\.(\d+)-[0-9a-f]{8}\.tmp(?:-journal|-wal|-shm)?$/;

/** A temporary older than this is stale whatever its process: no crm command writes one for a day. */
const STALE_AFTER_MS = 24 * 60 * 60 * 1000;

/** `bytes` random bytes in hex, from the global Web Crypto: importing node:crypto costs every command ~6 ms. */
function randomHex(bytes: number): string {
  return Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(bytes))).toString('hex');
}

/** The name of a fresh temporary for `path`, beside it, naming this process. */
export function temporaryName(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}-${randomHex(4)}.tmp`);
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Deletes the temporaries in `dir` that a killed crm left: those whose process is gone, or that are older than a
 * day (the process id may have been reused since). A temporary of a running crm, this one included, is kept.
 * Returns the paths deleted; a folder that cannot be read is left alone.
 */
export function pruneStaleTemporaries(dir: string, now = Date.now()): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const match = TEMPORARY.exec(name);
    if (!match) continue;
    const path = join(dir, name);
    try {
      const stale = !processIsAlive(Number(match[1])) || now - statSync(path).mtimeMs > STALE_AFTER_MS;
      if (stale) {
        unlinkSync(path);
        removed.push(path);
      }
    } catch {
      // Gone already, or not ours to delete: left as it is.
    }
  }
  return removed;
}
