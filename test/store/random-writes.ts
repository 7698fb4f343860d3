/**
 * What the randomised tests of the store's summaries (paid visits, due facts) share: the writes both make (a
 * visit added, edited or deleted, clients merged, a journal loaded, an import undone), a stored row picked by a
 * random number, and a journal loaded as `crm import visits` does.
 */
import type { PlannedVisit } from '../../src/domain/record-import.js';
import { undoBatch } from '../../src/store/batches.js';
import { mergeClientInto } from '../../src/store/clients.js';
import { type Db, openDatabase } from '../../src/store/db.js';
import { JournalLoad } from '../../src/store/journal-load.js';
import { deleteVisit, insertVisit, updateVisit } from '../../src/store/visits.js';
import { clientDraft } from '../builders.js';
import { migratedDbPath } from '../helpers.js';

/** The id of the `pick`-th row of `table` (wrapping around), or undefined when it has none. */
export function pickId(db: Db, table: string, pick: number): number | undefined {
  const ids = db.prepare(`SELECT id FROM ${table} ORDER BY id`).pluck().all() as number[];
  return ids.length ? ids[pick % ids.length] : undefined;
}

export function exists(db: Db, client: number): boolean {
  return db.prepare('SELECT 1 FROM clients WHERE id = ?').get(client) !== undefined;
}

export interface JournalSeed {
  client: number;
  date: string;
  amount: number;
  service?: string | null;
}

/**
 * A journal as `crm import visits` loads it: `bulk` makes the load expect a million rows, so that it suspends the
 * indexes and counts every client again; otherwise it counts the clients it wrote to. Client ids above
 * `storedClients`, or of no stored client, are clients the journal creates.
 */
export function loadJournal(db: Db, visits: JournalSeed[], bulk: boolean, storedClients: number): void {
  const load = new JournalLoad(db, {
    dryRun: false,
    file: '/tmp/journal.csv',
    settings: {},
    expectedRows: bulk ? 1_000_000 : visits.length,
  });
  try {
    load.startVisits(false);
    const created = new Map<number, number>();
    for (const seed of visits) {
      let client = seed.client;
      if (!exists(db, client) || client > storedClients) {
        client = created.get(seed.client) ?? load.addClient(clientDraft(`New ${seed.client}`));
        created.set(seed.client, client);
      }
      const visit: PlannedVisit = {
        clientId: client,
        date: seed.date,
        amount: seed.amount,
        service: seed.service ?? null,
        note: null,
        extra: {},
      };
      load.addVisit(visit);
    }
    load.complete([], '');
    const n = visits.length;
    load.commit({
      counts: { rows_read: n, created: n, updated: 0, unchanged: 0, rejected: 0 },
      settings: {},
      fileSha256: '',
    });
  } catch (error) {
    load.abandon();
    throw error;
  }
}

/** The writes every summary must follow; each test adds the writes only its summary reads. */
export type VisitWrite =
  | { kind: 'visit'; client: number; date: string; amount: number; service?: string | null }
  | { kind: 'editVisit'; pick: number; client: number; date: string; amount: number }
  | { kind: 'deleteVisit'; pick: number }
  | { kind: 'merge'; keep: number; other: number }
  | { kind: 'journal'; bulk: boolean; visits: JournalSeed[] }
  | { kind: 'undo'; pick: number };

/** Makes `step` on `db`; a step that names no stored row does nothing. */
export function applyVisitWrite(db: Db, step: VisitWrite, storedClients: number): void {
  switch (step.kind) {
    case 'visit':
      if (exists(db, step.client))
        insertVisit(db, {
          client_id: step.client,
          date: step.date,
          amount: step.amount,
          service: step.service ?? null,
          note: null,
          extra: {},
        });
      return;
    case 'editVisit': {
      const id = pickId(db, 'visits', step.pick);
      if (id !== undefined && exists(db, step.client))
        updateVisit(db, id, { client_id: step.client, date: step.date, amount: step.amount });
      return;
    }
    case 'deleteVisit': {
      const id = pickId(db, 'visits', step.pick);
      if (id !== undefined) deleteVisit(db, id);
      return;
    }
    case 'merge':
      if (step.keep !== step.other && exists(db, step.keep) && exists(db, step.other))
        db.transaction(() => mergeClientInto(db, step.keep, step.other, {}))();
      return;
    case 'journal':
      loadJournal(db, step.visits, step.bulk, storedClients);
      return;
    case 'undo': {
      const id = pickId(db, 'import_batches', step.pick);
      if (id === undefined) return;
      try {
        undoBatch(db, id);
      } catch (error) {
        // Refused when later visits belong to clients the batch created: nothing changed then.
        if (!/cannot undo (batch|import) \d+:/.test((error as Error).message)) throw error;
      }
    }
  }
}

/**
 * Runs `steps` on a new database (after `setUp`), calling `check` after each: a summary kept by triggers must be true
 * after every write, not only at the end.
 */
export function checkAfterEachStep<Step>(
  steps: Step[],
  setUp: (db: Db) => void,
  apply: (db: Db, step: Step) => void,
  check: (db: Db) => void,
): void {
  const db = openDatabase(migratedDbPath());
  try {
    setUp(db);
    for (const step of steps) {
      apply(db, step);
      check(db);
    }
  } finally {
    db.close();
  }
}
