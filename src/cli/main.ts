import { Command, CommanderError } from 'commander';
import { CrmError } from '../errors.js';
import { registerBackupCommands } from './backup.js';
import { registerClientCommands } from './client.js';
import { registerConfigCommands } from './config.js';
import { registerDealCommands } from './deal.js';
import { registerDemoCommand } from './demo.js';
import { registerDueCommand } from './due.js';
import { registerExplainCommand } from './explain.js';
import { registerExportCommands } from './export.js';
import { registerImportCommands } from './import.js';
import { registerNpsCommands } from './nps.js';
import { registerReportCommands } from './report.js';
import { registerVisitCommands } from './visit.js';

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export function buildProgram(): Command {
  const program = new Command('crm')
    .description('pocket-crm: clients, visits, deals and NPS in one local SQLite file')
    .version('0.1.0')
    .option('--db <path>', 'database file (default: $CRM_DB, else the per-user data directory)')
    .showHelpAfterError('(add --help for usage)')
    // Subcommands inherit this: commander throws instead of exiting, and main() picks the exit code.
    .exitOverride();
  registerClientCommands(program);
  registerVisitCommands(program);
  registerDealCommands(program);
  registerNpsCommands(program);
  registerImportCommands(program);
  registerReportCommands(program);
  registerDueCommand(program);
  registerExplainCommand(program);
  registerExportCommands(program);
  registerBackupCommands(program);
  registerConfigCommands(program);
  registerDemoCommand(program);
  return program;
}

/** The one place that turns outcomes into exit codes: user errors get one line, bugs get their stack. */
export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
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
