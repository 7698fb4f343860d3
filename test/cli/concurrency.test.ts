import { spawn } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: the benchmark's generator is plain JavaScript.
import { generateJournal } from '../../scripts/bench/generate.mjs';
import { runCli } from '../cli-harness.js';
import { builtCli, crm, fixture, tempDir } from '../helpers.js';

const ROWS = process.env.CRM_FULL_TESTS ? 1_000_000 : 60_000;
const BIN = builtCli();

/** A small business's database and, beside it, a large journal not yet imported. */
async function businessWithJournal(): Promise<{ dir: string; journal: string; db: string }> {
  const dir = tempDir();
  const journal = join(dir, 'journal.csv');
  await generateJournal(journal, { rows: ROWS, clients: Math.floor(ROWS / 10) });
  const db = join(dir, 'crm.sqlite');
  await runCli(['config', 'set', 'region', 'RU'], { db });
  await runCli(['import', 'clients', fixture('clients/csv-calc-cp1251.csv')], { db });
  await runCli(['import', 'visits', fixture('visits/visits-calc-ru.csv')], { db });
  return { dir, journal, db };
}

describe('two processes at once', () => {
  it('reports and a hand-entered visit run while a large import is in progress: none locked, every report consistent', async () => {
    const { journal, db } = await businessWithJournal();
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
      (
        await runCli(['visit', 'list', '--client', '#1', '--from', '2026-11-20', '--to', '2026-11-20', '--json'], {
          db,
        })
      ).stdout,
    );
    expect(visits).toHaveLength(visitsAdded);
  }, 300_000);

  it('crm due beside a large import is not held up by it: it works out what it would store, and lists the same', async () => {
    const { dir, journal, db } = await businessWithJournal();
    // The same records, for what crm due lists of them when nothing else runs.
    const alone = join(dir, 'alone.sqlite');
    copyFileSync(db, alone);
    const expected = crm(['due', '--json', '--window', '3650'], { db: alone });
    expect(expected.code).toBe(0);
    expect(JSON.parse(expected.stdout).clients.length).toBeGreaterThan(0);

    const child = spawn(process.execPath, [BIN, '--db', db, 'import', 'visits', journal], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', CRM_TODAY: '2026-11-22', NO_COLOR: '1' },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    let running = true;
    const finished = new Promise<number | null>((resolve) => child.on('close', resolve));
    void finished.then(() => {
      running = false;
    });
    await new Promise((r) => setTimeout(r, 300));
    const seen: string[] = [];
    while (running) {
      // No facts are stored yet: each run works them out, and cannot store them while the import writes.
      const due = crm(['due', '--json', '--window', '3650'], { db });
      expect(due.stderr).toBe('');
      expect(due.code).toBe(0);
      if (running) seen.push(due.stdout);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await finished).toBe(0);
    const after = crm(['due', '--json', '--window', '3650'], { db });
    expect(seen.length).toBeGreaterThan(0);
    // Before the import or after it (a run may end after its commit, before its process has gone).
    for (const listing of seen) expect([expected.stdout, after.stdout]).toContain(listing);
    expect(seen).toContain(expected.stdout);
  }, 300_000);
});

/** The CLI run in the background, as cron starts it beside a person at the terminal. */
function crmAsync(args: string[], db: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, '--db', db, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', CRM_TODAY: '2026-11-22', NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

/** A phone of client n, spelt as a person would: every client its own number. */
const phoneOf = (n: number) =>
  `+7 900 ${String(Math.floor(n / 10_000)).padStart(3, '0')}-${String(n % 10_000).padStart(4, '0')}`;

async function clientCount(db: string): Promise<number> {
  return (JSON.parse((await runCli(['client', 'list', '--json'], { db })).stdout) as unknown[]).length;
}

describe('two imports into one database at once', () => {
  /**
   * Rounds enough to catch a write lock taken after the reading: with it taken late (BEGIN instead of BEGIN IMMEDIATE),
   * 9 of 20 rounds of two client lists went wrong, and every round of two journals (load 6).
   */
  const ROUNDS = 20;
  const JOURNAL_ROUNDS = 8;
  /** Clients 0-429 in one list, 230-659 in the other: 200 shared, known to each list by phone alone. */
  const FIRST = Array.from({ length: 430 }, (_, i) => i);
  const SECOND = Array.from({ length: 430 }, (_, i) => i + 230);
  const UNION = new Set([...FIRST, ...SECOND]).size;

  it('two overlapping client lists imported at the same moment give the union, round after round', async () => {
    const dir = tempDir();
    const first = join(dir, 'first.csv');
    const second = join(dir, 'second.csv');
    // The two lists write a shared client's name differently (the second adds a word): the phone says who it is.
    writeFileSync(first, `Name,Phone\n${FIRST.map((n) => `Client ${n},${phoneOf(n)}`).join('\n')}\n`);
    writeFileSync(second, `Name,Phone\n${SECOND.map((n) => `Client ${n} VIP,${phoneOf(n)}`).join('\n')}\n`);
    const counts: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const db = join(dir, `round-${round}.sqlite`);
      await runCli(['config', 'set', 'region', 'RU'], { db });
      const runs = await Promise.all([
        crmAsync(['import', 'clients', first], db),
        crmAsync(['import', 'clients', second], db),
      ]);
      for (const run of runs) expect(run).toEqual({ code: 0, stderr: '' });
      counts.push(await clientCount(db));
    }
    expect(counts).toEqual(Array(ROUNDS).fill(UNION));
  }, 120_000);

  it('two overlapping journals imported at the same moment create each client once and keep every visit', async () => {
    const dir = tempDir();
    const journal = (clients: number[], day: string) =>
      `Дата;Клиент;Телефон;Услуга;Сумма\n${clients.map((n) => `${day}.10.2026;Клиент ${n};${phoneOf(n)};Стрижка;1 500,00`).join('\n')}\n`;
    const first = join(dir, 'first.csv');
    const second = join(dir, 'second.csv');
    writeFileSync(first, journal(FIRST, '01'));
    writeFileSync(second, journal(SECOND, '02'));
    const results: Array<{ clients: number; visits: number }> = [];
    for (let round = 0; round < JOURNAL_ROUNDS; round++) {
      const db = join(dir, `round-${round}.sqlite`);
      await runCli(['config', 'set', 'region', 'RU'], { db });
      const runs = await Promise.all([
        crmAsync(['import', 'visits', first], db),
        crmAsync(['import', 'visits', second], db),
      ]);
      for (const run of runs) expect(run).toEqual({ code: 0, stderr: '' });
      const visits = JSON.parse((await runCli(['visit', 'list', '--json'], { db })).stdout) as unknown[];
      results.push({ clients: await clientCount(db), visits: visits.length });
    }
    expect(results).toEqual(Array(JOURNAL_ROUNDS).fill({ clients: UNION, visits: FIRST.length + SECOND.length }));
  }, 120_000);
});

describe('client edits at once', () => {
  it('four loops of ten `client edit --add-phone` at once keep all forty phones', async () => {
    const db = join(tempDir(), 'crm.sqlite');
    await runCli(['config', 'set', 'region', 'RU'], { db });
    expect((await runCli(['client', 'add', 'Иванова Мария'], { db })).code).toBe(0);
    const loop = async (loopNo: number) => {
      for (let i = 0; i < 10; i++) {
        const run = await crmAsync(['client', 'edit', '#1', '--add-phone', phoneOf(loopNo * 100 + i)], db);
        expect(run).toEqual({ code: 0, stderr: 'updated client 1 Иванова Мария (crm client show 1)\n' });
      }
    };
    await Promise.all([0, 1, 2, 3].map(loop));
    const [client] = JSON.parse((await runCli(['client', 'list', '--json'], { db })).stdout) as Array<{
      phones: unknown[];
    }>;
    expect(client!.phones).toHaveLength(40);
  }, 120_000);
});
