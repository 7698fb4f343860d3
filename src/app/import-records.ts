import { resolve } from 'node:path';
import type { Client } from '../domain/client.js';
import { parseStage, type Stage } from '../domain/deal.js';
import { detectedInEnglish, type RecordFileRead } from '../domain/input.js';
import type { RecordKind } from '../domain/kinds.js';
import { SAME_NAME_START } from '../domain/matching.js';
import { countPlusRestored } from '../domain/phone.js';
import { type PlannedAnswer, type PlannedDeal, planDealImport, planNpsImport } from '../domain/record-import.js';
import { sayNotes } from '../domain/row-notes.js';
import { NothingToImport, UsageError } from '../errors.js';
import { m } from '../i18n/index.js';
import { allRows, readRows } from '../importers/read-rows.js';
import type { Store, StoreAccess } from '../store/store.js';
import { readingContextIn, regionIn, today } from './context.js';
import {
  allRejectedError,
  checkRejectsPath,
  checkSheetOption,
  type ImportOptions,
  type ProfileSettings,
  type RecordImportReport,
  readInputFile,
  resolveSettings,
  sha256,
} from './import-common.js';
import { importVisits, type Progress } from './import-visits.js';
import { clientsInRegion, rememberRegion, writeRegionIn } from './region.js';
import { rejectsFileFor, withRowsAsRead } from './rejects-file.js';

type SmallJournal = Exclude<RecordKind, 'visits'>;

async function plan(
  tx: StoreAccess,
  kind: SmallJournal,
  read: RecordFileRead,
  existing: Client[],
  region: string | undefined,
  settings: ProfileSettings,
  currency: string,
) {
  const context = {
    existingClients: existing,
    aliases: await tx.clients.nameAliases(),
    region,
    today: today(),
  };
  if (kind === 'nps') return planNpsImport(read, context, await tx.imports.storedNpsCount());
  return planDealImport(
    read,
    { ...context, stages: stagePlacements(settings.stages), currency },
    await tx.deals.list(),
  );
}

/** The stage names a profile or `--stage` placed, each checked to be a stage (a profile is a row anyone may edit). */
function stagePlacements(stages: Record<string, string> = {}): Record<string, Stage> {
  const placed: Record<string, Stage> = Object.create(null);
  for (const [name, stage] of Object.entries(stages)) placed[name] = parseStage(stage);
  return placed;
}

async function write(
  tx: StoreAccess,
  kind: SmallJournal,
  planned: RecordImportReport['plan'],
  clientId: (ref: number) => number,
  batchId: number,
) {
  if (kind === 'nps') {
    const answers = planned.inserts as PlannedAnswer[];
    await tx.imports.insertNpsAnswers(
      answers.map((answer) => ({ ...answer, client_id: clientId(answer.clientId) })),
      batchId,
    );
    return;
  }
  const deals = planned.inserts as PlannedDeal[];
  await tx.imports.insertDeals(
    deals.map((deal) => ({
      deal: { ...deal, client_id: deal.clientId === null ? null : clientId(deal.clientId), note: null },
      history: deal.history,
    })),
    batchId,
  );
  await tx.imports.moveDeals(
    planned.moves.flatMap((move) => move.entries.map((entry) => ({ dealId: move.dealId, entry }))),
    batchId,
  );
}

/**
 * What `crm import visits|deals|nps` does: read and explain the journal, match each row's client (creating the
 * missing ones), skip rows imported before, then write everything as one batch. Visits stream (a journal may hold
 * millions of rows); deals and NPS answers are read whole.
 */
export async function importRecords(
  store: Store,
  kind: RecordKind,
  options: ImportOptions,
  onProgress?: (progress: Progress) => void,
): Promise<RecordImportReport> {
  if (options.format === 'vcard') throw new UsageError(m.errors.import.csvOnly({ kind }));
  if (kind === 'visits') return importVisits(store, options, onProgress);
  const databasePath = store.path;
  checkRejectsPath(databasePath, options);
  const started = performance.now();
  const settings = await resolveSettings(store, kind, options);
  const buffer = readInputFile(options.file);
  const reading = await readingContextIn(store);
  const read = await allRows(
    await readRows({ name: options.file, bytes: buffer }, { kind, settings, context: reading }),
  );
  checkSheetOption(options, read.detected);
  const phonesGivenPlus = countPlusRestored(
    read.rows.flatMap((row) => row.phones),
    await regionIn(store),
  );
  if (phonesGivenPlus) read.detected.phonesGivenPlus = phonesGivenPlus;
  if (read.rows.length === 0 && read.problems.length === 0) {
    throw new NothingToImport(m.errors.import.nothingToImport({ file: options.file, kind }));
  }
  const dryRun = options.dryRun ?? false;
  const rejects = rejectsFileFor(databasePath, options);
  rejects.layOut(read);
  // Matching reads the stored clients (and the records imported before): a real import reads them holding the
  // write lock, so that another import beside it runs before or after, never against the same reading.
  const run = async (tx: StoreAccess): Promise<RecordImportReport> => {
    const region = await writeRegionIn(tx);
    const inRegion = clientsInRegion(await tx.clients.load(), region);
    const existing = inRegion.clients;
    const planned = await plan(tx, kind, read, existing, region.region, settings, reading.currency);
    const rejected = planned.rows.flatMap((r) =>
      r.action === 'reject' ? [{ line: r.line, field: r.field, reason: sayNotes(r.details) }] : [],
    );
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
    if (planned.counts.rejected === planned.counts.read) {
      // Nothing is imported, but every row goes back with its reason, as from a file partly good.
      rejects.write(withRowsAsRead(rejected, read.rows, read.problems));
      report.rejectsFile = rejects.close(true);
      report.seconds = (performance.now() - started) / 1000;
      throw allRejectedError(options.file, planned.counts.read, rejected[0], read.detected, report.rejectsFile, report);
    }
    if (dryRun) return report;

    rejects.write(withRowsAsRead(rejected, read.rows, read.problems));
    rejects.finish();
    if (region.learns) report.regionLearned = await rememberRegion(tx, region.learns, inRegion);
    if (options.saveProfile) await tx.imports.saveProfile(options.saveProfile, kind, settings);
    if (planned.inserts.length === 0 && planned.moves.length === 0) return report;
    const batchId = await tx.imports.beginBatch(kind, resolve(options.file), sha256(buffer), {
      ...settings,
      detected: detectedInEnglish(read.detected),
    });
    report.batchId = batchId;
    const createdIds = await tx.imports.insertClients([...planned.newClients.values()], batchId);
    for (const [index, ref] of [...planned.newClients.keys()].entries())
      report.createdClientIds.set(ref, createdIds[index]!);
    const clientId = (id: number) => (id < 0 ? report.createdClientIds.get(id)! : id);
    await write(tx, kind, planned, clientId, batchId);
    await tx.imports.recordDuplicateCandidates(
      planned.possibleDuplicates.flatMap(({ clientId: created, others, reason }) =>
        others.map((other) => ({ clientId: clientId(created), otherId: other, reason: reason ?? SAME_NAME_START })),
      ),
      batchId,
    );
    await tx.imports.finishBatch(batchId, {
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
    report = dryRun ? await run(store) : await store.write(run);
  } catch (error) {
    rejects.close(false);
    throw error;
  }
  // Named only now that the import has committed: a killed import leaves no rejects file of its own.
  report.rejectsFile = rejects.close(true);
  report.seconds = (performance.now() - started) / 1000;
  return report;
}
