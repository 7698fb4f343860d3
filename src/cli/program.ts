import { Command, Option } from 'commander';
import { LANGUAGES, m } from '../i18n/index.js';
import { registerBackupCommands } from './backup.js';
import { registerClientCommands } from './client.js';
import { speakingCommander } from './commander-words.js';
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

/** The program's own options that take a value. */
const PROGRAM_OPTIONS = ['--db', '--lang'];

/**
 * The command `argv` names, when it is plainly one of ours: the first word after the program's own options
 * (`--db <path>`, `--lang=ru`). Undefined for anything else (help, a typo, no command), which needs them all.
 */
export function namedCommand(argv: string[]): string | undefined {
  const words = argv.slice(2);
  let i = 0;
  for (;;) {
    const word = words[i] ?? '';
    if (PROGRAM_OPTIONS.includes(word)) i += 2;
    else if (PROGRAM_OPTIONS.some((option) => word.startsWith(`${option}=`))) i += 1;
    else break;
  }
  const word = words[i];
  return COMMAND_GROUPS.some((group) => group.names.includes(word ?? '')) ? word : undefined;
}

/**
 * The program with every command, or with only the group of `command`: registering all of them costs more than
 * a small report takes, and only help and error messages about unknown commands need the others. Its words are
 * the chosen language's (useLanguage before this).
 */
export function buildProgram(command?: string): Command {
  const words = m.help.program;
  const program = speakingCommander(new Command('crm'), '0.1.0')
    .description(words.description)
    .option('--db <path>', words.db)
    .addOption(new Option('--lang <language>', words.lang).choices(LANGUAGES))
    // Subcommands inherit this: commander throws instead of exiting, and main() picks the exit code.
    .exitOverride();
  for (const group of COMMAND_GROUPS) {
    if (command === undefined || group.names.includes(command)) group.register(program);
  }
  return program;
}
