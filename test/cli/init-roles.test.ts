/**
 * `crm init --roles` on a PostgreSQL server: crm_user logins read and write (imports included), crm_reports logins
 * read and are refused any write in one line with nothing written; tables a later migration creates are covered.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-harness.js';
import { engines, skippedEngine, TEST_POSTGRES } from '../engines.js';
import { FIXTURES, tempDbPath, tempDir } from '../helpers.js';

const postgres = engines.find((engine) => engine.name === 'postgres')!;

/** `address` as the login `user` reaches it. */
function as(user: string, address: string): string {
  const url = new URL(address);
  url.username = user;
  url.password = '';
  return url.toString();
}

describe('crm init --roles', () => {
  it('refuses a SQLite file in one line', async () => {
    const run = await runCli(['init', '--roles'], { db: tempDbPath() });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^crm: \S+: a SQLite file has no logins or roles; crm init --roles is for a PostgreSQL database/,
    );
  });

  describe('on a server', () => {
    if (postgres.skipped) return skippedEngine(postgres);

    it('--print shows the SQL and changes nothing', async () => {
      const server = await postgres.database({ empty: true });
      const run = await runCli(['init', '--roles', '--print'], { db: server });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain('CREATE ROLE %I NOLOGIN');
      expect(run.stdout).toContain('TO crm_reports');
      const after = await runCli(['client', 'list'], { db: server });
      expect(after.stderr).toContain('no crm tables in this database yet');
    });

    it('tells a login with no rights on a database never set up with roles to ask for crm init --roles', async () => {
      // The roles exist on the server (another database's crm init --roles), but this one's tables were never granted.
      await runCli(['init', '--roles'], { db: await postgres.database({ empty: true }) });
      const server = await postgres.database();
      const admin = await postgres.other(server);
      const login = `crm_test_nogrant_${process.pid}_${Date.now()}`;
      await admin.run(`CREATE ROLE ${login} LOGIN IN ROLE crm_user`);
      try {
        const where = `postgres://${login}@${new URL(server).host}${new URL(server).pathname}`;
        for (const [language, said] of [
          [
            'en',
            "this database login has no rights on crm's tables here: the database's owner should run crm init --roles and grant it crm_user (or crm_reports, to read only)",
          ],
          [
            'ru',
            'у этой учётной записи нет прав на таблицы crm в этой базе: владельцу базы нужно выполнить crm init --roles и выдать ей роль crm_user (или crm_reports — только для чтения)',
          ],
        ]) {
          const report = await runCli(['--lang', language!, 'report', 'monthly'], { db: as(login, server) });
          expect(report.code).toBe(1);
          expect(report.stderr).toBe(`crm: ${where}: ${said}\n`);
        }
        const write = await runCli(['client', 'add', 'Анна'], { db: as(login, server) });
        expect(write.stderr).toContain("has no rights on crm's tables here");
      } finally {
        await admin.run(`DROP ROLE ${login}`);
      }
    });

    it('is run by a database owner without CREATEROLE once the roles exist on the server', async () => {
      // The roles exist on the server (another database's crm init --roles).
      await runCli(['init', '--roles'], { db: await postgres.database({ empty: true }) });
      const admin = await postgres.other(await postgres.database({ empty: true }));
      const suffix = `${process.pid}_${Date.now()}`;
      const [owner, writer, reader] = ['owner', 'anna', 'rita'].map((name) => `crm_test_${name}_${suffix}`);
      await admin.run(`CREATE ROLE ${owner} LOGIN NOCREATEROLE`);
      await admin.run(`CREATE DATABASE ${owner} OWNER ${owner}`);
      await admin.run(`CREATE ROLE ${writer} LOGIN IN ROLE crm_user; CREATE ROLE ${reader} LOGIN IN ROLE crm_reports`);
      try {
        const server = new URL(TEST_POSTGRES!);
        server.pathname = `/${owner}`;
        const database = server.toString();
        expect((await runCli(['init'], { db: as(owner, database) })).code).toBe(0);
        const roles = await runCli(['init', '--roles'], { db: as(owner, database) });
        expect(roles.code, roles.stderr).toBe(0);
        expect(roles.stdout).toContain('roles ready');
        const added = await runCli(['client', 'add', 'Анна'], { db: as(writer, database) });
        expect(added.code, added.stderr).toBe(0);
        const listed = await runCli(['client', 'list', '--json'], { db: as(reader, database) });
        expect(listed.code, listed.stderr).toBe(0);
        expect(JSON.parse(listed.stdout)).toHaveLength(1);
        const backup = await runCli(['backup', tempDir()], { db: as(reader, database) });
        expect(backup.code, backup.stderr).toBe(0);
      } finally {
        await admin.run(`DROP DATABASE IF EXISTS ${owner} WITH (FORCE)`);
        await admin.run(`DROP ROLE ${owner}; DROP ROLE ${writer}; DROP ROLE ${reader}`);
      }
    });

    it('gives crm_user logins reading and writing, crm_reports logins reading only', async () => {
      const server = await postgres.database({ empty: true });
      const admin = await postgres.other(server);
      const init = await runCli(['init', '--roles'], { db: server });
      expect(init.code, init.stderr).toBe(0);
      expect(init.stdout).toContain('roles ready');
      // Again: the roles are there, nothing is refused.
      expect((await runCli(['init', '--roles'], { db: server })).code).toBe(0);

      const suffix = `${process.pid}_${Date.now()}`;
      const [writer, reader] = [`crm_test_anna_${suffix}`, `crm_test_rita_${suffix}`];
      await admin.run(`CREATE ROLE ${writer} LOGIN IN ROLE crm_user; CREATE ROLE ${reader} LOGIN IN ROLE crm_reports`);
      try {
        const anna = as(writer, server);
        const rita = as(reader, server);
        expect((await runCli(['client', 'add', 'Анна'], { db: anna })).code).toBe(0);
        // A journal with new clients: COPY, the identity moved past the ids it took, the summary trigger.
        const imported = await runCli(['import', 'visits', join(FIXTURES, 'visits/visits-calc-ru.csv')], { db: anna });
        expect(imported.code, imported.stderr).toBe(0);
        const listed = await runCli(['client', 'list', '--json'], { db: rita });
        expect(listed.code, listed.stderr).toBe(0);
        const report = await runCli(['report', 'arpu', '--json'], { db: rita });
        expect(report.code, report.stderr).toBe(0);

        const refused = await runCli(['client', 'add', 'Рита'], { db: rita });
        expect(refused.code).toBe(1);
        expect(refused.stderr).toBe(
          `crm: postgres://${reader}@${new URL(server).host}${new URL(server).pathname}: this database login may only read (crm_reports); writes need crm_user\n`,
        );
        expect((await runCli(['client', 'list', '--json'], { db: rita })).stdout).toBe(listed.stdout);
        const setting = await runCli(['config', 'set', 'currency', 'EUR'], { db: rita });
        expect(setting.stderr).toContain('may only read (crm_reports)');

        // A table a later migration creates, as crm_owner: covered by the default privileges.
        await admin.run(
          'SET ROLE crm_owner; CREATE TABLE later_table (id bigint); CREATE SEQUENCE later_seq; RESET ROLE',
        );
        await admin.run(`SET ROLE ${writer}; INSERT INTO later_table VALUES (1); RESET ROLE`);
        await admin.run(`SET ROLE ${reader}; SELECT * FROM later_table; RESET ROLE`);
        // pg_dump reads every sequence: a team login's backup needs SELECT on those made later too.
        await admin.run(`SET ROLE ${writer}; SELECT last_value FROM later_seq; RESET ROLE`);
        await admin.run(`SET ROLE ${reader}; SELECT last_value FROM later_seq; RESET ROLE`);
        await expect(admin.run(`SET ROLE ${reader}; INSERT INTO later_table VALUES (2)`)).rejects.toThrow(
          /permission denied/,
        );
      } finally {
        await admin.run('RESET ROLE').catch(() => {});
        await admin.run(`DROP OWNED BY ${writer}, ${reader}; DROP ROLE ${writer}; DROP ROLE ${reader}`);
      }
    });
  });
});
