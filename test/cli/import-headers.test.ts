import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-harness.js';
import { dump, fixture, tempDbPath, tempDir } from '../helpers.js';

async function freshDb(): Promise<string> {
  const db = tempDbPath();
  await runCli(['config', 'set', 'region', 'RU'], { db });
  return db;
}

async function importJson(db: string, kind: string, file: string, env?: Record<string, string>) {
  const run = await runCli(['import', kind, file, '--json'], { db, env });
  return { run, report: run.stdout ? JSON.parse(run.stdout) : null };
}

const list = async (db: string, what: string[]) => JSON.parse((await runCli([...what, '--json'], { db })).stdout);

interface ListedClient {
  name: string;
  phones: Array<{ value: string | null; raw: string; label: string | null }>;
  emails: Array<{ value: string; label: string | null }>;
  created: string;
  extra: Record<string, string>;
}

describe('crm import deals: the documented English columns', () => {
  it('reads Deal as the deal stage date, says so, and the funnel counts the deals at that stage', async () => {
    const db = await freshDb();
    const file = fixture('deals/deals-english-documented-columns.csv');
    const run = await runCli(['import', 'deals', file], { db });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'Deal → deal (its cells are dates, beside the other stage columns, another column is the title)',
    );
    const deals = (await list(db, ['deal', 'list'])) as Array<{ title: string; stage: string; extra: object }>;
    expect(deals.map((d) => [d.title, d.stage, d.extra])).toEqual([
      ['Website redesign', 'deal', {}],
      ['Logo design', 'won', {}],
      ['Consulting', 'qualified', {}],
      ['Hosting plan', 'lost', {}],
      ['Wrong number', 'junk', {}],
    ]);
    const funnel = await list(db, ['report', 'funnel', '-p', '2026']);
    expect(funnel).toMatchObject({ leads: 5, junk: 1, qualified: 4, deal: 3, won: 1, lost: 1, open: 2 });
    expect(funnel.conversion).toEqual({ qualified: 0.8, deal: 0.75, won: 0.3333, overall: 0.2 });
  });
});

describe('crm import clients: files of CRMs and mail programs', () => {
  it.each(['clients/csv-bitrix-contacts.csv', 'clients/csv-outlook-ru.csv', 'clients/csv-outlook-us.csv'])(
    '%s imports, and a second import changes nothing',
    async (file) => {
      const db = await freshDb();
      const first = await importJson(db, 'clients', fixture(file));
      expect(first.run.code).toBe(0);
      expect(first.report.counts).toMatchObject({ rejected: 0 });
      const before = dump(db);
      const second = await importJson(db, 'clients', fixture(file));
      expect(second.report.counts).toMatchObject({ created: 0, updated: 0 });
      expect(dump(db)).toBe(before);
    },
  );

  it('reads a Bitrix24 export: typed and several contacts, creation date, a company, a number whose + was lost', async () => {
    const db = await freshDb();
    const run = await runCli(['import', 'clients', fixture('clients/csv-bitrix-contacts.csv')], { db });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "phones: 1 number without the '+' a spreadsheet drops (447911123456) read as international (+447911123456)",
    );
    const clients = (await list(db, ['client', 'list'])) as ListedClient[];
    const byName = new Map(clients.map((c) => [c.name, c]));
    expect([...byName.keys()].sort()).toEqual(['John Smith', 'Мария Петровна Иванова', 'ООО Лютик', 'Сергей Петров']);
    expect(byName.get('Мария Петровна Иванова')).toMatchObject({
      phones: [
        { value: '+79123456789', label: 'mobile' },
        { value: '+79161234567', label: 'mobile' },
      ],
      emails: [{ value: 'maria.ivanova@mail.ru', label: 'home' }],
      created: '2025-03-12',
    });
    expect(byName.get('ООО Лютик')!.emails.map((e) => e.value)).toEqual(['info@lutik.ru', 'sales@lutik.ru']);
    expect(byName.get('John Smith')!.phones).toEqual([
      { value: '+447911123456', raw: '447911123456', label: 'mobile' },
    ]);
    expect(byName.get('John Smith')!.extra).not.toHaveProperty('Мобильный телефон');
  });

  it('keeps Outlook’s fillers out of the clients’ extra fields', async () => {
    const db = await freshDb();
    expect((await runCli(['import', 'clients', fixture('clients/csv-outlook-ru.csv')], { db })).code).toBe(0);
    expect((await runCli(['import', 'clients', fixture('clients/csv-outlook-us.csv')], { db })).code).toBe(0);
    const clients = (await list(db, ['client', 'list'])) as ListedClient[];
    expect(clients.map((c) => [c.name, c.extra])).toEqual([
      ['Мария Петровна Иванова', { Пол: 'Женский' }],
      ['Сергей Петров', { Организация: 'ООО Ромашка' }],
      ['ООО Лютик', { Организация: 'ООО Лютик' }],
      ['John Smith', {}],
      ['Acme Inc.', { Company: 'Acme Inc.' }],
    ]);
  });
});

describe('crm import: amounts in another currency and the locale’s thousands', () => {
  it('refuses the rows whose amount is in another currency with one line each, and imports the rest', async () => {
    const db = await freshDb();
    const dir = tempDir();
    const rejects = join(dir, 'rejects.csv');
    const run = await runCli(
      ['import', 'deals', fixture('deals/deals-foreign-currency.csv'), '--rejects', rejects, '--json'],
      {
        db,
      },
    );
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.rejects_file).toBe(rejects);
    expect(report.rows.filter((r: { action: string }) => r.action === 'reject')).toEqual([
      expect.objectContaining({
        line: 3,
        details: "Сумма: '4500 USD': in USD, not the database's currency RUB; convert it first",
      }),
      expect.objectContaining({
        line: 4,
        details: "Сумма: '€90': in EUR, not the database's currency RUB; convert it first",
      }),
    ]);
    // Each row as it was, to be converted there and imported again, as the file is written: UTF-8 with a BOM, ';'
    // and CRLF.
    expect(readFileSync(rejects, 'utf8').split('\r\n')).toEqual([
      '\uFEFFСоздана;Клиент;Телефон;Название;Сумма;Квалифицирована;Сделка;Выиграна;rejected: line;rejected: reason',
      `02.09.2026;Петров Сергей;'+7 916 123-45-67;Корпоратив;4500 USD;03.09.2026;;;3;"Сумма: '4500 USD': in USD, not the database's currency RUB; convert it first"`,
      `03.09.2026;Смирнова Елена;'+7 903 123-45-67;Курс;€90;04.09.2026;;;4;"Сумма: '€90': in EUR, not the database's currency RUB; convert it first"`,
      '',
    ]);
    const deals = (await list(db, ['deal', 'list'])) as Array<{ title: string; amount: number | null }>;
    expect(deals.map((d) => [d.title, d.amount])).toEqual([
      ['Абонемент', 4500],
      ['Свадьба', 12000],
    ]);
  });

  it('takes the currency from the configuration', async () => {
    const db = await freshDb();
    await runCli(['config', 'set', 'currency', 'USD'], { db });
    const file = join(tempDir(), 'visits.csv');
    writeFileSync(file, 'Date,Client,Amount\n2026-09-01,Anna,$45.00\n2026-09-02,Bob,45 руб\n');
    const { run, report } = await importJson(db, 'visits', file);
    expect(run.code).toBe(0);
    expect(report.counts).toMatchObject({ created: 1, rejected: 1 });
    expect((await list(db, ['visit', 'list'])).map((v: { amount: number }) => v.amount)).toEqual([45]);
  });

  it('reads "4,500" as 4500 in an en-US locale and refuses it in a Russian one', async () => {
    const file = join(tempDir(), 'visits.csv');
    writeFileSync(file, 'Date,Client,Amount\n2026-09-01,Anna,"4,500"\n2026-09-02,Bob,"1,200"\n');
    const us = await freshDb();
    expect((await importJson(us, 'visits', file, { LANG: 'en_US.UTF-8' })).run.code).toBe(0);
    expect((await list(us, ['visit', 'list'])).map((v: { amount: number }) => v.amount)).toEqual([4500, 1200]);
    const configured = await freshDb();
    await runCli(['config', 'set', 'locale', 'en-US'], { db: configured });
    expect((await importJson(configured, 'visits', file)).run.code).toBe(0);
    expect((await list(configured, ['visit', 'list'])).map((v: { amount: number }) => v.amount)).toEqual([4500, 1200]);
    const ru = await freshDb();
    const refused = await importJson(ru, 'visits', file, { LANG: 'ru_RU.UTF-8' });
    expect(refused.run.code).toBe(1);
    // Said in the language the locale names, the reason too.
    expect(refused.run.stderr).toContain("'4,500': больше двух цифр после десятичного разделителя");
  });
});
