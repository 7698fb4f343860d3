/**
 * `crm` with `--db postgres://…` as a user meets it: `crm init` first, one line and exit 1 for a database it cannot
 * use (backup and restore: test/cli/backup-postgres.test.ts). Runs against the test server of
 * CRM_TEST_POSTGRES (test/engines.ts); skipped, saying so, without one.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-harness.js';
import { engines, skippedEngine } from '../engines.js';
import { tempDir } from '../helpers.js';

const postgres = engines.find((engine) => engine.name === 'postgres')!;

async function tablesIn(address: string): Promise<number> {
  const client = new pg.Client({ connectionString: address });
  await client.connect();
  try {
    return Number(
      (await client.query("SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'")).rows[0].n as string,
    );
  } finally {
    await client.end();
  }
}

/** One line on stderr, nothing on stdout, exit 1. */
function expectOneLine(run: { code: number; stdout: string; stderr: string }, message: RegExp) {
  expect(run.code, run.stderr).toBe(1);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(/^crm: [^\n]*\n$/);
  expect(run.stderr).toMatch(message);
}

describe('crm on a PostgreSQL database', () => {
  if (postgres.skipped) return skippedEngine(postgres);

  it('refuses a database without crm tables in one line, creating nothing, until crm init', async () => {
    const address = await postgres.database({ empty: true });
    const cwd = tempDir();
    for (const command of [
      ['client', 'list'],
      ['client', 'add', 'Анна'],
      ['report', 'monthly'],
    ]) {
      expectOneLine(await runCli(command, { db: address, cwd }), /no crm tables in this database yet; run crm init/);
    }
    expect(await tablesIn(address)).toBe(0);
    const init = await runCli(['init'], { db: address, cwd });
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toMatch(/^database ready: postgres:\/\/postgres@127\.0\.0\.1:\d+\/crm_test_\w+\n$/);
    expect((await runCli(['init'], { db: address, cwd })).code).toBe(0);
    expect((await runCli(['client', 'add', 'Анна'], { db: address, cwd })).code).toBe(0);
    const listed = await runCli(['client', 'list', '--json'], { db: address, cwd });
    expect(JSON.parse(listed.stdout).map((client: { name: string }) => client.name)).toEqual(['Анна']);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('takes the database from CRM_DB, and from the PG* variables with postgres:', async () => {
    const address = await postgres.database();
    const url = new URL(address);
    const cwd = tempDir();
    expect((await runCli(['client', 'add', 'Анна'], { cwd, env: { CRM_DB: address } })).code).toBe(0);
    const env = {
      PGHOST: url.hostname,
      PGPORT: url.port,
      PGUSER: url.username,
      PGDATABASE: url.pathname.slice(1),
    };
    const listed = await runCli(['--db', 'postgres:', 'client', 'list', '--json'], { cwd, env });
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toHaveLength(1);
    const missing = await runCli(['--db', 'postgres:', 'client', 'list'], {
      cwd,
      env: { ...env, PGDATABASE: 'no_such_database' },
    });
    expectOneLine(missing, /: database "no_such_database" does not exist; create it \(createdb\) and run crm init$/m);
  });

  it('reaches the server through its socket folder with a user and no host name, as psql does', async () => {
    const url = new URL(await postgres.database());
    const socketFolder = process.env.CRM_TEST_POSTGRES_DIR!;
    const cwd = tempDir();
    // The user before an empty host, the port either there or in the parameters: libpq's forms of one address.
    const withUser = `postgres://${url.username}@${url.pathname}?host=${socketFolder}&port=${url.port}`;
    const withPort = `postgres://${url.username}@:${url.port}${url.pathname}?host=${socketFolder}`;
    const added = await runCli(['--db', withUser, 'client', 'add', 'Анна'], { cwd });
    expect(added.code, added.stderr).toBe(0);
    const listed = await runCli(['--db', withPort, 'client', 'list', '--json'], { cwd });
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout).map((client: { name: string }) => client.name)).toEqual(['Анна']);
  });

  it('says why a write pauses while another crm writes, then goes on', async () => {
    const address = await postgres.database();
    const importing = new pg.Client({ connectionString: address });
    await importing.connect();
    const { WRITE_LOCK } = await import('../../src/store/postgres/connection.js');
    await importing.query('SELECT pg_advisory_lock($1)', [WRITE_LOCK]);
    const released = new Promise<void>((resolve) => {
      setTimeout(async () => {
        await importing.query('SELECT pg_advisory_unlock($1)', [WRITE_LOCK]);
        await importing.end();
        resolve();
      }, 300);
    });
    const run = await runCli(['client', 'add', 'Анна'], { db: address, cwd: tempDir() });
    await released;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/^another crm is writing \(an import\?\): waiting for it to finish, up to a minute…\n/);
  });

  it('imports a journal with rejected rows: the rejects file goes to the working directory', async () => {
    const address = await postgres.database();
    const cwd = tempDir();
    const journal = join(cwd, 'visits.csv');
    writeFileSync(journal, 'Дата;Клиент;Сумма\n01.10.2026;Анна;1500\nвчера;Борис;100\n');
    const run = await runCli(['import', 'visits', journal], { db: address, cwd });
    expect(run.code, run.stderr).toBe(0);
    expect(readdirSync(cwd).filter((name) => name.startsWith('rejects-'))).toHaveLength(1);
  });
});

describe('the language set in a PostgreSQL database', () => {
  if (postgres.skipped) return skippedEngine(postgres);

  it('is spoken with no LANG, as cron runs, from --db and from CRM_DB, and --lang goes before it', async () => {
    const address = await postgres.database();
    const cwd = tempDir();
    expect((await runCli(['config', 'set', 'language', 'ru'], { db: address, cwd })).code).toBe(0);
    const report = await runCli(['report', 'monthly', '-p', '2026-10'], { db: address, cwd, env: { LANG: '' } });
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout).toMatch(/[А-Яа-яЁё]/);
    expect((await runCli(['--help'], { db: address, cwd, env: { LANG: 'C' } })).stdout).toMatch(/^Использование: crm/);
    expect((await runCli(['--help'], { cwd, env: { LANG: 'C', CRM_DB: address } })).stdout).toMatch(
      /^Использование: crm/,
    );
    expect((await runCli(['--lang', 'en', '--help'], { db: address, cwd })).stdout).toMatch(/^Usage: crm/);
    expect((await runCli(['config', 'unset', 'language'], { db: address, cwd })).code).toBe(0);
    expect((await runCli(['--help'], { db: address, cwd, env: { LANG: 'C' } })).stdout).toMatch(/^Usage: crm/);
  });

  it("is not taken from another program's settings table", async () => {
    const address = await postgres.database({ empty: true });
    const other = new pg.Client({ connectionString: address });
    await other.connect();
    try {
      await other.query(
        "CREATE TABLE settings (key text PRIMARY KEY, value text); INSERT INTO settings VALUES ('language', 'ru')",
      );
    } finally {
      await other.end();
    }
    const run = await runCli(['--help'], { db: address, cwd: tempDir(), env: { LANG: 'C' } });
    expect(run.stdout).toMatch(/^Usage: crm/);
  });
});
