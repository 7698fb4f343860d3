/**
 * crm speaks the language chosen once per process: `--lang`, else `crm config set language` (which cron, with no
 * LANG or LANG=C, relies on), else the environment; its help, commander's own errors and its errors are in it.
 */
import type { Command } from 'commander';
import { describe, expect, it, onTestFinished } from 'vitest';
import { METRIC_NAMES } from '../../src/cli/explain.js';
import { buildProgram } from '../../src/cli/program.js';
import { SETTINGS } from '../../src/domain/config.js';
import { STAGES } from '../../src/domain/deal.js';
import { useLanguage } from '../../src/i18n/index.js';
import { FORMATS } from '../../src/render/types.js';
import { EXPLAIN_METRICS } from '../../src/reports/explain.js';
import { runCli } from '../cli-harness.js';
import { tempDbPath } from '../helpers.js';

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
    expect(run.stderr).toMatch(/^ошибка: у параметра '--lang <язык>' недопустимое значение 'fr'/);
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

describe('commander in Russian', () => {
  const errorOf = async (args: string[]) => (await runCli(args, { db: tempDbPath(), env: RUSSIAN })).stderr;

  it('says an unknown option, with its suggestion', async () => {
    expect(await errorOf(['client', 'list', '--jsno'])).toMatch(
      /^ошибка: неизвестный параметр '--jsno'\n\(Может быть, --json\?\)\n\(справка: добавьте --help\)\n$/,
    );
  });

  it('says an unknown command, with its suggestion', async () => {
    expect(await errorOf(['reprot'])).toMatch(/^ошибка: неизвестная команда 'reprot'\n\(Может быть, report\?\)/);
  });

  it('says a missing argument by its Russian name', async () => {
    expect(await errorOf(['client', 'show'])).toMatch(/^ошибка: не хватает обязательного аргумента 'клиент'/);
  });

  it('says too many arguments and a value out of its choices', async () => {
    expect(await errorOf(['client', 'show', '1', '2'])).toMatch(
      /^ошибка: слишком много аргументов для 'show': ожидалось 1, получено 2\./,
    );
    expect(await errorOf(['client', 'list', '--format', 'xml'])).toMatch(
      /^ошибка: у параметра '--format <формат>' недопустимое значение 'xml'\. Допустимые значения: table, json, csv, md, html\./,
    );
    expect(await errorOf(['client', 'list', '--format'])).toMatch(
      /^ошибка: у параметра '--format <формат>' нет значения/,
    );
  });

  it('writes the same errors in English as commander does', async () => {
    const run = await runCli(['client', 'list', '--jsno'], { db: tempDbPath() });
    expect(run.stderr).toBe("error: unknown option '--jsno'\n(Did you mean --json?)\n(add --help for usage)\n");
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
    expect(period.stderr).toMatch(/^crm: -p\/--period: '2026-13' — не период \(пишите 2026-03, 2026Q1/);
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

/** Names that stay as they are in Russian text: metrics, formats, programs, variables. */
const ALLOWED = new Set(
  [
    'ARPU',
    'NPS',
    'RFM',
    'CSV',
    'TSV',
    'JSON',
    'vCard',
    'CRM',
    'ID',
    'e-mail',
    'BOM',
    'SQLite',
    'pocket-crm',
    'pocket',
    'cron',
    'iconv-lite',
    'Calc',
    'Excel',
    'Google',
    'Outlook',
    'utf8',
    'cp1251',
    'utf16le',
    'sqlite',
    'vcf',
    'extra',
    'LANGUAGE',
    'LANG',
    'ods',
    'fods',
    'xlsx',
    'xls',
    'html',
    'htm',
    'txt',
    'md',
    'markdown',
    'PostgreSQL',
    'postgres',
    'Bitrix24',
    'amoCRM',
    'crm_owner',
    'crm_user',
    'crm_reports',
    'SQL',
  ].map((word) => word.toLowerCase()),
);

/** The English words of a help text, leaving out what a person types and the names above. */
function englishWords(text: string, typed: Set<string>): string[] {
  const found: string[] = [];
  // Quoted text is a value to type ('tab', "Header=extra"); $VARIABLES and VARIABLE_NAMES are the environment's.
  const prose = text.replace(/'[^']*'|"[^"]*"/g, ' ').replace(/\$?\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b|\$[A-Z_]+/g, ' ');
  for (const token of prose.split(/[\s,;()[\]<>:/.…=]+/)) {
    if (!/[A-Za-z]{2,}/.test(token)) continue;
    const bare = token.replace(/^[^\p{L}-]+|[^\p{L}\d]+$/gu, '');
    if (typed.has(bare) || typed.has(token) || ALLOWED.has(bare.toLowerCase())) continue;
    // A name of parts (pocket-crm-export-ГГГГММДД, CSV-файл, at_start): each part is Russian or allowed.
    const parts = bare.split(/[-_]/).filter((part) => /[A-Za-z]/.test(part));
    if (parts.every((part) => typed.has(part) || ALLOWED.has(part.toLowerCase()))) continue;
    found.push(token);
  }
  return found;
}

/** Every command as its words: `[]` for crm itself, `['client', 'add']`. */
function commandPaths(command: Command, path: string[] = []): string[][] {
  return [path, ...command.commands.flatMap((sub) => commandPaths(sub, [...path, sub.name()]))];
}

describe('help', async () => {
  await useLanguage('en');
  const program = buildProgram();
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
    },
  );

  it.each(paths.map((path) => [path.join(' ') || 'crm', path] as const))(
    '%s --help in English has no Cyrillic',
    async (_, path) => {
      const run = await runCli([...path, '--help'], { db: tempDbPath(), env: { LANG: 'C.UTF-8' } });
      expect(run.stdout).toMatch(/^Usage: crm/);
      expect(run.stdout).not.toMatch(CYRILLIC);
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
