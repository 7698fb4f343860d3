import { basename, extname } from 'node:path';
import { type Command, Option } from 'commander';
import type { ChooseClient } from '../app/clients.js';
import type { RegionLearned } from '../app/region.js';
import { UsageError } from '../errors.js';
import type { WorkbookType } from '../exporters/workbook.js';
import { dateDisplay, showDate } from '../i18n/dates.js';
import { m } from '../i18n/index.js';
import { escapeControls } from '../render/escape.js';
import { outputWidth } from '../render/terminal.js';
import { wrapProse } from '../render/text-width.js';
import { FORMATS, type Format, type Renderable } from '../render/types.js';
import type { OpenStoreOptions, Store } from '../store/store.js';

/**
 * `-o, --output`, the one option of every command that writes a file, with `--out` as the same option (what
 * crm export has always documented). `--out` is folded into `output` before the action runs: no action sees it.
 * An output that is the database (or a file SQLite keeps beside it) is refused before the action runs.
 */
export function withOutputPath(
  command: Command,
  valueName: string,
  description: string,
  { directoryAllowed = false } = {},
): Command {
  return command
    .option(`-o, --output <${valueName}>`, description)
    .addOption(new Option('--out <path>', m.help.output.out).hideHelp())
    .hook('preAction', async (thisCommand) => {
      const { output, out } = thisCommand.opts<{ output?: string; out?: string }>();
      if (out !== undefined) {
        if (output !== undefined && output !== out) {
          throw new UsageError(m.said.context.twoOutputs({ output, out }));
        }
        thisCommand.setOptionValue('output', out);
        thisCommand.setOptionValue('out', undefined);
      }
      const path = out ?? output;
      if (path === undefined) return;
      // `-o -` is the screen (stdout), as in most tools: `crm report monthly --format html -o - | mail`.
      if (path === '-' && !directoryAllowed) {
        thisCommand.setOptionValue('output', undefined);
        return;
      }
      const [{ checkOutputPath }, { resolveDatabasePath }] = await Promise.all([
        import('../app/output-files.js'),
        import('../store/store.js'),
      ]);
      checkOutputPath(path, {
        database: resolveDatabasePath(databasePathOf(thisCommand)),
        directoryAllowed,
        directoryHint: m.errors.files.outputTakesFile,
      });
    });
}

/** Output options, declared once and added to every command that prints a listing or a report. */
export function withOutputOptions(command: Command): Command {
  return withOutputPath(
    command
      .addOption(new Option('--format <format>', m.help.output.format).choices(FORMATS))
      .option('--json', m.help.output.json),
    'file',
    m.help.output.file({ extensions: Object.keys(OUTPUT_FILES).join(' ') }),
  ).hook('preAction', (thisCommand) => {
    // A name whose format cannot be told is refused before the database is opened.
    outputFile(thisCommand.opts<OutputOptions>());
  });
}

export interface OutputOptions {
  format?: Format;
  json?: boolean;
  output?: string;
}

/** What an output is: the format a listing or report is made for and, for a workbook, which one it is written as. */
interface OutputFile {
  format: Format;
  /** Written as a workbook of the CSV table (every field, its figures typed) instead of the format's text. */
  workbook?: WorkbookType;
}

/** What `-o FILE` writes, by the file's extension, when --format is absent: a new format is one line here. */
const OUTPUT_FILES: Record<string, OutputFile> = {
  '.csv': { format: 'csv' },
  '.json': { format: 'json' },
  '.md': { format: 'md' },
  '.markdown': { format: 'md' },
  '.txt': { format: 'table' },
  // A self-contained page: a report with its charts, any listing as a table.
  '.html': { format: 'html' },
  '.htm': { format: 'html' },
  '.xlsx': { format: 'csv', workbook: 'xlsx' },
  '.ods': { format: 'csv', workbook: 'ods' },
};

function outputFile(options: OutputOptions): OutputFile {
  if (options.json) return { format: 'json' };
  if (options.format) return { format: options.format };
  if (options.output) {
    const file = OUTPUT_FILES[extname(options.output).toLowerCase()];
    if (!file) {
      throw new UsageError(
        m.said.context.formatUnknown({ file: options.output, extensions: Object.keys(OUTPUT_FILES).join(', ') }),
      );
    }
    return file;
  }
  return { format: 'table' };
}

export function chooseFormat(options: OutputOptions): Format {
  return outputFile(options).format;
}

/**
 * Renders and writes, a piece at a time (a listing's JSON comes a MB at a time); `renderPieces` is passed in by a
 * caller that has loaded it already (report-runtime.ts).
 */
export async function emit(
  renderable: Renderable,
  options: OutputOptions,
  renderPieces?: typeof import('../render/render.js').renderPieces,
): Promise<void> {
  const { format, workbook } = outputFile(options);
  if (options.output && workbook) {
    const { tableSheet, writeWorkbook } = await import('../exporters/workbook.js');
    // One sheet, named after the file: `ноябрь.xlsx` holds the sheet `ноябрь`.
    const sheet = tableSheet(
      basename(options.output, extname(options.output)),
      renderable.sheet ?? renderable.csv ?? renderable.table,
    );
    const bytes = await writeWorkbook([sheet], { type: workbook, dates: dateDisplay(), file: options.output });
    (await import('../app/output-files.js')).writeOutputFile(options.output, bytes);
    return;
  }
  const renderAs = renderPieces ?? (await import('../render/render.js')).renderPieces;
  // A file is read later, in an editor or a mail: it takes its natural width, not this terminal's.
  const bytes = renderAs(renderable, format, options.output ? { width: Number.POSITIVE_INFINITY } : {});
  if (options.output)
    (await import('../app/output-files.js')).writeOutputFile(options.output, Buffer.concat([...bytes]));
  else for (const piece of bytes) process.stdout.write(piece);
}

/** A date in a message, as the person's locale writes it (`17.05.2026` under ru_RU). */
export function shownDate(iso: string): string {
  return showDate(iso, dateDisplay());
}

/**
 * Prints a line of progress or explanation; on stderr so that `--json` output stays parseable. Names and notes in it
 * are shown as a table shows them: control characters escaped, so that an imported name cannot drive the terminal.
 * At a terminal a long line is wrapped at spaces; in a log (cron, a pipe) each message stays one line to grep.
 */
export function say(line: string): void {
  const width = process.stderr.isTTY ? outputWidth(process.stderr) : Number.POSITIVE_INFINITY;
  process.stderr.write(`${wrapProse(escapeControls(line), width)}\n`);
}

/**
 * What a write that read phones in the locale's region says of it, once: the region now kept for the database, and
 * the phones kept as written that it read again.
 */
export function sayRegionLearned(learned: RegionLearned | undefined): void {
  if (!learned) return;
  say(m.said.region.learned({ region: learned.region, from: learned.from }));
  if (learned.phonesReadAgain > 0)
    say(
      m.said.region.readAgain({
        region: learned.region,
        phones: learned.phonesReadAgain,
        duplicates: learned.possibleDuplicates,
      }),
    );
}

/** A line of a command's own result on stdout, escaped as `say` escapes. */
export function tell(line: string): void {
  process.stdout.write(`${escapeControls(line)}\n`);
}

export function databasePathOf(command: Command): string | undefined {
  return (command.optsWithGlobals() as { db?: string }).db;
}

/** The database file the command names (`--db`, `CRM_DB` or the default), without opening it. */
export async function databasePath(command: Command): Promise<string> {
  const { resolveDatabasePath } = await import('../store/store.js');
  return resolveDatabasePath(databasePathOf(command));
}

/** What withStore uses of src/store. */
export interface StoreOpening {
  connectStore: typeof import('../store/store.js').connectStore;
  resolveDatabasePath: typeof import('../store/store.js').resolveDatabasePath;
}

/**
 * Opens the store the command names (`--db`, `CRM_DB` or the default: a SQLite file or a PostgreSQL server), runs
 * `work`, and always closes it. `readonly` is a boolean or the open's options (`crm init`: `{ create: true }`);
 * `opening` is passed in by a caller that has loaded it already (report-runtime.ts).
 */
export async function withStore<T>(
  command: Command,
  work: (store: Store) => Promise<T> | T,
  readonly: boolean | OpenStoreOptions = false,
  opening?: StoreOpening,
): Promise<T> {
  const { connectStore, resolveDatabasePath } = opening ?? (await import('../store/store.js'));
  const options = {
    ...(typeof readonly === 'boolean' ? { readonly } : readonly),
    onWait: () => say(m.said.context.waitingForWriter),
  };
  const store = await connectStore(resolveDatabasePath(databasePathOf(command)), options);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

export function isInteractive(): boolean {
  return Boolean(process.stdin.isTTY && process.stdout.isTTY);
}

/**
 * Refuses, in words a script's author understands, to wait for input that no terminal can give. `missing` names
 * options as they are typed (`--title`) and arguments by their names in capitals (`CLIENT`), which are said in the
 * language's words for them.
 */
export function requireArguments(command: string, missing: string[]): void {
  if (missing.length && !isInteractive()) {
    const named = missing.map(argumentName);
    throw new UsageError(m.said.context.needsArguments({ command, missing: named.join(m.said.context.and) }));
  }
}

/** An argument (`ID`) by the language's name for it, as its help shows it (`НОМЕР`); an option as it is typed. */
function argumentName(name: string): string {
  const words: Record<string, string> = m.help.placeholders;
  return name.startsWith('-') ? name : (words[name.toLowerCase()] ?? name).toUpperCase();
}

/** How a use case asks the person to pick one of several clients: a menu on a terminal, nothing elsewhere. */
export function chooser(): ChooseClient | undefined {
  if (!isInteractive()) return undefined;
  return async (message, choices) => (await import('./prompts.js')).promptChoice(message, choices);
}

/** Repeatable options (`--tag a --tag b`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function parseIntegerArgument(text: string, what: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(m.said.context.wholeNumber({ what: argumentName(what), text }));
  return Number(text);
}
