/**
 * Errors a user can cause. Each carries the exit code it ends the process with; only src/cli/main.ts turns them
 * into exit codes. Anything that is not a CrmError is a bug and is reported with its stack.
 */
export class CrmError extends Error {
  readonly exitCode: number = 1;
}

/** Wrong command-line words: a missing argument, an unknown option value. Exit 2. */
export class UsageError extends CrmError {
  override readonly exitCode = 2;
}

/** A file, row or value that cannot be used: names the file, line and field in its message. Exit 1. */
export class InputError extends CrmError {}

/** A client, deal, batch or profile that does not exist. Exit 1. */
export class NotFoundError extends CrmError {}

/** The database cannot be used safely (newer version, corrupt, not a pocket-crm file). Exit 1. */
export class StoreError extends CrmError {}

/** The person stopped the command at a prompt (Ctrl-C, Ctrl-D, the terminal closed) before anything was written. */
export class CancelledError extends CrmError {
  override readonly exitCode = 130;
  constructor(message = 'cancelled; nothing was written') {
    super(message);
  }
}
