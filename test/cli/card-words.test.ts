/**
 * The words of a client card and of what an import says of a known client, in Russian: a contact's label in the
 * person's language, money with its currency sign, «тот же» agreeing with its noun.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-harness.js';
import { tempDbPath, tempDir } from '../helpers.js';

const RU = { LANG: 'ru_RU.UTF-8' };

const CARDS = [
  'BEGIN:VCARD',
  'VERSION:3.0',
  'FN:Андрей Соколов',
  'N:Соколов;Андрей;;;',
  'TEL;TYPE=CELL:+79123456789',
  'TEL;TYPE=WORK:+7 (343) 222-33-44',
  'item1.TEL:+7 (343) 555-66-77',
  'item1.X-ABLabel:дача',
  'EMAIL;TYPE=HOME:andrey@example.ru',
  'END:VCARD',
  '',
].join('\r\n');

async function cardOf(db: string, query: string, env: Record<string, string>): Promise<string> {
  const run = await runCli(['client', 'show', query], { db, env, columns: 200 });
  expect(run.code, run.stderr).toBe(0);
  return run.stdout;
}

describe('the client card in Russian', () => {
  it('shows the labels vCard, Google and Outlook write in Russian, and a label of the person’s own as written', async () => {
    const db = tempDbPath();
    const dir = tempDir();
    writeFileSync(join(dir, 'phone.vcf'), CARDS);
    writeFileSync(
      join(dir, 'google.csv'),
      'First Name,Last Name,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value\nИгорь,Кузнецов,* Work,igor@example.ru,Mobile,+7 903 111-22-33\n',
    );
    for (const file of ['phone.vcf', 'google.csv']) {
      const run = await runCli(['import', 'clients', join(dir, file)], { db });
      expect(run.code, run.stderr).toBe(0);
    }
    const sokolov = await cardOf(db, 'Соколов', RU);
    expect(sokolov).toMatch(/\+79123456789 \[моб\.\]/);
    expect(sokolov).toMatch(/\+73432223344 \[раб\.\]/);
    expect(sokolov).toMatch(/\+73435556677 \[дача\]/);
    expect(sokolov).toMatch(/andrey@example\.ru \[дом\.\]/);
    const kuznetsov = await cardOf(db, 'Кузнецов', RU);
    expect(kuznetsov).toMatch(/\+79031112233 \[моб\.\]/);
    expect(kuznetsov).toMatch(/igor@example\.ru \[раб\.\]/);
    expect(kuznetsov).not.toMatch(/\[(Mobile|Work|cell|work|home)\]/);
    // English speaks of the same types in its own words.
    expect(await cardOf(db, 'Соколов', { LANG: 'C' })).toMatch(/\+79123456789 \[mobile\]/);
  });

  it('writes its amounts with the currency sign, as the reports write money', async () => {
    const db = tempDbPath();
    expect((await runCli(['client', 'add', 'Иванова Мария', '--phone', '+79123456789'], { db })).code).toBe(0);
    const visit = await runCli(['visit', 'add', '1', '60000', '--date', '2026-01-10'], { db });
    expect(visit.code, visit.stderr).toBe(0);
    const card = await cardOf(db, '1', RU);
    expect(card).toMatch(/выручка за всё время +60\u00a0000,00\u00a0₽/);
    await runCli(['config', 'set', 'currency', 'EUR'], { db });
    await runCli(['config', 'set', 'locale', 'de-DE'], { db });
    expect(await cardOf(db, '1', RU)).toMatch(/выручка за всё время +60\.000,00\u00a0€/);
  });
});

describe('what crm says of a client it already has, in Russian', () => {
  it('agrees «тот же» with its noun: та же фамилия и имя, тот же телефон', async () => {
    const db = tempDbPath();
    const dir = tempDir();
    writeFileSync(join(dir, 'list.csv'), 'ФИО;Телефон\nИванова Мария Петровна;+79123456789\n');
    writeFileSync(join(dir, 'short.csv'), 'Name,Email\nМария Иванова,maria@example.ru\n');
    expect((await runCli(['import', 'clients', join(dir, 'list.csv')], { db })).code).toBe(0);
    const short = await runCli(['import', 'clients', join(dir, 'short.csv')], { db, env: RU, columns: 200 });
    expect(short.code, short.stderr).toBe(0);
    expect(short.stdout).toContain('та же фамилия и имя, что у #1 Иванова Мария Петровна');
    const again = await runCli(['client', 'add', 'Мария', '--phone', '+7 912 345-67-89'], { db, env: RU });
    expect(again.stderr).toContain('(тот же телефон)');
    expect(`${short.stdout}${again.stderr}`).not.toMatch(/тот же (фамилия|имя)/);
  });
});

describe('the preview of a deals import, in Russian', () => {
  it('writes a deal’s date as the other tables do (25.05.2026), and its JSON as stored (2026-05-25)', async () => {
    const db = tempDbPath();
    const file = join(tempDir(), 'deals.csv');
    writeFileSync(file, 'Клиент;Название;Стадия;Сумма;Создана\nИванова Мария;Свадьба;лид;1000;25.05.2026\n');
    expect((await runCli(['client', 'add', 'Иванова Мария', '--phone', '+79123456789'], { db })).code).toBe(0);
    const table = await runCli(['import', 'deals', file, '--dry-run'], { db, env: RU, columns: 200 });
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain('25.05.2026 Свадьба');
    expect(table.stdout).not.toContain('2026-05-25');
    const json = await runCli(['import', 'deals', file, '--dry-run', '--json'], { db, env: RU });
    expect(JSON.parse(json.stdout).rows[0].record).toBe('2026-05-25 Свадьба → lead');
  });
});
