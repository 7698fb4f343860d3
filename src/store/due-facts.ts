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
