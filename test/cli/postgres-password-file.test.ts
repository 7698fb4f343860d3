/**
 * A login whose password is only in ~/.pgpass or PGPASSFILE, as cron runs crm: the whole process prints nothing on
 * stderr (the driver's own reading of the file printed a DeprecationWarning on every command, which cron mails). A
 * process test: what a process prints once per run is its subject. Needs the test server's password rule for the
 * logins of crm_password_logins (scripts/postgres-test-server.sh).
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it, onTestFinished } from 'vitest';
import { engines, skippedEngine, TEST_POSTGRES } from '../engines.js';
import { crm, tempDir } from '../helpers.js';

const postgres = engines.find((engine) => engine.name === 'postgres')!;

/** Runs `sql` as the test server's administrator. */
async function asAdmin(sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Whether the test server asks crm_password_logins for a password (a server started by an older script does not). */
async function asksForPasswords(): Promise<boolean> {
  const rules = await asAdmin("SELECT 1 FROM pg_hba_file_rules WHERE '+crm_password_logins' = ANY(user_name)");
  return rules.length > 0;
}

/**
 * A database with crm's tables, and a login that must give its password over TCP (the test server's rule for the
 * members of crm_password_logins); both dropped when the test has finished. The address has no password.
 */
async function databaseWithPasswordLogin(password: string): Promise<URL> {
  const name = `crm_test_pgpass_${process.pid}_${Date.now()}`;
  await asAdmin(
    `DO $$ BEGIN CREATE ROLE crm_password_logins NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$`,
  );
  await asAdmin(`CREATE ROLE ${name} LOGIN PASSWORD '${password}' IN ROLE crm_password_logins`);
  await asAdmin(`CREATE DATABASE ${name} OWNER ${name}`);
  onTestFinished(async () => {
    await asAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await asAdmin(`DROP ROLE ${name}`);
  });
  const address = new URL(TEST_POSTGRES!);
  address.username = name;
  address.pathname = `/${name}`;
  return address;
}

describe('a password from the password file', () => {
  if (postgres.skipped) return skippedEngine(postgres);

  it('is used without a word on stderr, from ~/.pgpass and from PGPASSFILE', async ({ skip }) => {
    if (!(await asksForPasswords()))
      skip('the test server asks no login for a password: start it with scripts/postgres-test-server.sh');
    const address = await databaseWithPasswordLogin('annas secret');
    const home = tempDir();
    const entry = `${address.hostname}:${address.port}:*:${address.username}:annas secret\n`;
    writeFileSync(join(home, '.pgpass'), entry);
    chmodSync(join(home, '.pgpass'), 0o600);
    const init = crm(['init'], { db: address.toString(), env: { HOME: home } });
    expect(init.code, init.stderr).toBe(0);
    expect(init.stderr).toBe('');

    const fromHome = crm(['report', 'monthly'], { db: address.toString(), env: { HOME: home } });
    expect(fromHome.code, fromHome.stderr).toBe(0);
    expect(fromHome.stderr).toBe('');

    const elsewhere = join(tempDir(), 'passwords');
    writeFileSync(elsewhere, entry);
    chmodSync(elsewhere, 0o600);
    const fromVariable = crm(['client', 'list'], {
      db: address.toString(),
      env: { HOME: tempDir(), PGPASSFILE: elsewhere },
    });
    expect(fromVariable.code, fromVariable.stderr).toBe(0);
    expect(fromVariable.stderr).toBe('');

    // No password anywhere: the one line that says where to put it.
    const none = crm(['client', 'list'], { db: address.toString(), env: { HOME: tempDir() } });
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/: the server asks for a password: put it in ~\/\.pgpass or PGPASSWORD\n$/);
  });
});
