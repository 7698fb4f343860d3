import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-harness.js';
import { dump, tempDbPath } from '../helpers.js';

async function run(db: string, args: string[]) {
  const result = await runCli(args, { db });
  expect(result.code, `crm ${args.join(' ')}\n${result.stderr}`).toBe(0);
  return result;
}

/** Two clients: Соколов Андрей (1) with a phone and an e-mail, Голубев Михаил (2) with neither. */
async function twoClients(): Promise<string> {
  const db = tempDbPath();
  await run(db, ['config', 'set', 'region', 'RU']);
  await run(db, ['client', 'add', 'Соколов Андрей', '--phone', '8 912 345-67-89', '--email', 'andrey@mail.ru']);
  await run(db, ['client', 'add', 'Голубев Михаил']);
  return db;
}

describe('crm client edit: another client’s phone or e-mail', () => {
  it.each([
    ['--add-phone', '+7 912 345 67 89', 'phone'],
    ['--phone', '89123456789', 'phone'],
    ['--add-email', 'Andrey@Mail.ru', 'email'],
    ['--email', 'andrey@mail.ru', 'email'],
  ])('refuses %s %s as client add does, and changes nothing', async (option, value, by) => {
    const db = await twoClients();
    const before = dump(db);
    const edit = await runCli(['client', 'edit', '2', option, value], { db });
    expect([edit.code, edit.stderr]).toEqual([
      1,
      `crm: already stored as client 1 Соколов Андрей (same ${by}); see it with 'crm client show 1', change it with 'crm client edit 1', or add --allow-duplicate\n`,
    ]);
    expect(dump(db)).toBe(before);
  });

  it('takes it with --allow-duplicate (a family’s phone), and a client’s own contacts again without it', async () => {
    const db = await twoClients();
    await run(db, ['client', 'edit', '2', '--add-phone', '8 912 345-67-89', '--allow-duplicate']);
    await run(db, ['client', 'edit', '1', '--phone', '+79123456789', '--add-email', 'andrey@mail.ru']);
    const listed = JSON.parse((await run(db, ['client', 'list', '--json'])).stdout) as Array<{ phone: string }>;
    expect(listed.map((client) => client.phone)).toEqual(['+79123456789', '+79123456789']);
  });
});

describe('crm client add and edit: an e-mail that is no address', () => {
  it('is kept as written, with a warning as a bad phone gets, and a good one gets none', async () => {
    const db = tempDbPath();
    const added = await run(db, ['client', 'add', 'Воробьёв Артём', '--email', 'bad@']);
    expect(added.stderr).toBe(
      "warning: e-mail 'bad@' does not look like an address; kept as written\nadded client 1 Воробьёв Артём (crm client show 1)\n",
    );
    const edited = await run(db, ['--lang', 'ru', 'client', 'edit', '1', '--add-email', 'ivan@@mail']);
    expect(edited.stderr).toBe(
      "внимание: e-mail 'ivan@@mail' не похож на адрес; сохранён как написан\nизменён клиент 1 Воробьёв Артём (crm client show 1)\n",
    );
    const good = await run(db, ['client', 'edit', '1', '--email', 'artem@mail.ru']);
    expect(good.stderr).toBe('updated client 1 Воробьёв Артём (crm client show 1)\n');
  });
});

describe('crm client find', () => {
  async function found(db: string, query: string): Promise<string[]> {
    const listed = JSON.parse((await run(db, ['client', 'find', query, '--json'])).stdout) as Array<{ name: string }>;
    return listed.map((client) => client.name);
  }

  it('finds two words of a name in either order, and a + query from the start of a number only', async () => {
    const db = tempDbPath();
    await run(db, ['config', 'set', 'region', 'RU']);
    await run(db, ['client', 'add', 'Соколов Андрей Викторович', '--phone', '+79748338014']);
    await run(db, ['client', 'add', 'Петренко Олена', '--phone', '+380 44 123 4567']);
    expect(await found(db, 'Андрей Соколов')).toEqual(['Соколов Андрей Викторович']);
    expect(await found(db, 'соколов андрей')).toEqual(['Соколов Андрей Викторович']);
    expect(await found(db, '+380')).toEqual(['Петренко Олена']);
    expect(await found(db, '+7 974')).toEqual(['Соколов Андрей Викторович']);
    // Digits without + are any part of a number, as before.
    expect(await found(db, '380')).toEqual(['Соколов Андрей Викторович', 'Петренко Олена']);
  });
});

describe('crm client find by a number written at home', () => {
  it('finds +7 916 111 22 33 by 8916111 or 8 916 111 where the region writes 8 for +7', async () => {
    const db = tempDbPath();
    await runCli(['config', 'set', 'region', 'RU'], { db });
    await runCli(['client', 'add', 'Иванова Людмила', '--phone', '+7 916 111 22 33'], { db });
    await runCli(['client', 'add', 'Петров Олег', '--phone', '+7 495 765 43 21'], { db });
    const found = async (query: string) =>
      JSON.parse((await runCli(['client', 'find', query, '--json'], { db })).stdout).map(
        (c: { name: string }) => c.name,
      );
    expect(await found('8916111')).toEqual(['Иванова Людмила']);
    expect(await found('8 916 111')).toEqual(['Иванова Людмила']);
    expect(await found('8495765')).toEqual(['Петров Олег']);
    await runCli(['config', 'set', 'region', 'GB'], { db });
    expect(await found('8916111')).toEqual([]);
  });
});

describe('crm client merge with nothing to merge', () => {
  it('says there are no possible duplicates and where they would come from', async () => {
    const db = tempDbPath();
    await runCli(['client', 'add', 'Иванова Людмила'], { db });
    const run = await runCli(['client', 'merge'], { db, env: { LANG: 'ru_RU.UTF-8' } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('возможных дублей нет');
  });
});
