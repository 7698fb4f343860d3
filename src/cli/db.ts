import type { Command } from 'commander';
import { databasePath, say, tell } from './context.js';

export function registerDbCommands(program: Command): void {
  const db = program.command('db').description('the database as a whole: copy it to a server or back to a file');
  db.command('copy')
    .description(
      'copy every record (ids and import history included) into an empty PostgreSQL database or a new SQLite file, and check the copy against this one',
    )
    .requiredOption('--to <address>', 'postgres://user@host:port/db (empty), or a new FILE.sqlite')
    .action(async (options: { to: string }, command: Command) => {
      const { copyDatabase } = await import('../app/db-copy.js');
      const result = await copyDatabase(await databasePath(command), options.to);
      const rows = Object.values(result.counts).reduce((sum, count) => sum + count, 0);
      say(
        `checked on both sides: ${result.checked.length} figures (every table's rows, revenue, ARPU, churn, NPS, repeat)`,
      );
      tell(`done: ${rows} rows copied to ${result.target}; both databases agree`);
    });
}
