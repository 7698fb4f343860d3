import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { databasePath, isInteractive, say, withOutputPath } from './context.js';

interface Counts {
  clients: number;
  visits: number;
  deals: number;
  answers: number;
}

function size(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function registerBackupCommands(program: Command): void {
  withOutputPath(
    program
      .command('backup')
      .description('a consistent copy of the database, safe while other crm commands run')
      .argument(
        '[file]',
        'file or directory to write (default: crm-backup-YYYYMMDD-HHMMSS.sqlite beside the database; for a server database, crm-backup-YYYYMMDD-HHMMSS.dump in the working directory)',
      ),
    'file',
    'the same as FILE',
    { directoryAllowed: true },
  ).action(async (file: string | undefined, options: { output?: string }, command: Command) => {
    if (file !== undefined && options.output !== undefined && file !== options.output) {
      throw new UsageError(`the backup goes to one place: '${file}' and --output '${options.output}' differ`);
    }
    const { backupDatabase } = await import('../app/backup.js');
    const result = await backupDatabase(await databasePath(command), file ?? options.output);
    say(`backup written: ${result.path} (${size(result.bytes)})`);
    process.stdout.write(`${result.path}\n`);
  });

  program
    .command('restore')
    .description('replace the database with a backup; the replaced one is kept beside it')
    .argument(
      '<file>',
      'a backup written by crm backup (or any pocket-crm database file, or a pg_dump -Fc of a server one)',
    )
    .option('--yes', 'do not ask for confirmation (required without a terminal)')
    .action(async (file: string, options: { yes?: boolean }, command: Command) => {
      const { planRestore, restoreDatabase } = await import('../app/backup.js');
      const plan = await planRestore(await databasePath(command), file);
      const describe = (info: Counts) =>
        `${info.clients} clients, ${info.visits} visits, ${info.deals} deals, ${info.answers} NPS answers`;
      if (!options.yes) {
        if (!isInteractive()) throw new UsageError('crm restore replaces the database: add --yes to confirm');
        const { promptConfirm } = await import('./prompts.js');
        if (plan.engine === 'postgres') {
          const { backup, current } = plan;
          say(
            `backup:   ${file} (schema ${backup.schemaVersion}, dumped from ${backup.database} at ${backup.createdAt})`,
          );
          say(current ? `replaces: ${current.where} (${describe(current)})` : 'into a database with no crm tables yet');
        } else {
          say(`backup:   ${file} (${describe(plan.backup)})`);
          say(`replaces: ${plan.databasePath}${plan.current ? ` (${describe(plan.current)})` : ''}`);
        }
        if (!(await promptConfirm('Replace the database with the backup?'))) {
          say('nothing changed');
          return;
        }
      }
      const result = await restoreDatabase(plan);
      if (result.restored) say(`restored ${result.restored.where} from ${file} (${describe(result.restored)})`);
      else if (plan.engine === 'sqlite') say(`restored ${plan.databasePath} from ${file} (${describe(plan.backup)})`);
      if (result.replacedPath) say(`the replaced database is kept as ${result.replacedPath}`);
    });
}
