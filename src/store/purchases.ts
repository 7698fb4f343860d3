/**
 * The per-client purchase summary (client_purchases: first and second purchase dates), kept by triggers defined in
 * migration 2. Writers never compute it; these functions only let a bulk writer trade a per-row trigger for one
 * merge or one recount per client at the end of its transaction (a trigger costs ~20 µs a row: 20 s for a
 * million rows).
 */
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
export function addPurchaseDates(db: Db, entries: Iterable<[number, string, string | null]>, bulk = false): void {
  const rebuildIndexes = bulk ? dropIndexesOf(db, ['client_purchases']) : undefined;
  const add = statement(db, 'INSERT INTO purchase_dates_added (client_id, first, second) VALUES (?, ?, ?)');
  for (const [clientId, first, second] of entries) add.run(clientId, first, second);
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
