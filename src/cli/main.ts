import { CommanderError } from 'commander';
import { CrmError } from '../errors.js';
import { buildProgram, namedCommand } from './program.js';

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** The one place that turns outcomes into exit codes: user errors get one line, bugs get their stack. */
export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram(namedCommand(argv)).parseAsync(argv);
    return process.exitCode === undefined ? EXIT.ok : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed its own message (or the help text) already.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof CrmError) {
      process.stderr.write(`crm: ${error.message}\n`);
      return error.exitCode;
    }
    const fileProblem = sqliteFileProblem(error);
    if (fileProblem) {
      process.stderr.write(
        `crm: the database ${fileProblem}; nothing was changed (crm restore can bring back a backup)\n`,
      );
      return EXIT.failed;
    }
    process.stderr.write(
      `crm: internal error (please report it): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return EXIT.failed;
  }
}

/** SQLite's words for a file that fails under a command (found mid-way, not at open): one line, not a stack. */
function sqliteFileProblem(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return 'file is damaged (corrupt)';
  if (code.startsWith('SQLITE_READONLY')) return 'file is read-only';
  if (code === 'SQLITE_FULL') return 'disk is full';
  if (code.startsWith('SQLITE_IOERR')) return 'file could not be read or written (I/O error)';
  return undefined;
}

const code = await main(process.argv);
// Let pending stdout writes drain before exiting (a pipe to `head` or a file).
process.stdout.write('', () => process.exit(code));
