import type { Command } from 'commander';
import { m } from '../i18n/index.js';
import { databasePath, tell } from './context.js';

export function registerInitCommand(program: Command): void {
  program
    .command('init')
    .description(m.help.init.description)
    .option('--roles', m.help.init.roles)
    .option('--print', m.help.init.print)
    .action(async (options: { roles?: boolean; print?: boolean }, command: Command) => {
      const { initDatabase, rolesSql } = await import('../app/init.js');
      const address = await databasePath(command);
      if (options.print) {
        process.stdout.write(await rolesSql(address));
        return;
      }
      const result = await initDatabase(address, { roles: options.roles });
      tell(m.said.init.ready({ where: result.where }));
      if (result.roles) {
        tell(m.said.init.roles);
      }
    });
}
