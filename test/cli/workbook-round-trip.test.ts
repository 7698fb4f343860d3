/**
 * The workbook round trip of issue 19: import → `crm export --out x.xlsx` (or .ods) → import the workbook into an
 * empty database → CSV export, byte-identical to the CSV export of the first database. `crm import KIND x.xlsx`
 * takes the sheet named after the kind, which is what the export names its sheets.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli-harness.js';
import { fixture, tempDbPath, tempDir } from '../helpers.js';

const CLIENT_FILES = [
  'clients/csv-calc-cp1251.csv',
  'clients/csv-excel-utf8bom.csv',
  'clients/csv-english-comma.csv',
  'clients/csv-google-contacts.csv',
  'clients/csv-outlook.csv',
  'clients/csv-excel-unicode.txt',
  'clients/csv-mixed-endings.csv',
  'clients/vcard-android-21-qp.vcf',
  'clients/vcard-nokia-21-cp1251.vcf',
  'clients/vcard-iphone-30.vcf',
  'clients/vcard-google-40.vcf',
  'export/nasty-clients.csv',
];
const JOURNALS = {
  visits: ['visits/visits-calc-ru.csv', 'visits/visits-english.csv', 'export/nasty-visits.csv'],
  deals: ['deals/deals-ru.csv', 'deals/deals-english.csv', 'export/nasty-deals.csv'],
  nps: ['nps/nps-ru.csv', 'nps/nps-english.csv', 'export/nasty-nps.csv'],
};
const KINDS = ['clients', 'visits', 'deals', 'nps'] as const;

async function run(db: string, args: string[], env: Record<string, string> = {}) {
  const result = await runCli(args, { db, env });
  expect(result.code, `crm ${args.join(' ')}\n${result.stderr}`).toBe(0);
  return result;
}

async function csvExport(db: string): Promise<string> {
  const dir = join(tempDir('crm-export-'), 'out');
  await run(db, ['export', '--out', dir]);
  return dir;
}

let original: string;
let firstCsv: string;

beforeAll(async () => {
  original = tempDbPath();
  await run(original, ['config', 'set', 'region', 'RU']);
  await run(original, ['config', 'set', 'locale', 'ru-RU']);
  for (const file of CLIENT_FILES) await run(original, ['import', 'clients', fixture(file)]);
  for (const [kind, files] of Object.entries(JOURNALS))
    for (const file of files) await run(original, ['import', kind, fixture(file)]);
  firstCsv = await csvExport(original);
}, 180_000);

describe.each([
  ['xlsx', 'C.UTF-8'],
  ['ods', 'C.UTF-8'],
  ['xlsx', 'ru_RU.UTF-8'],
])('crm export --out x.%s, imported back (LANG=%s)', (type, lang) => {
  it('gives a database whose CSV export is byte-identical to the first one’s', async () => {
    const book = join(tempDir('crm-export-'), `всё.${type}`);
    await run(original, ['export', '--out', book], { LANG: lang });
    const copy = tempDbPath();
    for (const kind of KINDS) {
      // A kind with no records is a sheet of its header alone, which the import refuses as empty.
      if (
        readFileSync(join(firstCsv, `${kind}.csv`), 'utf8')
          .trim()
          .split('\n').length < 2
      )
        continue;
      const report = JSON.parse((await run(copy, ['import', kind, book, '--json'], { LANG: lang })).stdout);
      expect(report.counts.rejected, `${kind}: ${JSON.stringify(report.rows)}`).toBe(0);
      if (kind !== 'clients') expect(report.counts.new_clients, kind).toBe(0);
    }
    const secondCsv = await csvExport(copy);
    for (const kind of KINDS) {
      const first = readFileSync(join(firstCsv, `${kind}.csv`));
      const second = readFileSync(join(secondCsv, `${kind}.csv`));
      expect(second.equals(first), `${kind}.csv differs:\n${first}\n----\n${second}`).toBe(true);
    }
  }, 120_000);
});
