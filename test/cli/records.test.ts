import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-harness.js';
import { tempDbPath } from '../helpers.js';

async function setup(): Promise<string> {
  const db = tempDbPath();
  await runCli(['config', 'set', 'region', 'RU'], { db });
  await runCli(['client', 'add', 'Иванова Мария', '--phone', '+79123456789'], { db });
  await runCli(['client', 'add', 'Иванова Ольга', '--phone', '+79031112233'], { db });
  return db;
}

const json = async (db: string, args: string[]) => JSON.parse((await runCli([...args, '--json'], { db })).stdout);

describe('crm visit', () => {
  it('adds visits with every amount format, free ones included, and lists them as JSON', async () => {
    const db = await setup();
    expect(
      (await runCli(['visit', 'add', 'Мария', '1500', '--date', '20.11.2026', '--service', 'Стрижка'], { db })).code,
    ).toBe(0);
    expect((await runCli(['visit', 'add', '+7 912 345-67-89', '1 500,50'], { db })).code).toBe(0);
    expect((await runCli(['visit', 'add', '#1', '1500.50 ₽', '--date', 'yesterday'], { db })).code).toBe(0);
    expect((await runCli(['visit', 'add', 'Ольга', '0', '--note', 'консультация'], { db })).code).toBe(0);
    expect(await json(db, ['visit', 'list'])).toEqual([
      {
        id: 1,
        client_id: 1,
        client: 'Иванова Мария',
        date: '2026-11-20',
        amount: 1500,
        service: 'Стрижка',
        note: null,
        extra: {},
      },
      {
        id: 3,
        client_id: 1,
        client: 'Иванова Мария',
        date: '2026-11-21',
        amount: 1500.5,
        service: null,
        note: null,
        extra: {},
      },
      {
        id: 2,
        client_id: 1,
        client: 'Иванова Мария',
        date: '2026-11-22',
        amount: 1500.5,
        service: null,
        note: null,
        extra: {},
      },
      {
        id: 4,
        client_id: 2,
        client: 'Иванова Ольга',
        date: '2026-11-22',
        amount: 0,
        service: null,
        note: 'консультация',
        extra: {},
      },
    ]);
    expect((await json(db, ['visit', 'list', '--client', 'Ольга'])).map((v: { id: number }) => v.id)).toEqual([4]);
    expect((await json(db, ['visit', 'list', '--service', 'стрижка'])).map((v: { id: number }) => v.id)).toEqual([1]);
    expect(
      (await json(db, ['visit', 'list', '--from', '2026-11-21', '--to', '21.11.2026'])).map(
        (v: { id: number }) => v.id,
      ),
    ).toEqual([3]);
    expect((await json(db, ['visit', 'list', '-p', '2026-11'])).length).toBe(4);
  });

  it('says the dates of what it recorded as the locale writes them; the stored date stays ISO', async () => {
    const db = await setup();
    const ru = { LANG: 'ru_RU.UTF-8' };
    expect((await runCli(['visit', 'add', 'Мария', '1500', '--date', '2026-05-17'], { db, env: ru })).stderr).toBe(
      'визит #1: Иванова Мария, 17.05.2026, 1\u00a0500,00\n',
    );
    expect((await runCli(['visit', 'rm', '1'], { db, env: ru })).stderr).toBe('удалён визит #1 от 17.05.2026\n');
    await runCli(['deal', 'add', 'Мария', '--title', 'Свадьба', '--date', '2026-05-01'], { db });
    expect((await runCli(['deal', 'move', '1', 'qualified', '--date', '2026-05-03'], { db, env: ru })).stderr).toBe(
      'сделка #1: этап «квалифицирована» с 03.05.2026\n',
    );
    expect((await runCli(['visit', 'add', 'Мария', '900', '--date', '2026-05-17'], { db })).stderr).toContain(
      ', 2026-05-17,',
    );
    expect((await json(db, ['visit', 'list']))[0].date).toBe('2026-05-17');
  });

  it('refuses a negative or unreadable amount with exit 1 and stores nothing', async () => {
    const db = await setup();
    const negative = await runCli(['visit', 'add', 'Мария', '--', '-100'], { db });
    expect(negative.code).toBe(1);
    expect(negative.stderr).toBe("crm: amount '-100' is negative: record a refund as a note, amounts are 0 or more\n");
    expect((await runCli(['visit', 'add', 'Мария', 'много'], { db })).code).toBe(1);
    expect(await json(db, ['visit', 'list'])).toEqual([]);
  });

  it('fails on an unknown client (1), lists the candidates of an ambiguous one (2), never prompts without a terminal', async () => {
    const db = await setup();
    const unknown = await runCli(['visit', 'add', 'Петров', '100'], { db });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no client matches 'Петров'/);
    const ambiguous = await runCli(['visit', 'add', 'Иванова', '100'], { db });
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain(
      "'Иванова' matches 2 clients: 1 Иванова Мария +79123456789; 2 Иванова Ольга +79031112233; name one by its number, e.g. 1",
    );
    const missing = await runCli(['visit', 'add'], { db });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/needs CLIENT and AMOUNT; prompts only appear on a terminal/);
  });

  it('--new creates the client, and refuses one that exists', async () => {
    const db = await setup();
    expect((await runCli(['visit', 'add', 'Петров Иван', '2000', '--new'], { db })).code).toBe(0);
    expect((await runCli(['visit', 'add', '8 999 111-22-33', '500', '--new'], { db })).code).toBe(0);
    const clients = await json(db, ['client', 'list']);
    expect(clients.map((c: { name: string; phone: string | null }) => [c.name, c.phone])).toEqual([
      ['Иванова Мария', '+79123456789'],
      ['Иванова Ольга', '+79031112233'],
      ['Петров Иван', null],
      ['', '+79991112233'],
    ]);
    const again = await runCli(['visit', 'add', '+7 912 345 67 89', '100', '--new'], { db });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already client 1 Иванова Мария \(same phone\): drop --new/);
  });

  it('edits and removes a visit', async () => {
    const db = await setup();
    await runCli(['visit', 'add', 'Мария', '1500', '--date', '2026-11-20'], { db });
    expect(
      (await runCli(['visit', 'edit', '1', '--amount', '1 800', '--service', 'Укладка', '--client', 'Ольга'], { db }))
        .code,
    ).toBe(0);
    expect((await json(db, ['visit', 'list']))[0]).toMatchObject({ client_id: 2, amount: 1800, service: 'Укладка' });
    expect((await runCli(['visit', 'edit', '9', '--amount', '1'], { db })).code).toBe(1);
    expect((await runCli(['visit', 'rm', '1'], { db })).code).toBe(0);
    expect((await runCli(['visit', 'rm', '1'], { db })).code).toBe(1);
    expect(await json(db, ['visit', 'list'])).toEqual([]);
    // What the help says it does: `crm visit delete` is rm too.
    await runCli(['visit', 'add', 'Ольга', '500', '--date', '2026-05-18'], { db });
    const [added] = await json(db, ['visit', 'list']);
    expect((await runCli(['visit', 'delete', String(added!.id)], { db })).stderr).toMatch(/^removed visit #\d+/);
    expect(await json(db, ['visit', 'list'])).toEqual([]);
  });
});

describe('crm deal', () => {
  it('walks a deal through the pipeline, storing every move with its date', async () => {
    const db = await setup();
    expect(
      (
        await runCli(
          [
            'deal',
            'add',
            'Мария',
            '--title',
            'Свадебная причёска',
            '--amount',
            '8 500',
            '--source',
            'Instagram',
            '--date',
            '01.03.2026',
          ],
          { db },
        )
      ).code,
    ).toBe(0);
    expect((await runCli(['deal', 'move', '1', 'qualified', '--date', '02.03.2026'], { db })).code).toBe(0);
    expect((await runCli(['deal', 'move', '1', 'deal', '--date', '05.03.2026'], { db })).code).toBe(0);
    expect((await runCli(['deal', 'move', '1', 'won', '--date', '10.03.2026', '--amount', '9000'], { db })).code).toBe(
      0,
    );
    expect(await json(db, ['deal', 'show', '1'])).toMatchObject({
      id: 1,
      client_id: 1,
      title: 'Свадебная причёска',
      amount: 9000,
      source: 'Instagram',
      stage: 'won',
      created: '2026-03-01',
      qualified: '2026-03-02',
      deal: '2026-03-05',
      won: '2026-03-10',
      lost: null,
      junk: null,
      days_open: 9,
      history: [
        { stage: 'lead', date: '2026-03-01', reason: null },
        { stage: 'qualified', date: '2026-03-02', reason: null },
        { stage: 'deal', date: '2026-03-05', reason: null },
        { stage: 'won', date: '2026-03-10', reason: null },
      ],
    });
    // A won deal is a purchase on its won date: the client card counts it.
    expect((await json(db, ['client', 'show', '1'])).stats).toMatchObject({ purchases: 1, revenue_this_year: 9000 });
  });

  it('refuses illegal moves with the allowed ones listed, a lost deal without a reason, a won deal without an amount', async () => {
    const db = await setup();
    await runCli(['deal', 'add', 'Мария', '--title', 'Абонемент'], { db });
    const skip = await runCli(['deal', 'move', '1', 'won'], { db });
    expect(skip.code).toBe(1);
    expect(skip.stderr).toBe('crm: deal #1 cannot move from lead to won (allowed: qualified, junk, lost)\n');
    expect((await runCli(['deal', 'move', '1', 'lost'], { db })).stderr).toMatch(/needs --reason/);
    expect((await runCli(['deal', 'move', '1', 'nowhere'], { db })).stderr).toMatch(/unknown stage 'nowhere'/);
    await runCli(['deal', 'move', '1', 'qualified'], { db });
    await runCli(['deal', 'move', '1', 'deal'], { db });
    expect((await runCli(['deal', 'move', '1', 'won'], { db })).stderr).toMatch(
      /has no amount: a won deal is a purchase, give --amount/,
    );
    await runCli(['deal', 'move', '1', 'lost', '--reason', 'Дорого'], { db });
    expect((await runCli(['deal', 'move', '1', 'won', '--amount', '100'], { db })).stderr).toBe(
      'crm: deal #1 cannot move from lost to won (a lost deal is closed)\n',
    );
    expect(await json(db, ['deal', 'show', '1'])).toMatchObject({ stage: 'lost', reason: 'Дорого' });
    expect((await runCli(['deal', 'show', '5'], { db })).code).toBe(1);
    expect((await runCli(['deal', 'add', 'Мария'], { db })).code).toBe(2);
  });

  it('takes the title after the client, as people write it, or as --title', async () => {
    const db = await setup();
    const added = await runCli(['deal', 'add', 'Мария', 'Свадьба', '--amount', '5000'], { db });
    expect(added.code).toBe(0);
    expect(added.stderr).toMatch(/^deal #1 \(lead\): Свадьба, client #1/);
    await runCli(['deal', 'add', 'Ольга', '--title', 'Абонемент'], { db });
    expect((await json(db, ['deal', 'list'])).map((deal: { title: string }) => deal.title)).toEqual([
      'Свадьба',
      'Абонемент',
    ]);
    expect((await json(db, ['deal', 'show', '1'])).amount).toBe(5000);
  });

  it('lists deals by stage and open ones with days open', async () => {
    const db = await setup();
    await runCli(['deal', 'add', 'Мария', '--title', 'A', '--date', '2026-11-01'], { db });
    await runCli(['deal', 'add', 'Ольга', '--title', 'B', '--date', '2026-11-10'], { db });
    await runCli(['deal', 'move', '2', 'junk', '--date', '2026-11-12'], { db });
    expect(
      (await json(db, ['deal', 'list', '--open'])).map((d: { id: number; days_open: number }) => [d.id, d.days_open]),
    ).toEqual([[1, 21]]);
    expect(
      (await json(db, ['deal', 'list', '--stage', 'junk'])).map(
        (d: { id: number; days_open: number; junk: string }) => [d.id, d.days_open, d.junk],
      ),
    ).toEqual([[2, 2, '2026-11-12']]);
  });
});

describe('crm nps', () => {
  it('records answers, flags a detractor at once, and lists detractors', async () => {
    const db = await setup();
    const promoter = await runCli(['nps', 'add', 'Мария', '10', '--liked', 'Мастер'], { db });
    expect(promoter.stdout).not.toMatch(/DETRACTOR/);
    const detractor = await runCli(['nps', 'add', 'Ольга', '4', '--improve', 'Долго ждала', '--date', '2026-11-20'], {
      db,
    });
    expect(detractor.code).toBe(0);
    expect(detractor.stdout).toContain(
      'DETRACTOR: Иванова Ольга scored 4: "Долго ждала". React now: call +79031112233 today.',
    );
    expect(detractor.stdout).not.toMatch(/\x1b\[/);
    expect(await json(db, ['nps', 'list'])).toEqual([
      {
        id: 2,
        client_id: 2,
        client: 'Иванова Ольга',
        date: '2026-11-20',
        score: 4,
        improve: 'Долго ждала',
        liked: null,
        extra: {},
      },
      {
        id: 1,
        client_id: 1,
        client: 'Иванова Мария',
        date: '2026-11-22',
        score: 10,
        improve: null,
        liked: 'Мастер',
        extra: {},
      },
    ]);
    expect((await json(db, ['nps', 'list', '--detractors'])).map((a: { id: number }) => a.id)).toEqual([2]);
  });

  it.each(['11', '-1', '7.5', 'десять'])('refuses the score %s with exit 1', async (score) => {
    const db = await setup();
    const run = await runCli(['nps', 'add', 'Мария', score], { db });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/is not a whole number from 0 to 10/);
    expect(await json(db, ['nps', 'list'])).toEqual([]);
  });
});
