import { resolve } from 'node:path';
import type { ClientDraft } from '../domain/client.js';
import type { Detected, RowProblem } from '../domain/input.js';
import { SAME_NAME_START } from '../domain/matching.js';
import { NumberBook } from '../domain/phone.js';
import { PlanLog, type PlannedVisit, RowClients, refs, VisitPlanner } from '../domain/record-import.js';
import { InputError } from '../errors.js';
import { csvText } from '../exporters/csv-text.js';
import { streamCsvFile } from '../importers/csv-stream.js';
import { isProblem, RowTyper } from '../importers/record-file.js';
import { beginBatch, finishBatch } from '../store/batches.js';
import {
  ClientInserts,
  clientNamesById,
  loadClients,
  loadNameAliases,
  recordDuplicateCandidate,
} from '../store/clients.js';
import { type Db, statement } from '../store/db.js';
import { saveProfile } from '../store/profiles.js';
import { addPurchaseDates, suspendPurchaseTrigger } from '../store/purchases.js';
import { dropIndexesOf } from '../store/suspend.js';
import { storedVisitCounter, VisitInserts, visitContentCounts, visitKey } from '../store/visits.js';
import { readingContextOf, regionOf, today } from './context.js';
import { keepHeapSmall } from './heap.js';
import {
  allRejectedError,
  checkRejectsPath,
  type ImportOptions,
  type RecordImportReport,
  rejectsPath,
  resolveSettings,
  statInputFile,
} from './import-common.js';
import { OutputFile } from './output-files.js';

/** Rows an import keeps to show; the counts cover every row. */
const SHOWN_ROWS = 10_000;
/** Rough bytes per journal row, to judge from the file size whether an import dwarfs the stored visits. */
const BYTES_PER_ROW = 100;

/** Stored clients up to which indexing them again costs less than a big journal's new clients cost the indexes. */
const MAX_CLIENTS_TO_REINDEX = 300_000;

export interface Progress {
  bytes: number;
  total: number;
  rows: number;
}

/**
 * Appends rejected rows to the rejects file as they come, so that a file of bad rows never sits in memory. They go
 * to a private temporary file beside it, renamed into place when the import has succeeded.
 */
class RejectsWriter {
  private file: OutputFile | undefined;
  count = 0;

  constructor(readonly path: string | null) {}

  write(problems: RowProblem[]): void {
    if (!this.path || problems.length === 0) return;
    if (this.file === undefined) {
      this.file = new OutputFile(this.path);
      this.file.write(csvText([['line', 'field', 'reason']]));
    }
    this.file.write(csvText(problems.map((p) => [p.line, p.field ?? '', p.reason])));
    this.count += problems.length;
  }

  /** The written file put in place, before the import commits: a disk too full for it stops the import. */
  finish(): void {
    this.file?.close();
  }

  close(keep: boolean): string | null {
    if (!this.file || !this.path) return null;
    if (!keep) {
      this.file.discard();
      return null;
    }
    return this.file.commit();
  }
}

/**
 * How rows already imported are recognised: nothing to look up in an empty table; an index lookup per row when the
 * table is large; a map of the stored visits when the import drops the indexes (they are rebuilt at the end).
 */
function storedCounter(db: Db, existingVisits: number, indexesDropped: boolean, batchId: number | null) {
  if (existingVisits === 0) return () => 0;
  if (indexesDropped) {
    const counts = visitContentCounts(db);
    return (client: number, date: string, amount: number, service: string | null) =>
      counts.get(visitKey(client, date, amount, service)) ?? 0;
  }
  return storedVisitCounter(db, batchId);
}

/**
 * `crm import visits`: streams the journal (never read whole), matches each row's client, skips rows imported
 * before, and writes everything in one transaction: a crash or an error leaves none of the batch, and other
 * processes see the journal before or after, never half of it.
 */
export async function importVisits(
  db: Db,
  databasePath: string,
  options: ImportOptions,
  onProgress?: (progress: Progress) => void,
): Promise<RecordImportReport> {
  const started = performance.now();
  keepHeapSmall();
  checkRejectsPath(databasePath, options);
  const settings = resolveSettings(db, 'visits', options);
  const size = statInputFile(options.file);
  const dryRun = options.dryRun ?? false;
  const rejects = new RejectsWriter(dryRun ? null : rejectsPath(databasePath, options));

  let batchId: number | null = null;
  let writing = false;
  if (!dryRun) {
    // Every client id written comes from the clients loaded or inserted in this transaction, and the batch id from
    // beginBatch: SQLite's per-row reference checks (a third of the insert cost) would only repeat that.
    db.pragma('foreign_keys = OFF');
    // The write lock comes before the stored clients are read: another import beside this one runs before or
    // after it, never matching against the same reading (which made every shared client twice).
    db.exec('BEGIN IMMEDIATE');
    writing = true;
  }
  const existing = loadClients(db);
  const aliases = loadNameAliases(db);
  const existingVisits = (statement(db, 'SELECT count(*) AS n FROM visits').get() as { n: number }).n;
  const dropIndexes = !dryRun && size / BYTES_PER_ROW > Math.max(50_000, existingVisits) && existingVisits <= 300_000;
  let restorePurchaseTrigger = () => {};
  let rebuildVisitIndexes: (() => void) | undefined;
  let rebuildClientIndexes: (() => void) | undefined;
  if (!dryRun) {
    batchId = beginBatch(db, 'visits', resolve(options.file), '', settings);
    restorePurchaseTrigger = suspendPurchaseTrigger(db, 'visits_purchase_insert');
    if (dropIndexes) {
      rebuildVisitIndexes = dropIndexesOf(db, ['visits']);
      // A journal this big brings clients by the thousand (a tenth of its rows, measured); few are stored yet.
      if (existing.length <= MAX_CLIENTS_TO_REINDEX)
        rebuildClientIndexes = dropIndexesOf(db, ['clients', 'client_contacts']);
      // Appending rows and sorting them into new indexes gain nothing from a big page cache (measured on a million
      // rows: same time with 4 MB as with the default 16 MB, 26 MB less peak memory).
      db.pragma('cache_size = -4000');
    }
  }
  const createdIds = new Map<number, number>();
  const newClients = dryRun ? undefined : new ClientInserts(db, batchId);
  const create = newClients ? (draft: ClientDraft) => newClients.add(draft) : refs();
  // A dry run remembers what it would create (to name it); a written import reads names back from the database.
  const region = regionOf(db);
  const reading = readingContextOf(db);
  // The CSV worker numbers the rows' phones (csv-stream's numberingPhones); these are the numbers' E.164 texts.
  const numbers = new NumberBook();
  const clients = new RowClients(existing, region, today(), create, dryRun, numbers, aliases);
  const log = new PlanLog(dryRun, SHOWN_ROWS);
  // Made with the typer, once the header tells whether the rows have extra columns.
  let inserts: VisitInserts | undefined;
  const write = (visit: PlannedVisit) => inserts?.add(visit);
  const planner = new VisitPlanner(clients, log, storedCounter(db, existingVisits, dropIndexes, batchId), write);

  let fileHash = '';
  let typer: RowTyper | undefined;
  let headers: string[] = [];
  let detected: Detected | undefined;
  // Each date and amount column's style is settled from the sample; the header tells whether rows have extra columns.
  const settleTyper = (sample: string[][]) => {
    const settled = new RowTyper('visits', headers, settings, sample, reading);
    if (!dryRun) inserts = new VisitInserts(db, batchId, settled.keepsExtra);
    return settled;
  };
  try {
    const sniffed = await streamCsvFile(
      options.file,
      {
        encoding: settings.encoding,
        delimiter: settings.delimiter,
        numbering: { kind: 'visits', settings, region },
        thread: options.readingThread,
      },
      {
        head(_detected, header) {
          headers = header;
        },
        end(sha256) {
          fileHash = sha256;
        },
        numbers(firstNumber, texts) {
          numbers.learn(firstNumber, texts);
        },
        sample(cells) {
          typer = settleTyper(cells);
        },
        batch(rows, problems, bytes, total) {
          // Without a sample before it, the first batch is the sample.
          typer ??= settleTyper(rows.map((r) => r.cells));
          const rejected = [...problems];
          for (const problem of problems) planner.reject(problem);
          for (const { line, cells, phoneIds } of rows) {
            const typed = typer.type(line, cells);
            if (isProblem(typed)) {
              planner.reject(typed);
              rejected.push(typed);
            } else {
              // A cell listing two phones was numbered as one spelling: its row's phones are numbered here instead.
              if (phoneIds && phoneIds.length === typed.phones.length) typed.phoneIds = phoneIds;
              const before = log.counts.rejected;
              planner.add(typed);
              if (log.counts.rejected > before) rejected.push({ line, reason: 'no client name, phone or e-mail' });
            }
          }
          rejects.write(rejected.sort((a, b) => a.line - b.line));
          onProgress?.({ bytes, total, rows: log.counts.read });
        },
      },
    );
    if (!typer) {
      typer = new RowTyper('visits', headers, settings, [], reading);
      if (log.counts.read === 0) throw new InputError('no visits rows found (only a header)');
    }
    detected = typer.describe(sniffed);
    if (log.counts.rejected === log.counts.read) {
      const first = log.rows.find((r) => r.action === 'reject');
      throw allRejectedError(
        options.file,
        log.counts.read,
        first && { line: first.line, field: first.field, reason: first.details.join('; ') },
      );
    }
    if (writing) {
      inserts?.flush();
      newClients?.flush();
      // The file has been read and its worker has ended: the sorts that build the indexes may take a second core
      // (measured on a million visits: 2.0-2.5 s -> 1.7-1.8 s).
      if (dropIndexes) db.pragma('threads = 2');
      rebuildVisitIndexes?.();
      rebuildClientIndexes?.();
      for (const { clientId, others } of clients.possibleDuplicates) {
        for (const other of others) recordDuplicateCandidate(db, clientId, other, SAME_NAME_START, batchId);
      }
      addPurchaseDates(db, inserts?.purchases.entries() ?? [], {
        bulk: dropIndexes,
        firstNewClient: newClients?.firstId,
      });
      restorePurchaseTrigger();
      if (log.counts.created === 0 && clients.createdCount === 0) {
        // Nothing new: no batch either, so that importing the same journal again leaves the database as it was.
        db.exec('ROLLBACK');
        writing = false;
        batchId = null;
        if (options.saveProfile) saveProfile(db, options.saveProfile, 'visits', settings);
      } else {
        if (options.saveProfile) saveProfile(db, options.saveProfile, 'visits', settings);
        statement(db, 'UPDATE import_batches SET settings = ?, file_sha256 = ? WHERE id = ?').run(
          JSON.stringify({ ...settings, detected }),
          fileHash,
          batchId,
        );
        finishBatch(db, batchId!, {
          rows_read: log.counts.read,
          created: log.counts.created,
          updated: log.counts.updated,
          unchanged: log.counts.duplicate,
          rejected: log.counts.rejected,
        });
        rejects.finish();
        db.exec('COMMIT');
        writing = false;
      }
    }
  } catch (error) {
    // SQLite has rolled back already after some failures (a full disk, SQLITE_FULL): a ROLLBACK then would fail
    // with "no transaction is active" and hide the cause.
    if (writing && db.inTransaction) db.exec('ROLLBACK');
    rejects.close(false);
    if (error instanceof InputError && !error.message.startsWith(options.file))
      throw new InputError(`${options.file}: ${error.message}`);
    throw error;
  } finally {
    if (!dryRun) db.pragma('foreign_keys = ON');
  }
  const shownIds = new Set<number>();
  for (const row of log.rows) if (row.clientId !== null) shownIds.add(row.clientId);
  const storedNames = clientNamesById(
    db,
    [...shownIds].filter((id) => id > 0),
  );
  const clientNames = new Map<number, string>();
  for (const id of shownIds) {
    const name = clients.createdNames.get(id) ?? storedNames.get(id);
    if (name !== undefined) clientNames.set(id, name);
    if (id > 0) createdIds.set(id, id);
  }
  log.rows.sort((a, b) => a.line - b.line);
  log.counts.new_clients = clients.createdCount;
  return {
    kind: 'visits',
    file: options.file,
    detected,
    plan: {
      rows: log.rows,
      newClients: new Map(),
      possibleDuplicates: clients.possibleDuplicates,
      inserts: [],
      moves: [],
      counts: log.counts,
    },
    clientNames,
    createdClientIds: createdIds,
    batchId,
    rejectsFile: rejects.close(true),
    dryRun,
    omittedRows: log.omitted,
    seconds: (performance.now() - started) / 1000,
  };
}
