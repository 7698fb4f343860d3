import { Argument, type Command, Option } from 'commander';
import { m } from '../i18n/index.js';
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
  const h = m.help.export;
  withOutputPath(
    program
      .command('export')
      .description(h.description)
      .addArgument(new Argument('[what]', h.what).choices(['vcard'])),
    'path',
    h.output,
    { directoryAllowed: true },
  )
    .addOption(new Option('--format <format>', h.format).choices(['csv', 'json', 'vcard']))
    .addOption(new Option('--for <spreadsheet>', h.for).choices(['calc', 'excel']))
    .addOption(new Option('--encoding <encoding>', h.encoding).choices(['utf8', 'cp1251']))
    .addOption(new Option('--vcard-version <version>', h.vcardVersion).choices(['4.0', '3.0']))
    .option('--one-per-client', h.onePerClient)
    .option('--force', h.force)
    .action(async (what: 'vcard' | undefined, options: ExportCommandOptions, command: Command) => {
      const { exportAll } = await import('../app/export.js');
      const result = await withStore(
        command,
        (store) => exportAll(store, { ...options, out: options.output, vcard: what === 'vcard' }),
        true,
      );
      if (result.locale) say(m.said.export.spreadsheetLocale({ locale: result.locale }));
      for (const file of result.files) say(m.said.export.wrote({ path: file.path, holds: file.holds }));
      process.stdout.write(`${result.out}\n`);
    });
}
