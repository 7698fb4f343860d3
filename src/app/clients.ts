import {
  type Client,
  type ClientDraft,
  type ClientFields,
  nameKey,
  normaliseEmail,
  tidyName,
  uniqueTags,
} from '../domain/client.js';
import { parseDate } from '../domain/dates.js';
import { matchClient, storedClientIndex } from '../domain/matching.js';
import { normalisePhone } from '../domain/phone.js';
import { InputError, NotFoundError } from '../errors.js';
import {
  findClientIds,
  getClient,
  insertClient,
  listDuplicateCandidates,
  loadClients,
  loadNameAliases,
  mergeClientInto,
  replaceClientFields,
  setArchived,
} from '../store/clients.js';
import { type Db, writeTransaction } from '../store/db.js';
import { autoBackup } from './backup.js';
import { regionOf, today } from './context.js';

export interface ClientInput {
  name?: string;
  phones?: string[];
  emails?: string[];
  source?: string;
  tags?: string[];
  birthday?: string;
  note?: string;
  extra?: string[];
}

/** `key=value` pairs from `--set`. */
function parseExtra(pairs: string[] = []): Record<string, string> {
  const extra: Record<string, string> = Object.create(null);
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new InputError(`--set expects key=value, got '${pair}'`);
    extra[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return extra;
}

export function parseBirthday(text: string): string {
  const iso = parseDate(text.trim(), 'dmy');
  if (!iso) throw new InputError(`birthday '${text}' is not a date (use dd.mm.yyyy or yyyy-mm-dd)`);
  return iso;
}

function fieldsFromInput(db: Db, input: ClientInput): Partial<ClientFields> {
  const region = regionOf(db);
  const fields: Partial<ClientFields> = {};
  if (input.name !== undefined) fields.name = tidyName(input.name);
  if (input.phones !== undefined) {
    fields.phones = input.phones
      .filter((p) => p.trim())
      .map((raw) => {
        const phone = normalisePhone(raw, region);
        return { value: phone.value, raw: phone.raw, label: null, valid: phone.valid };
      });
  }
  if (input.emails !== undefined) fields.emails = input.emails.filter((e) => e.trim()).map(normaliseEmail);
  if (input.source !== undefined) fields.source = input.source.trim() || null;
  if (input.tags !== undefined) fields.tags = uniqueTags(input.tags);
  if (input.birthday !== undefined) fields.birthday = input.birthday.trim() ? parseBirthday(input.birthday) : null;
  if (input.note !== undefined) fields.note = input.note.trim() || null;
  return fields;
}

function draftFromInput(db: Db, input: ClientInput): ClientDraft {
  const fields = fieldsFromInput(db, input);
  return {
    name: fields.name ?? '',
    phones: fields.phones ?? [],
    emails: fields.emails ?? [],
    source: fields.source ?? null,
    tags: fields.tags ?? [],
    birthday: fields.birthday ?? null,
    note: fields.note ?? null,
    extra: parseExtra(input.extra),
    created: today(),
  };
}

/** The stored client that `input` would be taken for (same phone, else e-mail, else name), if any. */
export function storedClientLike(db: Db, input: ClientInput): { client: Client; by: string } | undefined {
  const clients = new Map(loadClients(db).map((client) => [client.id, client]));
  const index = storedClientIndex([...clients.values()], loadNameAliases(db));
  const match = matchClient(index, draftFromInput(db, input));
  return match.kind === 'match' ? { client: clients.get(match.id)!, by: match.by } : undefined;
}

export function addClient(db: Db, input: ClientInput, allowDuplicate = false): { client: Client; warnings: string[] } {
  const draft = draftFromInput(db, input);
  if (!draft.name && draft.phones.length === 0 && draft.emails.length === 0) {
    throw new InputError('a client needs a name, a phone or an e-mail');
  }
  const warnings = draft.phones.filter((p) => !p.valid).map((p) => normalisePhone(p.raw, regionOf(db)).problem ?? '');
  // Checked and added holding the write lock: an import beside it cannot add the same client in between.
  const id = writeTransaction(db, () => {
    if (!allowDuplicate) {
      const stored = storedClientLike(db, input);
      if (stored) {
        throw new InputError(
          `already stored as client ${stored.client.id} ${stored.client.name} (same ${stored.by}); see it with 'crm client show ${stored.client.id}', change it with 'crm client edit ${stored.client.id}', or add --allow-duplicate`,
        );
      }
    }
    return insertClient(db, draft);
  });
  return { client: getClient(db, id)!, warnings };
}

export interface ClientEdits extends ClientInput {
  addPhones?: string[];
  addEmails?: string[];
  untag?: string[];
  unset?: string[];
}

/** The client as stored now: read again inside the write transaction, whatever another command did since. */
function current(db: Db, client: Client): Client {
  const stored = getClient(db, client.id);
  if (!stored) throw new NotFoundError(`no client #${client.id} (merged or removed meanwhile)`);
  return stored;
}

/**
 * Applies the edits to the client as stored when the write lock is held: two edits at once (or an edit beside a
 * merge) each add to what the other wrote, instead of writing back what they read before it.
 */
export function editClient(db: Db, found: Client, edits: ClientEdits): Client {
  writeTransaction(db, () => {
    const client = current(db, found);
    replaceClientFields(db, client.id, editedFields(db, client, edits));
  });
  return getClient(db, found.id)!;
}

function editedFields(db: Db, client: Client, edits: ClientEdits): Partial<ClientFields> {
  const fields = fieldsFromInput(db, { ...edits, tags: undefined, extra: undefined });
  if (edits.addPhones?.length) {
    const added = fieldsFromInput(db, { phones: edits.addPhones }).phones ?? [];
    fields.phones = [
      ...(fields.phones ?? client.phones),
      ...added.filter((p) => !client.phones.some((c) => c.value === p.value)),
    ];
  }
  if (edits.addEmails?.length) {
    const added = fieldsFromInput(db, { emails: edits.addEmails }).emails ?? [];
    fields.emails = [
      ...(fields.emails ?? client.emails),
      ...added.filter((e) => !client.emails.some((c) => c.value === e.value)),
    ];
  }
  if (edits.tags?.length || edits.untag?.length) {
    const removed = new Set((edits.untag ?? []).map(nameKey));
    fields.tags = uniqueTags([...client.tags, ...(edits.tags ?? [])]).filter((t) => !removed.has(nameKey(t)));
  }
  if (edits.extra?.length || edits.unset?.length) {
    const extra = { ...client.extra, ...parseExtra(edits.extra) };
    for (const key of edits.unset ?? []) {
      if (!(key in extra))
        throw new InputError(
          `client ${client.id} has no extra field '${key}' (crm client show ${client.id} lists them)`,
        );
      delete extra[key];
    }
    fields.extra = extra;
  }
  if (
    fields.name === '' &&
    (fields.phones ?? client.phones).length === 0 &&
    (fields.emails ?? client.emails).length === 0
  ) {
    throw new InputError('a client needs a name, a phone or an e-mail');
  }
  return fields;
}

function describeCandidate(client: Client): string {
  const contact = client.phones[0]?.raw ?? client.emails[0]?.value ?? '';
  return `${client.id} ${client.name || '(no name)'}${contact ? ` ${contact}` : ''}`;
}

/** Asks the person to pick one of several clients by id; absent where no one can be asked (a script, cron). */
export type ChooseClient = (message: string, choices: Array<{ name: string; value: number }>) => Promise<number>;

/**
 * Finds the one client a command argument means: `#12` or an id, else anything `crm client find` accepts. Several
 * matches: a terminal user picks one; a script gets an error listing them (never a prompt without a terminal).
 */
export async function resolveClient(
  db: Db,
  query: string,
  choose: ChooseClient | undefined,
  includeArchived = true,
): Promise<Client> {
  const idMatch = /^#?(\d{1,9})$/.exec(query.trim());
  if (idMatch) {
    const byId = getClient(db, Number(idMatch[1]));
    if (byId) return byId;
    if (query.trim().startsWith('#')) throw new NotFoundError(`no client ${idMatch[1]} (crm client list shows them)`);
  }
  const ids = findClientIds(db, query, includeArchived);
  if (ids.length === 0) throw new NotFoundError(`no client matches '${query}' (crm client find shows what is stored)`);
  const clients = loadClients(db, ids);
  if (clients.length === 1) return clients[0]!;
  if (choose) {
    const id = await choose(
      `Several clients match '${query}': which one?`,
      clients.map((c) => ({ name: describeCandidate(c), value: c.id })),
    );
    return clients.find((c) => c.id === id)!;
  }
  const shown = clients.slice(0, 10).map(describeCandidate).join('; ');
  const more = clients.length > 10 ? `; and ${clients.length - 10} more` : '';
  throw new InputError(
    `'${query}' matches ${clients.length} clients: ${shown}${more}; name one by its number, e.g. ${clients[0]!.id}`,
  );
}

// `crm client list` (and the prompt's list before anything is typed) shows the stored clients as stored.
export { listClients } from '../store/clients.js';

export function findClients(db: Db, query: string, includeArchived: boolean): Client[] {
  return loadClients(db, findClientIds(db, query, includeArchived));
}

export function archiveClient(db: Db, client: Client, archived: boolean): void {
  setArchived(db, client.id, archived);
}

export function duplicateCandidates(db: Db): Array<{ client: Client; other: Client; reason: string }> {
  const pairs = listDuplicateCandidates(db);
  const clients = new Map(
    loadClients(db, [...new Set(pairs.flatMap((p) => [p.client_id, p.other_id]))]).map((c) => [c.id, c]),
  );
  return pairs.map((p) => ({ client: clients.get(p.client_id)!, other: clients.get(p.other_id)!, reason: p.reason }));
}

export interface MergeResult {
  client: Client;
  /** Values of the merged-away client that differed from the kept one: kept in `extra` so nothing is lost. */
  keptAside: Record<string, string>;
  /** The automatic backup taken first, if backups are on. */
  backup: string | null;
}

/** Merges `other` into `keep`: keep's values win, other's differing values are kept in extra, its records move over. */
export function mergeClients(db: Db, keepFound: Client, otherFound: Client, databasePath: string): MergeResult {
  if (keepFound.id === otherFound.id) throw new InputError('cannot merge a client into itself');
  // A merge deletes a client: the state before it stays in backups/ (crm restore brings it back).
  const backup = autoBackup(db, databasePath, 'merge');
  // Both read again holding the write lock: a phone added to either meanwhile is merged too, not lost.
  const keptAside = writeTransaction(db, () => {
    const keep = current(db, keepFound);
    const other = current(db, otherFound);
    const { fields, keptAside } = mergedFields(keep, other);
    mergeClientInto(db, keep.id, other.id, fields);
    return keptAside;
  });
  return { client: getClient(db, keepFound.id)!, keptAside, backup };
}

/** Keep's values win; other's differing values go to extra; contacts and tags are joined. */
function mergedFields(
  keep: Client,
  other: Client,
): { fields: Partial<ClientFields>; keptAside: Record<string, string> } {
  const keptAside: Record<string, string> = Object.create(null);
  const fields: Partial<ClientFields> = {};
  for (const field of ['name', 'source', 'birthday', 'note'] as const) {
    const mine = keep[field];
    const theirs = other[field];
    if (!theirs) continue;
    if (!mine) fields[field] = theirs;
    else if (mine !== theirs) keptAside[`${field} (from #${other.id})`] = theirs;
  }
  const extra = { ...other.extra, ...keep.extra };
  for (const [key, value] of Object.entries(other.extra)) {
    if (keep.extra[key] !== undefined && keep.extra[key] !== value) keptAside[`${key} (from #${other.id})`] = value;
  }
  fields.extra = { ...extra, ...keptAside };
  fields.phones = [...keep.phones, ...other.phones.filter((p) => !keep.phones.some((k) => k.value === p.value))];
  fields.emails = [...keep.emails, ...other.emails.filter((e) => !keep.emails.some((k) => k.value === e.value))];
  fields.tags = uniqueTags([...keep.tags, ...other.tags]);
  return { fields, keptAside };
}
