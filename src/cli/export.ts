import { Argument, type Command, Option } from 'commander';
import { UsageError } from '../errors.js';
import { say, withOutputPath, withStore } from './context.js';

interface ExportCommandOptions {
  output?: string;
  format?: 'csv' | 'json' | 'vcard';
  for?: 'calc' | 'excel';
  encoding?: 'utf8' | 'cp1251';
  vcardVersion?: '4.0' | '3.0';
  onePerClient?: boolean;
  force?: boolean;
}

export function registerExportCommands(program: Command): void {
  withOutputPath(
    program
      .command('export')
      .description(
        'write out everything: CSV files or one .xlsx/.ods workbook that crm import reads back, JSON, or vCard',
      )
      .addArgument(
        new Argument('[what]', "'vcard': a contacts file for phones (as --format vcard)").choices(['vcard']),
      ),
    'path',
    'directory to write into (default: ./pocket-crm-export-YYYYMMDD-HHMMSS); or an .xlsx/.ods workbook; vCard: or a .vcf file',
    { directoryAllowed: true },
  )
    .addOption(new Option('--format <format>', 'what to write (default: csv)').choices(['csv', 'json', 'vcard']))
    .addOption(
      new Option(
        '--for <spreadsheet>',
        "CSV a spreadsheet in the configured locale opens (';', 1500,50, 17.05.2026)",
      ).choices(['calc', 'excel']),
    )
    .addOption(
      new Option('--encoding <encoding>', 'CSV encoding (default: utf8; with a BOM when --for)').choices([
        'utf8',
        'cp1251',
      ]),
    )
    .addOption(
      new Option('--vcard-version <version>', 'vCard version (default: 4.0; 3.0 for old phones)').choices([
        '4.0',
        '3.0',
      ]),
    )
    .option('--one-per-client', 'vCard: one file per client in the directory')
    .option('--force', 'overwrite the files of an earlier export')
    .action(async (what: 'vcard' | undefined, options: ExportCommandOptions, command: Command) => {
      const vcard = what === 'vcard' || options.format === 'vcard';
      if (what === 'vcard' && options.format && options.format !== 'vcard') {
        throw new UsageError(`'crm export vcard' writes vCard; --format ${options.format} contradicts it`);
      }
      if (!vcard && (options.vcardVersion || options.onePerClient)) {
        throw new UsageError('--vcard-version and --one-per-client apply to crm export vcard only');
      }
      if (vcard && (options.for || options.encoding))
        throw new UsageError('--for and --encoding apply to CSV files only');
      const { exportAll, exportVcards } = await import('../app/export.js');
      const result = await withStore(
        command,
        (store) =>
          vcard
            ? exportVcards(store, {
                out: options.output,
                version: options.vcardVersion,
                onePerClient: options.onePerClient,
                force: options.force,
              })
            : exportAll(store, {
                out: options.output,
                format: options.format,
                for: options.for,
                encoding: options.encoding,
                force: options.force,
              }),
        true,
      );
      if (result.locale) say(`spreadsheet locale: ${result.locale} (crm config set locale to change it)`);
      for (const file of result.files) say(`wrote ${file.path}: ${file.holds}`);
      process.stdout.write(`${result.out}\n`);
    });
}
