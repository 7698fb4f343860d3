/**
 * The same commands on the same data give the same output on SQLite and on PostgreSQL: every report, `crm due`,
 * `crm explain` and the listings, in every format. Two datasets: the golden one of test/reports/seed.ts (figures
 * worked out by hand in test/golden/README.md), copied row by row into a server database; and the demo's files,
 * imported through `crm import` on each engine (clients planned whole, journals through the bulk load).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordKind } from '../../src/domain/kinds.js';
import { EXPLAIN_METRICS } from '../../src/reports/explain.js';
import { runCli } from '../cli-harness.js';
import { copySqliteToPostgres, engines, postgresDatabase, skippedEngine } from '../engines.js';
import { FIXTURES, tempDbPath, tempDir } from '../helpers.js';
import { Seeder, seedGoldenDataset } from '../reports/seed.js';

const postgres = engines.find((engine) => engine.name === 'postgres')!;
const FORMATS = ['table', 'json', 'csv', 'md'];

/** The bundled sample files, every kind and layout: what both engines import alike. */
const DEMO_CLIENT_FILES = [
  'clients/csv-calc-cp1251.csv',
  'clients/csv-excel-utf8bom.csv',
  'clients/csv-english-comma.csv',
  'clients/csv-google-contacts.csv',
  'clients/csv-outlook.csv',
  'clients/csv-excel-unicode.txt',
  'clients/vcard-android-21-qp.vcf',
  'clients/vcard-nokia-21-cp1251.vcf',
  'clients/vcard-iphone-30.vcf',
  'clients/vcard-google-40.vcf',
];

/** Journals imported after the clients: a salon's year of visits, its deals and NPS answers. */
const DEMO_RECORD_FILES: Array<{ kind: RecordKind; file: string }> = [
  { kind: 'visits', file: 'visits/visits-calc-ru.csv' },
  { kind: 'visits', file: 'visits/visits-english.csv' },
  { kind: 'deals', file: 'deals/deals-ru.csv' },
  { kind: 'deals', file: 'deals/deals-english.csv' },
  { kind: 'nps', file: 'nps/nps-ru.csv' },
  { kind: 'nps', file: 'nps/nps-english.csv' },
];

const REPORTS: string[][] = [
  ['report', 'arpu'],
  ['report', 'arpu', '--by', 'source'],
  ['report', 'arpu', '--by', 'tag'],
  ['report', 'arpu', '--by', 'service'],
  ['report', 'arpu', '-p', '2026Q3', '--monthly'],
  ['report', 'repeat'],
  ['report', 'repeat', '--year', '2026', '--quarterly'],
  ['report', 'churn'],
  ['report', 'churn', '--window', '30'],
  ['report', 'funnel'],
  ['report', 'funnel', '--by', 'source'],
  ['report', 'funnel', '-p', '2026-09-01..2026-10-31', '--monthly'],
  ['report', 'nps'],
  ['report', 'cohorts'],
  ['report', 'cohorts', '--counts'],
  ['report', 'rfm'],
  ['report', 'rfm', '--clients'],
  ['report', 'monthly'],
  ['report', 'monthly', '-p', '2026-09'],
  ['due'],
  ['due', '--within', '60'],
  ...EXPLAIN_METRICS.map((metric) => ['explain', metric]),
];

const LISTINGS: string[][] = [
  ['client', 'list'],
  ['client', 'list', '--archived'],
  ['client', 'list', '--tag', 'VIP'],
  ['client', 'find', 'анна'],
  ['client', 'find', '912'],
  ['client', 'show', '1'],
  ['client', 'merge'],
  ['visit', 'list'],
  ['visit', 'list', '--service', 'ОКРАШИВАНИЕ', '--last', '3'],
  ['visit', 'list', '--client', '1', '--from', '2026-09-01', '--to', '2026-10-31'],
  ['deal', 'list'],
  ['deal', 'list', '--open'],
  ['deal', 'list', '--stage', 'won'],
  ['nps', 'list'],
  ['nps', 'list', '--detractors', '--from', '2026-10-01'],
];

/** Runs `args` on both databases; both end with `code` (0 unless said) and print the same. Returns the output. */
async function same(
  databases: { sqlite: string; postgres: string },
  args: string[],
  cwd: string,
  code = 0,
): Promise<string> {
  const onSqlite = await runCli(args, { db: databases.sqlite, cwd });
  const onPostgres = await runCli(args, { db: databases.postgres, cwd });
  expect(onSqlite.code, `${args.join(' ')} on SQLite: ${onSqlite.stderr}`).toBe(code);
  expect(onPostgres.stderr, `${args.join(' ')} on PostgreSQL`).toBe(onSqlite.stderr);
  expect(onPostgres.stdout, `${args.join(' ')} on PostgreSQL`).toBe(onSqlite.stdout);
  expect(onPostgres.code).toBe(code);
  return onSqlite.stdout;
}

/** Each file under `path` (or the file itself) with its text. */
function filesIn(path: string): Record<string, string> {
  if (!statSync(path).isDirectory()) return { '.': readFileSync(path, 'utf8') };
  return Object.fromEntries(readdirSync(path).map((name) => [name, readFileSync(join(path, name), 'utf8')]));
}

describe('the same output on SQLite and PostgreSQL', () => {
  if (postgres.skipped) return skippedEngine(postgres);

  describe('on the golden dataset, copied into a server database', () => {
    const databases = { sqlite: '', postgres: '' };
    let drop: () => Promise<void>;
    const cwd = tempDir();
    beforeAll(async () => {
      databases.sqlite = seedGoldenDataset(new Seeder()).close();
      const server = await postgresDatabase();
      databases.postgres = server.address;
      drop = server.drop;
      await copySqliteToPostgres(databases.sqlite, databases.postgres);
    });
    afterAll(() => drop?.());

    it.each(REPORTS.map((args) => [args.join(' '), args]))('%s, in every format', async (_, args) => {
      for (const format of FORMATS) await same(databases, [...args, '--format', format], cwd);
    });

    it.each(LISTINGS.map((args) => [args.join(' '), args]))('%s', async (_, args) => {
      await same(databases, [...args, '--json'], cwd);
      await same(databases, args, cwd);
    });

    it('exports the same files', async () => {
      for (const format of ['csv', 'json', 'vcard']) {
        const written = { sqlite: join(tempDir(), 'export'), postgres: join(tempDir(), 'export') };
        for (const engine of ['sqlite', 'postgres'] as const) {
          const run = await runCli(['export', '--format', format, '-o', written[engine]], {
            db: databases[engine],
            cwd,
          });
          expect(run.code, run.stderr).toBe(0);
        }
        expect(filesIn(written.postgres)).toEqual(filesIn(written.sqlite));
      }
    });

    it('compares figures, not two empty outputs', async () => {
      expect(JSON.parse(await same(databases, ['report', 'arpu', '--json'], cwd))).toMatchObject({
        revenue: 16500,
        active_clients: 4,
      });
    });
  });

  describe('on the demo files, imported on each engine', () => {
    const databases = { sqlite: tempDbPath(), postgres: '' };
    let drop: () => Promise<void>;
    const cwd = tempDir();
    beforeAll(async () => {
      const server = await postgresDatabase({ empty: true });
      databases.postgres = server.address;
      drop = server.drop;
      expect((await runCli(['init'], { db: databases.postgres, cwd })).code).toBe(0);
    });
    afterAll(() => drop?.());

    it('imports every file alike: the same summaries, the same batches', async () => {
      await same(databases, ['config', 'set', 'region', 'RU'], cwd);
      // A server database keeps no automatic backup of its own (its backups are the server's): none on either side.
      await same(databases, ['config', 'set', 'backups-keep', '0'], cwd);
      for (const file of DEMO_CLIENT_FILES) {
        await same(databases, ['import', 'clients', join(FIXTURES, file), '--rejects', join(cwd, 'rejects.csv')], cwd);
      }
      for (const { kind, file } of DEMO_RECORD_FILES) {
        await same(databases, ['import', kind, join(FIXTURES, file), '--rejects', join(cwd, 'rejects.csv')], cwd);
      }
      // A journal imported again brings nothing new: both engines recognise its rows.
      const [again] = DEMO_RECORD_FILES;
      await same(databases, ['import', again!.kind, join(FIXTURES, again!.file), '--dry-run'], cwd);
      const listed = (database: string) => runCli(['import', 'list', '--json'], { db: database, cwd });
      const withoutTimes = (text: string) =>
        (JSON.parse(text) as Array<Record<string, unknown>>).map(({ started_at, finished_at, ...batch }) => batch);
      expect(withoutTimes((await listed(databases.postgres)).stdout)).toEqual(
        withoutTimes((await listed(databases.sqlite)).stdout),
      );
    });

    it.each([...REPORTS, ...LISTINGS].map((args) => [args.join(' '), args]))('%s', async (_, args) => {
      await same(databases, [...args, '--json'], cwd);
      await same(databases, args, cwd);
    });

    it('an undone import is undone alike, and a refused one refused alike', async () => {
      // The lists differ only in their times: the first test compares them.
      const listed = await runCli(['import', 'list', '--json'], { db: databases.sqlite, cwd });
      const batches = JSON.parse(listed.stdout) as Array<{ id: number }>;
      await same(databases, ['import', 'undo', String(batches[0]!.id)], cwd, 1);
      await same(databases, ['import', 'undo', String(batches.at(-1)!.id)], cwd);
      await same(databases, ['client', 'list', '--archived', '--json'], cwd);
      await same(databases, ['report', 'monthly', '--json'], cwd);
    });
  });
});
