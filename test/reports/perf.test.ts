/**
 * Opt-in timing of every report on a business of 100,000 clients and 1,000,000 visits:
 * `CRM_PERF=1 npx vitest run test/reports/perf.test.ts` (seeding takes a while; `CRM_PERF_DB=path` reuses a file).
 * Budgets: 300 ms of process time per report, 1 s for the monthly one; `CRM_PERF_SCALE=2` doubles them on a slow box.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.js';
import { crm, tempDir } from '../helpers.js';
import { seedLargeDataset } from './large-seed.js';

const enabled = process.env.CRM_PERF === '1';
const scale = Number(process.env.CRM_PERF_SCALE ?? '1');

function largeDatabase(): string {
  const path = process.env.CRM_PERF_DB ?? join(tempDir('crm-perf-'), 'crm.sqlite');
  if (existsSync(path)) return path;
  const db = openDatabase(path);
  try {
    seedLargeDataset(db, {
      clients: 100_000,
      visits: 1_000_000,
      deals: 50_000,
      answers: 50_000,
      lastDay: '2026-11-21',
    });
  } finally {
    db.close();
  }
  return path;
}

describe.skipIf(!enabled)('report timings on 1,000,000 visits', () => {
  it('runs each report within its budget', { timeout: 600_000 }, () => {
    const db = largeDatabase();
    const cases: Array<[string[], number]> = [
      [['report', 'arpu'], 300],
      [['report', 'repeat'], 300],
      [['report', 'churn'], 300],
      [['report', 'funnel'], 300],
      [['report', 'nps'], 300],
      [['report', 'cohorts'], 300],
      [['report', 'rfm'], 300],
      [['due'], 300],
      [['report', 'monthly'], 1000],
    ];
    const timings: string[] = [];
    const over: string[] = [];
    for (const [args, budget] of cases) {
      const started = performance.now();
      const result = crm([...args, '--json'], { db });
      const elapsed = performance.now() - started;
      expect(result.code, result.stderr).toBe(0);
      timings.push(`${args.join(' ').padEnd(16)} ${elapsed.toFixed(0).padStart(6)} ms (budget ${budget * scale})`);
      if (elapsed > budget * scale) over.push(args.join(' '));
    }
    process.stdout.write(`${timings.join('\n')}\n`);
    expect(over).toEqual([]);
  });
});
