import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { withAutoBackup } from '../../src/app/backup.js';
import { runCli } from '../cli-harness.js';
import { dump, fixture, openTestStore, ROOT, tempDbPath, tempDir } from '../helpers.js';

async function seeded(): Promise<string> {
  const db = tempDbPath();
  await runCli(['config', 'set', 'region', 'RU'], { db });
  expect((await runCli(['import', 'clients', fixture('clients/csv-calc-cp1251.csv')], { db })).code).toBe(0);
  return db;
}

const clientCount = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM clients').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

const mode = (path: string) => statSync(path).mode & 0o777;

/** Inserts a client per transaction for `ms`, as another crm process would; resolves with how many it inserted. */
function writerProcess(db: string, ms: number): { started: Promise<void>; done: Promise<number> } {
  const script = join(tempDir(), 'writer.mjs');
  writeFileSync(
    script,
    `import Database from ${JSON.stringify(join(ROOT, 'node_modules', 'better-sqlite3', 'lib', 'index.js'))};
const db = new Database(process.argv[2]);
db.pragma('busy_timeout = 10000');
const insert = db.prepare("INSERT INTO clients (name, name_key, extra, created) VALUES (?, ?, '{}', '2026-11-22')");
const end = Date.now() + Number(process.argv[3]);
let n = 0;
process.stdout.write('started\\n');
const pause = new Int32Array(new SharedArrayBuffer(4));
while (Date.now() < end) { n++; insert.run('Писатель ' + n, 'писатель ' + n); Atomics.wait(pause, 0, 0, 2); }
db.close();
process.stdout.write(n + '\\n');
`,
  );
  const child = spawn(process.execPath, [script, db, String(ms)]);
  let output = '';
  let resolveStarted: () => void;
  const started = new Promise<void>((resolve) => {
    resolveStarted = resolve;
  });
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (output.startsWith('started')) resolveStarted();
  });
  const done = new Promise<number>((resolve, reject) => {
    child.on('close', (code) => (code === 0 ? resolve(Number(output.split('\n')[1])) : reject(new Error(output))));
  });
  return { started, done };
}

describe('crm backup', () => {
  it('takes consistent, private snapshots while another process inserts rows', async () => {
    const db = await seeded();
    const before = clientCount(db);
    const writer = writerProcess(db, 2500);
    await writer.started;
    const backups: string[] = [];
    for (let i = 0; i < 3; i++) {
      const file = join(tempDir(), `during-${i}.sqlite`);
      const result = await runCli(['backup', file], { db });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toBe(`${file}\n`);
      backups.push(file);
    }
    const inserted = await writer.done;
    expect(inserted).toBeGreaterThan(0);
    const counts = backups.map(clientCount);
    for (const [i, file] of backups.entries()) {
      expect(mode(file)).toBe(0o600);
      const check = new Database(file, { readonly: true });
      expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
      check.close();
      const listed = await runCli(['client', 'list', '--json'], { db: file });
      expect(listed.code).toBe(0);
      expect(JSON.parse(listed.stdout)).toHaveLength(counts[i]!);
    }
    // Snapshots in time order: never fewer rows than before, never more than at the end, never going back.
    expect(counts[0]).toBeGreaterThanOrEqual(before);
    expect(counts[2]).toBeLessThanOrEqual(before + inserted);
    expect([...counts].sort((a, b) => a - b)).toEqual(counts);
    // The writer was busy all along: rows landed between the snapshots.
    expect(counts[2]).toBeGreaterThan(counts[0]!);
  }, 60_000);

  it('names the backup with a timestamp beside the database and refuses to overwrite a file', async () => {
    const db = await seeded();
    const result = await runCli(['backup'], { db });
    expect(result.code).toBe(0);
    const path = result.stdout.trim();
    expect(dirname(path)).toBe(dirname(db));
    expect(basename(path)).toMatch(/^crm-backup-\d{8}-\d{6}\.sqlite$/);
    expect(mode(path)).toBe(0o600);
    expect(dump(path)).toBe(dump(db));
    const again = await runCli(['backup', path], { db });
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`crm: ${path}: already exists; name a new file or a directory\n`);
  });

  it('says a directory named with a trailing slash is missing, and writes nothing', async () => {
    const db = await seeded();
    const missing = `${join(tempDir(), 'backups')}/`;
    const result = await runCli(['backup', missing], { db });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`crm: ${missing}: no such directory\n`);
    expect(existsSync(missing)).toBe(false);
  });

  it('says so when there is no database to back up', async () => {
    const result = await runCli(['backup'], { db: join(tempDir(), 'none.sqlite') });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no database here yet');
  });
});

describe('crm restore', () => {
  async function refused(file: string, message: string) {
    const db = await seeded();
    const bytes = readFileSync(db);
    const before = dump(db);
    const result = await runCli(['restore', file, '--yes'], { db });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(message);
    expect(readFileSync(db).equals(bytes)).toBe(true);
    expect(dump(db)).toBe(before);
    expect(readdirSync(dirname(db)).filter((name) => name.includes('replaced'))).toEqual([]);
  }

  it('refuses a file that is not a database, leaving the database untouched', async () => {
    const file = join(tempDir(), 'notes.sqlite');
    writeFileSync(file, 'just some text, not SQLite at all\n'.repeat(200));
    await refused(file, 'not a SQLite database');
  });

  it('refuses another application’s SQLite database', async () => {
    const file = join(tempDir(), 'other.sqlite');
    const other = new Database(file);
    other.exec('CREATE TABLE clients (id INTEGER PRIMARY KEY, name TEXT)');
    other.close();
    await refused(file, 'a SQLite database, but not a pocket-crm one');
  });

  it('refuses a database written by a newer pocket-crm', async () => {
    const file = join(tempDir(), 'newer.sqlite');
    copyFileSync(await seeded(), file);
    const newer = new Database(file);
    newer
      .prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', '2030-01-01')")
      .run();
    newer.close();
    await refused(file, 'written by a newer pocket-crm (schema 999');
  });

  it('refuses a damaged database', async () => {
    const file = join(tempDir(), 'damaged.sqlite');
    const good = readFileSync(await seeded());
    // Keep the header (and with it the application id), scramble the pages after the first.
    for (let i = 4096; i < good.length; i += 7) good[i] = (good[i]! + 91) % 256;
    writeFileSync(file, good);
    await refused(file, 'damaged');
  });

  it('refuses a missing file', async () => {
    await refused(join(tempDir(), 'missing.sqlite'), 'no such file');
  });

  it('needs --yes without a terminal', async () => {
    const db = await seeded();
    const backup = (await runCli(['backup'], { db })).stdout.trim();
    const before = dump(db);
    const result = await runCli(['restore', backup], { db });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('crm: crm restore replaces the database: add --yes to confirm\n');
    expect(dump(db)).toBe(before);
  });

  it('replaces the database, keeps the replaced one (0600), and never replays the old write-ahead log', async () => {
    const db = await seeded();
    const backup = join(tempDir(), 'backup.sqlite');
    expect((await runCli(['backup', backup], { db })).code).toBe(0);
    const atBackup = dump(backup);
    expect((await runCli(['client', 'add', 'После Бэкапа', '--phone', '+7 912 999-99-99'], { db })).code).toBe(0);
    const beforeRestore = dump(db);

    // A connection left open (another crm mid-run) with its write-ahead log.
    const open = new Database(db);
    open.pragma('journal_mode = WAL');
    open.prepare("INSERT INTO settings (key, value) VALUES ('left-open', 'x')").run();

    const result = await runCli(['restore', backup, '--yes'], { db });
    expect(result.code, result.stderr).toBe(0);
    const replaced = readdirSync(dirname(db)).filter((name) => /^crm\.sqlite\.replaced-\d{8}-\d{6}$/.test(name));
    expect(replaced).toHaveLength(1);
    const replacedPath = join(dirname(db), replaced[0]!);
    expect(result.stderr).toContain(`the replaced database is kept as ${replacedPath}`);
    expect(mode(replacedPath)).toBe(0o600);
    expect(mode(db)).toBe(0o600);

    // The old connection writes on into the replaced file, never into the restored one.
    open.prepare("INSERT INTO settings (key, value) VALUES ('after-restore', 'x')").run();
    open.close();
    expect(existsSync(`${db}-wal`) ? statSync(`${db}-wal`).size : 0).toBe(0);

    const restored = JSON.parse((await runCli(['client', 'list', '--json'], { db })).stdout) as Array<{ name: string }>;
    expect(restored.map((c) => c.name)).not.toContain('После Бэкапа');
    expect(dump(db)).toBe(atBackup);
    const kept = dump(replacedPath);
    expect(kept).toContain('После Бэкапа');
    expect(kept).toContain('after-restore');
    expect(beforeRestore).toContain('После Бэкапа');
  });

  it('restores into a place with no database yet', async () => {
    const backup = (await runCli(['backup'], { db: await seeded() })).stdout.trim();
    const db = join(tempDir(), 'new', 'crm.sqlite');
    const result = await runCli(['restore', backup, '--yes'], { db });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain('replaced');
    expect(dump(db)).toBe(dump(backup));
  });
});

describe('withAutoBackup', () => {
  const nothing = async () => {};

  it('writes backups/crm-<reason>-<timestamp>.sqlite privately and keeps the newest backups-keep', async () => {
    const path = await seeded();
    const store = openTestStore(path);
    try {
      await store.settings.set('backups-keep', '3');
      const written: string[] = [];
      for (const reason of ['merge', 'undo', 'merge', 'migrate', 'merge']) {
        written.push((await withAutoBackup(store, reason, nothing)).backup!);
        // Each backup is a copy of the database as it was: it changes between them.
        await store.settings.set(`step-${written.length}`, 'x');
      }
      const dir = join(dirname(path), 'backups');
      expect(mode(dir)).toBe(0o700);
      for (const file of written)
        expect(basename(file)).toMatch(/^crm-(merge|undo|migrate)-\d{8}-\d{6}(-\d+)?\.sqlite$/);
      expect(readdirSync(dir).sort()).toEqual(
        written
          .slice(2)
          .map((file) => basename(file))
          .sort(),
      );
      for (const file of written.slice(2)) {
        expect(mode(file)).toBe(0o600);
        expect(dump(file)).toContain('"key":"backups-keep"');
      }
      expect(dump(written[4]!)).toContain('step-4');
      expect(dump(written[4]!)).not.toContain('step-5');
    } finally {
      await store.close();
    }
  });

  it('takes none when backups-keep is 0, and refuses to run inside a transaction', async () => {
    const path = await seeded();
    expect((await runCli(['config', 'set', 'backups-keep', '0'], { db: path })).code).toBe(0);
    const store = openTestStore(path);
    try {
      expect((await withAutoBackup(store, 'merge', nothing)).backup).toBeNull();
      expect(existsSync(join(dirname(path), 'backups'))).toBe(false);
      await store.settings.set('backups-keep', '2');
      await expect(store.write(() => withAutoBackup(store, 'merge', nothing))).rejects.toThrow(/inside a transaction/);
    } finally {
      await store.close();
    }
  });

  it('leaves the backups as they were when the work fails: its copy removed, none of the older pushed out', async () => {
    const path = await seeded();
    const store = openTestStore(path);
    try {
      await store.settings.set('backups-keep', '2');
      const kept = [(await withAutoBackup(store, 'merge', nothing)).backup!];
      kept.push((await withAutoBackup(store, 'undo', nothing)).backup!);
      const dir = join(dirname(path), 'backups');
      const before = readdirSync(dir).sort();
      expect(before).toEqual(kept.map((file) => basename(file)).sort());
      for (let attempt = 0; attempt < 3; attempt++) {
        await expect(
          withAutoBackup(store, 'undo', async () => {
            throw new Error('refused');
          }),
        ).rejects.toThrow('refused');
      }
      expect(readdirSync(dir).sort()).toEqual(before);
    } finally {
      await store.close();
    }
  });
});
