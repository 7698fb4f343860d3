import type { Command } from 'commander';
import { tell, withStore } from './context.js';

export function registerInitCommand(program: Command): void {
  program
    .command('init')
    .description(
      'create the database: on a PostgreSQL server (--db postgres://user@host/db), crm’s tables in a database that exists; a SQLite file is created by any command',
    )
    .action(async (_options: unknown, command: Command) => {
      const path = await withStore(command, (store) => store.path, { create: true });
      tell(`database ready: ${path}`);
    });
}
