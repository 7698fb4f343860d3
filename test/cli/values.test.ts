import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-harness.js';
import { ON_POSTGRES } from '../engine-databases.js';
import { dump, tempDbPath } from '../helpers.js';

/** A database with one client, Анна (+79161234567), made by the CLI. */
async function databaseWithAnna(): Promise<string> {
  const db = tempDbPath();
  expect((await runCli(['client', 'add', 'Анна', '--phone', '+79161234567'], { db })).code).toBe(0);
  return db;
}

function expectOneLineRefusal(run: { code: number; stdout: string; stderr: string }, code: number, text: RegExp) {
  expect(run.code).toBe(code);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(text);
}

const REPORTS = ['arpu', 'repeat', 'churn', 'funnel', 'nps', 'cohorts', 'rfm', 'monthly'];

describe('amounts', () => {
  it('an amount over 10^12 is refused by every command that takes one, naming the amount', async () => {
    const db = await databaseWithAnna();
    const before = dump(db);
    for (const args of [
      ['visit', 'add', '1', '1 000 000 000 000,01'],
      ['visit', 'add', '1', '90071992547409.91'],
      ['deal', 'add', '1', '--title', 'big', '--amount', '1000000000001'],
    ]) {
      expectOneLineRefusal(await runCli(args, { db }), 1, /amount '[^']+': too large \(at most 1 000 000 000 000\)/);
    }
    expect(dump(db)).toBe(before);

    expect((await runCli(['visit', 'add', '1', '1000'], { db })).code).toBe(0);
    expect((await runCli(['deal', 'add', '1', '--title', 'big', '--amount', '10'], { db })).code).toBe(0);
    for (const stage of ['qualified', 'deal'])
      expect((await runCli(['deal', 'move', '1', stage], { db })).code).toBe(0);
    const stored = dump(db);
    for (const args of [
      ['visit', 'edit', '1', '--amount', '1000000000000.01'],
      ['deal', 'move', '1', 'won', '--amount', '2000000000000'],
    ]) {
      expectOneLineRefusal(await runCli(args, { db }), 1, /: too large \(at most/);
    }
    expect(dump(db)).toBe(stored);
  });

  it('an import names the line and the field of an amount over the bound, and takes the rest', async () => {
    const db = await databaseWithAnna();
    const file = join(dirname(db), 'visits.csv');
    writeFileSync(file, 'Клиент;Дата;Сумма\nАнна;2026-10-01;1000\nАнна;2026-10-02;1000000000000,01\n');
    const run = await runCli(['import', 'visits', file, '--json'], { db });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.counts).toMatchObject({ created: 1, rejected: 1 });
    expect(report.rows).toEqual([
      expect.objectContaining({
        line: 3,
        action: 'reject',
        details: "Сумма: '1000000000000,01': too large (at most 1 000 000 000 000)",
      }),
    ]);
  });

  it('1,100 visits at the largest amount: the card, the list and every report work, with exact sums', async () => {
    const db = await databaseWithAnna();
    const file = join(dirname(db), 'visits.csv');
    const rows = Array.from({ length: 1100 }, (_, i) => {
      const day = new Date(Date.UTC(2026, 0, 1 + (i % 300))).toISOString().slice(0, 10);
      return `Анна;${day};1 000 000 000 000,00;service ${i}`;
    });
    writeFileSync(file, `Клиент;Дата;Сумма;Услуга\n${rows.join('\n')}\n`);
    expect((await runCli(['import', 'visits', file], { db })).code).toBe(0);

    const card = await runCli(['client', 'show', '1'], { db });
    expect(card.stderr).toBe('');
    expect(card.stdout).toContain('1\u00a0100\u00a0000\u00a0000\u00a0000\u00a0000,00');
    expect((await runCli(['visit', 'list'], { db })).code).toBe(0);
    const arpu = await runCli(['report', 'arpu', '--year', '2026', '--json'], { db });
    expect(arpu.stderr).toBe('');
    // Reports' JSON gives major units.
    expect(JSON.parse(arpu.stdout).revenue).toBe(1_100_000_000_000_000);
    for (const report of REPORTS) {
      const run = await runCli(['report', report, ...(report === 'monthly' ? ['-p', '2026-10'] : ['--year', '2026'])], {
        db,
      });
      expect({ report, code: run.code, stderr: run.stderr }).toEqual({ report, code: 0, stderr: '' });
    }
  });

  // Written into the SQLite file directly; on a server, test/store/postgres-purchases.test.ts sums such amounts.
  it.skipIf(ON_POSTGRES)(
    'amounts stored before the bound, whose sum passes SQLite’s 64-bit integers, still give every report',
    async () => {
      const db = await databaseWithAnna();
      const sqlite = new Database(db);
      const insert = sqlite.prepare("INSERT INTO visits (client_id, date, amount, extra) VALUES (1, ?, ?, '{}')");
      sqlite.transaction(() => {
        for (let i = 0; i < 1100; i++) insert.run(`2026-10-${String(1 + (i % 31)).padStart(2, '0')}`, 2 ** 53 - 1);
      })();
      sqlite.close();
      for (const report of REPORTS) {
        const run = await runCli(['report', report, '-p', '2026-10'], { db });
        expect({ report, code: run.code, stderr: run.stderr }).toEqual({ report, code: 0, stderr: '' });
      }
      expect((await runCli(['client', 'show', '1'], { db })).code).toBe(0);
    },
  );
});

describe('CRM_TODAY', () => {
  it.each(['2026-02-30', '0000-00-00', '0999-12-31', '2026-13-01', 'yesterday', '2026-1-1'])(
    '%s is refused in one line with exit 2, nothing stored',
    async (day) => {
      const db = await databaseWithAnna();
      const before = dump(db);
      for (const args of [
        ['client', 'add', 'Борис'],
        ['visit', 'add', '1', '100'],
        ['report', 'arpu'],
      ]) {
        expectOneLineRefusal(await runCli(args, { db, env: { CRM_TODAY: day } }), 2, /CRM_TODAY='.*' is not a date/);
      }
      expect(dump(db)).toBe(before);
    },
  );

  it('a real day, a leap day included, is used as today', async () => {
    const db = await databaseWithAnna();
    expect((await runCli(['visit', 'add', '1', '100'], { db, env: { CRM_TODAY: '2028-02-29' } })).code).toBe(0);
    expect((await runCli(['visit', 'list', '--json'], { db })).stdout).toContain('2028-02-29');
  });
});

describe('report periods', () => {
  it('a split into more than 1,200 columns is refused at once, exit 2', async () => {
    const db = await databaseWithAnna();
    const started = Date.now();
    for (const [flag, columns] of [
      ['--monthly', 108000],
      ['--quarterly', 36000],
      ['--yearly', 9000],
    ] as const) {
      const run = await runCli(['report', 'arpu', '--from', '1000-01-01', '--to', '9999-12-31', flag], { db });
      expectOneLineRefusal(run, 2, new RegExp(`${flag} over 1000-01-01..9999-12-31 would make ${columns} columns`));
    }
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('the whole range of dates in one column works', async () => {
    const db = await databaseWithAnna();
    expect((await runCli(['visit', 'add', '1', '100'], { db })).code).toBe(0);
    const run = await runCli(['report', 'arpu', '--from', '1000-01-01', '--to', '9999-12-31', '--json'], { db });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).revenue).toBe(100);
  });
});

describe('--map', () => {
  it.each([
    ['__proto__=name', /'__proto__' cannot be used as a column name/],
    ['constructor=phone', /'constructor' cannot be used as a column name/],
    ['Name=', /no field after '=' \(to keep the column as it is, write "Name=extra"\)/],
    ['=name', /no column header before '='/],
    ['Name=__proto__', /unknown field '__proto__' for clients/],
    ['Name=nmae', /unknown field 'nmae' for clients \(valid: .*name.*, or extra\)/],
    ['Name', /--map expects "Header=field"/],
  ])('%s is refused in one line with exit 2, nothing stored', async (map, message) => {
    const db = await databaseWithAnna();
    const file = join(dirname(db), 'clients.csv');
    writeFileSync(file, 'Name;Phone\nБорис;+79160000000\n');
    const before = dump(db);
    expectOneLineRefusal(await runCli(['import', 'clients', file, '--map', map], { db }), 2, message);
    expect(dump(db)).toBe(before);
  });

  it('a journal’s --map is checked against that journal’s fields', async () => {
    const db = await databaseWithAnna();
    const file = join(dirname(db), 'visits.csv');
    writeFileSync(file, 'Клиент;Дата;Сумма\nАнна;2026-10-01;1000\n');
    expectOneLineRefusal(
      await runCli(['import', 'visits', file, '--map', 'Сумма=score'], { db }),
      2,
      /unknown field 'score' for visits/,
    );
    expect((await runCli(['import', 'visits', file, '--map', 'Сумма=amount'], { db })).code).toBe(0);
  });

  it('columns named __proto__, constructor and prototype are kept as extra fields like any other', async () => {
    const db = tempDbPath();
    const file = join(dirname(db), 'clients.csv');
    writeFileSync(file, 'Name;Phone;__proto__;constructor;prototype\nБорис;+79160000000;a;b;c\n');
    expect((await runCli(['import', 'clients', file], { db })).code).toBe(0);
    const shown = JSON.parse((await runCli(['client', 'show', '1', '--json'], { db })).stdout);
    expect(JSON.stringify(shown)).toContain('"extra":{"__proto__":"a","constructor":"b","prototype":"c"}');
    // A client without those columns reads none of them (not the object's own `constructor`).
    expect((await runCli(['client', 'add', 'Вера'], { db })).code).toBe(0);
    const csv = (await runCli(['client', 'list', '--format', 'csv'], { db })).stdout;
    expect(csv).not.toContain('function');
  });
});
