import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-harness.js';
import { dump, fixture, tempDbPath } from '../helpers.js';

const sheet = (name: string) => fixture(`spreadsheets/${name}`);

async function freshDb(): Promise<string> {
  const db = tempDbPath();
  await runCli(['config', 'set', 'region', 'RU'], { db });
  return db;
}

async function importJson(db: string, kind: string, file: string, ...args: string[]) {
  const run = await runCli(['import', kind, file, '--json', ...args], { db });
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout);
}

const listed = async (db: string, ...args: string[]) => JSON.parse((await runCli([...args, '--json'], { db })).stdout);

interface ListedClient {
  phone_raw: string | null;
  phones: Array<{ raw: string }>;
  extra: Record<string, string>;
}

/**
 * A client as listed, with a phone's spelling as Calc keeps it: opening the CSV, Calc read `"+79221234567"` as the
 * number 79221234567 and dropped its `+` (the number read is the same, +79221234567; only the spelling kept differs).
 */
function asCalcKeepsIt(client: ListedClient): ListedClient {
  const plain = (raw: string) => (/^\+\d+$/.test(raw) ? raw.slice(1) : raw);
  return {
    ...client,
    phone_raw: client.phone_raw === null ? null : plain(client.phone_raw),
    phones: client.phones.map((phone) => ({ ...phone, raw: plain(phone.raw) })),
  };
}

describe('crm import from a workbook: the same records as from the CSV Calc made it from', () => {
  it.each(['ods', 'xlsx', 'xls', 'fods'])('clients.%s', async (format) => {
    const fromCsv = await freshDb();
    await importJson(fromCsv, 'clients', fixture('clients/csv-calc-cp1251.csv'));
    const fromBook = await freshDb();
    const report = await importJson(fromBook, 'clients', sheet(`clients.${format}`));
    expect(report.detected).toMatchObject({ format, sheet: 'clients', headerRow: 1 });
    const csv: ListedClient[] = (await listed(fromCsv, 'client', 'list')).map(asCalcKeepsIt);
    const book: ListedClient[] = await listed(fromBook, 'client', 'list');
    expect(book.length).toBe(csv.length);
    // Calc opened `"12 500,00"` as the number 12500: kept in extra as its number, the one value that differs.
    const amounts = (clients: ListedClient[]) =>
      clients.map((client) => {
        const { 'Сумма покупок': amount, ...extra } = client.extra;
        client.extra = extra;
        return amount;
      });
    const written = (amount: string | undefined) =>
      amount === undefined ? undefined : String(Number(amount.replace(/\s/g, '').replace(',', '.')));
    expect(amounts(book)).toEqual(amounts(csv).map(written));
    expect(book).toEqual(csv);
  });

  it.each(['ods', 'xlsx', 'xls', 'fods'])('visits.%s, and the month report on them', async (format) => {
    const fromCsv = await freshDb();
    const csvReport = await importJson(fromCsv, 'visits', fixture('visits/visits-calc-ru.csv'));
    const fromBook = await freshDb();
    const report = await importJson(fromBook, 'visits', sheet(`visits.${format}`));
    expect(report.counts).toEqual(csvReport.counts);
    expect(report.counts).toMatchObject({ read: 30, created: 30, rejected: 0 });
    // Calc read `2 200,00` as the number 2200 and `22.01.2026` as a date: the same amounts and dates.
    expect(await listed(fromBook, 'visit', 'list')).toEqual(await listed(fromCsv, 'visit', 'list'));
    expect(await listed(fromBook, 'client', 'list')).toEqual(
      (await listed(fromCsv, 'client', 'list')).map(asCalcKeepsIt),
    );
    for (const report of [
      ['report', 'monthly', '--year', '2026'],
      ['report', 'arpu', '--year', '2026', '--monthly'],
    ]) {
      expect((await runCli(report, { db: fromBook })).stdout).toBe((await runCli(report, { db: fromCsv })).stdout);
    }
  });

  it('deals.xlsx and nps.ods', async () => {
    const fromCsv = await freshDb();
    await importJson(fromCsv, 'deals', fixture('deals/deals-ru.csv'));
    await importJson(fromCsv, 'nps', fixture('nps/nps-ru.csv'));
    const fromBook = await freshDb();
    await importJson(fromBook, 'deals', sheet('deals.xlsx'));
    await importJson(fromBook, 'nps', sheet('nps.ods'));
    expect(await listed(fromBook, 'deal', 'list')).toEqual(await listed(fromCsv, 'deal', 'list'));
    expect(await listed(fromBook, 'nps', 'list')).toEqual(await listed(fromCsv, 'nps', 'list'));
    const nps = ['report', 'nps', '--year', '2026'];
    expect((await runCli(nps, { db: fromBook })).stdout).toBe((await runCli(nps, { db: fromCsv })).stdout);
  });
});

describe('crm import from a workbook: what the CSV import does holds', () => {
  it('the summary names format, sheet, header row and hidden rows; rejects name sheet and row', async () => {
    const db = await freshDb();
    const run = await runCli(['import', 'clients', sheet('salon-edge.ods')], { db });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'detected: OpenDocument spreadsheet, sheet "Клиенты", header on row 5, 1 hidden row imported, headers ru, dates dd.mm.yyyy (day first)',
    );
    expect(run.stdout).toMatch(/^\s*row\s+action/m);
    expect(run.stdout).toMatch(/^Клиенты!10\s+rejected\s+—\s+Дата рождения: '31\.02\.1990' is not a date$/m);
    const rejects = /written to (.+\.csv)/.exec(run.stdout)![1]!;
    // The sheet's rows under its header, as CSV (what crm imports again), where each was in the sheet after them.
    expect(readFileSync(rejects, 'utf8')).toBe(
      "ФИО,Телефон,E-mail,Дата рождения,Источник,Скидка,rejected: line,rejected: reason\nПопов Николай,'+7 (495) 123-45-67,,31.02.1990,,,Клиенты!10,Дата рождения: '31.02.1990' is not a date\n",
    );

    const visits = await importJson(db, 'visits', sheet('salon-edge.xlsx'));
    expect(visits.detected).toMatchObject({ format: 'xlsx', sheet: 'Визиты', headerRow: 2, hiddenRows: 1 });
    expect(visits.counts).toMatchObject({ read: 6, created: 5, rejected: 1, new_clients: 0 });
    expect(readFileSync(visits.rejects_file, 'utf8')).toBe(
      "Дата,Клиент,Телефон,Услуга,Сумма,Примечание,rejected: line,rejected: reason\n2026-11-08,Петров Сергей,'+7 916 123-45-67,Консультация,бесплатно,,Визиты!8,Сумма: 'бесплатно': not an amount\n",
    );
    const amounts = (await listed(db, 'visit', 'list')).map((v: { date: string; amount: number }) => [
      v.date,
      v.amount,
    ]);
    expect(amounts).toEqual([
      ['2026-11-03', 1500.5],
      ['2026-11-03', 3001],
      ['2026-11-05', 4500],
      ['2026-11-06', 1000],
      ['2026-11-07', 333.33],
    ]);
  });

  it('a sheet of which every row is rejected says so, naming sheet and row', async () => {
    const db = await freshDb();
    const before = dump(db);
    const run = await runCli(['import', 'nps', sheet('salon-edge.xlsx'), '--sheet', 'Визиты', '--map', 'Сумма=score'], {
      db,
    });
    expect(run.code).toBe(1);
    const [said, rejects] = run.stderr.split('; every row with its reason: ');
    expect(said).toBe(
      `crm: ${sheet('salon-edge.xlsx')}: nothing could be imported: all 6 rows were rejected (first: Визиты!3, field Сумма: '1500.5' is not a score from 0 to 10)`,
    );
    expect(readFileSync(rejects!.trim(), 'utf8').split('\n')[1]).toMatch(/,Визиты!3,Сумма: '1500.5' is not a score/);
    const visits = await runCli(
      [
        'import',
        'visits',
        sheet('salon-edge.ods'),
        '--sheet',
        'Клиенты',
        '--map',
        'Дата рождения=date',
        '--map',
        'Источник=amount',
      ],
      { db },
    );
    expect(visits.code).toBe(1);
    expect(visits.stderr).toMatch(
      `crm: ${sheet('salon-edge.ods')}: nothing could be imported: all 5 rows were rejected (first: Клиенты!6, field Источник: 'Instagram': not an amount); every row with its reason: `,
    );
    expect(dump(db)).toBe(before);
  });

  it('a dry run writes nothing; a second import changes nothing; undo restores the exact state', async () => {
    const db = await freshDb();
    const empty = dump(db);
    const dry = await importJson(db, 'visits', sheet('salon-edge.xls'), '--dry-run');
    expect(dry.counts).toMatchObject({ created: 5, rejected: 1, new_clients: 4 });
    expect(dry.rejects_file).toBeNull();
    expect(dump(db)).toBe(empty);

    const first = await importJson(db, 'visits', sheet('salon-edge.xls'));
    const once = dump(db);
    const again = await importJson(db, 'visits', sheet('salon-edge.xls'));
    expect(again.counts).toMatchObject({ created: 0, duplicate: 5, new_clients: 0 });
    expect(again.batch).toBeNull();
    expect(dump(db)).toBe(once);
    // The same journal saved by Calc in another format is the same journal.
    expect((await importJson(db, 'visits', sheet('salon-edge.ods'))).counts).toMatchObject({
      created: 0,
      duplicate: 5,
    });
    expect(dump(db)).toBe(once);

    const clients = await importJson(db, 'clients', sheet('salon-edge.xlsx'));
    expect((await importJson(db, 'clients', sheet('salon-edge.xlsx'))).batch).toBeNull();
    await runCli(['import', 'undo', String(clients.batch)], { db });
    expect(dump(db)).toBe(once);
    await runCli(['import', 'undo', String(first.batch)], { db });
    expect(dump(db)).toBe(empty);
  });

  it('--sheet chooses by name or number; an unknown one lists the sheets; a profile keeps it', async () => {
    const db = await freshDb();
    const byNumber = await importJson(
      db,
      'clients',
      sheet('salon-edge.ods'),
      '--sheet',
      '2',
      '--save-profile',
      'salon',
    );
    expect(byNumber.detected.sheet).toBe('Клиенты');
    const profiles = await listed(db, 'import', 'profiles');
    expect(profiles).toEqual([expect.objectContaining({ name: 'salon', settings: { sheet: '2' } })]);
    // The profile's sheet is taken: visits.ods has one sheet only.
    const withProfile = await runCli(['import', 'clients', sheet('clients.ods'), '--profile', 'salon'], { db });
    expect(withProfile.code).toBe(2);
    expect(withProfile.stderr).toBe(`crm: ${sheet('clients.ods')}: no sheet '2' (sheets: clients)\n`);

    const before = dump(db);
    const unknown = await runCli(['import', 'visits', sheet('salon-edge.xlsx'), '--sheet', 'Итоги'], { db });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      `crm: ${sheet('salon-edge.xlsx')}: no sheet 'Итоги' (sheets: Справка, Клиенты, Визиты, Пусто)\n`,
    );
    const csv = await runCli(['import', 'visits', fixture('visits/visits-calc-ru.csv'), '--sheet', '1'], { db });
    expect(csv.code).toBe(2);
    expect(csv.stderr).toMatch(/--sheet: .*visits-calc-ru\.csv was read as CSV, which has no sheets/);
    expect(dump(db)).toBe(before);

    const chosen = await importJson(db, 'visits', sheet('salon-edge.fods'), '--sheet', 'визиты', '--dry-run');
    expect(chosen.detected.sheet).toBe('Визиты');
  });

  it('reads a Bitrix24 "Excel" export, an HTML table named .xls', async () => {
    const db = await freshDb();
    const run = await runCli(['import', 'clients', sheet('bitrix-contacts-cp1251.xls')], { db });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'detected: Bitrix24 contacts export, HTML table (an "Excel" export of a web application), header on row 1, encoding cp1251, headers ru',
    );
    expect(run.stdout).toMatch(/^\s*5\s+rejected\s+—\s+Дата рождения: '31\.02\.1990' is not a date$/m);
    const clients = await listed(db, 'client', 'list');
    expect(clients.map((c: { name: string; phone: string }) => [c.name, c.phone])).toEqual([
      ['Мария Петровна Иванова', '+79123456789'],
      ['Сергей Петров', '+79161234567'],
      ['Елена Смирнова', '+79031234567'],
    ]);
  });
});

describe('crm import from a workbook that cannot be read: one line naming the file, exit 1, nothing written', () => {
  it.each([
    ['damaged.xlsx', [], /: cannot be read as Excel workbook: the file is damaged or not what its name says \(/],
    ['password.xlsx', [], /: the workbook is protected by a password: save a copy without one/],
    ['salon-edge.xlsx', ['--sheet', 'Пусто'], /: sheet "Пусто" is empty \(sheets: Справка, Клиенты, Визиты, Пусто;/],
  ])('%s %s', async (name, args, message) => {
    for (const kind of ['clients', 'visits', 'deals']) {
      const db = await freshDb();
      const before = dump(db);
      const run = await runCli(['import', kind, sheet(name), ...args], { db });
      expect(run.code).toBe(1);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr.startsWith(`crm: ${sheet(name)}: `)).toBe(true);
      expect(run.stderr).toMatch(message);
      expect(dump(db)).toBe(before);
    }
  });
});

describe('a workbook whose customers are not on its first sheet', () => {
  it('reads the sheet named for its kind (Покупатели for clients), and, where none is, names the other sheets', async () => {
    const db = tempDbPath();
    const read = await runCli(['import', 'clients', fixture('spreadsheets/shop-sheets.ods')], { db });
    expect(read.code, read.stderr).toBe(0);
    const names = JSON.parse((await runCli(['client', 'list', '--json'], { db })).stdout).map(
      (c: { name: string }) => c.name,
    );
    expect(names).toEqual(['Иванова Анна', 'Петров Олег']);
    // As visits, no sheet is named for them: the first whose header names a field of a visit is read (the summary
    // is passed over), found without the columns of visits, and the others are named.
    const refused = await runCli(['import', 'visits', fixture('spreadsheets/shop-sheets.ods')], { db: tempDbPath() });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/no column for date, amount \(headers: Имя, Телефон\)/);
    expect(refused.stderr).toMatch(/; the workbook's other sheets: Сводка \(choose one with --sheet NAME\)\n$/);
  });
});
