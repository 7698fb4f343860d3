import type { Command } from 'commander';
import { m } from '../i18n/index.js';
import { databasePath, say, tell } from './context.js';

export function registerDbCommands(program: Command): void {
  const h = m.help.db;
  const db = program.command('db').description(h.description);
  db.command('copy')
    .description(h.copy.description)
    .requiredOption('--to <address>', h.copy.to)
    .action(async (options: { to: string }, command: Command) => {
      const { copyDatabase } = await import('../app/db-copy.js');
      const result = await copyDatabase(await databasePath(command), options.to);
      const rows = Object.values(result.counts).reduce((sum, count) => sum + count, 0);
      say(m.said.db.checked({ figures: result.checked.length }));
      tell(m.said.db.copied({ rows, target: result.target }));
    });
}
