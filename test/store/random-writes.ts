/**
 * What the randomised tests of the store's summaries (paid visits, due facts) share: picking a stored row by a
 * random number, and loading a journal as `crm import visits` does.
 */
import type { PlannedVisit } from '../../src/domain/record-import.js';
import type { Db } from '../../src/store/db.js';
import { JournalLoad } from '../../src/store/journal-load.js';
import { clientDraft } from '../builders.js';

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
