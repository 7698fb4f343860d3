/**
 * What the server or the network answered, as one line a person can act on. The driver's own errors (a SQLSTATE,
 * a socket code, "Connection terminated unexpectedly") are never shown raw; those not listed here are crm's bugs and
 * keep their stack.
 */
import { StoreError } from '../../errors.js';

/** The SQLSTATE of a server error, or the Node code of a socket error. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A write by a login granted only `crm_reports` (crm init --roles): refused by the server, nothing written. */
export class ReadOnlyLoginError extends StoreError {
  constructor(where: string) {
    super(`${where}: this database login may only read (crm_reports); writes need crm_user`);
  }
}

/** Lost while talking: the server rolls back what was not committed, so nothing half-written stays. */
const LOST = 'the connection to the server was lost; what this command had not finished was not saved';

/**
 * `error` as a StoreError naming `where` (the database as messages show it), or undefined when it is not one a
 * user causes: a bug's error stays as it is.
 */
export function serverError(error: unknown, where: string): StoreError | undefined {
  if (error instanceof StoreError) return error;
  const code = errorCode(error);
  const message = messageOf(error);
  const say = (text: string) => new StoreError(`${where}: ${text}`);
  switch (code) {
    case 'ECONNREFUSED':
      return say('cannot connect (connection refused): is the PostgreSQL server running and listening there?');
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return say('cannot connect: the host name is not known');
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return say('cannot connect: the server does not answer (timed out or unreachable)');
    case 'ECONNRESET':
    case 'EPIPE':
    case '57P01':
    case '57P02':
    case '08006':
    case '08003':
      return say(LOST);
    case '57P03':
      return say('the server is starting up or shutting down; try again in a moment');
    case '53300':
      return say('the server has no free connection (too many clients); try again later');
    case '28P01':
    case '28000':
      // "password authentication failed for user "anna"", "role "anna" does not exist", "no pg_hba.conf entry…".
      return say(`the server refused the login: ${message}`);
    case '3D000':
      return say(`${message}; create it (createdb) and run crm init`);
    case '25006':
      return say('opened read-only (a report or an export), so nothing can be changed here');
    case '42501':
      return say(`permission denied: ${message}; ask the database's owner for the rights crm needs`);
    case '55P03':
      return say(
        'another crm is writing (an import?) and did not finish within a minute; nothing was changed, try again',
      );
    case '40P01':
      return say('two writers blocked each other (deadlock); nothing of this command was saved, try again');
    case '53100':
      return say("the server's disk is full; nothing of this command was saved");
    case '22021':
    case '22P05':
      return say(`a text the server cannot store (${message})`);
  }
  if (/^SASL: .*password must be a string/.test(message) || /password must be a string/.test(message)) {
    return say('the server asks for a password: put it in ~/.pgpass or PGPASSWORD');
  }
  if (/^Connection terminated|^Client was closed|Client has encountered a connection error/.test(message)) {
    return say(/timeout/.test(message) ? 'cannot connect: the server does not answer (timed out)' : LOST);
  }
  if (/does not support SSL/.test(message)) return say(`${message}; drop sslmode from the address`);
  return undefined;
}
