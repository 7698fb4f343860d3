import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { demoYear } from '../../src/app/demo-data.js';
import { runCli } from '../cli-harness.js';
import { tempDir } from '../helpers.js';

/** The demo's day in every test (testEnvironment): its last full month is October 2026. */
const TODAY = '2026-11-22';

async function keptDemo(env: Record<string, string> = {}) {
  const run = await runCli(['demo', '--keep'], { env });
  expect(run.code, run.stderr).toBe(0);
  const db = /demo database kept at (\S+)/.exec(run.stderr)?.[1] ?? /: (\S+crm\.sqlite)/.exec(run.stderr)![1]!;
  // The demo keeps its folder (pocket-crm-demo-*) for the user; a test removes what it kept.
  onTestFinished(() => rmSync(dirname(db), { recursive: true, force: true }));
  return { run, db };
}

/** The commands the demo suggests: its lines that start with `crm`, as argument lists. */
function suggested(stdout: string): string[][] {
  return stdout
    .split('\n')
    .filter((line) => /^ {2}crm /.test(line))
    .map((line) => line.trim().split(/ +/).slice(1));
}

async function json(args: string[], db: string) {
  const run = await runCli([...args, '--json'], { db });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

describe('crm demo', () => {
  it('imports a generated year into a throw-away database, never the user’s default one, the same every run', async () => {
    const home = tempDir();
    const first = await runCli(['demo'], { env: { HOME: home } });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toBe('');
    const year = demoYear(TODAY, 'en');
    expect(first.stdout).toContain(
      `A year of a small salon, 2025-11-22 – 2026-11-21, imported into a throw-away database: 40 clients, ${year.visits.length} visits, ${year.deals.length} deals, ${year.answers.length} NPS answers.`,
    );
    expect(existsSync(join(home, '.local', 'share', 'pocket-crm'))).toBe(false);
    const second = await runCli(['demo'], { env: { HOME: home } });
    expect(second.stdout).toBe(first.stdout);
  });

  it('ends on the monthly report of its last full month, then three commands to try', async () => {
    const { run, db } = await keptDemo();
    const report = await runCli(['report', 'monthly'], { db });
    // The report as `crm report monthly` prints it, between the summary and the suggestions.
    expect(run.stdout).toContain(report.stdout);
    expect(run.stdout).toMatch(/^Monthly report · 2026-10$/m);
    expect(run.stdout.indexOf('Monthly report')).toBeLessThan(run.stdout.indexOf('Try next'));
    const commands = suggested(run.stdout);
    expect(commands).toHaveLength(3);
    for (const args of commands) {
      expect(args.slice(0, 2)).toEqual(['--db', db]);
      const result = await runCli(args);
      expect(result.code, `crm ${args.join(' ')}: ${result.stderr}`).toBe(0);
      expect(result.stdout).not.toBe('');
    }
    expect(commands.map((args) => args[2])).toEqual(['due', 'explain', 'client']);
  });

  it('without --keep suggests the same commands on the user’s own database', async () => {
    const run = await runCli(['demo']);
    expect(run.stdout).toContain('crm demo --keep');
    expect(suggested(run.stdout).map((args) => args[0])).toEqual(['due', 'explain', 'client']);
  });

  it('stores a year that shows lost clients, complaints and the seasons in the reports', async () => {
    const { db } = await keptDemo();
    expect(await json(['client', 'list'], db)).toHaveLength(40);

    const monthly = await json(['report', 'monthly'], db);
    expect(monthly.period).toEqual({ from: '2026-10-01', to: '2026-10-31' });
    expect(monthly.churn.churned).toBeGreaterThanOrEqual(1);
    expect(monthly.churn.reactivated).toBeGreaterThanOrEqual(1);
    expect(monthly.nps.detractors).toBeGreaterThanOrEqual(2);
    expect(monthly.funnel).toMatchObject({ won: expect.any(Number), lost: expect.any(Number), junk: 1 });
    expect(monthly.funnel.open).toBeGreaterThanOrEqual(2);

    const churned = await json(['explain', 'churned', '-p', '2026-03-01..2026-10-31'], db);
    expect(churned.count).toBeGreaterThanOrEqual(3);
    const due = await json(['due'], db);
    expect(due.clients.some((client: { reason: string }) => client.reason === 'detractor')).toBe(true);

    const months = (await json(['report', 'arpu', '-p', '2025-12-01..2026-10-31', '--monthly'], db)).columns as Array<{
      period: { from: string };
      purchases: number;
      revenue: number;
    }>;
    const purchasesIn = (month: string) => months.find((column) => column.period.from.startsWith(month))!.purchases;
    const revenueIn = (month: string) => months.find((column) => column.period.from.startsWith(month))!.revenue;
    expect(purchasesIn('2026-01')).toBeLessThan(0.7 * ((purchasesIn('2025-12') + purchasesIn('2026-02')) / 2));
    expect(revenueIn('2026-01')).toBeLessThan(0.7 * ((revenueIn('2025-12') + revenueIn('2026-02')) / 2));
    const summer = ['2026-06', '2026-07', '2026-08'].map(purchasesIn);
    const around = ['2026-04', '2026-05', '2026-09', '2026-10'].map(purchasesIn);
    expect(Math.max(...summer)).toBeLessThan(Math.min(...around));
  });

  it('speaks Russian to a Russian locale: the salon’s names and services, and its own lines', async () => {
    const { run, db } = await keptDemo({ LANG: 'ru_RU.UTF-8' });
    expect(run.stdout).toMatch(/^Год небольшого салона, 22\.11\.2025 – 21\.11\.2026/);
    expect(run.stdout).toContain('# кому позвонить сегодня');
    const clients = await json(['client', 'list'], db);
    expect(clients.every((client: { name: string }) => /^[А-ЯЁа-яё ]+$/.test(client.name))).toBe(true);
    expect((await json(['report', 'monthly'], db)).arpu.revenue).toBeGreaterThan(50_000);
  });

  it('feeds the monthly report: run as cron would (stdin closed, NO_COLOR), it exits 0 with no ANSI codes', async () => {
    const { db } = await keptDemo();
    for (const format of [[], ['--format', 'md'], ['--json']]) {
      const report = await runCli(['report', 'monthly', '-p', '2026-10', ...format], { db, env: { NO_COLOR: '1' } });
      expect(report.code).toBe(0);
      expect(report.stdout).not.toMatch(/\x1b\[/);
      expect(report.stderr).toBe('');
    }
  });
});
