import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-harness.js';
import { ON_POSTGRES } from '../engine-databases.js';
import { dump, openTestStore, tempDbPath, tempDir } from '../helpers.js';

async function listJson(db: string, ...args: string[]) {
  const run = await runCli(['client', 'list', '--json', ...args], { db });
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as Array<Record<string, unknown>>;
}

describe('crm client', () => {
  it('adds a client with normalised contacts and lists it as JSON', async () => {
    const db = tempDbPath();
    expect((await runCli(['config', 'set', 'region', 'RU'], { db })).code).toBe(0);
    const added = await runCli(
      [
        'client',
        'add',
        'Иванова Мария',
        '--phone',
        '8 (912) 345-67-89',
        '--email',
        'Maria@Mail.RU',
        '--source',
        'Instagram',
        '--tag',
        'VIP',
        '--tag',
        'окрашивание',
        '--birthday',
        '17.05.1990',
        '--set',
        'Мастер=Оля',
      ],
      { db },
    );
    expect(added.stderr).toContain('added client 1 Иванова Мария (crm client show 1)');
    expect(added.code).toBe(0);
    expect(await listJson(db)).toEqual([
      expect.objectContaining({
        id: 1,
        name: 'Иванова Мария',
        phone: '+79123456789',
        phone_raw: '8 (912) 345-67-89',
        email: 'maria@mail.ru',
        source: 'Instagram',
        tags: ['VIP', 'окрашивание'],
        birthday: '1990-05-17',
        extra: { Мастер: 'Оля' },
        created: '2026-11-22',
        archived: false,
      }),
    ]);
  });

  it('takes the phone region from LANG when none is configured', async () => {
    const db = tempDbPath();
    await runCli(['client', 'add', 'Пётр', '--phone', '8 912 000-11-22'], { db, env: { LANG: 'ru_RU.UTF-8' } });
    expect((await listJson(db))[0]!.phone).toBe('+79120001122');
    const other = tempDbPath();
    const run = await runCli(['client', 'add', 'Пётр', '--phone', '8 912 000-11-22'], { db: other });
    expect(run.stderr).toMatch(/warning: .*no country code/);
    expect((await listJson(other))[0]).toMatchObject({ phone: null, phone_raw: '8 912 000-11-22' });
  });

  it('refuses to add a second client with the same phone, unless asked', async () => {
    const db = tempDbPath();
    await runCli(['config', 'set', 'region', 'RU'], { db });
    await runCli(['client', 'add', 'Иванова Мария', '--phone', '+79123456789'], { db });
    const again = await runCli(['client', 'add', 'Маша', '--phone', '8 912 345 67 89'], { db });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(
      /^crm: already stored as client 1 Иванова Мария \(same phone\); see it with 'crm client show 1'/,
    );
    expect(
      (await runCli(['client', 'add', 'Маша', '--phone', '8 912 345 67 89', '--allow-duplicate'], { db })).code,
    ).toBe(0);
    expect(await listJson(db)).toHaveLength(2);
  });

  it('fails with a usage error instead of prompting when stdin is not a terminal', async () => {
    const db = tempDbPath();
    const run = await runCli(['client', 'add'], { db });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/needs a NAME/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('finds by part of a name in any case, by phone digits in any format, and by e-mail', async () => {
    const db = tempDbPath();
    await runCli(['config', 'set', 'region', 'RU'], { db });
    await runCli(['client', 'add', 'Иванова Мария', '--phone', '+7 912 345-67-89', '--email', 'maria@mail.ru'], { db });
    await runCli(['client', 'add', 'Петров Иван', '--phone', '8 903 111 22 33'], { db });
    const ids = async (query: string) =>
      (JSON.parse((await runCli(['client', 'find', query, '--json'], { db })).stdout) as Array<{ id: number }>).map(
        (c) => c.id,
      );
    expect(await ids('ИВАНОВА')).toEqual([1]);
    expect(await ids('иван')).toEqual([1, 2]);
    expect(await ids('8 (912) 345-67-89')).toEqual([1]);
    expect(await ids('89123456789')).toEqual([1]);
    expect(await ids('345-67')).toEqual([1]);
    expect(await ids('1112233')).toEqual([2]);
    expect(await ids('MARIA@')).toEqual([1]);
    expect(await ids('никого')).toEqual([]);
  });

  it('finds a client by the nickname an address book gave her, in any case and with ё or е', async () => {
    const db = tempDbPath();
    const dir = tempDir();
    writeFileSync(
      join(dir, 'phone.vcf'),
      'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ольга Смирнова\r\nNICKNAME:Лёля\r\nORG:ООО Ромашка\r\nTEL;TYPE=CELL:+79161112233\r\nEND:VCARD\r\n',
    );
    writeFileSync(join(dir, 'google.csv'), 'Name,Nickname,Phone 1 - Value\nИрина Котова,Ирэн,+79161112299\n');
    for (const file of ['phone.vcf', 'google.csv'])
      expect((await runCli(['import', 'clients', join(dir, file)], { db })).code).toBe(0);
    const found = async (query: string) =>
      JSON.parse((await runCli(['client', 'find', query, '--json'], { db })).stdout).map(
        (c: { name: string }) => c.name,
      );
    for (const query of ['Лёля', 'леля', 'ЛЁЛ']) expect(await found(query)).toEqual(['Ольга Смирнова']);
    expect(await found('ирэн')).toEqual(['Ирина Котова']);
    expect(await found('Ромашка')).toEqual([]);
    const card = await runCli(['client', 'show', '1'], { db, env: { LANG: 'ru_RU.UTF-8' } });
    expect(card.stdout).toMatch(/прозвище +Лёля/);
    expect(card.stdout).toMatch(/организация +ООО Ромашка/);
    expect((await runCli(['client', 'show', '1'], { db })).stdout).toMatch(/nickname +Лёля/);
    const google = await runCli(['client', 'show', '2'], { db, env: { LANG: 'ru_RU.UTF-8' } });
    expect(google.stdout).toMatch(/прозвище +Ирэн/);
  });

  it('adds a client named as a stored one with other contacts, saying so and listing the two for crm client merge', async () => {
    const db = tempDbPath();
    await runCli(['client', 'add', 'Ольга Кузнецова', '--phone', '+79001110001'], { db });
    const second = await runCli(['client', 'add', 'Кузнецова Ольга', '--phone', '+79001110002'], { db });
    expect(second.code).toBe(0);
    expect(second.stderr).toContain(
      "client 1 is named Ольга Кузнецова too; if it is the same person: 'crm client merge 1 2'",
    );
    const merge = JSON.parse((await runCli(['client', 'merge', '--json'], { db })).stdout);
    expect(merge).toEqual([{ client_id: 2, other_id: 1, reason: 'same name, different phone or e-mail' }]);
    const russian = await runCli(['client', 'add', 'Ольга Кузнецова', '--phone', '+79001110003'], {
      db,
      env: { LANG: 'ru_RU.UTF-8' },
    });
    expect(russian.stderr).toContain(
      "клиента 1 тоже зовут Ольга Кузнецова; если это один человек: 'crm client merge 1 3'",
    );
    expect(russian.stderr).toContain('клиента 2 тоже зовут Кузнецова Ольга');
    const quiet = await runCli(['client', 'add', 'Ольга Кузнецова', '--phone', '+79001110004', '--allow-duplicate'], {
      db,
    });
    expect(quiet.stderr).toBe('added client 4 Ольга Кузнецова (crm client show 4)\n');
  });

  it('takes a familiar form of a stored client’s given name with her surname as a namesake, on an add and an edit', async () => {
    const db = tempDbPath();
    await runCli(['client', 'add', 'Новикова Елена', '--phone', '+79001110001'], { db });
    await runCli(['client', 'add', 'Белов Александр', '--phone', '+79001110002'], { db });
    const lena = await runCli(['client', 'add', 'Новикова Лена', '--phone', '+79001110003'], {
      db,
      env: { LANG: 'ru_RU.UTF-8' },
    });
    expect(lena.code).toBe(0);
    expect(lena.stderr).toContain("клиента 1 тоже зовут Новикова Елена; если это один человек: 'crm client merge 1 3'");
    // The other word order, and a stored familiar form for a full one typed.
    const sasha = await runCli(['client', 'add', 'Саша Белов', '--phone', '+79001110004'], { db });
    expect(sasha.stderr).toContain(
      "client 2 is named Белов Александр too; if it is the same person: 'crm client merge 2 4'",
    );
    const full = await runCli(['client', 'add', 'Александр Белов', '--phone', '+79001110005'], { db });
    expect(full.stderr).toContain("client 4 is named Саша Белов too; if it is the same person: 'crm client merge 4 5'");
    // A woman's name or surname is not a man's, another surname is another person, and a name alone says too little.
    const apart = tempDbPath();
    await runCli(['client', 'add', 'Новикова Елена', '--phone', '+79001110001'], { db: apart });
    await runCli(['client', 'add', 'Белов Александр', '--phone', '+79001110002'], { db: apart });
    let phones = 1000;
    for (const name of [
      'Белова Саша',
      'Белов Александра',
      'Белова Александр',
      'Соколова Лена',
      'Лена',
      'Новиков Лена',
    ]) {
      const added = await runCli(['client', 'add', name, '--phone', `+7900222${phones++}`], { db: apart });
      expect(added.code).toBe(0);
      await runCli(['client', 'add', 'Временная Клиентка', '--allow-duplicate'], { db: apart });
      const id = /added client (\d+)/.exec(added.stderr)![1]!;
      const again = await runCli(['client', 'edit', String(Number(id) + 1), '--name', name], { db: apart });
      expect(again.code).toBe(0);
      for (const run of [added, again]) expect(run.stderr, name).not.toMatch(/client [12] is named/);
    }
    // A name with a patronymic, its surname written last.
    const patronymic = tempDbPath();
    await runCli(['client', 'add', 'Смирнова Анна Петровна', '--phone', '+79001110010'], { db: patronymic });
    const last = await runCli(['client', 'add', 'Анна Петровна Смирнова', '--phone', '+79001110011'], {
      db: patronymic,
    });
    expect(last.stderr).toContain('client 1 is named Смирнова Анна Петровна too; if it is the same person');
    const other = await runCli(['client', 'add', 'Анна Сергеевна Смирнова', '--phone', '+79001110012'], {
      db: patronymic,
    });
    expect(other.stderr).not.toMatch(/is named Смирнова Анна Петровна too/);
    await runCli(['client', 'add', 'Соколова Лена', '--phone', '+79001110006'], { db });
    await runCli(['client', 'add', 'Лена', '--phone', '+79001110007'], { db });
    // Renamed, a client is no namesake of herself.
    const renamed = await runCli(['client', 'edit', 'Соколова', '--name', 'Соколова Елена'], { db });
    expect(renamed.code).toBe(0);
    expect(renamed.stderr).not.toContain('named');
    const edited = await runCli(['client', 'edit', '+79001110007', '--name', 'Лена Новикова'], {
      db,
      env: { LANG: 'ru_RU.UTF-8' },
    });
    expect(edited.code).toBe(0);
    expect(edited.stderr).toContain(
      "клиента 1 тоже зовут Новикова Елена; если это один человек: 'crm client merge 1 7'",
    );
    expect(edited.stderr).toContain(
      "клиента 3 тоже зовут Новикова Лена; если это один человек: 'crm client merge 3 7'",
    );
    // An edit that leaves the name as it was says nothing again.
    const again = await runCli(['client', 'edit', '7', '--note', 'постоянная'], { db });
    expect(again.stderr).not.toContain('named');
    const merge = JSON.parse((await runCli(['client', 'merge', '--json'], { db })).stdout);
    expect(merge).toEqual([
      { client_id: 3, other_id: 1, reason: 'same name, different phone or e-mail' },
      { client_id: 4, other_id: 2, reason: 'same name, different phone or e-mail' },
      { client_id: 5, other_id: 2, reason: 'same name, different phone or e-mail' },
      { client_id: 5, other_id: 4, reason: 'same name, different phone or e-mail' },
      { client_id: 7, other_id: 1, reason: 'same name, different phone or e-mail' },
      { client_id: 7, other_id: 3, reason: 'same name, different phone or e-mail' },
    ]);
  });

  it('takes a card saved under a nickname alone as a client of that name', async () => {
    const db = tempDbPath();
    const file = join(tempDir(), 'phone.vcf');
    writeFileSync(
      file,
      'BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\nFN:\r\nNICKNAME:Мастер Лена\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Тест Тестова\r\nTEL:+79120001122\r\nEND:VCARD\r\n',
    );
    const run = await runCli(['import', 'clients', file], { db });
    expect(run.stdout).toContain('created 2, updated 0, duplicates 0, rejected 0 of 2 rows');
    expect((await listJson(db)).map((c) => c.name)).toEqual(['Мастер Лена', 'Тест Тестова']);
  });

  it('edits, archives and restores a client', async () => {
    const db = tempDbPath();
    await runCli(['config', 'set', 'region', 'RU'], { db });
    await runCli(['client', 'add', 'Иванова Мария', '--phone', '+79123456789', '--tag', 'VIP', '--set', 'Мастер=Оля'], {
      db,
    });
    const edit = await runCli(
      [
        'client',
        'edit',
        'Иванова',
        '--name',
        'Иванова Мария Петровна',
        '--add-phone',
        '8 495 123 45 67',
        '--tag',
        'окрашивание',
        '--untag',
        'vip',
        '--unset',
        'Мастер',
        '--note',
        'любит чай',
      ],
      { db },
    );
    expect(edit.code).toBe(0);
    expect((await listJson(db))[0]).toMatchObject({
      name: 'Иванова Мария Петровна',
      tags: ['окрашивание'],
      extra: {},
      note: 'любит чай',
      phones: [
        { value: '+79123456789', raw: '+79123456789', label: null },
        { value: '+74951234567', raw: '8 495 123 45 67', label: null },
      ],
    });
    expect((await runCli(['client', 'archive', '#1'], { db })).code).toBe(0);
    expect(await listJson(db)).toEqual([]);
    expect(await listJson(db, '--archived')).toHaveLength(1);
    expect((await runCli(['client', 'archive', '1', '--restore'], { db })).code).toBe(0);
    expect(await listJson(db)).toHaveLength(1);
  });

  it('warns of a phone it keeps as written, on an edit as on an add', async () => {
    const db = tempDbPath();
    await runCli(['config', 'set', 'region', 'RU'], { db });
    const added = await runCli(['client', 'add', 'Иванова Мария', '--phone', '12-34'], { db });
    expect(added.stderr).toBe(
      "warning: phone '12-34' is not a valid number for region RU; kept as written\nadded client 1 Иванова Мария (crm client show 1)\n",
    );
    const edited = await runCli(['client', 'edit', '1', '--add-phone', '9-9', '--add-phone', '+79123456789'], { db });
    expect(edited.code).toBe(0);
    expect(edited.stderr).toBe(
      "warning: phone '9-9' is not a valid number for region RU; kept as written\nupdated client 1 Иванова Мария (crm client show 1)\n",
    );
    const replaced = await runCli(['--lang', 'ru', 'client', 'edit', '1', '--phone', '77'], { db });
    expect(replaced.stderr).toMatch(/^внимание: телефон '77' .*сохранён как написан\n/);
  });

  it('names the candidates of an ambiguous client and exits 2 (which one a terminal would ask)', async () => {
    const db = tempDbPath();
    await runCli(['client', 'add', 'Иванова Мария'], { db });
    await runCli(['client', 'add', 'Иванова Ольга'], { db });
    const run = await runCli(['client', 'show', 'Иванова'], { db });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      "'Иванова' matches 2 clients: 1 Иванова Мария; 2 Иванова Ольга; name one by its number, e.g. 1",
    );
    expect((await runCli(['client', 'show', 'никто'], { db })).code).toBe(1);
  });

  it('shows a card as a table and as JSON', async () => {
    const db = tempDbPath();
    await runCli(['client', 'add', 'Иванова Мария', '--email', 'm@example.ru', '--set', 'Мастер=Оля'], { db });
    const table = await runCli(['client', 'show', '1'], { db });
    expect(table.stdout).toMatch(/^Мастер {2,}Оля$/m);
    expect(table.stdout).toMatch(/^visits {2,}0 \(0 purchases\)$/m);
    expect(JSON.parse((await runCli(['client', 'show', '1', '--json'], { db })).stdout)).toMatchObject({
      id: 1,
      email: 'm@example.ru',
    });
  });

  it('merges a duplicate: records move, contacts and tags join, differing values are kept in extra', async () => {
    const db = tempDbPath();
    await runCli(['config', 'set', 'region', 'RU'], { db });
    await runCli(
      ['client', 'add', 'Иванова Мария', '--phone', '+79123456789', '--source', 'Instagram', '--tag', 'VIP'],
      { db },
    );
    await runCli(
      [
        'client',
        'add',
        'Мария Иванова',
        '--phone',
        '+79990001122',
        '--source',
        'Avito',
        '--email',
        'm@example.ru',
        '--tag',
        'новая',
      ],
      { db },
    );
    const merge = await runCli(['client', 'merge', '1', '2'], { db });
    expect(merge.code).toBe(0);
    const [merged, ...rest] = await listJson(db);
    expect(rest).toEqual([]);
    expect(merged).toMatchObject({
      id: 1,
      name: 'Иванова Мария',
      source: 'Instagram',
      email: 'm@example.ru',
      tags: ['VIP', 'новая'],
      extra: { 'name (from #2)': 'Мария Иванова', 'source (from #2)': 'Avito' },
    });
    expect((merged!.phones as unknown[]).length).toBe(2);
    // The merged-away name is one the kept client goes by: found by it, and no second client of it.
    const found = JSON.parse((await runCli(['client', 'find', 'мария иванова', '--json'], { db })).stdout) as Array<{
      id: number;
    }>;
    expect(found.map((c) => c.id)).toEqual([1]);
    const again = await runCli(['client', 'add', 'Мария Иванова'], { db });
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/already stored as client 1 Иванова Мария \(same name\)/);
  });

  it('writes listings as CSV with every extra column, and to a file chosen by extension', async () => {
    const db = tempDbPath();
    await runCli(['client', 'add', 'Иванова; Мария', '--set', 'Мастер=Оля', '--note', 'строка 1\nстрока 2'], { db });
    const csv = await runCli(['client', 'list', '--format', 'csv'], { db });
    expect(csv.stdout.split('\n')[0]).toBe(
      'id,name,phone,phone_raw,email,phones,emails,source,tags,birthday,note,created,archived,Мастер',
    );
    expect(csv.stdout).toContain('"строка 1\nстрока 2"');
    const out = join(tempDir(), 'clients.json');
    expect((await runCli(['client', 'list', '-o', out], { db })).code).toBe(0);
    expect(statSync(out).size).toBeGreaterThan(10);
    expect((await runCli(['client', 'list', '-o', join(tempDir(), 'clients.xyz')], { db })).code).toBe(2);
  });
});

describe('the database file', () => {
  // A file named by CRM_DB; a server named by it is tested in test/cli/postgres.test.ts.
  it.skipIf(ON_POSTGRES)('takes CRM_DB when --db is absent', async () => {
    const path = tempDbPath();
    expect((await runCli(['client', 'add', 'Ольга'], { env: { CRM_DB: path } })).code).toBe(0);
    expect(await listJson(path)).toHaveLength(1);
  });

  it('exits 2 on unknown commands and options, 0 on --help', async () => {
    expect((await runCli(['frobnicate'])).code).toBe(2);
    expect((await runCli(['client', 'list', '--bogus'], { db: tempDbPath() })).code).toBe(2);
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: crm');
  });
});

describe('hints', () => {
  /** The command inside `text` that starts with `crm <group> <command>`, ended by a bracket, a quote or the line. */
  const hint = (text: string, start: string) => {
    const found = new RegExp(`${start}[^)'\n│]*`).exec(text)?.[0];
    expect(found, text).toBeDefined();
    expect(found).not.toContain('#');
    return found!.trim().split(/\s+/).slice(1);
  };

  it('the commands crm suggests run as printed when pasted into a shell (no #, which a shell drops)', async () => {
    const db = tempDbPath();
    const added = await runCli(['client', 'add', 'Иванова Мария', '--phone', '+79123456789'], { db });
    const show = await runCli(hint(added.stderr, 'crm client show'), { db });
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('Иванова Мария');

    const refused = await runCli(['client', 'add', 'Мария', '--phone', '+7 912 345-67-89'], { db });
    expect(refused.code).toBe(1);
    expect((await runCli(hint(refused.stderr, 'crm client show'), { db })).stdout).toContain('Иванова Мария');

    const archived = await runCli(['client', 'archive', '1'], { db });
    expect((await runCli(hint(archived.stderr, 'crm client archive'), { db })).code).toBe(0);
    expect(JSON.parse((await runCli(['client', 'list', '--json'], { db })).stdout)).toHaveLength(1);

    const list = join(tempDir(), 'clients.csv');
    writeFileSync(list, 'Name,Phone\nИванова Мария,+79995556677\n');
    await runCli(['import', 'clients', list], { db });
    const pairs = await runCli(['client', 'merge'], { db, env: { COLUMNS: '200' } });
    const merge = await runCli(hint(pairs.stdout, 'crm client merge \\d'), { db });
    expect(merge.code, merge.stderr).toBe(0);
    expect(merge.stderr).toMatch(/^merged into client 1 Иванова Мария/m);
  });
});

describe('crm client merge: the possible duplicates an import listed, and why', () => {
  const pairsOf = async (db: string, language: string) => {
    const table = await runCli(['--lang', language, 'client', 'merge'], { db, columns: 200 });
    const json = await runCli(['--lang', language, 'client', 'merge', '--json'], { db });
    expect(table.code, table.stderr).toBe(0);
    return { table: table.stdout, json: JSON.parse(json.stdout) as Array<{ reason: string }> };
  };

  it('says why in the person’s language, and in the English words programs read in its JSON', async () => {
    const db = tempDbPath();
    await runCli(['client', 'add', 'Иванова Мария', '--phone', '+79123456789'], { db });
    await runCli(['client', 'add', 'Петров Олег Ильич', '--phone', '+79161234567'], { db });
    const dir = tempDir();
    writeFileSync(join(dir, 'clients.csv'), 'ФИО;Телефон\nИванова Мария;+79995556677\n');
    writeFileSync(join(dir, 'visits.csv'), 'Дата;Клиент;Телефон;Сумма\n01.02.2026;Петров Олег;+79990001122;100\n');
    expect((await runCli(['import', 'clients', join(dir, 'clients.csv')], { db })).code).toBe(0);
    expect((await runCli(['import', 'visits', join(dir, 'visits.csv')], { db })).code).toBe(0);
    const russian = await pairsOf(db, 'ru');
    expect(russian.table).toMatch(/#3 Иванова Мария .*#1 Иванова Мария .*то же имя, но другой телефон или e-mail/);
    expect(russian.table).toMatch(/#4 Петров Олег .*#2 Петров Олег Ильич .*те же фамилия и имя/);
    const reasons = ['same name, different phone or e-mail', 'same surname and first name'];
    expect(russian.json.map((pair) => pair.reason)).toEqual(reasons);
    expect((await pairsOf(db, 'en')).json.map((pair) => pair.reason)).toEqual(reasons);
    // Stored as codes, which no language's words change.
    expect(dump(db)).toMatch(/sameName\b[\s\S]*sameNameStart/);
    expect(dump(db)).not.toContain('same surname');
  });

  // It writes the old words into the database file itself, as a SQLite database made before them holds them.
  it.skipIf(ON_POSTGRES)('reads the English words a database made before the reasons were codes holds', async () => {
    const db = tempDbPath();
    await runCli(['client', 'add', 'Иванова Мария', '--phone', '+79123456789'], { db });
    await runCli(['client', 'add', 'Иванова Мария', '--phone', '+79995556677', '--allow-duplicate'], { db });
    await runCli(['client', 'add', 'Кузнецова Анна', '--phone', '+79001112233'], { db });
    await runCli(['client', 'add', 'Кузнецова Анна Сергеевна', '--phone', '+79004445566'], { db });
    const store = openTestStore(db);
    try {
      const batch = await store.imports.beginBatch('clients', '/old/clients.csv', '0'.repeat(64), {});
      await store.imports.recordDuplicateCandidates(
        [
          { clientId: 2, otherId: 1, reason: 'same name, different phone or e-mail' },
          { clientId: 4, otherId: 3, reason: 'same surname and first name' },
          { clientId: 4, otherId: 1, reason: 'a reason no crm wrote' },
        ],
        batch,
      );
    } finally {
      await store.close();
    }
    const russian = await pairsOf(db, 'ru');
    expect(russian.table).toContain('то же имя, но другой телефон или e-mail');
    expect(russian.table).toContain('те же фамилия и имя');
    expect(russian.table).toContain('a reason no crm wrote');
    expect(russian.json.map((pair) => pair.reason)).toEqual([
      'same name, different phone or e-mail',
      'same surname and first name',
      'a reason no crm wrote',
    ]);
  });
});
