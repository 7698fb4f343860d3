/**
 * Where the database is: `--db`, else `CRM_DB`, else the per-user data directory. A PostgreSQL address is kept for
 * the server store; another server's address is refused, as it would otherwise become a folder named after its
 * scheme.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { resolveDatabasePath } from '../../src/store/paths.js';
import { runCli } from '../cli-harness.js';
import { tempDir } from '../helpers.js';

const POSTGRES_ADDRESSES = [
  'postgres://crm:secret@db.example.com:5432/crm',
  'postgresql://localhost/crm',
  'Postgres://localhost',
  'postgres:',
  'postgresql:',
];

const OTHER_ADDRESSES = [
  'mysql://root@localhost/crm',
  'sqlite://crm.sqlite',
  'file:///home/anna/crm.sqlite',
  'https://crm.example.com',
];

describe('resolveDatabasePath', () => {
  it('takes --db, else CRM_DB, else a file in the per-user data directory', () => {
    expect(resolveDatabasePath('/tmp/a.sqlite', { CRM_DB: '/tmp/b.sqlite' })).toBe('/tmp/a.sqlite');
    expect(resolveDatabasePath(undefined, { CRM_DB: '/tmp/b.sqlite' })).toBe('/tmp/b.sqlite');
    expect(resolveDatabasePath(undefined, {})).toMatch(/pocket-crm[\\/]crm\.sqlite$/);
  });

  it.each(POSTGRES_ADDRESSES)('keeps the PostgreSQL address %s, from --db and from CRM_DB', (address) => {
    expect(resolveDatabasePath(address, {})).toBe(address);
    expect(resolveDatabasePath(undefined, { CRM_DB: address })).toBe(address);
  });

  it.each(OTHER_ADDRESSES)('refuses the address %s in --db and in CRM_DB', (address) => {
    expect(() => resolveDatabasePath(address, {})).toThrow(UsageError);
    expect(() => resolveDatabasePath(address, {})).toThrow(/^--db \S+ looks like a server address; /);
    expect(() => resolveDatabasePath(undefined, { CRM_DB: address })).toThrow(/^CRM_DB=\S+ looks like a server/);
  });

  it('does not repeat a password the address carries', () => {
    expect(() => resolveDatabasePath('mysql://crm:secret@db.example.com/crm', {})).toThrow(
      /^--db mysql:\/\/… looks like/,
    );
    expect(() => resolveDatabasePath('mysql://crm:secret@db.example.com/crm', {})).not.toThrow(/secret/);
  });

  it.each([
    'C:\\Users\\Anna\\crm.sqlite',
    'C:/Users/Anna/crm.sqlite',
    'c://crm.sqlite',
    './a:b/crm.sqlite',
    'a:b/crm.sqlite',
    'postgres:db.sqlite',
    './postgres://x/crm.sqlite',
    '/srv/postgres://x/crm.sqlite',
  ])('leaves the path %s as it is', (path) => {
    expect(resolveDatabasePath(path, {})).toBe(path);
    expect(resolveDatabasePath(undefined, { CRM_DB: path })).toBe(path);
  });
});

describe('crm with a server address for a database', () => {
  // Port 1 of the loopback: no server listens there.
  it.each([
    [['--db', 'postgres://crm:secret@127.0.0.1:1/crm'], {}],
    [['--db', 'postgres:'], { PGHOST: '127.0.0.1', PGPORT: '1' }],
    [[], { CRM_DB: 'postgresql://127.0.0.1:1/crm' }],
  ])('%j %j: a server that does not answer is one line, exit 1, nothing created here', async (db, env) => {
    const cwd = tempDir();
    for (const command of [['client', 'list'], ['client', 'add', 'Анна'], ['init']]) {
      const run = await runCli([...db, ...command], { cwd, env: { ...env, HOME: cwd } });
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toMatch(
        /^crm: postgres:\/\/\S*127\.0\.0\.1:1\/\S*: cannot connect \(connection refused\)[^\n]*\n$/,
      );
      expect(run.stderr).not.toMatch(/secret/);
      expect(readdirSync(cwd)).toEqual([]);
    }
    expect(existsSync(join(cwd, 'postgres:'))).toBe(false);
  });

  it.each([
    [['--db', 'mysql://root@localhost/crm'], {}],
    [[], { CRM_DB: 'file:///home/anna/crm.sqlite' }],
  ])('%j %j: another server is one line, exit 2, nothing created here', async (db, env) => {
    const cwd = tempDir();
    for (const command of [['client', 'list'], ['client', 'add', 'Анна'], ['backup']]) {
      const run = await runCli([...db, ...command], { cwd, env: { ...env, HOME: cwd } });
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(/^crm: (--db |CRM_DB=)\w+:\/\/… looks like a server address; [^\n]*\n$/);
      expect(readdirSync(cwd)).toEqual([]);
    }
  });

  it('a relative path with a colon in it is a file like any other', async () => {
    const cwd = tempDir();
    const run = await runCli(['--db', 'a:b/crm.sqlite', 'client', 'add', 'Анна'], { cwd });
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(join(cwd, 'a:b', 'crm.sqlite'))).toBe(true);
  });
});
