/**
 * What crm prints for people speaks Russian when asked to, on real data: every listing, card, report and explanation
 * as people read it (a terminal table, Markdown, an HTML page) on the demo's year, which holds every kind of record,
 * deals at every stage and every import kind. English is allowed only where it is the user's own data (names,
 * services, sources, notes), what a person types (flags, commands quoted) and the names in test/english-words.ts.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEveryCommand } from '../../src/cli/program.js';
import { SETTINGS } from '../../src/domain/config.js';
import { STAGES } from '../../src/domain/deal.js';
import { useLanguage } from '../../src/i18n/index.js';
import { LANGUAGES } from '../../src/i18n/language.js';
import { EXPLAIN_METRICS } from '../../src/reports/explain.js';
import { runCli } from '../cli-harness.js';
import { englishWords } from '../english-words.js';
import { tempDbPath, tempDir } from '../helpers.js';

/** Wide enough that no cell wraps, so a word of the data is never cut in two. */
const COLUMNS = 1000;

/**
 * What a person types, which a Russian text may quote: flags (`--restore`), the settings' keys and the languages'
 * codes (`crm config set language ru`), and the names of commands, which count only where a text quotes a command
 * (`crm client show 41`): a stage and a kind of import share their words (`deal`, `visits`), and the check must
 * find those.
 */
async function typedWords(): Promise<{ typed: Set<string>; commands: Set<string> }> {
  await useLanguage('en');
  const typed = new Set(['crm', ...Object.keys(SETTINGS), ...LANGUAGES]);
  const commands = new Set<string>();
  const walk = (command: Command) => {
    commands.add(command.name());
    for (const option of command.options)
      for (const flag of option.flags.split(/[ ,|<>[\]]+/)) if (flag.startsWith('-')) typed.add(flag);
    command.commands.forEach(walk);
  };
  walk(await buildEveryCommand());
  return { typed, commands };
}

/** The user's own words in a listing's JSON: the values of the fields named, and every key and value of `extra`. */
function dataTexts(records: unknown, fields: readonly string[]): string[] {
  return (records as Array<Record<string, unknown>>)
    .flatMap((record) => [
      ...fields.flatMap((field) => [record[field]].flat()),
      ...Object.entries((record.extra ?? {}) as Record<string, unknown>).flat(),
    ])
    .filter((value): value is string => typeof value === 'string');
}

/**
 * English words of a run's output outside `allowed`, leaving out paths and file names (the user's) and the commands
 * a text quotes (`crm client show 41`), when each of their words is a command's name.
 */
function englishOf(text: string, allowed: Set<string>, commands: Set<string>): string[] {
  const prose = text
    .replace(/\S*\/\S*/g, ' ')
    .replace(/\S+\.(?:csv|tsv|txt|vcf|xlsx|xls|ods|fods|json|md|html|sqlite)\b/g, ' ')
    .replace(/\bcrm((?: [a-z]+)+)/g, (quoted, names: string) =>
      names
        .trim()
        .split(' ')
        .every((name) => commands.has(name))
        ? ' '
        : quoted,
    );
  return englishWords(prose, allowed);
}

/** What a person reads of an HTML page: its text, the charts' titles and descriptions; a table or Markdown as it is. */
function pageText(output: string): string {
  if (!output.startsWith('<!DOCTYPE html>')) return output;
  return output
    .replace(/<style>[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&[a-z]+;|&#\d+;/g, ' ');
}

/** A token as englishWords judges it, without the punctuation around it. */
const bare = (token: string) => token.replace(/^[^\p{L}-]+|[^\p{L}\d]+$/gu, '');

describe('text output in Russian on the demo year', () => {
  let folder: string;
  let db: string;
  const allowed = new Set<string>();
  let commands = new Set<string>();
  const ids = { deals: [] as number[], clients: [] as number[] };

  const run = async (args: string[]) => {
    const result = await runCli(['--lang', 'ru', ...args], { db, columns: COLUMNS });
    expect(result.code, `crm ${args.join(' ')}: ${result.stderr}`).toBe(0);
    return result;
  };
  const json = async (args: string[]) => JSON.parse((await run([...args, '--json'])).stdout) as unknown;

  beforeAll(async () => {
    const words = await typedWords();
    for (const word of words.typed) allowed.add(word);
    commands = words.commands;
    // The demo keeps its database in a folder of its own under TMPDIR: this test's folder, removed afterwards.
    folder = tempDir();
    const demo = await runCli(['--lang', 'ru', 'demo', '--keep'], { env: { TMPDIR: folder } });
    expect(demo.code, demo.stderr).toBe(0);
    db = /: (\S+crm\.sqlite)/.exec(demo.stderr)![1]!;
    // One at a time: runCli lends the process's streams to one command.
    const clients = (await json(['client', 'list', '--archived'])) as Array<{ id: number }>;
    const visits = await json(['visit', 'list']);
    const deals = (await json(['deal', 'list'])) as Array<{ id: number }>;
    const answers = await json(['nps', 'list']);
    const settings = Object.values((await json(['config', 'list'])) as Record<string, string>);
    // English in the data is the user's to keep: each word of a name, source, tag, note, service, title, reason,
    // answer or setting. Codes crm stores (a deal's stage) are not data: they are what the check must find.
    const data = [
      ...dataTexts(clients, ['name', 'source', 'tags', 'note']),
      ...dataTexts(visits, ['service', 'note']),
      ...dataTexts(deals, ['title', 'source', 'reason']),
      ...dataTexts(answers, ['improve', 'liked']),
      ...settings,
    ];
    for (const text of data) {
      for (const token of englishWords(text, new Set())) {
        allowed.add(token);
        allowed.add(bare(token));
      }
    }
    ids.clients = clients.map((client) => client.id);
    ids.deals = deals.map((deal) => deal.id);
  });

  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  const englishIn = (text: string) => englishOf(text, allowed, commands);

  const COMMANDS: string[][] = [
    ['client', 'list'],
    ['client', 'list', '--archived'],
    ['client', 'find', 'Анна'],
    ['client', 'merge'],
    ['visit', 'list'],
    ['deal', 'list'],
    ['deal', 'list', '--open'],
    ['nps', 'list'],
    ['nps', 'list', '--detractors'],
    ['import', 'list'],
    ['import', 'profiles'],
    ['config', 'list'],
    ['report', 'arpu'],
    ['report', 'arpu', '-p', '2026', '--quarterly'],
    ['report', 'arpu', '-p', '2026', '--by', 'source'],
    ['report', 'arpu', '-p', '2026', '--by', 'tag'],
    ['report', 'arpu', '-p', '2026', '--by', 'service'],
    ['report', 'repeat', '-p', '2026', '--monthly'],
    ['report', 'churn'],
    ['report', 'churn', '-p', '2026', '--quarterly', '--transpose'],
    ['report', 'funnel', '-p', '2026'],
    ['report', 'funnel', '-p', '2026', '--by', 'source'],
    ['report', 'nps', '-p', '2026'],
    ['report', 'cohorts'],
    ['report', 'cohorts', '--counts'],
    ['report', 'rfm', '--clients'],
    ['report', 'monthly'],
    ['due'],
    ...EXPLAIN_METRICS.map((metric) => ['explain', metric, '-p', '2026']),
  ];

  it.each(COMMANDS.map((args) => [args.join(' '), args] as const))('%s', async (_, args) => {
    for (const format of [[], ['--format', 'md'], ['--format', 'html']]) {
      const { stdout, stderr } = await run([...args, ...format]);
      expect(englishIn(pageText(stdout) + stderr), format.join(' ') || 'table').toEqual([]);
    }
  });

  it('every client card and every deal card', async () => {
    for (const id of ids.clients) expect(englishIn((await run(['client', 'show', String(id)])).stdout)).toEqual([]);
    for (const id of ids.deals) expect(englishIn((await run(['deal', 'show', String(id)])).stdout)).toEqual([]);
  });

  it('would find English: the same commands in English have words the check does not allow', async () => {
    const english = await runCli(['--lang', 'en', 'deal', 'list'], { db, columns: COLUMNS });
    expect(englishIn(english.stdout)).toEqual(expect.arrayContaining(['created', 'stage']));
  });
});

describe('what crm says of deals and merges in Russian', () => {
  /** What a person types in these runs: flags and the stage tokens `crm deal move` and `--stage` take. */
  let typed: Set<string>;
  let commands: Set<string>;
  beforeAll(async () => {
    const words = await typedWords();
    typed = new Set([...words.typed, ...STAGES]);
    commands = words.commands;
  });
  const english = (text: string) => englishOf(text, typed, commands);
  const inRussian = (args: string[], db: string) => runCli(['--lang', 'ru', ...args], { db, columns: COLUMNS });

  /** A deals file as Calc writes one: Russian headers, `;`, the stage dates. */
  function dealsFile(lines: string[]): string {
    const file = join(tempDir(), 'deals.csv');
    const header = 'Создана;Клиент;Телефон;Название;Сумма;Квалифицирована;Сделка;Выиграна;Проиграна;Нецелевой;Причина';
    writeFileSync(file, `${[header, ...lines].join('\n')}\n`);
    return file;
  }

  it('a move, and the moves it refuses', async () => {
    const db = tempDbPath();
    await runCli(['deal', 'add', 'Анна Белова', '--title', 'Свадьба', '--date', '2026-05-01', '--new'], { db });
    const moved = await inRussian(['deal', 'move', '1', 'qualified', '--date', '2026-05-03'], db);
    expect(moved.stderr).toBe('сделка #1: этап «квалифицирована» с 03.05.2026\n');
    const refused = [
      await inRussian(['deal', 'move', '1', 'lead'], db),
      await inRussian(['deal', 'move', '1', 'deal', '--date', '2026-05-02'], db),
      await inRussian(['deal', 'move', '1', 'lost'], db),
    ];
    expect(refused.map((run) => run.stderr)).toEqual([
      expect.stringMatching(/^crm: сделку #1 нельзя перевести с этапа «квалифицирована» на «лид» \(можно: /),
      expect.stringMatching(/^crm: сделка #1 перешла на этап «квалифицирована» /),
      expect.stringMatching(/^crm: чтобы сделка #1 стала проигранной \(lost\), нужна --reason/),
    ]);
    await runCli(['deal', 'move', '1', 'deal'], { db });
    expect((await runCli(['deal', 'move', '1', 'won', '--amount', '5000'], { db })).code).toBe(0);
    const closed = await inRussian(['deal', 'move', '1', 'lost', '--reason', 'Дорого'], db);
    expect(closed.stderr).toMatch(/\(сделка выиграна и закрыта\)/);
    for (const run of [moved, ...refused, closed]) expect(english(run.stderr)).toEqual([]);
  });

  it('an import of deals: each row’s stage, the moves, the dates that cannot all be true, the stages placed', async () => {
    const db = tempDbPath();
    const first = dealsFile(['12.01.2026;Анна Белова;+7 912 000-00-11;Абонемент;15 000,00;13.01.2026;;;;;']);
    expect((await runCli(['import', 'deals', first], { db })).code).toBe(0);
    const second = dealsFile([
      '12.01.2026;Анна Белова;+7 912 000-00-11;Абонемент;15 000,00;13.01.2026;20.01.2026;25.01.2026;;;',
      '15.01.2026;Борис Орлов;+7 912 000-00-12;Корпоратив;20 000,00;10.01.2026;;;;;',
      '01.02.2026;Вера Котова;+7 912 000-00-13;Свадьба;5 000,00;;;;03.02.2026;03.02.2026;Дорого',
      '03.02.2026;Вера Котова;+7 912 000-00-13;Юбилей;5 000,00;;;06.02.2026;;07.02.2026;',
      '04.02.2026;Вера Котова;+7 912 000-00-13;Спам;;02.02.2026;;;;04.02.2026;',
    ]);
    const moves = await inRussian(['import', 'deals', second, '--dry-run'], db);
    expect(moves.stdout).toContain('12.01.2026 Абонемент → выиграна');
    expect(moves.stdout).toContain('сделка #1 → сделка 20.01.2026, выиграна 25.01.2026');
    expect(moves.stdout).toContain('дата квалификации 10.01.2026 раньше, чем дата создания 15.01.2026');
    expect(moves.stdout).toContain('заполнены и дата проигрыша, и дата отсева');
    expect(moves.stdout).toContain('заполнены и дата выигрыша, и дата отсева');
    expect(moves.stdout).toContain('дата отсева — только у лида, которого не квалифицировали');
    await runCli(['import', 'deals', second], { db });
    const conflict = dealsFile([
      '12.01.2026;Анна Белова;+7 912 000-00-11;Абонемент;15 000,00;13.01.2026;20.01.2026;;26.01.2026;;Дорого',
    ]);
    const conflicting = await inRussian(['import', 'deals', conflict, '--dry-run'], db);
    expect(conflicting.stdout).toContain('в базе сделка на этапе «выиграна» с 25.01.2026; в файле — «проиграна»');
    const named = join(tempDir(), 'stages.csv');
    writeFileSync(named, 'Клиент;Название;Этап;Создана\nГалина Петрова;Окрашивание;Сделка успешна;10.03.2026\n');
    const placed = await inRussian(['import', 'deals', named, '--dry-run'], db);
    expect(placed.stdout).toMatch(/^этапы: 'Сделка успешна' → выиграна \(1 сделка\)$/m);
    // The column names a file's headers are read into are what --map takes: typed words.
    const prose = (run: { stdout: string }) => run.stdout.replace(/^столбцы: [\s\S]*?\n(?=\S)/m, '');
    for (const run of [moves, conflicting, placed]) expect(english(prose(run))).toEqual([]);
    // Programs read the stage as its token, in every language.
    const json = async (language: string) =>
      JSON.parse(
        (await runCli(['--lang', language, 'import', 'deals', conflict, '--dry-run', '--json'], { db })).stdout,
      ).rows;
    expect(await json('ru')).toEqual(await json('en'));
    expect((await json('ru'))[0].record).toBe('2026-01-12 Абонемент → lost');
  });

  it('a merge: the values it keeps aside are named in Russian, and stored under the same key in every language', async () => {
    const db = tempDbPath();
    await runCli(['client', 'add', 'Анна Белова', '--phone', '+79120000011', '--source', 'Сайт'], { db });
    await runCli(['client', 'add', 'Анна Б.', '--phone', '+79120000012', '--source', 'ВКонтакте'], { db });
    const merged = await inRussian(['client', 'merge', '1', '2'], db);
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stderr).toContain('несовпавшее значение сохранено в доп. полях: имя (из #2) = Анна Б.\n');
    expect(merged.stderr).toContain('несовпавшее значение сохранено в доп. полях: источник (из #2) = ВКонтакте\n');
    const card = await inRussian(['client', 'show', '1'], db);
    expect(card.stdout).toMatch(/^имя \(из #2\) +Анна Б\.$/m);
    expect(english(card.stdout + merged.stderr)).toEqual([]);
    const extra = async (language: string) =>
      JSON.parse((await runCli(['--lang', language, 'client', 'show', '1', '--json'], { db })).stdout).extra;
    expect(await extra('ru')).toEqual({ 'name (from #2)': 'Анна Б.', 'source (from #2)': 'ВКонтакте' });
    expect(await extra('en')).toEqual(await extra('ru'));
    const inEnglish = await runCli(['client', 'show', '1'], { db });
    expect(inEnglish.stdout).toMatch(/^name \(from #2\) +Анна Б\.$/m);
  });
});
