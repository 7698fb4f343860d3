import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-harness.js';
import { dump, fixture, tempDbPath } from '../helpers.js';

/** The exports of the CRMs people leave (fixtures/crm-exports/README.md), imported with no --map. */
const file = (name: string) => fixture(`crm-exports/${name}`);

async function freshDb(): Promise<string> {
  const db = tempDbPath();
  await runCli(['config', 'set', 'region', 'RU'], { db });
  return db;
}

interface ListedClient {
  id: number;
  name: string;
  phones: Array<{ value: string | null; raw: string; label: string | null }>;
  emails: Array<{ value: string; label: string | null }>;
  source: string | null;
  tags: string[];
  birthday: string | null;
  note: string | null;
  created: string;
  extra: Record<string, string>;
}

interface ShownDeal {
  client: string | null;
  title: string;
  amount: number | null;
  stage: string;
  created: string;
  won: string | null;
  lost: string | null;
  history: Array<{ stage: string; date: string }>;
  extra: Record<string, string>;
}

const listJson = async (db: string, args: string[]) => JSON.parse((await runCli([...args, '--json'], { db })).stdout);
const clientsIn = async (db: string) =>
  new Map((await listJson(db, ['client', 'list'])).map((c: ListedClient) => [c.name, c])) as Map<string, ListedClient>;

async function dealsIn(db: string): Promise<Map<string, ShownDeal>> {
  const deals = new Map<string, ShownDeal>();
  // One command at a time: runCli lends the process to the command it runs.
  for (const { id } of (await listJson(db, ['deal', 'list'])) as Array<{ id: number }>) {
    const deal = (await listJson(db, ['deal', 'show', String(id)])) as ShownDeal;
    deals.set(deal.title, deal);
  }
  return deals;
}

const contact = (value: string, label: string) => expect.objectContaining({ value, label });

describe('crm import clients: a Bitrix24 contacts export', () => {
  const expectedContacts = (clients: Map<string, ListedClient>) => {
    expect([...clients.keys()]).toEqual(['Мария Петровна Иванова', 'Сергей Петров', 'Ольга Игоревна Смирнова']);
    expect(clients.get('Мария Петровна Иванова')).toMatchObject({
      phones: [contact('+79123456789', 'mobile'), contact('+79161234567', 'mobile')],
      emails: [contact('maria.ivanova@mail.ru', 'home'), contact('m.ivanova@yandex.ru', 'home')],
      birthday: '1990-05-17',
      source: 'Звонок',
      note: 'Постоянный клиент',
      // 23:50 on 12 March, local time: the calendar day written, whatever the zone the import runs in.
      created: '2025-03-12',
    });
    expect(clients.get('Сергей Петров')).toMatchObject({
      phones: [contact('+74951234567', 'work'), contact('+74952223344', 'home'), contact('+74955550011', 'other')],
      emails: [contact('s.petrov@romashka.ru', 'work'), contact('info@romashka.ru', 'other')],
      created: '2025-06-01',
    });
    for (const client of clients.values()) {
      const keys = Object.keys(client.extra);
      expect(keys.filter((key) => /телефон|e-mail/i.test(key) || key.trim() === '')).toEqual([]);
      expect(client.extra).toMatchObject({ Ответственный: 'Анна Смирнова' });
    }
  };

  it('reads UTF-8 with BOM, every value quoted, a ";" after the last one: names, every phone and e-mail, dates', async () => {
    const db = await freshDb();
    const run = await runCli(['import', 'clients', file('bitrix24-contacts-ru.csv'), '--json'], {
      db,
      env: { TZ: 'America/Los_Angeles' },
    });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.detected).toMatchObject({ layout: 'Bitrix24 contacts export', encoding: 'utf8', bom: true });
    expect(report.counts).toMatchObject({ created: 3, rejected: 0 });
    expectedContacts(await clientsIn(db));
  });

  it('reads the Windows-1251 copy of an old install, with no BOM, the same, and says what it recognised', async () => {
    const db = await freshDb();
    const run = await runCli(['import', 'clients', file('bitrix24-contacts-ru-cp1251.csv')], {
      db,
      env: { TZ: 'Asia/Vladivostok' },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('detected: Bitrix24 contacts export, CSV, encoding cp1251,');
    expectedContacts(await clientsIn(db));
  });

  it('reads the English interface’s export: every typed phone and e-mail column, month-first dates', async () => {
    const db = await freshDb();
    const run = await runCli(['import', 'clients', file('bitrix24-contacts-en.csv')], { db });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('detected: Bitrix24 contacts export');
    const clients = await clientsIn(db);
    expect(clients.get('John Smith')).toMatchObject({
      phones: [contact('+14155550132', 'work'), contact('+14155550199', 'mobile'), contact('+14155550100', 'other')],
      emails: [contact('john@acme.example', 'work'), contact('john.smith@mail.example', 'home')],
      birthday: '1985-09-20',
      created: '2025-09-20',
    });
    expect(clients.get('Jane Doe')).toMatchObject({
      phones: [contact('+447911123456', 'mobile'), contact('+447911123457', 'mailing')],
      emails: [contact('jane.doe@mail.example', 'home'), contact('news@jane.example', 'mailing')],
      created: '2025-10-01',
    });
    for (const client of clients.values()) expect(Object.keys(client.extra)).not.toContain('Other Phone Number');
  });
});

describe('crm import clients: a Bitrix24 companies export', () => {
  it('makes each company a client named by its title, with its phones and e-mails', async () => {
    const db = await freshDb();
    const run = await runCli(['import', 'clients', file('bitrix24-companies-ru.csv')], { db });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('detected: Bitrix24 companies export');
    const clients = await clientsIn(db);
    expect([...clients.keys()]).toEqual(['ООО Ромашка', 'ИП Лютикова']);
    expect(clients.get('ООО Ромашка')).toMatchObject({
      phones: [contact('+74957000001', 'work'), contact('+74957000002', 'work')],
      emails: [contact('info@romashka.ru', 'work'), contact('buh@romashka.ru', 'other')],
      created: '2025-06-01',
    });
    expect(clients.get('ИП Лютикова')!.note).toBe('Свадебные заказы');
    for (const client of clients.values()) expect(client.extra).not.toHaveProperty('Название компании');
  });
});

describe('crm import deals: a Bitrix24 deals export', () => {
  it('places each deal by its stage name, dates a closed one by its closing date, finds the contacts imported before', async () => {
    const db = await freshDb();
    expect((await runCli(['import', 'clients', file('bitrix24-contacts-ru.csv')], { db })).code).toBe(0);
    const run = await runCli(['import', 'deals', file('bitrix24-deals-ru.csv')], { db });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('detected: Bitrix24 deals export');
    expect(run.stdout).toContain(
      "stages: 'Сделка успешна' → won (1 deal), 'Cчёт на предоплату' → deal (1 deal), 'Анализ причины провала' → lost (1 deal), 'Новая' → lead (1 deal)",
    );
    expect(run.stdout).toContain(
      `unknown stages, imported as open leads: 'Замер' (1 deal); place each with --stage "Замер=won|lost|junk|lead|qualified|deal"`,
    );
    expect(run.stdout).toContain(
      "warning: amounts in USD (1 deal), not the database's currency RUB: kept as written, not converted",
    );

    const deals = await dealsIn(db);
    expect(deals.get('Абонемент на 10 стрижек')).toMatchObject({
      client: 'Мария Петровна Иванова',
      amount: 15000,
      stage: 'won',
      // Created at 23:55 local time on 28 February; closed on 3 March.
      created: '2025-02-28',
      won: '2025-03-03',
    });
    expect(deals.get('Корпоратив')).toMatchObject({ client: 'ООО Ромашка', amount: 120000, stage: 'deal' });
    expect(deals.get('Свадебная причёска')).toMatchObject({
      client: 'Ольга Игоревна Смирнова',
      stage: 'lost',
      lost: '2025-09-25',
    });
    expect(deals.get('Окрашивание')).toMatchObject({ client: 'Сергей Петров', stage: 'lead' });
    expect(deals.get('Выездная стрижка')).toMatchObject({ amount: 300, stage: 'lead' });
    // Open deals are not closed on the date Bitrix24 only hopes for.
    expect(deals.get('Корпоратив')!.history.map((e) => e.date)).toEqual(['2025-03-15', '2025-03-15']);

    const clients = await clientsIn(db);
    expect([...clients.keys()]).toEqual([
      'Мария Петровна Иванова',
      'Сергей Петров',
      'Ольга Игоревна Смирнова',
      'ООО Ромашка',
    ]);

    // The won deal is a purchase on the day it closed: March's revenue, not February's.
    const march = await listJson(db, ['report', 'monthly', '-p', '2025-03']);
    const february = await listJson(db, ['report', 'monthly', '-p', '2025-02']);
    expect(march.arpu).toMatchObject({ revenue: 15000, purchases: 1 });
    expect(february.arpu).toMatchObject({ revenue: 0, purchases: 0 });
  });

  it('--stage places a name the defaults do not know; an updated import moves the stored deal; a profile keeps it', async () => {
    const db = await freshDb();
    expect((await runCli(['import', 'deals', file('bitrix24-deals-ru.csv')], { db })).code).toBe(0);
    expect((await dealsIn(db)).get('Окрашивание')!.stage).toBe('lead');

    const placed = await runCli(
      ['import', 'deals', file('bitrix24-deals-ru.csv'), '--stage', 'Замер=qualified', '--save-profile', 'bitrix'],
      { db },
    );
    expect(placed.code).toBe(0);
    expect(placed.stdout).toContain("'Замер' → qualified (--stage) (1 deal)");
    expect(placed.stdout).not.toContain('unknown stages');
    expect(placed.stdout).toContain('created 0 deals, moved 1, duplicates 4');
    expect((await dealsIn(db)).get('Окрашивание')).toMatchObject({
      stage: 'qualified',
      history: [expect.objectContaining({ stage: 'lead' }), expect.objectContaining({ stage: 'qualified' })],
    });

    const profiles = await listJson(db, ['import', 'profiles']);
    expect(profiles).toEqual([
      expect.objectContaining({ name: 'bitrix', kind: 'deals', settings: { stages: { Замер: 'qualified' } } }),
    ]);

    // Into another database, the profile places the name as the command line did.
    const other = await freshDb();
    await runCli(['import', 'deals', file('bitrix24-deals-ru.csv'), '--stage', 'Замер=won', '--save-profile', 'b'], {
      db: other,
    });
    const before = dump(other);
    const again = await runCli(['import', 'deals', file('bitrix24-deals-ru.csv'), '--profile', 'b'], { db: other });
    expect(again.stdout).toContain("'Замер' → won (--stage) (1 deal)");
    expect(again.stdout).toContain('nothing new: the database was not changed');
    expect(dump(other)).toBe(before);
  });

  it('refuses a --stage that names no stage, before reading anything', async () => {
    const db = await freshDb();
    const run = await runCli(['import', 'deals', file('bitrix24-deals-ru.csv'), '--stage', 'Замер=измерено'], { db });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      "--stage 'Замер=измерено': 'измерено' is not a stage (lead, qualified, deal, won, lost, junk)",
    );
    expect(await listJson(db, ['deal', 'list'])).toEqual([]);
  });
});

describe('amoCRM leads export', () => {
  it('imports as deals with their clients: budget, stage, closing date, phones without their apostrophe', async () => {
    const db = await freshDb();
    const run = await runCli(['import', 'deals', file('amocrm-leads-ru.csv')], {
      db,
      env: { TZ: 'Pacific/Honolulu' },
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain("detected: amoCRM leads export, CSV, encoding utf8, delimiter ','");
    expect(run.stdout).toContain('Бюджет ₽ → amount');
    expect(run.stdout).toContain("unknown stages, imported as open leads: 'Замер' (1 deal)");
    expect(run.stdout).not.toContain('warning: amounts in');

    const deals = await dealsIn(db);
    expect(deals.get('Стрижка и укладка')).toMatchObject({
      client: 'Мария Иванова',
      amount: 2500,
      stage: 'won',
      created: '2025-02-28',
      won: '2025-03-03',
    });
    expect(deals.get('Свадебная причёска')).toMatchObject({ client: 'Ольга Смирнова', stage: 'qualified' });
    expect(deals.get('Свадебная причёска')!.extra).toMatchObject({ Теги: 'свадьба, VIP' });
    expect(deals.get('Окрашивание')).toMatchObject({ client: 'Иван Петров', stage: 'lost', lost: '2025-03-20' });
    expect(deals.get('Маникюр')).toMatchObject({ client: 'ООО Лютик', stage: 'lead' });
    expect(deals.get('Заявка с сайта')).toMatchObject({ amount: 0, stage: 'lead', created: '2025-03-18' });

    const clients = await clientsIn(db);
    // A deals file's clients keep their phones as written, without the apostrophe (their labels are a clients file's).
    const phones = (name: string) => clients.get(name)!.phones.map((p) => [p.value, p.raw]);
    expect(phones('Ольга Смирнова')).toEqual([
      ['+74951234567', '+7 495 123-45-67'],
      ['+79031112233', '+7 903 111-22-33'],
    ]);
    expect(phones('Иван Петров')).toEqual([['+79161234567', '89161234567']]);
    // The lead from the website names only a phone: its client is that phone's.
    expect(clients.get('')!.phones.map((p) => p.value)).toEqual(['+79990001122']);

    const march = await listJson(db, ['report', 'monthly', '-p', '2025-03']);
    expect(march.arpu).toMatchObject({ revenue: 2500, purchases: 1 });
  });

  it('imports as clients: each lead’s contact, none of the lead’s own columns', async () => {
    const db = await freshDb();
    const run = await runCli(['import', 'clients', file('amocrm-leads-ru.csv')], { db });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('detected: amoCRM leads export');
    const clients = await clientsIn(db);
    expect(clients.get('Мария Иванова')).toMatchObject({
      phones: [{ value: '+79123456789', raw: '+7 912 345-67-89', label: 'mobile' }],
      emails: [contact('maria.ivanova@mail.ru', 'home')],
      source: 'Instagram',
      tags: ['Instagram'],
      created: '2025-02-28',
    });
    expect(clients.get('Ольга Смирнова')).toMatchObject({
      emails: [contact('olga@work.ru', 'work'), contact('olga.smirnova@mail.ru', 'home')],
      tags: ['свадьба', 'VIP'],
    });
    expect(clients.get('ООО Лютик')).toBeDefined();
    for (const client of clients.values()) {
      for (const column of ['ID', 'Название сделки', 'Бюджет ₽', 'Этап сделки', 'Воронка', 'Дата закрытия'])
        expect(client.extra).not.toHaveProperty(column);
    }
  });
});
