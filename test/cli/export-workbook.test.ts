/**
 * `crm export --out x.xlsx|x.ods`: one workbook, a sheet per kind, read back here with SheetJS (not with crm's own
 * workbook reader): each sheet holds the cells of that kind's CSV file, its dates and amounts typed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../../src/domain/money.js';
import { guardCell } from '../../src/exporters/csv-text.js';
import { runCli } from '../cli-harness.js';
import { fixture, tempDbPath, tempDir } from '../helpers.js';

const SHEETS = ['clients', 'visits', 'deals', 'nps', 'imports'] as const;
const FILES = {
  clients: ['clients/csv-calc-cp1251.csv', 'clients/csv-google-contacts.csv', 'export/nasty-clients.csv'],
  visits: ['visits/visits-calc-ru.csv', 'export/nasty-visits.csv'],
  deals: ['deals/deals-ru.csv', 'export/nasty-deals.csv'],
  nps: ['nps/nps-ru.csv', 'export/nasty-nps.csv'],
};

async function run(db: string, args: string[]) {
  const result = await runCli(args, { db });
  expect(result.code, `crm ${args.join(' ')}\n${result.stderr}`).toBe(0);
  return result;
}

let db: string;
let csvDir: string;

beforeAll(async () => {
  db = tempDbPath();
  await run(db, ['config', 'set', 'region', 'RU']);
  await run(db, ['config', 'set', 'locale', 'ru-RU']);
  for (const [kind, files] of Object.entries(FILES))
    for (const file of files) await run(db, ['import', kind, fixture(file)]);
  csvDir = join(tempDir('crm-export-'), 'csv');
  await run(db, ['export', '--out', csvDir]);
}, 120_000);

function readBook(path: string): XLSX.WorkBook {
  return XLSX.read(readFileSync(path), { type: 'buffer', cellDates: true, cellNF: true, dense: true });
}

/**
 * A cell as the plain CSV export writes it: a date as YYYY-MM-DD, an amount with two decimals, other numbers as they
 * are, text through the CSV formula guard.
 */
function csvText(cell: XLSX.CellObject | undefined): string {
  if (!cell) return '';
  if (cell.t === 'd') return (cell.v as Date).toISOString().slice(0, 10);
  if (cell.t === 'n' && cell.z === '#,##0.00')
    return formatMoney(Math.round((cell.v as number) * 100), { decimal: '.' });
  if (cell.t === 'n') return String(cell.v);
  return guardCell(String(cell.v));
}

function sheetAsCsv(book: XLSX.WorkBook, name: string, width: number): string[][] {
  return (book.Sheets[name]!['!data'] ?? []).map((row) => Array.from({ length: width }, (_, c) => csvText(row[c])));
}

function csvRows(kind: string): string[][] {
  return parse(readFileSync(join(csvDir, `${kind}.csv`), 'utf8'), { relax_column_count: true });
}

describe.each(['xlsx', 'ods'])('crm export --out x.%s', (type) => {
  let path: string;
  let book: XLSX.WorkBook;
  let stderr: string;

  beforeAll(async () => {
    path = join(tempDir('crm-export-'), `всё.${type}`);
    const result = await run(db, ['export', '--out', path]);
    expect(result.stdout).toBe(`${path}\n`);
    stderr = result.stderr;
    book = readBook(path);
  }, 60_000);

  it('writes one workbook of a sheet per kind and one of the import history, and says what it holds', () => {
    expect(book.SheetNames).toEqual([...SHEETS]);
    expect(stderr).toMatch(
      new RegExp(
        `^wrote ${path.replace(/[.]/g, '\\.')}: \\d+ clients, \\d+ visits, \\d+ deals, \\d+ answers, 9 imports\\n$`,
      ),
    );
  });

  it.each(SHEETS)('the %s sheet holds the cells of the CSV export, its columns the same', (kind) => {
    const csv = csvRows(kind);
    expect(csv.length).toBeGreaterThan(1);
    expect(sheetAsCsv(book, kind, csv[0]!.length)).toEqual(csv);
  });

  it('dates are date cells shown DD.MM.YYYY (the configured locale is Russian), amounts numbers with two decimals', () => {
    const visits = book.Sheets.visits!['!data']!;
    const header = visits[0]!.map((cell) => cell.v);
    const [date, amount] = [header.indexOf('date'), header.indexOf('amount')];
    for (const row of visits.slice(1)) {
      expect(row[date]!.t).toBe('d');
      expect(row[amount]).toMatchObject({ t: 'n', z: '#,##0.00' });
    }
    // SheetJS reads an ODS date style back in its own words; the ODS style itself is tested in test/exporters.
    if (type === 'xlsx') expect(visits[1]![date]!.z).toBe('dd\\.mm\\.yyyy');
    const clients = book.Sheets.clients!['!data']!;
    const created = clients[0]!.findIndex((cell) => cell.v === 'created');
    expect(clients.slice(1).every((row) => row[created]?.t === 'd')).toBe(true);
  });

  it('phones are text cells, scores and counts numbers', () => {
    const phones = book.Sheets.clients!['!data']!.flatMap((row, r) =>
      r === 0 ? [] : row.filter((_, c) => /^phone( \d+)?$/.test(String(book.Sheets.clients!['!data']![0]![c]?.v))),
    );
    expect(phones.length).toBeGreaterThan(5);
    expect(phones.every((cell) => cell.t === 's')).toBe(true);
    expect(phones.map((cell) => cell.v)).toContain('89121000004');
    const nps = book.Sheets.nps!['!data']!;
    const score = nps[0]!.findIndex((cell) => cell.v === 'score');
    expect(nps.slice(1).every((row) => row[score]?.t === 'n')).toBe(true);
    const imports = book.Sheets.imports!['!data']!;
    expect(imports[1]![0]).toMatchObject({ t: 'n', v: 1 });
  });

  it('refuses to overwrite it without --force, and overwrites it with', async () => {
    const again = await runCli(['export', '--out', path], { db });
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`crm: ${path} already exists; add --force to overwrite\n`);
    await run(db, ['export', '--out', path, '--force']);
    expect(readBook(path).SheetNames).toEqual([...SHEETS]);
  });
});

describe('crm export --out x.xlsx: what does not go with a workbook', () => {
  it.each([
    [['--format', 'json'], /^crm: --format json writes a directory of files; .*\.xlsx names a workbook\n$/],
    [['--for', 'calc'], /^crm: --for and --encoding apply to CSV files only\n$/],
    [['--encoding', 'cp1251'], /^crm: --for and --encoding apply to CSV files only\n$/],
  ])('%s: a usage error, nothing written', async (args, message) => {
    const path = join(tempDir(), 'book.xlsx');
    const result = await runCli(['export', '--out', path, ...args], { db });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(existsSync(path)).toBe(false);
  });

  it('a database with no locale set shows dates as the environment’s locale does', async () => {
    const plain = tempDbPath();
    await run(plain, ['import', 'visits', fixture('export/nasty-visits.csv')]);
    const dir = tempDir();
    const iso = join(dir, 'iso.xlsx');
    const dotted = join(dir, 'dotted.xlsx');
    await run(plain, ['export', '--out', iso]);
    expect((await runCli(['export', '--out', dotted], { db: plain, env: { LANG: 'ru_RU.UTF-8' } })).code).toBe(0);
    expect(readBook(iso).Sheets.visits!['!data']![1]![0]!.z).toBe('yyyy\\-mm\\-dd');
    expect(readBook(dotted).Sheets.visits!['!data']![1]![0]!.z).toBe('dd\\.mm\\.yyyy');
  });
});
