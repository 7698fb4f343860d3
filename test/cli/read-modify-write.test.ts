import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-harness.js';
import { builtCli, type CrmRun, fixture, tempDbPath } from '../helpers.js';

const BIN = builtCli();

function start(db: string, args: string[]): Promise<CrmRun> {
  const child = spawn(process.execPath, [BIN, '--db', db, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', CRM_TODAY: '2026-11-22', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr })));
}

/**
 * Runs the commands at once while another connection holds the write lock, then lets them go: each has read
 * whatever it reads before it waits, so a command that reads before it takes the lock acts on a stale reading.
 */
async function atOnce(db: string, commands: string[][]): Promise<CrmRun[]> {
  const holder = new Database(db);
  holder.exec('BEGIN IMMEDIATE');
  const runs = commands.map((args) => start(db, args));
  // Long enough for each to start, read, and wait on the lock.
  await new Promise((r) => setTimeout(r, 2500));
  holder.exec('COMMIT');
  holder.close();
  return Promise.all(runs);
}

describe('commands that read, decide and write take the write lock before they read', () => {
  it('deal move twice at once: one moves, the other is checked against the new stage', async () => {
    const db = tempDbPath();
    expect((await runCli(['client', 'add', 'Анна'], { db })).code).toBe(0);
    expect((await runCli(['deal', 'add', '1', '--title', 'стрижка', '--amount', '1500'], { db })).code).toBe(0);
    const runs = await atOnce(db, [
      ['deal', 'move', '1', 'qualified'],
      ['deal', 'move', '1', 'qualified'],
    ]);
    expect(runs.map((run) => run.code).sort()).toEqual([0, 1]);
    expect(runs.find((run) => run.code === 1)!.stderr).toMatch(/cannot move from qualified to qualified/);
    const shown = JSON.parse((await runCli(['deal', 'show', '1', '--json'], { db })).stdout);
    const history = shown.history as Array<{ stage: string }>;
    expect(history.map((entry) => entry.stage)).toEqual(['lead', 'qualified']);
  }, 30_000);

  it('import undo twice at once: undone once, the second says it was undone already', async () => {
    const db = tempDbPath();
    expect((await runCli(['import', 'clients', fixture('clients/csv-english-comma.csv')], { db })).code).toBe(0);
    const runs = await atOnce(db, [
      ['import', 'undo', '1'],
      ['import', 'undo', '1'],
    ]);
    expect(runs.map((run) => run.code).sort()).toEqual([0, 1]);
    expect(runs.find((run) => run.code === 1)!.stderr).toMatch(
      /^crm: import 1 was undone on \d{4}-\d{2}-\d{2}; nothing to undo/,
    );
  }, 30_000);
});
