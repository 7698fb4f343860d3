import { Command, Option } from 'commander';
import { type Catalogue, LANGUAGES, m } from '../i18n/index.js';
import { listedCommand, speakingCommander } from './commander-words.js';

/** crm's top-level commands, each with its words in the catalogue's help. */
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

/**
 * A group of commands: the top-level commands it registers, each with the usage `crm --help` lists after its name
 * (its `[options]` and arguments, as commander derives them from the group's registration; test/cli/program.test.ts
 * keeps the two in step).
 */
export interface CommandGroup {
  listed: Partial<Record<TopCommand, string>>;
  /** The group's register function: its module loads only when one of its commands runs or its help is asked. */
  load: () => Promise<(program: Command) => void>;
}

export const COMMAND_GROUPS: CommandGroup[] = [
  { listed: { client: '' }, load: async () => (await import('./client.js')).registerClientCommands },
  { listed: { visit: '' }, load: async () => (await import('./visit.js')).registerVisitCommands },
  { listed: { deal: '' }, load: async () => (await import('./deal.js')).registerDealCommands },
  { listed: { nps: '' }, load: async () => (await import('./nps.js')).registerNpsCommands },
  { listed: { import: '' }, load: async () => (await import('./import.js')).registerImportCommands },
  { listed: { report: '' }, load: async () => (await import('./report.js')).registerReportCommands },
  { listed: { due: '[options]' }, load: async () => (await import('./due.js')).registerDueCommand },
  {
    listed: { explain: '[options] <metric>' },
    load: async () => (await import('./explain.js')).registerExplainCommand,
  },
  { listed: { export: '[options] [what]' }, load: async () => (await import('./export.js')).registerExportCommands },
  {
    listed: { backup: '[options] [file]', restore: '[options] <file>' },
    load: async () => (await import('./backup.js')).registerBackupCommands,
  },
  { listed: { config: '' }, load: async () => (await import('./config.js')).registerConfigCommands },
  { listed: { demo: '[options]' }, load: async () => (await import('./demo.js')).registerDemoCommand },
  { listed: { init: '[options]' }, load: async () => (await import('./init.js')).registerInitCommand },
  { listed: { db: '' }, load: async () => (await import('./db.js')).registerDbCommands },
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
export async function buildProgram(command?: string): Promise<Command> {
  const program = bareProgram();
  for (const group of COMMAND_GROUPS) {
    if (command === undefined) {
      for (const name of namesOf(group)) listCommand(program, name, group.listed[name]!);
    } else if (namesOf(group).some((name) => name === command)) (await group.load())(program);
  }
  return program;
}

/** The program with every command registered: what the tests walk, command by command. */
export async function buildEveryCommand(): Promise<Command> {
  const program = bareProgram();
  for (const group of COMMAND_GROUPS) (await group.load())(program);
  return program;
}

function listCommand(program: Command, name: TopCommand, usage: string): void {
  listedCommand(program.command(name).description(m.help[name].description), usage);
}
