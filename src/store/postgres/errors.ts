/**
 * What the server or the network answered, as one line a person can act on. The driver's own errors (a SQLSTATE,
 * a socket code, "Connection terminated unexpectedly") are never shown raw; those not listed here are crm's bugs and
 * keep their stack.
 */
import { StoreError } from '../../errors.js';
import { m } from '../../i18n/index.js';

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
    super(`${where}: ${m.store.server.readOnlyLogin}`);
  }
}

/**
 * A refused login in crm's words, from the server's message (which is in the server's language: a server speaking
 * another one is quoted as it said it).
 */
function refusedLogin(message: string): string {
  const words = m.store.server;
  let found = /^password authentication failed for user "(.*)"$/.exec(message);
  if (found) return words.wrongPassword({ user: found[1]! });
  found = /^role "(.*)" does not exist$/.exec(message);
  if (found) return words.noRole({ user: found[1]! });
  found = /^no pg_hba\.conf entry for host "(.*?)", user "(.*?)", database "(.*?)"/.exec(message);
  if (found) return words.notAllowed({ host: found[1]!, user: found[2]!, database: found[3]! });
  return words.loginRefused({ message });
}

function missingDatabase(message: string): string {
  const found = /^database "(.*)" does not exist$/.exec(message);
  return found ? m.store.server.noDatabase({ database: found[1]! }) : m.store.server.noDatabaseSaid({ message });
}

/** `permission denied for table clients`, in the language's words for the kind of object. */
function permissionDenied(message: string): string {
  const words = m.store.server;
  const found = /^permission denied for (\w+) (.+)$/.exec(message);
  const kind = found ? words.objectKinds[found[1]!] : undefined;
  if (!found || kind === undefined) return words.permissionDeniedSaid({ message });
  return words.permissionDenied({ what: words.objectOfKind({ kind, name: found[2]! }) });
}

/** The codes of Node's TLS errors for a server certificate its check refused (OpenSSL's verification results). */
const CERTIFICATE_REFUSED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'INVALID_CA',
  'INVALID_PURPOSE',
]);

/**
 * `error` as a StoreError naming `where` (the database as messages show it), or undefined when it is not one a
 * user causes: a bug's error stays as it is.
 */
export function serverError(error: unknown, where: string): StoreError | undefined {
  if (error instanceof StoreError) return error;
  const code = errorCode(error);
  const message = messageOf(error);
  const words = m.store.server;
  const say = (text: string) => new StoreError(`${where}: ${text}`);
  switch (code) {
    case 'ECONNREFUSED':
      return say(words.refused);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return say(words.unknownHost);
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return say(words.noAnswer);
    case 'ECONNRESET':
    case 'EPIPE':
    case '57P01':
    case '57P02':
    case '08006':
    case '08003':
      return say(words.lost);
    case '57P03':
      return say(words.startingOrStopping);
    case '53300':
      return say(words.tooManyClients);
    case '28P01':
    case '28000':
      return say(refusedLogin(message));
    case '3D000':
      return say(missingDatabase(message));
    case '25006':
      return say(words.readOnlySession);
    case '42501':
      return say(permissionDenied(message));
    case '55P03':
      return say(words.lockWait);
    case '40P01':
      return say(words.deadlock);
    case '53100':
      return say(words.diskFull);
    case '22021':
    case '22P05':
      return say(words.cannotStoreText({ message }));
  }
  if (code !== undefined && CERTIFICATE_REFUSED.has(code)) return say(words.certificateRefused({ reason: message }));
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const host = (error as { host?: unknown }).host;
    return say(words.certificateForAnotherHost({ host: typeof host === 'string' ? host : '?' }));
  }
  if (/password must be a string/.test(message)) return say(words.asksForPassword);
  if (/^Connection terminated|^Client was closed|Client has encountered a connection error/.test(message)) {
    return say(/timeout/.test(message) ? words.timedOut : words.lost);
  }
  if (/does not support SSL/.test(message)) return say(words.noSsl);
  return undefined;
}
