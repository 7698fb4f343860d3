import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-harness.js';
import { builtCli, dump, tempDbPath, tempDir } from '../helpers.js';

const BIN = builtCli();

async function databaseWithAnna(path = tempDbPath()): Promise<string> {
  expect((await runCli(['client', 'add', 'Анна', '--phone', '+79161234567'], { db: path })).code).toBe(0);
  return path;
}

/** The id of a process that has ended: no process has it now (until the system reuses it). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('temporaries a killed crm left', () => {
  it('are deleted on the next run, beside the database and in backups/; a running process’s are kept', async () => {
    const db = await databaseWithAnna();
    const dir = dirname(db);
    mkdirSync(join(dir, 'backups'), { recursive: true });
    const dead = deadPid();
    const stale = [
      join(dir, `.crm.sqlite.${dead}-0123abcd.tmp`),
      join(dir, `.rejects-visits.csv-20261122-101010.csv.${dead}-89abcdef.tmp`),
      join(dir, 'backups', `.crm-merge-20261122-101010.sqlite.${dead}-deadbeef.tmp`),
      join(dir, 'backups', `.crm-undo-20261122-101010.sqlite.${dead}-deadbeef.tmp-journal`),
    ];
    const old = join(dir, `.crm-backup-20261122-101010.sqlite.${process.pid}-00000001.tmp`);
    const running = join(dir, `.crm.sqlite.${process.pid}-00000002.tmp`);
    const unrelated = [join(dir, '.crm.sqlite.notes.tmp'), join(dir, `.other.${dead}-xyz.tmp`)];
    for (const path of [...stale, old, running, ...unrelated]) writeFileSync(path, 'copy of the database');
    const twoDaysAgo = Date.now() / 1000 - 2 * 24 * 3600;
    utimesSync(old, twoDaysAgo, twoDaysAgo);

    expect((await runCli(['client', 'list'], { db })).code).toBe(0);
    for (const path of [...stale, old]) expect({ path, exists: existsSync(path) }).toEqual({ path, exists: false });
    for (const path of [running, ...unrelated])
      expect({ path, exists: existsSync(path) }).toEqual({ path, exists: true });
  });

  it('a backup into a folder deletes the stale temporaries of an earlier backup there', async () => {
    const db = await databaseWithAnna();
    const folder = tempDir();
    const stale = join(folder, `.crm-backup-20261122-101010.sqlite.${deadPid()}-0123abcd.tmp`);
    writeFileSync(stale, 'half a backup');
    expect((await runCli(['backup', folder], { db })).code).toBe(0);
    expect(existsSync(stale)).toBe(false);
    expect(readdirSync(folder)).toEqual([expect.stringMatching(/^crm-backup-\d{8}-\d{6}\.sqlite$/)]);
  });

  it('an import killed after it wrote rejected rows leaves no rejects file, and no batch', async () => {
    const db = await databaseWithAnna();
    const dir = dirname(db);
    const journal = join(dir, 'journal.csv');
    const rows = ['Клиент;Телефон;Дата;Сумма', 'Анна;+79161234567;2026-10-01;not money'];
    for (let i = 0; i < 300_000; i++)
      rows.push(`Клиент ${i % 5000};+7916${String(1_000_000 + (i % 5000))};2026-10-02;${100 + (i % 900)}`);
    writeFileSync(journal, `${rows.join('\n')}\n`);
    const before = dump(db);

    const child = spawn(process.execPath, [BIN, '--db', db, 'import', 'visits', journal], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', CRM_TODAY: '2026-11-22', NO_COLOR: '1' },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.on('close', resolve));
    const rejectsWritten = () => readdirSync(dir).some((name) => name.includes('rejects-journal.csv'));
    const deadline = Date.now() + 30_000;
    while (!rejectsWritten() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGKILL');
    const signal = await exited;
    expect(rejectsWritten()).toBe(true);
    // Killed before it committed (else the test proves nothing): nothing of it is stored, and no rejects file says so.
    expect(signal).not.toBe(0);
    expect(dump(db)).toBe(before);
    expect(readdirSync(dir).filter((name) => name.startsWith('rejects-'))).toEqual([]);
    expect((await runCli(['client', 'list'], { db })).code).toBe(0);
    expect(readdirSync(dir).filter((name) => name.includes('rejects'))).toEqual([]);
  }, 60_000);
});

describe('a symlinked --db', () => {
  async function linkedDatabase() {
    const dir = tempDir();
    mkdirSync(join(dir, 'real'));
    const real = await databaseWithAnna(join(dir, 'real', 'crm.sqlite'));
    const link = join(dir, 'crm.sqlite');
    symlinkSync(join('real', 'crm.sqlite'), link);
    return { dir, real, link };
  }

  it('restore replaces the real file and keeps the link', async () => {
    const { dir, real, link } = await linkedDatabase();
    const backup = join(dir, 'before.sqlite');
    expect((await runCli(['backup', backup], { db: link })).code).toBe(0);
    expect((await runCli(['client', 'add', 'Борис'], { db: link })).code).toBe(0);
    const restored = await runCli(['restore', backup, '--yes'], { db: link });
    expect(restored.code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(dump(real)).not.toContain('Борис');
    expect(dump(link)).toBe(dump(real));
    expect(restored.stderr).toMatch(/kept as .*real\/crm\.sqlite\.replaced-/);
    const replaced = readdirSync(join(dir, 'real')).find((name) => name.startsWith('crm.sqlite.replaced-'));
    expect(dump(join(dir, 'real', replaced!))).toContain('Борис');
  });

  it('backup copies the real file', async () => {
    const { dir, real, link } = await linkedDatabase();
    const backup = join(dir, 'copy.sqlite');
    const run = await runCli(['backup', backup], { db: link });
    expect(run.code).toBe(0);
    expect(lstatSync(backup).isFile()).toBe(true);
    expect(dump(backup)).toBe(dump(real));
  });
});

describe('backup targets', () => {
  it.each(['crm.sqlite-journal', 'crm.sqlite-wal', 'crm.sqlite-shm', 'crm.sqlite'])(
    '%s, a file of the database itself, is refused and not written',
    async (name) => {
      const db = await databaseWithAnna();
      const dir = dirname(db);
      const listing = readdirSync(dir).sort();
      const target = join(dir, name);
      const contents = existsSync(target) ? readFileSync(target) : null;
      const run = await runCli(['backup', target], { db });
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(name === 'crm.sqlite' ? /that is the database; / : /that is the database's -\w+ file/);
      expect(readdirSync(dir).sort()).toEqual(listing);
      if (contents) expect(readFileSync(target).equals(contents)).toBe(true);
      expect((await runCli(['client', 'list'], { db })).stdout).toContain('Анна');
    },
  );

  it('a backup to a full disk names the backup’s disk, not the database’s', async () => {
    const db = await databaseWithAnna();
    const small = tempDir();
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', small]).status === 0;
    if (!mounted) return; // Needs root: the test mounts a tiny disk.
    try {
      writeFileSync(join(small, 'filler'), Buffer.alloc(200 * 1024));
      const target = join(small, 'backup.sqlite');
      const run = await runCli(['backup', target], { db });
      expect(run.code).toBe(1);
      expect(run.stderr.trim()).toBe(
        `crm: ${target}: cannot write the backup: the disk of ${small} is full; the database was only read and is unchanged`,
      );
      expect(readdirSync(small)).toEqual(['filler']);
      const russian = await runCli(['backup', target], { db, env: { LANG: 'ru_RU.UTF-8' } });
      expect(russian.stderr.trim()).toBe(
        `crm: ${target}: не удалось записать резервную копию: диск папки ${small} заполнен; база данных только читалась и не изменена`,
      );
      expect(readdirSync(small)).toEqual(['filler']);
    } finally {
      spawnSync('umount', [small]);
      rmSync(small, { recursive: true, force: true });
    }
  });
});
