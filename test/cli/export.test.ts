import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { internationalSpelling } from '../../src/domain/phone.js';
import { readVcard } from '../../src/importers/vcard.js';
import { runCli } from '../cli-harness.js';
import { fixture, tempDbPath, tempDir } from '../helpers.js';

const CLIENT_FILES = [
  'clients/csv-calc-cp1251.csv',
  'clients/csv-excel-utf8bom.csv',
  'clients/csv-english-comma.csv',
  'clients/csv-google-contacts.csv',
  'clients/csv-outlook.csv',
  'clients/csv-excel-unicode.txt',
  'clients/csv-mixed-endings.csv',
  'clients/vcard-android-21-qp.vcf',
  'clients/vcard-nokia-21-cp1251.vcf',
  'clients/vcard-iphone-30.vcf',
  'clients/vcard-google-40.vcf',
  'export/nasty-clients.csv',
];
/** The one client file with characters Windows-1251 lacks (张伟). */
const NOT_CP1251 = 'clients/csv-excel-unicode.txt';
const JOURNALS = {
  visits: ['visits/visits-calc-ru.csv', 'visits/visits-english.csv', 'export/nasty-visits.csv'],
  deals: ['deals/deals-ru.csv', 'deals/deals-english.csv', 'export/nasty-deals.csv'],
  nps: ['nps/nps-ru.csv', 'nps/nps-english.csv', 'export/nasty-nps.csv'],
};
const KINDS = ['clients', 'visits', 'deals', 'nps'] as const;
/** The import history is not data the import rebuilds: the second database's imports are those of the export. */
const DATA_FILES = KINDS.map((kind) => `${kind}.csv`);

async function run(db: string, args: string[]) {
  const result = await runCli(args, { db });
  expect(result.code, `crm ${args.join(' ')}\n${result.stderr}`).toBe(0);
  return result;
}

/** A database with every fixture imported: region RU for the phones, ru-RU for the spreadsheet dialect. */
async function seed(clientFiles: string[]): Promise<string> {
  const db = tempDbPath();
  await run(db, ['config', 'set', 'region', 'RU']);
  await run(db, ['config', 'set', 'locale', 'ru-RU']);
  for (const file of clientFiles) await run(db, ['import', 'clients', fixture(file)]);
  for (const [kind, files] of Object.entries(JOURNALS))
    for (const file of files) await run(db, ['import', kind, fixture(file)]);
  return db;
}

async function exportTo(db: string, ...args: string[]): Promise<string> {
  const dir = join(tempDir('crm-export-'), 'out');
  const result = await run(db, ['export', '--out', dir, ...args]);
  expect(result.stdout).toBe(`${dir}\n`);
  return dir;
}

/** Imports an export into a new database with no region set: the phones must not need one. */
async function importInto(dir: string, locale?: string): Promise<string> {
  const db = tempDbPath();
  if (locale) await run(db, ['config', 'set', 'locale', locale]);
  for (const kind of KINDS) {
    // A kind with no records is exported as its header alone, which the import refuses as empty.
    if (
      readFileSync(join(dir, `${kind}.csv`))
        .toString('latin1')
        .trim()
        .split('\n').length < 2
    )
      continue;
    const report = JSON.parse((await run(db, ['import', kind, join(dir, `${kind}.csv`), '--json'])).stdout);
    expect(report.counts.rejected, `${kind}: ${JSON.stringify(report.rows)}`).toBe(0);
    if (kind !== 'clients') expect(report.counts.new_clients, kind).toBe(0);
  }
  return db;
}

function expectSameFiles(first: string, second: string): void {
  for (const name of DATA_FILES) {
    const a = readFileSync(join(first, name));
    const b = readFileSync(join(second, name));
    expect(b.equals(a), `${name} differs:\n${a.toString('utf8')}\n----\n${b.toString('utf8')}`).toBe(true);
  }
}

const listing = async (db: string, ...args: string[]) => JSON.parse((await run(db, [...args, '--json'])).stdout);

interface PhoneJson {
  value: string | null;
  raw: string;
  label: string | null;
}

/**
 * Every listing of a database, ids aside. A phone's text as written is compared apart: a number written without a
 * country code comes back as its E.164 value (the export writes that so no region is needed to read it).
 */
async function listings(db: string) {
  const withoutIds = (rows: Array<Record<string, unknown>>) =>
    rows.map(({ id: _id, client_id: _clientId, ...rest }) => rest);
  const clients = (await listing(db, 'client', 'list', '--archived')) as Array<
    Record<string, unknown> & { phones: PhoneJson[] }
  >;
  return {
    clients: withoutIds(clients),
    spreadsheetPhoneTexts: clients.flatMap((client) => client.phones.map((phone) => [phone.value, phone.raw])),
    visits: withoutIds(await listing(db, 'visit', 'list')),
    deals: withoutIds(await listing(db, 'deal', 'list')),
    nps: withoutIds(await listing(db, 'nps', 'list')),
  };
}

/**
 * The same data, ids aside: phones as written included (the `phone region` column carries what reading them needs).
 * Only a spreadsheet dialect may replace a phone of bare digits by its E.164 form (a spreadsheet would turn the
 * digits into a number).
 */
async function expectSameListings(original: string, copy: string, spreadsheet = false): Promise<void> {
  const before = await listings(original);
  const after = await listings(copy);
  type Listed = { phone_raw?: unknown; phones: Array<{ raw?: string }> };
  const withoutRaw = (clients: unknown[]) =>
    (clients as Listed[]).map(({ phone_raw: _raw, phones, ...rest }) => ({
      ...rest,
      phones: phones.map(({ raw: _r, ...phone }) => phone),
    }));
  if (spreadsheet) expect(withoutRaw(after.clients)).toEqual(withoutRaw(before.clients));
  else expect(after.clients).toEqual(before.clients);
  expect(after.visits).toEqual(before.visits);
  expect(after.deals).toEqual(before.deals);
  expect(after.nps).toEqual(before.nps);
  after.spreadsheetPhoneTexts.forEach(([value, raw], i) => {
    const [originalValue, originalRaw] = before.spreadsheetPhoneTexts[i]!;
    expect(value).toBe(originalValue);
    // A spreadsheet's file spells a bare number as E.164, spaced for Calc (`+7 903 123 45 67`).
    const spellings = spreadsheet ? [originalRaw, originalValue, internationalSpelling(String(originalValue))] : [];
    expect(spreadsheet ? spellings : [originalRaw]).toContain(raw);
  });
}

/** Every cell of every CSV file in `dir`, as a spreadsheet reads it (before the importer strips the guard). */
function rawCells(dir: string, encoding: string, delimiter: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.csv'))
    .flatMap((name) => {
      const text = iconv.decode(readFileSync(join(dir, name)), encoding);
      return (parse(text, { delimiter, bom: true, relax_column_count: true }) as string[][]).flat();
    });
}

let full: string;
let fitsCp1251: string;

beforeAll(async () => {
  full = await seed(CLIENT_FILES);
  fitsCp1251 = await seed(CLIENT_FILES.filter((file) => file !== NOT_CP1251));
}, 180_000);

describe('crm export: the round trip', () => {
  it('default CSV: import into an empty database and export again gives byte-identical files', async () => {
    const first = await exportTo(full);
    expect(readdirSync(first).sort()).toEqual(['clients.csv', 'deals.csv', 'imports.csv', 'nps.csv', 'visits.csv']);
    const text = readFileSync(join(first, 'clients.csv'), 'utf8');
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    expect(text.split('\n', 1)[0]).toMatch(/^name,phone,phone label,phone 2,/);
    const copy = await importInto(first);
    expectSameFiles(first, await exportTo(copy));
    await expectSameListings(full, copy);
  }, 120_000);

  it('--for calc, UTF-8 with BOM: the same', async () => {
    const first = await exportTo(full, '--for', 'calc');
    const buf = readFileSync(join(first, 'visits.csv'));
    expect(buf.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(buf.toString('utf8')).toContain(
      // Spaced, Calc reads a phone as text as it is: the formula guard's ' would show in the cell.
      '\r\n22.01.2026;Морозов Иван;+7 912 555 44 33;ivan.morozov@yandex.ru;2200,00;Педикюр;',
    );
    const copy = await importInto(first, 'ru-RU');
    expectSameFiles(first, await exportTo(copy, '--for', 'calc'));
    await expectSameListings(full, copy, true);
  }, 120_000);

  it('--for excel --encoding cp1251: the same, on every fixture whose text Windows-1251 can hold', async () => {
    const first = await exportTo(fitsCp1251, '--for', 'excel', '--encoding', 'cp1251');
    const visits = iconv.decode(readFileSync(join(first, 'visits.csv')), 'cp1251');
    expect(visits.startsWith('date;client;phone;email;amount;service;note')).toBe(true);
    const copy = await importInto(first, 'ru-RU');
    expectSameFiles(first, await exportTo(copy, '--for', 'excel', '--encoding', 'cp1251'));
    await expectSameListings(fitsCp1251, copy, true);
  }, 120_000);

  it('--encoding cp1251 refuses text the code page lacks, naming file and line, and writes nothing', async () => {
    const dir = join(tempDir(), 'out');
    const result = await runCli(['export', '--for', 'calc', '--encoding', 'cp1251', '--out', dir], { db: full });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^crm: clients\.csv line \d+: '张' cannot be written in Windows-1251; export with --encoding utf8 instead\n$/,
    );
    expect(existsSync(dir)).toBe(false);
  });
});

describe('crm export: what must survive', () => {
  let copy: string;
  beforeAll(async () => {
    copy = await importInto(await exportTo(full, '--for', 'calc'), 'ru-RU');
  }, 120_000);

  it('Cyrillic, multi-line notes, quotes, ; and , in values, tags with commas, labels, extra fields', async () => {
    const maria = (await listing(copy, 'client', 'list')).find((c: { name: string }) => c.name === 'Иванова Мария');
    expect(maria).toMatchObject({
      source: 'Сарафанное радио; соседи',
      tags: ['VIP', 'Опт, крупный', 'Тег; с точкой'],
      birthday: '1985-05-17',
      note: 'Многострочная\nзаметка с "кавычками"\nи третьей строкой',
      created: '2023-01-12',
      extra: { Мастер: 'Ольга', Комментарий: 'табуляция в начале' },
    });
    expect(maria.phones[1]).toEqual({ value: '+74951000003', raw: '+7 495 100-00-03', label: 'Рабочий' });
    const sidorov = (await listing(copy, 'client', 'list')).find(
      (c: { email: string }) => c.email === 'ivan.sidorov@example.ru',
    );
    expect(sidorov).toMatchObject({ name: 'Сидоров, Иван "Ваня"', note: 'Кавычки " внутри; и точка с запятой' });
  });

  it('0-amount visits, clientless junk deals, lost reasons, journal extra fields', async () => {
    const visits = await listing(copy, 'visit', 'list');
    expect(visits.find((v: { date: string }) => v.date === '2026-03-15')).toMatchObject({
      amount: 0,
      note: 'Бесплатно; по акции',
      extra: { Кабинет: '№ 2' },
    });
    expect(visits.filter((v: { note: string }) => v.note === '=SUM(A1:A9)')).toHaveLength(2);
    const deals = await listing(copy, 'deal', 'list');
    expect(deals.find((d: { title: string }) => d.title === 'Ошибся номером')).toMatchObject({
      client_id: null,
      stage: 'junk',
      junk: '2026-03-02',
    });
    expect(deals.find((d: { title: string }) => d.title === 'Свадьба, 6 человек')).toMatchObject({
      stage: 'lost',
      reason: 'Дорого; ушла к "конкурентам"',
      extra: { Менеджер: 'Оля' },
    });
    const answers = await listing(copy, 'nps', 'list');
    expect(answers.find((a: { score: number }) => a.score === 0)).toMatchObject({
      improve: '=1+2; и "кавычки"',
      liked: 'Мастер,\nно не администратор',
      extra: { 'Канал опроса': 'SMS' },
    });
  });

  it('formula-looking values: no exported cell starts a formula, and the import gives the text back', async () => {
    const injected = {
      name: '=HYPERLINK("http://x")',
      note: '+1 (crazy)',
      source: '@SUM(A1)',
      tags: ['-5', 'VIP'],
      extra: { Мастер: '=1+1', Комментарий: '; точка с запятой, и запятая' },
    };
    for (const db of [full, copy]) {
      expect(
        (await listing(db, 'client', 'list')).find((c: { name: string }) => c.name === injected.name),
      ).toMatchObject(injected);
    }
    const forPrograms = rawCells(await exportTo(full), 'utf8', ',');
    const forSpreadsheets = [
      ...rawCells(await exportTo(full, '--for', 'calc'), 'utf8', ';'),
      ...rawCells(await exportTo(fitsCp1251, '--for', 'calc', '--encoding', 'cp1251'), 'cp1251', ';'),
    ];
    for (const cells of [forPrograms, forSpreadsheets]) {
      expect(cells).toContain('\'=HYPERLINK("http://x")');
      expect(cells).toContain("'+1 (crazy)");
      expect(cells).toContain("'-5, VIP");
    }
    // A phone in E.164 is a plain number: a program reads it as written; Calc gets it spaced, which it keeps as text,
    // '+' and all; Excel, which runs a '+' as a formula, gets it guarded.
    const forExcel = rawCells(await exportTo(fitsCp1251, '--for', 'excel', '--encoding', 'cp1251'), 'cp1251', ';');
    const spacedPhone = /^\+\d[\d ()-]* [\d ()-]*\d$/;
    expect(forPrograms.filter((cell) => /^\+\d{11,}$/.test(cell)).length).toBeGreaterThan(0);
    expect(forSpreadsheets.filter((cell) => spacedPhone.test(cell)).length).toBeGreaterThan(0);
    expect(forSpreadsheets.filter((cell) => /^'\+\d+$/.test(cell))).toEqual([]);
    expect(forExcel.filter((cell) => /^'\+[\d ()-]+$/.test(cell)).length).toBeGreaterThan(0);
    const plainNumber = (cell: string) => /\d/.test(cell) && Number.isFinite(Number(cell.replace(/ /g, '')));
    for (const cell of forPrograms) if (!plainNumber(cell)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    for (const cell of forSpreadsheets) if (!spacedPhone.test(cell)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    for (const cell of forExcel) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  }, 60_000);

  it('an imported cell that began with a tab comes back without it, and the guard never shows', async () => {
    const db = tempDbPath();
    const file = join(tempDir(), 'tab.csv');
    writeFileSync(file, 'name,note\n"\t=cmd","\t@x, and\ttab inside"\n');
    await run(db, ['import', 'clients', file]);
    const copy2 = await importInto(await exportTo(db));
    expect((await listing(copy2, 'client', 'list'))[0]).toMatchObject({ name: '=cmd', note: '@x, and\ttab inside' });
  }, 60_000);
});

describe('crm export --format json', () => {
  it('writes one file per kind with the keys of the --json listings, deals with their history', async () => {
    const dir = await exportTo(full, '--format', 'json');
    expect(readdirSync(dir).sort()).toEqual(['clients.json', 'deals.json', 'imports.json', 'nps.json', 'visits.json']);
    const read = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8'));
    expect(read('clients.json')).toEqual(await listing(full, 'client', 'list', '--archived'));
    expect(read('visits.json')).toEqual(await listing(full, 'visit', 'list'));
    expect(read('nps.json')).toEqual(await listing(full, 'nps', 'list'));
    const deals = read('deals.json');
    expect(deals.map(({ history: _h, note: _n, ...deal }: Record<string, unknown>) => deal)).toEqual(
      await listing(full, 'deal', 'list'),
    );
    expect(deals.find((d: { title: string }) => d.title === 'Свадьба, 6 человек').history).toEqual([
      { stage: 'lead', date: '2026-03-01', reason: null },
      { stage: 'qualified', date: '2026-03-02', reason: null },
      { stage: 'lost', date: '2026-03-05', reason: 'Дорого; ушла к "конкурентам"' },
    ]);
    expect(read('visits.json').find((v: { date: string }) => v.date === '2026-03-16').amount).toBe(12345.67);
    expect(read('imports.json')).toHaveLength(CLIENT_FILES.length + 9);
  });
});

describe('crm export: files and options', () => {
  it('writes a private directory, refuses to overwrite an earlier export, and overwrites with --force', async () => {
    const dir = await exportTo(full);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'clients.csv')).mode & 0o777).toBe(0o600);
    writeFileSync(join(dir, 'visits.csv'), 'mine');
    const again = await runCli(['export', '--out', dir], { db: full });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exist; add --force to overwrite');
    expect(readFileSync(join(dir, 'visits.csv'), 'utf8')).toBe('mine');
    expect((await runCli(['export', '--out', dir, '--force'], { db: full })).code).toBe(0);
    expect(readFileSync(join(dir, 'visits.csv'), 'utf8')).not.toBe('mine');
  });

  it('names the default directory with a timestamp, in the working directory', async () => {
    const cwd = tempDir();
    const result = await runCli(['export'], { db: full, cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^pocket-crm-export-\d{8}-\d{6}\n$/);
    expect(readdirSync(join(cwd, result.stdout.trim())).sort()).toEqual(DATA_FILES.concat('imports.csv').sort());
  });

  it.each([
    [['export', '--format', 'json', '--for', 'calc'], '--for and --encoding apply to CSV files only'],
    [['export', 'vcard', '--encoding', 'cp1251'], '--for and --encoding apply to CSV files only'],
    [['export', '--one-per-client'], '--vcard-version and --one-per-client apply to crm export vcard only'],
    [['export', 'vcard', '--format', 'json'], 'contradicts it'],
    [['export', 'contacts'], "value 'contacts' is invalid"],
  ])('%j is a usage error', async (args, message) => {
    const result = await runCli(args, { db: full });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});

describe('crm export -o FILE: the format from the ending, as every -o of crm reads it', () => {
  it.each(['clients.csv', 'report.md', 'list.txt', 'page.html'])(
    '-o %s is refused in one line that says what writes a directory, a workbook or the clients alone',
    async (name) => {
      const cwd = tempDir();
      const result = await runCli(['export', '-o', name], { db: full, cwd });
      expect(result.code).toBe(2);
      const stem = name.replace(/\.[^.]+$/, '');
      expect(result.stderr).toBe(
        `crm: crm export writes five tables (clients, visits, deals, NPS answers, imports) and a ${name.slice(stem.length)} file holds one: -o ${stem} writes a directory of them, -o ${stem}.xlsx or .ods one workbook; the clients alone: crm client list -o ${name}\n`,
      );
      expect(readdirSync(cwd)).toEqual([]);
    },
  );

  it('says it in Russian too', async () => {
    const result = await runCli(['export', '-o', 'клиенты.csv'], {
      db: full,
      cwd: tempDir(),
      env: { LANG: 'ru_RU.UTF-8' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('а в файл .csv помещается одна: -o клиенты запишет их папкой');
  });

  it('an existing directory keeps its name whatever its ending: an earlier export is written again with --force', async () => {
    const dir = join(tempDir(), 'export.csv');
    mkdirSync(dir);
    await run(full, ['export', '-o', dir]);
    expect(readdirSync(dir).sort()).toEqual(DATA_FILES.concat('imports.csv').sort());
    expect((await runCli(['export', '-o', dir, '--force'], { db: full })).code).toBe(0);
  });

  it('a name ending in / is a directory whatever its dots', async () => {
    const cwd = tempDir();
    const result = await runCli(['export', '-o', 'backup.old/'], { db: full, cwd });
    expect(result.code).toBe(0);
    expect(readdirSync(join(cwd, 'backup.old')).sort()).toEqual(DATA_FILES.concat('imports.csv').sort());
  });

  it('-o all.json writes one JSON document, a key per kind, holding what the JSON files hold', async () => {
    const file = join(tempDir(), 'all.json');
    const result = await run(full, ['export', '-o', file]);
    expect(result.stdout).toBe(`${file}\n`);
    const one = JSON.parse(readFileSync(file, 'utf8'));
    const dir = await exportTo(full, '--format', 'json');
    expect(Object.keys(one)).toEqual([...KINDS, 'imports']);
    for (const kind of [...KINDS, 'imports']) {
      expect(one[kind]).toEqual(JSON.parse(readFileSync(join(dir, `${kind}.json`), 'utf8')));
    }
    expect((await runCli(['export', '--format', 'json', '-o', file], { db: full })).stderr).toContain(
      'already exists; add --force',
    );
  });

  it('-o contacts.vcf writes the vCard file, as crm export vcard does, with its version', async () => {
    const dir = tempDir();
    await run(full, ['export', '-o', join(dir, 'contacts.vcf'), '--vcard-version', '3.0']);
    await run(full, ['export', 'vcard', '-o', join(dir, 'asked.vcf'), '--vcard-version', '3.0']);
    const written = readFileSync(join(dir, 'contacts.vcf'), 'utf8');
    expect(written).toContain('VERSION:3.0');
    expect(written.replace(/^REV:.*$/gm, '')).toBe(
      readFileSync(join(dir, 'asked.vcf'), 'utf8').replace(/^REV:.*$/gm, ''),
    );
  });

  it.each([
    [['--format', 'csv', '-o', 'all.json'], '--format csv contradicts all.json, whose ending names another format'],
    [['vcard', '-o', 'all.json'], 'crm export vcard contradicts all.json'],
    [['--format', 'json', '-o', 'c.vcf'], '--format json contradicts c.vcf'],
    [['vcard', '-o', 'book.ods'], 'crm export vcard contradicts book.ods'],
    [['-o', 'book.xlsx', '--vcard-version', '3.0'], 'apply to crm export vcard only'],
    [['-o', 'all.json', '--for', 'calc'], '--for and --encoding apply to CSV files only'],
    [['-o', 'clients.xls'], 'crm export does not write .xls files: -o takes a directory (end it with / if its name'],
    [
      ['-o', 'copy.sqlite'],
      'crm export writes tables, not a database: a copy of the database is crm backup copy.sqlite',
    ],
    [['-o', '-'], 'crm export writes files, not the screen'],
    [['всё.xlsx'], 'allowed choices are vcard (a file to write goes after -o: -o всё.xlsx)'],
  ])('export %j is a usage error, nothing written', async (args, message) => {
    const cwd = tempDir();
    const result = await runCli(['export', ...args], { db: full, cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe('crm export vcard', () => {
  it.each(['4.0', '3.0'])(
    'vCard %s: every client, lines ≤ 75 octets, read back with the same fields',
    async (version) => {
      const file = join(tempDir(), 'phone.vcf');
      await run(full, ['export', 'vcard', '--vcard-version', version, '--out', file]);
      const text = readFileSync(file, 'utf8');
      for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
      const clients = await listing(full, 'client', 'list', '--archived');
      const read = readVcard(readFileSync(file));
      expect(read.problems).toEqual([]);
      expect(read.detected.versions).toEqual([version]);
      expect(read.records).toHaveLength(clients.length);
      // Through the import, which normalises phones and reads the extra fields back.
      const db = tempDbPath();
      await run(db, ['import', 'clients', file]);
      const strip = (c: Record<string, unknown> & { phones: PhoneJson[]; emails: unknown[] }) => ({
        name: c.name,
        phones: c.phones.map((p) => [p.value, p.label]),
        emails: c.emails,
        birthday: c.birthday,
        note: c.note,
        tags: c.tags,
        extra: c.extra,
      });
      expect((await listing(db, 'client', 'list')).map(strip)).toEqual(clients.map(strip));
    },
  );

  it.each(['4.0', '3.0'])(
    'vCard %s: a nickname from a card, a Google or Outlook Nickname or a list’s Прозвище goes out as NICKNAME and comes back under its key',
    async (version) => {
      const db = tempDbPath();
      const dir = tempDir();
      const files = {
        'phone.vcf':
          'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ольга Смирнова\r\nNICKNAME:Лёля\r\nTEL:+79161112233\r\nEND:VCARD\r\n',
        'google.csv': 'Name,Nickname,Phone 1 - Value\nИрина Котова,"Ирэн, Ира",+79161112299\n',
        'outlook.csv': 'First Name,Last Name,Nickname,Mobile Phone\nPaul,Smith,Paulie,+447700900123\n',
        'list.csv': 'ФИО;Телефон;Прозвище;Мастер\nНовикова Елена;+79161112200;Лена-маленькая;Оля\n',
      };
      for (const [name, text] of Object.entries(files)) {
        writeFileSync(join(dir, name), text);
        await run(db, ['import', 'clients', join(dir, name)]);
      }
      const file = join(dir, 'out.vcf');
      await run(db, ['export', 'vcard', '--vcard-version', version, '--out', file]);
      const text = readFileSync(file, 'utf8');
      const nicknames = text.split('\r\n').filter((line) => /NICKNAME|X-PCRM-EXTRA/.test(line));
      expect(nicknames.map((line) => line.replace(/^item\d+\./, ''))).toEqual([
        'NICKNAME:Лёля',
        'NICKNAME:Ирэн\\, Ира',
        'NICKNAME:Paulie',
        'NICKNAME:Лена-маленькая',
        'X-PCRM-EXTRA:Оля',
      ]);
      expect(readVcard(readFileSync(file)).problems).toEqual([]);
      const again = tempDbPath();
      await run(again, ['import', 'clients', file]);
      const extras = async (at: string) =>
        ((await listing(at, 'client', 'list')) as Array<{ name: string; extra: object }>).map(
          (c) => [c.name, c.extra] as const,
        );
      expect(await extras(again)).toEqual(await extras(db));
      expect((await extras(again)).map(([, extra]) => Object.keys(extra))).toEqual([
        ['NICKNAME'],
        ['Nickname'],
        ['Nickname'],
        ['Прозвище', 'Мастер'],
      ]);
      const found = await run(again, ['client', 'find', 'лена-мал', '--json']);
      expect(JSON.parse(found.stdout).map((c: { name: string }) => c.name)).toEqual(['Новикова Елена']);
    },
  );

  it('--one-per-client writes a file per client into the directory', async () => {
    const dir = join(tempDir(), 'cards');
    await run(full, ['export', 'vcard', '--one-per-client', '--out', dir]);
    const files = readdirSync(dir);
    expect(files).toHaveLength((await listing(full, 'client', 'list', '--archived')).length);
    expect(files).toContain('00001-Иванова Мария Петровна.vcf');
    const one = readVcard(readFileSync(join(dir, '00001-Иванова Мария Петровна.vcf')));
    expect(one.records.map((r) => r.name)).toEqual(['Иванова Мария Петровна']);
  });

  it('--format vcard writes clients.vcf into the directory', async () => {
    const dir = await exportTo(full, '--format', 'vcard');
    expect(readdirSync(dir)).toEqual(['clients.vcf']);
    expect(readFileSync(join(dir, 'clients.vcf'), 'utf8')).toMatch(/^BEGIN:VCARD\r\nVERSION:4\.0\r\n/);
  });
});

describe('archived clients', () => {
  it('come back archived through export and import', async () => {
    const db = tempDbPath();
    await run(db, ['config', 'set', 'region', 'RU']);
    await run(db, ['client', 'add', 'Ушла Клиентка', '--phone', '+79123456789']);
    await run(db, ['client', 'add', 'Осталась', '--phone', '+79031112233']);
    await run(db, ['client', 'archive', '#1']);
    const out = await exportTo(db);
    const copy = await importInto(out);
    expect(
      (await listing(copy, 'client', 'list', '--archived')).map((c: { name: string; archived: boolean }) => [
        c.name,
        c.archived,
      ]),
    ).toEqual([
      ['Ушла Клиентка', true],
      ['Осталась', false],
    ]);
  });
});

describe('phones as written', () => {
  it('come back exactly, extension included, into a database with no region of its own', async () => {
    const db = tempDbPath();
    await run(db, ['config', 'set', 'region', 'RU']);
    await run(db, ['client', 'add', 'Офис', '--phone', '8 495 123-45-67 доб. 102']);
    await run(db, ['client', 'add', 'Мария', '--phone', '8 (912) 345-67-89']);
    const copy = await importInto(await exportTo(db));
    expect(
      (await listing(copy, 'client', 'list')).map((c: { phone: string; phone_raw: string }) => [c.phone, c.phone_raw]),
    ).toEqual([
      ['+74951234567', '8 495 123-45-67 доб. 102'],
      ['+79123456789', '8 (912) 345-67-89'],
    ]);
    expect((await run(copy, ['config', 'get', 'region'])).stdout).toBe('RU\n');
  });
});
