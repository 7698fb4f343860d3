import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { m } from '../i18n/index.js';
import { databasePath, isInteractive, say, withOutputPath } from './context.js';

function size(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function registerBackupCommands(program: Command): void {
  const { backup: h, restore: r } = m.help;
  withOutputPath(program.command('backup').description(h.description).argument('[file]', h.file), 'file', h.output, {
    directoryAllowed: true,
  }).action(async (file: string | undefined, options: { output?: string }, command: Command) => {
    if (file !== undefined && options.output !== undefined && file !== options.output) {
      throw new UsageError(`the backup goes to one place: '${file}' and --output '${options.output}' differ`);
    }
    const { backupDatabase } = await import('../app/backup.js');
    const result = backupDatabase(await databasePath(command), file ?? options.output);
    say(`backup written: ${result.path} (${size(result.bytes)})`);
    process.stdout.write(`${result.path}\n`);
  });

  program
    .command('restore')
    .description(r.description)
    .argument('<file>', r.file)
    .option('--yes', r.yes)
    .action(async (file: string, options: { yes?: boolean }, command: Command) => {
      const { planRestore, restoreDatabase } = await import('../app/backup.js');
      const plan = planRestore(await databasePath(command), file);
      const describe = (info: typeof plan.backup) =>
        `${info.clients} clients, ${info.visits} visits, ${info.deals} deals, ${info.answers} NPS answers`;
      if (!options.yes) {
        if (!isInteractive()) throw new UsageError('crm restore replaces the database: add --yes to confirm');
        const { promptConfirm } = await import('./prompts.js');
        say(`backup:   ${file} (${describe(plan.backup)})`);
        say(`replaces: ${plan.databasePath}${plan.current ? ` (${describe(plan.current)})` : ''}`);
        if (!(await promptConfirm('Replace the database with the backup?'))) {
          say('nothing changed');
          return;
        }
      }
      const result = restoreDatabase(plan);
      say(`restored ${plan.databasePath} from ${file} (${describe(plan.backup)})`);
      if (result.replacedPath) say(`the replaced database is kept as ${result.replacedPath}`);
    });
}
