import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { textWidth } from '../../src/render/text-width.js';
import { runCli } from '../cli-harness.js';
import { crmOnTerminal, dump, fixture, screenText, type TerminalStep, tempDbPath, tempDir } from '../helpers.js';

/** What no person should ever see: an internal error or a stack frame. */
const STACK = /internal error|\n\s+at .+:\d+/;

/**
 * What a terminal showed, in pieces: inquirer redraws its lines, so each move of the cursor ends a piece, as a line
 * does; a piece is never wider than the line it was written on.
 */
function screenPieces(output: string): string[] {
  return output
    .replace(/\x1b\[[0-9;?]*[mhl]/g, '')
    .replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b[78]|\r/g, '\n')
    .split('\n')
    .filter((piece) => piece.trim() !== '');
}

let clientsTemplate: Promise<string> | undefined;

/** A database of two clients named Иванова and the region RU: a copy of one the file makes once. */
async function withClients(): Promise<string> {
  clientsTemplate ??= (async () => {
    const db = tempDbPath();
    await runCli(['config', 'set', 'region', 'RU'], { db });
    await runCli(['client', 'add', 'Иванова Мария', '--phone', '+79123456789', '--email', 'maria@example.ru'], { db });
    await runCli(['client', 'add', 'Иванова Ольга', '--phone', '+79161234567'], { db });
    const handle = new Database(db);
    handle.pragma('wal_checkpoint(TRUNCATE)');
    handle.close();
    return db;
  })();
  const db = tempDbPath();
  copyFileSync(await clientsTemplate, db);
  return db;
}

// The tests run at once (up to vitest's maxConcurrency): each has a terminal, a process and a database of its own, and
// most of a session is spent waiting on the typing pauses and the prompts, not on a core. Their runCli calls take
// turns (test/cli-harness.ts).
describe.concurrent.each([80, 100])('every import kind on a %i-column terminal', (columns) => {
  it.each([
    ['clients', 'clients/csv-calc-cp1251.csv'],
    ['clients', 'clients/vcard-android-21-qp.vcf'],
    ['visits', 'visits/visits-calc-ru.csv'],
    ['deals', 'deals/deals-ru.csv'],
    ['nps', 'nps/nps-ru.csv'],
  ])('crm import %s %s ends in its summary, never a stack trace', async (kind, file) => {
    const db = tempDbPath();
    const session = await crmOnTerminal(['import', kind, fixture(file)], db, [], {
      columns,
      env: { LANG: 'ru_RU.UTF-8' },
    });
    const screen = screenText(session.stdout);
    expect(screen).not.toMatch(STACK);
    expect(screen).toMatch(/определено: /);
    expect(session.code, screen).toBe(0);
  });
});

describe.concurrent('prompts answered', () => {
  it('client add asks for each field and adds the client, printing a command that works when pasted', async () => {
    const db = tempDbPath();
    const session = await crmOnTerminal(['client', 'add'], db, [
      { waitFor: /Name:/, type: 'Сидорова Анна\r' },
      { waitFor: /Phone \(empty to skip\):/, type: '+7 912 000-11-22\r' },
      { waitFor: /E-mail \(empty to skip\):/, type: 'anna@example.ru\r' },
      { waitFor: /Source, e\.g\. Instagram/, type: 'Instagram\r' },
    ]);
    expect(screenText(session.stdout)).toContain('added client 1 Сидорова Анна (crm client show 1)');
    expect(session.code).toBe(0);
    const [client] = JSON.parse((await runCli(['client', 'list', '--json'], { db })).stdout);
    expect(client).toMatchObject({ name: 'Сидорова Анна', source: 'Instagram' });
  });

  it('client add says at once that a phone or e-mail is stored already, and takes another', async () => {
    const db = await withClients();
    const session = await crmOnTerminal(['client', 'add'], db, [
      { waitFor: /Name:/, type: 'Петров Иван\r' },
      { waitFor: /Phone \(empty to skip\):/, type: '8 912 345-67-89\r' },
      { waitFor: /already stored as client 1 Иванова Мария \(crm client show 1\)/, type: '\x15+79990001122\r' },
      { waitFor: /E-mail \(empty to skip\):/, type: 'maria@example.ru\r' },
      { waitFor: /E-mail[^\n]*\n[^\n]*already stored as client 1/, type: '\x15\r' },
      { waitFor: /Source, e\.g\. Instagram/, type: '\r' },
    ]);
    expect(screenText(session.stdout)).toContain('added client 3 Петров Иван');
    expect(session.code).toBe(0);
  });

  it.each([
    [
      'ru_RU.UTF-8',
      /Телефон \(пусто/,
      /уже есть: клиент 1 Иванова Мария[^>]*--allow-duplicate/,
      /E-mail \(пусто/,
      /Источник/,
    ],
    [
      'C',
      /Phone \(empty to skip\):/,
      /already stored as client 1 Иванова Мария[^>]*--allow-duplicate/,
      /E-mail \(empty/,
      /Source/,
    ],
  ])(
    'LANG=%s: client add says that Enter again on a stored phone adds it anyway, as --allow-duplicate does',
    async (lang, phone, refused, email, source) => {
      const db = await withClients();
      const session = await crmOnTerminal(
        ['client', 'add'],
        db,
        [
          { waitFor: /(Name|Имя):/, type: 'Федоров Игорь Константинович\r' },
          { waitFor: phone, type: '8 912 345-67-89\r' },
          { waitFor: refused, type: '\r' },
          { waitFor: email, type: '\r' },
          { waitFor: source, type: '\r' },
        ],
        { columns: 80, env: { LANG: lang } },
      );
      expect(session.code, session.stdout).toBe(0);
      // Said at 80 columns with the command whole on a line, as inquirer would have cut it.
      const pieces = screenPieces(session.stdout);
      expect(pieces.some((piece) => piece.includes('--allow-duplicate'))).toBe(true);
      for (const piece of pieces) expect(textWidth(piece), pieces.join('\n')).toBeLessThanOrEqual(80);
      const clients = JSON.parse((await runCli(['client', 'list', '--json'], { db })).stdout) as Array<{
        name: string;
        phones: Array<{ value: string }>;
      }>;
      const added = clients.find((c) => c.name === 'Федоров Игорь Константинович');
      expect(added?.phones.map((p) => p.value)).toEqual(['+79123456789']);
    },
  );

  it('client add --allow-duplicate, asking on a terminal, takes a stored phone at once', async () => {
    const db = await withClients();
    const session = await crmOnTerminal(['client', 'add', '--allow-duplicate'], db, [
      { waitFor: /Name:/, type: 'Федоров Игорь\r' },
      { waitFor: /Phone \(empty to skip\):/, type: '+79123456789\r' },
      { waitFor: /E-mail \(empty to skip\):/, type: '\r' },
      { waitFor: /Source, e\.g\. Instagram/, type: '\r' },
    ]);
    expect(screenText(session.stdout)).not.toMatch(/already stored/);
    expect(screenText(session.stdout)).toContain('added client 3 Федоров Игорь');
  });

  it('client add asks before adding a second client of a stored name; no adds nothing', async () => {
    const db = await withClients();
    const before = dump(db);
    const declined = await crmOnTerminal(['client', 'add'], db, [
      { waitFor: /Name:/, type: 'Иванова Ольга\r' },
      { waitFor: /Client 2 is also called Иванова Ольга\. Add another client of this name\?/, type: 'n\r' },
    ]);
    expect(screenText(declined.stdout)).toContain('nothing added');
    expect(dump(db)).toBe(before);
    const accepted = await crmOnTerminal(['client', 'add'], db, [
      { waitFor: /Name:/, type: 'Иванова Ольга\r' },
      { waitFor: /Add another client of this name\?/, type: 'y\r' },
      { waitFor: /Phone \(empty to skip\):/, type: '+79990001122\r' },
      { waitFor: /E-mail \(empty to skip\):/, type: '\r' },
      { waitFor: /Source, e\.g\. Instagram/, type: '\r' },
    ]);
    expect(screenText(accepted.stdout)).toContain('added client 3 Иванова Ольга');
  });

  it('the visit picker offers what was typed as a new client and creates it with the visit', async () => {
    const db = await withClients();
    const session = await crmOnTerminal(['visit', 'add'], db, [
      { waitFor: /Client \(type part of a name/, type: 'Козлов Пётр' },
      { waitFor: /\+ new client: Козлов Пётр/, type: '\r' },
      { waitFor: /Amount:/, type: '1500\r' },
      { waitFor: /Service \(empty to skip\):/, type: 'Стрижка\r' },
    ]);
    expect(screenText(session.stdout)).toContain('visit #1: Козлов Пётр, 2026-11-22, 1\u00a0500,00, Стрижка');
    expect(session.code).toBe(0);
    const clients = JSON.parse((await runCli(['client', 'list', '--json'], { db })).stdout) as Array<{ name: string }>;
    expect(clients.map((c) => c.name)).toEqual(['Иванова Мария', 'Иванова Ольга', 'Козлов Пётр']);
  });

  it('the visit picker still finds a stored client by part of the name', async () => {
    const db = await withClients();
    const session = await crmOnTerminal(['visit', 'add'], db, [
      { waitFor: /Client \(type part of a name/, type: 'Ольга' },
      { waitFor: /❯ Иванова Ольга/, type: '\r' },
      { waitFor: /Amount:/, type: '900\r' },
      { waitFor: /Service \(empty to skip\):/, type: '\r' },
    ]);
    expect(screenText(session.stdout)).toContain('visit #1: Иванова Ольга, 2026-11-22, 900,00');
    expect(JSON.parse((await runCli(['client', 'list', '--json'], { db })).stdout)).toHaveLength(2);
  });
});

describe.concurrent('the ambiguous-client picker at 80 columns, long names and phones', () => {
  const phones = ['8 (912) 345-67-89', '+7 903 555-44-33'];
  it.each([
    ['ru_RU.UTF-8', /Под 'Федоров' подходят/],
    ['C', /Several clients match 'Федоров'/],
  ])('LANG=%s: no phone or name is cut over two lines, in the menu or the answer', async (lang, asked) => {
    const db = tempDbPath();
    await runCli(['client', 'add', 'Федоров Игорь Константинович Очень-Длинная-Фамилия', '--phone', phones[0]!], {
      db,
    });
    await runCli(['client', 'add', 'Федорова Ирина Александровна Двойная-Фамилия-Мужа', '--phone', phones[1]!], { db });
    const session = await crmOnTerminal(
      ['visit', 'add', 'Федоров', '100'],
      db,
      [
        { waitFor: asked, type: '\x1b[B' },
        { waitFor: /❯ 2 Федорова/, type: '\r' },
      ],
      { columns: 80, env: { LANG: lang } },
    );
    expect(session.code, session.stdout).toBe(0);
    const lines = screenPieces(session.stdout);
    for (const line of lines) expect(textWidth(line), line).toBeLessThanOrEqual(80);
    for (const phone of phones) {
      const begun = phone.slice(0, 6);
      const seen = lines.filter((line) => line.includes(begun));
      expect(seen.length, `${phone} in\n${lines.join('\n')}`).toBeGreaterThan(0);
      for (const line of seen) expect(line, lines.join('\n')).toContain(phone);
    }
    // Cut over two lines: in neither piece whole, in the two joined.
    const pieces = lines;
    const whole = [...phones, 'Константинович', 'Очень-Длинная-Фамилия', 'Александровна', 'Двойная-Фамилия-Мужа'];
    for (const [i, piece] of pieces.entries()) {
      const next = pieces[i + 1] ?? '';
      for (const text of whole) {
        const cut = !piece.includes(text) && !next.includes(text) && `${piece}${next.trimStart()}`.includes(text);
        expect(cut, `${text} cut in\n${pieces.join('\n')}`).toBe(false);
      }
    }
    // The answer line names the client picked, the phone whole.
    expect(lines.join('\n')).toMatch(/✔[^❯]*2 Федорова Ирина[^❯]*\+7 903 555-44-33/);
  });
});

describe.concurrent('an error at an 80-column terminal', () => {
  it.each(['ru_RU.UTF-8', 'C'])(
    'LANG=%s: is wrapped at spaces, its commands to paste and its phones whole',
    async (lang) => {
      const db = await withClients();
      const session = await crmOnTerminal(
        ['client', 'add', 'Федоров Игорь Константинович Очень-Длинная-Фамилия', '--phone', '8 (912) 345-67-89'],
        db,
        [],
        { columns: 80, env: { LANG: lang } },
      );
      expect(session.code).toBe(1);
      const lines = screenText(session.stdout).split('\n');
      for (const line of lines) expect(textWidth(line), lines.join('\n')).toBeLessThanOrEqual(80);
      for (const command of ['crm client show 1', 'crm client edit 1']) {
        expect(
          lines.some((line) => line.includes(command)),
          `${command} in\n${lines.join('\n')}`,
        ).toBe(true);
      }
    },
  );
});

/** Each prompt of each command, reached by answering the ones before it, then left with Ctrl-C. */
const PROMPTS: Array<{ command: string[]; before: TerminalStep[]; at: RegExp }> = [
  { command: ['client', 'add'], before: [], at: /Name:/ },
  { command: ['client', 'add'], before: [{ waitFor: /Name:/, type: 'Новая Анна\r' }], at: /Phone \(empty/ },
  {
    command: ['client', 'add'],
    before: [
      { waitFor: /Name:/, type: 'Новая Анна\r' },
      { waitFor: /Phone \(empty/, type: '+79990001122\r' },
    ],
    at: /E-mail \(empty/,
  },
  {
    command: ['client', 'add'],
    before: [
      { waitFor: /Name:/, type: 'Новая Анна\r' },
      { waitFor: /Phone \(empty/, type: '+79990001122\r' },
      { waitFor: /E-mail \(empty/, type: '\r' },
    ],
    at: /Source, e\.g\./,
  },
  { command: ['client', 'add'], before: [{ waitFor: /Name:/, type: 'Иванова Ольга\r' }], at: /Add another client/ },
  { command: ['visit', 'add'], before: [], at: /Client \(type part/ },
  {
    command: ['visit', 'add'],
    before: [
      { waitFor: /Client \(type part/, type: 'Мария' },
      { waitFor: /❯ Иванова Мария/, type: '\r' },
    ],
    at: /Amount:/,
  },
  {
    command: ['visit', 'add'],
    before: [
      { waitFor: /Client \(type part/, type: 'Новый Клиент' },
      { waitFor: /\+ new client: Новый Клиент/, type: '\r' },
      { waitFor: /Amount:/, type: '700\r' },
    ],
    at: /Service \(empty/,
  },
  { command: ['visit', 'add', 'Иванова', '100'], before: [], at: /Several clients match 'Иванова'/ },
  { command: ['deal', 'add'], before: [], at: /Client \(type part/ },
  {
    command: ['deal', 'add', 'Мария'],
    before: [],
    at: /Title:/,
  },
  { command: ['nps', 'add'], before: [], at: /Client \(type part/ },
  { command: ['nps', 'add', 'Мария'], before: [], at: /Score 0-10:/ },
  { command: ['client', 'show', 'Иванова'], before: [], at: /Several clients match/ },
];

describe.concurrent('leaving a prompt', () => {
  it.each(PROMPTS.map((p) => [`${p.command.join(' ')} at ${p.at.source}`, p] as const))(
    'Ctrl-C at %s: one line, exit 130, nothing written',
    async (_, { command, before, at }) => {
      const db = await withClients();
      const stored = dump(db);
      const session = await crmOnTerminal(command, db, [...before, { waitFor: at, type: '\x03' }], { columns: 80 });
      const screen = screenText(session.stdout);
      expect(screen).not.toMatch(STACK);
      expect(screen).toMatch(/crm: cancelled; nothing was written\n?$/);
      expect(session.code).toBe(130);
      expect(dump(db)).toBe(stored);
    },
  );

  it.each([
    ['client add', ['client', 'add'], /Name:/],
    ['visit add', ['visit', 'add'], /Client \(type part/],
    ['nps add Мария', ['nps', 'add', 'Мария'], /Score 0-10:/],
  ])('Ctrl-D at the first prompt of %s: one line, exit 130, nothing written', async (_, command, at) => {
    const db = await withClients();
    const stored = dump(db);
    const session = await crmOnTerminal(command, db, [{ waitFor: at, type: '\x04' }]);
    const screen = screenText(session.stdout);
    expect(screen).not.toMatch(STACK);
    expect(screen).toContain('crm: cancelled; nothing was written');
    expect(session.code).toBe(130);
    expect(dump(db)).toBe(stored);
  });

  it('restore asks on a terminal, and a no changes nothing', async () => {
    const db = await withClients();
    const backup = (await runCli(['backup'], { db })).stdout.trim();
    await runCli(['client', 'add', 'Новая'], { db });
    const before = dump(db);
    const declined = await crmOnTerminal(['restore', backup], db, [
      { waitFor: /Replace the database with the backup\?/, type: 'n\r' },
    ]);
    expect(declined.stdout).toContain('nothing changed');
    expect(dump(db)).toBe(before);
    const accepted = await crmOnTerminal(['restore', backup], db, [
      { waitFor: /Replace the database with the backup\?/, type: 'y\r' },
    ]);
    expect(accepted.code).toBe(0);
    expect(dump(db)).toBe(dump(backup));
  });

  it('client merge says what goes where and asks on a terminal; a no changes nothing, --yes asks nothing', async () => {
    const db = tempDbPath();
    await runCli(['client', 'add', 'Федорова Ирина', '--phone', '+79001110001'], { db });
    await runCli(['client', 'add', 'Федоров Игорь', '--phone', '+79001110001', '--allow-duplicate'], { db });
    const before = dump(db);
    const declined = await crmOnTerminal(['client', 'merge', '1', '2'], db, [{ waitFor: /Merge them\?/, type: 'n\r' }]);
    expect(screenText(declined.stdout)).toContain('#2 Федоров Игорь goes into #1 Федорова Ирина');
    expect(declined.stdout).toContain('nothing changed');
    expect(dump(db)).toBe(before);
    const accepted = await crmOnTerminal(['client', 'merge', '1', '2'], db, [{ waitFor: /Merge them\?/, type: 'y\r' }]);
    expect(accepted.code).toBe(0);
    expect(JSON.parse((await runCli(['client', 'list', '--json'], { db })).stdout)).toHaveLength(1);
    await runCli(['client', 'add', 'Федоров Игорь', '--phone', '+79001110001', '--allow-duplicate'], { db });
    const asked = await crmOnTerminal(['client', 'merge', '1', '2', '--yes'], db, []);
    expect(asked.code).toBe(0);
    expect(asked.stdout).not.toContain('Merge them?');
  });

  it("restore's question: Ctrl-C leaves the database as it was, exit 130", async () => {
    const db = await withClients();
    const backup = join(tempDir(), 'copy.sqlite');
    expect((await runCli(['backup', backup], { db })).code).toBe(0);
    await runCli(['client', 'add', 'После Бэкапа'], { db });
    const stored = dump(db);
    const session = await crmOnTerminal(['restore', backup], db, [
      { waitFor: /Replace the database with the backup\?/, type: '\x03' },
    ]);
    expect(screenText(session.stdout)).toContain('crm: cancelled; nothing was written');
    expect(session.code).toBe(130);
    expect(dump(db)).toBe(stored);
  });
});

describe.concurrent('Ctrl-C outside a prompt', () => {
  it('during a long journal import: one line, exit 130, the cursor shown again, nothing of the import stored', async () => {
    const db = await withClients();
    const journal = join(tempDir(), 'journal.csv');
    // A million rows of 200,000 clients: every new client costs the import, so it runs for seconds after its bar
    // appears, long enough that the key arrives before the commit on a loaded machine too.
    const lines = ['Дата;Клиент;Телефон;Услуга;Сумма'];
    for (let i = 0; i < 1_000_000; i++) {
      const day = String((i % 28) + 1).padStart(2, '0');
      const client = i % 200_000;
      lines.push(`${day}.0${(i % 9) + 1}.2026;Клиент ${client};+7912${String(client).padStart(7, '0')};Стрижка;1 500`);
    }
    writeFileSync(journal, `${lines.join('\n')}\n`);
    const stored = dump(db);
    const session = await crmOnTerminal(['import', 'visits', journal], db, [{ waitFor: /importing \[/, type: '\x03' }]);
    const screen = screenText(session.stdout);
    expect(screen).not.toMatch(STACK);
    // The import's summary would mean the key came after the commit: the test then proves nothing.
    expect(screen).not.toMatch(/batch \d+ \(undo with/);
    expect(screen).toContain('crm: interrupted; nothing unfinished was saved');
    expect(session.stdout).toContain('\x1b[?25h');
    expect(session.code).toBe(130);
    expect(dump(db)).toBe(stored);
  });
});

describe.concurrent('charts on a terminal', () => {
  let demo: Promise<string> | undefined;

  /**
   * The demo's year, in Russian: the widest amounts (`130 100,00`) a small business's report shows. Made once for
   * these tests, which only read it.
   */
  function demoDatabase(): Promise<string> {
    demo ??= (async () => {
      const run = await runCli(['demo', '--keep'], { env: { LANG: 'ru_RU.UTF-8' } });
      expect(run.code, run.stderr).toBe(0);
      return /: (\S+crm\.sqlite)/.exec(run.stderr)![1]!;
    })();
    return demo;
  }

  const COLOUR = /\x1b\[[0-9;]*m/;

  it.each([80, 100])(
    'nothing is wider than a %i-column screen: reports with their charts, who to call, and the demo',
    async (columns) => {
      const db = await demoDatabase();
      const commands = [
        ['report', 'monthly'],
        ['report', 'funnel'],
        ['report', 'nps'],
        ['report', 'cohorts'],
        ['report', 'cohorts', '--counts'],
        // Who to call, detractors among them: phones and dates are never narrowed, so its columns must fit as they are.
        ['due'],
        ['explain', 'churned', '-p', '2026-01-01..2026-11-30'],
        ['demo'],
      ];
      for (const args of commands) {
        const session = await crmOnTerminal(args, db, [], { columns, env: { LANG: 'ru_RU.UTF-8' } });
        const screen = screenText(session.stdout);
        expect(session.code, screen).toBe(0);
        const widest = Math.max(...screen.split('\n').map(textWidth));
        expect(widest, `crm ${args.join(' ')}:\n${screen}`).toBeLessThanOrEqual(columns);
        // Its title is bold on a terminal, and measured by what it shows: one line at 80 columns.
        if (args[0] === 'due') expect(screen.split('\n')[0]).toMatch(/дней\)$/);
      }
      const funnel = screenText((await crmOnTerminal(['report', 'funnel'], db, [], { columns })).stdout);
      expect(funnel).toMatch(/^leads +\d+ +█{20,50}$/m);
      const monthly = screenText((await crmOnTerminal(['report', 'monthly'], db, [], { columns })).stdout);
      expect(monthly).toMatch(/^revenue, ₽ .*[▁▂▃▄▅▆▇█]{12}$/m);
    },
  );

  it('colours the cohorts heat map on a terminal, never with NO_COLOR or FORCE_COLOR=0, and never in a pipe', async () => {
    const db = await demoDatabase();
    const coloured = await crmOnTerminal(['report', 'cohorts'], db, [], { columns: 100 });
    expect(coloured.stdout).toMatch(/\x1b\[(?:48;5;\d+|10[0-7]|4[0-7])m/);
    const plain = screenText(coloured.stdout);
    for (const env of [{ NO_COLOR: '1' }, { FORCE_COLOR: '0' }] as Array<Record<string, string>>) {
      const session = await crmOnTerminal(['report', 'cohorts'], db, [], { columns: 100, env });
      expect(session.stdout).not.toMatch(COLOUR);
      expect(screenText(session.stdout)).toBe(plain);
    }
    const piped = await runCli(['report', 'cohorts'], { db, env: { NO_COLOR: '', FORCE_COLOR: '3' }, columns: 100 });
    expect(piped.stdout).not.toMatch(COLOUR);
  });
});
