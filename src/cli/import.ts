import { type Command, Option } from 'commander';
import { UsageError } from '../errors.js';
import { collect, emit, type OutputOptions, parseIntegerArgument, say, withDb, withOutputOptions } from './context.js';

interface ImportOptions {
  encoding?: string;
  delimiter?: string;
  format?: 'csv' | 'vcard';
  map?: string[];
  dateStyle?: 'dmy' | 'mdy' | 'ymd';
  dryRun?: boolean;
  rejects?: string;
  profile?: string;
  saveProfile?: string;
  json?: boolean;
}

function parseMap(pairs: string[] = []): Record<string, string> {
  const map: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.lastIndexOf('=');
    if (at <= 0) throw new UsageError(`--map expects "Header=field", got '${pair}'`);
    map[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return map;
}

/** The command line's words as the import use cases take them. */
function importOptions(file: string, options: ImportOptions) {
  return {
    file,
    encoding: options.encoding,
    delimiter: options.delimiter,
    format: options.format,
    map: parseMap(options.map),
    dateStyle: options.dateStyle,
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
    .option('--dry-run', 'show what each row would do; write nothing')
    .option('--rejects <file>', 'where rejected rows go (default: beside the database)')
    .option('--profile <name>', 'reuse settings saved with --save-profile')
    .option('--save-profile <name>', 'remember these settings under NAME')
    .option('--json', 'print the import report as JSON');
}

export function registerImportCommands(program: Command): void {
  const importCommand = program
    .command('import')
    .description('bring in clients (CSV, vCard), visits, deals and NPS answers (CSV); list and undo imports');

  withReadingOptions(
    importCommand
      .command('clients')
      .description('import a client list: CSV/TSV from Calc, Excel, Google or Outlook, or vCard from a phone')
      .argument('<file>', 'the file to read'),
  ).action(async (file: string, options: ImportOptions, command: Command) => {
    const [{ importClients }, { importReport }] = await Promise.all([
      import('../app/import-clients.js'),
      import('../render/import.js'),
    ]);
    const report = await withDb(command, (db, path) => importClients(db, path, importOptions(file, options)));
    await emit(importReport(report), { json: options.json });
    if (options.saveProfile && !options.dryRun) say(`saved profile '${options.saveProfile}'`);
  });

  const journals = {
    visits: 'import visits (purchases) from a journal: date, client, phone, e-mail, amount, service, note',
    deals: 'import deals: created, client, title, amount, source, one date per stage reached, reason',
    nps: 'import NPS answers: date, client, phone, e-mail, score 0-10, what to improve, what they liked',
  } as const;
  for (const [kind, description] of Object.entries(journals) as Array<[keyof typeof journals, string]>) {
    withReadingOptions(
      importCommand.command(kind).description(description).argument('<file>', 'the CSV file to read'),
    ).action(async (file: string, options: ImportOptions, command: Command) => {
      // A journal of visits is read in a thread of its own: started first, it loads while the import's modules do.
      const readingThread =
        kind === 'visits' ? (await import('../importers/csv-thread.js')).CsvThread.start() : undefined;
      const [{ importRecords }, { recordImportReport }, { progressBar }] = await Promise.all([
        import('../app/import-records.js'),
        import('../render/record-import.js'),
        import('./progress.js'),
      ]);
      const progress = await progressBar();
      const report = await withDb(command, (db, path) =>
        importRecords(db, path, kind, { ...importOptions(file, options), readingThread }, progress.update),
      ).finally(progress.stop);
      await emit(recordImportReport(report), { json: options.json });
      if (options.saveProfile && !options.dryRun) say(`saved profile '${options.saveProfile}'`);
    });
  }

  withOutputOptions(importCommand.command('list').description('imports done so far')).action(
    async (options: OutputOptions, command: Command) => {
      const [{ listBatches }, { batchListing }] = await Promise.all([
        import('../store/batches.js'),
        import('../render/batches.js'),
      ]);
      const batches = await withDb(command, (db) => listBatches(db));
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
      const result = await withDb(command, (db, path) => undoImport(db, path, batchId));
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
      const { listProfiles } = await import('../store/profiles.js');
      const profiles = await withDb(command, (db) => listProfiles(db));
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
