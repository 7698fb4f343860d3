/**
 * What the PostgreSQL store does beyond the Store's signatures (docs/ARCHITECTURE.md, "What a second store engine
 * must provide"): whose database it opens, migrations, the write lock, read-only snapshots, and the journal's bulk
 * load through COPY. Runs against the test server of CRM_TEST_POSTGRES (test/engines.ts); skipped, saying so,
 * without one.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { importClients } from '../../src/app/import-clients.js';
import { importVisits } from '../../src/app/import-visits.js';
import type { PlannedVisit } from '../../src/domain/record-import.js';
import { StoreError } from '../../src/errors.js';
import { useLanguage } from '../../src/i18n/index.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { connect, releaseKeptConnection } from '../../src/store/postgres/connection.js';
import { startJournalLoad } from '../../src/store/postgres/journal-load.js';
import { POSTGRES_LATEST_VERSION, POSTGRES_MIGRATIONS } from '../../src/store/postgres/migrations.js';
import { inspectSchema, migrate } from '../../src/store/postgres/schema.js';
import { peekServerSetting } from '../../src/store/postgres/settings.js';
import { openPostgresStore } from '../../src/store/postgres/store.js';
import type { JournalLoadOptions } from '../../src/store/store.js';
import { clientDraft } from '../builders.js';
import { engines, skippedEngine } from '../engines.js';
import { tempDir } from '../helpers.js';

const postgres = engines.find((engine) => engine.name === 'postgres')!;

/** A plain session on `address`, for reading and changing what a test looks at. */
async function session(address: string) {
  const client = new pg.Client({ connectionString: address });
  await client.connect();
  onTestFinished(() => client.end());
  return {
    rows: async (sql: string, values: unknown[] = []) => (await client.query(sql, values)).rows,
    value: async (sql: string, values: unknown[] = []) =>
      Object.values((await client.query(sql, values)).rows[0] ?? {})[0],
    run: async (sql: string) => {
      await client.query(sql);
    },
  };
}

/** Every table of the database's public schema, with its row count: equal before and after means untouched. */
async function contents(address: string) {
  const s = await session(address);
  const tables = (await s.rows("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")).map(
    (row) => row.tablename as string,
  );
  const counts: Record<string, number> = {};
  for (const table of tables) counts[table] = Number(await s.value(`SELECT count(*) FROM ${table}`));
  return counts;
}

/** Every index and constraint of the database's public schema, as the server defines it. */
async function schemaObjects(address: string) {
  const s = await session(address);
  return s.rows(
    `SELECT c.relname AS name, pg_get_indexdef(c.oid) AS definition FROM pg_class c
     WHERE c.relkind = 'i' AND c.relnamespace = 'public'::regnamespace
     UNION ALL
     SELECT k.conrelid::regclass || '.' || k.conname, pg_get_constraintdef(k.oid) || ' ' || k.convalidated
     FROM pg_constraint k WHERE k.connamespace = 'public'::regnamespace
     ORDER BY 1`,
  );
}

const counts = { rows_read: 2, created: 2, updated: 0, unchanged: 0, rejected: 0 };
const JOURNAL: Omit<JournalLoadOptions, 'dryRun'> = { file: '/tmp/journal.csv', settings: {}, expectedRows: 10 };
/** A journal that dwarfs what is stored: loaded with the indexes and foreign keys suspended. */
const BIG: Omit<JournalLoadOptions, 'dryRun'> = { ...JOURNAL, expectedRows: 1_000_000 };
const SIZES = [
  ['a small journal', JOURNAL],
  ['a journal that dwarfs the stored visits', BIG],
] as const;

function visit(clientId: number, date: string, amount: number, service: string | null = 'Стрижка'): PlannedVisit {
  return { clientId, date, amount, service, note: null, extra: {} };
}

describe('PostgreSQL store', () => {
  if (postgres.skipped) return skippedEngine(postgres);

  describe('opening', () => {
    it('refuses an empty database without crm init, creating nothing; crm init creates the schema once', async () => {
      const address = await postgres.database({ empty: true });
      await expect(openPostgresStore(address)).rejects.toThrow(
        /^postgres:\/\/\S+: no crm tables in this database yet; run crm init/,
      );
      expect(await contents(address)).toEqual({});
      const [first, second] = await Promise.all([
        openPostgresStore(address, { create: true }),
        openPostgresStore(address, { create: true }),
      ]);
      await first.close();
      await second.close();
      const s = await session(address);
      expect(
        (await s.rows('SELECT version, name FROM schema_migrations ORDER BY version')).map((r) => r.version),
      ).toEqual(POSTGRES_MIGRATIONS.map((m) => m.version));
    });

    it("reads a crm database's version in the same turn of the network as its schema", async () => {
      const address = await postgres.database();
      const c = await connect(address);
      onTestFinished(() => c.close());
      const query = c.driver.query.bind(c.driver);
      let sent = 0;
      c.driver.query = ((...args: Parameters<typeof query>) => {
        sent++;
        return query(...args);
      }) as typeof c.driver.query;
      expect(await inspectSchema(c)).toEqual({ kind: 'ours', version: POSTGRES_LATEST_VERSION });
      expect(sent).toBe(1);
    });

    it('numbers its migrations as SQLite does, with the same names', () => {
      expect(POSTGRES_MIGRATIONS.map((m) => [m.version, m.name])).toEqual(MIGRATIONS.map((m) => [m.version, m.name]));
    });

    it("refuses another program's database, even one with a schema_migrations table, and leaves it as it was", async () => {
      for (const sql of [
        'CREATE TABLE orders (id int); INSERT INTO orders VALUES (1)',
        "CREATE TABLE schema_migrations (version varchar PRIMARY KEY); INSERT INTO schema_migrations VALUES ('20240101')",
      ]) {
        const address = await postgres.database({ empty: true });
        await (await session(address)).run(sql);
        const before = await contents(address);
        for (const create of [false, true]) {
          await expect(openPostgresStore(address, { create })).rejects.toThrow(
            /: not a pocket-crm database: schema public holds 1 table of another program; crm will not change it$/,
          );
        }
        expect(await contents(address)).toEqual(before);
      }
    });

    it("refuses a newer crm's database without changing it", async () => {
      const address = await postgres.database();
      await (await session(address)).run(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', '2030-01-01')",
      );
      const before = await contents(address);
      await expect(openPostgresStore(address)).rejects.toThrow(
        new RegExp(
          `written by a newer pocket-crm \\(schema 99, this version knows up to ${POSTGRES_LATEST_VERSION}\\)`,
        ),
      );
      await expect(openPostgresStore(address, { readonly: true })).rejects.toThrow(StoreError);
      expect(await contents(address)).toEqual(before);
    });

    it('upgrades an older database on its first open, a read-only one too', async () => {
      const address = await postgres.database({ empty: true });
      const c = await connect(address);
      await migrate(c, POSTGRES_MIGRATIONS.slice(0, 2));
      await c.close();
      const s = await session(address);
      expect(await s.value('SELECT max(version) FROM schema_migrations')).toBe(2);
      const store = await openPostgresStore(address, { readonly: true });
      expect(await store.clients.nameAliases()).toEqual([]);
      await store.close();
      expect(await s.value('SELECT max(version) FROM schema_migrations')).toBe(POSTGRES_LATEST_VERSION);
    });

    it('names a missing database, an unknown user and a closed port in one line, never the password', async () => {
      const server = new URL(process.env.CRM_TEST_POSTGRES!);
      const at = (user: string, database: string, port = server.port) =>
        `postgres://${user}:secret@${server.hostname}:${port}/${database}`;
      const cases: Array<[string, RegExp]> = [
        [
          at('postgres', 'no_such_db'),
          /: database "no_such_db" does not exist; create it \(createdb\) and run crm init$/,
        ],
        [at('no_such_user', 'postgres'), /: the server refused the login: role "no_such_user" does not exist$/],
        [at('postgres', 'postgres', '1'), /: cannot connect \(connection refused\): is the PostgreSQL server running/],
      ];
      for (const [address, message] of cases) {
        const error = await openPostgresStore(address).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StoreError);
        expect((error as Error).message).toMatch(message);
        expect((error as Error).message).not.toMatch(/secret|\n/);
      }
    });
  });

  describe('in Russian', () => {
    afterEach(() => useLanguage('en'));

    it('says why it will not open a database, and changes none of them', async () => {
      await useLanguage('ru');
      const empty = await postgres.database({ empty: true });
      const foreign = await postgres.database({ empty: true });
      await (await session(foreign)).run('CREATE TABLE orders (id int); CREATE TABLE lines (id int)');
      const newer = await postgres.database();
      await (await session(newer)).run(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', '2030-01-01')",
      );
      const cases: Array<[string, RegExp]> = [
        [empty, /: в этой базе ещё нет таблиц crm; чтобы их создать, выполните crm init \(с тем же --db\)$/],
        [foreign, /: не база pocket-crm: схема public держит 2 таблицы другой программы; crm не будет её менять$/],
        [
          newer,
          new RegExp(
            `: записана более новой версией pocket-crm \\(схема 99, эта версия знает до ${POSTGRES_LATEST_VERSION}\\); обновите crm, база не изменена$`,
          ),
        ],
        [
          `${empty}?options=-csearch_path%3Dno_such_schema`,
          /: нет схемы для таблиц crm \(search_path не называет ни одной существующей\)$/,
        ],
      ];
      for (const [address, message] of cases) {
        const before = await contents(address.replace(/\?.*/, ''));
        await expect(openPostgresStore(address)).rejects.toThrow(message);
        expect(await contents(address.replace(/\?.*/, ''))).toEqual(before);
      }
    });

    it('names a missing database, an unknown user and a closed port', async () => {
      await useLanguage('ru');
      const server = new URL(process.env.CRM_TEST_POSTGRES!);
      const at = (user: string, database: string, port = server.port) =>
        `postgres://${user}:secret@${server.hostname}:${port}/${database}`;
      const cases: Array<[string, RegExp]> = [
        [
          at('postgres', 'no_such_db'),
          /: базы данных «no_such_db» нет; создайте её \(createdb\) и выполните crm init$/,
        ],
        [at('no_such_user', 'postgres'), /: сервер отказал во входе: пользователя «no_such_user» на нём нет$/],
        [at('postgres', 'postgres', '1'), /: не удалось подключиться \(в соединении отказано\)/],
      ];
      for (const [address, message] of cases) {
        const error = await openPostgresStore(address).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StoreError);
        expect((error as Error).message).toMatch(message);
      }
    });

    it('says a writer that waited a minute in vain', async () => {
      await useLanguage('ru');
      const address = await postgres.database();
      const first = await postgres.open(address);
      const second = await postgres.open(address, { lockWaitMs: 200 });
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      const writing = first.write(async (tx) => {
        await tx.clients.insert(clientDraft('Анна'));
        await held;
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      await expect(second.clients.insert(clientDraft('Борис'))).rejects.toThrow(
        /: другой crm пишет в базу \(импорт\?\) и не закончил за минуту; ничего не изменено, попробуйте ещё раз$/,
      );
      release();
      await writing;
    });
  });

  describe('the write lock', () => {
    it('makes a second writer wait, and gives up in one line when the first never ends', async () => {
      const address = await postgres.database();
      const first = await postgres.open(address);
      let waits = 0;
      const second = await postgres.open(address, { lockWaitMs: 200, onWait: () => waits++ });
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      const writing = first.write(async (tx) => {
        await tx.clients.insert(clientDraft('Анна'));
        await held;
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      await expect(second.clients.insert(clientDraft('Борис'))).rejects.toThrow(
        /: another crm is writing \(an import\?\) and did not finish within a minute; nothing was changed/,
      );
      expect(waits).toBe(1);
      release();
      await writing;
      expect((await second.clients.load()).map((c) => c.name)).toEqual(['Анна']);
      await second.clients.insert(clientDraft('Борис'));
      // With no one else writing, a writer does not wait.
      expect(waits).toBe(1);
      expect((await first.clients.load()).map((c) => c.name)).toEqual(['Анна', 'Борис']);
    });

    it('two imports of overlapping lists at the same moment leave no duplicate client', async () => {
      const address = await postgres.database();
      const dir = tempDir();
      const header = 'Имя;Телефон\n';
      const shared = Array.from({ length: 40 }, (_, i) => `Клиент ${i};+7916${String(1_000_000 + i)}\n`).join('');
      writeFileSync(join(dir, 'a.csv'), `${header}${shared}Анна;+79990000001\n`);
      writeFileSync(join(dir, 'b.csv'), `${header}Борис;+79990000002\n${shared}`);
      const [a, b] = [await postgres.open(address), await postgres.open(address)];
      await a.settings.set('region', 'RU');
      await Promise.all([
        importClients(a, { file: join(dir, 'a.csv'), rejects: join(dir, 'ra.csv') }),
        importClients(b, { file: join(dir, 'b.csv'), rejects: join(dir, 'rb.csv') }),
      ]);
      const names = (await a.clients.load()).map((c) => c.name);
      expect(names).toHaveLength(42);
      expect(new Set(names).size).toBe(42);
    });
  });

  describe('two journals at once', () => {
    it('imported at the same moment, make each new client once', async () => {
      const address = await postgres.database();
      const dir = tempDir();
      const header = 'Дата;Клиент;Телефон;Сумма\n';
      const rows = (from: number) =>
        Array.from(
          { length: 300 },
          (_, i) =>
            `0${(i % 9) + 1}.10.2026;Клиент ${(from + i) % 200};+7916${String(2_000_000 + ((from + i) % 200))};${100 + i}\n`,
        ).join('');
      writeFileSync(join(dir, 'a.csv'), header + rows(0));
      writeFileSync(join(dir, 'b.csv'), header + rows(100));
      const [a, b] = [await postgres.open(address), await postgres.open(address)];
      await a.settings.set('region', 'RU');
      await Promise.all([
        importVisits(a, { file: join(dir, 'a.csv'), rejects: join(dir, 'ra.csv') }),
        importVisits(b, { file: join(dir, 'b.csv'), rejects: join(dir, 'rb.csv') }),
      ]);
      const names = (await a.clients.load()).map((c) => c.name);
      expect(names).toHaveLength(200);
      expect(new Set(names).size).toBe(200);
      expect(await a.visits.list()).toHaveLength(600);
    });
  });

  describe('one session per command', () => {
    /** The sessions crm has on the database at `address`, by process id, as the server lists them. */
    async function crmSessions(address: string): Promise<number[]> {
      const s = await session(address);
      const rows = await s.rows(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'pocket-crm' ORDER BY pid",
      );
      return rows.map((row) => row.pid as number);
    }

    it.each<[string, { readonly?: boolean }]>([
      ['a write', {}],
      ['a report', { readonly: true }],
    ])('%s goes on in the session its language was read on', async (_, options) => {
      const address = await postgres.database();
      const opened = await openPostgresStore(address, { create: true });
      await opened.settings.set('language', 'ru');
      await opened.close();
      expect(await peekServerSetting(address, 'language')).toBe('ru');
      const [peeked] = await crmSessions(address);
      expect(peeked).toBeDefined();
      const store = await postgres.open(address, options);
      // The store's statements run in the kept session: no second one was opened.
      expect(await crmSessions(address)).toEqual([peeked]);
      expect(await store.settings.get('language')).toBe('ru');
      if (!options.readonly) await store.settings.set('region', 'RU');
      await store.close();
      await releaseKeptConnection();
      expect(await crmSessions(address)).toEqual([]);
    });

    it('closes the session at the end of a command that did not take it, and never lends it to another database', async () => {
      const address = await postgres.database();
      const other = await postgres.database();
      expect(await peekServerSetting(address, 'language')).toBeUndefined();
      expect(await crmSessions(address)).toHaveLength(1);
      const store = await postgres.open(other);
      expect(await crmSessions(other)).toHaveLength(1);
      await store.close();
      await releaseKeptConnection();
      expect(await crmSessions(address)).toEqual([]);
      // A kept session the server ended is not lent: the next command connects anew.
      expect(await peekServerSetting(address, 'language')).toBeUndefined();
      const [peeked] = await crmSessions(address);
      await (await session(address)).run(`SELECT pg_terminate_backend(${peeked})`);
      // Gone on the server; its end reaches this process while the loop turns.
      for (let tries = 0; tries < 100 && (await crmSessions(address)).includes(peeked!); tries++)
        await new Promise((resolve) => setTimeout(resolve, 20));
      await new Promise((resolve) => setTimeout(resolve, 50));
      const again = await postgres.open(address);
      expect(await again.settings.get('language')).toBeUndefined();
      await again.close();
    });
  });

  describe('a read-only open', () => {
    it('reads one state from its open to its close, and refuses a write in one line', async () => {
      const address = await postgres.database();
      const writer = await postgres.open(address);
      await writer.clients.insert(clientDraft('Анна'));
      const reader = await postgres.open(address, { readonly: true });
      expect(await reader.clients.load()).toHaveLength(1);
      await writer.clients.insert(clientDraft('Борис'));
      expect(await reader.clients.load()).toHaveLength(1);
      await expect(reader.write(async () => {})).rejects.toThrow(/: opened read-only \(a report or an export\)/);
      await expect(reader.clients.insert(clientDraft('Вера'))).rejects.toThrow(StoreError);
      expect(await writer.clients.load()).toHaveLength(2);
    });
  });

  describe('the journal load', () => {
    it.each(SIZES)(
      'copies clients and visits in one commit (%s): ids after the stored ones, purchases, duplicates, batch',
      async (_, size) => {
        const address = await postgres.database();
        const store = await postgres.open(address);
        const anna = await store.clients.insert(clientDraft('Анна', '+79161234567'));
        await store.visits.insert({
          client_id: anna,
          date: '2026-02-01',
          amount: 100_000,
          service: 'Стрижка',
          note: null,
          extra: {},
        });
        const schema = await schemaObjects(address);
        const load = await store.imports.loadJournal({ ...size, dryRun: false });
        expect(load.clients.map((c) => c.name)).toEqual(['Анна']);
        load.startVisits(true);
        const boris = load.addClient({ ...clientDraft('Борис', '+79167654321'), tags: ['VIP', 'vip', 'Новый'] });
        expect(boris).toBe(anna + 1);
        load.addVisit({
          ...visit(boris, '2026-03-01', 50_000),
          note: 'tab\there\nnew line \\ slash',
          extra: { Мастер: 'Ольга' },
        });
        load.addVisit(visit(anna, '2026-01-15', 70_000));
        load.addVisit(visit(boris, '2026-03-02', 0));
        expect(load.storedCount(anna, '2026-02-01', 100_000, 'стрижка')).toBe(1);
        expect(load.storedCount(anna, '2026-02-01', 100_000, 'Окрашивание')).toBe(0);
        await load.complete([{ clientId: boris, others: [anna] }], 'same name start');
        await load.commit({ counts, settings: { detected: 'x' }, fileSha256: 'abc' });

        const visits = await store.visits.list();
        expect(visits.map((v) => [v.client_id, v.date, v.amount])).toEqual([
          [anna, '2026-01-15', 70_000],
          [anna, '2026-02-01', 100_000],
          [boris, '2026-03-01', 50_000],
          [boris, '2026-03-02', 0],
        ]);
        expect(visits[2]).toMatchObject({ note: 'tab\there\nnew line \\ slash', extra: { Мастер: 'Ольга' } });
        const created = await store.clients.get(boris);
        expect(created).toMatchObject({ name: 'Борис', tags: ['VIP', 'Новый'] });
        expect(created?.phones.map((p) => p.value)).toEqual(['+79167654321']);
        const s = await session(address);
        expect(await s.rows('SELECT client_id, first, second FROM client_purchases ORDER BY client_id')).toEqual([
          { client_id: String(anna), first: '2026-01-15', second: '2026-02-01' },
          { client_id: String(boris), first: '2026-03-01', second: null },
        ]);
        expect(await store.clients.duplicateCandidates()).toEqual([
          { client_id: boris, other_id: anna, reason: 'same name start' },
        ]);
        expect((await store.batches.list()).map((b) => [b.id, b.status, b.file_sha256, b.rows_read])).toEqual([
          [load.batchId, 'done', 'abc', 2],
        ]);
        // The identity moved past the copied ids: the next client gets the next one.
        expect(await store.clients.insert(clientDraft('Вера'))).toBe(boris + 1);
        expect(await s.value("SELECT current_setting('crm.purchases_deferred', true)")).not.toBe('on');
        expect(await schemaObjects(address)).toEqual(schema);
      },
    );

    it('suspends the indexes and foreign keys for a journal that dwarfs the stored visits, and makes them again as they were', async () => {
      const address = await postgres.database();
      const schema = await schemaObjects(address);
      const c = await connect(address);
      onTestFinished(() => c.close());
      const load = await startJournalLoad(c, { ...BIG, dryRun: false });
      // Seen from the server's catalogue, inside the load's transaction: the secondary indexes and the keys are gone.
      const left = await c.rows<{ name: string }>(
        `SELECT indexrelid::regclass::text AS name FROM pg_index WHERE indrelid = 'visits'::regclass
         UNION ALL SELECT conname FROM pg_constraint WHERE conrelid = 'visits'::regclass AND contype = 'f'`,
      );
      expect(left.map((row) => row.name)).toEqual(['visits_pkey']);
      load.startVisits(false);
      const anna = load.addClient(clientDraft('Анна', '+79161234567'));
      load.addVisit(visit(anna, '2026-03-01', 100));
      await load.complete([], 'x');
      await load.commit({ counts, settings: {}, fileSha256: '' });
      expect(await schemaObjects(address)).toEqual(schema);
    });

    it('loads through the indexes as they are when another session keeps reading the tables', async () => {
      const address = await postgres.database();
      const store = await postgres.open(address);
      const schema = await schemaObjects(address);
      const reader = await session(address);
      await reader.run('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await reader.run('SELECT count(*) FROM visits');
      const load = await store.imports.loadJournal({ ...BIG, dryRun: false });
      // The reader was not made to wait: it reads on while the load is open.
      expect(Number(await reader.value('SELECT count(*) FROM clients'))).toBe(0);
      load.startVisits(false);
      const anna = load.addClient(clientDraft('Анна', '+79161234567'));
      load.addVisit(visit(anna, '2026-03-01', 100));
      await load.complete([], 'x');
      await load.commit({ counts, settings: {}, fileSha256: '' });
      await reader.run('COMMIT');
      expect(await schemaObjects(address)).toEqual(schema);
      expect((await store.visits.list()).map((v) => v.client_id)).toEqual([anna]);
    });

    it('holds the import back while the server takes no rows, and lets it go on once it does', async () => {
      const address = await postgres.database();
      const store = await postgres.open(address);
      const anna = await store.clients.insert(clientDraft('Анна'));
      const blocker = await session(address);
      const load = await store.imports.loadJournal({ ...JOURNAL, dryRun: false });
      // Another session's lock keeps the visits' COPY waiting for the table, so the server reads none of its rows.
      await blocker.run('BEGIN');
      await blocker.run('LOCK TABLE visits IN SHARE MODE');
      load.startVisits(false);
      const note = 'н'.repeat(150);
      let added = 0;
      let held = false;
      for (let batch = 0; batch < 400 && !held; batch++) {
        for (let i = 0; i < 1_000; i++) load.addVisit({ ...visit(anna, '2026-03-01', added++), note });
        const ready = load.ready().then(() => 'ready');
        held = (await Promise.race([ready, new Promise((r) => setTimeout(r, 300, 'held'))])) === 'held';
      }
      // Held once the socket's buffers are full: a few megabytes of the 120 MB the loop could have queued.
      expect(held).toBe(true);
      expect(added).toBeLessThan(100_000);
      await blocker.run('COMMIT');
      await load.ready();
      await load.complete([], 'x');
      await load.commit({ counts, settings: {}, fileSha256: '' });
      expect(Number(await blocker.value('SELECT count(*) FROM visits'))).toBe(added);
    });

    it.each(SIZES)(
      'copies new clients between batches a few megabytes at a time (%s), each visit with its client',
      async (_, size) => {
        const address = await postgres.database();
        const store = await postgres.open(address);
        const load = await store.imports.loadJournal({ ...size, dryRun: false });
        load.startVisits(false);
        for (let n = 0; n < 40_000; n++) {
          const phone = `+7916${String(n).padStart(7, '0')}`;
          const id = load.addClient({ ...clientDraft(`Клиентка номер ${n}`, phone), note: 'заметка'.repeat(5) });
          load.addVisit(visit(id, '2026-03-01', n + 1));
          if (n % 1_000 === 999) await load.ready();
        }
        await load.complete([], 'x');
        await load.commit({ counts, settings: {}, fileSha256: '' });
        const s = await session(address);
        expect(
          await s.rows(
            `SELECT count(*)::int AS visits, count(DISTINCT c.id)::int AS clients,
             count(*) FILTER (WHERE c.name = 'Клиентка номер ' || (v.amount - 1)
               AND p.value = '+7916' || lpad((v.amount - 1)::text, 7, '0'))::int AS matching
           FROM visits v JOIN clients c ON c.id = v.client_id JOIN client_contacts p ON p.client_id = c.id`,
          ),
        ).toEqual([{ visits: 40_000, clients: 40_000, matching: 40_000 }]);
      },
    );

    it.each(
      ['after opening', 'while copying', 'after complete', 'when the last step before the commit fails'].flatMap(
        (when) => SIZES.map(([name, size]) => [when, name, size] as const),
      ),
    )('abandoned %s (%s), leaves the database as it was and the lock free', async (when, _, size) => {
      const address = await postgres.database();
      const store = await postgres.open(address);
      const anna = await store.clients.insert(clientDraft('Анна', '+79161234567'));
      const before = await contents(address);
      const other = await postgres.other(address);
      const schema = await schemaObjects(address);
      const load = await store.imports.loadJournal({ ...size, dryRun: false });
      expect(await other.canTakeWriteLock()).toBe(false);
      if (when !== 'after opening') {
        load.startVisits(false);
        const boris = load.addClient(clientDraft('Борис', '+79167654321'));
        for (let i = 0; i < 5_000; i++) load.addVisit(visit(i % 2 ? anna : boris, '2026-03-01', 1_000 + i));
      }
      if (when === 'after complete' || when === 'when the last step before the commit fails') {
        await load.complete([], 'same name start');
      }
      if (when === 'when the last step before the commit fails') {
        await expect(
          load.commit({ counts, settings: {}, fileSha256: '' }, () => {
            throw new Error('disk full');
          }),
        ).rejects.toThrow('disk full');
      }
      await load.abandon();
      await load.abandon();
      expect(await contents(address)).toEqual(before);
      expect(await schemaObjects(address)).toEqual(schema);
      expect(await other.canTakeWriteLock()).toBe(true);
      // The connection is usable again.
      expect((await store.clients.load()).map((c) => c.name)).toEqual(['Анна']);
    });

    it('reports a row the server cannot store in one line, and keeps nothing', async () => {
      const address = await postgres.database();
      const store = await postgres.open(address);
      const anna = await store.clients.insert(clientDraft('Анна'));
      const before = await contents(address);
      const load = await store.imports.loadJournal({ ...JOURNAL, dryRun: false });
      load.startVisits(false);
      load.addVisit({ ...visit(anna, '2026-03-01', 100), note: 'a\u0000b' });
      const error = await load.complete([], 'x').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect((error as Error).message).toMatch(/: a text the server cannot store/);
      await load.abandon();
      expect(await contents(address)).toEqual(before);
    });

    it('leaves nothing when the connection is lost mid-load, and says so in one line', async () => {
      const address = await postgres.database();
      const store = await postgres.open(address);
      const anna = await store.clients.insert(clientDraft('Анна'));
      const before = await contents(address);
      const load = await store.imports.loadJournal({ ...JOURNAL, dryRun: false });
      load.startVisits(false);
      for (let i = 0; i < 1_000; i++) load.addVisit(visit(anna, '2026-03-01', i));
      const admin = await session(process.env.CRM_TEST_POSTGRES!);
      const database = new URL(address).pathname.slice(1);
      await admin.run(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database}' AND application_name = 'pocket-crm'`,
      );
      const error = await load.complete([], 'x').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect((error as Error).message).toMatch(/the connection to the server was lost/);
      await load.abandon();
      expect(await contents(address)).toEqual(before);
    });

    it('in a dry run, counts what is stored, holds no lock and writes nothing', async () => {
      const address = await postgres.database();
      const store = await postgres.open(address);
      const anna = await store.clients.insert(clientDraft('Анна'));
      await store.visits.insert({
        client_id: anna,
        date: '2026-02-01',
        amount: 100,
        service: 'Стрижка',
        note: null,
        extra: {},
      });
      await store.visits.insert({
        client_id: anna,
        date: '2026-02-01',
        amount: 100,
        service: 'стрижка ',
        note: null,
        extra: {},
      });
      const before = await contents(address);
      const other = await postgres.other(address);
      const load = await store.imports.loadJournal({ ...JOURNAL, dryRun: true });
      expect(await other.canTakeWriteLock()).toBe(true);
      expect(load.batchId).toBeNull();
      expect(load.storedCount(anna, '2026-02-01', 100, 'СТРИЖКА')).toBe(2);
      load.startVisits(false);
      load.addVisit(visit(anna, '2026-03-01', 50));
      expect(() => load.addClient(clientDraft('Борис'))).toThrow();
      await load.complete([], 'x');
      await load.commit({ counts, settings: {}, fileSha256: '' });
      expect(await contents(address)).toEqual(before);
    });
  });
});
