import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { builtCli, crm, fixture, tempDbPath, tempDir } from '../helpers.js';

/**
 * What only a process of its own shows, with the built CLI: the exit status the shell sees (test/cli/exit-codes.test.ts
 * has every case, run in-process; here one of each kind goes through bin/crm.js and the process's exit), and what the
 * process takes from its start (the home directory).
 */

describe('the exit status the shell sees', () => {
  it.each([
    ['done', ['--help'], 0],
    ['done, some rows rejected', ['import', 'clients', 'PARTLY'], 0],
    ['failed: an unknown client', ['client', 'show', 'Никто'], 1],
    ['failed: every row rejected', ['import', 'visits', 'BAD'], 1],
    ['usage: an unknown command', ['frobnicate'], 2],
    ['usage: a prompt without a terminal', ['visit', 'add', 'Анна'], 2],
  ])('%s: %j exits %i', (_, args, code) => {
    const dir = tempDir('crm-exit-');
    const db = join(dir, 'crm.sqlite');
    expect(crm(['client', 'add', 'Анна'], { db }).code).toBe(0);
    const partly = join(dir, 'clients.csv');
    writeFileSync(partly, 'ФИО;Дата рождения\nОльга;01.02.1990\nИгорь;31.02.1990\n');
    const bad = join(dir, 'visits.csv');
    writeFileSync(bad, 'Дата;Клиент;Сумма\n32.11.2026;Анна;1500\n');
    const run = crm(
      args.map((arg) => (arg === 'PARTLY' ? partly : arg === 'BAD' ? bad : arg)),
      { db },
    );
    expect(run.code, run.stderr).toBe(code);
    if (code !== 0) expect(run.stderr).toMatch(/^(crm: |error: )/);
  });

  it('a file it cannot read: one line, exit 1', () => {
    const run = crm(['import', 'clients', fixture('hostile/binary-garbage.csv')], { db: tempDbPath() });
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^crm: .*binary data/)]);
  });
});

describe('the database file', () => {
  it('defaults to the per-user data directory of the home the process starts with, created private on first use', () => {
    const home = tempDir();
    const run = crm(['client', 'list'], { env: { HOME: home } });
    expect(run.code).toBe(0);
    const path = join(home, '.local', 'share', 'pocket-crm', 'crm.sqlite');
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});

describe('the libraries the built CLI loads', () => {
  /** A module hook that names, on stderr, each chunk of the bundle the process loads. */
  function chunkLogger(): string {
    const hook = join(tempDir(), 'log-chunks.mjs');
    const load = `export async function load(url, context, next) {
      if (url.includes('/chunks/')) process.stderr.write('loaded ' + url.split('/').pop() + '\\n');
      return next(url, context);
    }`;
    writeFileSync(
      hook,
      `import { register } from 'node:module';\nregister('data:text/javascript,' + encodeURIComponent(${JSON.stringify(load)}));\n`,
    );
    return `--import ${hook}`;
  }

  it('loads the PostgreSQL driver only for a server database: not for --help on a file, nor with --lang', () => {
    const env = { NODE_OPTIONS: chunkLogger() };
    const chunks = join(dirname(builtCli()), '..', 'dist', 'chunks');
    /** Whether a run loaded the chunk that holds pg (the one with its test for Cloudflare Workers). */
    const loadedDriver = (stderr: string) =>
      [...stderr.matchAll(/^loaded (\S+)$/gm)].some(([, name]) =>
        readFileSync(join(chunks, name!), 'utf8').includes('Cloudflare-Workers'),
      );
    const db = tempDbPath();
    expect(crm(['config', 'set', 'language', 'ru'], { db }).code).toBe(0);
    const help = crm(['--help'], { db, env });
    expect(help.stdout).toMatch(/^Использование: crm/);
    expect(loadedDriver(help.stderr)).toBe(false);
    const server = 'postgres://anna@127.0.0.1:9/crm';
    expect(loadedDriver(crm(['--lang', 'en', '--help'], { db: server, env }).stderr)).toBe(false);
    // The check itself: a server database without --lang asks the server, through the driver.
    expect(loadedDriver(crm(['--help'], { db: server, env }).stderr)).toBe(true);
  });

  it('loads SheetJS only to read a workbook: not for --help, not for a CSV file', () => {
    const env = { NODE_OPTIONS: chunkLogger() };
    const db = tempDbPath();
    const xlsxChunk = /^loaded xlsx-\w+\.js$/m;
    expect(crm(['--help'], { env }).stderr).not.toMatch(xlsxChunk);
    const csv = crm(['import', 'visits', fixture('visits/visits-calc-ru.csv')], { db, env });
    expect(csv.code).toBe(0);
    expect(csv.stderr).not.toMatch(xlsxChunk);
    // A journal in a workbook: read whole, the reading thread started for a CSV journal stopped, the process ends.
    const book = crm(['import', 'visits', fixture('spreadsheets/salon-edge.xlsx')], { db, env });
    expect(book.code, book.stderr).toBe(0);
    expect(book.stderr).toMatch(xlsxChunk);
    expect(book.stdout).toContain('detected: Excel workbook, sheet "Визиты", header on row 2, 1 hidden row imported');
  });
});

describe('a journal read in its reading thread, which has no language', () => {
  const header = 'Дата;Клиент;Сумма\n';
  const rows = '01.02.2026;Клиент;100\n'.repeat(30_000);

  it.each([
    ['blank lines only', '\n\n', /: пустой файл$/],
    [
      'an unclosed quote in the header',
      '"Дата;Клиент;Сумма\n01.02.2026;Анна;100\n',
      /: в заголовке не закрыта кавычка \(строка 1\)$/,
    ],
    [
      'a NUL byte far in',
      Buffer.from(`${header}${rows}01.02.2026;\0;100\n`),
      /: двоичные данные \(нулевой байт между байтами \d+ и \d+, после строки \d+\), а не текстовый CSV-файл$/,
    ],
    [
      'Windows-1251 far into UTF-8',
      Buffer.concat([Buffer.from(header + rows), iconv.encode('01.02.2026;Мария;100\n', 'cp1251')]),
      /: недопустимый UTF-8 между байтами \d+ и \d+, после строки \d+: в файле смешаны кодировки; укажите --encoding$/,
    ],
  ])('says why it stops in the person’s language: %s', (_, content, said) => {
    const file = join(tempDir(), 'visits.csv');
    writeFileSync(file, content);
    const run = crm(['import', 'visits', file], { db: tempDbPath(), env: { LANG: 'ru_RU.UTF-8' } });
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(said)]);
    expect(run.stderr.startsWith(`crm: ${file}: `)).toBe(true);
  });

  it('loads no catalogue: its bundle reaches neither language’s words for errors', () => {
    const dist = join(dirname(builtCli()), '..', 'dist');
    const sources = new Set<string>();
    const visited = new Set<string>();
    const visit = (file: string) => {
      const map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[] };
      for (const source of map.sources) sources.add(source.replace(/^.*?src\//, 'src/'));
      for (const [, chunk] of readFileSync(file, 'utf8').matchAll(
        /(?:from|import)\s*"(\.\/chunks\/[^"]+|\.\/[^"/]+)"/g,
      )) {
        const path = join(dirname(file), chunk!);
        if (!visited.has(path)) {
          visited.add(path);
          visit(path);
        }
      }
    };
    // The thread's entry, and the row annotation it loads by name.
    visit(join(dist, 'csv-worker.js'));
    visit(join(dist, 'journal-phones.js'));
    expect([...sources].filter((source) => source.startsWith('src/importers/csv/'))).toContain(
      'src/importers/csv/stream.ts',
    );
    expect([...sources].filter((source) => /^src\/i18n\/(ru\/|en\/(index|errors))/.test(source))).toEqual([]);
  });
});
