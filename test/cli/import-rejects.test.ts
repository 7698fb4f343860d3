import { isUtf8 } from 'node:buffer';
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-harness.js';
import { dump, fixture, tempDbPath, tempDir } from '../helpers.js';

describe('a journal’s rejects file', () => {
  it('gives each rejected row back under the file’s header, to be fixed and imported again, and says so', async () => {
    const db = tempDbPath();
    const dir = tempDir();
    const file = join(dir, 'journal.csv');
    const rejects = join(dir, 'rejects.csv');
    writeFileSync(
      file,
      'Журнал клиентов 2026;;;;\nДата;Клиент;Телефон;Услуга;Сумма\n01.10.2026;Иванова Анна;89123456789;Стрижка;1500\n17.10.2026;Смирнова Татьяна;9172223355;Стрижка;\n31.02.2024;Петрова Ольга;89171234567;Стрижка;1500\n',
    );
    const run = await runCli(['import', 'visits', file, '--rejects', rejects, '--lang', 'ru'], { db });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'как были, с номером строки и причиной в конце: исправьте их там и импортируйте этот файл снова',
    );
    // In the journal's own ';', as it was written.
    expect(readFileSync(rejects, 'utf8')).toBe(
      [
        'Дата;Клиент;Телефон;Услуга;Сумма;отклонено: строка;отклонено: причина',
        '17.10.2026;Смирнова Татьяна;9172223355;Стрижка;;4;Сумма: нет суммы',
        "31.02.2024;Петрова Ольга;89171234567;Стрижка;1500;5;Дата: '31.02.2024' — не дата",
        '',
      ].join('\n'),
    );

    // Fixed where they are, and imported again: its own two columns are no part of a visit.
    const fixed = readFileSync(rejects, 'utf8')
      .replace('Стрижка;;4', 'Стрижка;1500;4')
      .replace('31.02.2024', '29.02.2024');
    writeFileSync(rejects, fixed);
    const again = JSON.parse((await runCli(['import', 'visits', rejects, '--json'], { db })).stdout);
    expect(again.counts).toMatchObject({ created: 2, rejected: 0 });
    expect(again.detected.mapping.map((column: { header: string }) => column.header)).toEqual([
      'Дата',
      'Клиент',
      'Телефон',
      'Услуга',
      'Сумма',
    ]);
    const visits = JSON.parse((await runCli(['visit', 'list', '--json'], { db })).stdout);
    expect(visits).toHaveLength(3);
    for (const visit of visits) expect(visit.extra ?? {}).toEqual({});
  });
});

/** What `crm KIND list --json` holds. */
async function listed(db: string, ...args: string[]): Promise<Array<Record<string, unknown>>> {
  return JSON.parse((await runCli([...args, '--json'], { db })).stdout);
}

/** Imports `file` as `kind`: its JSON report. */
async function imported(db: string, kind: string, file: string, ...args: string[]) {
  const run = await runCli(['import', kind, file, '--json', ...args], { db });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

describe('the rejects file of a client list, deals and NPS answers: the rows as they were, to fix and import again', () => {
  it('a client list: the row under the list’s header, its line and the reason in Russian under LANG=ru_RU.UTF-8', async () => {
    const db = tempDbPath();
    const dir = tempDir();
    const file = join(dir, 'clients.csv');
    const rejects = join(dir, 'rejects.csv');
    writeFileSync(
      file,
      'Имя,Телефон,E-mail,Дата рождения,Любимый мастер\nИванова Анна,+7 912 345-67-89,anna@mail.ru,12.03.1990,Ольга\nПетрова Ольга,89171234567,olga@mail.ru,31.02.1990,"Ирина, Ольга"\nСидорова Мария,89035551122,,01.05.1985,\n',
    );
    const run = await runCli(['import', 'clients', file, '--rejects', rejects], { db, env: { LANG: 'ru_RU.UTF-8' } });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      `внимание: 1 отклонённая строка — в файле ${rejects}, как были, с номером строки и причиной в конце: исправьте их там и импортируйте этот файл снова`,
    );
    expect(readFileSync(rejects, 'utf8')).toBe(
      [
        'Имя,Телефон,E-mail,Дата рождения,Любимый мастер,отклонено: строка,отклонено: причина',
        'Петрова Ольга,89171234567,olga@mail.ru,31.02.1990,"Ирина, Ольга",3,Дата рождения: \'31.02.1990\' — не дата',
        '',
      ].join('\n'),
    );

    writeFileSync(rejects, readFileSync(rejects, 'utf8').replace('31.02.1990', '28.02.1990'));
    const again = await imported(db, 'clients', rejects);
    expect(again.counts).toMatchObject({ read: 1, created: 1, rejected: 0 });
    expect(again.detected.mapping.map((column: { header: string }) => column.header)).toEqual([
      'Имя',
      'Телефон',
      'E-mail',
      'Дата рождения',
      'Любимый мастер',
    ]);
    const clients = await listed(db, 'client', 'list');
    expect(clients.map((client) => client.name)).toEqual(['Иванова Анна', 'Сидорова Мария', 'Петрова Ольга']);
    const fixedId = String(clients[2]!.id);
    expect(await listed(db, 'client', 'show', fixedId)).toMatchObject({
      birthday: '1990-02-28',
      emails: [{ value: 'olga@mail.ru' }],
      extra: { 'Любимый мастер': 'Ирина, Ольга' },
    });
  });

  it('a Calc sheet saved as Windows-1251 with ";": the rejects file is written so, and Calc opens it as it did the file', async () => {
    const db = tempDbPath();
    const dir = tempDir();
    const source = fixture('clients/csv-calc-cp1251.csv');
    const rejects = join(dir, 'rejects.csv');
    await imported(db, 'clients', source, '--rejects', rejects);
    const bytes = readFileSync(rejects);
    expect(isUtf8(bytes)).toBe(false);
    // Read with the options the file was opened with (Windows-1251, ';', '"'), as Calc's text import reads it.
    const asCalcReads = (data: Buffer) =>
      parse(iconv.decode(data, 'cp1251'), { delimiter: ';', quote: '"', relax_column_count: true }) as string[][];
    const [sourceHeader, ...sourceRows] = asCalcReads(readFileSync(source));
    const [header, ...rows] = asCalcReads(bytes);
    expect(header).toEqual([...sourceHeader!, 'rejected: line', 'rejected: reason']);
    // Each is a row of the file, cell for cell: the formula guard's ' before a phone is the one difference, which
    // crm import takes off again.
    expect(rows).toHaveLength(2);
    const asWritten = sourceRows.map((row) => row.map((cell) => cell.trim()));
    for (const row of rows) expect(asWritten).toContainEqual(row.slice(0, -2).map((cell) => cell.replace(/^'\+/, '+')));
    expect(rows.map((row) => row.slice(-2))).toEqual([
      ['8', "Дата рождения: '31.02.1990' is not a date"],
      ['9', 'no name, phone or e-mail'],
    ]);

    // One row fixed, imported again: it lands, and the other is given back again, its line and reason once, new.
    const again = join(dir, 'rejects-again.csv');
    writeFileSync(rejects, iconv.encode(iconv.decode(bytes, 'cp1251').replace('31.02.1990', '28.02.1990'), 'cp1251'));
    const first = await imported(db, 'clients', rejects, '--rejects', again);
    expect(first.detected).toMatchObject({ encoding: 'cp1251', delimiter: ';' });
    expect(first.counts).toMatchObject({ read: 2, created: 1, rejected: 1 });
    expect(asCalcReads(readFileSync(again))).toEqual([
      [...sourceHeader!, 'rejected: line', 'rejected: reason'],
      ['', '', '', '', 'Instagram', '', 'Пришла по акции', '', '', '3', 'no name, phone or e-mail'],
    ]);

    const fixed = iconv.decode(readFileSync(again), 'cp1251').replace(';;;;Instagram', 'Лебедева Инна;;;;Instagram');
    writeFileSync(again, iconv.encode(fixed, 'cp1251'));
    expect((await imported(db, 'clients', again)).counts).toMatchObject({ read: 1, created: 1, rejected: 0 });
    const names = (await listed(db, 'client', 'list')).map((client) => client.name);
    expect(names).toEqual(expect.arrayContaining(['Попов Николай', 'Лебедева Инна']));
  });

  it('a journal of visits from the same sheet: in Windows-1251 with ";" too', async () => {
    const db = tempDbPath();
    const dir = tempDir();
    const file = join(dir, 'journal.csv');
    const rejects = join(dir, 'rejects.csv');
    const journal =
      '"Дата";"Клиент";"Телефон";"Услуга";"Сумма"\n01.10.2026;"Иванова Анна";89123456789;"Стрижка";"1 500,00"\n31.02.2026;"Петрова Ольга";89171234567;"Окрашивание";"3 200,00"\n';
    writeFileSync(file, iconv.encode(journal, 'cp1251'));
    await imported(db, 'visits', file, '--rejects', rejects);
    expect(iconv.decode(readFileSync(rejects), 'cp1251')).toBe(
      [
        'Дата;Клиент;Телефон;Услуга;Сумма;rejected: line;rejected: reason',
        "31.02.2026;Петрова Ольга;89171234567;Окрашивание;3 200,00;3;Дата: '31.02.2026' is not a date",
        '',
      ].join('\n'),
    );
  });

  it('deals: the row as it was, and after the fix it is the one deal the import adds', async () => {
    const db = tempDbPath();
    const dir = tempDir();
    const file = join(dir, 'deals.csv');
    const rejects = join(dir, 'rejects.csv');
    writeFileSync(
      file,
      'Создана;Клиент;Телефон;Название;Сумма;Этап\n01.09.2026;Иванова Мария;+7 912 345-67-89;Абонемент;4 500;Новая\n02.09.2026;Петров Сергей;+7 916 123-45-67;Корпоратив;четыре тысячи;Новая\n',
    );
    const first = await imported(db, 'deals', file, '--rejects', rejects, '--lang', 'ru');
    expect(first.counts).toMatchObject({ created: 1, rejected: 1 });
    const [header, row, end] = readFileSync(rejects, 'utf8').split('\n');
    expect(header).toBe('Создана;Клиент;Телефон;Название;Сумма;Этап;отклонено: строка;отклонено: причина');
    expect(row).toMatch(
      /^02\.09\.2026;Петров Сергей;'\+7 916 123-45-67;Корпоратив;четыре тысячи;Новая;3;Сумма: 'четыре тысячи'/,
    );
    expect(end).toBe('');

    writeFileSync(rejects, readFileSync(rejects, 'utf8').replace(';четыре тысячи;Новая', ';4000;Новая'));
    const again = await imported(db, 'deals', rejects);
    expect(again.counts).toMatchObject({ read: 1, created: 1, rejected: 0 });
    const deals = await listed(db, 'deal', 'list');
    expect(deals.map((deal) => [deal.title, deal.amount])).toEqual([
      ['Абонемент', 4500],
      ['Корпоратив', 4000],
    ]);
  });

  it('NPS answers: the row as it was, and after the fix it is the one answer the import adds', async () => {
    const db = tempDbPath();
    const dir = tempDir();
    const file = join(dir, 'nps.csv');
    const rejects = join(dir, 'rejects.csv');
    writeFileSync(
      file,
      'Дата,Клиент,Телефон,Оценка,Что улучшить\n20.01.2026,Иванова Мария,89123456789,10,\n05.02.2026,Петров Сергей,89161234567,11,"Долго ждал, минут 20"\n',
    );
    await imported(db, 'nps', file, '--rejects', rejects, '--lang', 'ru');
    const text = readFileSync(rejects, 'utf8');
    expect(text.split('\n')[0]).toBe('Дата,Клиент,Телефон,Оценка,Что улучшить,отклонено: строка,отклонено: причина');
    expect(text.split('\n')[1]).toMatch(
      /^05\.02\.2026,Петров Сергей,89161234567,11,"Долго ждал, минут 20",3,Оценка: '11' /,
    );
    expect(text.split('\n')).toHaveLength(3);

    writeFileSync(rejects, text.replace(',11,', ',9,'));
    const again = await imported(db, 'nps', rejects);
    expect(again.counts).toMatchObject({ read: 1, created: 1, rejected: 0 });
    const answers = await listed(db, 'nps', 'list');
    expect(answers.map((answer) => [answer.client, answer.score, answer.improve, answer.extra])).toEqual([
      ['Иванова Мария', 10, null, {}],
      ['Петров Сергей', 9, 'Долго ждал, минут 20', {}],
    ]);
  });

  it('a workbook: the sheet’s rows as CSV under its header, which imports again once fixed', async () => {
    const db = tempDbPath();
    const rejects = join(tempDir(), 'rejects.csv');
    const first = await runCli(['import', 'clients', fixture('spreadsheets/salon-edge.ods'), '--rejects', rejects], {
      db,
    });
    expect(first.stdout).toContain(
      `warning: 1 rejected row written to ${rejects}, each as it was with its line and reason at the end: fix them there and import that file again`,
    );
    const text = readFileSync(rejects, 'utf8');
    expect(text.split('\n')[0]).toBe(
      'ФИО,Телефон,E-mail,Дата рождения,Источник,Скидка,rejected: line,rejected: reason',
    );
    writeFileSync(rejects, text.replace('31.02.1990', '28.02.1990'));
    const again = await imported(db, 'clients', rejects);
    expect(again.counts).toMatchObject({ read: 1, created: 1, rejected: 0 });
    const clients = await listed(db, 'client', 'list');
    expect(clients.filter((client) => client.name === 'Попов Николай')).toHaveLength(1);
  });

  it('a vCard: the rejected card as vCard text (a .vcf), which imports again once fixed', async () => {
    const db = tempDbPath();
    const dir = tempDir();
    const file = join(dir, 'contacts.vcf');
    const card = (...lines: string[]) => ['BEGIN:VCARD', 'VERSION:3.0', ...lines, 'END:VCARD', ''].join('\r\n');
    writeFileSync(
      file,
      card('FN:Анна Иванова', 'TEL;TYPE=CELL:+7 912 345-67-89') +
        card('FN:Ольга Петрова', 'TEL;TYPE=CELL:+7 917 123-45-67', 'BDAY:1990-02-31', 'NOTE:кофе\\, без сахара'),
    );
    const run = await runCli(['import', 'clients', file, '--lang', 'ru'], { db });
    expect(run.code, run.stderr).toBe(0);
    const written = /в файле (\S+\.vcf), как были/.exec(run.stdout)?.[1];
    expect(written, run.stdout).toBeDefined();
    expect(readFileSync(written!, 'utf8')).toBe(
      card(
        'FN:Ольга Петрова',
        'TEL;TYPE=CELL:+7 917 123-45-67',
        'BDAY:1990-02-31',
        'NOTE:кофе\\, без сахара',
        "X-PCRM-REJECTED:строка 6: BDAY: день рождения не читается: '1990-02-31'",
      ),
    );

    writeFileSync(written!, readFileSync(written!, 'utf8').replace('1990-02-31', '1990-02-28'));
    const again = await imported(db, 'clients', written!);
    expect(again.counts).toMatchObject({ read: 1, created: 1, rejected: 0 });
    const clients = await listed(db, 'client', 'list');
    const olga = await listed(db, 'client', 'show', String(clients.find((c) => c.name === 'Ольга Петрова')!.id));
    expect(olga).toMatchObject({ birthday: '1990-02-28', note: 'кофе, без сахара', extra: {} });
  });
});

describe('a file whose every row is rejected', () => {
  it('imports nothing, exits 1, and still gives every row back with its reason, naming the file', async () => {
    const db = tempDbPath();
    const dir = tempDir();
    const file = join(dir, 'allbad-visits.csv');
    writeFileSync(
      file,
      'Дата;Клиент;Телефон;Услуга;Сумма\n31.11.2026;Иванова Инна;8 912 000 00 01;Стрижка;1 500,00\n05.11.2026;;;Стрижка;1 500,00\n06.11.2026;Петрова Инна;8 912 000 00 02;Стрижка;тысяча\n',
    );
    await runCli(['config', 'set', 'region', 'RU'], { db });
    const before = dump(db);
    const run = await runCli(['import', 'visits', file, '--lang', 'ru'], { db });
    expect(run.code).toBe(1);
    expect(dump(db)).toBe(before);
    const said = run.stderr.trim();
    expect(said.split('\n')).toHaveLength(1);
    const rejects = /; все строки с причинами: (.+)$/.exec(said)?.[1];
    expect(rejects, said).toMatch(/\/rejects-allbad-visits\.csv-\d{8}-\d{6}\.csv$/);
    expect(said).toContain(
      "ничего не импортировано: отклонены все строки (3) (первая: строка 2, поле Дата: '31.11.2026'",
    );
    expect(readFileSync(rejects!, 'utf8')).toBe(
      [
        'Дата;Клиент;Телефон;Услуга;Сумма;отклонено: строка;отклонено: причина',
        "31.11.2026;Иванова Инна;8 912 000 00 01;Стрижка;1 500,00;2;Дата: '31.11.2026' — не дата",
        '05.11.2026;;;Стрижка;1 500,00;3;нет ни имени клиента, ни телефона, ни e-mail',
        "06.11.2026;Петрова Инна;8 912 000 00 02;Стрижка;тысяча;4;Сумма: 'тысяча': не сумма",
        '',
      ].join('\n'),
    );
  });

  it('a client list and a vCard alike, in English too; a dry run writes no file and names none', async () => {
    const dir = tempDir();
    const list = join(dir, 'allbad.csv');
    writeFileSync(list, 'ФИО;Телефон;Дата рождения\nИванова Инна;8 912 000 00 01;31.02.1990\n');
    const listRejects = join(dir, 'list-rejects.csv');
    const run = await runCli(['import', 'clients', list, '--rejects', listRejects, '--lang', 'en'], {
      db: tempDbPath(),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/its one row was rejected .*; every row with its reason: .*list-rejects\.csv\n$/);
    expect(readFileSync(listRejects, 'utf8')).toMatch(/^ФИО;Телефон;Дата рождения;rejected: line;rejected: reason\n/);

    const card = join(dir, 'qp.vcf');
    writeFileSync(
      card,
      'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ольга Кузнецова\r\nTEL:89261234567\r\nBDAY:19900231\r\nEND:VCARD\r\n',
    );
    const cardRejects = join(dir, 'card-rejects.vcf');
    const cards = await runCli(['import', 'clients', card, '--rejects', cardRejects], { db: tempDbPath() });
    expect(cards.code).toBe(1);
    expect(cards.stderr).toContain(`; every row with its reason: ${cardRejects}`);
    expect(readFileSync(cardRejects, 'utf8')).toContain('FN:Ольга Кузнецова\r\nTEL:89261234567\r\nBDAY:19900231\r\n');

    const dry = await runCli(['import', 'clients', list, '--dry-run'], { db: tempDbPath() });
    expect(dry.code).toBe(1);
    expect(dry.stderr).not.toContain('every row with its reason');
  });
});

describe('a file whose every row is refused shows each row and why, as a partly good file does', () => {
  /** A file of each kind whose every row is refused, and the reasons of its rows as the Russian table says them. */
  const ALL_BAD = {
    visits: {
      text: 'Дата;Клиент;Телефон;Услуга;Сумма\n31.02.2026;Иванова Анна;89123456789;Стрижка;1500\n05.13.2026;Петрова Ольга;89171234567;Стрижка;1500\n01.12.2026;Сидорова Мария;89035551122;Стрижка;пятьсот\n',
      reasons: ["Дата: '31.02.2026' — не дата", "Дата: '05.13.2026' — не дата", "Сумма: 'пятьсот': не сумма"],
    },
    clients: {
      text: 'ФИО;Телефон;Дата рождения\nИванова Анна;89123456789;31.02.1990\nПетрова Ольга;89171234567;30.02.1985\n',
      reasons: ["Дата рождения: '31.02.1990' — не дата", "Дата рождения: '30.02.1985' — не дата"],
    },
    deals: {
      text: 'Создана;Клиент;Телефон;Название;Сумма\n31.02.2026;Иванова Анна;89123456789;Свадебная причёска;5000\n',
      reasons: ["Создана: '31.02.2026' — не дата"],
    },
    nps: {
      text: 'Дата;Клиент;Телефон;Оценка\n20.01.2026;Иванова Анна;89123456789;11\n',
      reasons: ['Оценка'],
    },
  } as const;

  it.each(Object.entries(ALL_BAD))(
    '%s: a dry run lists every row with its reason, then says nothing could be imported, exit 1',
    async (kind, { text, reasons }) => {
      const db = tempDbPath();
      const file = join(tempDir(), `плохой-${kind}.csv`);
      // Windows-1251, as Calc saves a sheet for a Russian user.
      writeFileSync(file, iconv.encode(text, 'win1251'));
      await runCli(['config', 'set', 'region', 'RU'], { db });
      const before = dump(db);
      const dry = await runCli(['import', kind, file, '--dry-run'], { db, env: { LANG: 'ru_RU.UTF-8' }, columns: 80 });
      expect(dry.code).toBe(1);
      const rows = dry.stdout.split('\n').filter((line) => /^ +\d+ +отклонить /.test(line));
      expect(rows).toHaveLength(reasons.length);
      for (const [i, reason] of reasons.entries()) expect(rows[i]).toContain(reason);
      expect(dry.stdout).toContain('пробный запуск: ничего не записано');
      expect(dry.stdout.split('\n').every((line) => [...line].length <= 80)).toBe(true);
      expect(dry.stderr).toMatch(/^crm: .*плохой-\w+\.csv: ничего не импортировано: отклонены все строки .*\n$/);

      const json = await runCli(['import', kind, file, '--json'], { db, env: { LANG: 'ru_RU.UTF-8' } });
      expect(json.code).toBe(1);
      const report = JSON.parse(json.stdout);
      expect(report.counts).toMatchObject({ read: reasons.length, rejected: reasons.length, created: 0 });
      expect(report.batch).toBeNull();
      expect(report.rows.map((row: { action: string }) => row.action)).toEqual(reasons.map(() => 'reject'));
      for (const row of report.rows) expect(row.details).toBeTruthy();
      // In English, as the rest of the JSON; the rejects file it names lists every row.
      expect(report.error).toMatch(
        /: nothing could be imported: (all \d+ rows were|its one row was) rejected \(first: line 2, /,
      );
      expect(report.error).toContain(`; every row with its reason: ${report.rejects_file}`);
      expect(readFileSync(report.rejects_file, 'latin1').split('\n')).toHaveLength(reasons.length + 2);
      expect(json.stderr).toMatch(/^crm: [^\n]*ничего не импортировано[^\n]*\n$/);
      expect(dump(db)).toBe(before);
    },
  );

  it('a failed run of the same file again replaces the rejects file an earlier run left with the same rows', async () => {
    const db = tempDbPath();
    const dir = dirname(db);
    const file = join(tempDir(), 'плохой.csv');
    writeFileSync(file, iconv.encode(ALL_BAD.visits.text, 'win1251'));
    const rejectsFiles = () => readdirSync(dir).filter((name) => name.startsWith('rejects-'));
    const first = await runCli(['import', 'visits', file], { db });
    expect(first.code).toBe(1);
    const [written] = rejectsFiles();
    // As a run of yesterday would have named it; and another of the same file whose rows were not these.
    const yesterday = 'rejects-плохой.csv-20261207-235302.csv';
    const other = 'rejects-плохой.csv-20261101-101010.csv';
    renameSync(join(dir, written!), join(dir, yesterday));
    writeFileSync(join(dir, other), 'Дата;Клиент;отклонено: строка;отклонено: причина\n');
    const mine = join(dir, 'мои-отклонённые.csv');
    expect((await runCli(['import', 'visits', file, '--rejects', mine], { db })).code).toBe(1);

    const again = await runCli(['import', 'visits', file], { db });
    expect(again.code).toBe(1);
    const latest = rejectsFiles().filter((name) => name !== other);
    expect(latest).toHaveLength(1);
    expect(latest[0]).not.toBe(yesterday);
    expect(again.stderr).toContain(`; every row with its reason: ${join(dir, latest[0]!)}`);
    expect(readFileSync(join(dir, latest[0]!))).toEqual(readFileSync(mine));
  });
});

describe('a card refused for many of its lines', () => {
  it('is given back once, with its first five reasons and how many more', async () => {
    const dir = tempDir();
    const lines = ['BEGIN:VCARD', 'VERSION:3.0', 'FN:Большой'];
    for (let i = 0; i < 7; i++) lines.push(`BDAY:not a date ${i}`);
    lines.push('END:VCARD', 'BEGIN:VCARD', 'VERSION:3.0', 'FN:Хороший', 'TEL:+79001110001', 'END:VCARD');
    const file = join(dir, 'cards.vcf');
    writeFileSync(file, `${lines.join('\r\n')}\r\n`);
    const rejects = join(dir, 'rejects.vcf');
    const run = await runCli(['import', 'clients', file, '--rejects', rejects], { db: tempDbPath() });
    expect(run.code).toBe(0);
    const text = readFileSync(rejects, 'utf8');
    expect(text.match(/^BEGIN:VCARD\r$/gm)).toHaveLength(1);
    expect(text.match(/^X-PCRM-REJECTED:/gm)).toHaveLength(6);
    expect(text).toContain("X-PCRM-REJECTED:line 1: BDAY: unreadable birthday 'not a date 4'");
    expect(text).toContain('X-PCRM-REJECTED:and 2 more refused lines in this card');
    // One card of two refused, whatever number of its lines: its first five lines are listed, the card counted once.
    expect(run.stdout).toContain('created 1, updated 0, duplicates 0, rejected 1 of 2 rows');
    expect(run.stdout).toContain('warning: 1 rejected row written to');
    expect(run.stdout.match(/unreadable birthday 'not a date \d'/g)).toHaveLength(5);
    expect(run.stdout).toContain("unreadable birthday 'not a date 4'; and 2 more refused lines in this card");
  });
});
