import { Command, Option } from 'commander';
import { type Catalogue, LANGUAGES, m } from '../i18n/index.js';
import { registerBackupCommands } from './backup.js';
import { registerClientCommands } from './client.js';
import { listedCommand, speakingCommander } from './commander-words.js';
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

/**
 * Each group of commands: the top-level commands it registers, each with the usage `crm --help` lists after its name
 * (its `[options]` and arguments, as commander derives them from the group's registration; test/cli/program.test.ts
 * keeps the two in step).
 */
type TopCommand = keyof Pick<
  Catalogue['help'],
  | 'client'
  | 'visit'
  | 'deal'
  | 'nps'
  | 'import'
  | 'report'
  | 'due'
  | 'explain'
  | 'export'
  | 'backup'
  | 'restore'
  | 'config'
  | 'demo'
  | 'init'
  | 'db'
>;

export interface CommandGroup {
  listed: Partial<Record<TopCommand, string>>;
  register: (program: Command) => void;
}

export const COMMAND_GROUPS: CommandGroup[] = [
  { listed: { client: '' }, register: registerClientCommands },
  { listed: { visit: '' }, register: registerVisitCommands },
  { listed: { deal: '' }, register: registerDealCommands },
  { listed: { nps: '' }, register: registerNpsCommands },
  { listed: { import: '' }, register: registerImportCommands },
  { listed: { report: '' }, register: registerReportCommands },
  { listed: { due: '[options]' }, register: registerDueCommand },
  { listed: { explain: '[options] <metric>' }, register: registerExplainCommand },
  { listed: { export: '[options] [what]' }, register: registerExportCommands },
  { listed: { backup: '[options] [file]', restore: '[options] <file>' }, register: registerBackupCommands },
  { listed: { config: '' }, register: registerConfigCommands },
  { listed: { demo: '[options]' }, register: registerDemoCommand },
  { listed: { init: '[options]' }, register: registerInitCommand },
  { listed: { db: '' }, register: registerDbCommands },
];

/** The top-level commands a group registers. */
export const namesOf = (group: CommandGroup) => Object.keys(group.listed) as TopCommand[];

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
  let word = words[i];
  // `crm help report` is the help of report's group.
  if (word === 'help') word = words[i + 1];
  return COMMAND_GROUPS.some((group) => namesOf(group).some((name) => name === word)) ? word : undefined;
}

/** crm with its own options, speaking the chosen language (useLanguage before this), and no commands yet. */
function bareProgram(): Command {
  const words = m.help.program;
  return (
    speakingCommander(new Command('crm'), '0.1.0')
      .description(words.description)
      .option('--db <path>', words.db)
      .addOption(new Option('--lang <language>', words.lang).choices(LANGUAGES))
      // Subcommands inherit this: commander throws instead of exiting, and main() picks the exit code.
      .exitOverride()
  );
}

/**
 * The program with the commands of the group `command` names. For anything else (help, a typo, no command) it lists
 * every command as `crm --help` shows it, by name, usage and description, without registering one: registering them
 * all costs more than `--help` has to spend, and an unknown command or `--help` needs no more than their names.
 */
export function buildProgram(command?: string): Command {
  const program = bareProgram();
  for (const group of COMMAND_GROUPS) {
    if (command === undefined) {
      for (const name of namesOf(group)) listCommand(program, name, group.listed[name]!);
    } else if (namesOf(group).some((name) => name === command)) group.register(program);
  }
  return program;
}

/** The program with every command registered: what the tests walk, command by command. */
export function buildEveryCommand(): Command {
  const program = bareProgram();
  for (const group of COMMAND_GROUPS) group.register(program);
  return program;
}

function listCommand(program: Command, name: TopCommand, usage: string): void {
  listedCommand(program.command(name).description(m.help[name].description), usage);
}
