/**
 * On PostgreSQL, the per-client purchase summary (client_purchases) must equal its definition, the first two purchase
 * dates of each client read from visits and won deals, whatever wrote them: random mixes of every kind of write (the
 * triggers of migration 2, rewritten as functions), a journal's bulk load that defers the insert trigger and merges
 * the dates at its end, and the undo of that load. test/store/purchases.test.ts holds the same for SQLite.
 */
import fc from 'fast-check';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { PlannedVisit } from '../../src/domain/record-import.js';
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

const clientId = fc.integer({ min: 1, max: CLIENTS });
/** Few distinct days, so that ties (two purchases on one day) are common. */
const day = fc.integer({ min: 1, max: 6 }).map((d) => `2026-03-0${d}`);
const amount = fc.constantFrom(0, 0, 100, 250);

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
    'TRUNCATE visits, deal_stages, deals, client_purchases, batch_changes, import_batches, client_contacts, clients RESTART IDENTITY CASCADE',
  );
  for (let id = 1; id <= CLIENTS; id++) {
    await db.query("INSERT INTO clients (name, name_key, created) VALUES ($1, $2, '2026-01-01')", [
      `Client ${id}`,
      `client ${id}`,
    ]);
  }
}

describe('client_purchases on PostgreSQL', () => {
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
            expect(await storedSummary(db)).toEqual(await expectedSummary(db));
          }
        }),
        { numRuns: 60 },
      );
    } finally {
      await db.end();
    }
  });

  it('equals its definition after a journal load that merges the dates at its end, and after its undo', async () => {
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
              expectedRows: 30,
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
            expect(await storedSummary(db)).toEqual(await expectedSummary(db));
            // The trigger is on again: a visit added by hand moves the summary.
            await apply(db, { kind: 'visit', client: 1, date: '2026-02-01', amount: 100 });
            expect(await storedSummary(db)).toEqual(await expectedSummary(db));
            await store.imports.undo(load.batchId!);
            expect(await storedSummary(db)).toEqual(await expectedSummary(db));
          },
        ),
        { numRuns: 40 },
      );
    } finally {
      await db.end();
    }
  });
});
