/**
 * What `crm due` keeps per client (client_due_facts, migration 6): written by the report the first time it needs a
 * client (src/store/report-queries.ts, dueFacts), deleted by triggers on every write to the client's visits and
 * deals. Only a bulk writer, which trades the per-visit trigger for one pass at the end, needs this.
 */
import { type Db, statement } from './db.js';
import { dropTrigger } from './suspend.js';

/**
 * Drops the visits' insert trigger of client_due_facts for the rest of the open transaction (a bulk load of a
 * journal), and returns what forgets every client's row and puts the trigger back: such a load brings visits for most
 * clients, and a row costs nothing until `crm due` needs it.
 */
export function suspendDueFacts(db: Db): () => void {
  const restore = dropTrigger(db, 'visits_due_insert');
  return () => {
    statement(db, 'DELETE FROM client_due_facts').run();
    restore();
  };
}

/**
 * The connection that stored due facts for a read-only connection, closed only after it (closeDueWriter): the last
 * connection to close checkpoints the write-ahead log into the file. Closed first, the facts (a few MB after a bulk
 * load) stayed in the log, and every later command read through it: 10 ms more for each report, measured.
 */
export const dueWriters = new WeakMap<Db, Db>();

/** Closes the connection that stored due facts for `reader`, if one did: call it after closing `reader`. */
export function closeDueWriter(reader: Db): void {
  const writer = dueWriters.get(reader);
  if (!writer) return;
  dueWriters.delete(reader);
  writer.close();
}
