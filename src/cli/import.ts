import { setFlagsFromString } from 'node:v8';
import { type Command, Option } from 'commander';
import type { FileKind } from '../domain/kinds.js';
import { UsageError } from '../errors.js';
import {
  collect,
  emit,
  type OutputOptions,
  parseIntegerArgument,
  say,
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
    if (at < 0) throw new UsageError(`--map expects "Header=field", got '${pair}'`);
    const header = pair.slice(0, at).trim();
    const field = pair.slice(at + 1).trim();
    if (header === '') throw new UsageError(`--map '${pair}': no column header before '='`);
    if (field === '') {
      throw new UsageError(
        `--map '${pair}': no field after '=' (to keep the column as it is, write "${header}=extra")`,
      );
    }
    if (RESERVED_NAMES.has(header.toLowerCase())) {
      throw new UsageError(
        `--map '${pair}': '${header}' cannot be used as a column name; rename the column in the file`,
      );
    }
    const known = field.toLowerCase() === 'extra' || fields.includes(field.toLowerCase());
    if (!known) {
      throw new UsageError(
        `--map '${pair}': unknown field '${field}' for ${kind} (valid: ${fields.join(', ')}, or extra)`,
      );
    }
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
    if (at < 0) throw new UsageError(`--stage expects "Name=stage", got '${pair}'`);
    const name = pair.slice(0, at).trim();
    const stage = pair
      .slice(at + 1)
      .trim()
      .toLowerCase();
    if (name === '') throw new UsageError(`--stage '${pair}': no stage name before '='`);
    if (!isStage(stage)) {
      throw new UsageError(`--stage '${pair}': '${pair.slice(at + 1).trim()}' is not a stage (${STAGES.join(', ')})`);
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

/** Reading options shared by every `crm import KIND`, declared once. */
function withReadingOptions(command: Command): Command {
  return command
    .option('--encoding <name>', 'utf8, cp1251, utf16le, or any name iconv-lite knows (default: detected)')
    .option('--delimiter <char>', "';', ',', 'tab' (default: detected)")
    .addOption(
      new Option('--format <format>', 'file format (default: from extension and content)').choices(['csv', 'vcard']),
    )
    .option('--map <Header=field>', 'read a column as a field, or as extra with "Header=extra" (repeatable)', collect)
    .addOption(
      new Option('--date-style <style>', 'order of day and month (default: detected)').choices(['dmy', 'mdy', 'ymd']),
    )
    .option(
      '--sheet <name|N>',
      "a workbook's sheet, by name or number from 1 (default: the one named after what is imported, else the first)",
    )
    .option('--dry-run', 'show what each row would do; write nothing')
    .option('--rejects <file>', 'where rejected rows go (default: beside the database)')
    .option('--profile <name>', 'reuse settings saved with --save-profile')
    .option('--save-profile <name>', 'remember these settings under NAME')
    .option('--json', 'print the import report as JSON');
}

export function registerImportCommands(program: Command): void {
  const importCommand = program
    .command('import')
    .description(
      'bring in clients (CSV, vCard, workbook), visits, deals and NPS answers (CSV, workbook); list and undo imports',
    );

  withReadingOptions(
    importCommand
      .command('clients')
      .description(
        'import a client list: CSV/TSV or a workbook (.ods, .xlsx, .xls) from Calc, Excel, Google or Outlook, or vCard from a phone',
      )
      .argument('<file>', 'the file to read'),
  ).action(async (file: string, options: ImportOptions, command: Command) => {
    const [{ importClients }, { importReport }] = await Promise.all([
      import('../app/import-clients.js'),
      import('../render/import.js'),
    ]);
    const settings = await importOptions('clients', file, options);
    const report = await withStore(command, (store) => importClients(store, settings));
    await emit(importReport(report), { json: options.json });
    if (options.saveProfile && !options.dryRun) say(`saved profile '${options.saveProfile}'`);
  });

  const journals = {
    visits: 'import visits (purchases) from a journal: date, client, phone, e-mail, amount, service, note',
    deals: 'import deals: created, client, title, amount, source, one date per stage reached, reason',
    nps: 'import NPS answers: date, client, phone, e-mail, score 0-10, what to improve, what they liked',
  } as const;
  for (const [kind, description] of Object.entries(journals) as Array<[keyof typeof journals, string]>) {
    const journal = withReadingOptions(
      importCommand
        .command(kind)
        .description(description)
        .argument('<file>', 'the CSV file or workbook (.ods, .xlsx, .xls) to read'),
    );
    if (kind === 'deals') {
      journal.option(
        '--stage <Name=stage>',
        "where a stage name of the file goes: lead, qualified, deal, won, lost or junk (repeatable; Bitrix24's and amoCRM's default names are known)",
        collect,
      );
    }
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
      ).finally(progress.stop);
      await emit(recordImportReport(report), { json: options.json });
      if (options.saveProfile && !options.dryRun) say(`saved profile '${options.saveProfile}'`);
    });
  }

  withOutputOptions(importCommand.command('list').description('imports done so far')).action(
    async (options: OutputOptions, command: Command) => {
      const [{ listBatches }, { batchListing }] = await Promise.all([
        import('../app/imports.js'),
        import('../render/batches.js'),
      ]);
      const batches = await withStore(command, listBatches);
      await emit(batchListing(batches), options);
    },
  );

  importCommand
    .command('undo')
    .description('remove what an import created and restore what it changed')
    .argument('<batch>', 'batch number from crm import list')
    .action(async (batchText: string, _options: unknown, command: Command) => {
      const { undoImport } = await import('../app/imports.js');
      const batchId = parseIntegerArgument(batchText, 'BATCH');
      const result = await withStore(command, (store) => undoImport(store, batchId));
      if (result.backup) say(`backup of the state before: ${result.backup}`);
      const removed = Object.entries(result.deleted)
        .filter(([, n]) => n > 0)
        .map(([table, n]) => `${n} ${table}`)
        .join(', ');
      say(
        `undid batch ${batchId} (${result.batch.file}): removed ${removed || 'nothing'}, restored ${result.restored} changed rows`,
      );
      for (const kept of result.keptLaterEdits) {
        say(`kept a later edit: ${kept.table} #${kept.rowId} ${kept.column} was changed again after the import`);
      }
    });

  withOutputOptions(importCommand.command('profiles').description('saved import profiles')).action(
    async (options: OutputOptions, command: Command) => {
      const { listProfiles } = await import('../app/imports.js');
      const profiles = await withStore(command, listProfiles);
      await emit(
        {
          json: profiles.map((p) => ({ ...p, settings: JSON.parse(p.settings) })),
          table: {
            columns: [
              { key: 'name', header: 'name' },
              { key: 'kind', header: 'kind' },
              { key: 'settings', header: 'settings' },
              { key: 'updated_at', header: 'saved' },
            ],
            rows: profiles,
          },
        },
        options,
      );
    },
  );
}
