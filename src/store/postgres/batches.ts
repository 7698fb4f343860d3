/** Import batches and their undo on PostgreSQL (store/batches.ts on SQLite). */
import type { FileKind } from '../../domain/kinds.js';
import {
  type Batch,
  type BatchCounts,
  cannotUndoError,
  noBatchError,
  type RecordsOnClients,
  UndoBlockerSearch,
  type UndoneImport,
  type UndoResult,
} from '../batches.js';
import type { Connection } from './connection.js';
import { errorCode } from './errors.js';

export async function beginBatch(
  c: Connection,
  kind: FileKind,
  file: string,
  sha256: string,
  settings: unknown,
): Promise<number> {
  return c.atomic(() =>
    c.value<number>(
      // Numbered past every import there was, the undone ones too, as on SQLite, and by the writer holding the write
      // lock: the identity's sequence would keep a number an import that failed took, and the list would miss it.
      `INSERT INTO import_batches (id, kind, file, file_sha256, started_at, status, settings) VALUES (
         greatest(coalesce((SELECT max(id) FROM import_batches), 0), coalesce((SELECT max(id) FROM undone_imports), 0)) + 1,
         $1, $2, $3, $4, 'running', $5)
       RETURNING id`,
      [kind, file, sha256, new Date().toISOString(), JSON.stringify(settings)],
    ),
  );
}

/** Records the batch's outcome; with `source`, what it was read from (the settings applied, the file's hash) too. */
export async function finishBatch(
  c: Connection,
  id: number,
  counts: BatchCounts,
  source?: { settings: unknown; sha256: string },
): Promise<void> {
  await c.atomic(() =>
    c.run(
      `UPDATE import_batches SET status = 'done', finished_at = $1, rows_read = $2, created = $3, updated = $4,
         unchanged = $5, rejected = $6, settings = coalesce($7::json, settings), file_sha256 = coalesce($8, file_sha256)
       WHERE id = $9`,
      [
        new Date().toISOString(),
        counts.rows_read,
        counts.created,
        counts.updated,
        counts.unchanged,
        counts.rejected,
        source ? JSON.stringify(source.settings) : null,
        source?.sha256 ?? null,
        id,
      ],
    ),
  );
}

export function listBatches(c: Connection): Promise<Batch[]> {
  return c.rows<Batch>('SELECT * FROM import_batches ORDER BY id');
}

export function listUndoneImports(c: Connection): Promise<UndoneImport[]> {
  return c.rows<UndoneImport>('SELECT id, kind, file, undone_at FROM undone_imports ORDER BY id');
}

/** Tables whose rows carry the batch that created them, children before parents so deletes respect foreign keys. */
const CREATED_ROWS_ORDER = [
  'duplicate_candidates',
  'nps_answers',
  'deal_stages',
  'deals',
  'visits',
  'client_tags',
  'client_contacts',
  'tags',
  'clients',
] as const;

/** The tables batch_changes names, and the columns an undo may write back in each. */
const RESTORABLE: Record<string, readonly string[]> = {
  clients: ['name', 'name_key', 'source', 'birthday', 'note', 'extra'],
  deals: ['stage', 'reason', 'amount'],
};

/** The records on the clients batch `batch` created that are not its own, one per batch (or none) and client. */
function recordsOnClients(c: Connection, batch: number): Promise<RecordsOnClients[]> {
  return c.rows<RecordsOnClients>(
    `SELECT DISTINCT batch_id AS batch, client_id AS client FROM (
       SELECT batch_id, client_id FROM visits WHERE client_id IN (SELECT id FROM clients WHERE batch_id = $1)
       UNION ALL SELECT batch_id, client_id FROM deals WHERE client_id IN (SELECT id FROM clients WHERE batch_id = $1)
       UNION ALL SELECT batch_id, client_id FROM nps_answers WHERE client_id IN (SELECT id FROM clients WHERE batch_id = $1)
     ) AS records WHERE batch_id IS DISTINCT FROM $1`,
    [batch],
  );
}

/**
 * Removes what a batch created and restores what it changed, in one transaction holding the write lock. A column
 * edited again after the import keeps the later value. The batch record goes too.
 */
export async function undoBatch(c: Connection, id: number): Promise<UndoResult> {
  try {
    return await c.write(async () => {
      const batch = await c.row<Batch>('SELECT * FROM import_batches WHERE id = $1', [id]);
      if (!batch) throw noBatchError(id, await c.row('SELECT undone_at FROM undone_imports WHERE id = $1', [id]));
      const changes = await c.rows<{ table_name: string; row_id: number; before: string; after: string }>(
        'SELECT table_name, row_id, before, after FROM batch_changes WHERE batch_id = $1 ORDER BY id DESC',
        [id],
      );
      const keptLaterEdits: UndoResult['keptLaterEdits'] = [];
      let restored = 0;
      for (const change of changes) {
        const before = JSON.parse(change.before) as Record<string, unknown>;
        const after = JSON.parse(change.after) as Record<string, unknown>;
        const allowed = RESTORABLE[change.table_name] ?? [];
        const columns = Object.keys(after).filter((column) => allowed.includes(column));
        if (columns.length === 0) continue;
        const current = await c.row<Record<string, unknown>>(
          `SELECT ${columns.join(', ')} FROM ${change.table_name} WHERE id = $1`,
          [change.row_id],
        );
        if (!current) continue;
        const restorable = columns.filter((column) => current[column] === after[column]);
        for (const column of columns) {
          if (!restorable.includes(column))
            keptLaterEdits.push({ table: change.table_name, rowId: change.row_id, column });
        }
        if (restorable.length === 0) continue;
        await c.run(
          `UPDATE ${change.table_name} SET ${restorable.map((column, i) => `${column} = $${i + 1}`).join(', ')} WHERE id = $${restorable.length + 1}`,
          [...restorable.map((column) => before[column] as string | number | null), change.row_id],
        );
        restored++;
      }
      const buyers = (
        await c.rows<{ client_id: number }>(
          'SELECT DISTINCT client_id FROM visits WHERE batch_id = $1 AND amount > 0',
          [id],
        )
      ).map((row) => row.client_id);
      const days = (
        await c.rows<{ date: string }>('SELECT DISTINCT date FROM visits WHERE batch_id = $1 AND amount > 0', [id])
      ).map((row) => row.date);
      // The visits' summary triggers recount a client per deleted row: once per client (and day) after the deletes.
      await c.run("SET LOCAL crm.purchases_deferred = 'on'");
      const deleted: Record<string, number> = {};
      for (const table of CREATED_ROWS_ORDER) {
        const guard = table === 'tags' ? ' AND id NOT IN (SELECT tag_id FROM client_tags)' : '';
        deleted[table] = await c.run(`DELETE FROM ${table} WHERE batch_id = $1${guard}`, [id]);
      }
      await c.run("SET LOCAL crm.purchases_deferred = 'off'");
      await c.run('SELECT crm_purchase_dates_recompute(client) FROM unnest($1::bigint[]) AS client', [buyers]);
      await c.run('SELECT crm_paid_visits_recount($1::bigint[]), crm_paid_days_recount($2::text[])', [buyers, days]);
      await c.run('DELETE FROM batch_changes WHERE batch_id = $1', [id]);
      await c.run('DELETE FROM import_batches WHERE id = $1', [id]);
      await c.run(
        `INSERT INTO undone_imports (id, kind, file, undone_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, file = excluded.file, undone_at = excluded.undone_at`,
        [id, batch.kind, batch.file, new Date().toISOString()],
      );
      return { batch, deleted, restored, keptLaterEdits };
    });
  } catch (error) {
    if (errorCode(error) === '23503') {
      // Rolled back: what stands on the import's clients is read as it is, to be named.
      const search = new UndoBlockerSearch(id);
      for (let batch = search.next(); batch !== undefined; batch = search.next())
        search.found(batch, await recordsOnClients(c, batch));
      const ids = search.laterImports();
      const files = await c.rows<{ id: number; file: string }>(
        'SELECT id, file FROM import_batches WHERE id = ANY($1::bigint[])',
        [ids],
      );
      throw cannotUndoError(id, search.blockers(new Map(files.map((row) => [row.id, row.file]))));
    }
    throw c.problem(error);
  }
}
