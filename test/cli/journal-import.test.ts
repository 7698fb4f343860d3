import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-harness.js';
import { dump, fixture, tempDbPath, tempDir } from '../helpers.js';

async function withClients(): Promise<string> {
  const db = tempDbPath();
  await runCli(['config', 'set', 'region', 'RU'], { db });
  await runCli(['import', 'clients', fixture('clients/csv-calc-cp1251.csv')], { db });
  return db;
}

async function importJson(db: string, kind: string, file: string, ...args: string[]) {
  const run = await runCli(['import', kind, file, '--json', ...args], { db });
  return { run, report: run.stdout ? JSON.parse(run.stdout) : null };
}

const list = async (db: string, what: string[]) => JSON.parse((await runCli([...what, '--json'], { db })).stdout);

describe('crm import visits', () => {
  it('imports a Russian Calc journal (cp1251, ;, dd.mm.yyyy, 1 500,00) against the stored clients', async () => {
    const db = await withClients();
    const { run, report } = await importJson(db, 'visits', fixture('visits/visits-calc-ru.csv'));
    expect(run.code).toBe(0);
    expect(report.detected).toMatchObject({
      encoding: 'cp1251',
      delimiter: ';',
      headerLanguage: 'ru',
      dateStyle: 'dmy',
    });
    expect(report.counts).toEqual({ read: 30, created: 30, updated: 0, duplicate: 0, rejected: 0, new_clients: 0 });
    const visits = await list(db, ['visit', 'list']);
    expect(visits).toHaveLength(30);
    expect(visits[0]).toMatchObject({
      client: 'Лебедева Ольга',
      date: '2026-01-02',
      amount: 2500,
      service: 'Уход для волос',
    });
    // Summed independently from the fixture (a csv reader outside this project): 63 780,00.
    expect(visits.reduce((sum: number, v: { amount: number }) => sum + v.amount, 0)).toBe(63780);
    // The note with a ';' inside quotes and the multi-line note survive.
    expect(visits.map((v: { note: string | null }) => v.note)).toContain('Скидка 10%; подарочный сертификат');
    expect(visits.map((v: { note: string | null }) => v.note)).toContain('Перенос с 12:00\nна 15:00');
  });

  it('imports an English journal (UTF-8, comma, dd/mm/yyyy, 1,250.00) creating the clients it does not know', async () => {
    const db = tempDbPath();
    await runCli(['config', 'set', 'region', 'RU'], { db });
    const { report } = await importJson(db, 'visits', fixture('visits/visits-english.csv'));
    expect(report.counts).toMatchObject({ created: 10, new_clients: 4 });
    const clients = await list(db, ['client', 'list']);
    expect(clients.map((c: { name: string; phone: string; created: string }) => [c.name, c.phone, c.created])).toEqual([
      ['Smith, John', '+14155550132', '2026-01-14'],
      ['Jane Doe', '+442079460958', '2026-01-28'],
      ['Олег Сидоров', '+79120000001', '2026-02-03'],
      ['Maria Garcia', '+34612345678', '2026-03-02'],
    ]);
    const colouring = await list(db, ['visit', 'list', '--service', 'colouring']);
    expect(colouring.map((v: { amount: number }) => v.amount)).toEqual([1250, 95]);
  });

  it('a second import changes nothing; an updated copy adds only its new rows; undo restores the exact state', async () => {
    const db = await withClients();
    const empty = dump(db);
    await importJson(db, 'visits', fixture('visits/visits-calc-ru.csv'));
    const once = dump(db);
    const again = await importJson(db, 'visits', fixture('visits/visits-calc-ru.csv'));
    expect(again.report.counts).toMatchObject({ created: 0, duplicate: 30 });
    expect(dump(db)).toBe(once);

    const updated = join(tempDir(), 'journal.csv');
    const text = iconv.decode(readFileSync(fixture('visits/visits-calc-ru.csv')), 'cp1251');
    writeFileSync(
      updated,
      iconv.encode(
        `${text}01.12.2026;"Морозов Иван";"+7 912 555 44 33";"Педикюр";"2 200,00";\n02.12.2026;"Новая Клиентка";"8 900 123-45-67";"Маникюр";"1 500,00";\n`,
        'cp1251',
      ),
    );
    const { report } = await importJson(db, 'visits', updated);
    expect(report.counts).toMatchObject({ created: 2, duplicate: 30, new_clients: 1 });
    expect(await list(db, ['visit', 'list'])).toHaveLength(32);

    expect((await runCli(['import', 'undo', String(report.batch)], { db })).code).toBe(0);
    expect(dump(db)).toBe(once);
    expect((await runCli(['import', 'undo', '2'], { db })).code).toBe(0);
    expect(dump(db)).toBe(empty);
  });

  it('counts identical rows: the n-th identical row of a file matches the n-th stored visit', async () => {
    const db = await withClients();
    const dir = tempDir();
    const row = '05.03.2026;Морозов Иван;+7 912 555 44 33;Педикюр;2200\n';
    writeFileSync(join(dir, 'two.csv'), `Дата;Клиент;Телефон;Услуга;Сумма\n${row}${row}`);
    writeFileSync(join(dir, 'three.csv'), `Дата;Клиент;Телефон;Услуга;Сумма\n${row}${row}${row}`);
    expect((await importJson(db, 'visits', join(dir, 'two.csv'))).report.counts).toMatchObject({ created: 2 });
    expect((await importJson(db, 'visits', join(dir, 'two.csv'))).report.counts).toMatchObject({
      created: 0,
      duplicate: 2,
    });
    expect((await importJson(db, 'visits', join(dir, 'three.csv'))).report.counts).toMatchObject({
      created: 1,
      duplicate: 2,
    });
    expect(await list(db, ['visit', 'list'])).toHaveLength(3);
    // Twins in a journal are all new when the table already holds other visits of that client.
    const other = '06.03.2026;Морозов Иван;+7 912 555 44 33;Маникюр;1500\n';
    writeFileSync(join(dir, 'twins.csv'), `Дата;Клиент;Телефон;Услуга;Сумма\n${other}${other}`);
    expect((await importJson(db, 'visits', join(dir, 'twins.csv'))).report.counts).toMatchObject({
      created: 2,
      duplicate: 0,
    });
    expect((await importJson(db, 'visits', join(dir, 'twins.csv'))).report.counts).toMatchObject({
      created: 0,
      duplicate: 2,
    });
  });

  it('a dry run counts a visit entered by hand as the import does: already there', async () => {
    const db = await withClients();
    const dir = tempDir();
    writeFileSync(
      join(dir, 'one.csv'),
      'Дата;Клиент;Телефон;Услуга;Сумма\n05.03.2026;Морозов Иван;+7 912 555 44 33;Педикюр;2200\n',
    );
    const added = await runCli(
      ['visit', 'add', '+7 912 555 44 33', '2200', '--date', '2026-03-05', '--service', 'Педикюр'],
      { db },
    );
    expect(added.code).toBe(0);
    const expected = { created: 0, duplicate: 1 };
    expect((await importJson(db, 'visits', join(dir, 'one.csv'), '--dry-run')).report.counts).toMatchObject(expected);
    expect((await importJson(db, 'visits', join(dir, 'one.csv'))).report.counts).toMatchObject(expected);
  });

  it('settles the date style from the whole first 10,000 rows, though the reading thread hands them on in parts', async () => {
    // Rows 2–5,000 read either way (03/02/2025); only row 5,001 says month first (12/25/2025). The reading thread
    // sends the first 10,000 rows as the sample before it numbers their phones batch by batch.
    const lines = ['Date,Client,Phone,Amount'];
    for (let i = 0; i < 12_000; i++) {
      const date = i === 4_999 ? '12/25/2025' : '03/02/2025';
      lines.push(`${date},Client ${i % 700},+7 912 ${String(1_000_000 + (i % 700)).slice(1)},100`);
    }
    const file = join(tempDir(), 'month-first.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const db = tempDbPath();
    await runCli(['config', 'set', 'region', 'RU'], { db });
    const run = await runCli(['import', 'visits', file], { db });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('(month first)');
    expect(run.stdout).toContain('created 12000 visits, duplicates 0, rejected 0 of 12000 rows; new clients 700');
    const march = JSON.parse((await runCli(['report', 'arpu', '-p', '2025-03', '--json'], { db })).stdout);
    expect(march).toMatchObject({ purchases: 11_999 });
  });

  it('rejects bad rows with line and column, keeps the good ones', async () => {
    const db = await withClients();
    const file = join(tempDir(), 'bad.csv');
    const rejects = join(tempDir(), 'rejects.csv');
    writeFileSync(
      file,
      'Date,Client,Phone,Amount,Service\n01.03.2026,Морозов Иван,+79125554433,1500,Педикюр\n31.02.2026,Морозов Иван,+79125554433,1500,Педикюр\n02.03.2026,Морозов Иван,+79125554433,-5,Педикюр\n03.03.2026,,,100,Педикюр\n04.03.2026,Морозов Иван,,,Педикюр\n',
    );
    const { run, report } = await importJson(db, 'visits', file, '--rejects', rejects);
    expect(run.code).toBe(0);
    expect(report.counts).toMatchObject({ created: 1, rejected: 4 });
    // Each row as it was under the file's header, to be fixed and imported again, its line and reason after it.
    expect(readFileSync(rejects, 'utf8')).toBe(
      [
        'Date,Client,Phone,Amount,Service,rejected: line,rejected: reason',
        "31.02.2026,Морозов Иван,+79125554433,1500,Педикюр,3,Date: '31.02.2026' is not a date",
        "02.03.2026,Морозов Иван,+79125554433,-5,Педикюр,4,Amount: '-5' is negative",
        '03.03.2026,,,100,Педикюр,5,"no client name, phone or e-mail"',
        '04.03.2026,Морозов Иван,,,Педикюр,6,Amount: no amount',
        '',
      ].join('\n'),
    );
  });

  it('refuses a journal without a date or amount column, naming the headers', async () => {
    const db = await withClients();
    const file = join(tempDir(), 'nodate.csv');
    writeFileSync(file, 'Клиент;Сумма\nМорозов Иван;100\n');
    const run = await runCli(['import', 'visits', file], { db });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `crm: ${file}: no column for date (headers: Клиент, Сумма); name it with --map "Header=date"\n`,
    );
  });
});

describe('crm import deals', () => {
  it('imports the Russian deals file: the furthest filled stage is the current one, a lead without a client counts', async () => {
    const db = await withClients();
    const { report } = await importJson(db, 'deals', fixture('deals/deals-ru.csv'));
    expect(report.counts).toMatchObject({ created: 10, rejected: 0 });
    const deals = await list(db, ['deal', 'list']);
    expect(deals.map((d: { title: string; stage: string }) => [d.title, d.stage])).toEqual([
      ['Абонемент на 10 стрижек', 'won'],
      ['Корпоратив ООО Ромашка', 'lost'],
      ['Свадебная причёска', 'qualified'],
      ['Спам-звонок', 'junk'],
      ['Подарочный сертификат', 'won'],
      ['Абонемент на маникюр', 'lost'],
      ['Мужской клуб, 6 месяцев', 'won'],
      ['Окрашивание AirTouch', 'lead'],
      ['Ошибся номером', 'junk'],
      ['Выпускной: причёска и макияж', 'deal'],
    ]);
    expect(deals[1]).toMatchObject({
      amount: 120000,
      qualified: '2026-01-16',
      deal: '2026-02-02',
      won: null,
      lost: '2026-02-10',
      reason: 'Дорого',
    });
    expect(deals[8]).toMatchObject({ client_id: null, junk: '2026-04-02' });
  });

  it('moves a stored deal on when an updated copy fills a later stage, and undo moves it back', async () => {
    const db = await withClients();
    await importJson(db, 'deals', fixture('deals/deals-ru.csv'));
    const before = dump(db);
    expect((await importJson(db, 'deals', fixture('deals/deals-ru.csv'))).report.counts).toMatchObject({
      created: 0,
      updated: 0,
      duplicate: 10,
    });
    const updated = join(tempDir(), 'deals.csv');
    const original = readFileSync(fixture('deals/deals-ru.csv'), 'utf8');
    const text = original.replace(
      'Instagram;15.04.2026;20.04.2026;;;;',
      'Instagram;15.04.2026;20.04.2026;25.06.2026;;;',
    );
    expect(text).not.toBe(original);
    writeFileSync(updated, text);
    const { report } = await importJson(db, 'deals', updated);
    expect(report.counts).toMatchObject({ created: 0, updated: 1, duplicate: 9 });
    expect(await list(db, ['deal', 'show', '10'])).toMatchObject({ stage: 'won', won: '2026-06-25' });
    await runCli(['import', 'undo', String(report.batch)], { db });
    expect(dump(db)).toBe(before);
  });

  it('reads English headers and rejects impossible stage dates', async () => {
    const db = await withClients();
    const file = join(tempDir(), 'deals.csv');
    writeFileSync(
      file,
      'Created,Client,Phone,Title,Amount,Source,Qualified,Deal date,Won,Lost,Junk,Reason\n2026-03-01,Морозов Иван,+79125554433,Club,18000,Referral,2026-03-02,2026-03-05,2026-03-09,,,\n2026-03-01,Морозов Иван,+79125554433,Other,100,,2026-02-01,,,,,\n',
    );
    const { report } = await importJson(db, 'deals', file);
    expect(report.counts).toMatchObject({ created: 1, rejected: 1 });
    expect(report.rows[1].details).toBe('qualified date 2026-02-01 is before lead date 2026-03-01');
  });
});

describe('English journals', () => {
  it('imports English deals and NPS answers (comma, ISO dates, 2,400.00)', async () => {
    const db = tempDbPath();
    await runCli(['config', 'set', 'region', 'RU'], { db });
    await runCli(['import', 'clients', fixture('clients/csv-english-comma.csv')], { db });
    const deals = await importJson(db, 'deals', fixture('deals/deals-english.csv'));
    expect(deals.report.detected).toMatchObject({ delimiter: ',', headerLanguage: 'en', dateStyle: 'ymd' });
    expect(deals.report.counts).toMatchObject({ created: 5, rejected: 0, new_clients: 0 });
    expect(
      (await list(db, ['deal', 'list'])).map(
        (d: { title: string; stage: string; amount: number | null; client_id: number | null }) => [
          d.title,
          d.stage,
          d.amount,
          d.client_id !== null,
        ],
      ),
    ).toEqual([
      ['Corporate styling day', 'won', 2400, true],
      ['Wedding party (6 people)', 'lost', 1150, true],
      ['Wrong number', 'junk', null, false],
      ['Hair colour course', 'deal', 380, true],
      ['Beard club (annual)', 'lead', 250, true],
    ]);
    const nps = await importJson(db, 'nps', fixture('nps/nps-english.csv'));
    expect(nps.report.counts).toMatchObject({ created: 5, rejected: 0, new_clients: 0 });
    expect(
      (await list(db, ['nps', 'list', '--detractors'])).map((a: { client: string; improve: string }) => [
        a.client,
        a.improve,
      ]),
    ).toEqual([['Jane Doe', 'Waited 20 minutes, again']]);
    expect((await importJson(db, 'deals', fixture('deals/deals-english.csv'))).report.counts).toMatchObject({
      created: 0,
      updated: 0,
    });
    expect((await importJson(db, 'nps', fixture('nps/nps-english.csv'))).report.counts).toMatchObject({ created: 0 });
  });
});

describe('crm import nps', () => {
  it('imports answers with English or Russian headers, once', async () => {
    const db = await withClients();
    const { report } = await importJson(db, 'nps', fixture('nps/nps-ru.csv'));
    expect(report.counts).toMatchObject({ created: 10, rejected: 0 });
    expect(
      (await list(db, ['nps', 'list', '--detractors'])).map((a: { client: string; score: number }) => [
        a.client,
        a.score,
      ]),
    ).toEqual([
      ['Петров Сергей', 6],
      ['Волкова Анна Сергеевна', 4],
      ['Кузнецов Алексей Игоревич', 3],
    ]);
    expect((await importJson(db, 'nps', fixture('nps/nps-ru.csv'))).report.counts).toMatchObject({
      created: 0,
      duplicate: 10,
    });
    const english = join(tempDir(), 'nps.csv');
    writeFileSync(
      english,
      'Date,Phone,Score,What could we improve,What did you like\n2026-05-01,+79125554433,11,,\n2026-05-02,+79125554433,8,Music,Speed\n',
    );
    const { report: en } = await importJson(db, 'nps', english);
    expect(en.counts).toMatchObject({ created: 1, rejected: 1 });
    expect(en.rows[0].details).toBe("Score: '11' is not a score from 0 to 10");
  });
});

/** Every bundled sample imported in turn: each client dialect, then the salon's visits, deals and NPS answers. */
async function bundledSamples(): Promise<string> {
  const db = tempDbPath();
  await runCli(['config', 'set', 'region', 'RU'], { db });
  const files = [
    ...[
      'csv-calc-cp1251.csv',
      'csv-excel-utf8bom.csv',
      'csv-english-comma.csv',
      'csv-google-contacts.csv',
      'csv-outlook.csv',
      'csv-excel-unicode.txt',
      'vcard-android-21-qp.vcf',
      'vcard-nokia-21-cp1251.vcf',
      'vcard-iphone-30.vcf',
      'vcard-google-40.vcf',
    ].map((file) => ['clients', `clients/${file}`]),
    ['visits', 'visits/visits-calc-ru.csv'],
    ['visits', 'visits/visits-english.csv'],
    ['deals', 'deals/deals-ru.csv'],
    ['deals', 'deals/deals-english.csv'],
    ['nps', 'nps/nps-ru.csv'],
    ['nps', 'nps/nps-english.csv'],
  ];
  for (const [kind, file] of files) {
    const run = await runCli(['import', kind!, fixture(file!)], { db });
    expect(run.code, `${file}: ${run.stderr}`).toBe(0);
  }
  return db;
}

describe('crm client show on the bundled samples', () => {
  it('expects each client next on the day crm due expects them', async () => {
    const db = await bundledSamples();
    const due = JSON.parse((await runCli(['due', '--json', '--within', '3650', '--window', '3650'], { db })).stdout);
    expect(due.clients.length).toBeGreaterThan(3);
    for (const listed of due.clients as Array<{ client_id: number; expected: string | null }>) {
      const card = JSON.parse((await runCli(['client', 'show', String(listed.client_id), '--json'], { db })).stdout);
      expect([listed.client_id, card.stats.expected_visit]).toEqual([listed.client_id, listed.expected]);
    }
  });

  it('shows the figures of a client’s history, as computed by hand', async () => {
    const db = await bundledSamples();
    // Волкова Анна Сергеевна: visits 06.03 Педикюр 2200, 26.05 Маникюр 1500, 15.09 Стрижка мужская 1200,
    // 07.10 Окрашивание 4500, 25.11 Педикюр 2200; her deal was lost; NPS 4 on 10.03.
    // Gaps 81, 112, 22, 49 days: median 65.
    const anna = JSON.parse((await runCli(['client', 'show', '+79120001122', '--json'], { db })).stdout);
    expect(anna.name).toBe('Волкова Анна Сергеевна');
    expect(anna.stats).toEqual({
      visits: 5,
      purchases: 5,
      revenue_this_year: 11600,
      revenue_last_year: 0,
      revenue_lifetime: 11600,
      first_visit: '2026-03-06',
      last_visit: '2026-11-25',
      usual_gap_days: 65,
      // As crm due on 22.11: the purchase days up to today (06.03, 26.05, 15.09, 07.10), gaps 81, 112, 22, median 81.
      expected_visit: '2026-12-27',
      favourite_services: [
        { service: 'Педикюр', visits: 2 },
        { service: 'Маникюр', visits: 1 },
        { service: 'Окрашивание', visits: 1 },
      ],
    });
    expect(anna.open_deals).toEqual([]);
    expect(anna.nps).toEqual([
      { id: 5, date: '2026-03-10', score: 4, improve: 'Записали не на то время; пришлось ждать', liked: null },
    ]);
    // Иванова Мария Петровна: visits 23.04 Укладка 1000, 08.05 Стрижка мужская 1200, 21.06 Стрижка женская 1800,
    // and a deal of 15 000 won on 20.01: four purchases, 19 000 this year. Gaps 15 and 44 days: median 29.5.
    const maria = JSON.parse((await runCli(['client', 'show', '+79123456789', '--json'], { db })).stdout);
    expect(maria.stats).toMatchObject({
      visits: 3,
      purchases: 4,
      revenue_this_year: 19000,
      revenue_lifetime: 19000,
      first_visit: '2026-04-23',
      last_visit: '2026-06-21',
      usual_gap_days: 29.5,
      // Purchase days 20.01 (the deal), 23.04, 08.05, 21.06: gaps 93, 15, 44, median 44.
      expected_visit: '2026-08-04',
    });
    expect(maria.nps.map((a: { score: number }) => a.score)).toEqual([10, 9]);
    const table = (await runCli(['client', 'show', '+79120001122'], { db })).stdout;
    expect(table).toMatch(/^revenue 2026 {2,}11\u00a0600,00/m);
    expect(table).toMatch(/^usual gap {2,}65 days/m);
    expect(table).toContain('last 5 visits:');
  });
});

describe('a journal writing one new client’s two names either way round', () => {
  it('makes one client of `Иванова Анна` and `Анна Иванова`, so that the month counts her once', async () => {
    const dir = tempDir();
    const db = join(dir, 'crm.sqlite');
    await runCli(['config', 'set', 'region', 'RU'], { db });
    const journal = join(dir, 'journal.csv');
    writeFileSync(
      journal,
      [
        'Дата;Клиент;Телефон;Услуга;Сумма',
        '01.10.2026;Иванова Анна;8 912 345-67-89;Стрижка;1 500,00',
        '05.10.2026;Анна Иванова;;Стрижка;1 500,00',
        '07.10.2026;Петрова Ольга;;Укладка;900,00',
        '09.10.2026;Ольга Петрова;;Укладка;900,00',
        '',
      ].join('\n'),
    );
    expect((await runCli(['import', 'visits', journal], { db })).code).toBe(0);
    const clients = JSON.parse((await runCli(['client', 'list', '--json'], { db })).stdout) as Array<{ name: string }>;
    expect(clients.map((c) => c.name)).toEqual(['Иванова Анна', 'Петрова Ольга']);
    const arpu = JSON.parse((await runCli(['report', 'arpu', '-p', '2026-10', '--json'], { db })).stdout);
    expect(arpu).toMatchObject({ active_clients: 2, new_clients: 2, revenue: 4800, purchases: 4 });
  });
});

describe('a journal naming clients by surname and first name', () => {
  /** A client list with full names (one name twice over but for the patronymic), and a journal of short names. */
  async function listAndJournal() {
    const dir = tempDir();
    const db = join(dir, 'crm.sqlite');
    await runCli(['config', 'set', 'region', 'RU'], { db });
    const clients = join(dir, 'clients.csv');
    writeFileSync(
      clients,
      [
        'Name,Phone,Email',
        'Иванова Мария Петровна,+7 912 000-00-01,',
        'Петров Олег Ильич,,oleg@example.ru',
        'Кузнецова Анна Сергеевна,+7 912 000-00-03,',
        'Кузнецова Анна Викторовна,+7 912 000-00-04,',
        '',
      ].join('\n'),
    );
    expect((await runCli(['import', 'clients', clients], { db })).code).toBe(0);
    const journal = join(dir, 'journal.csv');
    writeFileSync(
      journal,
      [
        'Дата;Клиент;Телефон;Услуга;Сумма',
        '01.10.2026;Иванова Мария;;Стрижка;1 500,00',
        '02.10.2026;Мария Иванова;;Стрижка;1 500,00',
        '03.10.2026;Олег Петров;;Укладка;900,00',
        '04.10.2026;Кузнецова Анна;;Маникюр;1 200,00',
        '05.10.2026;Кузнецова Анна;;Маникюр;1 200,00',
        '06.10.2026;Иван Петров;;Стрижка;800,00',
        '',
      ].join('\n'),
    );
    return { db, journal };
  }

  const visitsBy = async (db: string) =>
    (await list(db, ['visit', 'list'])).map((v: { client: string; date: string }) => [v.date, v.client]);

  it('finds the one listed client whose full name starts so, and creates a client where two could be meant', async () => {
    const { db, journal } = await listAndJournal();
    const { run, report } = await importJson(db, 'visits', journal);
    expect(run.code).toBe(0);
    // Кузнецова Анна (two listed clients could be meant) and Иван Петров (not Иванова: whole words only).
    expect(report.counts).toMatchObject({ created: 6, new_clients: 2 });
    expect(await visitsBy(db)).toEqual([
      ['2026-10-01', 'Иванова Мария Петровна'],
      ['2026-10-02', 'Иванова Мария Петровна'],
      ['2026-10-03', 'Петров Олег Ильич'],
      ['2026-10-04', 'Кузнецова Анна'],
      ['2026-10-05', 'Кузнецова Анна'],
      ['2026-10-06', 'Иван Петров'],
    ]);
    // The pairs a person must decide on are listed for crm client merge, with the client the journal made.
    expect(await list(db, ['client', 'merge'])).toEqual([
      { client_id: 5, other_id: 3, reason: 'same surname and first name' },
      { client_id: 5, other_id: 4, reason: 'same surname and first name' },
    ]);
    const before = dump(db);
    expect((await importJson(db, 'visits', journal)).report.counts).toMatchObject({
      created: 0,
      duplicate: 6,
      new_clients: 0,
    });
    expect(dump(db)).toBe(before);
  });

  it('after merging the client it made, the same journal again adds nothing; undo of it still works', async () => {
    const { db, journal } = await listAndJournal();
    const first = (await importJson(db, 'visits', journal)).report;
    expect((await runCli(['client', 'merge', '3', '5'], { db })).code).toBe(0);
    expect(await list(db, ['client', 'merge'])).toEqual([]);
    const clientsBefore = await list(db, ['client', 'list']);
    const before = dump(db);
    const again = await importJson(db, 'visits', journal);
    expect(again.run.code).toBe(0);
    expect(again.report.counts).toMatchObject({ created: 0, duplicate: 6, new_clients: 0 });
    expect(dump(db)).toBe(before);
    expect(await list(db, ['client', 'list'])).toEqual(clientsBefore);
    // The merged-away name finds the client it was merged into.
    const find = async (query: string) => (await list(db, ['client', 'find', query])).map((c: { id: number }) => c.id);
    expect(await find('кузнецова анна')).toEqual([3, 4]);
    // Two words of a name in either order.
    expect(await find('Анна Кузнецова')).toEqual([3, 4]);
    // Undo of the journal imported before the merge: its visits go, wherever they were merged to; the listed
    // clients stay, with the name merged into one of them.
    const undo = await runCli(['import', 'undo', String(first.batch)], { db });
    expect(undo.code).toBe(0);
    expect(await list(db, ['visit', 'list'])).toEqual([]);
    expect((await list(db, ['client', 'list'])).map((c: { id: number }) => c.id)).toEqual([1, 2, 3, 4]);
    expect((await importJson(db, 'visits', journal)).report.counts).toMatchObject({ created: 6, new_clients: 1 });
    expect((await visitsBy(db)).map(([, client]: string[]) => client)).toEqual([
      'Иванова Мария Петровна',
      'Иванова Мария Петровна',
      'Петров Олег Ильич',
      'Кузнецова Анна Сергеевна',
      'Кузнецова Анна Сергеевна',
      'Иван Петров',
    ]);
  });

  it('lists a client it made beside a listed one whose phone disagrees; merged, the journal adds nothing again', async () => {
    const { db } = await listAndJournal();
    const journal = join(tempDir(), 'journal.csv');
    writeFileSync(
      journal,
      'Дата;Клиент;Телефон;Услуга;Сумма\n07.10.2026;Иванова Мария;+7 999 000-00-07;Стрижка;1 500,00\n',
    );
    expect((await importJson(db, 'visits', journal)).report.counts).toMatchObject({ created: 1, new_clients: 1 });
    expect(await list(db, ['client', 'merge'])).toEqual([
      { client_id: 5, other_id: 1, reason: 'same surname and first name' },
    ]);
    expect((await runCli(['client', 'merge', '1', '5'], { db })).code).toBe(0);
    expect((await importJson(db, 'visits', journal)).report.counts).toMatchObject({
      created: 0,
      duplicate: 1,
      new_clients: 0,
    });
    expect(await list(db, ['client', 'list'])).toHaveLength(4);
  });

  it('finds the listed client for deals and NPS answers too', async () => {
    const { db } = await listAndJournal();
    const dir = tempDir();
    const deals = join(dir, 'deals.csv');
    writeFileSync(deals, 'Создана;Клиент;Название;Сумма\n12.01.2026;Мария Иванова;Абонемент;15 000,00\n');
    const nps = join(dir, 'nps.csv');
    writeFileSync(nps, 'Дата;Клиент;Оценка\n20.01.2026;Петров Олег;9\n');
    expect((await importJson(db, 'deals', deals)).report.counts).toMatchObject({ created: 1, new_clients: 0 });
    expect((await importJson(db, 'nps', nps)).report.counts).toMatchObject({ created: 1, new_clients: 0 });
    expect(await list(db, ['client', 'list'])).toHaveLength(4);
  });
});

describe('a journal naming two people on one family phone', () => {
  const JOURNAL = [
    'Дата;Клиент;Телефон;Услуга;Сумма',
    '01.11.2026;Федорова Ирина;8 916 555-12-34;Окрашивание;4 500,00',
    '02.11.2026;Федоров Игорь;8 916 555-12-34;Стрижка;1 200,00',
    '15.11.2026;Ирина Федорова;89165551234;Укладка;2 000,00',
    '16.11.2026;Игорь Федоров;8 916 555 12 34;Стрижка;1 200,00',
    '20.11.2026;Ира Федорова;+79165551234;Маникюр;1 500,00',
    '21.11.2026;Мама;+79165551234;Маникюр;1 500,00',
  ].join('\n');

  async function listedWife(): Promise<{ db: string; journal: string }> {
    const db = tempDbPath();
    await runCli(['config', 'set', 'region', 'RU'], { db });
    const dir = tempDir();
    writeFileSync(join(dir, 'clients.csv'), 'Имя;Телефон\nФедорова Ирина;+7 916 555-12-34\n');
    expect((await runCli(['import', 'clients', join(dir, 'clients.csv')], { db })).code).toBe(0);
    writeFileSync(join(dir, 'journal.csv'), `${JOURNAL}\n`);
    return { db, journal: join(dir, 'journal.csv') };
  }

  it('keeps the husband’s visits apart from his wife’s, and lists the two for crm client merge', async () => {
    const { db, journal } = await listedWife();
    expect((await importJson(db, 'visits', journal)).report.counts).toMatchObject({ created: 6, new_clients: 1 });
    expect((await list(db, ['client', 'list'])).map((c: { name: string }) => c.name)).toEqual([
      'Федорова Ирина',
      'Федоров Игорь',
    ]);
    const visits = await list(db, ['visit', 'list']);
    expect(visits.map((v: { client: string; date: string }) => [v.date, v.client])).toEqual([
      ['2026-11-01', 'Федорова Ирина'],
      ['2026-11-02', 'Федоров Игорь'],
      ['2026-11-15', 'Федорова Ирина'],
      ['2026-11-16', 'Федоров Игорь'],
      ['2026-11-20', 'Федорова Ирина'],
      ['2026-11-21', 'Федорова Ирина'],
    ]);
    expect(await list(db, ['client', 'merge'])).toEqual([
      { client_id: 2, other_id: 1, reason: 'same phone or e-mail, another name' },
    ]);
    const russian = await runCli(['client', 'merge'], { db, env: { LANG: 'ru_RU.UTF-8' } });
    expect(russian.stdout).toContain('тот же телефон или e-mail, другое имя');
    expect((await importJson(db, 'visits', journal)).report.counts).toMatchObject({
      created: 0,
      duplicate: 6,
      new_clients: 0,
    });
  });

  it('the husband first in a new journal is the phone’s first client, and his wife becomes hers', async () => {
    const db = tempDbPath();
    await runCli(['config', 'set', 'region', 'RU'], { db });
    const journal = join(tempDir(), 'journal.csv');
    writeFileSync(
      journal,
      `${JOURNAL.split('\n')
        .filter((_, i) => i !== 1)
        .join('\n')}\n`,
    );
    expect((await importJson(db, 'visits', journal)).report.counts).toMatchObject({ created: 5, new_clients: 2 });
    const visits = await list(db, ['visit', 'list']);
    expect(visits.map((v: { client: string }) => v.client)).toEqual([
      'Федоров Игорь',
      'Ирина Федорова',
      'Федоров Игорь',
      'Ирина Федорова',
      'Федоров Игорь',
    ]);
  });

  it('a name with a patronymic goes to the person it names, or to a client of its own', async () => {
    const db = tempDbPath();
    await runCli(['config', 'set', 'region', 'RU'], { db });
    const journal = join(tempDir(), 'journal.csv');
    writeFileSync(
      journal,
      [
        'Дата;Клиент;Телефон;Услуга;Сумма',
        '01.11.2026;Федоров Игорь;8 912 345-67-89;Стрижка;1 500,00',
        '03.11.2026;Федорова Ирина;8 912 345-67-89;Окрашивание;2 500,00',
        '10.12.2026;Федорова Ирина Сергеевна;8 912 345-67-89;Стрижка;1 500,00',
        '11.12.2026;Федорова Мария Игоревна;8 912 345-67-89;Стрижка;1 000,00',
      ].join('\n'),
    );
    expect((await importJson(db, 'visits', journal)).report.counts).toMatchObject({ created: 4, new_clients: 3 });
    expect((await list(db, ['visit', 'list'])).map((v: { client: string }) => v.client)).toEqual([
      'Федоров Игорь',
      'Федорова Ирина',
      'Федорова Ирина',
      'Федорова Мария Игоревна',
    ]);
  });

  it('deals and NPS answers go to the person the row names too', async () => {
    const { db, journal } = await listedWife();
    await importJson(db, 'visits', journal);
    const nps = join(tempDir(), 'nps.csv');
    writeFileSync(nps, 'Дата;Клиент;Телефон;Оценка\n20.11.2026;Федоров Игорь;8 916 555-12-34;6\n');
    expect((await importJson(db, 'nps', nps)).report.counts).toMatchObject({ created: 1, new_clients: 0 });
    expect((await list(db, ['nps', 'list'])).map((a: { client: string }) => a.client)).toEqual(['Федоров Игорь']);
  });
});

describe('a journal imported again finds the clients it found before', () => {
  it('`Анна Смирнова` stays `Смирнова Анна` after a `Смирнова Анна Петровна` is added: nothing new, no second visit', async () => {
    const db = tempDbPath();
    const dir = tempDir();
    const journal = (file: string, row: string) => {
      writeFileSync(join(dir, file), `Дата;Клиент;Телефон;Услуга;Сумма\n${row}\n`);
      return join(dir, file);
    };
    await importJson(db, 'visits', journal('sep.csv', '23.09.2026;Смирнова Анна;;Педикюр;2 000,00'));
    const december = journal('dec.csv', '04.12.2026;Анна Смирнова;;Маникюр;1 500,00');
    expect((await importJson(db, 'visits', december)).report.counts).toMatchObject({ created: 1, new_clients: 0 });
    await runCli(['client', 'add', 'Смирнова Анна Петровна', '--phone', '+79161112233'], { db });
    expect((await importJson(db, 'visits', december)).report.counts).toMatchObject({
      created: 0,
      duplicate: 1,
      new_clients: 0,
    });
    expect((await list(db, ['visit', 'list'])).map((v: { client_id: number }) => v.client_id)).toEqual([1, 1]);
  });

  it('lists two clients of one name and two phones for crm client merge', async () => {
    const db = tempDbPath();
    await runCli(['config', 'set', 'region', 'RU'], { db });
    const journal = join(tempDir(), 'journal.csv');
    writeFileSync(
      journal,
      'Дата;Клиент;Телефон;Услуга;Сумма\n01.11.2026;Новикова Елена;+7 921 765-43-21;Стрижка;1 500,00\n02.11.2026;Новикова Елена;+7 921 000-00-99;Стрижка;1 500,00\n03.11.2026;Анна;+7 921 000-00-01;Стрижка;1 500,00\n04.11.2026;Анна;+7 921 000-00-02;Стрижка;1 500,00\n',
    );
    expect((await importJson(db, 'visits', journal)).report.counts).toMatchObject({ created: 4, new_clients: 4 });
    expect(await list(db, ['client', 'merge'])).toEqual([
      { client_id: 2, other_id: 1, reason: 'same name, different phone or e-mail' },
    ]);
  });
});
