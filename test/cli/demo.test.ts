import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-harness.js';
import { tempDir } from '../helpers.js';

describe('crm demo', () => {
  it('imports every bundled sample into a throw-away database, never the user’s default one', async () => {
    const home = tempDir();
    const run = await runCli(['demo'], { env: { HOME: home } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('fixtures/clients/csv-calc-cp1251.csv');
    expect(run.stdout).toContain('detected: CSV, encoding cp1251');
    expect(run.stdout).toContain('fixtures/visits/visits-calc-ru.csv');
    expect(run.stdout).toMatch(/visits: created 30, duplicates 0, rejected 0 of 30 rows/);
    expect(run.stdout).toMatch(/\d+ clients\n/);
    expect(existsSync(join(home, '.local', 'share', 'pocket-crm'))).toBe(false);
  });

  it('feeds the monthly report: run as cron would (stdin closed, NO_COLOR), it exits 0 with no ANSI codes', async () => {
    const demo = await runCli(['demo', '--keep']);
    const db = /demo database kept at (\S+)/.exec(demo.stderr)![1]!;
    for (const format of [[], ['--format', 'md'], ['--json']]) {
      const report = await runCli(['report', 'monthly', '-p', '2026-10', ...format], { db, env: { NO_COLOR: '1' } });
      expect(report.code).toBe(0);
      expect(report.stdout).not.toMatch(/\x1b\[/);
      expect(report.stderr).toBe('');
    }
    const json = JSON.parse((await runCli(['report', 'monthly', '-p', '2026-10', '--json'], { db })).stdout);
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['period', 'arpu', 'repeat', 'churn', 'funnel', 'nps']));
    expect(json.period).toEqual({ from: '2026-10-01', to: '2026-10-31' });
    // October 2026 in the demo journal: Лебедева 1000 (01.10), Волкова 4500 (07.10), Фёдорова 4500 (23.10).
    expect(json.arpu).toMatchObject({ revenue: 10000, active_clients: 3, purchases: 3 });
  });
});
