import { setFlagsFromString } from 'node:v8';
import { type Command, Option } from 'commander';
import type { FileKind } from '../domain/kinds.js';
import type { RecordImportReport } from '../domain/record-import.js';
import { AllRowsRejected, UsageError } from '../errors.js';
import { m } from '../i18n/index.js';
import type { Renderable } from '../render/types.js';
import {
  collect,
  emit,
  type OutputOptions,
  parseIntegerArgument,
  say,
  sayRegionLearned,
  withOutputOptions,
  withStore,
} from './context.js';

interface ImportOptions {
  encoding?: string;
  delimiter?: string;
  format?: 'csv' | 'vcard';
  map?: string[];
  stage?: string[];
  dateStyle?: 'dmy' | 'mdy' | 'ymd';
  sheet?: string;
  dryRun?: boolean;
  rejects?: string;
  profile?: string;
  saveProfile?: string;
  json?: boolean;
}

/**
 * For the long import of a journal of visits: V8 otherwise grows the heap in big steps, to several times what it
 * keeps (a million-row journal peaked at 290 MB RSS with 50 MB live; 180-200 MB with this). The flag is read each
 * time V8 sizes its heap, so setting it at run time takes effect; a smaller young generation was tried too and
 * gained nothing. It holds for the whole process, so the command sets it, for the process it is: the use case also
 * runs inside other processes (tests, a program that imports it) whose heap is not its to tune.
 */
function keepHeapSmall(): void {
  setFlagsFromString('--heap-growing-percent=20');
}

/** Names that stand for an object's machinery in JavaScript, refused as a header or a field in `--map`. */
const RESERVED_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * `--map "Header=field"` pairs, checked before anything is read: both sides given, the field one of KIND's (or
 * `extra`), neither a name JavaScript reserves. Keyed in an object without a prototype, so any header is a key.
 */
async function parseMap(kind: FileKind, pairs: string[] = []): Promise<Record<string, string>> {
  const map: Record<string, string> = Object.create(null);
  if (pairs.length === 0) return map;
  const { FIELDS } = await import('../importers/headers.js');
  const fields = FIELDS[kind];
  for (const pair of pairs) {
    const at = pair.lastIndexOf('=');
    const words = m.said.import;
    if (at < 0) throw new UsageError(words.mapExpects({ pair }));
    const header = pair.slice(0, at).trim();
    const field = pair.slice(at + 1).trim();
    if (header === '') throw new UsageError(words.mapNoHeader({ pair }));
    if (field === '') throw new UsageError(words.mapNoField({ pair, header }));
    if (RESERVED_NAMES.has(header.toLowerCase())) throw new UsageError(words.mapReserved({ pair, header }));
    const known = field.toLowerCase() === 'extra' || fields.includes(field.toLowerCase());
    if (!known) throw new UsageError(words.mapUnknownField({ pair, field, kind, fields: fields.join(', ') }));
    map[header] = field;
  }
  return map;
}

/**
 * `--stage "Name=stage"` pairs: a stage name a deals file gives (a CRM's pipeline stage) and the stage it is, checked
 * before anything is read. Keyed in an object without a prototype, so any name is a key.
 */
async function parseStages(pairs: string[] = []): Promise<Record<string, string> | undefined> {
  if (pairs.length === 0) return undefined;
  const { isStage, STAGES } = await import('../domain/deal.js');
  const stages: Record<string, string> = Object.create(null);
  for (const pair of pairs) {
    const at = pair.lastIndexOf('=');
    const words = m.errors.import;
    if (at < 0) throw new UsageError(words.stageExpects({ pair }));
    const name = pair.slice(0, at).trim();
    const stage = pair
      .slice(at + 1)
      .trim()
      .toLowerCase();
    if (name === '') throw new UsageError(words.stageNoName({ pair }));
    if (!isStage(stage)) {
      throw new UsageError(words.stageUnknown({ pair, stage: pair.slice(at + 1).trim(), stages: STAGES.join(', ') }));
    }
    stages[name] = stage;
  }
  return stages;
}

/** The command line's words as the import use cases take them. */
async function importOptions(kind: FileKind, file: string, options: ImportOptions) {
  return {
    file,
    encoding: options.encoding,
    delimiter: options.delimiter,
    format: options.format,
    map: await parseMap(kind, options.map),
    stages: await parseStages(options.stage),
    dateStyle: options.dateStyle,
    sheet: options.sheet,
    dryRun: options.dryRun,
    rejects: options.rejects,
    profile: options.profile,
    saveProfile: options.saveProfile,
  };
}

/**
 * An import that refused every row shows them first, each with its reason (the table a dry run shows, or the JSON with
 * the error in it), as for a file partly good; then its error goes on to main, which says it and exits 1.
 */
async function showRefusedRows<Report>(
  error: unknown,
  show: (report: Report) => Renderable,
  json: boolean | undefined,
): Promise<never> {
  if (error instanceof AllRowsRejected && error.report) await emit(show(error.report as Report), { json });
  throw error;
}

/** Reading options shared by every `crm import KIND`, declared once; `formats`: what --format offers (vCard: clients). */
function withReadingOptions(command: Command, formats: string[] = ['csv']): Command {
  const h = m.help.import;
  return command
    .option('--encoding <name>', h.encoding)
    .option('--delimiter <char>', h.delimiter)
    .addOption(new Option('--format <format>', h.format).choices(formats))
    .option('--map <Header=field>', h.map, collect)
    .addOption(new Option('--date-style <style>', h.dateStyle).choices(['dmy', 'mdy', 'ymd']))
    .option('--sheet <name|N>', h.sheet)
    .option('--dry-run', h.dryRun)
    .option('--rejects <file>', h.rejects)
    .option('--profile <name>', h.profile)
    .option('--save-profile <name>', h.saveProfile)
    .option('--json', h.json);
}

export function registerImportCommands(program: Command): void {
  const h = m.help.import;
  const importCommand = program.command('import').description(h.description);

  withReadingOptions(
    importCommand.command('clients').description(h.clients.description).argument('<file>', h.clients.file),
    ['csv', 'vcard'],
  ).action(async (file: string, options: ImportOptions, command: Command) => {
    const [{ importClients }, { importReport }] = await Promise.all([
      import('../app/import-clients.js'),
      import('../render/import.js'),
    ]);
    const settings = await importOptions('clients', file, options);
    const report = await withStore(command, (store) => importClients(store, settings)).catch((error) =>
      showRefusedRows(error, importReport, options.json),
    );
    await emit(importReport(report), { json: options.json });
    sayRegionLearned(report.regionLearned);
    if (options.saveProfile && !options.dryRun) say(m.imports.savedProfile({ name: options.saveProfile }));
  });

  const journals = {
    visits: h.visits.description,
    deals: h.deals.description,
    nps: h.nps.description,
  } as const;
  for (const [kind, description] of Object.entries(journals) as Array<[keyof typeof journals, string]>) {
    const journal = withReadingOptions(
      importCommand.command(kind).description(description).argument('<file>', h.journalFile),
    );
    if (kind === 'deals') journal.option('--stage <Name=stage>', h.stage, collect);
    journal.action(async (file: string, options: ImportOptions, command: Command) => {
      const settings = await importOptions(kind, file, options);
      if (kind === 'visits') keepHeapSmall();
      // A journal of visits is read in a thread of its own: started first, it loads while the import's modules do.
      const readingThread =
        kind === 'visits'
          ? (await import('../importers/csv/thread.js')).CsvThread.start(['journal-phones'])
          : undefined;
      const [{ importRecords }, { recordImportReport }, { progressBar }] = await Promise.all([
        import('../app/import-records.js'),
        import('../render/record-import.js'),
        import('./progress.js'),
      ]);
      const progress = await progressBar();
      const report = await withStore(command, (store) =>
        importRecords(store, kind, { ...settings, readingThread }, progress.update),
      )
        .finally(progress.stop)
        .catch((error) =>
          showRefusedRows<RecordImportReport>(error, (refused) => recordImportReport(refused), options.json),
        );
      await emit(recordImportReport(report), { json: options.json });
      sayRegionLearned(report.regionLearned);
      if (options.saveProfile && !options.dryRun) say(m.imports.savedProfile({ name: options.saveProfile }));
    });
  }

  withOutputOptions(importCommand.command('list').description(h.list.description)).action(
    async (options: OutputOptions, command: Command) => {
      const [{ listBatches }, { batchListing }] = await Promise.all([
        import('../app/imports.js'),
        import('../render/batches.js'),
      ]);
      const { batches, undone } = await withStore(command, listBatches);
      await emit(batchListing(batches, undone), options);
    },
  );

  importCommand
    .command('undo')
    .description(h.undo.description)
    .argument('<batch>', h.undo.batch)
    .action(async (batchText: string, _options: unknown, command: Command) => {
      const { undoImport } = await import('../app/imports.js');
      const batchId = parseIntegerArgument(batchText, 'BATCH');
      const result = await withStore(command, (store) => undoImport(store, batchId));
      const words = m.said.import;
      if (result.backup) say(m.said.backupBefore({ path: result.backup }));
      const removed = Object.entries(result.deleted)
        .filter(([, n]) => n > 0)
        .map(([table, count]) => words.removedRows({ count, table: words.tables[table] ?? table }))
        .join(', ');
      const restored = m.counts.changedRows(result.restored);
      say(words.undone({ batch: batchId, file: result.batch.file, removed, restored }));
      for (const kept of result.keptLaterEdits) {
        say(
          words.keptLaterEdit({ table: words.tables[kept.table] ?? kept.table, row: kept.rowId, column: kept.column }),
        );
      }
    });

  withOutputOptions(importCommand.command('profiles').description(h.profiles.description)).action(
    async (options: OutputOptions, command: Command) => {
      const { listProfiles } = await import('../app/imports.js');
      const profiles = await withStore(command, listProfiles);
      await emit(
        {
          json: profiles.map((p) => ({ ...p, settings: JSON.parse(p.settings) })),
          table: {
            columns: [
              { key: 'name', header: 'name', label: m.records.columns.name },
              { key: 'kind', header: 'kind', label: m.records.columns.kind },
              { key: 'settings', header: 'settings', label: m.records.columns.settings },
              { key: 'updated_at', header: 'saved', label: m.records.columns.saved },
            ],
            rows: profiles,
          },
        },
        options,
      );
    },
  );
}
