import { resolve } from 'node:path';
import type { ClientDraft } from '../domain/client.js';
import { type ClientImportPlan, planClientImport } from '../domain/client-import.js';
import type { Detected } from '../domain/input.js';
import { duplicateReason } from '../domain/matching.js';
import { countPlusRestored } from '../domain/phone.js';
import { InputError } from '../errors.js';
import { type ImportSettings, readClientFile } from '../importers/client-file.js';
import { beginBatch, finishBatch } from '../store/batches.js';
import {
  applyClientChanges,
  insertClient,
  loadClients,
  loadNameAliases,
  recordDuplicateCandidate,
} from '../store/clients.js';
import { type Db, writeTransaction } from '../store/db.js';
import { saveProfile } from '../store/profiles.js';
import { getSetting, setSetting } from '../store/settings.js';
import { regionOf, today } from './context.js';
import {
  allRejectedError,
  checkRejectsPath,
  discardRejects,
  type ImportOptions,
  publishRejects,
  readInputFile,
  resolveSettings,
  sha256,
  withFileName,
  writeRejects,
} from './import-common.js';
import type { OutputFile } from './output-files.js';

export type ImportClientsOptions = ImportOptions;

export interface ImportClientsReport {
  file: string;
  detected: Detected;
  settings: ImportSettings;
  plan: ClientImportPlan;
  /** Names of the clients rows matched, by id (negative ids: created by this import). */
  names: Map<number, string>;
  /** Database ids given to the created clients, by their plan ref. */
  createdIds: Map<number, number>;
  batchId: number | null;
  rejectsFile: string | null;
  dryRun: boolean;
}

/** What `crm import clients` does: read and explain the file, plan every row, then write it all in one batch. */
export function importClients(db: Db, databasePath: string, options: ImportClientsOptions): ImportClientsReport {
  checkRejectsPath(databasePath, options);
  const settings = resolveSettings(db, 'clients', options);
  const buffer = readInputFile(options.file);
  const read = withFileName(options.file, () => readClientFile(buffer, options.file, settings));
  if (read.records.length === 0 && read.problems.length === 0) {
    throw new InputError(`${options.file}: no client rows found (only a header, or nothing recognisable)`);
  }

  const phonesGivenPlus = countPlusRestored(
    read.records.filter((r) => r.region === undefined).flatMap((r) => r.phones.map((p) => p.value)),
    regionOf(db),
  );
  if (phonesGivenPlus) read.detected.phonesGivenPlus = phonesGivenPlus;
  const fileRegion = read.records.find((record) => record.region)?.region;
  const dryRun = options.dryRun ?? false;
  let staged: OutputFile | null = null;
  // Matching reads the stored clients: a real import reads them holding the write lock, so that another import
  // beside it runs before or after, never against the same reading (which made every shared client twice).
  const run = (): ImportClientsReport => {
    const existing = loadClients(db);
    const plan = planClientImport(read.records, read.problems, existing, regionOf(db), today(), loadNameAliases(db));
    const names = new Map<number, string>(existing.map((c) => [c.id, c.name]));
    for (const [ref, draft] of plan.creates) names.set(ref, draft.name);
    const rejected = plan.rows.flatMap((r) =>
      r.action === 'reject' ? [{ line: r.line, field: r.field, reason: r.reason }] : [],
    );
    if (plan.counts.rejected === plan.counts.read) throw allRejectedError(options.file, plan.counts.read, rejected[0]);

    const report: ImportClientsReport = {
      file: options.file,
      detected: read.detected,
      settings,
      plan,
      names,
      createdIds: new Map(),
      batchId: null,
      rejectsFile: null,
      dryRun,
    };
    if (dryRun) return report;

    staged = writeRejects(databasePath, options, rejected);
    const changes = plan.creates.size + plan.updates.size;
    // Our own export names the region its phones are written for: a database with none takes it, so that the
    // numbers read the same way in everything it does next (and export again as they came).
    if (fileRegion && !getSetting(db, 'region')) setSetting(db, 'region', fileRegion);
    if (options.saveProfile) saveProfile(db, options.saveProfile, 'clients', settings);
    // Nothing new: no batch either, so that importing the same file again leaves the database as it was.
    if (changes === 0) return report;
    const batchId = beginBatch(db, 'clients', resolve(options.file), sha256(buffer), {
      ...settings,
      detected: read.detected,
    });
    report.batchId = batchId;
    for (const [ref, draft] of plan.creates)
      report.createdIds.set(ref, insertClient(db, stripPlanFields(draft), batchId));
    const idOf = (id: number) => (id < 0 ? report.createdIds.get(id)! : id);
    for (const [ref, draft] of plan.creates) {
      for (const other of draft.possibleDuplicates) {
        const reason = duplicateReason(draft.name, names.get(other) ?? '');
        recordDuplicateCandidate(db, idOf(ref), idOf(other), reason, batchId);
      }
    }
    for (const [id, clientChanges] of plan.updates) applyClientChanges(db, id, clientChanges, batchId);
    finishBatch(db, batchId, {
      rows_read: plan.counts.read,
      created: plan.counts.created,
      updated: plan.counts.updated,
      unchanged: plan.counts.duplicate,
      rejected: plan.counts.rejected,
    });
    return report;
  };
  if (dryRun) return run();
  let report: ImportClientsReport;
  try {
    report = writeTransaction(db, run);
  } catch (error) {
    discardRejects(staged);
    throw error;
  }
  // Named only now that the import has committed: a killed import leaves no rejects file of its own.
  report.rejectsFile = publishRejects(staged);
  return report;
}

function stripPlanFields(draft: ClientDraft & { possibleDuplicates?: number[] }): ClientDraft {
  const { possibleDuplicates: _ignored, ...rest } = draft;
  return rest;
}
