import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: the benchmark's generator is plain JavaScript.
import { generateJournal } from '../../scripts/bench/generate.mjs';
import { dumpDatabase } from '../../src/store/dump.js';
import { crm, ROOT, tempDir } from '../helpers.js';

/** CI imports a smaller journal; CRM_FULL_TESTS=1 uses a million rows. */
const ROWS = process.env.CRM_FULL_TESTS ? 1_000_000 : 60_000;
const BIN = join(ROOT, 'bin', 'crm.js');

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

/** Waits until the import has written part of its batch (the WAL grows), then a little longer. */
async function waitForWrites(db: string, minimumBytes: number): Promise<void> {
  const wal = `${db}-wal`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (existsSync(wal) && statSync(wal).size >= minimumBytes) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the import wrote nothing within a minute');
}

describe('crash safety: SIGKILL in the middle of an import', () => {
  it('leaves a database that passes integrity_check and holds none of the batch, at several points', async () => {
    const dir = tempDir();
    const journal = join(dir, 'journal.csv');
    await generateJournal(journal, { rows: ROWS, clients: Math.floor(ROWS / 10) });
    const db = join(dir, 'crm.sqlite');
    crm(['config', 'set', 'region', 'RU'], { db });
    crm(['client', 'add', 'Иванова Мария', '--phone', '+79123456789'], { db });
    crm(['visit', 'add', '#1', '1500', '--date', '2026-11-01'], { db });
    const before = rawDump(db);

    for (const walBytes of [64 * 1024, 1024 * 1024, 4 * 1024 * 1024]) {
      const child = startImport(db, journal);
      const exited = new Promise((resolve) => child.on('close', resolve));
      try {
        await waitForWrites(db, walBytes);
      } catch (error) {
        child.kill('SIGKILL');
        throw error;
      }
      child.kill('SIGKILL');
      expect(await exited).toBe(null);
      const after = rawDump(db);
      expect(after.integrity).toBe('ok');
      expect(after.visits).toBe(1);
      expect(after.batches).toBe(0);
      expect(after.dump).toBe(before.dump);
    }

    // And the same import, left alone, lands whole.
    const done = crm(['import', 'visits', journal], { db });
    expect(done.code).toBe(0);
    const whole = rawDump(db);
    expect(whole.integrity).toBe('ok');
    expect(whole.visits).toBe(1 + ROWS);
    expect(whole.batches).toBe(1);
  }, 300_000);
});
