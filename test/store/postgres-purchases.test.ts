/**
 * On PostgreSQL, the summaries must equal their definitions whatever wrote them: the per-client purchase summary
 * (client_purchases: the first two purchase dates of each client from visits and won deals) and the paid-visit
 * summaries (paid_visits_by_client, paid_visits_by_day: paid visits counted and summed per client and per day), after
 * random mixes of every kind of write (the triggers of migrations 2 and 4, rewritten as functions), a journal's load
 * that defers the insert triggers and counts what it added at its end (small, or big enough to suspend the indexes),
 * and the undo of that load. test/store/purchases.test.ts and test/store/paid-visits.test.ts hold the same for SQLite.
 */
import fc from 'fast-check';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { PlannedVisit } from '../../src/domain/record-import.js';
import { connect } from '../../src/store/postgres/connection.js';
import { POSTGRES_MIGRATIONS } from '../../src/store/postgres/migrations.js';
import { migrate } from '../../src/store/postgres/schema.js';
import { openPostgresStore } from '../../src/store/postgres/store.js';
import { clientDraft } from '../builders.js';
import { engines, skippedEngine } from '../engines.js';

const postgres = engines.find((engine) => engine.name === 'postgres')!;
const CLIENTS = 4;

type Client = pg.Client;

/** The definition, computed the slow way: every purchase of every client, sorted. */
async function expectedSummary(db: Client) {
  const purchases = (
    await db.query(
      `SELECT client_id::int, date FROM visits WHERE amount > 0
       UNION ALL
       SELECT d.client_id::int, coalesce((SELECT min(s.date) FROM deal_stages s WHERE s.deal_id = d.id AND s.stage = 'won'), d.created)
       FROM deals d WHERE d.stage = 'won' AND d.client_id IS NOT NULL`,
    )
  ).rows as Array<{ client_id: number; date: string }>;
  const byClient = new Map<number, string[]>();
  for (const { client_id, date } of purchases) byClient.set(client_id, [...(byClient.get(client_id) ?? []), date]);
  return [...byClient]
    .map(([client_id, dates]) => {
      const sorted = dates.sort();
      return { client_id, first: sorted[0]!, second: sorted[1] ?? null };
    })
    .sort((a, b) => a.client_id - b.client_id);
}

async function storedSummary(db: Client) {
  return (await db.query('SELECT client_id::int, first, second FROM client_purchases ORDER BY client_id')).rows;
}

/** The paid-visit summaries' definition, the slow way: every paid visit, summed in JavaScript. */
async function expectedPaidVisits(db: Client) {
  const visits = (await db.query('SELECT client_id::int, date, amount::int FROM visits WHERE amount > 0'))
    .rows as Array<{
    client_id: number;
    date: string;
    amount: number;
  }>;
  const clients = new Map<number, { client_id: number; purchases: number; revenue: number; last: string }>();
  const days = new Map<string, { date: string; purchases: number; revenue: number }>();
  for (const { client_id, date, amount } of visits) {
    const client = clients.get(client_id) ?? { client_id, purchases: 0, revenue: 0, last: date };
    client.purchases++;
    client.revenue += amount;
    if (date > client.last) client.last = date;
    clients.set(client_id, client);
    const day = days.get(date) ?? { date, purchases: 0, revenue: 0 };
    day.purchases++;
    day.revenue += amount;
    days.set(date, day);
  }
  return {
    clients: [...clients.values()].sort((a, b) => a.client_id - b.client_id),
    days: [...days.values()].sort((a, b) => (a.date < b.date ? -1 : 1)),
  };
}

async function storedPaidVisits(db: Client) {
  return {
    clients: (
      await db.query(
        'SELECT client_id::int, purchases::int, revenue::int, last FROM paid_visits_by_client ORDER BY client_id',
      )
    ).rows,
    days: (await db.query('SELECT date, purchases::int, revenue::int FROM paid_visits_by_day ORDER BY date')).rows,
  };
}

/** Both summaries, as stored and as defined. */
async function expectSummaries(db: Client): Promise<void> {
  expect(await storedSummary(db)).toEqual(await expectedSummary(db));
  expect(await storedPaidVisits(db)).toEqual(await expectedPaidVisits(db));
}

const clientId = fc.integer({ min: 1, max: CLIENTS });
/** Few distinct days, so that ties (two purchases on one day) are common. */
const day = fc.integer({ min: 1, max: 6 }).map((d) => `2026-03-0${d}`);
const amount = fc.constantFrom(0, 0, 100, 250, 99_999);

type Write =
  | { kind: 'visit'; client: number; date: string; amount: number }
  | { kind: 'editVisit'; pick: number; client: number; date: string; amount: number }
  | { kind: 'deleteVisit'; pick: number }
  | { kind: 'deal'; client: number | null; created: string; won: boolean }
  | { kind: 'stage'; pick: number; stage: 'won' | 'lost' | 'deal'; date: string }
  | { kind: 'editDeal'; pick: number; client: number | null; created: string }
  | { kind: 'deleteStage'; pick: number }
  | { kind: 'deleteDeal'; pick: number }
  | { kind: 'mergeClients'; from: number; into: number };

const write: fc.Arbitrary<Write> = fc.oneof(
  fc.record({ kind: fc.constant('visit' as const), client: clientId, date: day, amount }),
  fc.record({ kind: fc.constant('editVisit' as const), pick: fc.nat(), client: clientId, date: day, amount }),
  fc.record({ kind: fc.constant('deleteVisit' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('deal' as const), client: fc.option(clientId), created: day, won: fc.boolean() }),
  fc.record({
    kind: fc.constant('stage' as const),
    pick: fc.nat(),
    stage: fc.constantFrom('won' as const, 'lost' as const, 'deal' as const),
    date: day,
  }),
  fc.record({ kind: fc.constant('editDeal' as const), pick: fc.nat(), client: fc.option(clientId), created: day }),
  fc.record({ kind: fc.constant('deleteStage' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('deleteDeal' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('mergeClients' as const), from: clientId, into: clientId }),
);

/** The row of `table` at position `pick` (modulo the row count), or undefined when the table is empty. */
async function pickId(db: Client, table: string, pick: number): Promise<number | undefined> {
  const ids = (await db.query(`SELECT id::int FROM ${table} ORDER BY id`)).rows.map((row) => row.id as number);
  return ids.length ? ids[pick % ids.length] : undefined;
}

async function apply(db: Client, step: Write): Promise<void> {
  const run = (sql: string, values: unknown[]) => db.query(sql, values);
  switch (step.kind) {
    case 'visit':
      await run('INSERT INTO visits (client_id, date, amount) VALUES ($1, $2, $3)', [
        step.client,
        step.date,
        step.amount,
      ]);
      return;
    case 'editVisit': {
      const id = await pickId(db, 'visits', step.pick);
      if (id !== undefined)
        await run('UPDATE visits SET client_id = $1, date = $2, amount = $3 WHERE id = $4', [
          step.client,
          step.date,
          step.amount,
          id,
        ]);
      return;
    }
    case 'deleteVisit': {
      const id = await pickId(db, 'visits', step.pick);
      if (id !== undefined) await run('DELETE FROM visits WHERE id = $1', [id]);
      return;
    }
    case 'deal':
      await run("INSERT INTO deals (client_id, title, stage, created) VALUES ($1, 'deal', $2, $3)", [
        step.client,
        step.won ? 'won' : 'lead',
        step.created,
      ]);
      return;
    case 'stage': {
      const id = await pickId(db, 'deals', step.pick);
      if (id === undefined) return;
      await run('INSERT INTO deal_stages (deal_id, stage, date) VALUES ($1, $2, $3)', [id, step.stage, step.date]);
      await run('UPDATE deals SET stage = $1 WHERE id = $2', [step.stage, id]);
      return;
    }
    case 'editDeal': {
      const id = await pickId(db, 'deals', step.pick);
      if (id === undefined) return;
      if (step.client === null) await run('UPDATE deals SET created = $1 WHERE id = $2', [step.created, id]);
      else await run('UPDATE deals SET client_id = $1, created = $2 WHERE id = $3', [step.client, step.created, id]);
      return;
    }
    case 'deleteStage': {
      const id = await pickId(db, 'deal_stages', step.pick);
      if (id !== undefined) await run('DELETE FROM deal_stages WHERE id = $1', [id]);
      return;
    }
    case 'deleteDeal': {
      const id = await pickId(db, 'deals', step.pick);
      if (id !== undefined) await run('DELETE FROM deals WHERE id = $1', [id]);
      return;
    }
    case 'mergeClients':
      await run('UPDATE visits SET client_id = $1 WHERE client_id = $2', [step.into, step.from]);
      await run('UPDATE deals SET client_id = $1 WHERE client_id = $2', [step.into, step.from]);
  }
}

/** Empties the records and gives the database its CLIENTS clients again, ids 1 to CLIENTS. */
async function reset(db: Client): Promise<void> {
  await db.query(
    'TRUNCATE visits, deal_stages, deals, client_purchases, paid_visits_by_client, paid_visits_by_day, batch_changes, import_batches, client_contacts, clients RESTART IDENTITY CASCADE',
  );
  for (let id = 1; id <= CLIENTS; id++) {
    await db.query("INSERT INTO clients (name, name_key, created) VALUES ($1, $2, '2026-01-01')", [
      `Client ${id}`,
      `client ${id}`,
    ]);
  }
}

describe('the summaries on PostgreSQL', () => {
  if (postgres.skipped) return skippedEngine(postgres);

  it('equals its definition after any sequence of writes', async () => {
    const address = await postgres.database();
    const db = new pg.Client({ connectionString: address });
    await db.connect();
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(write, { maxLength: 30 }), async (steps) => {
          await reset(db);
          for (const step of steps) {
            await apply(db, step);
            await expectSummaries(db);
          }
        }),
        { numRuns: 60 },
      );
    } finally {
      await db.end();
    }
  });

  it.each([
    ['small', 30],
    ['big enough to suspend the indexes', 1_000_000],
  ])(
    'equal their definitions after a %s journal load that counts what it added at its end, and after its undo',
    async (_, expectedRows) => {
      const address = await postgres.database();
      const db = new pg.Client({ connectionString: address });
      await db.connect();
      const store = await postgres.open(address);
      try {
        await fc.assert(
          fc.asyncProperty(
            fc.array(write, { maxLength: 12 }),
            // Two clients are created by the load itself, as an import creates a journal's clients.
            fc.array(fc.record({ client: fc.integer({ min: 1, max: CLIENTS + 2 }), date: day, amount }), {
              maxLength: 30,
            }),
            async (before, loaded) => {
              await reset(db);
              for (const step of before) await apply(db, step);
              const load = await store.imports.loadJournal({
                dryRun: false,
                file: 'journal.csv',
                settings: {},
                expectedRows,
              });
              load.startVisits(false);
              const created = [load.addClient(clientDraft('New 1')), load.addClient(clientDraft('New 2'))];
              for (const { client, date, amount } of loaded) {
                const id = client > CLIENTS ? created[client - CLIENTS - 1]! : client;
                const visit: PlannedVisit = { clientId: id, date, amount, service: null, note: null, extra: {} };
                load.addVisit(visit);
              }
              await load.complete([], 'x');
              await load.commit({
                counts: { rows_read: loaded.length, created: loaded.length, updated: 0, unchanged: 0, rejected: 0 },
                settings: {},
                fileSha256: '',
              });
              await expectSummaries(db);
              // The triggers are on again: a visit added by hand moves the summaries.
              await apply(db, { kind: 'visit', client: 1, date: '2026-02-01', amount: 100 });
              await expectSummaries(db);
              await store.imports.undo(load.batchId!);
              await expectSummaries(db);
            },
          ),
          { numRuns: 25 },
        );
      } finally {
        await db.end();
      }
    },
  );

  it('fills the paid-visit summaries from the stored history when a database of schema 3 is upgraded', async () => {
    const address = await postgres.database({ empty: true });
    const c = await connect(address);
    await migrate(
      c,
      POSTGRES_MIGRATIONS.filter((migration) => migration.version <= 3),
    );
    await c.close();
    const db = new pg.Client({ connectionString: address });
    await db.connect();
    try {
      for (let id = 1; id <= CLIENTS; id++) {
        await db.query("INSERT INTO clients (name, name_key, created) VALUES ($1, $2, '2026-01-01')", [
          `Client ${id}`,
          `client ${id}`,
        ]);
      }
      for (const [client, date, paid] of [
        [1, '2026-03-01', 100],
        [1, '2026-03-04', 250],
        [2, '2026-03-01', 0],
        [3, '2026-03-02', 99_999],
        [3, '2026-03-02', 100],
      ] as const) {
        await apply(db, { kind: 'visit', client, date, amount: paid });
      }
      await (await openPostgresStore(address, { readonly: true })).close();
      expect((await storedPaidVisits(db)).clients).toHaveLength(2);
      await expectSummaries(db);
    } finally {
      await db.end();
    }
  });

  it('sums amounts whose total passes 64-bit integers exactly, and the reports still read them', async () => {
    const address = await postgres.database();
    const db = new pg.Client({ connectionString: address });
    await db.connect();
    try {
      await reset(db);
      const largest = 2n ** 53n - 1n;
      await db.query(
        `INSERT INTO visits (client_id, date, amount) SELECT 1, '2026-10-01', $1::bigint FROM generate_series(1, 1100)`,
        [largest.toString()],
      );
      const { rows } = await db.query('SELECT revenue::text AS revenue FROM paid_visits_by_client');
      expect(rows).toEqual([{ revenue: (1100n * largest).toString() }]);
      const store = await openPostgresStore(address, { readonly: true });
      try {
        const [buyer] = await store.reports.buyerRows({ from: '2026-10-01', to: '2026-10-31' });
        expect(buyer?.revenue).toBe(Number(1100n * largest));
      } finally {
        await store.close();
      }
    } finally {
      await db.end();
    }
  });
});
