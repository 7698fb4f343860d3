/**
 * crm speaks the language chosen once per process: `--lang`, else `crm config set language` (which cron, with no
 * LANG or LANG=C, relies on), else the environment; its help, commander's own errors and its errors are in it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Command } from 'commander';
import { describe, expect, it, onTestFinished } from 'vitest';
import { METRIC_NAMES } from '../../src/cli/explain.js';
import { buildEveryCommand } from '../../src/cli/program.js';
import { SETTINGS } from '../../src/domain/config.js';
import { STAGES } from '../../src/domain/deal.js';
import { useLanguage } from '../../src/i18n/index.js';
import { textWidth } from '../../src/render/text-width.js';
import { FORMATS } from '../../src/render/types.js';
import { EXPLAIN_METRICS } from '../../src/reports/explain.js';
import { runCli } from '../cli-harness.js';
import { englishWords } from '../english-words.js';
import { tempDbPath, tempDir } from '../helpers.js';

const RUSSIAN = { LANG: 'ru_RU.UTF-8' };
const CYRILLIC = /[А-Яа-яЁё]/;

describe('the language of a run', () => {
  it('follows LANG when nothing else is said', async () => {
    const db = tempDbPath();
    expect((await runCli(['config', 'list'], { db, env: RUSSIAN })).stdout).toMatch(/значение/);
    expect((await runCli(['config', 'list'], { db, env: { LANG: 'C' } })).stdout).toMatch(/value/);
  });

  it('is the configured one under LANG=C or no LANG at all, as cron runs', async () => {
    const db = tempDbPath();
    expect((await runCli(['config', 'set', 'language', 'ru'], { db })).code).toBe(0);
    const underC = await runCli(['--help'], { db, env: { LANG: 'C' } });
    expect(underC.stdout).toMatch(/^Использование: crm/);
    const noLang = await runCli(['config', 'get', 'nothing-such'], { db, env: { LANG: '' } });
    expect(noLang.stderr).toMatch(CYRILLIC);
  });

  it('writes dates as Russian does when it speaks Russian with no time locale named, as cron runs', async () => {
    const db = tempDbPath();
    await runCli(['config', 'set', 'language', 'ru'], { db });
    const added = await runCli(['visit', 'add', 'Анна', '1500', '--date', '2026-05-17', '--new'], {
      db,
      env: { LANG: '' },
    });
    expect(added.stderr).toMatch(/^визит #1: Анна, 17\.05\.2026, /);
  });

  it('is --lang before the configured language and the environment', async () => {
    const db = tempDbPath();
    await runCli(['config', 'set', 'language', 'ru'], { db });
    expect((await runCli(['--lang', 'en', '--help'], { db, env: RUSSIAN })).stdout).toMatch(/^Usage: crm/);
    expect((await runCli(['--help', '--lang=en'], { db })).stdout).toMatch(/^Usage: crm/);
    expect((await runCli(['--lang', 'ru', 'config', 'list'], { db: tempDbPath() })).stdout).toMatch(/значение/);
  });

  it('refuses a language it does not speak, in the language it speaks', async () => {
    const run = await runCli(['--lang', 'fr', 'config', 'list'], { db: tempDbPath(), env: RUSSIAN });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^crm: у параметра '--lang <язык>' недопустимое значение 'fr'/);
    const stored = await runCli(['config', 'set', 'language', 'fr'], { db: tempDbPath() });
    expect(stored.code).toBe(1);
    expect(stored.stderr).toMatch(/language 'fr' is not one crm speaks \(known: en, ru\)/);
  });

  it('is not taken from a database that is not there, nor written to one', async () => {
    const db = tempDbPath();
    expect((await runCli(['--help'], { db, env: RUSSIAN })).stdout).toMatch(/^Использование/);
    const { existsSync } = await import('node:fs');
    expect(existsSync(db)).toBe(false);
  });
});

describe('what crm config says', () => {
  it('is said in the person’s language by every subcommand, the key and value as typed', async () => {
    const db = tempDbPath();
    const said = async (args: string[], env: Record<string, string>) => {
      const run = await runCli(['config', ...args], { db, env });
      return `${run.stdout}${run.stderr}`;
    };
    const runs = [
      ['set', 'region', 'RU'],
      ['get', 'region'],
      ['list'],
      ['unset', 'region'],
      ['unset', 'region'],
      ['get', 'region'],
    ];
    for (const args of runs) {
      const russian = await said(args, RUSSIAN);
      const english = await said(args, { LANG: 'C' });
      if (args[0] === 'get' && !/не задана/.test(russian)) {
        // The value alone, for scripts: the same in every language.
        expect(russian).toBe(english);
        continue;
      }
      expect(russian, `crm config ${args.join(' ')}`).toMatch(CYRILLIC);
      expect(english, `crm config ${args.join(' ')}`).not.toBe(russian);
      if (args[0] === 'set') {
        expect(russian).toContain('region');
        expect(russian).toContain('RU');
      }
    }
  });
});

describe('commander in Russian', () => {
  const errorOf = async (args: string[]) => (await runCli(args, { db: tempDbPath(), env: RUSSIAN })).stderr;

  it('says an unknown option, with its suggestion', async () => {
    expect(await errorOf(['client', 'list', '--jsno'])).toMatch(
      /^crm: неизвестный параметр '--jsno' \(может быть, --json\?\); справка: добавьте --help\n$/,
    );
  });

  it('says an unknown command, with its suggestion', async () => {
    expect(await errorOf(['reprot'])).toMatch(
      /^crm: неизвестная команда 'reprot' \(может быть, report\?\); справка: добавьте --help\n$/,
    );
  });

  it('says a missing argument by its Russian name', async () => {
    expect(await errorOf(['client', 'show'])).toMatch(/^crm: не хватает обязательного аргумента 'клиент'/);
  });

  it('says too many arguments and a value out of its choices', async () => {
    expect(await errorOf(['client', 'show', '1', '2'])).toMatch(
      /^crm: слишком много аргументов для 'show': ожидалось 1, получено 2; справка/,
    );
    expect(await errorOf(['client', 'list', '--format', 'xml'])).toMatch(
      /^crm: у параметра '--format <формат>' недопустимое значение 'xml', допустимые: table, json, csv, md, html;/,
    );
    expect(await errorOf(['client', 'list', '--format'])).toMatch(/^crm: у параметра '--format <формат>' нет значения/);
  });

  it('writes the same errors in English, each one crm: line as every other error', async () => {
    const run = await runCli(['client', 'list', '--jsno'], { db: tempDbPath() });
    expect(run.stderr).toBe("crm: unknown option '--jsno' (did you mean --json?); add --help for usage\n");
  });
});

describe('errors in Russian', () => {
  it('name the value, the file and the way out, with the exit code of their kind', async () => {
    const db = tempDbPath();
    const missing = await runCli(['client', 'show', '#99'], { db, env: RUSSIAN });
    expect(missing).toMatchObject({ code: 1, stderr: 'crm: клиента 99 нет (список — crm client list)\n' });
    const date = await runCli(['visit', 'add', 'Анна', '1500', '--date', '31.02.2026', '--new'], { db, env: RUSSIAN });
    expect(date.stderr).toBe("crm: '31.02.2026' — не дата (пишите дд.мм.гггг, гггг-мм-дд, сегодня или вчера)\n");
    const file = await runCli(['import', 'visits', '/nonexistent/visits.csv'], { db, env: RUSSIAN });
    expect(file).toMatchObject({ code: 1, stderr: 'crm: /nonexistent/visits.csv: нет такого файла\n' });
    const period = await runCli(['report', 'arpu', '-p', '2026-13'], { db, env: RUSSIAN });
    expect(period.code).toBe(2);
    expect(period.stderr).toMatch(/^crm: -p\/--period: '2026-13' — не период \(пишите 03.2026, 2026Q1/);
  });

  it('say why an amount is none, and why a phone is kept as written, in Russian too', async () => {
    const db = tempDbPath();
    const amount = await runCli(['visit', 'add', 'Анна', 'abc', '--new'], { db, env: RUSSIAN });
    expect(amount).toMatchObject({
      code: 1,
      stderr: "crm: сумма 'abc': не сумма (пишите, например, 1500 или 1 500,50)\n",
    });
    const phone = await runCli(['client', 'add', 'Борис', '--phone', '12345'], { db, env: RUSSIAN });
    expect(phone.stderr).toMatch(/^внимание: телефон '12345' — не номер региона RU; сохранён как написан$/m);
  });

  it('are the same errors in English', async () => {
    const run = await runCli(['client', 'show', '#99'], { db: tempDbPath() });
    expect(run.stderr).toBe('crm: no client 99 (crm client list shows them)\n');
  });
});

/** Every command's words as a person types them: names, flags, the values options and arguments take. */
function typedWords(program: Command): Set<string> {
  const words = new Set<string>();
  const walk = (command: Command) => {
    words.add(command.name());
    // Help lists a command with its aliases as one term: `rm|delete`.
    for (const alias of command.aliases()) words.add(alias).add(`${command.name()}|${alias}`);
    for (const option of command.options) {
      for (const flag of option.flags.split(/[ ,|<>[\]]+/)) if (flag.startsWith('-')) words.add(flag);
      for (const choice of option.argChoices ?? []) words.add(choice);
    }
    for (const argument of command.registeredArguments)
      for (const choice of argument.argChoices ?? []) words.add(choice);
    command.commands.forEach(walk);
  };
  walk(program);
  return words;
}

/** Every command as its words: `[]` for crm itself, `['client', 'add']`. */
function commandPaths(command: Command, path: string[] = []): string[][] {
  return [path, ...command.commands.flatMap((sub) => commandPaths(sub, [...path, sub.name()]))];
}

/** What a person types anywhere in crm, which a Russian text may quote as it is. */
async function typedVocabulary(): Promise<{ program: Command; typed: Set<string> }> {
  await useLanguage('en');
  const program = await buildEveryCommand();
  const typed = new Set([
    ...typedWords(program),
    ...STAGES,
    ...EXPLAIN_METRICS,
    ...Object.keys(SETTINGS),
    ...FORMATS,
    'help',
    'crm',
    '-h',
    '--help',
    '-V',
    '--version',
  ]);
  return { program, typed };
}

describe('help', async () => {
  const { program, typed } = await typedVocabulary();
  const paths = commandPaths(program);

  it('knows every command there is', () => {
    expect(paths.length).toBeGreaterThan(40);
  });

  it.each(paths.map((path) => [path.join(' ') || 'crm', path] as const))(
    '%s --help in Russian has no English words',
    async (_, path) => {
      const run = await runCli([...path, '--help'], { db: tempDbPath(), env: RUSSIAN });
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Использование: crm/);
      expect(englishWords(run.stdout, typed)).toEqual([]);
      expect(Math.max(...run.stdout.split('\n').map(textWidth)), run.stdout).toBeLessThanOrEqual(80);
    },
  );

  it.each(paths.map((path) => [path.join(' ') || 'crm', path] as const))(
    '%s --help in English has no Cyrillic',
    async (_, path) => {
      const run = await runCli([...path, '--help'], { db: tempDbPath(), env: { LANG: 'C.UTF-8' } });
      expect(run.stdout).toMatch(/^Usage: crm/);
      expect(run.stdout).not.toMatch(CYRILLIC);
      expect(Math.max(...run.stdout.split('\n').map(textWidth)), run.stdout).toBeLessThanOrEqual(80);
    },
  );

  it('would find English: the words of the English help are not all typed words', async () => {
    const run = await runCli(['client', 'add', '--help'], { db: tempDbPath(), env: { LANG: 'C.UTF-8' } });
    expect(englishWords(run.stdout, typed)).toEqual(expect.arrayContaining(['Usage', 'full', 'name', 'repeatable']));
  });

  it('lists in crm explain what crm explain takes', () => {
    expect(METRIC_NAMES).toBe(EXPLAIN_METRICS.join(', '));
  });
});

/** A SQLite file made by hand: another program's, or crm's as a newer crm left it. */
function sqliteFile(path: string, sql: string): string {
  const db = new Database(path);
  db.exec(sql);
  db.close();
  return path;
}

async function storedDatabase(): Promise<string> {
  const db = tempDbPath();
  await runCli(['client', 'add', 'Анна', '--phone', '+79161234567'], { db });
  return db;
}

async function newerDatabase(): Promise<string> {
  return sqliteFile(await storedDatabase(), "INSERT INTO schema_migrations VALUES (99, 'future', '2030-01-01')");
}

/** A refusal of the database or of where crm was told to write, set up, run, and what it must say. */
interface Refusal {
  db: string;
  args: string[];
  says: RegExp;
}

const refusals: Array<[string, () => Promise<Refusal>]> = [
  ['a folder named as the database', async () => ({ db: tempDir(), args: ['client', 'list'], says: /это папка/ })],
  [
    'a file that is not a database',
    async () => {
      const db = tempDbPath();
      writeFileSync(db, 'Имя;Телефон\n'.repeat(200));
      return { db, args: ['client', 'list'], says: /не база данных или она повреждена \(файл — не база данных\)/ };
    },
  ],
  [
    "another program's SQLite database",
    async () => ({
      db: sqliteFile(tempDbPath(), 'CREATE TABLE notes (text TEXT)'),
      args: ['client', 'list'],
      says: /это база SQLite другой программы \(объектов схемы: 1, ни один не принадлежит crm\); crm не будет её менять/,
    }),
  ],
  [
    "a newer crm's database",
    async () => ({
      db: await newerDatabase(),
      args: ['client', 'list'],
      says: /записана более новой версией pocket-crm \(схема 99, эта версия знает до \d+\); обновите crm/,
    }),
  ],
  [
    'a report before anything is stored',
    async () => ({ db: tempDbPath(), args: ['report', 'arpu'], says: /здесь ещё нет базы данных/ }),
  ],
  [
    'another kind of server',
    async () => ({
      db: 'mysql://anna:secret@db.example.com/crm',
      args: ['client', 'list'],
      says: /похоже на адрес сервера/,
    }),
  ],
  [
    'an undo of an import that is not there',
    async () => ({
      db: await storedDatabase(),
      args: ['import', 'undo', '7'],
      says: /импорта 7 нет \(список — crm import list\)/,
    }),
  ],
  [
    'an undo named by no number',
    async () => ({ db: tempDbPath(), args: ['import', 'undo', 'x'], says: /ИМПОРТ — целое число, а получено 'x'/ }),
  ],
  [
    'a restore from a file that is not a database',
    async () => {
      const file = join(tempDir(), 'backup.sqlite');
      writeFileSync(file, 'not a database');
      return { db: await storedDatabase(), args: ['restore', file, '--yes'], says: /не база данных SQLite$/m };
    },
  ],
  [
    "a restore from another program's database",
    async () => ({
      db: await storedDatabase(),
      args: ['restore', sqliteFile(join(tempDir(), 'other.sqlite'), 'CREATE TABLE t (x)'), '--yes'],
      says: /база данных SQLite, но не pocket-crm/,
    }),
  ],
  [
    "a restore from a newer crm's database",
    async () => ({
      db: await storedDatabase(),
      args: ['restore', await newerDatabase(), '--yes'],
      says: /этот crm знает до \d+\); сначала обновите crm/,
    }),
  ],
  [
    'a restore from no file',
    async () => ({
      db: await storedDatabase(),
      args: ['restore', join(tempDir(), 'none.sqlite'), '--yes'],
      says: /нет такого файла/,
    }),
  ],
  [
    'a copy onto the database itself',
    async () => {
      const db = await storedDatabase();
      return { db, args: ['db', 'copy', '--to', db], says: /это и есть копируемая база/ };
    },
  ],
  [
    'a copy of no database',
    async () => ({ db: tempDbPath(), args: ['db', 'copy', '--to', tempDbPath()], says: /копировать нечего/ }),
  ],
  [
    'roles asked of a SQLite file',
    async () => ({ db: await storedDatabase(), args: ['init', '--roles'], says: /у файла SQLite нет учётных записей/ }),
  ],
  [
    'a server that does not listen',
    async () => ({
      db: 'postgres://anna:secret@127.0.0.1:1/crm',
      args: ['client', 'list'],
      says: /не удалось подключиться \(в соединении отказано\)/,
    }),
  ],
  [
    'a server address that is not one',
    async () => ({
      db: 'postgres://anna:secret@db.example.com:port/crm',
      args: ['client', 'list'],
      says: /этим адресом нельзя воспользоваться/,
    }),
  ],
  [
    'a stage that is not one',
    async () => {
      const file = join(tempDir(), 'deals.csv');
      writeFileSync(file, 'Клиент;Сделка;Этап\nАнна;Окрашивание;Думает\n');
      return { db: tempDbPath(), args: ['import', 'deals', file, '--stage', 'Думает=maybe'], says: /— не этап/ };
    },
  ],
  [
    '--sheet for a CSV file',
    async () => {
      const file = join(tempDir(), 'clients.csv');
      writeFileSync(file, 'Имя;Телефон\nАнна;+79161234567\n');
      return { db: tempDbPath(), args: ['import', 'clients', file, '--sheet', '2'], says: /нет листов/ };
    },
  ],
  [
    'a workbook asked for as CSV files',
    async () => ({
      db: await storedDatabase(),
      args: ['export', '--format', 'csv', '--out', join(tempDir(), 'crm.xlsx')],
      says: /пишет папку файлов/,
    }),
  ],
];

describe("the database's refusals in Russian", async () => {
  const { typed } = await typedVocabulary();

  it.each(refusals)('%s: one Russian line', async (_, setUp) => {
    const { db, args, says } = await setUp();
    const run = await runCli(args, { db, env: RUSSIAN });
    expect(run.code).toBeGreaterThan(0);
    expect(run.stderr).toMatch(/^crm: [^\n]+\n$/);
    expect(run.stderr).toMatch(says);
    // Paths and addresses are the person's own words.
    expect(englishWords(run.stderr.replace(/\S*\/\S*/g, ' '), typed)).toEqual([]);
  });
});

describe('the language of a server database', () => {
  /** A TCP server that counts the connections it is offered and drops each at once, as a server going down would. */
  async function droppingServer(): Promise<{ address: string; connections: () => number }> {
    const { createServer } = await import('node:net');
    let connections = 0;
    const server = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const { port } = server.address() as { port: number };
    return { address: `postgres://anna@127.0.0.1:${port}/crm`, connections: () => connections };
  }

  it('is not asked of the server when --lang is given', async () => {
    const server = await droppingServer();
    const help = await runCli(['--lang', 'ru', '--help'], { db: server.address, env: { LANG: 'C' } });
    expect(help.stdout).toMatch(/^Использование: crm/);
    expect(server.connections()).toBe(0);
  });

  it('falls back to the environment when the server cannot be asked, and the command says why it failed', async () => {
    const server = await droppingServer();
    const run = await runCli(['client', 'list'], { db: server.address, env: RUSSIAN });
    // Asked once for the language, then once by the command.
    expect(server.connections()).toBe(2);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^crm: postgres:\/\/anna@127\.0\.0\.1:\d+\/crm: [^\n]+\n$/);
    expect((await runCli(['--help'], { db: server.address, env: RUSSIAN })).stdout).toMatch(/^Использование: crm/);
    expect((await runCli(['--help'], { db: server.address, env: { LANG: 'C' } })).stdout).toMatch(/^Usage: crm/);
  });
});
