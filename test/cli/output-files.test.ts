import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli-harness.js';
import { builtCli, type CrmRun, dump, tempDir } from '../helpers.js';

const BIN = builtCli();

/**
 * The CLI with a umask, from a shell, killed after `seconds`: a command that hangs (a FIFO, Node's recursive mkdir
 * under /proc) fails its test quickly instead of stalling the run.
 */
function run(args: string[], options: { db?: string; umask?: string; seconds?: number } = {}): CrmRun {
  const result = spawnSync(
    'sh',
    [
      '-c',
      `umask ${options.umask ?? '022'} && exec "$0" "$@"`,
      process.execPath,
      BIN,
      '--db',
      options.db ?? '',
      ...args,
    ],
    {
      encoding: 'utf8',
      input: '',
      env: { PATH: process.env.PATH ?? '', HOME: tmpdir(), NO_COLOR: '1', LANG: 'C.UTF-8', CRM_TODAY: '2026-11-22' },
      timeout: (options.seconds ?? 30) * 1000,
      killSignal: 'SIGKILL',
    },
  );
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

function expectOneLine(result: CrmRun, code: number, message: RegExp): void {
  expect(result.code, result.stderr).toBe(code);
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^crm: /);
  expect(lines[0]).not.toMatch(/internal error|\bat .*\.js:\d+/);
  expect(lines[0]).toMatch(message);
}

const mode = (path: string) => statSync(path).mode & 0o777;

/** A file of two clients, one of them rejected (a birthday that is no date). */
const CLIENTS = 'ФИО;Телефон;ДР\nАнна;+79160000001;32.13.2000\nБорис;+79160000002;\n';
/** A journal of two visits, one of them rejected (an amount that is no number). */
const VISITS = 'Дата;Клиент;Сумма\n01.01.2026;Анна;x\n01.01.2026;Борис;100\n';

let template: Buffer;

beforeAll(async () => {
  const dir = tempDir();
  const db = join(dir, 'crm.sqlite');
  writeFileSync(join(dir, 'clients.csv'), 'ФИО;Телефон\nАнна;+79160000001\nБорис;+79160000002\n');
  expect((await runCli(['import', 'clients', join(dir, 'clients.csv')], { db })).code).toBe(0);
  const handle = new Database(db);
  handle.pragma('wal_checkpoint(TRUNCATE)');
  handle.close();
  template = readFileSync(db);
});

/** A directory holding a database with two clients and an import (the whole of it in the file), and input files. */
function workspace(): { dir: string; db: string; clients: string; visits: string } {
  const dir = tempDir();
  const db = join(dir, 'crm.sqlite');
  writeFileSync(db, template, { mode: 0o600 });
  const clients = join(dir, 'new-clients.csv');
  writeFileSync(clients, CLIENTS);
  const visits = join(dir, 'visits.csv');
  writeFileSync(visits, VISITS);
  return { dir, db, clients, visits };
}

describe('an output path that names the database or an input is refused before anything is written', () => {
  it('refuses -o, --rejects and a backup naming the database, its -wal, -shm or -journal file, or a link to it', async () => {
    const { dir, db, clients, visits } = workspace();
    const before = dump(db);
    const bytes = readFileSync(db);
    symlinkSync(db, join(dir, 'link.sqlite'));
    linkSync(db, join(dir, 'hard.sqlite'));
    const cases: Array<[string[], RegExp]> = [
      [['client', 'list', '--format', 'csv', '-o', db], /crm\.sqlite: that is the database; write to another file$/],
      [['client', 'list', '--format', 'csv', '-o', join(dir, 'link.sqlite')], /that is the database;/],
      [['client', 'list', '--format', 'csv', '-o', join(dir, 'hard.sqlite')], /that is the database;/],
      [['report', 'monthly', '--format', 'csv', '-o', `${db}-wal`], /that is the database's -wal file/],
      [['client', 'list', '--format', 'csv', '--output', `${db}-shm`], /that is the database's -shm file/],
      [['import', 'clients', clients, '--rejects', db], /that is the database;/],
      [['import', 'visits', visits, '--rejects', db], /that is the database;/],
      [['import', 'visits', visits, '--rejects', join(dir, 'link.sqlite')], /that is the database;/],
      [['import', 'deals', visits, '--rejects', `${db}-journal`], /that is the database's -journal file/],
      [['backup', `${db}-journal`], /that is the database's -journal file/],
      [['backup', '-o', `${db}-wal`], /that is the database's -wal file/],
    ];
    for (const [args, message] of cases) {
      expectOneLine(await runCli(args, { db }), 2, message);
      expect(readFileSync(db).equals(bytes), args.join(' ')).toBe(true);
    }
    expect(dump(db)).toBe(before);
    expect(existsSync(`${db}-journal`)).toBe(false);
  });

  it('refuses --rejects naming the file being imported, through a link too, and leaves the file as it was', async () => {
    const { dir, db, clients, visits } = workspace();
    const before = dump(db);
    symlinkSync(visits, join(dir, 'journal-link.csv'));
    expectOneLine(
      await runCli(['import', 'clients', clients, '--rejects', clients], { db }),
      2,
      /new-clients\.csv: that is the file being read/,
    );
    expectOneLine(
      await runCli(['import', 'visits', visits, '--rejects', join(dir, 'journal-link.csv')], { db }),
      2,
      /journal-link\.csv: that is the file being read/,
    );
    expect(readFileSync(clients, 'utf8')).toBe(CLIENTS);
    expect(readFileSync(visits, 'utf8')).toBe(VISITS);
    expect(dump(db)).toBe(before);
  });
});

describe('every file crm writes is private, whatever the umask', () => {
  it('makes -o files, rejects files, export files and folders, vCard files and backups 0600 (folders 0700)', () => {
    const { dir, db, clients, visits } = workspace();
    const loose = { db, umask: '000' };
    const list = join(dir, 'list.csv');
    expect(run(['client', 'list', '-o', list], loose).code).toBe(0);
    // An existing file being overwritten is made private too.
    const report = join(dir, 'report.md');
    writeFileSync(report, 'old');
    chmodSync(report, 0o666);
    expect(run(['report', 'monthly', '-o', report], loose).code).toBe(0);
    const clientRejects = join(dir, 'client-rejects.csv');
    writeFileSync(clientRejects, 'old');
    chmodSync(clientRejects, 0o644);
    expect(run(['import', 'clients', clients, '--rejects', clientRejects], loose).code).toBe(0);
    const visitRejects = join(dir, 'visit-rejects.csv');
    writeFileSync(visitRejects, 'old');
    chmodSync(visitRejects, 0o644);
    expect(run(['import', 'visits', visits, '--rejects', visitRejects], loose).code).toBe(0);
    expect(readFileSync(clientRejects, 'utf8')).toMatch(/^ФИО;Телефон;ДР;rejected: line;rejected: reason\nАнна;/);
    expect(readFileSync(visitRejects, 'utf8')).toMatch(
      /^Дата;Клиент;Сумма;rejected: line;rejected: reason\n01.01.2026;/,
    );
    const exported = join(dir, 'export');
    expect(run(['export', '--out', exported], loose).code).toBe(0);
    const vcard = join(dir, 'phone.vcf');
    expect(run(['export', 'vcard', '--out', vcard], loose).code).toBe(0);
    const backup = join(dir, 'copy.sqlite');
    expect(run(['backup', backup], loose).code).toBe(0);

    expect(mode(exported)).toBe(0o700);
    const written = [list, report, clientRejects, visitRejects, vcard, backup];
    written.push(...readdirSync(exported).map((name) => join(exported, name)));
    expect(written.map((path) => [path, mode(path)])).toEqual(written.map((path) => [path, 0o600]));
    // No temporary file is left beside them.
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});

describe('only regular files are read', () => {
  it('refuses a link to /dev/zero or /dev/urandom, a FIFO without a writer, a socket-free device, at once', () => {
    const { dir, db } = workspace();
    const before = dump(db);
    const zero = join(dir, 'zero.csv');
    symlinkSync('/dev/zero', zero);
    const random = join(dir, 'random.csv');
    symlinkSync('/dev/urandom', random);
    const fifo = join(dir, 'pipe.csv');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    for (const kind of ['clients', 'visits', 'deals', 'nps']) {
      for (const file of [zero, random]) {
        expectOneLine(run(['import', kind, file], { db, seconds: 15 }), 1, /\.csv: is a device, not a regular file$/);
      }
      expectOneLine(run(['import', kind, fifo], { db, seconds: 15 }), 1, /pipe\.csv: is a named pipe \(FIFO\)/);
    }
    expect(dump(db)).toBe(before);
  });

  it('refuses a file too big to read whole (clients, deals, NPS) before reading any of it', () => {
    const { dir, db } = workspace();
    const huge = join(dir, 'huge.csv');
    // Sparse: 300 MB that take no room and no time unless read.
    writeFileSync(huge, 'ФИО;Телефон\n');
    truncateSync(huge, 300 * 1024 * 1024);
    for (const kind of ['clients', 'deals', 'nps']) {
      expectOneLine(
        run(['import', kind, huge], { db, seconds: 15 }),
        1,
        /huge\.csv: 300 MB is more than crm reads at once \(256 MB\); split the file into parts$/,
      );
    }
  });
});

describe('file-system errors are one line naming the path and the cause', () => {
  it('reports a missing folder, a folder given for a file, a path under a file, /proc, each with exit 1', async () => {
    const { dir, db, clients, visits } = workspace();
    const before = dump(db);
    expectOneLine(
      await runCli(['client', 'list', '-o', '/nonexistent/x.csv'], { db }),
      1,
      /^crm: \/nonexistent\/x\.csv: no such directory \(\/nonexistent\)$/,
    );
    expectOneLine(await runCli(['import', 'clients', clients, '--rejects', dir], { db }), 1, /: is a directory$/);
    expectOneLine(await runCli(['import', 'visits', visits, '--rejects', dir], { db }), 1, /: is a directory$/);
    expectOneLine(
      await runCli(['export', '--out', '/etc/passwd/x'], { db }),
      1,
      /^crm: \/etc\/passwd\/x: \/etc\/passwd is a file, not a directory$/,
    );
    // Spawned, as a command that may hang under /proc is (below).
    expectOneLine(run(['backup', '/proc/'], { db }), 1, /^crm: \/proc\/: cannot write the backup there/);
    expect(dump(db)).toBe(before);
  });

  it('refuses export --out /proc/foo at once instead of looping in a recursive mkdir', () => {
    const { db } = workspace();
    const started = Date.now();
    expectOneLine(
      run(['export', '--out', '/proc/pocket-crm-test'], { db, seconds: 15 }),
      1,
      /^crm: \/proc\/pocket-crm-test: cannot create a directory there/,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

/** A 512 KB file system, mounted for these tests when the runner may mount one (root); else they are skipped. */
function smallDisk(): string | undefined {
  const dir = tempDir('crm-full-');
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=512k', 'tmpfs', dir]);
  return mounted.status === 0 ? dir : undefined;
}

const mounts: string[] = [];
afterAll(() => {
  for (const dir of mounts) spawnSync('umount', [dir]);
});

/** Mounted when the file is loaded, to know whether the tests of a full disk can run here. */
const fullDisk = process.getuid?.() === 0 ? smallDisk() : undefined;
if (fullDisk) mounts.push(fullDisk);

describe.skipIf(!fullDisk)('a full disk (a 512 KB tmpfs)', () => {
  const disk = fullDisk!;
  let big: string;
  let bigBefore: string;

  beforeAll(async () => {
    // 5,000 clients: a listing or an export of them is far over the 512 KB disk.
    const dir = tempDir();
    big = join(dir, 'crm.sqlite');
    const file = join(dir, 'many.csv');
    const rows = Array.from(
      { length: 5000 },
      (_, i) => `Клиентка ${i};+7916${String(i).padStart(7, '0')};c${i}@example.com;${'заметка '.repeat(10)}`,
    );
    writeFileSync(file, `ФИО;Телефон;Email;Заметка\n${rows.join('\n')}\n`);
    expect((await runCli(['import', 'clients', file], { db: big })).code).toBe(0);
    bigBefore = dump(big);
  }, 60_000);

  const leftovers = () => readdirSync(disk, { recursive: true });

  it('fails -o, export and vCard export in one line, leaving nothing on the disk', () => {
    for (const [args, path] of [
      [['client', 'list', '--format', 'csv', '-o', join(disk, 'list.csv')], 'list.csv'],
      [['export', '--out', join(disk, 'export')], 'export'],
      [['export', '--format', 'json', '--out', join(disk, 'export')], 'export'],
      [['export', 'vcard', '--out', join(disk, 'phone.vcf')], 'phone.vcf'],
    ] as const) {
      expectOneLine(run([...args], { db: big }), 1, new RegExp(`${path}: disk is full$`));
      expect(leftovers(), args.join(' ')).toEqual([]);
    }
    // Into an existing folder: the files already there stay as they were.
    mkdirSync(join(disk, 'earlier'));
    writeFileSync(join(disk, 'earlier', 'clients.csv'), 'earlier export');
    expectOneLine(run(['export', '--out', join(disk, 'earlier'), '--force'], { db: big }), 1, /disk is full$/);
    expect(leftovers().sort()).toEqual(['earlier', join('earlier', 'clients.csv')]);
    expect(readFileSync(join(disk, 'earlier', 'clients.csv'), 'utf8')).toBe('earlier export');
    expect(dump(big)).toBe(bigBefore);
    rmSync(join(disk, 'earlier'), { recursive: true });
  });

  it('fails a rejects file that does not fit: the import stores nothing, no file is left', () => {
    const { dir, db } = workspace();
    const before = dump(db);
    const journal = join(dir, 'bad-journal.csv');
    const rows = Array.from({ length: 20_000 }, (_, i) => `01.01.2026;Клиент ${i};нет суммы`);
    writeFileSync(journal, `Дата;Клиент;Сумма\n01.01.2026;Анна;100\n${rows.join('\n')}\n`);
    expectOneLine(
      run(['import', 'visits', journal, '--rejects', join(disk, 'rejects.csv')], { db }),
      1,
      /rejects\.csv: disk is full$/,
    );
    const people = join(dir, 'bad-people.csv');
    const bad = Array.from({ length: 20_000 }, (_, i) => `Клиент ${i};+7916${String(i).padStart(7, '0')};32.13.2000`);
    writeFileSync(people, `ФИО;Телефон;ДР\n${bad.join('\n')}\nНовая;+79169999999;\n`);
    expectOneLine(
      run(['import', 'clients', people, '--rejects', join(disk, 'rejects.csv')], { db }),
      1,
      /rejects\.csv: disk is full$/,
    );
    expect(leftovers()).toEqual([]);
    expect(dump(db)).toBe(before);
  });

  it('names a read-only file system as the cause', () => {
    const readOnly = tempDir('crm-ro-');
    expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', readOnly]).status).toBe(0);
    mounts.push(readOnly);
    expectOneLine(
      run(['client', 'list', '-o', join(readOnly, 'list.txt')], { db: big }),
      1,
      /list\.txt: the file system is read-only$/,
    );
    expectOneLine(run(['export', '--out', join(readOnly, 'export')], { db: big }), 1, /read-only\)$/);
  });

  it('reports a full disk under the database during import visits as that, with nothing stored', () => {
    const dbDisk = smallDisk();
    if (!dbDisk) throw new Error('cannot mount a second tmpfs');
    mounts.push(dbDisk);
    const db = join(dbDisk, 'crm.sqlite');
    writeFileSync(db, template, { mode: 0o600 });
    const before = dump(db);
    const dir = tempDir();
    const journal = join(dir, 'journal.csv');
    const rows = Array.from(
      { length: 20_000 },
      (_, i) => `01.01.2026;Клиент ${i};+7916${String(i).padStart(7, '0')};${100 + i}`,
    );
    writeFileSync(journal, `Дата;Клиент;Телефон;Сумма\n${rows.join('\n')}\n`);
    expectOneLine(
      run(['import', 'visits', journal], { db }),
      1,
      /^crm: the database file's disk is full; nothing was changed/,
    );
    expect(dump(db)).toBe(before);
  });
});
