/**
 * The per-client purchase summary (client_purchases: first and second purchase dates), kept by triggers defined in
 * migration 2. Writers never compute it; these functions only let a bulk writer trade a per-row trigger for one
 * merge or one recount per client at the end of its transaction (a trigger costs ~20 µs a row: 20 s for a
 * million rows).
 */
import { BulkInsert } from './bulk-insert.js';
import { type Db, statement } from './db.js';
import { dropIndexesOf, dropTrigger } from './suspend.js';

export type PurchaseTrigger = 'visits_purchase_insert' | 'visits_purchase_delete';

/** Drops a summary trigger for the rest of the open transaction and returns what puts it back. */
export function suspendPurchaseTrigger(db: Db, trigger: PurchaseTrigger): () => void {
  return dropTrigger(db, trigger);
}

/**
 * Merges purchase dates (client id, first, second or null) into the summary: what the insert trigger does per row.
 * With `bulk` (tens of thousands of clients) the summary's indexes are dropped for the merge and built again after
 * it, inside the caller's transaction: sorting the entries once costs half of inserting them one by one into two
 * indexes (100,000 clients: 0.4 s against 0.8 s).
 */
export function addPurchaseDates(
  db: Db,
  entries: Iterable<[number, string, string | null]>,
  { bulk = false, firstNewClient = Number.POSITIVE_INFINITY }: { bulk?: boolean; firstNewClient?: number } = {},
): void {
  const rebuildIndexes = bulk ? dropIndexesOf(db, ['client_purchases']) : undefined;
  const merge = statement(db, 'INSERT INTO purchase_dates_added (client_id, first, second) VALUES (?, ?, ?)');
  // A client created in this transaction has no summary row yet, so its dates are the row: no merge to run (the
  // merge trigger was two thirds of this step for a journal of 100,000 new clients). Were one there after all, the
  // insert would fail on the key and the import roll back, never lose dates.
  const fresh = new BulkInsert(db, 'client_purchases', ['client_id', 'first', 'second']);
  for (const [clientId, first, second] of entries) {
    if (clientId >= firstNewClient) {
      fresh.values.push(clientId, first, second);
      fresh.queued();
    } else merge.run(clientId, first, second);
  }
  fresh.flush();
  rebuildIndexes?.();
}

/** Reads the given clients' first two purchases again: what the delete trigger does per row. */
export function recomputePurchaseDates(db: Db, clientIds: number[]): void {
  statement(db, 'INSERT INTO purchase_dates_recomputed (client_id) SELECT value FROM json_each(?)').run(
    JSON.stringify(clientIds),
  );
}

/** Clients with a paid visit in an import batch: those whose summary an undo of the batch changes. */
export function purchaseClientsOfBatch(db: Db, batchId: number): number[] {
  return statement(db, 'SELECT DISTINCT client_id FROM visits WHERE batch_id = ? AND amount > 0')
    .pluck()
    .all(batchId) as number[];
}
