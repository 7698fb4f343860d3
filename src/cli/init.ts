import type { Command } from 'commander';
import { databasePath, tell } from './context.js';

export function registerInitCommand(program: Command): void {
  program
    .command('init')
    .description(
      'create the database: on a PostgreSQL server (--db postgres://user@host/db), crm’s tables in a database that exists; a SQLite file is created by any command',
    )
    .option(
      '--roles',
      'also create the roles crm_owner (holds the tables), crm_user (read and write), crm_reports (read only)',
    )
    .option('--print', 'with --roles: print the SQL instead of running it')
    .action(async (options: { roles?: boolean; print?: boolean }, command: Command) => {
      const { initDatabase, rolesSql } = await import('../app/init.js');
      const address = await databasePath(command);
      if (options.print) {
        process.stdout.write(await rolesSql(address));
        return;
      }
      const result = await initDatabase(address, { roles: options.roles });
      tell(`database ready: ${result.where}`);
      if (result.roles) {
        tell(
          'roles ready: crm_owner (tables), crm_user (read and write), crm_reports (read only); grant one to each login',
        );
      }
    });
}
