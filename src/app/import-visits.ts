import { resolve } from 'node:path';
import {
  type Detected,
  detectedInEnglish,
  isWorkbookFormat,
  type RowProblem,
  type TypedRow,
  type WorkbookFormat,
} from '../domain/input.js';
import { SAME_NAME_START } from '../domain/matching.js';
import { NumberBook } from '../domain/phone.js';
import { PlanLog, RowClients, refs, VisitPlanner } from '../domain/record-import.js';
import { NO_CLIENT, sayNote, sayNotes } from '../domain/row-notes.js';
import { InputError, NothingToImport } from '../errors.js';
import { m } from '../i18n/index.js';
import {
  detectFormat,
  FORMAT_SNIFF_BYTES,
  type ReadRowsOptions,
  type RowBatch,
  type RowsRead,
  readRows,
} from '../importers/read-rows.js';
import type { JournalWriter, Store } from '../store/store.js';
import { readingContextIn, regionIn, today } from './context.js';
import {
  allRejectedError,
  checkRejectsPath,
  checkSheetOption,
  type ImportOptions,
  type RecordImportReport,
  type Rejected,
  readInputHead,
  resolveSettings,
  statInputFile,
} from './import-common.js';
import { clientsInRegion, learnedOf, type RegionLearned, writeRegion } from './region.js';
import { type RejectedRow, rejectsFileFor } from './rejects-file.js';

/** Rows an import keeps to show; the counts cover every row. */
const SHOWN_ROWS = 10_000;
/** Rough bytes per journal row, to judge from the file size whether an import dwarfs the stored visits. */
const BYTES_PER_ROW = 100;

export interface Progress {
  bytes: number;
  total: number;
  rows: number;
}

/** How the journal's rows are read: streamed from its file by default (readRows). */
export type VisitsReader = (options: ReadRowsOptions<'visits'>) => Promise<RowsRead<TypedRow>>;

/**
 * The journal's workbook format, told from its first bytes; undefined for a text file, or one the user said to read
 * as CSV.
 */
function workbookFormat(file: string, forced: string | undefined): WorkbookFormat | undefined {
  if (forced) return undefined;
  try {
    const format = detectFormat({ name: file, bytes: readInputHead(file, FORMAT_SNIFF_BYTES) });
    return isWorkbookFormat(format) ? format : undefined;
  } catch (error) {
    throw error instanceof InputError && !error.message.startsWith(file)
      ? new InputError(`${file}: ${error.message}`)
      : error;
  }
}

/** A rejected row of the journal as its rejects file says it: the reason in words, the row's cells as read. */
function asRejected(problem: RowProblem): RejectedRow {
  return { line: problem.line, field: problem.field, reason: sayNote(problem.reason), cells: problem.cells };
}

/**
 * Plans one batch, rows and problems in file order, and returns the rows it rejected, in file order: those the
 * reader could not read and those without a client to match.
 */
function planBatch(planner: VisitPlanner, { rows, problems }: RowBatch<TypedRow>): RowProblem[] {
  const rejected: RowProblem[] = [];
  const counts = planner.log.counts;
  let p = 0;
  for (const row of rows) {
    while (p < problems.length && problems[p]!.line < row.line) {
      planner.reject(problems[p]!);
      rejected.push(problems[p++]!);
    }
    const before = counts.rejected;
    planner.add(row);
    if (counts.rejected > before) rejected.push({ line: row.line, reason: NO_CLIENT, cells: row.cells });
  }
  for (; p < problems.length; p++) {
    planner.reject(problems[p]!);
    rejected.push(problems[p]!);
  }
  return rejected;
}

/**
 * `crm import visits`: plans the journal's batches as readRows hands them over (a CSV journal streamed, never read
 * whole), matches each row's client, skips rows imported before, and writes everything in one transaction: a crash
 * or an error leaves none of the batch, and other processes see the journal before or after, never half of it.
 */
export async function importVisits(
  store: Store,
  options: ImportOptions,
  onProgress?: (progress: Progress) => void,
  reader: VisitsReader = (reading) => readRows({ name: options.file }, reading),
): Promise<RecordImportReport> {
  const started = performance.now();
  const databasePath = store.path;
  checkRejectsPath(databasePath, options);
  const settings = await resolveSettings(store, 'visits', options);
  const size = statInputFile(options.file);
  const workbook = workbookFormat(options.file, settings.format);
  // A workbook is read whole, here: the thread started for a CSV journal has nothing to read.
  if (workbook) void options.readingThread?.stop();
  else checkSheetOption(options, { format: settings.format ?? 'csv' });
  const dryRun = options.dryRun ?? false;
  const rejects = rejectsFileFor(databasePath, options);

  // The region as the database holds it now (or the locale's): the load reads it again holding the lock.
  const guessedRegion = await regionIn(store);
  const context = await readingContextIn(store);
  // The file's first rows are read (in the reading thread, where there is one) while the load opens.
  let opening = reader({
    kind: 'visits',
    settings,
    context,
    region: guessedRegion,
    thread: options.readingThread,
  });
  // Awaited below, once the load is open; failing before that is not an unhandled rejection.
  opening.catch(() => {});
  let load: JournalWriter;
  try {
    // Opened before anything is matched: it holds the write lock from here to its commit or rollback.
    load = await store.imports.loadJournal({
      dryRun,
      file: resolve(options.file),
      settings,
      expectedRows: size / BYTES_PER_ROW,
    });
  } catch (error) {
    opening.then(
      (read) => read.close(),
      () => {},
    );
    throw error;
  }
  // The first write decides a database's region: another import may have stored one since it was guessed. Then the
  // file is read again, its phones numbered in that region (rare: two imports under two locales at once).
  const region = writeRegion(load.storedRegion);
  if (region.region !== guessedRegion) {
    const stale = opening;
    stale.then(
      (read) => read.close(),
      () => {},
    );
    void options.readingThread?.stop();
    opening = reader({ kind: 'visits', settings, context, region: region.region });
    opening.catch(() => {});
  }
  // Phones kept as written while the database had no region are matched as the region it learns now reads them.
  const inRegion = clientsInRegion(load.clients, region);
  let regionLearned: RegionLearned | undefined;
  let batchId = load.batchId;
  const createdIds = new Map<number, number>();
  // A dry run remembers what it would create (to name it); a written import reads names back from the database.
  const create = dryRun ? refs() : load.addClient;
  // A streamed journal's phones are numbered where it is read: rows are matched by those ids, their texts learnt
  // here; the book numbers the phones of rows that come without ids itself.
  const numbers = new NumberBook(region.region);
  const clients = new RowClients(inRegion.clients, region.region, today(), create, dryRun, numbers, load.aliases);
  const log = new PlanLog(dryRun, SHOWN_ROWS);
  const planner = new VisitPlanner(clients, log, load.storedCount, load.addVisit, load.storedOnDay);

  let fileHash = '';
  let detected: Detected | undefined;
  /** Every row refused: the first of them, and the rejects file that lists them all. */
  let refused: { first: Rejected | undefined; rejectsFile: string | null } | undefined;
  try {
    const read = await opening;
    detected = read.detected;
    rejects.layOut(read);
    if (workbook) checkSheetOption(options, read.detected);
    let started = false;
    for await (const batch of read.batches) {
      if (batch.numbers) numbers.learn(batch.numbers.firstNumber, batch.numbers.numbers);
      // The writer lays out its statements once, before the first visit.
      if (!started) {
        load.startVisits(read.keepsExtra);
        started = true;
      }
      const rejected = planBatch(planner, batch);
      if (rejected.length > 0) rejects.write(rejected.map(asRejected));
      await load.ready();
      onProgress?.({ bytes: batch.bytesRead ?? read.size, total: read.size, rows: log.counts.read });
    }
    fileHash = read.sha256();
    if (log.counts.read === 0)
      throw new NothingToImport(m.errors.import.nothingToImport({ file: options.file, kind: 'visits' }));
    if (log.counts.rejected === log.counts.read) {
      // Nothing to write. Every row went to the rejects file as it was read: kept, for the owner to fix them all.
      await load.abandon();
      batchId = null;
      const first = log.rows.find((r) => r.action === 'reject');
      refused = {
        first: first && { line: first.line, field: first.field, reason: sayNotes(first.details) },
        rejectsFile: rejects.close(true),
      };
    } else if (!dryRun) {
      await load.complete(clients.possibleDuplicates, SAME_NAME_START);
      if (log.counts.created === 0 && clients.createdCount === 0) {
        // Nothing new: no batch either, so that importing the same journal again leaves the database as it was.
        await load.abandon();
        batchId = null;
        if (options.saveProfile) await store.imports.saveProfile(options.saveProfile, 'visits', settings);
      } else {
        if (options.saveProfile) await store.imports.saveProfile(options.saveProfile, 'visits', settings);
        if (region.learns) {
          await load.rememberRegion(region.learns.region, inRegion.phones, inRegion.pairs);
          regionLearned = learnedOf(region.learns, inRegion);
        }
        await load.commit(
          {
            settings: { ...settings, detected: detectedInEnglish(detected) },
            fileSha256: fileHash,
            counts: {
              rows_read: log.counts.read,
              created: log.counts.created,
              updated: log.counts.updated,
              unchanged: log.counts.duplicate,
              rejected: log.counts.rejected,
            },
          },
          () => rejects.finish(),
        );
      }
    }
  } catch (error) {
    await load.abandon();
    rejects.close(false);
    throw error;
  }
  const shownIds = new Set<number>();
  for (const row of log.rows) if (row.clientId !== null) shownIds.add(row.clientId);
  const storedNames = await store.clients.names([...shownIds].filter((id) => id > 0));
  const clientNames = new Map<number, string>();
  for (const id of shownIds) {
    const name = clients.createdNames.get(id) ?? storedNames.get(id);
    if (name !== undefined) clientNames.set(id, name);
    if (id > 0) createdIds.set(id, id);
  }
  log.rows.sort((a, b) => a.line - b.line);
  log.counts.new_clients = clients.createdCount;
  const report: RecordImportReport = {
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
      ...(planner.sameDayVisits > 0 ? { sameDayVisits: planner.sameDayVisits } : {}),
    },
    clientNames,
    createdClientIds: createdIds,
    batchId,
    rejectsFile: refused ? refused.rejectsFile : rejects.close(true),
    dryRun,
    omittedRows: log.omitted,
    seconds: (performance.now() - started) / 1000,
    ...(regionLearned ? { regionLearned } : {}),
  };
  if (refused) {
    throw allRejectedError(options.file, log.counts.read, refused.first, detected!, refused.rejectsFile, report);
  }
  return report;
}
