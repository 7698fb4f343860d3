import { resolve } from 'node:path';
import type { RecordKind } from '../domain/kinds.js';
import { SAME_NAME_START } from '../domain/matching.js';
import { countPlusRestored } from '../domain/phone.js';
import { type PlannedAnswer, type PlannedDeal, planDealImport, planNpsImport } from '../domain/record-import.js';
import { InputError, UsageError } from '../errors.js';
import { readRecordFile } from '../importers/record-file.js';
import { beginBatch, finishBatch } from '../store/batches.js';
import { insertClient, loadClients, loadNameAliases, recordDuplicateCandidate } from '../store/clients.js';
import { type Db, writeTransaction } from '../store/db.js';
import { insertDeal, listDeals, moveDeal } from '../store/deals.js';
import { insertNpsAnswer, npsContentCounts, npsKey } from '../store/nps.js';
import { saveProfile } from '../store/profiles.js';
import { readingContextOf, regionOf, today } from './context.js';
import {
  allRejectedError,
  checkRejectsPath,
  discardRejects,
  type ImportOptions,
  publishRejects,
  type RecordImportReport,
  readInputFile,
  resolveSettings,
  sha256,
  withFileName,
  writeRejects,
} from './import-common.js';
import { importVisits, type Progress } from './import-visits.js';
import type { OutputFile } from './output-files.js';

type SmallJournal = Exclude<RecordKind, 'visits'>;

function plan(
  db: Db,
  kind: SmallJournal,
  read: ReturnType<typeof readRecordFile>,
  existing: ReturnType<typeof loadClients>,
) {
  const context = { existingClients: existing, aliases: loadNameAliases(db), region: regionOf(db), today: today() };
  if (kind === 'nps') {
    const counts = npsContentCounts(db);
    return planNpsImport(read, context, (client, date, score) => counts.get(npsKey(client, date, score)) ?? 0);
  }
  return planDealImport(read, context, listDeals(db));
}

function write(
  db: Db,
  kind: SmallJournal,
  planned: RecordImportReport['plan'],
  clientId: (ref: number) => number,
  batchId: number,
) {
  for (const item of planned.inserts) {
    if (kind === 'nps') {
      const answer = item as PlannedAnswer;
      insertNpsAnswer(db, { ...answer, client_id: clientId(answer.clientId) }, batchId);
    } else {
      const deal = item as PlannedDeal;
      const owner = deal.clientId === null ? null : clientId(deal.clientId);
      insertDeal(db, { ...deal, client_id: owner, note: null }, deal.history, batchId);
    }
  }
  for (const move of planned.moves) {
    for (const entry of move.entries) moveDeal(db, move.dealId, entry, null, batchId);
  }
}

/**
 * What `crm import visits|deals|nps` does: read and explain the journal, match each row's client (creating the
 * missing ones), skip rows imported before, then write everything as one batch. Visits stream (a journal may hold
 * millions of rows); deals and NPS answers are read whole.
 */
export async function importRecords(
  db: Db,
  databasePath: string,
  kind: RecordKind,
  options: ImportOptions,
  onProgress?: (progress: Progress) => void,
): Promise<RecordImportReport> {
  if (options.format === 'vcard') throw new UsageError(`${kind} are read from CSV files only`);
  if (kind === 'visits') return importVisits(db, databasePath, options, onProgress);
  checkRejectsPath(databasePath, options);
  const started = performance.now();
  const settings = resolveSettings(db, kind, options);
  const buffer = readInputFile(options.file);
  const read = withFileName(options.file, () => readRecordFile(buffer, kind, settings, readingContextOf(db)));
  const phonesGivenPlus = countPlusRestored(
    read.rows.flatMap((row) => row.phones),
    regionOf(db),
  );
  if (phonesGivenPlus) read.detected.phonesGivenPlus = phonesGivenPlus;
  if (read.rows.length === 0 && read.problems.length === 0) {
    throw new InputError(`${options.file}: no ${kind} rows found (only a header)`);
  }
  const dryRun = options.dryRun ?? false;
  let staged: OutputFile | null = null;
  // Matching reads the stored clients (and the records imported before): a real import reads them holding the
  // write lock, so that another import beside it runs before or after, never against the same reading.
  const run = (): RecordImportReport => {
    const existing = loadClients(db);
    const planned = plan(db, kind, read, existing);
    const rejected = planned.rows.flatMap((r) =>
      r.action === 'reject' ? [{ line: r.line, field: r.field, reason: r.details.join('; ') }] : [],
    );
    if (planned.counts.rejected === planned.counts.read)
      throw allRejectedError(options.file, planned.counts.read, rejected[0]);

    const clientNames = new Map<number, string>(existing.map((c) => [c.id, c.name]));
    for (const [ref, draft] of planned.newClients) clientNames.set(ref, draft.name || draft.phones[0]?.raw || '');
    const report: RecordImportReport = {
      kind,
      file: options.file,
      detected: read.detected,
      plan: planned,
      clientNames,
      createdClientIds: new Map(),
      batchId: null,
      rejectsFile: null,
      dryRun,
      omittedRows: 0,
      seconds: 0,
    };
    if (dryRun) return report;

    staged = writeRejects(databasePath, options, rejected);
    if (options.saveProfile) saveProfile(db, options.saveProfile, kind, settings);
    if (planned.inserts.length === 0 && planned.moves.length === 0) return report;
    const batchId = beginBatch(db, kind, resolve(options.file), sha256(buffer), {
      ...settings,
      detected: read.detected,
    });
    report.batchId = batchId;
    for (const [ref, draft] of planned.newClients) report.createdClientIds.set(ref, insertClient(db, draft, batchId));
    const clientId = (id: number) => (id < 0 ? report.createdClientIds.get(id)! : id);
    write(db, kind, planned, clientId, batchId);
    for (const { clientId: created, others } of planned.possibleDuplicates) {
      for (const other of others) recordDuplicateCandidate(db, clientId(created), other, SAME_NAME_START, batchId);
    }
    finishBatch(db, batchId, {
      rows_read: planned.counts.read,
      created: planned.counts.created,
      updated: planned.counts.updated,
      unchanged: planned.counts.duplicate,
      rejected: planned.counts.rejected,
    });
    return report;
  };
  let report: RecordImportReport;
  try {
    report = dryRun ? run() : writeTransaction(db, run);
  } catch (error) {
    discardRejects(staged);
    throw error;
  }
  // Named only now that the import has committed: a killed import leaves no rejects file of its own.
  report.rejectsFile = publishRejects(staged);
  report.seconds = (performance.now() - started) / 1000;
  return report;
}
