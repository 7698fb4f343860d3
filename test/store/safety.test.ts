import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/errors.js';
import { openDatabase } from '../../src/store/db.js';
import { LATEST_VERSION } from '../../src/store/migrations.js';
import { runCli } from '../cli-harness.js';
import { type CrmRun, fixture, tempDir, worldReadableCli } from '../helpers.js';

/**
 * The file that holds a business's clients: created private, never migrated down, never overwritten when it is not
 * ours or is damaged, and a clear error (not a crash) when it cannot be written.
 */

const mode = (path: string) => statSync(path).mode & 0o777;
const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;

/** What `crmAs` runs: a copy every user can read, wherever the checkout is (root's home is private to root). */
const CLI = worldReadableCli();
afterAll(() => rmSync(CLI.root, { recursive: true, force: true }));

/** The CLI with a given umask (and user, when the tests run as root), otherwise as `crm()` runs it. */
function crmAs(args: string[], db: string, options: { umask?: string; uid?: number } = {}): CrmRun {
  const script = `umask ${options.umask ?? '022'} && exec "$0" "$@"`;
  const result = spawnSync('sh', ['-c', script, process.execPath, CLI.bin, '--db', db, ...args], {
    encoding: 'utf8',
    input: '',
    env: { PATH: process.env.PATH ?? '', HOME: tmpdir(), NO_COLOR: '1', LANG: 'C.UTF-8', CRM_TODAY: '2026-11-22' },
    timeout: 60_000,
    ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.uid }),
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

function expectOneLine(run: CrmRun, code: number, message: RegExp): void {
  expect(run.code, run.stderr).toBe(code);
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^crm: /);
  expect(lines[0]).not.toMatch(/internal error/);
  expect(lines[0]).toMatch(message);
}

let template: Buffer;

beforeAll(async () => {
  const db = join(tempDir(), 'crm.sqlite');
  await runCli(['config', 'set', 'region', 'RU'], { db });
  await runCli(['import', 'clients', fixture('clients/csv-english-comma.csv')], { db });
  await runCli(['visit', 'add', 'Олег Сидоров', '1500', '--date', '01.11.2026'], { db });
  const handle = new Database(db);
  handle.pragma('wal_checkpoint(TRUNCATE)');
  handle.close();
  template = readFileSync(db);
});

/** A database with clients, a visit and an import in it (a copy made once, checkpointed: the file holds it all). */
function populated(dir = tempDir()): string {
  const db = join(dir, 'crm.sqlite');
  writeFileSync(db, template, { mode: 0o600 });
  return db;
}

/** Commands of every kind: reading, adding by hand, importing both ways, reporting, configuring, backing up. */
const COMMANDS: string[][] = [
  ['client', 'list'],
  ['client', 'add', 'Новая Клиентка', '--phone', '+79161234567'],
  ['visit', 'add', 'Олег Сидоров', '100'],
  ['import', 'clients', CLI.fixture('clients/csv-calc-cp1251.csv')],
  ['import', 'visits', CLI.fixture('visits/visits-calc-ru.csv')],
  ['report', 'arpu'],
  ['config', 'set', 'region', 'DE'],
  ['backup', join(tmpdir(), 'never-written.sqlite')],
];

describe('the database file is private', () => {
  it('is created 0600, and so are the -wal and -shm files SQLite adds beside it', () => {
    const path = join(tempDir(), 'crm.sqlite');
    const db = openDatabase(path);
    db.prepare("INSERT INTO settings (key, value) VALUES ('region', 'RU')").run();
    // While a connection is open in WAL mode SQLite keeps both companions; it gives them the database's mode.
    expect(existsSync(`${path}-wal`) && existsSync(`${path}-shm`)).toBe(true);
    expect([mode(path), mode(`${path}-wal`), mode(`${path}-shm`)]).toEqual([0o600, 0o600, 0o600]);
    db.close();
  });

  it('stays private under a umask that would make files world-readable: database, backups, rejects, undo copies', () => {
    const dir = tempDir();
    const db = join(dir, 'crm.sqlite');
    const loose = { umask: '000' };
    expect(crmAs(['client', 'add', 'Анна', '--phone', '+79123456789'], db, loose).code).toBe(0);
    expect(mode(db)).toBe(0o600);
    const backup = join(dir, 'backup.sqlite');
    expect(crmAs(['backup', backup], db, loose).code).toBe(0);
    expect(mode(backup)).toBe(0o600);
    const restored = crmAs(['restore', backup, '--yes'], db, loose);
    expect(restored.code, restored.stderr).toBe(0);
    const kept = readdirSync(dir).filter((name) => name.startsWith('crm.sqlite.replaced-'));
    expect(kept).toHaveLength(1);
    expect(mode(join(dir, kept[0]!))).toBe(0o600);
    const clients = join(dir, 'clients.csv');
    writeFileSync(clients, 'ФИО;Телефон;ДР\nА;+79160000001;32.13.2000\nБ;+79160000002;\n');
    const visits = join(dir, 'visits.csv');
    writeFileSync(visits, 'Дата;Клиент;Сумма\n01.01.2026;А;x\n01.01.2026;Б;100\n');
    expect(crmAs(['import', 'clients', clients], db, loose).code).toBe(0);
    expect(crmAs(['import', 'visits', visits], db, loose).code).toBe(0);
    const rejects = readdirSync(dir).filter((name) => name.startsWith('rejects-'));
    expect(rejects).toHaveLength(2);
    for (const name of rejects) expect(mode(join(dir, name))).toBe(0o600);
    // Undo (like merge and upgrades) first copies the database to backups/ beside it.
    const undo = crmAs(['import', 'undo', '2'], db, loose);
    expect(undo.code, undo.stderr).toBe(0);
    const backups = join(dir, 'backups');
    expect(mode(backups)).toBe(0o700);
    expect(readdirSync(backups).map((name) => mode(join(backups, name)))).toEqual([0o600]);
  });

  it('is created in a missing directory, which is made 0700 (every level of it)', () => {
    const base = tempDir();
    const db = join(base, 'a', 'b', 'crm.sqlite');
    expect(crmAs(['client', 'list'], db, { umask: '000' }).code).toBe(0);
    expect([mode(join(base, 'a')), mode(join(base, 'a', 'b')), mode(db)]).toEqual([0o700, 0o700, 0o600]);
  });

  it('is never a device, a pipe or a path under a file: a one-line refusal, nothing touched', async () => {
    const dir = tempDir();
    const fifo = join(dir, 'pipe.sqlite');
    spawnSync('mkfifo', [fifo]);
    expectOneLine(await runCli(['client', 'list'], { db: fifo }), 1, /pipe\.sqlite: not a regular file/);
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'a shopping list\n');
    expectOneLine(
      await runCli(['client', 'list'], { db: join(file, 'crm.sqlite') }),
      1,
      /cannot create the database there/,
    );
    expect(readFileSync(file, 'utf8')).toBe('a shopping list\n');
    expectOneLine(await runCli(['client', 'list'], { db: dir }), 1, /is a directory, not a database file/);
  });
});

describe('a database written by a newer pocket-crm', () => {
  it('is refused by every command with exit 1 and left byte for byte as it was', async () => {
    const db = populated();
    const handle = new Database(db);
    handle
      .prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'from the future', '2030-01-01')")
      .run(LATEST_VERSION + 1);
    handle.pragma('wal_checkpoint(TRUNCATE)');
    handle.close();
    const before = readFileSync(db);
    for (const command of COMMANDS) {
      const run = await runCli(command, { db });
      expectOneLine(run, 1, /written by a newer pocket-crm \(schema \d+, this (version|crm) knows up to \d+\)/);
      expect(readFileSync(db).equals(before), command.join(' ')).toBe(true);
    }
    expect(existsSync(join(tmpdir(), 'never-written.sqlite'))).toBe(false);
  });
});

describe('a damaged file', () => {
  const damaged: Array<[string, (good: Buffer) => Buffer]> = [
    ['a valid header page, then garbage', (good) => Buffer.concat([good.subarray(0, 4096), noise(good.length - 4096)])],
    ['a database cut off half-way', (good) => good.subarray(0, Math.floor(good.length / 2))],
    ['random bytes', (good) => noise(good.length)],
    ['a text file', () => Buffer.from('this is a shopping list, not a database\n'.repeat(200))],
  ];

  it.each(damaged)(
    '%s: reported as not a database or corrupt, by reading and writing commands, never overwritten',
    async (_, damage) => {
      const dir = tempDir();
      const db = join(dir, 'crm.sqlite');
      writeFileSync(db, damage(readFileSync(populated())));
      const before = readFileSync(db);
      for (const command of [COMMANDS[0]!, COMMANDS[3]!]) {
        expectOneLine(await runCli(command, { db }), 1, /crm\.sqlite: (not a database or corrupt|corrupt database)/);
        expect(readFileSync(db).equals(before)).toBe(true);
      }
      expect(() => openDatabase(db)).toThrow(StoreError);
      expect(readdirSync(dir).filter((name) => name.startsWith('rejects-'))).toEqual([]);
    },
  );

  it('another application’s SQLite database is refused and left alone', async () => {
    const db = join(tempDir(), 'other.sqlite');
    const other = new Database(db);
    other.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me')");
    other.close();
    const before = readFileSync(db);
    expectOneLine(
      await runCli(['import', 'clients', fixture('clients/csv-english-comma.csv')], { db }),
      1,
      /not a pocket-crm database/,
    );
    expect(readFileSync(db).equals(before)).toBe(true);
  });
});

/** Noise that is the same on every run. */
function noise(length: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = 20261122;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

describe('a database the user may not write', () => {
  // root may write any file, so as root the CLI runs as nobody, on files handed to nobody.
  const user = isRoot ? NOBODY : undefined;
  const handOver = (path: string) => {
    if (isRoot) chownSync(path, NOBODY, NOBODY);
  };

  it('a read-only file (0400): writing commands fail with one clear line and change nothing; reading still works', () => {
    const dir = tempDir();
    const db = populated(dir);
    handOver(dir);
    handOver(db);
    chmodSync(db, 0o400);
    const before = readFileSync(db);
    const list = crmAs(['client', 'list', '--json'], db, { uid: user });
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout).length).toBeGreaterThan(0);
    for (const command of [COMMANDS[1]!, COMMANDS[2]!, COMMANDS[3]!, COMMANDS[4]!]) {
      expectOneLine(crmAs(command, db, { uid: user }), 1, /crm\.sqlite: the database file is read-only/);
    }
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('a read-only folder (0500) where SQLite cannot make its -wal file: one clear line', () => {
    const dir = tempDir();
    const db = populated(dir);
    handOver(dir);
    handOver(db);
    chmodSync(dir, 0o500);
    try {
      expectOneLine(
        crmAs(COMMANDS[1]!, db, { uid: user }),
        1,
        /crm\.sqlite: (cannot be opened|the database file is read-only)/,
      );
    } finally {
      chmodSync(dir, 0o700);
    }
  });

  it('a folder the database cannot be created in: one clear line', () => {
    const dir = tempDir();
    handOver(dir);
    chmodSync(dir, 0o500);
    try {
      expectOneLine(
        crmAs(['client', 'list'], join(dir, 'sub', 'crm.sqlite'), { uid: user }),
        1,
        /cannot create the database there/,
      );
    } finally {
      chmodSync(dir, 0o700);
    }
  });
});
