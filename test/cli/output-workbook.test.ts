/**
 * `-o x.xlsx|x.ods` on every report and listing: the table `--format csv` writes, as one sheet whose figures are
 * typed (amounts and shares numbers a spreadsheet adds up, dates dates), read back here with SheetJS.
 */
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { guardCell } from '../../src/exporters/csv-text.js';
import { runCli } from '../cli-harness.js';
import { ON_POSTGRES } from '../engine-databases.js';
import { fixture, tempDbPath, tempDir } from '../helpers.js';

async function run(db: string, args: string[], env: Record<string, string> = {}) {
  const result = await runCli(args, { db, env });
  expect(result.code, `crm ${args.join(' ')}\n${result.stderr}`).toBe(0);
  return result;
}

let db: string;

beforeAll(async () => {
  db = tempDbPath();
  await run(db, ['import', 'clients', fixture('export/nasty-clients.csv')]);
  for (const kind of ['visits', 'deals', 'nps']) {
    await run(db, ['import', kind, fixture(`export/nasty-${kind}.csv`)]);
    await run(db, ['import', kind, fixture(`${kind}/${kind}-ru.csv`.replace('visits-ru', 'visits-calc-ru'))]);
  }
}, 120_000);

function readBook(path: string): XLSX.WorkBook {
  return XLSX.read(readFileSync(path), { type: 'buffer', cellDates: true, cellNF: true, dense: true });
}

function onlySheet(path: string): XLSX.CellObject[][] {
  const book = readBook(path);
  expect(book.SheetNames).toHaveLength(1);
  return book.Sheets[book.SheetNames[0]!]!['!data'] ?? [];
}

/** A cell as `--format csv` writes the same figure: a date as YYYY-MM-DD, a number as it is, text guarded. */
function csvText(cell: XLSX.CellObject | undefined): string {
  if (!cell) return '';
  if (cell.t === 'd') return (cell.v as Date).toISOString().slice(0, 10);
  if (cell.t === 'n') return String(cell.v);
  return guardCell(String(cell.v));
}

const COMMANDS = [
  ['visit', 'list'],
  ['deal', 'list'],
  ['nps', 'list'],
  ['client', 'list'],
  ['import', 'list'],
  ['due'],
  ['report', 'arpu', '-p', '2026'],
  ['report', 'arpu', '-p', '2026', '--by', 'service'],
  ['report', 'repeat', '-p', '2026', '--quarterly'],
  ['report', 'churn', '-p', '2026'],
  ['report', 'funnel', '-p', '2026'],
  ['report', 'funnel', '-p', '2026', '--by', 'source'],
  ['report', 'nps', '-p', '2026'],
  ['report', 'cohorts', '-p', '2026'],
  ['report', 'cohorts', '-p', '2026', '--counts'],
  ['report', 'rfm', '-p', '2026', '--clients'],
  ['report', 'monthly', '-p', '2026-03'],
  ['explain', 'active_clients', '-p', '2026'],
  ['explain', 'won', '-p', '2026'],
];

describe.each(['xlsx', 'ods'])('-o x.%s', (type) => {
  it.each(COMMANDS.map((args) => [args.join(' '), args]))(
    'crm %s: the CSV table, its figures typed',
    async (_name, args) => {
      const csv = parse((await run(db, [...args, '--format', 'csv'])).stdout, {
        relax_column_count: true,
      }) as string[][];
      const path = join(tempDir(), `out.${type}`);
      const result = await run(db, [...args, '-o', path]);
      expect(result.stdout).toBe('');
      const sheet = onlySheet(path).map((row) => Array.from({ length: csv[0]!.length }, (_, c) => csvText(row[c])));
      // The monthly report's sections and metrics are named as its table names them; its figures are the CSV's.
      const named = args[1] === 'monthly' ? 2 : 0;
      expect(sheet.map((row) => row.slice(named))).toEqual(csv.map((row) => row.slice(named)));
    },
    60_000,
  );

  it('a report in Russian: the sections and metrics in Russian, as its table names them', async () => {
    const path = join(tempDir(), `месяц.${type}`);
    await run(db, ['--lang', 'ru', 'report', 'monthly', '-p', '2026-03', '-o', path]);
    const rows = onlySheet(path);
    expect(rows[0]!.slice(0, 2).map((cell) => cell.v)).toEqual(['раздел', 'показатель']);
    expect(rows.find((r) => r[0]?.v === 'ARPU' && r[1]?.v === 'выручка, ₽')?.[2]).toMatchObject({ t: 'n' });
    expect(rows.some((r) => r[0]?.v === 'Повторные покупки' && r[1]?.v === 'доля повторных')).toBe(true);
  });

  it('a list: amounts are numbers with two decimals that add up to the listing’s total, dates are dates', async () => {
    const path = join(tempDir(), `ноябрь.${type}`);
    await run(db, ['visit', 'list', '-o', path]);
    const book = readBook(path);
    expect(book.SheetNames).toEqual(['ноябрь']);
    const [header, ...rows] = book.Sheets[book.SheetNames[0]!]!['!data']!;
    const column = (name: string) => header!.findIndex((cell) => cell.v === name);
    const amounts = rows.map((row) => row[column('amount')]!);
    expect(amounts.every((cell) => cell.t === 'n' && cell.z === '#,##0.00')).toBe(true);
    const listed = JSON.parse((await run(db, ['visit', 'list', '--json'])).stdout) as Array<{ amount: number }>;
    const cents = (values: number[]) => values.reduce((sum, value) => sum + Math.round(value * 100), 0);
    expect(cents(amounts.map((cell) => cell.v as number))).toBe(cents(listed.map((visit) => visit.amount)));
    expect(rows.every((row) => row[column('date')]!.t === 'd')).toBe(true);
    expect(rows.every((row) => row[column('id')]!.t === 'n')).toBe(true);
  });

  it('a report: each metric’s figures typed by what the metric is', async () => {
    const path = join(tempDir(), `churn.${type}`);
    await run(db, ['report', 'monthly', '-p', '2026-03', '-o', path]);
    const rows = onlySheet(path);
    const row = (section: string, metric: string) => rows.find((r) => r[0]?.v === section && r[1]?.v === metric)!;
    expect(rows[0]!.slice(0, 2).map((cell) => cell.v)).toEqual(['section', 'metric']);
    expect(row('ARPU', 'revenue, ₽')[2]).toMatchObject({ t: 'n', z: '#,##0.00' });
    expect(row('ARPU', 'active clients')[2]).toMatchObject({ t: 'n' });
    expect(row('ARPU', 'active clients')[2]!.z ?? 'General').toBe('General');
    expect(row('Repeat purchase', 'repeat rate')[2]).toMatchObject({ t: 'n', z: '0.00%' });
    expect(row('revenue, ₽, last 12 months', '2026-03')[2]).toMatchObject({ t: 'n', z: '#,##0.00' });
    // A month is a label, not a date.
    expect(rows[1]![0]).toMatchObject({ t: 's' });
  });
});

describe('-o x.xlsx: dates in the locale’s order', () => {
  it.each([
    ['C.UTF-8', 'yyyy\\-mm\\-dd', (iso: string) => iso],
    ['ru_RU.UTF-8', 'dd\\.mm\\.yyyy', (iso: string) => iso.split('-').reverse().join('.')],
  ])('LANG=%s: %s', async (lang, format, shown) => {
    const path = join(tempDir(), 'visits.xlsx');
    await run(db, ['visit', 'list', '-o', path], { LANG: lang });
    const [header, first] = onlySheet(path);
    const date = first![header!.findIndex((cell) => cell.v === 'date')]!;
    const iso = (date.v as Date).toISOString().slice(0, 10);
    expect([date.t, date.z, date.w]).toEqual(['d', format, shown(iso)]);
  });
});

describe('-o: names crm cannot write, refused before anything is read or written', () => {
  it('an unknown extension: one line listing the formats, no database opened, no file', async () => {
    const dir = tempDir();
    const missing = join(dir, 'no.sqlite');
    for (const args of [
      ['visit', 'list'],
      ['report', 'arpu'],
    ]) {
      const result = await runCli([...args, '-o', join(dir, 'x.pdf')], { db: missing });
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        `crm: cannot tell the format of '${join(dir, 'x.pdf')}' from its extension: name it .csv, .json, .md, .markdown, .txt, .html, .htm, .xlsx, .ods, or add --format\n`,
      );
    }
    expect(existsSync(join(dir, 'x.pdf'))).toBe(false);
    expect(existsSync(missing)).toBe(false);
  });

  // A link to the database file: a server database has no file to write over.
  it.skipIf(ON_POSTGRES)(
    'a workbook name that is the database (through a link): refused, the database as it was',
    async () => {
      const dir = tempDir();
      const own = join(dir, 'crm.sqlite');
      await run(own, ['import', 'visits', fixture('export/nasty-visits.csv')]);
      const before = readFileSync(own);
      symlinkSync(own, join(dir, 'book.xlsx'));
      symlinkSync(own, join(dir, 'book.ods'));
      for (const args of [
        ['visit', 'list', '-o', join(dir, 'book.xlsx')],
        ['report', 'arpu', '-p', '2026', '-o', join(dir, 'book.ods')],
        ['export', '--out', join(dir, 'book.xlsx'), '--force'],
      ]) {
        const result = await runCli(args, { db: own });
        expect(result.code, args.join(' ')).toBe(2);
        expect(result.stderr).toMatch(/^crm: .*book\.(xlsx|ods): that is the database; write to another file\n$/);
      }
      expect(readFileSync(own).equals(before)).toBe(true);
    },
  );
});
