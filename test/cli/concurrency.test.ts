import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: the benchmark's generator is plain JavaScript.
import { generateJournal } from '../../scripts/bench/generate.mjs';
import { crm, fixture, ROOT, tempDir } from '../helpers.js';

const ROWS = process.env.CRM_FULL_TESTS ? 1_000_000 : 60_000;
const BIN = join(ROOT, 'bin', 'crm.js');

describe('two processes at once', () => {
  it('reports and a hand-entered visit run while a large import is in progress: none locked, every report consistent', async () => {
    const dir = tempDir();
    const journal = join(dir, 'journal.csv');
    await generateJournal(journal, { rows: ROWS, clients: Math.floor(ROWS / 10) });
    const db = join(dir, 'crm.sqlite');
    crm(['config', 'set', 'region', 'RU'], { db });
    crm(['import', 'clients', fixture('clients/csv-calc-cp1251.csv')], { db });
    crm(['import', 'visits', fixture('visits/visits-calc-ru.csv')], { db });
    const monthly = () => crm(['report', 'monthly', '-p', '2025-10', '--json'], { db });
    const before = monthly();
    expect(before.code).toBe(0);

    const child = spawn(process.execPath, [BIN, '--db', db, 'import', 'visits', journal], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', CRM_TODAY: '2026-11-22', NO_COLOR: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let importStderr = '';
    child.stderr.on('data', (chunk) => {
      importStderr += chunk;
    });
    const finished = new Promise<number | null>((resolve) => child.on('close', resolve));
    let running = true;
    void finished.then(() => {
      running = false;
    });

    const seen: string[] = [];
    let duringImport = 0;
    let visitsAdded = 0;
    // Give the import a moment to take its write lock, then read and write beside it until it is done.
    await new Promise((r) => setTimeout(r, 300));
    while (running) {
      const report = monthly();
      expect(report.stderr).not.toMatch(/locked|busy/i);
      expect(report.code).toBe(0);
      if (running) duringImport++;
      seen.push(report.stdout);
      const added = crm(['visit', 'add', '#1', '100', '--date', '2026-11-20'], { db });
      expect(added.stderr).not.toMatch(/locked|busy/i);
      expect(added.code).toBe(0);
      visitsAdded++;
      // Let the child's exit event through: the loop body is all synchronous.
      await new Promise((r) => setTimeout(r, 20));
    }
    const code = await finished;
    expect(importStderr).toBe('');
    expect(code).toBe(0);
    const after = monthly();
    expect(duringImport).toBeGreaterThan(0);
    // A report sees the database before the import or after it, never half of it.
    for (const report of seen) expect([before.stdout, after.stdout]).toContain(report);
    const visits = JSON.parse(
      crm(['visit', 'list', '--client', '#1', '--from', '2026-11-20', '--to', '2026-11-20', '--json'], { db }).stdout,
    );
    expect(visits).toHaveLength(visitsAdded);
  }, 300_000);
});
