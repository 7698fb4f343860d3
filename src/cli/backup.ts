import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { m } from '../i18n/index.js';
import { databasePath, isInteractive, say, withOutputPath } from './context.js';

interface Counts {
  clients: number;
  visits: number;
  deals: number;
  answers: number;
}

function size(bytes: number): string {
  const words = m.said.backup;
  return bytes < 1024 * 1024
    ? words.kilobytes({ size: Math.ceil(bytes / 1024) })
    : words.megabytes({ size: Math.round((bytes / 1024 / 1024) * 10) / 10 });
}

export function registerBackupCommands(program: Command): void {
  const { backup: h, restore: r } = m.help;
  withOutputPath(program.command('backup').description(h.description).argument('[file]', h.file), 'file', h.output, {
    directoryAllowed: true,
  }).action(async (file: string | undefined, options: { output?: string }, command: Command) => {
    if (file !== undefined && options.output !== undefined && file !== options.output) {
      throw new UsageError(m.said.backup.onePlace({ file, output: options.output }));
    }
    const { backupDatabase } = await import('../app/backup.js');
    const result = await backupDatabase(await databasePath(command), file ?? options.output);
    say(m.said.backup.written({ path: result.path, size: size(result.bytes) }));
    process.stdout.write(`${result.path}\n`);
  });

  program
    .command('restore')
    .description(r.description)
    .argument('<file>', r.file)
    .option('--yes', r.yes)
    .action(async (file: string, options: { yes?: boolean }, command: Command) => {
      const { planRestore, restoreDatabase } = await import('../app/backup.js');
      const plan = await planRestore(await databasePath(command), file);
      const words = m.said.backup;
      const describe = (info: Counts) =>
        words.contents({
          clients: m.counts.clients(info.clients),
          visits: m.counts.visits(info.visits),
          deals: m.counts.deals(info.deals),
          answers: m.counts.npsAnswers(info.answers),
        });
      if (!options.yes) {
        if (!isInteractive()) throw new UsageError(words.restoreNeedsYes);
        const { promptConfirm } = await import('./prompts.js');
        if (plan.engine === 'postgres') {
          const { backup, current } = plan;
          say(
            words.dumpLine({
              file,
              schema: backup.schemaVersion,
              database: backup.database,
              createdAt: backup.createdAt,
            }),
          );
          say(current ? words.replacesLine({ path: current.where, contents: describe(current) }) : words.intoEmpty);
        } else {
          say(words.backupLine({ file, contents: describe(plan.backup) }));
          say(words.replacesLine({ path: plan.databasePath, contents: plan.current ? describe(plan.current) : '' }));
        }
        if (!(await promptConfirm(words.confirmRestore))) {
          say(m.said.nothingChanged);
          return;
        }
      }
      const result = await restoreDatabase(plan);
      if (result.restored)
        say(words.restored({ path: result.restored.where, file, contents: describe(result.restored) }));
      else if (plan.engine === 'sqlite')
        say(words.restored({ path: plan.databasePath, file, contents: describe(plan.backup) }));
      if (result.replacedPath) say(words.replacedKept({ path: result.replacedPath }));
    });
}
