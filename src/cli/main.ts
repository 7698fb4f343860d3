import { CommanderError } from 'commander';
import { CancelledError, CrmError, FileError, fileError, NothingToImport } from '../errors.js';
import { currentLanguage, m } from '../i18n/index.js';
import { escapeControls } from '../render/escape.js';
import { outputWidth } from '../render/terminal.js';
import { wrapProse } from '../render/text-width.js';
import { releaseLanguageConnection, speakLanguageOf } from './language.js';
import { buildProgram, namedCommand } from './program.js';

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Runs one command: its exit code. */
export async function main(argv: string[]): Promise<number> {
  try {
    return await run(argv);
  } finally {
    await releaseLanguageConnection();
  }
}

/** The one place that turns outcomes into exit codes: user errors get one line, bugs get their stack. */
async function run(argv: string[]): Promise<number> {
  try {
    await speakLanguageOf(argv);
    await (await buildProgram(namedCommand(argv))).parseAsync(argv);
    return process.exitCode === undefined ? EXIT.ok : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed its own message (or the help text) already.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const userError = isPromptExit(error) ? new CancelledError() : error;
    if (userError instanceof NothingToImport) {
      process.stdout.write(`${escapeControls(userError.message)}\n`);
      return userError.exitCode;
    }
    if (userError instanceof CrmError) {
      // Messages quote names and cells from files: escaped, so that they cannot drive the terminal.
      sayError(`crm: ${escapeControls(userError.message)}`);
      return userError.exitCode;
    }
    const fileProblem = sqliteFileProblem(error);
    if (fileProblem) {
      process.stderr.write(`crm: ${m.said.main.databaseProblem({ problem: fileProblem })}\n`);
      return EXIT.failed;
    }
    const strayFileError = fileErrorOnPath(error);
    if (strayFileError) {
      process.stderr.write(`crm: ${strayFileError.message}\n`);
      return strayFileError.exitCode;
    }
    const said = escapeControls(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.stderr.write(`crm: ${m.said.main.internal({ error: said })}\n`);
    return EXIT.failed;
  }
}

/**
 * A person's error: at a terminal wrapped at spaces as `say` wraps (the terminal would cut a phone or a command to
 * paste at its last column); in a log, one line to grep.
 */
function sayError(line: string): void {
  const width = process.stderr.isTTY ? outputWidth(process.stderr) : Number.POSITIVE_INFINITY;
  process.stderr.write(`${wrapProse(line, width)}\n`);
}

/**
 * Inquirer's errors for a prompt the person left. Prompts in src/cli/prompts.ts turn them into CancelledError; this
 * catches one that slipped past, by name, so that the inquirer package need not load for every command.
 */
function isPromptExit(error: unknown): boolean {
  return error instanceof Error && ['ExitPromptError', 'AbortPromptError', 'CancelPromptError'].includes(error.name);
}

/**
 * A Node file-system error that names its file (`ENOSPC ... open 'x.csv'`) and was not turned into a FileError where
 * it happened: still one line naming the file and the cause, never a stack.
 */
function fileErrorOnPath(error: unknown): FileError | undefined {
  const path = (error as { path?: unknown } | null)?.path;
  const converted = typeof path === 'string' ? fileError(path, error) : undefined;
  return converted instanceof FileError ? converted : undefined;
}

/** SQLite's words for a file that fails under a command (found mid-way, not at open): one line, not a stack. */
function sqliteFileProblem(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const words = m.said.main;
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return words.corrupt;
  if (code.startsWith('SQLITE_READONLY')) return words.readOnly;
  if (code === 'SQLITE_FULL') return words.full;
  if (code.startsWith('SQLITE_IOERR')) return words.io;
  return undefined;
}

/**
 * Ctrl-C outside a prompt (a long import, a report): one line, exit 130. An open transaction is never committed, so
 * SQLite rolls it back on the next open. A progress bar hides the cursor: show it again.
 */
export function exitOnInterrupt(): void {
  process.once('SIGINT', () => {
    if (process.stderr.isTTY) process.stderr.write('\x1b[?25h\n');
    // Before the language is chosen (a Ctrl-C in the first milliseconds) there are no words yet but English.
    const said = currentLanguage() ? m.said.main.interrupted : 'interrupted; nothing unfinished was saved';
    process.stderr.write(`crm: ${said}\n`);
    process.exit(130);
  });
}
