/**
 * The paid-visit summaries (paid_visits_by_client, paid_visits_by_day), kept by triggers defined in migration 4.
 * Writers never compute them; these functions only let a bulk writer trade the per-visit trigger for one count at
 * the end of its transaction: a journal of a million visits, or the undo of one.
 */
import { type Db, statement } from './db.js';
import { dropTrigger } from './suspend.js';

export type PaidVisitTrigger = 'visits_paid_insert' | 'visits_paid_delete';

/**
 * Drops a summary trigger for the rest of the open transaction and returns what counts the summaries again and puts
 * the trigger back: `clients` (the clients whose paid visits the writer added or removed) are counted again one by
 * one, or every client when 'all' (cheaper once they are most of them: one pass over visits(client_id, date,
 * amount)). The days are always counted again whole: one pass over visits(date), a few thousand rows written.
 */
export function suspendPaidVisitTrigger(db: Db, trigger: PaidVisitTrigger): (clients: number[] | 'all') => void {
  const restore = dropTrigger(db, trigger);
  return (clients) => {
    if (clients === 'all') statement(db, 'INSERT INTO paid_visits_by_client_rebuilt VALUES (1)').run();
    else
      statement(db, 'INSERT INTO paid_visits_recounted (client_id) SELECT value FROM json_each(?)').run(
        JSON.stringify(clients),
      );
    statement(db, 'INSERT INTO paid_visits_by_day_rebuilt VALUES (1)').run();
    restore();
  };
}
