import { basename, resolve } from 'node:path';
import type { ClientDraft } from '../domain/client.js';
import { type ClientImportPlan, planClientImport } from '../domain/client-import.js';
import { type Detected, detectedInEnglish } from '../domain/input.js';
import { duplicateReason, SHARED_CONTACT } from '../domain/matching.js';
import { countPlusRestored } from '../domain/phone.js';
import { sayNote } from '../domain/row-notes.js';
import { InputError, NothingToImport } from '../errors.js';
import { m } from '../i18n/index.js';
import type { ImportSettings } from '../importers/client-file.js';
import { allRows, readRows } from '../importers/read-rows.js';
import type { Store, StoreAccess } from '../store/store.js';
import { regionIn, today } from './context.js';
import {
  allRejectedError,
  checkRejectsPath,
  checkSheetOption,
  type ImportOptions,
  readInputFile,
  resolveSettings,
  sha256,
} from './import-common.js';
import { clientsInRegion, type RegionLearned, rememberRegion, writeRegion } from './region.js';
import { rejectsFileFor, withRowsAsRead } from './rejects-file.js';

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
  /** The region the import read phones in, stored as the database's since it had none. */
  regionLearned?: RegionLearned;
}

/** What `crm import clients` does: read and explain the file, plan every row, then write it all in one batch. */
export async function importClients(store: Store, options: ImportClientsOptions): Promise<ImportClientsReport> {
  const databasePath = store.path;
  checkRejectsPath(databasePath, options);
  const settings = await resolveSettings(store, 'clients', options);
  const buffer = readInputFile(options.file);
  const { rows: records, ...read } = await allRows(
    await readRows({ name: options.file, bytes: buffer }, { kind: 'clients', settings }),
  );
  checkSheetOption(options, read.detected);
  if (records.length === 0 && read.problems.length === 0) {
    // A header crm reads and no rows is an empty list (an export of no clients); a line it reads nothing in is not.
    if (read.detected.mapping?.some((column) => column.field !== null))
      throw new NothingToImport(m.errors.import.nothingToImport({ file: options.file, kind: 'clients' }));
    throw new InputError(m.errors.import.noClientRows({ file: options.file }));
  }

  const phonesGivenPlus = countPlusRestored(
    records.filter((r) => r.region === undefined).flatMap((r) => r.phones.map((p) => p.value)),
    await regionIn(store),
  );
  if (phonesGivenPlus) read.detected.phonesGivenPlus = phonesGivenPlus;
  const fileRegion = records.find((record) => record.region)?.region;
  const dryRun = options.dryRun ?? false;
  // A vCard's rejected cards go back as cards: a .vcf is what imports them again.
  const extension = read.detected.format === 'vcard' ? '.vcf' : '.csv';
  const rejects = rejectsFileFor(databasePath, options, extension);
  rejects.layOut(read);
  // Matching reads the stored clients: a real import reads them holding the write lock, so that another import
  // beside it runs before or after, never against the same reading (which made every shared client twice).
  const run = async (tx: StoreAccess): Promise<ImportClientsReport> => {
    // Our own export names the region its phones are written for: a database with none takes it, as it takes the
    // locale's otherwise, so that the numbers read the same way in everything it does next (and export again as
    // they came).
    const region = writeRegion(
      await tx.settings.get('region'),
      fileRegion ? { region: fileRegion, name: basename(options.file) } : undefined,
    );
    const inRegion = clientsInRegion(await tx.clients.load(), region);
    const existing = inRegion.clients;
    const plan = planClientImport(
      records,
      read.problems,
      existing,
      region.region,
      today(),
      await tx.clients.nameAliases(),
    );
    const names = new Map<number, string>(existing.map((c) => [c.id, c.name]));
    for (const [ref, draft] of plan.creates) names.set(ref, draft.name);
    const rejected = plan.rows.flatMap((r) =>
      r.action === 'reject'
        ? [
            {
              line: r.line,
              field: r.field,
              reason: sayNote(r.reason),
              ...(r.moreInCard ? { moreInCard: r.moreInCard } : {}),
            },
          ]
        : [],
    );
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
    if (plan.counts.rejected === plan.counts.read) {
      // Nothing is imported, but every row goes back with its reason, as from a file partly good.
      rejects.write(withRowsAsRead(rejected, records, read.problems));
      report.rejectsFile = rejects.close(true);
      throw allRejectedError(options.file, plan.counts.read, rejected[0], read.detected, report.rejectsFile, report);
    }
    if (dryRun) return report;

    rejects.write(withRowsAsRead(rejected, records, read.problems));
    rejects.finish();
    const changes = plan.creates.size + plan.updates.size;
    if (region.learns) report.regionLearned = await rememberRegion(tx, region.learns, inRegion);
    if (options.saveProfile) await tx.imports.saveProfile(options.saveProfile, 'clients', settings);
    // Nothing new: no batch either, so that importing the same file again leaves the database as it was.
    if (changes === 0) return report;
    const batchId = await tx.imports.beginBatch('clients', resolve(options.file), sha256(buffer), {
      ...settings,
      detected: detectedInEnglish(read.detected),
    });
    report.batchId = batchId;
    const createdIds = await tx.imports.insertClients([...plan.creates.values()].map(stripPlanFields), batchId);
    for (const [index, ref] of [...plan.creates.keys()].entries()) report.createdIds.set(ref, createdIds[index]!);
    const idOf = (id: number) => (id < 0 ? report.createdIds.get(id)! : id);
    const duplicates = [...plan.creates].flatMap(([ref, draft]) =>
      draft.possibleDuplicates.map((other) => ({
        clientId: idOf(ref),
        otherId: idOf(other),
        reason: draft.sharingContacts.includes(other)
          ? SHARED_CONTACT
          : duplicateReason(draft.name, names.get(other) ?? ''),
      })),
    );
    await tx.imports.recordDuplicateCandidates(duplicates, batchId);
    await tx.imports.applyClientChanges(plan.updates, batchId);
    await tx.imports.finishBatch(batchId, {
      rows_read: plan.counts.read,
      created: plan.counts.created,
      updated: plan.counts.updated,
      unchanged: plan.counts.duplicate,
      rejected: plan.counts.rejected,
    });
    return report;
  };
  if (dryRun) return run(store);
  let report: ImportClientsReport;
  try {
    report = await store.write(run);
  } catch (error) {
    rejects.close(false);
    throw error;
  }
  // Named only now that the import has committed: a killed import leaves no rejects file of its own.
  report.rejectsFile = rejects.close(true);
  return report;
}

function stripPlanFields(
  draft: ClientDraft & { possibleDuplicates?: number[]; sharingContacts?: number[] },
): ClientDraft {
  const { possibleDuplicates: _ignored, sharingContacts: _alsoIgnored, ...rest } = draft;
  return rest;
}
