/**
 * commander in the chosen language. It has no translation API (tj/commander.js#1608): crm passes translated text
 * to every description, and here rewrites what commander writes itself: its headings, the names of values in usage
 * lines and option terms (`<client>`, `[options]`), `(default: …, choices: …)`, and its parse errors, which it
 * formats in English before crm sees them and which are read back and written again.
 */
import { type Argument, type Command, Help, type Option } from 'commander';
import { m } from '../i18n/index.js';

/** `<client>`, `[name...]`, `[options]` with the language's word for the value; a name without one is kept. */
export function translatedTerm(text: string): string {
  const { placeholders, usage } = m.help;
  const words: Record<string, string> = placeholders;
  return text
    .replace(/\[options\]/g, usage.options)
    .replace(/\[command\]/g, usage.command)
    .replace(/([<[])([^<>[\]]+?)(\.\.\.)?([>\]])/g, (whole, open: string, name: string, dots = '', close: string) => {
      const word = Object.hasOwn(words, name) ? words[name] : undefined;
      return word === undefined ? whole : `${open}${word}${dots}${close}`;
    });
}

function placeholder(name: string): string {
  const words: Record<string, string> = m.help.placeholders;
  return Object.hasOwn(words, name) ? words[name]! : name;
}

const quotedList = (values: readonly string[]) => values.map((value) => JSON.stringify(value)).join(', ');

/** A description with its `(default: …, choices: …)`, as commander writes it, in the language's words. */
function described(description: string, choices: readonly string[] | undefined, shownDefault: string | undefined) {
  const extra = [
    ...(choices ? [m.help.choices({ values: quotedList(choices) })] : []),
    ...(shownDefault !== undefined ? [m.help.defaultValue({ value: shownDefault })] : []),
  ];
  if (extra.length === 0) return description;
  return description ? `${description} (${extra.join(', ')})` : `(${extra.join(', ')})`;
}

function defaultShown(item: { defaultValue?: unknown; defaultValueDescription?: string }): string | undefined {
  if (item.defaultValue === undefined) return undefined;
  return item.defaultValueDescription || JSON.stringify(item.defaultValue);
}

const HEADINGS = {
  'Usage:': 'usage',
  'Arguments:': 'arguments',
  'Options:': 'options',
  'Global Options:': 'globalOptions',
  'Commands:': 'commands',
} as const;

/** The usage term of a command `crm --help` lists without its group being registered (program.ts), by command. */
const listedTerms = new WeakMap<Command, string>();

/** Marks `command` as listed only: its term in a list of commands is its name and `usage`, as given. */
export function listedCommand(command: Command, usage: string): Command {
  listedTerms.set(command, usage ? `${command.name()} ${usage}` : command.name());
  return command;
}

/** Help text in the chosen language: set on the program before its commands are added, which inherit it. */
export const translatedHelp: Partial<Help> = {
  // commander leaves a description unwrapped when fewer than 40 columns are left beside the terms: `crm client
  // --help` has terms 39 columns wide, and its Russian descriptions ran to 125 columns on an 80-column screen.
  minWidthToWrap: 24,
  styleTitle(title: string): string {
    const key = Object.hasOwn(HEADINGS, title) ? HEADINGS[title as keyof typeof HEADINGS] : undefined;
    return key ? m.help.headings[key] : title;
  },
  commandUsage(this: Help, command: Command): string {
    return translatedTerm(Help.prototype.commandUsage.call(this, command));
  },
  subcommandTerm(this: Help, command: Command): string {
    return translatedTerm(listedTerms.get(command) ?? Help.prototype.subcommandTerm.call(this, command));
  },
  optionTerm(option: Option): string {
    return translatedTerm(option.flags);
  },
  argumentTerm(argument: Argument): string {
    return placeholder(argument.name());
  },
  optionDescription(option: Option): string {
    // commander shows a boolean option's default only when it is a boolean: crm gives none, so values only.
    const showDefault = option.required || option.optional;
    return described(option.description, option.argChoices, showDefault ? defaultShown(option) : undefined);
  },
  argumentDescription(argument: Argument): string {
    return described(argument.description, argument.argChoices, defaultShown(argument));
  },
};

/** commander's suggestion under an unknown option or command, in the language: ` (did you mean --json?)`. */
function suggestion(text: string | undefined): string {
  if (!text) return '';
  const oneOf = /^\(Did you mean one of (.+)\?\)$/.exec(text);
  if (oneOf) return ` (${m.commander.didYouMeanOneOf({ candidates: oneOf[1]! })})`;
  const one = /^\(Did you mean (.+)\?\)$/.exec(text);
  return one ? ` (${m.commander.didYouMean({ candidates: one[1]! })})` : ` ${text}`;
}

/** commander's parse error, without its `error: ` and its suggestion, in the language (as written if unknown). */
function parseErrorWords(said: string): string {
  const words = m.commander;
  let match = /^error: unknown option '(.+?)'(?:\n(\(Did you mean .+\?\)))?$/s.exec(said);
  if (match) return `${words.unknownOption({ option: match[1]! })}${suggestion(match[2])}`;
  match = /^error: unknown command '(.+?)'(?:\n(\(Did you mean .+\?\)))?$/s.exec(said);
  if (match) return `${words.unknownCommand({ command: match[1]! })}${suggestion(match[2])}`;
  match = /^error: missing required argument '(.+)'$/.exec(said);
  if (match) return words.missingArgument({ argument: placeholder(match[1]!) });
  match = /^error: option '(.+)' argument missing$/.exec(said);
  if (match) return words.optionMissingArgument({ option: translatedTerm(match[1]!) });
  match = /^error: too many arguments(?: for '(.+)')?\. Expected (\d+) arguments? but got (\d+)\.$/.exec(said);
  if (match) {
    return words.tooManyArguments({ command: match[1] ?? '', expected: Number(match[2]), received: Number(match[3]) });
  }
  match = /^error: option '(.+)' argument '(.*)' is invalid\. Allowed choices are (.+)\.$/s.exec(said);
  if (match) {
    return words.invalidOptionValue({ option: translatedTerm(match[1]!), value: match[2]!, choices: match[3]! });
  }
  match = /^error: command-argument value '(.*)' is invalid for argument '(.+)'\. Allowed choices are (.+)\.$/s.exec(
    said,
  );
  if (match) {
    const invalid = words.invalidArgumentValue({
      argument: placeholder(match[2]!),
      value: match[1]!,
      choices: match[3]!,
    });
    // `crm export всё.xlsx`: a file's name where a word was expected goes after -o.
    return /\.[a-z][a-z0-9]{1,5}$/i.test(match[1]!)
      ? `${invalid} (${words.fileAfterOutput({ file: match[1]! })})`
      : invalid;
  }
  return said.replace(/^error: /, '').replace(/\n/g, ' ');
}

/**
 * One of commander's parse errors (`error: unknown option '--x'` and its suggestion) as every crm error is written:
 * one line, `crm: ` first, in the language, ending with where the usage is.
 */
export function translatedCommanderError(text: string): string {
  return `crm: ${parseErrorWords(text.replace(/\n$/, ''))}; ${m.help.program.afterError}\n`;
}

/** The program's help option, help command, version and error output, in the language; before commands are added. */
export function speakingCommander(program: Command, version: string): Command {
  const words = m.help.program;
  return program
    .configureHelp(translatedHelp)
    .configureOutput({ outputError: (text, write) => write(translatedCommanderError(text)) })
    .helpOption('-h, --help', words.help)
    .helpCommand('help [command]', words.helpCommand)
    .version(version, '-V, --version', words.version);
}
