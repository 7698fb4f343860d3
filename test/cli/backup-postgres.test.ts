/**
 * `crm backup` and `crm restore` on a server database: pg_dump -Fc into a private file, and pg_restore in one
 * transaction after checking that the dump is crm's and not newer. Runs against the test server of CRM_TEST_POSTGRES
 * (test/engines.ts); skipped, saying so, without one.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { clientConnection } from '../../src/store/postgres/dump.js';
import { runCli } from '../cli-harness.js';
import { engines, postgresDatabase, skippedEngine } from '../engines.js';
import { FIXTURES, fixture, tempDir } from '../helpers.js';

const postgres = engines.find((engine) => engine.name === 'postgres')!;

const mode = (path: string) => statSync(path).mode & 0o777;

/** What a command prints on a database; it must succeed. */
async function output(address: string, args: string[], cwd?: string): Promise<string> {
  const run = await runCli(args, { db: address, cwd });
  expect(run.code, run.stderr).toBe(0);
  return run.stdout;
}

let seed: Promise<{ address: string; drop(): Promise<void> }> | undefined;
afterAll(async () => (await seed)?.drop());

/** A server database with clients, visits and settings: a copy of one the file seeds once. */
async function seeded(): Promise<string> {
  seed ??= (async () => {
    const database = await postgresDatabase();
    // The imports' rejects files go to the working directory: a temporary one.
    const cwd = tempDir();
    await output(database.address, ['config', 'set', 'region', 'RU'], cwd);
    await output(database.address, ['import', 'clients', fixture('clients/csv-calc-cp1251.csv')], cwd);
    await output(database.address, ['import', 'visits', join(FIXTURES, 'visits/visits-calc-ru.csv')], cwd);
    return database;
  })();
  return postgres.database({ copyOf: (await seed).address });
}

describe('the address handed to pg_dump and pg_restore', () => {
  it('never carries the password, which goes to PGPASSWORD', () => {
    const fromUser = clientConnection('postgres://anna:s%40cret@db.example.com:5433/crm?sslmode=require');
    expect(fromUser.password).toBe('s@cret');
    expect(fromUser.args.join(' ')).not.toContain('cret');
    expect(fromUser.args).toEqual(['--dbname', 'postgres://anna@db.example.com:5433/crm?sslmode=require']);
    const fromParameter = clientConnection('postgresql://anna@db/crm?password=hunter2&application_name=x');
    expect(fromParameter.password).toBe('hunter2');
    expect(fromParameter.args.join(' ')).not.toContain('hunter2');
    // A user and a socket folder with no host name (libpq's form, which a URL cannot hold): the user, the password
    // and the port go into the parameters libpq reads them from too.
    const hostless = clientConnection('postgres://admin:s%40cret@:5433/crm?host=/var/run/postgresql');
    expect(hostless.password).toBe('s@cret');
    expect(hostless.args).toEqual(['--dbname', 'postgres:///crm?host=%2Fvar%2Frun%2Fpostgresql&user=admin&port=5433']);
    // `postgres:` leaves all to the PG* variables, and still names a database to load into.
    expect(clientConnection('postgres:')).toEqual({ args: ['--dbname', 'postgresql://'] });
  });
});

describe('crm backup and crm restore of a server database', () => {
  if (postgres.skipped) return skippedEngine(postgres);

  it('backs up to a private .dump in the working directory, and a restore brings the records back', async () => {
    const address = await seeded();
    const cwd = tempDir();
    const listing = await output(address, ['client', 'list', '--json']);
    const visits = await output(address, ['visit', 'list', '--json']);
    const backup = await runCli(['backup'], { db: address, cwd });
    expect(backup.code, backup.stderr).toBe(0);
    const path = backup.stdout.trim();
    expect(dirname(path)).toBe(cwd);
    expect(basename(path)).toMatch(/^crm-backup-\d{8}-\d{6}\.dump$/);
    expect(mode(path)).toBe(0o600);
    expect(backup.stderr).toMatch(/^backup written: /);

    await output(address, ['client', 'add', 'После Бэкапа', '--phone', '+7 912 999-99-99']);
    expect(await output(address, ['client', 'list', '--json'])).not.toBe(listing);

    const restore = await runCli(['restore', path, '--yes'], { db: address, cwd });
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stderr).toMatch(/^restored postgres:\/\/\S+ from \S+ \(\d+ clients, \d+ visits/);
    expect(await output(address, ['client', 'list', '--json'])).toBe(listing);
    expect(await output(address, ['visit', 'list', '--json'])).toBe(visits);
    // The identities came back with the rows: a new client takes a new id.
    await output(address, ['client', 'add', 'Новая Клиентка']);
  });

  it('restores a database set up with roles: crm init --roles again gives the tables back to crm_owner', async () => {
    const address = await seeded();
    await output(address, ['init', '--roles']);
    const file = (await output(address, ['backup', tempDir()])).trim();
    await output(address, ['restore', file, '--yes']);
    await output(address, ['init', '--roles']);
    const session = await postgres.other(address);
    const login = `crm_test_after_restore_${process.pid}_${Date.now()}`;
    await session.run(`CREATE ROLE ${login} LOGIN IN ROLE crm_user`);
    try {
      const url = new URL(address);
      url.username = login;
      await output(url.toString(), ['client', 'add', 'После Восстановления']);
      const client = new pg.Client({ connectionString: address });
      await client.connect();
      const owners = await client.query(
        "SELECT DISTINCT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE relname IN ('clients', 'visits')",
      );
      await client.end();
      expect(owners.rows).toEqual([{ owner: 'crm_owner' }]);
    } finally {
      await session.run(`DROP OWNED BY ${login}; DROP ROLE ${login}`);
    }
  });

  it('a crm_user or crm_reports login takes the backup; restore says in one line that it needs the owner', async () => {
    const address = await seeded();
    await output(address, ['init', '--roles']);
    const session = await postgres.other(address);
    const suffix = `${process.pid}_${Date.now()}`;
    const [writer, reader] = [`crm_test_backup_user_${suffix}`, `crm_test_backup_reports_${suffix}`];
    await session.run(`CREATE ROLE ${writer} LOGIN IN ROLE crm_user; CREATE ROLE ${reader} LOGIN IN ROLE crm_reports`);
    try {
      const as = (login: string) => {
        const url = new URL(address);
        url.username = login;
        return url.toString();
      };
      const listing = await output(address, ['client', 'list', '--json']);
      const files: string[] = [];
      for (const login of [writer, reader]) {
        const backup = await runCli(['backup', tempDir()], { db: as(login) });
        expect(backup.code, backup.stderr).toBe(0);
        files.push(backup.stdout.trim());
      }
      // What a team login backed up is the whole database: the owner restores it.
      await output(address, ['client', 'add', 'После Бэкапа']);
      await output(address, ['restore', files[1]!, '--yes']);
      expect(await output(address, ['client', 'list', '--json'])).toBe(listing);

      const shown = `postgres://${writer}@${new URL(address).host}${new URL(address).pathname}`;
      const restore = await runCli(['restore', files[0]!, '--yes'], { db: as(writer) });
      expect(restore.code).toBe(1);
      expect(restore.stderr).toBe(
        `crm: ${shown}: crm restore replaces crm's tables, which only their owner may do: run it as the database's owner (a login in crm_owner); nothing was changed\n`,
      );
      const inRussian = await runCli(['--lang', 'ru', 'restore', files[0]!, '--yes'], { db: as(writer) });
      expect(inRussian.stderr).toBe(
        `crm: ${shown}: crm restore заменяет таблицы crm, а это может только их владелец: выполните восстановление от имени владельца базы (учётной записи с ролью crm_owner); ничего не изменено\n`,
      );
    } finally {
      await session.run(`DROP OWNED BY ${writer}, ${reader}; DROP ROLE ${writer}; DROP ROLE ${reader}`);
    }
  });

  it('a login without rights on the tables is told in one line who may take the backup', async () => {
    const address = await postgres.database();
    const session = await postgres.other(address);
    const login = `crm_test_backup_none_${process.pid}_${Date.now()}`;
    await session.run(`CREATE ROLE ${login} LOGIN`);
    try {
      const url = new URL(address);
      url.username = login;
      const dir = tempDir();
      const backup = await runCli(['--lang', 'ru', 'backup', dir], { db: url.toString() });
      expect(backup.code).toBe(1);
      expect(backup.stderr).toBe(
        `crm: postgres://${login}@${url.host}${url.pathname}: этой учётной записи нельзя читать все таблицы crm, а для резервной копии это нужно; делайте её от имени владельца базы или учётной записи с ролью crm_user или crm_reports (после того как владелец выполнит crm init --roles)\n`,
      );
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      await session.run(`DROP ROLE ${login}`);
    }
  });

  it('writes into a directory it is given, and refuses a file that exists', async () => {
    const address = await postgres.database();
    const dir = tempDir();
    const first = (await output(address, ['backup', dir])).trim();
    expect(dirname(first)).toBe(dir);
    const again = await runCli(['backup', first], { db: address });
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`crm: ${first}: already exists; name a new file or a directory\n`);
  });

  it('says in one line that pg_dump is missing, and leaves no file', async () => {
    const address = await postgres.database();
    const cwd = tempDir();
    const run = await runCli(['backup'], { db: address, cwd, env: { PATH: tempDir() } });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('crm: pg_dump not found: install the PostgreSQL client (Debian: postgresql-client)\n');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('says pg_dump’s error in one line, and leaves no file', async () => {
    const address = await postgres.database();
    const missing = new URL(address);
    missing.pathname = '/crm_test_no_such_database';
    const cwd = tempDir();
    const run = await runCli(['backup'], { db: missing.toString(), cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^crm: postgres:\/\/\S+: pg_dump failed: .*crm_test_no_such_database.*\n$/);
    expect(readdirSync(cwd)).toEqual([]);
  });

  async function refused(file: string, message: string | RegExp, env?: Record<string, string>) {
    const address = await seeded();
    const listing = await output(address, ['client', 'list', '--json']);
    const settings = await output(address, ['import', 'list', '--json']);
    const run = await runCli(['restore', file, '--yes'], { db: address, env });
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n')).toHaveLength(2);
    expect(run.stderr).toMatch(message);
    expect(await output(address, ['client', 'list', '--json'])).toBe(listing);
    expect(await output(address, ['import', 'list', '--json'])).toBe(settings);
  }

  it('refuses a file that is not a dump, touching nothing', async () => {
    const file = join(tempDir(), 'notes.dump');
    writeFileSync(file, 'just some text, not a dump at all\n'.repeat(200));
    await refused(file, /notes\.dump: not a backup of a server database \(pg_restore: .+\)/);
  });

  it('refuses a SQLite backup, saying how to move it to a server', async () => {
    const db = join(tempDir(), 'crm.sqlite');
    await output(db, ['client', 'add', 'Анна']);
    const file = (await output(db, ['backup'])).trim();
    await refused(file, 'a backup of a SQLite database, not of a server one');
  });

  it('says its refusals in Russian', async () => {
    const russian = { LANG: 'ru_RU.UTF-8' };
    const db = join(tempDir(), 'crm.sqlite');
    await output(db, ['client', 'add', 'Анна']);
    await refused(
      (await output(db, ['backup'])).trim(),
      /: резервная копия базы SQLite, а не серверной \(crm --db этот-файл db copy --to АДРЕС переносит её записи на сервер\)$/m,
      russian,
    );
    const notes = join(tempDir(), 'notes.dump');
    writeFileSync(notes, 'just some text, not a dump at all\n'.repeat(200));
    await refused(notes, /notes\.dump: не резервная копия серверной базы \(pg_restore: .+\)/, russian);
    const scratch = await postgres.database();
    const session = await postgres.other(scratch);
    await session.run("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', '2030')");
    await session.close();
    await refused(
      (await output(scratch, ['backup', tempDir()])).trim(),
      /: записана более новой версией pocket-crm \(схема 999, этот crm знает до \d+\); сначала обновите crm$/m,
      russian,
    );
  });

  it('refuses a dump of another program’s database, touching nothing', async () => {
    const other = await postgres.database({ empty: true });
    const session = await postgres.other(other);
    await session.run("CREATE TABLE clients (id integer, name text); INSERT INTO clients VALUES (1, 'чужой')");
    await session.run('CREATE TABLE schema_migrations (version integer)');
    await session.close();
    const file = join(tempDir(), 'other.dump');
    const dumped = spawnSync('pg_dump', ['--format=custom', '--file', file, '--dbname', other], { encoding: 'utf8' });
    expect(dumped.status, dumped.stderr).toBe(0);
    await refused(file, 'not a dump of a pocket-crm database (no crm schema_migrations table in it)');
  });

  it('refuses a dump written by a newer pocket-crm, touching nothing', async () => {
    const scratch = await postgres.database();
    const session = await postgres.other(scratch);
    await session.run("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', '2030')");
    await session.close();
    const file = (await output(scratch, ['backup', tempDir()])).trim();
    await refused(file, /written by a newer pocket-crm \(schema 999, this crm knows up to \d+\); upgrade crm first/);
  });

  it('loads all of a dump or nothing: a load that fails at its end leaves the database as it was', async () => {
    // A dump whose last step (its grants) names a role the server no longer has: pg_restore fails after it has
    // dropped and made again every table.
    const scratch = await postgres.database();
    const role = `crm_test_gone_${process.pid}_${Date.now()}`;
    const session = await postgres.other(scratch);
    await session.run(`CREATE ROLE ${role}; GRANT SELECT ON clients TO ${role}`);
    await output(scratch, ['client', 'add', 'Из Другой Базы']);
    const file = (await output(scratch, ['backup', tempDir()])).trim();
    await session.run(`DROP OWNED BY ${role}; DROP ROLE ${role}`);
    await session.close();
    await refused(file, new RegExp(`pg_restore failed, nothing was changed: .*${role}`));
  });

  it('refuses to load a dump into another program’s database', async () => {
    const file = (await output(await seeded(), ['backup', tempDir()])).trim();
    const other = await postgres.database({ empty: true });
    const session = await postgres.other(other);
    await session.run("CREATE TABLE clients (id integer, name text); INSERT INTO clients VALUES (1, 'чужой')");
    const run = await runCli(['restore', file, '--yes'], { db: other });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^crm: postgres:\/\/\S+: not a pocket-crm database: .*crm restore will not replace them\n$/,
    );
    await session.run("DELETE FROM clients WHERE id = 1 AND name = 'чужой'");
    await session.close();
  });

  it('needs --yes without a terminal', async () => {
    const address = await seeded();
    const file = (await output(address, ['backup', tempDir()])).trim();
    await output(address, ['client', 'add', 'После Бэкапа']);
    const listing = await output(address, ['client', 'list', '--json']);
    const run = await runCli(['restore', file], { db: address });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('crm: crm restore replaces the database: add --yes to confirm\n');
    expect(await output(address, ['client', 'list', '--json'])).toBe(listing);
  });

  it('restores into an empty database', async () => {
    const address = await seeded();
    const listing = await output(address, ['client', 'list', '--json']);
    const file = (await output(address, ['backup', tempDir()])).trim();
    const empty = await postgres.database({ empty: true });
    const run = await runCli(['restore', file, '--yes'], { db: empty });
    expect(run.code, run.stderr).toBe(0);
    expect(await output(empty, ['client', 'list', '--json'])).toBe(listing);
    expect(existsSync(file)).toBe(true);
  });
});
