import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: the benchmark's generator is plain JavaScript.
import { generateJournal } from '../../scripts/bench/generate.mjs';
import { dumpDatabase } from '../../src/store/dump.js';
import { runCli } from '../cli-harness.js';
import { builtCli, tempDir } from '../helpers.js';

/** CI imports a smaller journal; CRM_FULL_TESTS=1 uses a million rows. */
const ROWS = process.env.CRM_FULL_TESTS ? 1_000_000 : 60_000;
const BIN = builtCli();

function rawDump(path: string): { integrity: unknown; dump: string; visits: number; batches: number } {
  // Opened with SQLite itself, not through crm: what is on disk, with no recovery step of ours in between.
  const db = new Database(path, { readonly: true });
  try {
    return {
      integrity: db.pragma('integrity_check', { simple: true }),
      dump: dumpDatabase(db),
      visits: (db.prepare('SELECT count(*) AS n FROM visits').get() as { n: number }).n,
      batches: (db.prepare('SELECT count(*) AS n FROM import_batches').get() as { n: number }).n,
    };
  } finally {
    db.close();
  }
}

function startImport(db: string, file: string) {
  return spawn(process.execPath, [BIN, '--db', db, 'import', 'visits', file], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', CRM_TODAY: '2026-11-22', NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

/** The size of the file at `path`, 0 while there is none. */
function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** Writes the database's write-ahead log into it and empties the log, as SQLite does when its last connection closes. */
function emptyLog(path: string): void {
  const db = new Database(path);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

/** The largest the write-ahead log at `wal` grows while `child` runs, once it has ended. */
function largestLog(child: ChildProcess, wal: string): Promise<number> {
  let largest = 0;
  const watch = setInterval(() => {
    largest = Math.max(largest, sizeOf(wal));
  }, 2);
  return new Promise((resolve) =>
    child.on('close', () => {
      clearInterval(watch);
      resolve(Math.max(largest, sizeOf(wal)));
    }),
  );
}

/** Kills `child` once the write-ahead log at `wal` holds `bytes`, and waits for it to end. */
function killWhenLogReaches(child: ChildProcess, wal: string, bytes: number): Promise<void> {
  const watch = setInterval(() => {
    if (sizeOf(wal) >= bytes) child.kill('SIGKILL');
  }, 2);
  return new Promise((resolve) =>
    child.on('close', () => {
      clearInterval(watch);
      resolve();
    }),
  );
}

describe('crash safety: SIGKILL in the middle of an import', () => {
  it('leaves a database that passes integrity_check and holds none of the batch, at several points', async () => {
    const dir = tempDir();
    const journal = join(dir, 'journal.csv');
    await generateJournal(journal, { rows: ROWS, clients: Math.floor(ROWS / 10) });
    const db = join(dir, 'crm.sqlite');
    await runCli(['config', 'set', 'region', 'RU'], { db });
    await runCli(['client', 'add', 'Иванова Мария', '--phone', '+79123456789'], { db });
    await runCli(['visit', 'add', '#1', '1500', '--date', '2026-11-01'], { db });
    const before = rawDump(db);

    // How far an import has come is how large its write-ahead log has grown, whatever the machine's speed: the kills
    // below land at fractions of the largest it grows to in a whole import, on a copy. (Fractions of a whole import's
    // time missed the import on a loaded machine: a run after a slow one could commit before the kill.)
    const copy = join(dir, 'copy.sqlite');
    copyFileSync(db, copy);
    const whole = startImport(copy, journal);
    const largest = await largestLog(whole, `${copy}-wal`);
    expect(whole.exitCode).toBe(0);
    expect(largest).toBeGreaterThan(0);

    let midImport = 0;
    for (const fraction of [0.2, 0.5, 0.8]) {
      // A killed import leaves its log as large as it had grown: emptied first, so that it measures this import.
      emptyLog(db);
      const child = startImport(db, journal);
      await killWhenLogReaches(child, `${db}-wal`, largest * fraction);
      const after = rawDump(db);
      expect(after.integrity).toBe('ok');
      if (after.batches === 0) {
        // None of the batch: the database is exactly as before.
        midImport++;
        expect(after.visits).toBe(1);
        expect(after.dump).toBe(before.dump);
      } else {
        // All of it: the kill came after the commit.
        expect(after.visits).toBe(1 + ROWS);
        expect(after.batches).toBe(1);
        await runCli(['import', 'undo', '1'], { db });
        expect(rawDump(db).dump).toBe(before.dump);
      }
    }
    expect(midImport).toBe(3);

    // And the same import, left alone, lands whole.
    const done = await runCli(['import', 'visits', journal], { db });
    expect(done.code).toBe(0);
    const landed = rawDump(db);
    expect(landed.integrity).toBe('ok');
    expect(landed.visits).toBe(1 + ROWS);
    expect(landed.batches).toBe(1);
  }, 300_000);
});
