/**
 * What programs read is the same in every language: JSON and CSV keep their keys, values and headers whether crm
 * speaks English or Russian; only the tables people read are translated.
 */
import { dirname } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli-harness.js';
import { fixture, tempDbPath } from '../helpers.js';

const ENGLISH = { LANG: 'C.UTF-8' };
const RUSSIAN = { LANG: 'ru_RU.UTF-8' };

const IMPORTS: Array<[string, string]> = [
  ['clients', 'clients/csv-english-comma.csv'],
  ['clients', 'clients/csv-calc-cp1251.csv'],
  ['visits', 'visits/visits-english.csv'],
  ['visits', 'visits/visits-calc-ru.csv'],
  ['deals', 'deals/deals-english.csv'],
  ['nps', 'nps/nps-english.csv'],
];

/**
 * An import report's JSON without what differs between two databases: the time it took, the database's folder and
 * the second in the rejects file's name.
 */
function comparable(text: string, db: string): unknown {
  const shown = text.replaceAll(dirname(db), '<dir>').replace(/-\d{8}-\d{6}\.csv/g, '-<time>.csv');
  return JSON.parse(shown, (key, value) => (key === 'seconds' ? 0 : value));
}

/**
 * A database with the same imports, run in `language`. The locale stays Russian for both: it decides how a file
 * is read (a phone without a country code is Russian under ru_RU), which is not the language's to change.
 */
async function seeded(language: 'en' | 'ru'): Promise<{ db: string; reports: unknown[] }> {
  const db = tempDbPath();
  const reports: unknown[] = [];
  const env = RUSSIAN;
  for (const [kind, file] of IMPORTS) {
    const run = await runCli(['--lang', language, 'import', kind, fixture(file), '--json'], { db, env });
    expect(run.code, run.stderr).toBe(0);
    reports.push(comparable(run.stdout, db));
  }
  await runCli(['client', 'add', 'Анна Кузнецова', '--phone', '+7 912 555-01-02', '--allow-duplicate'], { db, env });
  return { db, reports };
}

const COMMANDS: string[][] = [
  ['client', 'list'],
  ['client', 'show', '1'],
  ['client', 'merge'],
  ['visit', 'list'],
  ['deal', 'list'],
  ['deal', 'show', '1'],
  ['nps', 'list'],
  ['import', 'list'],
  ['config', 'list'],
  ['report', 'arpu', '-p', '2026'],
  ['report', 'arpu', '-p', '2026', '--quarterly'],
  ['report', 'arpu', '-p', '2026', '--by', 'source'],
  ['report', 'repeat', '-p', '2026'],
  ['report', 'churn', '-p', '2026-10'],
  ['report', 'funnel', '-p', '2026'],
  ['report', 'funnel', '-p', '2026', '--by', 'source'],
  ['report', 'nps', '-p', '2026'],
  ['report', 'cohorts', '-p', '2026'],
  ['report', 'rfm', '-p', '2026', '--clients'],
  ['report', 'monthly', '-p', '2026-10'],
  ['due'],
  ['explain', 'churned', '-p', '2026-10'],
];

describe('JSON and CSV in English and Russian', () => {
  let english: { db: string; reports: unknown[] };
  let russian: { db: string; reports: unknown[] };
  beforeAll(async () => {
    english = await seeded('en');
    russian = await seeded('ru');
  });

  it('import reports are the same JSON', () => {
    for (const [i, report] of russian.reports.entries())
      expect(report, IMPORTS[i]!.join(' ')).toEqual(english.reports[i]);
  });

  it.each(COMMANDS.map((args) => [args.join(' '), args] as const))('%s', async (_, args) => {
    const db = english.db;
    for (const format of [['--json'], ['--format', 'csv']]) {
      const inEnglish = await runCli([...args, ...format], { db, env: ENGLISH });
      const inRussian = await runCli([...args, ...format], { db, env: RUSSIAN });
      expect(inEnglish.code, inEnglish.stderr).toBe(0);
      expect(inRussian.stdout, format.join(' ')).toBe(inEnglish.stdout);
    }
    // The table people read is what differs (the check above would pass if nothing were translated).
    const [tableInEnglish, tableInRussian] = [
      await runCli(args, { db, env: ENGLISH }),
      await runCli(args, { db, env: RUSSIAN }),
    ];
    expect(tableInRussian.stdout).not.toBe(tableInEnglish.stdout);
  });
});
