import { m } from './i18n/index.js';

/**
 * Errors a user can cause. Each carries the exit code it ends the process with; only src/cli/main.ts turns them
 * into exit codes. Anything that is not a CrmError is a bug and is reported with its stack.
 */
export class CrmError extends Error {
  readonly exitCode: number = 1;
}

/** Wrong command-line words: a missing argument, an unknown option value. Exit 2. */
/**
 * An import of a file with a header and no rows (crm's own export of a business with no visits yet): nothing to do,
 * which is no failure. Said on stdout, exit status 0, so that a moving script goes on to its next file.
 */
export class NothingToImport extends CrmError {
  override readonly exitCode = 0;
}

export class UsageError extends CrmError {
  override readonly exitCode = 2;
}

/** A file, row or value that cannot be used: names the file, line and field in its message. Exit 1. */
export class InputError extends CrmError {}

/**
 * An import that imported nothing because it refused every row of its file (exit 1), with the report of what it read:
 * a command shows each row and why (the table of a dry run, or the JSON, with this error in it) before the error.
 */
export class AllRowsRejected<Report = unknown> extends InputError {
  constructor(
    message: string,
    readonly report: Report,
  ) {
    super(message);
  }
}

/** A client, deal, batch or profile that does not exist. Exit 1. */
export class NotFoundError extends CrmError {}

/** The database cannot be used safely (newer version, corrupt, not a pocket-crm file). Exit 1. */
export class StoreError extends CrmError {}

/** Every name a backup may take is taken already (by files that were there before it). */
export class NoFreeNameError extends StoreError {
  constructor() {
    super(m.store.snapshot.noFreeName);
  }
}

/** The person stopped the command at a prompt (Ctrl-C, Ctrl-D, the terminal closed) before anything was written. */
export class CancelledError extends CrmError {
  override readonly exitCode = 130;
  constructor(message = m.errors.cancelled) {
    super(message);
  }
}

/** A file crm was told to read or write that the file system refused: names the path and the cause. Exit 1. */
export class FileError extends CrmError {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
  }
}

/** The code of a Node file-system error (`ENOENT`), if it is one. */
export function fileErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : undefined;
}

/** The words for a file-system error code (the language's, `m.errors.fileProblems`), or the code for a rare one. */
export function fileProblem(code: string): string {
  return m.errors.fileProblems[code] ?? m.errors.fileSystemRefused({ code });
}

/** A file-system failure on `path` as one line: `path: disk is full`. Anything that is not one is returned as is. */
export function fileError(path: string, error: unknown): unknown {
  if (error instanceof CrmError) return error;
  const code = fileErrorCode(error);
  return code ? new FileError(path, fileProblem(code)) : error;
}
