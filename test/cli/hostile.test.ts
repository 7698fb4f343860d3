import { isUtf8 } from 'node:buffer';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { dumpDatabase } from '../../src/store/dump.js';
import { runCli } from '../cli-harness.js';
import { type CrmRun, fixture, tempDir } from '../helpers.js';

/**
 * The malformed-input corpus (fixtures/hostile/, plus big files generated here): every file gets a one-line error and
 * an unchanged database, or, where part of it is good, exit 0 with exactly its good rows and a rejects warning.
 * docs/RELIABILITY.md lists the promise for each file. CRM_FULL_TESTS=1 runs the big files at full size.
 */

const FULL = process.env.CRM_FULL_TESTS === '1';
/** Full-size files take tens of seconds per command (the 100 MB line through the streaming journal reader). */
const BIG_TIMEOUT = FULL ? 600_000 : 60_000;
const hostile = (name: string) => fixture(`hostile/${name}`);
type Kind = 'clients' | 'visits' | 'deals' | 'nps';

let seed: string;

beforeAll(async () => {
  const dir = tempDir('crm-hostile-seed-');
  seed = join(dir, 'crm.sqlite');
  const clients = join(dir, 'clients.csv');
  writeFileSync(clients, 'ФИО;Телефон;Метки\nАнна Петрова;+79123456789;VIP\nБорис Сидоров;+79031112233;\n');
  expect((await runCli(['config', 'set', 'region', 'RU'], { db: seed })).code).toBe(0);
  expect((await runCli(['import', 'clients', clients], { db: seed })).code).toBe(0);
  const db = new Database(seed);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
});

/** A copy of the seeded database (two clients, a region) in a directory of its own. */
function freshDb(): string {
  const db = join(tempDir('crm-hostile-'), 'crm.sqlite');
  copyFileSync(seed, db);
  return db;
}

function open<T>(path: string, read: (db: Database.Database) => T): T {
  const db = new Database(path, { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

const dump = (path: string) => open(path, dumpDatabase);

/** Every row of every table, as JSON text. */
function rows(path: string): Record<string, string[]> {
  return open(path, (db) => {
    const tables = db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .all() as Array<{ name: string }>;
    return Object.fromEntries(
      tables.map(({ name }) => [
        name,
        db
          .prepare(`SELECT * FROM "${name}"`)
          .all()
          .map((row) => JSON.stringify(row)),
      ]),
    );
  });
}

/** Rows an import added, by table; fails if it removed or changed any row that was there before. */
function added(before: Record<string, string[]>, after: Record<string, string[]>): Record<string, unknown[]> {
  const result: Record<string, unknown[]> = {};
  for (const [table, old] of Object.entries(before)) {
    const now = new Set(after[table]);
    expect(
      old.filter((row) => !now.has(row)),
      `rows of ${table} changed or removed`,
    ).toEqual([]);
    const was = new Set(old);
    const fresh = after[table]!.filter((row) => !was.has(row)).map((row) => JSON.parse(row));
    if (fresh.length) result[table] = fresh;
  }
  return result;
}

const rejectsFiles = (db: string) => readdirSync(dirname(db)).filter((name) => name.startsWith('rejects-'));

/** A user's error: one line `crm: …` on stderr, short, naming what is wrong; no stack, never "internal error". */
function expectOneLineError(run: CrmRun, message: RegExp): void {
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines, run.stderr.slice(0, 2000)).toHaveLength(1);
  expect(lines[0]).toMatch(/^crm: /);
  expect(lines[0]).not.toMatch(/internal error|\bat .*\(.*:\d+:\d+\)/);
  expect(lines[0]).toMatch(message);
  expect(lines[0]!.length).toBeLessThan(400);
}

/** Imports `file` as `kind` into a fresh copy of the seed and proves the refusal left everything as it was. */
async function expectRefused(kind: Kind, file: string, message: RegExp): Promise<void> {
  const db = freshDb();
  const before = dump(db);
  const run = await runCli(['import', kind, file], { db });
  expect(run.code, run.stderr).toBe(1);
  expectOneLineError(run, message);
  expect(dump(db)).toBe(before);
  // A file whose every row is rejected gives them back, in a rejects file the line names; one not read has none.
  const everyRowRejected = /rows? w(ere|as) rejected/.test(message.source);
  expect(rejectsFiles(db)).toHaveLength(everyRowRejected ? 1 : 0);
  if (everyRowRejected) expect(run.stderr).toContain('; every row with its reason: ');
}

interface Landed {
  run: CrmRun;
  added: Record<string, unknown[]>;
  rejects: string[][];
  db: string;
}

/**
 * A rejects file (each row as it was, then its line and its reason, `Header: why` for a column's fault; written in the
 * file's own encoding and delimiter) as rows of line, field, reason.
 */
function tableRejects(bytes: Buffer): string[][] {
  const text = isUtf8(bytes) ? bytes.toString('utf8').replace(/^\uFEFF/, '') : iconv.decode(bytes, 'cp1251');
  const firstLine = text.slice(0, text.indexOf('\n'));
  const delimiter = [';', ',', '\t'].reduce((best, candidate) =>
    firstLine.split(candidate).length > firstLine.split(best).length ? candidate : best,
  );
  const [header, ...rows] = parse(text, { relax_column_count: true, delimiter }) as string[][];
  return rows.map((row) => {
    const reason = row[row.length - 1]!;
    const field = header!.slice(0, -2).find((name) => reason.startsWith(`${name}: `)) ?? '';
    return [row[row.length - 2]!, field, field ? reason.slice(field.length + 2) : reason];
  });
}

/** A vCard's rejects file (each card as it was, its line and reason in X-PCRM-REJECTED) as rows of line, field, reason. */
function cardRejects(text: string): string[][] {
  return [...text.matchAll(/^X-PCRM-REJECTED:line (\d+): (?:([A-Z][A-Z0-9-]*): )?(.*?)\r?$/gm)].map(
    ([, line, field, reason]) => [line!, field ?? '', reason!.replace(/\\([\\,;])/g, '$1')],
  );
}

/** Imports `file` into a fresh copy of the seed: exit 0, no error; what it added, and the rejects file's rows. */
async function importPartly(kind: Kind, file: string, rejected: number): Promise<Landed> {
  const db = freshDb();
  const before = rows(db);
  const run = await runCli(['import', kind, file], { db });
  expect(run.code, run.stderr).toBe(0);
  expect(run.stderr).not.toMatch(/internal error|crm: /);
  const files = rejectsFiles(db);
  let rejects: string[][] = [];
  if (rejected === 0) {
    expect(files).toEqual([]);
    expect(run.stdout).not.toMatch(/rejected rows? written/);
  } else {
    expect(files).toHaveLength(1);
    const path = join(dirname(db), files[0]!);
    expect(run.stdout).toContain(`warning: ${rejected} rejected ${rejected === 1 ? 'row' : 'rows'} written to ${path}`);
    rejects = path.endsWith('.vcf') ? cardRejects(readFileSync(path, 'utf8')) : tableRejects(readFileSync(path));
  }
  return { run, added: added(before, rows(db)), rejects, db };
}

/** What a journal or client import added, in a few words per row. */
function summary(landed: Record<string, unknown[]>) {
  type Row = Record<string, unknown>;
  const list = (table: string) => (landed[table] ?? []) as Row[];
  return {
    clients: list('clients').map((c) => c.name),
    phones: list('client_contacts').map((c) => c.value),
    visits: list('visits').map((v) => `${v.date} ${v.amount}`),
    deals: list('deals').map((d) => `${d.created} ${d.amount}`),
    nps: list('nps_answers').map((a) => `${a.date} ${a.score}`),
  };
}

describe('files that cannot be imported at all: one line, exit 1, database unchanged', () => {
  // deals and nps read a file exactly as clients do up to the header mapping, so the files refused before it are
  // run as clients and as visits (its own streaming reader); those refused by the mapping also as deals or nps.
  it.each<[string, Kind[], RegExp]>([
    ['binary-garbage.csv', ['clients', 'visits'], /binary-garbage\.csv: binary data, not a text CSV file$/],
    ['binary-garbage.vcf', ['clients'], /binary-garbage\.vcf: binary data, not a vCard file$/],
    ['binary-garbage.vcf', ['visits'], /binary-garbage\.vcf: binary data, not a text CSV file$/],
    ['truncated.vcf', ['clients'], /its one row was rejected \(first: line 1: card not closed \(file truncated\?\)\)/],
    ['truncated.vcf', ['deals'], /truncated\.vcf: a vCard file; deals are read from CSV files and workbooks only$/],
    ['unterminated-quote-header.csv', ['clients', 'visits'], /unterminated quoted field in the header \(line 1\)/],
    ['nul-bytes.csv', ['clients', 'visits'], /nul-bytes\.csv: binary data, not a text CSV file$/],
    ['mixed-encodings.csv', ['clients'], /mixed encodings: line 1 is UTF-8 but line 3 is not/],
    ['mixed-encodings.csv', ['visits'], /mixe[sd] encodings/],
    ['empty.csv', ['clients', 'visits'], /empty\.csv: empty file$/],
    ['blank-lines.csv', ['clients', 'visits'], /blank-lines\.csv: empty file$/],
    ['bom-only.csv', ['clients', 'visits'], /bom-only\.csv: empty file$/],
  ])('%s (%s)', async (name, kinds, message) => {
    for (const kind of kinds) await expectRefused(kind, hostile(name), message);
  });

  it('a missing file and a directory', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'journal.csv'));
    for (const kind of ['clients', 'visits'] as const) {
      await expectRefused(kind, join(dir, 'missing.csv'), /missing\.csv: no such file$/);
      await expectRefused(kind, join(dir, 'journal.csv'), /journal\.csv: is a directory, not a file$/);
    }
  });

  it('a NUL byte far into an otherwise good file (past any sniffing window)', async () => {
    const file = join(tempDir(), 'late-nul.csv');
    const good = Array.from({ length: 2_000 }, (_, i) => `01.02.2026;Клиент ${i};;${100 + i};9\n`).join('');
    writeFileSync(
      file,
      Buffer.concat([Buffer.from(`Дата;Клиент;Телефон;Сумма;Оценка\n${good}`), Buffer.from('02.02.2026;x\0y;;1;1\n')]),
    );
    for (const kind of ['clients', 'visits'] as const) await expectRefused(kind, file, /late-nul\.csv: binary data/);
  });

  it('Windows-1251 for the first 400 KB, then UTF-8 lines (two exports pasted together)', async () => {
    const file = join(tempDir(), 'late-mixed.csv');
    const cp1251 = Array.from({ length: 10_000 }, (_, i) => `01.02.2026;Клиентка ${i};;${100 + i};9\n`).join('');
    writeFileSync(
      file,
      Buffer.concat([
        iconv.encode(`Дата;Клиент;Телефон;Сумма;Оценка\n${cp1251}`, 'cp1251'),
        Buffer.from('02.02.2026;Ирина Волкова;+79161000001;1500;9\n', 'utf8'),
      ]),
    );
    for (const kind of ['clients', 'visits'] as const)
      await expectRefused(kind, file, /late-mixed\.csv: .*mixe[sd] encodings/);
  });

  it(
    `a single line of ${FULL ? 100 : 5} MB without a line break`,
    async () => {
      const file = join(tempDir(), 'one-line.csv');
      const size = (FULL ? 100 : 5) * 1_000_000;
      writeFileSync(file, 'Lorem ipsum dolor sit amet '.repeat(Math.ceil(size / 27)));
      await expectRefused(
        'clients',
        file,
        /one-line\.csv: (no client rows found|the first line is \d+ million characters long)/,
      );
      await expectRefused('visits', file, /one-line\.csv: (no column for date, amount|the first line is)/);
    },
    BIG_TIMEOUT,
  );

  it(
    `a header of ${FULL ? '1,000,000' : '20,000'} unknown columns`,
    async () => {
      const file = join(tempDir(), 'wide-unknown.csv');
      const width = FULL ? 1_000_000 : 20_000;
      const header = Array.from({ length: width }, (_, i) => `c${i}`).join(';');
      writeFileSync(file, `${header}\n${'x;'.repeat(width - 1)}x\n`);
      await expectRefused('clients', file, /its one row was rejected \(first: line 2: no name, phone or e-mail\)/);
      await expectRefused(
        'visits',
        file,
        new RegExp(`no column for date, amount \\(headers: c0, c1, .*, and ${width - 20} more\\)`),
      );
    },
    BIG_TIMEOUT,
  );
});

describe('files partly good: exit 0, exactly the good rows land, the rest go to the rejects file', () => {
  it('a quote that never closes: the rows before it land, the rest of the file is one rejected record', async () => {
    for (const kind of ['clients', 'visits', 'deals', 'nps'] as const) {
      const { added, rejects } = await importPartly(kind, hostile('unterminated-quote.csv'), 1);
      expect(rejects).toEqual([['4', '', 'unterminated quoted field']]);
      const landed = summary(added);
      expect(landed.clients).toEqual(['Ирина Волкова', 'Олег Зайцев']);
      expect(landed.phones).toEqual(['+79161000001', '+79161000002']);
      if (kind === 'visits') expect(landed.visits).toEqual(['2026-02-01 150000', '2026-02-02 250000']);
      if (kind === 'deals') expect(landed.deals).toEqual(['2026-02-01 150000', '2026-02-02 250000']);
      if (kind === 'nps') expect(landed.nps).toEqual(['2026-02-01 9', '2026-02-02 10']);
    }
  });

  it('a vCard file cut off in its third card: the two whole cards land', async () => {
    const { added, rejects } = await importPartly('clients', hostile('truncated-after-two.vcf'), 1);
    expect(rejects).toEqual([['11', '', 'card not closed (file truncated?)']]);
    expect(summary(added)).toMatchObject({
      clients: ['Ирина Волкова', 'Олег Зайцев'],
      phones: ['+79161000001', '+79161000002'],
    });
  });

  it('duplicate headers: a second phone column adds a phone, other repeats are kept as extra fields', async () => {
    const clients = await importPartly('clients', hostile('duplicate-headers.csv'), 0);
    expect(summary(clients.added)).toMatchObject({
      clients: ['Ирина Волкова', 'Олег Зайцев'],
      phones: ['+79161000001', '+79161000011', '+79161000002'],
    });
    const extra = (clients.added.clients as Array<{ extra: string }>).map((c) => JSON.parse(c.extra));
    expect(extra[0]).toMatchObject({ 'Клиент (2)': 'Ира', Сумма: '1500', 'Сумма (2)': '100' });

    const visits = await importPartly('visits', hostile('duplicate-headers.csv'), 0);
    expect(summary(visits.added).visits).toEqual(['2026-02-01 150000', '2026-02-02 250000']);
    const visitExtra = (visits.added.visits as Array<{ extra: string }>).map((v) => JSON.parse(v.extra));
    expect(visitExtra[0]).toMatchObject({ 'Сумма (2)': '100', 'Клиент (2)': 'Ира' });

    expect(summary((await importPartly('nps', hostile('duplicate-headers.csv'), 0)).added).nps).toEqual([
      '2026-02-01 9',
      '2026-02-02 10',
    ]);
  });

  it('UTF-16 with an odd number of bytes: the stray last byte is dropped, every row lands unharmed', async () => {
    for (const kind of ['clients', 'deals'] as const) {
      const landed = summary((await importPartly(kind, hostile('utf16-odd-bytes.csv'), 0)).added);
      expect(landed.clients).toEqual(['Ирина Волкова', 'Олег Зайцев']);
      if (kind === 'deals') expect(landed.deals).toEqual(['2026-02-01 150000', '2026-02-02 250000']);
    }
  });

  it('10,000 columns: the known ones are read, the other 9,995 kept as extra fields', async () => {
    const file = join(tempDir(), 'wide.csv');
    const others = Array.from({ length: 9_995 }, (_, i) => `Поле ${i + 1}`);
    const values = others.map((_, i) => `значение ${i + 1}`);
    writeFileSync(
      file,
      `Дата;Клиент;Телефон;Сумма;Оценка;${others.join(';')}\n01.02.2026;Ирина Волкова;+79161000001;1500;9;${values.join(';')}\n`,
    );
    const clients = await importPartly('clients', file, 0);
    const extra = JSON.parse((clients.added.clients as Array<{ extra: string }>)[0]!.extra);
    expect(Object.keys(extra)).toHaveLength(9_995 + 3);
    expect(extra['Поле 9995']).toBe('значение 9995');

    const visits = await importPartly('visits', file, 0);
    expect(summary(visits.added).visits).toEqual(['2026-02-01 150000']);
    expect(Object.keys(JSON.parse((visits.added.visits as Array<{ extra: string }>)[0]!.extra))).toHaveLength(9_996);
  });
});

describe('hostile values inside an otherwise good file', () => {
  const LONG_NAME = 'Ярослава'.repeat(1_250);
  const CONTROL = 'Бел\u0001ла \u001b[31mКрасная\u001b[0m';
  const RTL = '\u202Eанна Справа';
  const EMOJI = 'Вера 💇\u200D♀️ Цветкова';
  const LONG_PHONE = '9'.repeat(500);
  const MEGABYTE = 'заметка; "в кавычках", ещё\n'.repeat(40_000);

  let file: string;
  beforeAll(() => {
    file = join(tempDir(), 'values.csv');
    const quote = (text: string) => `"${text.replace(/"/g, '""')}"`;
    const lines = [
      'Дата;Клиент;Телефон;Сумма;Оценка;Примечание',
      `01.02.2026;${LONG_NAME};+79160000001;100;9;long name`,
      `02.02.2026;${CONTROL};+79160000002;100;9;control characters`,
      `03.02.2026;${RTL};+79160000003;100;9;right-to-left override`,
      `04.02.2026;${EMOJI};+79160000004;100;9;emoji`,
      `05.02.2026;Длинный Телефон;${LONG_PHONE};100;9;phone of 500 digits`,
      '06.02.2026;Богач;+79160000006;100000000000000000000;9;10^20',
      '31.12.9999;Будущий;+79160000007;100;9;the last day',
      '01.01.0001;Древний;+79160000008;100;9;year one',
      '07.02.2026;Десять;+79160000009;100;10.0;score 10.0',
      `08.02.2026;Мегабайт;+79160000010;100;9;${quote(MEGABYTE)}`,
    ];
    writeFileSync(file, `${lines.join('\n')}\n`);
  });

  const storedName = (db: string, phone: string) =>
    open(db, (d) =>
      d
        .prepare(
          "SELECT c.name, c.note FROM clients c JOIN client_contacts p ON p.client_id = c.id WHERE p.kind = 'phone' AND p.raw = ?",
        )
        .get(phone),
    ) as { name: string; note: string | null };

  it('clients: every row lands, every value exactly as written; the 500-digit phone is kept as written', async () => {
    const { added, db } = await importPartly('clients', file, 0);
    expect(summary(added).clients).toHaveLength(10);
    expect(storedName(db, '+79160000001').name).toBe(LONG_NAME);
    expect(storedName(db, '+79160000002').name).toBe(CONTROL);
    expect(storedName(db, '+79160000003').name).toBe(RTL);
    expect(storedName(db, '+79160000004').name).toBe(EMOJI);
    expect(storedName(db, '+79160000010').note).toBe(MEGABYTE.trim());
    const phone = (added.client_contacts as Array<{ raw: string; value: string; valid: number }>).find(
      (c) => c.raw === LONG_PHONE,
    );
    expect(phone).toMatchObject({ value: LONG_PHONE, valid: 0 });
  });

  it('visits and deals: 10^20 and 0001-01-01 are rejected with their reason, 9999-12-31 lands', async () => {
    for (const kind of ['visits', 'deals'] as const) {
      const { added, rejects, db } = await importPartly(kind, file, 2);
      expect(rejects).toEqual([
        ['7', 'Сумма', "'100000000000000000000': too large (at most 1 000 000 000 000)"],
        ['9', 'Дата', "'01.01.0001' is not a date"],
      ]);
      const landed = summary(added)[kind];
      expect(landed).toHaveLength(8);
      expect(landed).toContain('9999-12-31 10000');
      if (kind !== 'visits') continue;
      // The clients the journal created come back out exactly, and a card with a visit in 9999 still renders.
      const listed = JSON.parse((await runCli(['client', 'list', '--json'], { db })).stdout) as Array<{ name: string }>;
      expect(listed.map((c) => c.name)).toEqual(expect.arrayContaining([LONG_NAME, CONTROL, RTL, EMOJI]));
      const card = await runCli(['client', 'show', 'Будущий'], { db });
      expect(card.code, card.stderr).toBe(0);
      expect(card.stdout).toContain('9999-12-31');
    }
  });

  it('nps: a score of 10.0 is rejected, not rounded', async () => {
    const { added, rejects } = await importPartly('nps', file, 2);
    expect(rejects).toEqual([
      ['9', 'Дата', "'01.01.0001' is not a date"],
      ['10', 'Оценка', "'10.0' is not a score from 0 to 10"],
    ]);
    expect(summary(added).nps).toHaveLength(8);
  });
});
