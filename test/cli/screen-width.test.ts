/**
 * What a person sees on a terminal of 80 and 100 columns, in Russian and in English: no line wider than the screen,
 * and no word of her data cut in two (a deal's title, a source, a client's name), on the demo's year, which holds
 * deals at every stage, every source and a year of visits. The widest tables are the period reports split by month
 * and the deal lists of `crm explain`: too wide for any screen whole, they are shown in parts.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textWidth } from '../../src/render/text-width.js';
import { runCli } from '../cli-harness.js';
import { fixture, tempDbPath, tempDir } from '../helpers.js';

const COMMANDS = [
  ['report', 'arpu', '-p', '2026', '--monthly'],
  ['report', 'arpu', '--by', 'service', '-p', '2026'],
  ['report', 'repeat', '-p', '2026', '--monthly'],
  ['report', 'churn', '-p', '2026', '--monthly'],
  ['report', 'funnel', '--by', 'source'],
  ['report', 'funnel', '-p', '2026', '--monthly'],
  ['report', 'nps', '-p', '2026', '--monthly'],
  ['report', 'rfm', '--clients'],
  ['explain', 'leads', '-p', '2026'],
  ['explain', 'won', '-p', '2026'],
  ['explain', 'lost', '-p', '2026'],
  ['explain', 'open'],
  ['deal', 'list'],
  ['client', 'list'],
];

let db: string;
/** Between the words of a line: spaces and the punctuation a word is shown beside. */
const WORD_BREAK = /[\s,:;()]+/;

beforeAll(async () => {
  const run = await runCli(['demo', '--keep'], { env: { LANG: 'ru_RU.UTF-8' } });
  expect(run.code, run.stderr).toBe(0);
  db = /: (\S+crm\.sqlite)/.exec(run.stderr)![1]!;
});

afterAll(() => rmSync(dirname(db), { recursive: true, force: true }));

/** Every word of the deals' titles, sources and clients' names: what must never be cut in two. */
async function wordsOfTheData(): Promise<string[]> {
  const deals = JSON.parse((await runCli(['deal', 'list', '--json'], { db })).stdout) as Array<{
    title: string;
    source: string | null;
  }>;
  const words = deals.flatMap((deal) => `${deal.title} ${deal.source ?? ''}`.split(WORD_BREAK));
  return [...new Set(words.filter((word) => word.length > 3))];
}

describe.each([
  ['ru_RU.UTF-8', 80],
  ['ru_RU.UTF-8', 100],
  ['C', 80],
])('LANG=%s, %i columns', (lang, columns) => {
  it.each(COMMANDS.map((args) => [args.join(' '), args] as const))(
    'crm %s fits the screen and cuts no word',
    async (_, args) => {
      const run = await runCli(args, { db, columns, env: { LANG: lang } });
      expect(run.code, run.stderr).toBe(0);
      const lines = run.stdout.split('\n');
      const widest = Math.max(...lines.map(textWidth));
      expect(widest, run.stdout).toBeLessThanOrEqual(columns);
      if (args[0] === 'explain' || args[0] === 'deal') {
        const shown = new Set(run.stdout.split(WORD_BREAK));
        const listed = JSON.parse((await runCli([...args, '--json'], { db })).stdout);
        const titles = JSON.stringify(listed);
        for (const word of await wordsOfTheData()) {
          if (titles.includes(word)) expect(shown.has(word), `${word} in\n${run.stdout}`).toBe(true);
        }
      }
    },
  );
});

describe('who to call today, on an 80-column screen in Russian', () => {
  it('is one table, every service whole: a call list read across, not in parts', async () => {
    const run = await runCli(['due'], { db, columns: 80, env: { LANG: 'ru_RU.UTF-8' } });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.match(/^─/gm), run.stdout).toHaveLength(1);
    const listed = JSON.parse((await runCli(['due', '--json'], { db })).stdout) as {
      clients: Array<{ usual_service: string | null }>;
    };
    const shown = new Set(run.stdout.split(WORD_BREAK));
    for (const { usual_service } of listed.clients) {
      for (const word of (usual_service ?? '').split(WORD_BREAK).filter(Boolean)) {
        expect(shown.has(word), `${word} in\n${run.stdout}`).toBe(true);
      }
    }
  });
});

describe('an import of a journal, row by row, on an 80-column screen in Russian', () => {
  it('never splits an amount across lines: its groups are joined by a no-break space', async () => {
    const run = await runCli(['import', 'visits', fixture('visits/visits-calc-ru.csv'), '--dry-run'], {
      db,
      columns: 80,
      env: { LANG: 'ru_RU.UTF-8' },
    });
    expect(run.code, run.stderr).toBe(0);
    for (const line of run.stdout.split('\n')) expect(textWidth(line)).toBeLessThanOrEqual(80);
    // `2 200,00` cut after its 2 left `200,00` to begin a line.
    expect(run.stdout).not.toMatch(/^ +\d{3},\d\d$/m);
    expect(run.stdout).toContain('2\u00a0200,00');
  });
});

describe('a command a person is told to paste, at 60, 80 and 100 columns, in Russian and English', () => {
  let duplicates: string;
  beforeAll(async () => {
    // Two-digit ids and a client with a phone on each side, as a real client list leaves them.
    duplicates = tempDbPath();
    const dir = tempDir();
    const names = Array.from({ length: 70 }, (_, i) => `Клиентова${i} Анна;+7 926 555-${String(i).padStart(4, '0')}`);
    writeFileSync(join(dir, 'clients.csv'), `ФИО;Телефон\n${names.join('\n')}\nГолубев Михаил;+7(975)291-70-34\n`);
    writeFileSync(join(dir, 'more.csv'), 'ФИО;Телефон\nМихаил Голубев;+7 926 555-44-33\n');
    for (const file of ['clients.csv', 'more.csv']) {
      const run = await runCli(['import', 'clients', join(dir, file)], { db: duplicates });
      expect(run.code, run.stderr).toBe(0);
    }
  });

  describe.each(['ru_RU.UTF-8', 'C'])('LANG=%s', (lang) => {
    it.each([60, 80, 100])(
      'crm client merge at %i columns shows each merge command whole on one line',
      async (columns) => {
        const run = await runCli(['client', 'merge'], { db: duplicates, columns, env: { LANG: lang } });
        expect(run.code, run.stderr).toBe(0);
        for (const line of run.stdout.split('\n')) expect(textWidth(line), run.stdout).toBeLessThanOrEqual(columns);
        const pairs = JSON.parse((await runCli(['client', 'merge', '--json'], { db: duplicates })).stdout) as Array<{
          client_id: number;
          other_id: number;
        }>;
        expect(pairs.length).toBeGreaterThan(0);
        for (const pair of pairs) {
          const command = `crm client merge ${pair.other_id} ${pair.client_id}`;
          expect(
            run.stdout.split('\n').some((line) => line.includes(command)),
            `${command} in\n${run.stdout}`,
          ).toBe(true);
        }
      },
    );
  });
});

describe('phones in several spellings beside long names, at 80 and 100 columns, in Russian and English', () => {
  let db: string;
  const phones = ['8 (912) 345-67-89', '+7 903 555-44-33', '+7 (903) 555 44 33', '+7 903 5554433'];
  beforeAll(async () => {
    db = tempDbPath();
    const file = join(tempDir(), 'clients.csv');
    writeFileSync(
      file,
      [
        'Имя,Телефон',
        `Федорова Ирина Александровна-Длинноименная,${phones[0]}`,
        `Анастасия Владимировна Петрова-Водкина-Сидорова,${phones[1]}`,
        `Константин Константинопольский-Старший,${phones[0]}`,
        `Анастасия Петрова,${phones[2]}`,
        `Маргарита Петрова,${phones[3]}`,
      ].join('\n'),
    );
    const run = await runCli(['import', 'clients', file], { db });
    expect(run.code, run.stderr).toBe(0);
  });

  describe.each(['ru_RU.UTF-8', 'C'])('LANG=%s', (lang) => {
    it.each([80, 100])('crm client merge at %i columns shows every phone on one line', async (columns) => {
      const run = await runCli(['client', 'merge'], { db, columns, env: { LANG: lang } });
      expect(run.code, run.stderr).toBe(0);
      const lines = run.stdout.split('\n');
      for (const line of lines) expect(textWidth(line), run.stdout).toBeLessThanOrEqual(columns);
      for (const phone of phones) {
        expect(
          lines.some((line) => line.includes(phone)),
          `${phone} in\n${run.stdout}`,
        ).toBe(true);
      }
    });
  });
});
