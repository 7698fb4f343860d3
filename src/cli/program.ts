import { Command } from 'commander';
import { registerBackupCommands } from './backup.js';
import { registerClientCommands } from './client.js';
import { registerConfigCommands } from './config.js';
import { registerDbCommands } from './db.js';
import { registerDealCommands } from './deal.js';
import { registerDemoCommand } from './demo.js';
import { registerDueCommand } from './due.js';
import { registerExplainCommand } from './explain.js';
import { registerExportCommands } from './export.js';
import { registerImportCommands } from './import.js';
import { registerInitCommand } from './init.js';
import { registerNpsCommands } from './nps.js';
import { registerReportCommands } from './report.js';
import { registerVisitCommands } from './visit.js';

/** Each group of commands with the top-level names it registers (test/cli/program.test.ts keeps the two in step). */
export const COMMAND_GROUPS: Array<{ names: string[]; register: (program: Command) => void }> = [
  { names: ['client'], register: registerClientCommands },
  { names: ['visit'], register: registerVisitCommands },
  { names: ['deal'], register: registerDealCommands },
  { names: ['nps'], register: registerNpsCommands },
  { names: ['import'], register: registerImportCommands },
  { names: ['report'], register: registerReportCommands },
  { names: ['due'], register: registerDueCommand },
  { names: ['explain'], register: registerExplainCommand },
  { names: ['export'], register: registerExportCommands },
  { names: ['backup', 'restore'], register: registerBackupCommands },
  { names: ['config'], register: registerConfigCommands },
  { names: ['demo'], register: registerDemoCommand },
  { names: ['init'], register: registerInitCommand },
  { names: ['db'], register: registerDbCommands },
];

/**
 * The command `argv` names, when it is plainly one of ours: the first word after the program's own options
 * (`--db <path>` or `--db=<path>`). Undefined for anything else (help, a typo, no command), which needs them all.
 */
export function namedCommand(argv: string[]): string | undefined {
  const words = argv.slice(2);
  let i = 0;
  while (words[i] === '--db' || words[i]?.startsWith('--db=')) i += words[i] === '--db' ? 2 : 1;
  const word = words[i];
  return COMMAND_GROUPS.some((group) => group.names.includes(word ?? '')) ? word : undefined;
}

/**
 * The program with every command, or with only the group of `command`: registering all of them costs more than
 * a small report takes, and only help and error messages about unknown commands need the others.
 */
export function buildProgram(command?: string): Command {
  const program = new Command('crm')
    .description('pocket-crm: clients, visits, deals and NPS in one local SQLite file, or on a PostgreSQL server')
    .version('0.1.0')
    .option(
      '--db <path>',
      'database file, or postgres://user@host:port/db (default: $CRM_DB, else a file in the per-user data directory)',
    )
    .showHelpAfterError('(add --help for usage)')
    // Subcommands inherit this: commander throws instead of exiting, and main() picks the exit code.
    .exitOverride();
  for (const group of COMMAND_GROUPS) {
    if (command === undefined || group.names.includes(command)) group.register(program);
  }
  return program;
}
