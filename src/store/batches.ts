import type { FileKind } from '../domain/kinds.js';
import { StoreError } from '../errors.js';
import { dateDisplay, showDate } from '../i18n/dates.js';
import { m } from '../i18n/index.js';
import { type Db, statement } from './db.js';
import { suspendPaidVisitTrigger } from './paid-visits.js';
import { purchaseClientsOfBatch, recomputePurchaseDates, suspendPurchaseTrigger } from './purchases.js';

export interface BatchCounts {
  rows_read: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export interface Batch extends BatchCounts {
  id: number;
  kind: FileKind;
  file: string;
  file_sha256: string;
  started_at: string;
  finished_at: string | null;
  status: 'running' | 'done';
  settings: string;
}

/** An import undone: its number, kind and file, and when it was undone. */
export interface UndoneImport {
  id: number;
  kind: FileKind;
  file: string;
  undone_at: string;
}

export function beginBatch(db: Db, kind: FileKind, file: string, sha256: string, settings: unknown): number {
  return Number(
    statement(
      db,
      // Numbered past every import there was, the undone ones too: SQLite would give an undone last number again.
      `INSERT INTO import_batches (id, kind, file, file_sha256, started_at, status, settings) VALUES (
         max(coalesce((SELECT max(id) FROM import_batches), 0), coalesce((SELECT max(id) FROM undone_imports), 0)) + 1,
         ?, ?, ?, ?, 'running', ?)`,
    ).run(kind, file, sha256, new Date().toISOString(), JSON.stringify(settings)).lastInsertRowid,
  );
}

/** What a batch was read from, once the file is read: the settings applied (with what was detected) and its hash. */
export function recordBatchSource(db: Db, id: number, settings: unknown, sha256: string): void {
  statement(db, 'UPDATE import_batches SET settings = ?, file_sha256 = ? WHERE id = ?').run(
    JSON.stringify(settings),
    sha256,
    id,
  );
}

export function finishBatch(db: Db, id: number, counts: BatchCounts): void {
  statement(
    db,
    `UPDATE import_batches SET status = 'done', finished_at = ?, rows_read = ?, created = ?, updated = ?, unchanged = ?, rejected = ?
     WHERE id = ?`,
  ).run(
    new Date().toISOString(),
    counts.rows_read,
    counts.created,
    counts.updated,
    counts.unchanged,
    counts.rejected,
    id,
  );
}

export function listBatches(db: Db): Batch[] {
  return statement(db, 'SELECT * FROM import_batches ORDER BY id').all() as Batch[];
}

export function listUndoneImports(db: Db): UndoneImport[] {
  return statement(db, 'SELECT id, kind, file, undone_at FROM undone_imports ORDER BY id').all() as UndoneImport[];
}

/** There is no import `id`: said so, or when it was undone. */
export function noBatchError(id: number, undone: unknown): StoreError {
  const at = (undone as { undone_at?: string } | undefined)?.undone_at;
  return new StoreError(
    at
      ? m.store.batches.undoneAlready({ id, date: showDate(at.slice(0, 10), dateDisplay()) })
      : m.store.batches.noBatch({ id }),
  );
}

/** Records on the clients an import created that are not its own: by the import that added them (null: by hand). */
export interface RecordsOnClients {
  batch: number | null;
  client: number;
}

/** What keeps an import from being undone: the records others added to the clients it created. */
export interface UndoBlockers {
  /** The imports that added them, and those that added records to theirs in turn: newest first, the undo order. */
  imports: Array<{ id: number; file: string }>;
  /** The clients it created that a person added records to (a visit, a deal, an answer), by id. */
  byHand: number[];
}

/** The clients shown by id in a refused undo's message; the rest are counted. */
const SHOWN_CLIENTS = 5;

/**
 * The search for what keeps import `id` from being undone, read batch by batch by each engine (`next`, then `found`
 * with the records on that batch's clients): the imports whose records stand on its clients, and the imports standing
 * on theirs in turn, since each must be undone before the one it stands on.
 */
export class UndoBlockerSearch {
  private readonly later = new Set<number>();
  private readonly byHand = new Set<number>();
  private readonly queue: number[];

  constructor(readonly id: number) {
    this.queue = [id];
  }

  /** The next batch whose clients' records are to be read, or undefined when the search is over. */
  next(): number | undefined {
    return this.queue.shift();
  }

  found(batch: number, records: readonly RecordsOnClients[]): void {
    for (const record of records) {
      if (record.batch === null) {
        if (batch === this.id) this.byHand.add(record.client);
      } else if (record.batch !== this.id && !this.later.has(record.batch)) {
        this.later.add(record.batch);
        this.queue.push(record.batch);
      }
    }
  }

  /** The later imports, newest first. */
  laterImports(): number[] {
    return [...this.later].sort((a, b) => b - a);
  }

  /** What was found, the later imports named by their files (`files`, by id). */
  blockers(files: ReadonlyMap<number, string>): UndoBlockers {
    return {
      imports: this.laterImports().map((later) => ({ id: later, file: files.get(later) ?? '' })),
      byHand: [...this.byHand].sort((a, b) => a - b),
    };
  }
}

/** A file as a message names it: its name, without the folders (`crm import list` names it so too). */
function fileName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1) || path;
}

/** An undo refused: which later imports to undo first, in which order, and the clients given records by hand. */
export function cannotUndoError(id: number, blockers: UndoBlockers): StoreError {
  const words = m.store.batches;
  const { imports, byHand } = blockers;
  if (imports.length === 0 && byHand.length === 0) return new StoreError(words.cannotUndo({ id }));
  const reasons: string[] = [];
  if (imports.length > 0) {
    reasons.push(
      words.laterImports({
        imports: imports.map((later) => words.laterImport({ id: later.id, file: fileName(later.file) })).join(', '),
        steps: [...imports.map((later) => later.id), id]
          .map((step) => words.undoStep({ id: step }))
          .join(words.stepsBetween),
      }),
    );
  }
  if (byHand.length > 0) {
    const shown = byHand.slice(0, SHOWN_CLIENTS).map((client) => `#${client}`);
    if (byHand.length > SHOWN_CLIENTS)
      shown.push(words.moreClients({ clients: m.counts.clients(byHand.length - SHOWN_CLIENTS) }));
    reasons.push(words.byHand({ clients: shown.join(', ') }));
  }
  return new StoreError(words.cannotUndoBecause({ id, reasons: reasons.join('; ') }));
}

/** The records on the clients batch `batch` created that are not its own, one per batch (or none) and client. */
function recordsOnClients(db: Db, batch: number): RecordsOnClients[] {
  return statement(
    db,
    `SELECT DISTINCT batch_id AS batch, client_id AS client FROM (
       SELECT batch_id, client_id FROM visits WHERE client_id IN (SELECT id FROM clients WHERE batch_id = @batch)
       UNION ALL SELECT batch_id, client_id FROM deals WHERE client_id IN (SELECT id FROM clients WHERE batch_id = @batch)
       UNION ALL SELECT batch_id, client_id FROM nps_answers WHERE client_id IN (SELECT id FROM clients WHERE batch_id = @batch)
     ) WHERE batch_id IS NOT @batch`,
  ).all({ batch }) as RecordsOnClients[];
}

function batchFiles(db: Db, ids: number[]): Map<number, string> {
  const get = statement(db, 'SELECT file FROM import_batches WHERE id = ?');
  return new Map(ids.map((id) => [id, (get.get(id) as { file: string } | undefined)?.file ?? '']));
}

export function getBatch(db: Db, id: number): Batch | undefined {
  return statement(db, 'SELECT * FROM import_batches WHERE id = ?').get(id) as Batch | undefined;
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

export interface UndoResult {
  batch: Batch;
  deleted: Record<string, number>;
  restored: number;
  /** Columns not put back because something after the import changed them again. */
  keptLaterEdits: Array<{ table: string; rowId: number; column: string }>;
}

function isForeignKeyError(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && 'code' in error && error.code === 'SQLITE_CONSTRAINT_FOREIGNKEY'
  );
}

/**
 * Removes what a batch created and restores what it changed, in one transaction. A column edited again after the
 * import keeps the later value (undo must not destroy work done since). The batch record itself goes too, so the
 * database is as it was before the import.
 */
export function undoBatch(db: Db, id: number): UndoResult {
  const run = db.transaction((): UndoResult => {
    // Read holding the write lock: an undo run twice at once undoes once, and the second says there is no batch.
    const batch = getBatch(db, id);
    if (!batch) throw noBatchError(id, statement(db, 'SELECT undone_at FROM undone_imports WHERE id = ?').get(id));
    const changes = statement(
      db,
      'SELECT table_name, row_id, before, after FROM batch_changes WHERE batch_id = ? ORDER BY id DESC',
    ).all(id) as Array<{ table_name: string; row_id: number; before: string; after: string }>;
    const keptLaterEdits: UndoResult['keptLaterEdits'] = [];
    let restored = 0;
    for (const change of changes) {
      const before = JSON.parse(change.before) as Record<string, unknown>;
      const after = JSON.parse(change.after) as Record<string, unknown>;
      const columns = Object.keys(after);
      const current = statement(db, `SELECT ${columns.join(', ')} FROM ${change.table_name} WHERE id = ?`).get(
        change.row_id,
      ) as Record<string, unknown> | undefined;
      if (!current) continue;
      const restorable = columns.filter((column) => current[column] === after[column]);
      for (const column of columns) {
        if (!restorable.includes(column))
          keptLaterEdits.push({ table: change.table_name, rowId: change.row_id, column });
      }
      if (restorable.length === 0) continue;
      statement(db, `UPDATE ${change.table_name} SET ${restorable.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`).run(
        ...restorable.map((c) => before[c] as string | number | null),
        change.row_id,
      );
      restored++;
    }
    const deleted: Record<string, number> = {};
    const buyers = purchaseClientsOfBatch(db, id);
    const restoreTrigger = suspendPurchaseTrigger(db, 'visits_purchase_delete');
    const countPaidVisits = suspendPaidVisitTrigger(db, 'visits_paid_delete');
    for (const table of CREATED_ROWS_ORDER) {
      const guard = table === 'tags' ? ' AND id NOT IN (SELECT tag_id FROM client_tags)' : '';
      deleted[table] = statement(db, `DELETE FROM ${table} WHERE batch_id = ?${guard}`).run(id).changes;
    }
    restoreTrigger();
    recomputePurchaseDates(db, buyers);
    countPaidVisits(buyers);
    statement(db, 'DELETE FROM batch_changes WHERE batch_id = ?').run(id);
    statement(db, 'DELETE FROM import_batches WHERE id = ?').run(id);
    statement(db, 'INSERT OR REPLACE INTO undone_imports (id, kind, file, undone_at) VALUES (?, ?, ?, ?)').run(
      id,
      batch.kind,
      batch.file,
      new Date().toISOString(),
    );
    return { batch, deleted, restored, keptLaterEdits };
  });
  try {
    return run.immediate();
  } catch (error) {
    if (isForeignKeyError(error)) {
      // Rolled back: what stands on the import's clients is read as it is, to be named.
      const search = new UndoBlockerSearch(id);
      for (let batch = search.next(); batch !== undefined; batch = search.next())
        search.found(batch, recordsOnClients(db, batch));
      throw cannotUndoError(id, search.blockers(batchFiles(db, search.laterImports())));
    }
    throw error;
  }
}
