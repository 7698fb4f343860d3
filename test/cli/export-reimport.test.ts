import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-harness.js';
import { dump, fixture, tempDbPath, tempDir } from '../helpers.js';

async function run(db: string, args: string[]) {
  const result = await runCli(args, { db });
  expect(result.code, `crm ${args.join(' ')}\n${result.stderr}`).toBe(0);
  return result;
}

async function clientNames(db: string): Promise<string[]> {
  const listed = JSON.parse((await run(db, ['client', 'list', '--json'])).stdout) as Array<{ name: string }>;
  return listed.map((client) => client.name).sort();
}

/** A family phone: husband and wife under one number, and two namesakes sharing one, each added on purpose. */
async function sharedContacts(): Promise<string> {
  const db = tempDbPath();
  await run(db, ['config', 'set', 'region', 'RU']);
  await run(db, ['client', 'add', 'Соколов Андрей', '--phone', '8 912 345-67-89']);
  await run(db, ['client', 'add', 'Соколова Ирина', '--phone', '8 912 345-67-89', '--allow-duplicate']);
  await run(db, ['client', 'add', 'Голубев Михаил', '--phone', '+79265554433']);
  await run(db, ['client', 'add', 'Голубев Михаил', '--phone', '+79265554433', '--allow-duplicate']);
  return db;
}

describe('export then import of clients sharing a phone', () => {
  it.each([
    ['a folder of CSV', 'out', 'out/clients.csv'],
    ['an OpenDocument workbook', 'all.ods', 'all.ods'],
    ['an Excel workbook', 'all.xlsx', 'all.xlsx'],
    ['vCards', 'all.vcf', 'all.vcf'],
  ])('gives back every client from %s, and again nothing new into the database it came from', async (_, out, file) => {
    const db = await sharedContacts();
    const dir = tempDir('crm-reimport-');
    await run(db, ['export', ...(out.endsWith('.vcf') ? ['vcard'] : []), '-o', join(dir, out)]);
    const fresh = tempDbPath();
    const imported = await run(fresh, ['import', 'clients', join(dir, file)]);
    expect(await clientNames(fresh)).toEqual(await clientNames(db));
    // The row list of the real import says why the wife is a client of her own.
    expect(imported.stdout).toMatch(/Соколова Ирина .*\+79123456789 is also Соколов Андрей's/);
    const again = await run(db, ['import', 'clients', join(dir, file)]);
    expect(again.stdout).toContain('created 0, updated 0, duplicates 4');
  });

  it('lists in the real import a row merged into a client of another name', async () => {
    const db = tempDbPath();
    await run(db, ['config', 'set', 'region', 'RU']);
    await run(db, ['client', 'add', 'Иванова Анна', '--phone', '8 912 345-67-89']);
    const file = join(tempDir('crm-reimport-'), 'journal.csv');
    writeFileSync(file, 'Имя,Телефон\nИванова А.,8 912 345-67-89\nСоколова Ирина,8 912 345-67-89\n');
    const imported = await run(db, ['import', 'clients', file]);
    expect(imported.stdout).toMatch(/^ +2 +duplicate +#1 Иванова Анна .*Иванова А\./m);
    expect(imported.stdout).toMatch(/^ +3 +created +#2 Соколова Ирина /m);
    expect(await clientNames(db)).toEqual(['Иванова Анна', 'Соколова Ирина']);
  });
});

describe('a file with a header and no rows: nothing to import, exit 0', () => {
  const kinds = ['clients', 'visits', 'deals', 'nps'] as const;

  /** The export of a business with no visits, deals or answers yet (one client, or none at all). */
  async function emptyExport(withClient: boolean, out: string): Promise<string> {
    const db = tempDbPath();
    await run(db, ['config', 'set', 'region', 'RU']);
    if (withClient) await run(db, ['client', 'add', 'Соколов Андрей', '--phone', '+79123456789']);
    const path = join(tempDir('crm-empty-'), out);
    await run(db, ['export', '-o', path]);
    return path;
  }

  async function expectNothing(kind: string, file: string, shown: string): Promise<void> {
    const db = tempDbPath();
    await run(db, ['config', 'set', 'region', 'RU']);
    const before = dump(db);
    const result = await runCli(['import', kind, file], { db });
    expect([result.code, result.stdout, result.stderr]).toEqual([
      0,
      `${shown}: nothing to import (a header and no ${kind} rows)\n`,
      '',
    ]);
    expect(dump(db)).toBe(before);
  }

  it('of each kind of crm’s own CSV export, moving in step by step', async () => {
    const dir = await emptyExport(false, 'out');
    for (const kind of kinds) await expectNothing(kind, join(dir, `${kind}.csv`), join(dir, `${kind}.csv`));
  });

  it.each(['всё.ods', 'всё.xlsx'])('of each empty sheet of a whole-workbook export (%s)', async (out) => {
    const file = await emptyExport(true, out);
    for (const kind of kinds.slice(1)) await expectNothing(kind, file, file);
  });

  it('of a journal’s header alone, as any kind, and says it in Russian', async () => {
    for (const kind of kinds)
      await expectNothing(kind, fixture('hostile/header-only.csv'), fixture('hostile/header-only.csv'));
    const result = await runCli(['--lang', 'ru', 'import', 'visits', fixture('hostile/header-only.csv')], {
      db: tempDbPath(),
    });
    expect(result.stdout).toBe(
      `${fixture('hostile/header-only.csv')}: импортировать нечего (только заголовок, строк визитов нет)\n`,
    );
  });
});
