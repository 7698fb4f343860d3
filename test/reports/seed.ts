import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { inject } from 'vitest';
import { type Db, openDatabase } from '../../src/store/db.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { dropAfterFile } from '../engine-databases.js';
import { ROOT, tempDir } from '../helpers.js';
import { copyRows, createDatabase } from '../postgres-copy.mjs';

/**
 * Set by the `postgres` project of vitest.config.ts: the seeded data is read from a PostgreSQL database instead, a
 * copy of the SQLite file the seeder writes (test/postgres-copy.mjs), so that the report tests run on that engine.
 */
const ON_POSTGRES = process.env.CRM_TEST_ENGINE === 'postgres';

/** A new database on the test server with the SQLite file's rows, made in a child process before returning. */
function copyToPostgres(path: string): string {
  const script = join(ROOT, 'test', 'postgres-copy.mjs');
  return dropAfterFile(
    execFileSync(process.execPath, [script, path, process.env.CRM_TEST_POSTGRES!, inject('postgresTemplate')!], {
      encoding: 'utf8',
    }),
  );
}

/**
 * A Store on a PostgreSQL copy of the seeder's file, made when it is first used and again after the seeder has
 * written more; `close` closes it.
 */
function postgresCopyOf(seeder: Seeder): Store {
  let copy: { store: Store; changes: number } | undefined;
  const current = async (): Promise<Store> => {
    const changes = seeder.db.prepare('SELECT total_changes() AS n').get() as { n: number };
    if (copy?.changes === changes.n) return copy.store;
    await copy?.store.close();
    const { openPostgresStore } = await import('../../src/store/postgres/store.js');
    // Here the copy may be awaited: made in this process, without a child's start-up and driver loading.
    const address = dropAfterFile(
      await createDatabase(process.env.CRM_TEST_POSTGRES!, inject('postgresTemplate')!, 'crm_seed'),
    );
    await copyRows(seeder.path, address);
    copy = { store: await openPostgresStore(address), changes: changes.n };
    return copy.store;
  };
  const group = (name: keyof Store) =>
    new Proxy(
      {},
      {
        get:
          (_, method: string) =>
          async (...args: unknown[]) => {
            const target = (await current())[name] as unknown as Record<string, (...a: unknown[]) => unknown>;
            return target[method]!(...args);
          },
      },
    );
  return {
    clients: group('clients'),
    visits: group('visits'),
    deals: group('deals'),
    nps: group('nps'),
    settings: group('settings'),
    batches: group('batches'),
    imports: group('imports'),
    reports: group('reports'),
    path: seeder.path,
    write: async (work) => (await current()).write(work),
    snapshot: async (work) => (await current()).snapshot(work),
    keepBackup: async (name) => (await current()).keepBackup(name),
    pruneBackups: async (keep) => (await current()).pruneBackups(keep),
    discardBackup: async (path) => (await current()).discardBackup(path),
    close: async () => {
      await copy?.store.close();
      copy = undefined;
    },
  } as Store;
}

/**
 * Seeds report test data with plain SQL, independent of the commands that add visits, deals and NPS answers.
 * Amounts are in minor units (kopecks), as stored.
 */
export interface ClientSeed {
  name: string;
  source?: string | null;
  tags?: string[];
  /** E.164 value of a valid phone, stored at position 0. */
  phone?: string;
  /** A phone that could not be normalised: kept as written, invalid. */
  rawPhone?: string;
}

export type StageSeed = [stage: 'lead' | 'qualified' | 'deal' | 'won' | 'lost' | 'junk', date: string, reason?: string];

export interface DealSeed {
  title?: string;
  amount?: number | null;
  source?: string | null;
  /** Defaults to the first stage row's date. */
  created?: string;
  /** Defaults to the last stage row's stage. */
  stage?: StageSeed[0];
  reason?: string | null;
  stages: StageSeed[];
}

export class Seeder {
  readonly db: Db;
  readonly path: string;
  /** The seeded database as the use cases see it: a Store on the same connection. */
  readonly store: Store;

  constructor(path = join(tempDir('crm-reports-'), 'crm.sqlite')) {
    this.path = path;
    this.db = openDatabase(path);
    this.store = ON_POSTGRES ? postgresCopyOf(this) : new SqliteStore(this.db, path);
    if (ON_POSTGRES) {
      // Closing the seeder's file closes its copy's connection too.
      const closeFile = this.db.close.bind(this.db);
      this.db.close = () => {
        void this.store.close();
        return closeFile();
      };
    }
  }

  client(seed: ClientSeed): number {
    const id = Number(
      this.db
        .prepare("INSERT INTO clients (name, name_key, source, created) VALUES (?, ?, ?, '2020-01-01')")
        .run(seed.name, seed.name.toLowerCase(), seed.source ?? null).lastInsertRowid,
    );
    const phone = seed.phone ?? seed.rawPhone;
    if (phone !== undefined) {
      const valid = seed.phone !== undefined;
      const digits = phone.replace(/\D/g, '');
      this.db
        .prepare(
          "INSERT INTO client_contacts (client_id, kind, value, raw, valid, position, search) VALUES (?, 'phone', ?, ?, ?, 0, ?)",
        )
        .run(id, valid ? phone : digits, phone, valid ? 1 : 0, digits);
    }
    for (const tag of seed.tags ?? []) {
      this.db.prepare('INSERT OR IGNORE INTO tags (name, name_key) VALUES (?, ?)').run(tag, tag.toLowerCase());
      this.db
        .prepare('INSERT INTO client_tags (client_id, tag_id) SELECT ?, id FROM tags WHERE name_key = ?')
        .run(id, tag.toLowerCase());
    }
    return id;
  }

  visit(clientId: number, date: string, amount: number, service: string | null = null): this {
    this.db
      .prepare('INSERT INTO visits (client_id, date, amount, service) VALUES (?, ?, ?, ?)')
      .run(clientId, date, amount, service);
    return this;
  }

  deal(clientId: number, seed: DealSeed): number {
    const last = seed.stages[seed.stages.length - 1];
    const created = seed.created ?? seed.stages[0]?.[1];
    if (!created) throw new Error('a seeded deal needs a created date or a stage row');
    const id = Number(
      this.db
        .prepare(
          'INSERT INTO deals (client_id, title, amount, source, stage, created, reason) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .run(
          clientId,
          seed.title ?? 'deal',
          seed.amount ?? null,
          seed.source ?? null,
          seed.stage ?? last?.[0] ?? 'lead',
          created,
          seed.reason ?? null,
        ).lastInsertRowid,
    );
    const insert = this.db.prepare('INSERT INTO deal_stages (deal_id, stage, date, reason) VALUES (?, ?, ?, ?)');
    for (const [stage, date, reason] of seed.stages) insert.run(id, stage, date, reason ?? null);
    return id;
  }

  nps(clientId: number, date: string, score: number, comments: { improve?: string; liked?: string } = {}): this {
    this.db
      .prepare('INSERT INTO nps_answers (client_id, date, score, improve, liked) VALUES (?, ?, ?, ?, ?)')
      .run(clientId, date, score, comments.improve ?? null, comments.liked ?? null);
    return this;
  }

  setting(key: string, value: string): this {
    this.db
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(key, value);
    return this;
  }

  /** Closes the seeded file and returns the database to run commands on: the file, or its PostgreSQL copy. */
  close(): string {
    this.db.close();
    return ON_POSTGRES ? copyToPostgres(this.path) : this.path;
  }
}

/**
 * The dataset behind the golden files and the CLI tests. Every figure the goldens show for October 2026 (and the
 * previous month and October 2025) is worked out by hand in test/golden/README.md.
 */
export function seedGoldenDataset(seeder = new Seeder()): Seeder {
  const anna = seeder.client({ name: 'Анна Смирнова', source: 'Instagram', tags: ['VIP'], phone: '+79120000001' });
  const boris = seeder.client({ name: 'Борис Петров', source: 'Сайт', rawPhone: '12345' });
  const vera = seeder.client({ name: 'Вера Иванова', tags: ['VIP'] });
  const gleb = seeder.client({ name: 'Глеб Орлов', phone: '+79120000004' });
  const dina = seeder.client({ name: 'Дина Козлова', source: 'Instagram' });
  const egor = seeder.client({ name: 'Егор Волков', source: 'Сайт', rawPhone: '555-12' });

  seeder
    .visit(anna, '2026-08-05', 200_000, 'Стрижка')
    .visit(anna, '2026-09-05', 200_000, 'Стрижка')
    .visit(anna, '2026-10-05', 250_000, 'Окрашивание')
    .visit(anna, '2026-10-20', 200_000, 'Стрижка')
    .visit(anna, '2026-11-10', 200_000, 'Стрижка')
    .visit(boris, '2025-10-15', 100_000, 'Маникюр')
    .visit(boris, '2026-06-01', 100_000, 'Маникюр')
    .visit(boris, '2026-10-31', 150_000, 'Маникюр')
    .visit(vera, '2026-07-01', 300_000, 'Окрашивание')
    .visit(vera, '2026-07-10', 300_000, 'Окрашивание')
    .visit(gleb, '2026-10-01', 50_000, 'Стрижка')
    .visit(dina, '2026-10-10', 0, 'Консультация');

  seeder.deal(egor, {
    title: 'Абонемент',
    amount: 1_000_000,
    source: 'Instagram',
    stages: [
      ['lead', '2026-10-03'],
      ['qualified', '2026-10-05'],
      ['deal', '2026-10-10'],
      ['won', '2026-10-15'],
    ],
  });
  seeder.deal(anna, {
    title: 'Корпоратив',
    amount: 12_000_000,
    source: 'Сайт',
    stages: [
      ['lead', '2026-10-07'],
      ['qualified', '2026-10-08'],
      ['lost', '2026-10-12', 'Дорого'],
    ],
  });
  seeder.deal(boris, { title: 'Спам', stages: [['junk', '2026-10-09']] });
  seeder.deal(gleb, {
    title: 'Свадьба',
    amount: 850_000,
    source: 'Instagram',
    stages: [
      ['lead', '2026-10-20'],
      ['lost', '2026-10-21'],
    ],
  });
  seeder.deal(vera, {
    title: 'Курс',
    amount: 3_000_000,
    source: 'Сайт',
    stages: [
      ['lead', '2026-10-25'],
      ['qualified', '2026-10-26'],
    ],
  });
  seeder.deal(egor, {
    title: 'Допродажа',
    amount: null,
    source: 'Instagram',
    stages: [
      ['lead', '2026-10-28'],
      ['won', '2026-11-05'],
    ],
  });
  seeder.deal(anna, {
    title: 'Сертификат',
    amount: 500_000,
    source: 'Instagram',
    stages: [
      ['lead', '2026-09-10'],
      ['qualified', '2026-09-12'],
      ['won', '2026-09-20'],
    ],
  });

  seeder
    .nps(anna, '2026-10-06', 6)
    .nps(anna, '2026-10-25', 10)
    .nps(boris, '2026-10-31', 8)
    .nps(gleb, '2026-10-02', 9)
    .nps(vera, '2026-09-15', 2)
    .nps(egor, '2026-11-15', 5);
  return seeder;
}
