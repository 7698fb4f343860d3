/**
 * The report commands as a user runs them, on the dataset of test/reports/seed.ts (figures worked out by hand in
 * test/golden/README.md). Golden files hold the exact output; `UPDATE_GOLDEN=1 npx vitest run test/cli/report.test.ts`
 * rewrites them after a deliberate change: read the diff before committing it, and never set it in CI.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli-harness.js';
import { ON_POSTGRES } from '../engine-databases.js';
import { ROOT, tempDbPath, tempDir } from '../helpers.js';
import { expectSafePage } from '../render/html/page-checks.js';
import { seedSalonYear } from '../render/html/salon-year.js';
import { svgElements } from '../render/svg/xml.js';
import { Seeder, seedGoldenDataset } from '../reports/seed.js';

const GOLDEN = join(ROOT, 'test', 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
if (UPDATE && process.env.CI) throw new Error('UPDATE_GOLDEN must not be set in CI: golden files are reviewed by hand');

const EXTENSIONS = { table: 'txt', json: 'json', csv: 'csv', md: 'md', html: 'html' } as const;
type Format = keyof typeof EXTENSIONS;
const FORMATS = Object.keys(EXTENSIONS) as Format[];

let db: string;
beforeAll(() => {
  db = seedGoldenDataset(new Seeder()).close();
});

function expectGolden(name: string, text: string): void {
  const file = join(GOLDEN, name);
  if (UPDATE) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(file, text);
  }
  expect(existsSync(file), `${name} is missing: write it with UPDATE_GOLDEN=1 and check it by hand`).toBe(true);
  expect(text).toBe(readFileSync(file, 'utf8'));
}

async function run(args: string[]) {
  const result = await runCli(args, { db });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result.stdout;
}

const REPORTS: Array<{ name: string; args: string[] }> = [
  { name: 'arpu', args: ['report', 'arpu'] },
  { name: 'repeat', args: ['report', 'repeat'] },
  { name: 'churn', args: ['report', 'churn'] },
  { name: 'funnel', args: ['report', 'funnel'] },
  { name: 'nps', args: ['report', 'nps'] },
  { name: 'cohorts', args: ['report', 'cohorts'] },
  { name: 'rfm', args: ['report', 'rfm'] },
  { name: 'due', args: ['due'] },
  { name: 'monthly', args: ['report', 'monthly'] },
];

describe('golden output', () => {
  for (const report of REPORTS) {
    it.each(FORMATS)(`${report.name} as %s`, async (format) => {
      expectGolden(`${report.name}.${EXTENSIONS[format]}`, await run([...report.args, '--format', format]));
    });
  }

  it.each([
    ['arpu-by-source', ['report', 'arpu', '--by', 'source'], ['table', 'json', 'csv']],
    ['arpu-by-tag', ['report', 'arpu', '--by', 'tag'], ['json']],
    ['arpu-by-service', ['report', 'arpu', '--by', 'service'], ['json']],
    ['arpu-2026q3-monthly', ['report', 'arpu', '-p', '2026Q3', '--monthly'], ['table', 'json', 'csv']],
    ['funnel-by-source', ['report', 'funnel', '--by', 'source'], ['table', 'json']],
    ['funnel-sep-oct-monthly', ['report', 'funnel', '-p', '2026-09-01..2026-10-31', '--monthly'], ['table', 'csv']],
    ['churn-window-30', ['report', 'churn', '--window', '30'], ['json']],
    ['cohorts-counts', ['report', 'cohorts', '--counts'], ['table']],
    ['rfm-clients', ['report', 'rfm', '--clients'], ['table', 'json', 'csv']],
    ['explain-churned', ['explain', 'churned'], ['table', 'json']],
    ['explain-qualified', ['explain', 'qualified'], ['json', 'csv']],
  ] as Array<[string, string[], Format[]]>)('%s', async (name, args, formats) => {
    for (const format of formats)
      expectGolden(`${name}.${EXTENSIONS[format]}`, await run([...args, '--format', format]));
  });
});

describe('crm report', () => {
  it('monthly runs with stdin closed and NO_COLOR set: no ANSI codes, exit 0', async () => {
    for (const format of FORMATS) {
      const result = await runCli(['report', 'monthly', '--format', format], { db, env: { NO_COLOR: '1' } });
      expect(result.code).toBe(0);
      expect(result.stdout + result.stderr).not.toMatch(/\x1b\[/);
    }
    // Not a terminal is enough, even with colour forced on for other tools.
    const piped = await runCli(['report', 'monthly'], { db, env: { NO_COLOR: '', FORCE_COLOR: '3' } });
    expect(piped.code).toBe(0);
    expect(piped.stdout).not.toMatch(/\x1b\[/);
  });

  it('takes the format of -o from its extension', async () => {
    const dir = tempDir();
    for (const [file, golden] of [
      ['report.csv', 'monthly.csv'],
      ['report.md', 'monthly.md'],
      ['x.json', 'monthly.json'],
    ]) {
      const result = await runCli(['report', 'monthly', '-o', join(dir, file)], { db });
      expect(result.code).toBe(0);
      expect(result.stdout).toBe('');
      expect(readFileSync(join(dir, file), 'utf8')).toBe(readFileSync(join(GOLDEN, golden), 'utf8'));
    }
    expect((await runCli(['report', 'arpu', '-o', join(dir, 'a.pdf')], { db })).code).toBe(2);
  });

  it('--json is --format json', async () => {
    expect(await run(['report', 'nps', '--json'])).toBe(await run(['report', 'nps', '--format', 'json']));
  });

  it('reads the period options; -p 2026-10 is the default on 2026-11-22', async () => {
    const october = await run(['report', 'arpu', '--json']);
    expect(await run(['report', 'arpu', '-p', '2026-10', '--json'])).toBe(october);
    expect(await run(['report', 'arpu', '--month', '2026-10', '--json'])).toBe(october);
    expect(await run(['report', 'arpu', '--from', '2026-10-01', '--to', '2026-10-31', '--json'])).toBe(october);
    expect(JSON.parse(await run(['report', 'arpu', '--year', '2026', '--json'])).period).toEqual({
      from: '2026-01-01',
      to: '2026-12-31',
    });
    expect(JSON.parse(await run(['report', 'arpu', '--json']))).toMatchObject({ revenue: 16500, active_clients: 4 });
    // On January 15 the default is the previous December.
    const january = await runCli(['report', 'repeat', '--json'], { db, env: { CRM_TODAY: '2027-01-15' } });
    expect(JSON.parse(january.stdout).period).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  });

  it.each([
    [['report', 'arpu', '-p', '2026-13'], "-p/--period: '2026-13' is not a period"],
    [['report', 'arpu', '-p', '2026-10', '--month', '2026-10'], '-p/--period and --month cannot be combined'],
    [['report', 'arpu', '--to', '2026-10-01'], '--to needs --from'],
    [['report', 'arpu', '--monthly', '--yearly'], '--monthly and --yearly cannot be combined'],
    [['report', 'arpu', '--by', 'source', '--monthly'], '--by cannot be combined'],
    [['report', 'churn', '--window', 'ninety'], '--window must be a whole number'],
    [['report', 'churn', '--window', '0'], '--window must be at least 1'],
    [['report', 'monthly', '-p', '2026Q3'], 'needs one calendar month'],
    [['due', '--within', 'soon'], '--within must be a whole number'],
    [['explain', 'happiness'], "unknown metric 'happiness'"],
  ])('refuses %j with exit 2 and one line', async (args, message) => {
    const result = await runCli(args, { db });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  // A database file that is not there; a server database that is not there: test/cli/postgres.test.ts.
  it.skipIf(ON_POSTGRES)('fails with exit 1 and touches nothing when there is no database yet', async () => {
    const path = tempDbPath();
    const result = await runCli(['report', 'monthly'], { db: path });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no database here yet/);
    // What to do next: where a new owner starts.
    expect(result.stderr).toMatch(/start with crm import clients FILE, or look around in crm demo\n$/);
    expect(result.stderr.split('\n')).toHaveLength(2);
    expect(existsSync(path)).toBe(false);
  });

  it('explain counts what the report counts', async () => {
    const churn = JSON.parse(await run(['report', 'churn', '-p', '2026-10', '--json']));
    for (const metric of ['at_start', 'churned', 'reactivated'] as const) {
      expect(JSON.parse(await run(['explain', metric, '-p', '2026-10', '--json'])).count).toBe(churn[metric]);
    }
    const funnel = JSON.parse(await run(['report', 'funnel', '--json']));
    for (const metric of ['leads', 'qualified', 'deal', 'won', 'lost', 'junk', 'open'] as const) {
      expect(JSON.parse(await run(['explain', metric, '--json'])).count).toBe(funnel[metric]);
    }
  });

  it('formats money with the configured locale and currency', async () => {
    const path = seedGoldenDataset(new Seeder()).setting('locale', 'en-US').setting('currency', 'USD').close();
    const result = await runCli(['report', 'arpu'], { db: path });
    // The currency once, in the label; the amounts without it.
    expect(result.stdout).toMatch(/^revenue, \$ +16,500\.00$/m);
    expect(result.stdout).toMatch(/^ARPU, \$ +4,125\.00$/m);
    expect(result.stdout).not.toContain('$16,500.00');
  });
});

describe('tables for people', () => {
  it('shows the whole phone in crm due at 80 columns', async () => {
    const result = await runCli(['due'], { db, env: { COLUMNS: '80' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('+79120000004');
    expect(result.stdout).toContain('+79120000001');
    for (const line of result.stdout.split('\n').filter((l) => /^\S.*\s{2}/.test(l) && !l.includes('='))) {
      expect([...line].length, line).toBeLessThanOrEqual(80);
    }
  });

  it('fits a yearly report split by month into 100 columns, periods as rows, no amount wrapped', async () => {
    const result = await runCli(['report', 'arpu', '-p', '2026', '--monthly'], { db, env: { COLUMNS: '100' } });
    expect(result.code).toBe(0);
    const table = result.stdout.split('\n').slice(1, 17);
    for (const line of table) expect([...line].length, line).toBeLessThanOrEqual(100);
    expect(table[0]).toMatch(/^period\s+revenue, ₽/);
    const months = table.filter((line) => /^2026-\d\d /.test(line));
    expect(months).toHaveLength(12);
    // Every month's row holds its seven figures whole: no amount is split over two lines.
    for (const line of months) expect(line.trim().split(/ {2,}/)).toHaveLength(8);
    expect(result.stdout).toMatch(/^2026-10 +16\u00a0500,00 +4 +5 +4\u00a0125,00 +3\u00a0300,00 +2 +2$/m);
  });

  it('keeps periods as columns through a pipe, and as rows with --transpose', async () => {
    const piped = await runCli(['report', 'arpu', '-p', '2026', '--monthly'], { db });
    expect(piped.stdout.split('\n')[1]).toMatch(/^metric\s+2026-01\s+2026-02/);
    const transposed = await runCli(['report', 'arpu', '-p', '2026', '--monthly', '--transpose'], { db });
    expect(transposed.stdout.split('\n')[1]).toMatch(/^period\s+revenue, ₽/);
  });

  it('leaves sections without figures out of the monthly table, not out of JSON', async () => {
    const seeder = new Seeder();
    const anna = seeder.client({ name: 'Анна Смирнова', phone: '+79120000001' });
    seeder.visit(anna, '2026-10-05', 2500);
    seeder.visit(anna, '2026-09-05', 2000);
    const path = seeder.close();
    const table = await runCli(['report', 'monthly'], { db: path });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^ARPU {2,}2026-10/m);
    expect(table.stdout).not.toMatch(/^Funnel {2,}/m);
    expect(table.stdout).not.toMatch(/^NPS {2,}/m);
    expect(table.stdout).toContain('Not shown, no figures in these months: Funnel, NPS');
    const json = JSON.parse((await runCli(['report', 'monthly', '--json'], { db: path })).stdout);
    expect(json.funnel.leads).toBe(0);
    expect(json.nps.responses).toBe(0);
  });

  it('writes dates day first in a Russian locale, ISO in JSON and CSV', async () => {
    const ru = { LANG: 'ru_RU.UTF-8' };
    const table = await runCli(['due'], { db, env: ru });
    expect(table.stdout).toContain('Кому позвонить · 22.11.2026');
    expect(table.stdout).toMatch(/Глеб Орлов +\+79120000004 +22 +пора прийти +Стрижка +01\.10\.2026 +31\.10\.2026/);
    expect((await runCli(['due', '--json'], { db, env: ru })).stdout).toContain('"2026-10-01"');
    expect((await runCli(['due', '--format', 'csv'], { db, env: ru })).stdout).toContain('2026-10-01');
  });
});

describe('crm report -o report.html', () => {
  it('writes the page --format html prints, safe to mail, with the monthly charts', async () => {
    const dir = tempDir();
    const file = join(dir, 'report.html');
    const result = await runCli(['report', 'monthly', '-o', file], { db });
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).toBe('');
    const page = readFileSync(file, 'utf8');
    expect(page).toBe(await run(['report', 'monthly', '--format', 'html']));
    expectSafePage(page);
    // The year's revenue, active clients and churn; the funnel; the NPS answers; the cohorts.
    expect(svgElements(page)).toHaveLength(6);
    expect(page).toContain('<h3>What detractors said</h3>');
  });

  it('takes every report and listing to a page', async () => {
    const dir = tempDir();
    for (const args of [['due'], ['report', 'rfm', '--clients'], ['explain', 'churned'], ['client', 'list']]) {
      const file = join(dir, `${args.join('-')}.htm`);
      const result = await runCli([...args, '-o', file], { db });
      expect(result.code, result.stderr).toBe(0);
      expectSafePage(readFileSync(file, 'utf8'));
    }
  });

  it('matches the golden page of a salon year: twelve months, deals, detractors with their comments', async () => {
    const salon = seedSalonYear(new Seeder()).close();
    const file = join(tempDir(), 'report.html');
    expect((await runCli(['report', 'monthly', '-o', file], { db: salon })).code).toBe(0);
    const page = readFileSync(file, 'utf8');
    expectSafePage(page);
    expect(page).toContain('<p class="business">Салон «Лада»</p>');
    expect(page).toContain('Ждала 40 минут, &lt;b&gt;&quot;записи&quot;&lt;/b&gt; &amp; опоздания');
    expectGolden('monthly-salon-year.html', page);
  });

  it('heads the page with the business name set by crm config', async () => {
    const path = seedGoldenDataset(new Seeder()).close();
    expect((await runCli(['config', 'set', 'business-name', '  Салон   «Лада» '], { db: path })).code).toBe(0);
    const page = (await runCli(['report', 'nps', '--format', 'html'], { db: path })).stdout;
    expect(page).toContain('<title>Салон «Лада» · NPS · 2026-10</title>');
    const empty = await runCli(['config', 'set', 'business-name', ' '], { db: path });
    expect(empty.code).not.toBe(0);
    expect(empty.stderr).toContain('business-name must not be empty');
  });

  // The database's own file; a server database has none.
  it.skipIf(ON_POSTGRES)('never writes the page over the database', async () => {
    const path = join(tempDir(), 'crm.html');
    seedGoldenDataset(new Seeder(path)).close();
    const before = readFileSync(path);
    const result = await runCli(['report', 'monthly', '-o', path], { db: path });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('that is the database');
    expect(readFileSync(path).equals(before)).toBe(true);
  });
});
