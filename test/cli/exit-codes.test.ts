import { copyFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli-harness.js';
import { type CrmRun, dump, fixture, tempDir } from '../helpers.js';

/**
 * The exit codes the README documents: 0 done (an import that rejected some rows included, with a warning naming the
 * rejects file), 1 failed (bad input, unknown client, refused database, an import that rejected every row), 2 usage
 * error (unknown command or option, missing argument, bad option value, a prompt without a terminal).
 */

let seed: string;
let files: Record<'clients' | 'visits' | 'deals' | 'nps', { partly: string; bad: string }>;

beforeAll(async () => {
  const dir = tempDir('crm-exit-');
  seed = join(dir, 'crm.sqlite');
  expect((await runCli(['config', 'set', 'region', 'RU'], { db: seed })).code).toBe(0);
  expect((await runCli(['client', 'add', 'Анна Петрова', '--phone', '+79123456789'], { db: seed })).code).toBe(0);
  const handle = new Database(seed);
  handle.pragma('wal_checkpoint(TRUNCATE)');
  handle.close();
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  files = {
    clients: {
      partly: write(
        'clients.csv',
        'ФИО;Телефон;Дата рождения\nОльга;+79160000001;01.02.1990\nИгорь;+79160000002;31.02.1990\n',
      ),
      bad: write('clients-bad.csv', 'ФИО;Телефон;Дата рождения\nОльга;+79160000001;31.02.1990\n;;\n'),
    },
    visits: {
      partly: write('visits.csv', 'Дата;Клиент;Сумма\n01.11.2026;Анна Петрова;1500\n02.11.2026;Анна Петрова;много\n'),
      bad: write('visits-bad.csv', 'Дата;Клиент;Сумма\n32.11.2026;Анна Петрова;1500\n02.11.2026;Анна Петрова;-5\n'),
    },
    deals: {
      partly: write('deals.csv', 'Создана;Клиент;Сумма\n01.11.2026;Анна Петрова;8500\nвчера;Анна Петрова;100\n'),
      bad: write('deals-bad.csv', 'Создана;Клиент;Сумма\nвчера;Анна Петрова;100\n'),
    },
    nps: {
      partly: write('nps.csv', 'Дата;Клиент;Оценка\n01.11.2026;Анна Петрова;9\n02.11.2026;Анна Петрова;11\n'),
      bad: write('nps-bad.csv', 'Дата;Клиент;Оценка\n01.11.2026;Анна Петрова;10.0\n'),
    },
  };
});

function freshDb(): string {
  const db = join(tempDir('crm-exit-'), 'crm.sqlite');
  copyFileSync(seed, db);
  return db;
}

/** Every failure, whatever its code, is told in words and never as a crash. */
function expectNoCrash(run: CrmRun): void {
  expect(run.stderr).not.toMatch(/internal error|^\s+at .+:\d+:\d+\)?$/m);
}

/** Runs `args` on a fresh copy of the seed; a failing command must leave the database as it was. */
async function exitOf(args: string[]): Promise<CrmRun> {
  const db = freshDb();
  const before = dump(db);
  const run = await runCli(args, { db });
  expectNoCrash(run);
  if (run.code !== 0) expect(dump(db), `${args.join(' ')} failed but wrote`).toBe(before);
  return run;
}

describe('exit 0: done', () => {
  it.each([
    [['--help']],
    [['client', 'list', '--json']],
    [['client', 'add', 'Ольга', '--phone', '+79160000001']],
    [['visit', 'add', 'Анна Петрова', '1 500,50 ₽', '--date', '01.11.2026']],
    [['import', 'clients', fixture('clients/csv-english-comma.csv')]],
    [['report', 'arpu']],
  ])('crm %j', async (args) => {
    expect((await exitOf(args)).code).toBe(0);
  });
});

describe('exit 1: failed, nothing written', () => {
  it.each([
    ['an amount that is not one', ['visit', 'add', 'Анна Петрова', 'abc'], /amount 'abc'/],
    ['a score out of range', ['nps', 'add', 'Анна Петрова', '11'], /score '11'/],
    [
      'a date that does not exist',
      ['visit', 'add', 'Анна Петрова', '100', '--date', '30.02.2026'],
      /date '30\.02\.2026'/,
    ],
    ['an unknown client', ['client', 'show', 'Никто'], /no client matches 'Никто'/],
    ['an unknown import batch', ['import', 'undo', '999'], /no import batch 999/],
    ['a missing file', ['import', 'visits', '/nonexistent/journal.csv'], /journal\.csv: no such file/],
    ['a binary file', ['import', 'clients', fixture('hostile/binary-garbage.csv')], /binary data/],
  ])('%s', async (_, args, message) => {
    const run = await exitOf(args);
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^crm: /)]);
    expect(run.stderr).toMatch(message);
  });

  it('a database it must not use (a text file; see test/store/safety.test.ts for the rest)', async () => {
    const db = join(tempDir(), 'crm.sqlite');
    writeFileSync(db, 'not a database\n'.repeat(100));
    const run = await runCli(['client', 'list'], { db });
    expectNoCrash(run);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^crm: .*not a database or corrupt/);
  });
});

describe('exit 2: usage error, nothing written', () => {
  it.each([
    ['no command', []],
    ['an unknown command', ['frobnicate']],
    ['an unknown option', ['client', 'list', '--bogus']],
    ['a missing argument', ['client', 'show']],
    ['a bad option value (choices)', ['client', 'list', '--format', 'xml']],
    [
      'a bad option value (delimiter)',
      ['import', 'clients', fixture('clients/csv-english-comma.csv'), '--delimiter', ';;'],
    ],
    [
      'a bad option value (--map without =)',
      ['import', 'clients', fixture('clients/csv-english-comma.csv'), '--map', 'x'],
    ],
    ['a bad period', ['report', 'arpu', '-p', 'someday']],
    ['a batch number that is not a number', ['import', 'undo', 'abc']],
    ['a missing amount it would prompt for, without a terminal', ['visit', 'add', 'Анна Петрова']],
  ])('%s', async (_, args) => {
    expect((await exitOf(args)).code).toBe(2);
  });

  it('several clients match where a terminal would ask which one, without a terminal', async () => {
    const db = freshDb();
    expect((await runCli(['client', 'add', 'Анна Смирнова', '--phone', '+79160000002'], { db })).code).toBe(0);
    const before = dump(db);
    for (const args of [
      ['client', 'show', 'Анна'],
      ['visit', 'add', 'Анна', '100'],
    ]) {
      const run = await runCli(args, { db });
      expectNoCrash(run);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(/^crm: .*Анна Петрова.*Анна Смирнова/);
    }
    expect(dump(db)).toBe(before);
  });
});

describe('imports: partial outcomes', () => {
  const KINDS = ['clients', 'visits', 'deals', 'nps'] as const;

  it.each(KINDS)(
    '%s: some rows rejected: exit 0, the good rows land, a warning names the rejects file',
    async (kind) => {
      const db = freshDb();
      const run = await runCli(['import', kind, files[kind].partly], { db });
      expectNoCrash(run);
      expect(run.code, run.stderr).toBe(0);
      const rejects = readdirSync(dirname(db)).filter((name) => name.startsWith('rejects-'));
      expect(rejects).toHaveLength(1);
      expect(run.stdout).toContain(`warning: 1 rejected row written to ${join(dirname(db), rejects[0]!)}`);
    },
  );

  it.each(KINDS)(
    '%s: every row rejected: exit 1, one line naming the first bad line and the rejects file, nothing imported',
    async (kind) => {
      const db = freshDb();
      const before = dump(db);
      const run = await runCli(['import', kind, files[kind].bad], { db });
      expectNoCrash(run);
      expect(run.code).toBe(1);
      expect(run.stderr.trimEnd().split('\n')).toEqual([
        expect.stringMatching(
          /^crm: .*: nothing could be imported: (all \d+ rows were|its one row was) rejected \(first: line 2/,
        ),
      ]);
      expect(dump(db)).toBe(before);
      const rejects = readdirSync(dirname(db)).filter((name) => name.startsWith('rejects-'));
      expect(rejects).toHaveLength(1);
      expect(run.stderr.trimEnd().endsWith(`; every row with its reason: ${join(dirname(db), rejects[0]!)}`)).toBe(
        true,
      );
    },
  );

  it('--dry-run exits as the import would, and writes nothing, not even the rejects file', async () => {
    const db = freshDb();
    const before = dump(db);
    expect((await runCli(['import', 'visits', files.visits.partly, '--dry-run'], { db })).code).toBe(0);
    expect((await runCli(['import', 'nps', files.nps.bad, '--dry-run'], { db })).code).toBe(1);
    expect(dump(db)).toBe(before);
    expect(readdirSync(dirname(db)).filter((name) => name.startsWith('rejects-'))).toEqual([]);
  });

  it('importing the same file again changes nothing and exits 0', async () => {
    const db = freshDb();
    expect((await runCli(['import', 'visits', files.visits.partly], { db })).code).toBe(0);
    const before = dump(db);
    const again = await runCli(['import', 'visits', files.visits.partly], { db });
    expect(again.code).toBe(0);
    expect(dump(db)).toBe(before);
  });
});
