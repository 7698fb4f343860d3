import {
  type Client,
  type ClientDraft,
  type ClientFields,
  type Contact,
  keptAsideKey,
  nameKey,
  normaliseEmail,
  tidyName,
  uniqueTags,
} from '../domain/client.js';
import { parseDate } from '../domain/dates.js';
import {
  type DuplicateReason,
  matchClient,
  matchKeysOf,
  type NameAlias,
  namesakeKeys,
  SAME_NAME,
  storedClientIndex,
  storedDuplicateReason,
} from '../domain/matching.js';
import { normalisePhone, phoneDigits } from '../domain/phone.js';
import { sayNote } from '../domain/row-notes.js';
import { InputError, NotFoundError, UsageError } from '../errors.js';
import { m } from '../i18n/index.js';
import type { ClientFilter, Store, StoreAccess } from '../store/store.js';
import { withAutoBackup } from './backup.js';
import { regionIn, today } from './context.js';
import { type RegionLearned, settleRegion } from './region.js';

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
    if (at <= 0) throw new InputError(m.errors.client.setExpects({ pair }));
    extra[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return extra;
}

export function parseBirthday(text: string): string {
  const iso = parseDate(text.trim(), 'dmy');
  if (!iso) throw new InputError(m.errors.client.birthday({ text }));
  return iso;
}

function fieldsFromInput(region: string | undefined, input: ClientInput): Partial<ClientFields> {
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

function draftFromInput(region: string | undefined, input: ClientInput): ClientDraft {
  const fields = fieldsFromInput(region, input);
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
export async function storedClientLike(
  store: StoreAccess,
  input: ClientInput,
): Promise<{ client: Client; by: string } | undefined> {
  const draft = draftFromInput(await regionIn(store), input);
  return likeAmong(await candidatesFor(store, draft), draft);
}

/**
 * The stored clients `draft` could be taken for (ClientStore.matchCandidates), with the other names they go by; and,
 * with `namesakes`, the clients it is a namesake of (namesakeKeys), looked up by the same index.
 */
async function candidatesFor(
  store: StoreAccess,
  draft: ClientDraft,
  namesakes = false,
): Promise<{ clients: Client[]; aliases: NameAlias[] }> {
  const keys = matchKeysOf(draft);
  if (namesakes) keys.names = [...new Set([...keys.names, ...namesakeKeys(draft.name)])];
  const ids = await store.clients.matchCandidates(keys);
  return { clients: await store.clients.load(ids), aliases: await store.clients.nameAliases(ids) };
}

/** The one of the candidates matchClient takes `draft` for, if any, and by what. */
function likeAmong(candidates: { clients: Client[]; aliases: NameAlias[] }, draft: ClientDraft) {
  const match = matchClient(storedClientIndex(candidates.clients, candidates.aliases), draft);
  if (match.kind !== 'match') return undefined;
  return { client: candidates.clients.find((client) => client.id === match.id)!, by: match.by };
}

/**
 * The candidates named as `name`, in either word order of a two-word name, or with its given name in another of its
 * forms (`Новикова Елена` for `Новикова Лена`).
 */
function namesakesAmong(candidates: { clients: Client[] }, name: string): Client[] {
  const names = namesakeKeys(name);
  return candidates.clients.filter((client) => names.includes(nameKey(client.name)));
}

/** What `crm client add` and `edit` say of each namesake of client `id`, and record for `crm client merge`. */
async function recordNamesakes(tx: StoreAccess, id: number, namesakes: Client[]): Promise<string[]> {
  await tx.imports.recordDuplicateCandidates(
    namesakes.map((other) => ({ clientId: id, otherId: other.id, reason: SAME_NAME })),
    null,
  );
  return namesakes.map((other) => m.said.client.namesake({ id: other.id, name: other.name, added: id }));
}

/**
 * The region a write of these phones reads them in, decided holding the write lock: a write of none leaves the
 * database's region as it is (undecided when neither configured nor learnt, as a read takes it).
 */
async function regionForPhones(
  tx: StoreAccess,
  phones: readonly string[],
): Promise<{ region: string | undefined; learned?: RegionLearned }> {
  return phones.length > 0 ? settleRegion(tx) : { region: await regionIn(tx) };
}

export async function addClient(
  store: Store,
  input: ClientInput,
  allowDuplicate = false,
): Promise<{ client: Client; warnings: string[]; regionLearned?: RegionLearned }> {
  const given = draftFromInput(undefined, input);
  if (!given.name && given.phones.length === 0 && given.emails.length === 0) {
    throw new InputError(m.errors.client.needsNameOrContact);
  }
  const warnings: string[] = [];
  // Checked and added holding the write lock: an import beside it cannot add the same client in between.
  const { id, learned } = await store.write(async (tx) => {
    const { region, learned } = await regionForPhones(tx, input.phones ?? []);
    const draft = draftFromInput(region, input);
    warnings.push(...phoneWarnings(region, draft.phones), ...emailWarnings(draft.emails));
    let namesakes: Client[] = [];
    if (!allowDuplicate) {
      const candidates = await candidatesFor(tx, draft, true);
      const stored = likeAmong(candidates, draft);
      if (stored) {
        const { id, name } = stored.client;
        const by = m.errors.client.matchedBy[stored.by] ?? stored.by;
        throw new InputError(m.errors.client.alreadyStored({ id, name, by }));
      }
      // Another client of this name (either order, or `Лена` for `Елена`) with other contacts: not refused (two
      // people may share a name), but said, and listed for crm client merge.
      namesakes = draft.name ? namesakesAmong(candidates, draft.name) : [];
    }
    const id = await tx.clients.insert(draft);
    warnings.push(...(await recordNamesakes(tx, id, namesakes)));
    return { id, learned };
  });
  return { client: (await store.clients.get(id))!, warnings, ...(learned ? { regionLearned: learned } : {}) };
}

export interface ClientEdits extends ClientInput {
  addPhones?: string[];
  addEmails?: string[];
  untag?: string[];
  unset?: string[];
}

/** The client as stored now: read again inside the write transaction, whatever another command did since. */
async function current(tx: StoreAccess, client: Client): Promise<Client> {
  const stored = await tx.clients.get(client.id);
  if (!stored) throw new NotFoundError(m.errors.client.gone({ id: client.id }));
  return stored;
}

/** Why each phone given is kept as written (no valid number in the region): what the person is warned of. */
function phoneWarnings(region: string | undefined, phones: Contact[]): string[] {
  return phones.flatMap((p) => {
    const problem = p.valid ? undefined : normalisePhone(p.raw, region).problem;
    return problem ? [sayNote(problem)] : [];
  });
}

/** Each e-mail given that does not look like an address, kept as written: what the person is warned of, as an import does. */
function emailWarnings(emails: Contact[]): string[] {
  return emails.flatMap((e) => (e.valid ? [] : [sayNote({ code: 'emailInvalid', email: e.raw })]));
}

/**
 * Applies the edits to the client as stored when the write lock is held: two edits at once (or an edit beside a
 * merge) each add to what the other wrote, instead of writing back what they read before it.
 */
export async function editClient(
  store: Store,
  found: Client,
  edits: ClientEdits,
  allowDuplicate = false,
): Promise<{ client: Client; warnings: string[]; regionLearned?: RegionLearned }> {
  const namesakeWarnings: string[] = [];
  const { region, learned } = await store.write(async (tx) => {
    // Before the client is read: phones of its own kept as written may be read again.
    const settled = await regionForPhones(tx, [...(edits.phones ?? []), ...(edits.addPhones ?? [])]);
    const client = await current(tx, found);
    const fields = editedFields(settled.region, client, edits);
    if (!allowDuplicate) await refuseAnothersContact(tx, client, fields);
    await tx.clients.replaceFields(client.id, fields);
    if (!allowDuplicate && fields.name && nameKey(fields.name) !== nameKey(client.name))
      namesakeWarnings.push(...(await recordNamesakes(tx, client.id, await namesakesOf(tx, client.id, fields.name))));
    return settled;
  });
  const given = fieldsFromInput(region, {
    phones: [...(edits.phones ?? []), ...(edits.addPhones ?? [])],
    emails: [...(edits.emails ?? []), ...(edits.addEmails ?? [])],
  });
  const warnings = [
    ...phoneWarnings(region, given.phones ?? []),
    ...emailWarnings(given.emails ?? []),
    ...namesakeWarnings,
  ];
  return { client: (await store.clients.get(found.id))!, warnings, ...(learned ? { regionLearned: learned } : {}) };
}

/** The other stored clients that client `id`, renamed `name`, is a namesake of (namesakesAmong). */
async function namesakesOf(tx: StoreAccess, id: number, name: string): Promise<Client[]> {
  const ids = await tx.clients.matchCandidates({ phones: [], emails: [], names: namesakeKeys(name), nameStarts: [] });
  const others = await tx.clients.load(ids.filter((other) => other !== id));
  return namesakesAmong({ clients: others }, name);
}

/**
 * A phone or e-mail the edit gives the client that another client has: refused as `crm client add` refuses it,
 * unless --allow-duplicate (a family's phone). Contacts the client had already are no news.
 */
async function refuseAnothersContact(tx: StoreAccess, client: Client, fields: Partial<ClientFields>): Promise<void> {
  const phones = (fields.phones ?? []).filter((p) => !client.phones.some((c) => c.value === p.value));
  const emails = (fields.emails ?? []).filter((e) => !client.emails.some((c) => c.value === e.value));
  if (phones.length === 0 && emails.length === 0) return;
  const candidates = await tx.clients.matchCandidates({
    phones: phones.map((p) => p.value),
    emails: emails.map((e) => e.value),
    names: [],
    nameStarts: [],
  });
  const others = (await tx.clients.load(candidates)).filter((other) => other.id !== client.id);
  const index = storedClientIndex(others);
  const by = (contact: 'phone' | 'email', id: number | undefined) => {
    if (id === undefined) return;
    const other = others.find((c) => c.id === id)!;
    const said = m.errors.client.matchedBy[contact] ?? contact;
    throw new InputError(m.errors.client.alreadyStored({ id, name: other.name, by: said }));
  };
  for (const phone of phones) by('phone', index.firstWithPhone(phone.value));
  for (const email of emails) by('email', index.firstWithEmail(email.value));
}

function editedFields(region: string | undefined, client: Client, edits: ClientEdits): Partial<ClientFields> {
  const fields = fieldsFromInput(region, { ...edits, tags: undefined, extra: undefined });
  if (edits.addPhones?.length) {
    const added = fieldsFromInput(region, { phones: edits.addPhones }).phones ?? [];
    fields.phones = [
      ...(fields.phones ?? client.phones),
      ...added.filter((p) => !client.phones.some((c) => c.value === p.value)),
    ];
  }
  if (edits.addEmails?.length) {
    const added = fieldsFromInput(region, { emails: edits.addEmails }).emails ?? [];
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
      if (!(key in extra)) throw new InputError(m.errors.client.noExtraField({ id: client.id, key }));
      delete extra[key];
    }
    fields.extra = extra;
  }
  if (
    fields.name === '' &&
    (fields.phones ?? client.phones).length === 0 &&
    (fields.emails ?? client.emails).length === 0
  ) {
    throw new InputError(m.errors.client.needsNameOrContact);
  }
  return fields;
}

function describeCandidate(client: Client): string {
  const contact = client.phones[0]?.raw ?? client.emails[0]?.value ?? '';
  return `${client.id} ${client.name || m.errors.client.noName}${contact ? ` ${contact}` : ''}`;
}

/** Asks the person to pick one of several clients by id; absent where no one can be asked (a script, cron). */
export type ChooseClient = (message: string, choices: Array<{ name: string; value: number }>) => Promise<number>;

/**
 * Finds the one client a command argument means: `#12` or an id, else anything `crm client find` accepts. Several
 * matches: a terminal user picks one; a script gets an error listing them (never a prompt without a terminal).
 */
export async function resolveClient(
  store: StoreAccess,
  query: string,
  choose: ChooseClient | undefined,
  includeArchived = true,
): Promise<Client> {
  const idMatch = /^#?(\d{1,9})$/.exec(query.trim());
  if (idMatch) {
    const byId = await store.clients.get(Number(idMatch[1]));
    if (byId) return byId;
    if (query.trim().startsWith('#')) throw new NotFoundError(m.errors.client.noNumber({ id: idMatch[1]! }));
  }
  const ids = await store.clients.findIds(query, includeArchived);
  if (ids.length === 0) throw new NotFoundError(m.errors.client.noMatch({ query }));
  const clients = await store.clients.load(ids);
  if (clients.length === 1) return clients[0]!;
  if (choose) {
    const id = await choose(
      m.errors.client.whichOne({ query }),
      clients.map((c) => ({ name: describeCandidate(c), value: c.id })),
    );
    return clients.find((c) => c.id === id)!;
  }
  const shown = clients.slice(0, 10).map(describeCandidate).join('; ');
  const more = clients.length > 10 ? m.errors.client.andMore({ count: clients.length - 10 }) : '';
  // Which one is a value a terminal would ask for: without one, a usage error (exit 2), as any prompt left unasked.
  throw new UsageError(
    m.errors.client.matchesMany({ query, count: clients.length, shown, more, example: clients[0]!.id }),
  );
}

/** `crm client list` (and the prompt's list before anything is typed): the stored clients as stored. */
export function listClients(store: StoreAccess, filter: ClientFilter = {}): Promise<Client[]> {
  return store.clients.list(filter);
}

/**
 * The clients a query names: by a part of a name (two words in either order, as a journal writes `Фамилия Имя` or
 * `Имя Фамилия`), of a phone or of an e-mail. A query starting with `+` is the start of an international number
 * (`+380`: Ukraine's numbers), never digits in the middle of another one.
 */
export async function findClients(store: StoreAccess, query: string, includeArchived: boolean): Promise<Client[]> {
  const ids = new Set(await store.clients.findIds(query, includeArchived));
  const words = nameKey(query).split(' ');
  if (words.length === 2 && words[0] !== words[1]) {
    for (const id of await store.clients.findIds(`${words[1]} ${words[0]}`, includeArchived)) ids.add(id);
  }
  // `8 916 111…` is how Russia and Kazakhstan write +7 916 111… at home: a number stored as +7 is found so too.
  const digits = /^[\d\s()-]+$/.test(query) ? phoneDigits(query) : '';
  if (digits.length >= 4 && digits.startsWith('8') && ['RU', 'KZ'].includes((await regionIn(store)) ?? '')) {
    for (const id of await store.clients.findIds(`7${digits.slice(1)}`, includeArchived)) ids.add(id);
  }
  const found = await store.clients.load([...ids].sort((a, b) => a - b));
  const international = /^\s*\+/.test(query) ? phoneDigits(query) : '';
  if (!international) return found;
  const key = nameKey(query);
  return found.filter(
    (client) =>
      client.phones.some(
        (phone) =>
          phoneDigits(phone.valid ? phone.value : phone.raw).startsWith(international) &&
          (phone.valid || phone.raw.trim().startsWith('+')),
      ) ||
      nameKey(client.name).includes(key) ||
      client.emails.some((email) => email.value.includes(key)),
  );
}

export function archiveClient(store: StoreAccess, client: Client, archived: boolean): Promise<void> {
  return store.clients.setArchived(client.id, archived);
}

export async function duplicateCandidates(
  store: StoreAccess,
): Promise<Array<{ client: Client; other: Client; reason: DuplicateReason | string }>> {
  const pairs = await store.clients.duplicateCandidates();
  const clients = new Map(
    (await store.clients.load([...new Set(pairs.flatMap((p) => [p.client_id, p.other_id]))])).map((c) => [c.id, c]),
  );
  return pairs.map((p) => ({
    client: clients.get(p.client_id)!,
    other: clients.get(p.other_id)!,
    reason: storedDuplicateReason(p.reason),
  }));
}

export interface MergeResult {
  client: Client;
  /** Values of the merged-away client that differed from the kept one: kept in `extra` so nothing is lost. */
  keptAside: Record<string, string>;
  /** The automatic backup taken first, if backups are on. */
  backup: string | null;
}

/** Merges `other` into `keep`: keep's values win, other's differing values are kept in extra, its records move over. */
export async function mergeClients(store: Store, keepFound: Client, otherFound: Client): Promise<MergeResult> {
  if (keepFound.id === otherFound.id) throw new InputError(m.errors.client.mergeIntoItself);
  // A merge deletes a client: the state before it stays in backups/ (crm restore brings it back).
  const { result: keptAside, backup } = await withAutoBackup(store, 'merge', () =>
    // Both read again holding the write lock: a phone added to either meanwhile is merged too, not lost.
    store.write(async (tx) => {
      const keep = await current(tx, keepFound);
      const other = await current(tx, otherFound);
      const { fields, keptAside } = mergedFields(keep, other);
      await tx.clients.merge(keep.id, other.id, fields);
      return keptAside;
    }),
  );
  return { client: (await store.clients.get(keepFound.id))!, keptAside, backup };
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
    else if (mine !== theirs) keptAside[keptAsideKey(field, other.id)] = theirs;
  }
  const extra = { ...other.extra, ...keep.extra };
  for (const [key, value] of Object.entries(other.extra)) {
    if (keep.extra[key] !== undefined && keep.extra[key] !== value) keptAside[keptAsideKey(key, other.id)] = value;
  }
  fields.extra = { ...extra, ...keptAside };
  fields.phones = [...keep.phones, ...other.phones.filter((p) => !keep.phones.some((k) => k.value === p.value))];
  fields.emails = [...keep.emails, ...other.emails.filter((e) => !keep.emails.some((k) => k.value === e.value))];
  fields.tags = uniqueTags([...keep.tags, ...other.tags]);
  return { fields, keptAside };
}
