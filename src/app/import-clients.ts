import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { ClientDraft } from '../domain/client.js';
import { type ClientImportPlan, planClientImport } from '../domain/client-import.js';
import { InputError, NotFoundError, UsageError } from '../errors.js';
import { type ImportSettings, readClientFile } from '../importers/client-file.js';
import type { Detected } from '../importers/types.js';
import { beginBatch, finishBatch } from '../store/batches.js';
import { applyClientChanges, insertClient, loadClients, recordDuplicateCandidate } from '../store/clients.js';
import type { Db } from '../store/db.js';
import { loadProfile, saveProfile } from '../store/profiles.js';
import { regionOf, today } from './context.js';

export interface ImportClientsOptions extends ImportSettings {
  file: string;
  dryRun?: boolean;
  /** Where rejected rows go; default: beside the database. */
  rejects?: string;
  profile?: string;
  saveProfile?: string;
}

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

/** Reads a file the user named, turning file-system failures into one-line errors that name it. */
export function readInputFile(file: string): Buffer {
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(file);
  } catch {
    throw new InputError(`${file}: no such file`);
  }
  if (stats.isDirectory()) throw new InputError(`${file}: is a directory, not a file`);
  try {
    return readFileSync(file);
  } catch (error) {
    throw new InputError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

function settingsFrom(db: Db, options: ImportClientsOptions): ImportSettings {
  const fromProfile: ImportSettings = {};
  if (options.profile) {
    const profile = loadProfile(db, options.profile);
    if (!profile) throw new NotFoundError(`no import profile '${options.profile}' (crm import profiles lists them)`);
    if (profile.kind !== 'clients')
      throw new UsageError(`profile '${options.profile}' is for ${profile.kind}, not clients`);
    Object.assign(fromProfile, profile.settings);
  }
  const given: ImportSettings = {
    format: options.format,
    encoding: options.encoding,
    delimiter: options.delimiter,
    map: options.map && Object.keys(options.map).length ? options.map : undefined,
    dateStyle: options.dateStyle,
  };
  const settings: ImportSettings = { ...fromProfile };
  for (const [key, value] of Object.entries(given)) if (value !== undefined) Object.assign(settings, { [key]: value });
  return settings;
}

function timestamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
}

function writeRejects(path: string, plan: ClientImportPlan): void {
  const rows = plan.rows.filter((r) => r.action === 'reject');
  const text = stringify([
    ['line', 'field', 'reason'],
    ...rows.map((r) => [r.line, r.action === 'reject' ? (r.field ?? '') : '', r.action === 'reject' ? r.reason : '']),
  ]);
  // Rejected rows hold personal data: same privacy as the database.
  writeFileSync(path, text, { mode: 0o600 });
}

/** What `crm import clients` does: read and explain the file, plan every row, then write it all in one batch. */
export function importClients(db: Db, databasePath: string, options: ImportClientsOptions): ImportClientsReport {
  const settings = settingsFrom(db, options);
  const buffer = readInputFile(options.file);
  let read: ReturnType<typeof readClientFile>;
  try {
    read = readClientFile(buffer, options.file, settings);
  } catch (error) {
    if (error instanceof InputError) throw new InputError(`${options.file}: ${error.message}`);
    throw error;
  }
  if (read.records.length === 0 && read.problems.length === 0) {
    throw new InputError(`${options.file}: no client rows found (only a header, or nothing recognisable)`);
  }

  const existing = loadClients(db);
  const plan = planClientImport(read.records, read.problems, existing, regionOf(db), today());
  const names = new Map<number, string>(existing.map((c) => [c.id, c.name]));
  for (const [ref, draft] of plan.creates) names.set(ref, draft.name);
  if (plan.counts.rejected === plan.counts.read) {
    const first = plan.rows[0];
    throw new InputError(
      `${options.file}: nothing could be imported: all ${plan.counts.read} rows were rejected (first: line ${first?.line}${first?.action === 'reject' && first.field ? `, field ${first.field}` : ''}: ${first?.action === 'reject' ? first.reason : ''})`,
    );
  }

  const report: ImportClientsReport = {
    file: options.file,
    detected: read.detected,
    settings,
    plan,
    names,
    createdIds: new Map(),
    batchId: null,
    rejectsFile: null,
    dryRun: options.dryRun ?? false,
  };
  if (report.dryRun) return report;

  if (plan.counts.rejected > 0) {
    report.rejectsFile = resolve(
      options.rejects ??
        join(dirname(databasePath), `rejects-${basename(options.file).replace(/[^\w.-]+/g, '_')}-${timestamp()}.csv`),
    );
    writeRejects(report.rejectsFile, plan);
  }
  const changes = plan.creates.size + plan.updates.size;
  db.transaction(() => {
    if (options.saveProfile) saveProfile(db, options.saveProfile, 'clients', settings);
    // Nothing new: no batch either, so that importing the same file again leaves the database as it was.
    if (changes === 0) return;
    const sha256 = createHash('sha256').update(buffer).digest('hex');
    const batchId = beginBatch(db, 'clients', resolve(options.file), sha256, { ...settings, detected: read.detected });
    report.batchId = batchId;
    for (const [ref, draft] of plan.creates)
      report.createdIds.set(ref, insertClient(db, stripPlanFields(draft), batchId));
    const idOf = (id: number) => (id < 0 ? report.createdIds.get(id)! : id);
    for (const [ref, draft] of plan.creates) {
      for (const other of draft.possibleDuplicates) {
        recordDuplicateCandidate(db, idOf(ref), idOf(other), 'same name, different phone or e-mail', batchId);
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
  }).immediate();
  return report;
}

function stripPlanFields(draft: ClientDraft & { possibleDuplicates?: number[] }): ClientDraft {
  const { possibleDuplicates: _ignored, ...rest } = draft;
  return rest;
}
