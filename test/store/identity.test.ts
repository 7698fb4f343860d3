import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-harness.js';
import { dump, tempDir } from '../helpers.js';

/** A SQLite file made by another program: `setup` runs on it, then it is closed. */
function foreignDatabase(setup: (db: Database.Database) => void): string {
  const path = join(tempDir(), 'other.sqlite');
  const db = new Database(path);
  setup(db);
  db.close();
  return path;
}

const COMMANDS = [
  ['client', 'list'],
  ['report', 'arpu'],
  ['client', 'add', 'Анна'],
  ['visit', 'list'],
  ['import', 'list'],
  ['config', 'list'],
];

describe('another program’s SQLite file', () => {
  it.each([
    [
      'application_id 1234, user_version 7, no tables',
      (db: Database.Database) => {
        db.pragma('application_id = 1234');
        db.pragma('user_version = 7');
      },
      /application_id 1234/,
    ],
    ['user_version 7 alone', (db: Database.Database) => db.pragma('user_version = 7'), /user_version 7/],
    [
      'one table of its own',
      (db: Database.Database) => db.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me')"),
      /1 schema object, none of them crm's/,
    ],
    [
      'a view only',
      (db: Database.Database) => db.exec('CREATE VIEW answer AS SELECT 42'),
      /1 schema object, none of them crm's/,
    ],
  ])('%s: refused untouched by reading and writing commands alike', async (_name, setup, what) => {
    const path = foreignDatabase(setup);
    const before = readFileSync(path);
    for (const command of COMMANDS) {
      const run = await runCli(command, { db: path });
      expect({ command, code: run.code, stdout: run.stdout }).toEqual({ command, code: 1, stdout: '' });
      expect(run.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(
          new RegExp(
            `^crm: ${path}: not a pocket-crm database: it is another program's SQLite database \\(.*\\); crm will not change it$`,
          ),
        ),
      ]);
      expect(run.stderr).toMatch(what);
      expect(readFileSync(path).equals(before)).toBe(true);
    }
    expect(readdirSync(dirname(path))).toEqual(['other.sqlite']);
  });

  it('an empty file and a SQLite file no one has used are made into a database', async () => {
    const empty = join(tempDir(), 'crm.sqlite');
    writeFileSync(empty, '');
    const unused = foreignDatabase(() => {});
    for (const path of [empty, unused]) {
      expect((await runCli(['client', 'add', 'Анна'], { db: path })).code).toBe(0);
      expect(dump(path)).toContain('Анна');
    }
  });
});
