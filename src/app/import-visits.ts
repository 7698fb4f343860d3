import { resolve } from 'node:path';
import {
  type Detected,
  isWorkbookFormat,
  type RowProblem,
  type TypedRow,
  type WorkbookFormat,
} from '../domain/input.js';
import { SAME_NAME_START } from '../domain/matching.js';
import { NumberBook } from '../domain/phone.js';
import { PlanLog, RowClients, refs, VisitPlanner } from '../domain/record-import.js';
import { InputError } from '../errors.js';
import { csvText } from '../exporters/csv-text.js';
import { m } from '../i18n/index.js';
import { streamCsvFile } from '../importers/csv/index.js';
import { type NumberedPhones, type PhoneNumbering, phoneIdsOf } from '../importers/journal-phones.js';
import { detectFormat, FORMAT_SNIFF_BYTES, readRows } from '../importers/read-rows.js';
import { isProblem, RowTyper } from '../importers/record-file.js';
import type { Store } from '../store/store.js';
import { readingContextIn, regionIn, today } from './context.js';
import {
  allRejectedError,
  checkRejectsPath,
  checkSheetOption,
  type ImportOptions,
  type RecordImportReport,
  readInputFile,
  readInputHead,
  rejectsPath,
  rejectsRows,
  resolveSettings,
  sha256,
  statInputFile,
} from './import-common.js';
import { OutputFile } from './output-files.js';

/** Rows an import keeps to show; the counts cover every row. */
const SHOWN_ROWS = 10_000;
/** Rough bytes per journal row, to judge from the file size whether an import dwarfs the stored visits. */
const BYTES_PER_ROW = 100;

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
  /** A workbook's sheet, which each rejected row's position names (`Визиты!12`). */
  sheet: string | undefined;

  constructor(readonly path: string | null) {}

  write(problems: RowProblem[]): void {
    if (!this.path || problems.length === 0) return;
    if (this.file === undefined) {
      this.file = new OutputFile(this.path);
      this.file.write(csvText(rejectsRows([], this.sheet)));
    }
    this.file.write(csvText(rejectsRows(problems, this.sheet, false)));
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

/**
 * `crm import visits`: streams the journal (never read whole), matches each row's client, skips rows imported
 * before, and writes everything in one transaction: a crash or an error leaves none of the batch, and other
 * processes see the journal before or after, never half of it.
 */
export async function importVisits(
  store: Store,
  options: ImportOptions,
  onProgress?: (progress: Progress) => void,
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
  const rejects = new RejectsWriter(dryRun ? null : rejectsPath(databasePath, options));

  const region = await regionIn(store);
  const reading = await readingContextIn(store);
  // Opened before anything is matched: it holds the write lock from here to its commit or rollback.
  const load = await store.imports.loadJournal({
    dryRun,
    file: resolve(options.file),
    settings,
    expectedRows: size / BYTES_PER_ROW,
  });
  let batchId = load.batchId;
  const createdIds = new Map<number, number>();
  // A dry run remembers what it would create (to name it); a written import reads names back from the database.
  const create = dryRun ? refs() : load.addClient;
  // The reading thread numbers the rows' phones (numberingPhones): rows are matched by its ids, their texts learnt here.
  const numbers = new NumberBook(region);
  const clients = new RowClients(load.clients, region, today(), create, dryRun, numbers, load.aliases);
  const log = new PlanLog(dryRun, SHOWN_ROWS);
  const planner = new VisitPlanner(clients, log, load.storedCount, load.addVisit);

  let fileHash = '';
  let typer: RowTyper | undefined;
  let headers: string[] = [];
  let detected: Detected | undefined;
  // Each date and amount column's style is settled from the sample; the header tells whether rows have extra columns.
  const settleTyper = (sample: string[][]) => {
    const settled = new RowTyper('visits', headers, settings, sample, reading);
    load.startVisits(settled.keepsExtra);
    return settled;
  };
  /** A CSV journal, streamed batch by batch (in a thread of its own where the build has one). */
  const readCsvJournal = async (): Promise<Detected> => {
    const sniffed = await streamCsvFile(
      options.file,
      {
        encoding: settings.encoding,
        delimiter: settings.delimiter,
        annotate: { module: 'journal-phones', options: { kind: 'visits', settings, region } satisfies PhoneNumbering },
        thread: options.readingThread,
      },
      {
        head(_detected, header) {
          headers = header;
        },
        end(sha256) {
          fileHash = sha256;
        },
        sample(cells) {
          typer = settleTyper(cells);
        },
        batch(rows, problems, bytes, total, annotation) {
          const phones = annotation as NumberedPhones | undefined;
          if (phones) numbers.learn(phones.firstNumber, phones.numbers);
          // Without a sample before it, the first batch is the sample.
          typer ??= settleTyper(rows.map((r) => r.cells));
          const rejected = [...problems];
          for (const problem of problems) planner.reject(problem);
          for (let i = 0; i < rows.length; i++) {
            const { line, cells } = rows[i]!;
            const typed = typer.type(line, cells);
            if (isProblem(typed)) {
              planner.reject(typed);
              rejected.push(typed);
            } else {
              // A cell listing two phones was numbered as one spelling: the book numbers that row's phones itself.
              if (phones) {
                const phoneIds = phoneIdsOf(phones, i);
                if (phoneIds.length === typed.phones.length) typed.phoneIds = phoneIds;
              }
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
      if (log.counts.read === 0) throw new InputError(m.errors.import.noVisitRows);
    }
    return typer.describe(sniffed);
  };
  /**
   * A workbook's journal, read whole through readRows (its reader holds the workbook whole anyway), planned as the
   * CSV reader's batches are.
   */
  const readWorkbookJournal = async (): Promise<Detected> => {
    const bytes = readInputFile(options.file);
    fileHash = sha256(bytes);
    const read = await readRows({ name: options.file, bytes }, { kind: 'visits', settings, context: reading });
    checkSheetOption(options, read.detected);
    rejects.sheet = read.detected.sheet;
    load.startVisits(read.keepsExtra ?? true);
    for await (const batch of read.batches) {
      planTypedBatch(batch.rows, batch.problems);
      onProgress?.({ bytes: bytes.length, total: bytes.length, rows: log.counts.read });
    }
    if (log.counts.read === 0) throw new InputError('no visits rows found (only a header)');
    return read.detected;
  };
  const planTypedBatch = (rows: TypedRow[], problems: RowProblem[]) => {
    const rejected = [...problems];
    for (const problem of problems) planner.reject(problem);
    for (const row of rows) {
      const before = log.counts.rejected;
      planner.add(row);
      if (log.counts.rejected > before) rejected.push({ line: row.line, reason: 'no client name, phone or e-mail' });
    }
    rejects.write(rejected.sort((a, b) => a.line - b.line));
  };
  try {
    if (workbook) detected = await readWorkbookJournal();
    else detected = await readCsvJournal();
    if (log.counts.rejected === log.counts.read) {
      const first = log.rows.find((r) => r.action === 'reject');
      throw allRejectedError(
        options.file,
        log.counts.read,
        first && { line: first.line, field: first.field, reason: first.details.join('; ') },
        detected.sheet,
      );
    }

    if (!dryRun) {
      await load.complete(clients.possibleDuplicates, SAME_NAME_START);
      if (log.counts.created === 0 && clients.createdCount === 0) {
        // Nothing new: no batch either, so that importing the same journal again leaves the database as it was.
        await load.abandon();
        batchId = null;
        if (options.saveProfile) await store.imports.saveProfile(options.saveProfile, 'visits', settings);
      } else {
        if (options.saveProfile) await store.imports.saveProfile(options.saveProfile, 'visits', settings);
        await load.commit(
          {
            settings: { ...settings, detected },
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
    if (error instanceof InputError && !error.message.startsWith(options.file))
      throw new InputError(`${options.file}: ${error.message}`);
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
