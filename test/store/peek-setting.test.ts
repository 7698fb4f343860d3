/**
 * The language setting is read before the program is built: from the database file itself when nothing waits
 * beside it in a log, else through SQLite; the same value either way, and nothing from a file that is not ours.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { peekSetting, settingInFile, UNSURE } from '../../src/store/peek-setting.js';
import { openTestStore, tempDbPath } from '../helpers.js';

async function databaseWith(settings: Record<string, string>): Promise<string> {
  const path = tempDbPath();
  const store = openTestStore(path);
  for (const [key, value] of Object.entries(settings)) await store.settings.set(key, value);
  await store.close();
  return path;
}

describe('peekSetting', () => {
  it('reads a setting from the closed database file, without SQLite', async () => {
    const path = await databaseWith({ language: 'ru', region: 'RU' });
    expect(settingInFile(path, 'language')).toBe('ru');
    expect(settingInFile(path, 'currency')).toBeUndefined();
    expect(await peekSetting(path, 'language')).toBe('ru');
    expect(await peekSetting(undefined, 'language', { CRM_DB: path })).toBe('ru');
  });

  it('reads what SQLite reads from a settings table of many pages and values that overflow them', async () => {
    const long = 'длинное значение '.repeat(2000);
    const many = Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`key-${i}`, `${i} ${'x'.repeat(i)}`]));
    const path = await databaseWith({ ...many, language: 'en', long });
    const db = new Database(path, { readonly: true });
    const stored = Object.fromEntries(
      (db.prepare('SELECT key, value FROM settings').all() as Array<{ key: string; value: string }>).map((row) => [
        row.key,
        row.value,
      ]),
    );
    db.close();
    for (const key of ['language', 'long', 'key-0', 'key-399']) expect(settingInFile(path, key), key).toBe(stored[key]);
  });

  it('asks SQLite while another connection holds changes in the log', async () => {
    const path = await databaseWith({ language: 'en' });
    const store = openTestStore(path);
    try {
      await store.settings.set('language', 'ru');
      expect(settingInFile(path, 'language')).toBe(UNSURE);
      expect(await peekSetting(path, 'language')).toBe('ru');
    } finally {
      await store.close();
    }
    expect(settingInFile(path, 'language')).toBe('ru');
  });

  it('says nothing of a missing file, a file that is not a database, or another application’s database', async () => {
    expect(await peekSetting(tempDbPath(), 'language')).toBeUndefined();
    const text = tempDbPath();
    writeFileSync(text, 'name;phone\n');
    expect(await peekSetting(text, 'language')).toBeUndefined();
    const foreign = tempDbPath();
    const db = new Database(foreign);
    db.exec("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT); INSERT INTO settings VALUES ('language', 'ru')");
    db.close();
    expect(settingInFile(foreign, 'language')).toBeUndefined();
    expect(await peekSetting(foreign, 'language')).toBeUndefined();
    expect(await peekSetting('postgres://host/db', 'language')).toBeUndefined();
  });

  it('never opens a pipe or a directory named as the database (opening a pipe would wait for a writer)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crm-peek-'));
    const fifo = join(dir, 'pipe.sqlite');
    spawnSync('mkfifo', [fifo]);
    expect(await peekSetting(fifo, 'language')).toBeUndefined();
    expect(await peekSetting(dir, 'language')).toBeUndefined();
  }, 5_000);
});
