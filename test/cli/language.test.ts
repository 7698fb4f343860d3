/**
 * crm speaks the language chosen once per process: `--lang`, else `crm config set language` (which cron, with no
 * LANG or LANG=C, relies on), else the environment; its help, commander's own errors and its errors are in it.
 */
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { METRIC_NAMES } from '../../src/cli/explain.js';
import { buildProgram } from '../../src/cli/program.js';
import { SETTINGS } from '../../src/domain/config.js';
import { STAGES } from '../../src/domain/deal.js';
import { useLanguage } from '../../src/i18n/index.js';
import { FORMATS } from '../../src/render/types.js';
import { EXPLAIN_METRICS } from '../../src/reports/explain.js';
import { runCli } from '../cli-harness.js';
import { englishWords } from '../english-words.js';
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

  it('say why an amount is none, and why a phone is kept as written, in Russian too', async () => {
    const db = tempDbPath();
    const amount = await runCli(['visit', 'add', 'Анна', 'abc', '--new'], { db, env: RUSSIAN });
    expect(amount).toMatchObject({ code: 1, stderr: "crm: сумма 'abc': не сумма: 'abc'\n" });
    const phone = await runCli(['client', 'add', 'Борис', '--phone', '12345'], { db, env: RUSSIAN });
    expect(phone.stderr).toMatch(/^внимание: телефон '12345' — не номер региона RU; сохранён как написан\n/);
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
