import {
  type Client,
  type ClientFields,
  type Contact,
  nameKey,
  SCALAR_FIELDS,
  type ScalarField,
  tagKey,
} from './client.js';
import { otherGivenNameForms } from './names.js';

/**
 * Which of its valid contacts a client has: bit 2 a valid phone, bit 1 a valid e-mail. At the name step of a match
 * (no phone or e-mail of the incoming record is stored), a stored client contradicts the record exactly when both
 * have a valid phone or both have a valid e-mail, so this is all a name match needs to know of each candidate.
 */
type ContactKind = 0 | 1 | 2 | 3;

function contactKind(fields: ClientFields): ContactKind {
  return ((fields.phones.some((p) => p.valid) ? 2 : 0) | (fields.emails.some((e) => e.valid) ? 1 : 0)) as ContactKind;
}

/**
 * The clients sharing one folded name, in the order they were added, with the position of the first one of each
 * contact kind: a journal of 100,000 clients has a few hundred distinct names, and scanning every namesake for each
 * new client made an import quadratic.
 */
class NameBucket {
  readonly ids: number[] = [];
  /** The contact kind of each namesake, by position. */
  private readonly kinds: ContactKind[] = [];
  private readonly first: Array<number | undefined> = [undefined, undefined, undefined, undefined];

  add(id: number, kind: ContactKind): void {
    this.first[kind] ??= this.ids.length;
    this.ids.push(id);
    this.kinds.push(kind);
  }

  /** After a client's contacts changed: recomputed from scratch (rare: only a client import merges). */
  reindex(kindOf: (id: number) => ContactKind): void {
    this.first.fill(undefined);
    this.ids.forEach((id, position) => {
      const kind = kindOf(id);
      this.kinds[position] = kind;
      this.first[kind] ??= position;
    });
  }

  /** Every namesake whose valid contacts cannot contradict a record with (or without) a valid phone / e-mail. */
  compatible(validPhone: boolean, validEmail: boolean): number[] {
    return this.ids.filter((_, position) => compatible(this.kinds[position]!, validPhone, validEmail));
  }

  /** The first namesake whose valid contacts cannot contradict a record with (or without) a valid phone / e-mail. */
  firstCompatible(validPhone: boolean, validEmail: boolean): number | undefined {
    let best: number | undefined;
    for (const kind of [0, 1, 2, 3] as const) {
      if ((validPhone && kind & 2) || (validEmail && kind & 1)) continue;
      const position = this.first[kind];
      if (position !== undefined && (best === undefined || position < best)) best = position;
    }
    return best === undefined ? undefined : this.ids[best];
  }
}

/**
 * The first two words of a folded name, the way a journal writes a client (`Фамилия Имя`): undefined for a name of
 * one word. Whole words only: `иван` is not the start of `иванова`.
 */
function nameStart(key: string): string | undefined {
  const first = key.indexOf(' ');
  if (first < 0) return undefined;
  const second = key.indexOf(' ', first + 1);
  return second < 0 ? key : key.slice(0, second);
}

/** `фамилия имя` -> `имя фамилия`, for a name of exactly two words; else undefined. */
function swapped(key: string): string | undefined {
  const space = key.indexOf(' ');
  if (space < 0 || key.indexOf(' ', space + 1) >= 0) return undefined;
  return `${key.slice(space + 1)} ${key.slice(0, space)}`;
}

/**
 * What matchClient looks stored clients up by for `incoming`: its phones and e-mails, its folded name (and, for two
 * words, the other order), and the starts a longer stored name may begin with (`иванова мария ` for
 * `Иванова Мария Петровна`). A store finds the clients that have any of them (`ClientStore.matchCandidates`): an index
 * of those alone matches `incoming` as the index of every client does, so that adding one client by hand does not load
 * a team's hundred thousand.
 */
export interface MatchKeys {
  phones: string[];
  emails: string[];
  names: string[];
  nameStarts: string[];
}

export function matchKeysOf(incoming: ClientFields): MatchKeys {
  const key = incoming.name ? nameKey(incoming.name) : '';
  const other = key ? swapped(key) : undefined;
  const names = [key, other].filter((name): name is string => !!name);
  return {
    phones: incoming.phones.map((p) => p.value),
    emails: incoming.emails.map((e) => e.value),
    names,
    nameStarts: other === undefined ? [] : names.map((name) => `${name} `),
  };
}

/**
 * The folded names a client named `name` is a namesake of: its own and, for a name of two words or more, each with one
 * word written in another form of that given name (`новикова елена` for `Новикова Лена`, names.ts
 * otherGivenNameForms), a two-word one in either order, a three-word one with its surname first or last. What `crm client add` and `edit` look stored clients up by to
 * warn of one; a journal's rows match by their own name alone (record-import.ts), on the million-row path.
 */
export function namesakeKeys(name: string): string[] {
  const key = nameKey(name);
  if (!key) return [];
  const words = key.split(' ');
  const spellings = [key];
  if (words.length >= 2) {
    for (const [at, word] of words.entries()) {
      for (const form of otherGivenNameForms(word)) spellings.push(words.with(at, form).join(' '));
    }
  }
  const keys = new Set<string>();
  for (const spelling of spellings) {
    keys.add(spelling);
    const other = swapped(spelling);
    if (other !== undefined) keys.add(other);
    for (const order of surnameMoved(spelling)) keys.add(order);
  }
  return [...keys];
}

/**
 * A name of three words (a patronymic) in the other order people write it in: the surname first or last
 * (`смирнова анна петровна`, `анна петровна смирнова`).
 */
function surnameMoved(key: string): string[] {
  const words = key.split(' ');
  if (words.length !== 3) return [];
  const [a, b, c] = words as [string, string, string];
  return [`${c} ${a} ${b}`, `${b} ${c} ${a}`];
}

function compatible(kind: ContactKind, validPhone: boolean, validEmail: boolean): boolean {
  return !((validPhone && kind & 2) || (validEmail && kind & 1));
}

/**
 * In-memory lookup of clients by phone, e-mail and case-folded name, for matching a whole file in one pass.
 * `keepFields: false` keeps only the keys (a journal import of 100,000 new clients matches but never merges);
 * such an index cannot `replace`. A stored client (`add`) is also found by its aliases (names of clients merged
 * into it) and by the first two words of its names; a client the import itself creates (`addNew`) by its name only.
 */
export class ClientIndex {
  private readonly clients = new Map<number, ClientFields>();
  private readonly byPhone = new Map<string, number[]>();
  private readonly byEmail = new Map<string, number[]>();
  private readonly byName = new Map<string, NameBucket>();
  /** Stored clients by the first two words of each of their names (`иванова мария` for `Иванова Мария Петровна`). */
  private readonly byNameStart = new Map<string, number[]>();
  /** The contact kind of each stored client, for matching by the start of its name. */
  private readonly storedKinds = new Map<number, ContactKind>();
  /** Folded aliases of the stored clients that have any. */
  private readonly aliasKeys = new Map<number, string[]>();

  /**
   * Names by id where the index keeps keys only (a journal's): a row naming someone else than the client its phone
   * leads to is told apart by them.
   */
  private readonly namesById: string[] = [];
  private readonly namesByRef = new Map<number, string>();

  constructor(private readonly keepFields = true) {}

  /** A stored client, with the other names it is known by. */
  add(id: number, fields: ClientFields, aliases: readonly string[] = []): void {
    this.addNew(id, fields);
    const kind = contactKind(fields);
    this.storedKinds.set(id, kind);
    const keys = fields.name ? [nameKey(fields.name)] : [];
    for (const alias of aliases) {
      const key = nameKey(alias);
      if (!key || keys.includes(key)) continue;
      keys.push(key);
      this.bucket(key).add(id, kind);
    }
    if (keys.length > 1) this.aliasKeys.set(id, keys.slice(1));
    for (const key of keys) {
      const start = nameStart(key);
      if (start !== undefined) push(this.byNameStart, start, id);
    }
  }

  /** A client this import creates. */
  addNew(id: number, fields: ClientFields): void {
    if (this.keepFields) this.clients.set(id, fields);
    else if (fields.name) {
      // Stored ids and a journal's new ones count up from 1 (an array); a record file's new ones down from -1.
      if (id > 0) this.namesById[id] = detached(fields.name);
      else this.namesByRef.set(id, detached(fields.name));
    }
    for (const phone of fields.phones) push(this.byPhone, phone.value, id);
    for (const email of fields.emails) push(this.byEmail, email.value, id);
    if (fields.name) this.bucket(nameKey(fields.name)).add(id, contactKind(fields));
  }

  /** Replaces a client's fields; keys only ever grow on a match (contacts are added, never removed). */
  replace(id: number, fields: ClientFields): void {
    if (!this.keepFields) throw new Error('ClientIndex: replace on an index that keeps keys only');
    const before = this.clients.get(id);
    this.clients.set(id, fields);
    for (const phone of fields.phones)
      if (!before?.phones.some((p) => p.value === phone.value)) push(this.byPhone, phone.value, id);
    for (const email of fields.emails)
      if (!before?.emails.some((e) => e.value === email.value)) push(this.byEmail, email.value, id);
    const kind = contactKind(fields);
    if (this.storedKinds.has(id)) this.storedKinds.set(id, kind);
    if (before && kind !== contactKind(before)) {
      const kindOf = (other: number) => contactKind(this.clients.get(other)!);
      if (before.name) this.byName.get(nameKey(before.name))?.reindex(kindOf);
      for (const alias of this.aliasKeys.get(id) ?? []) this.byName.get(alias)?.reindex(kindOf);
    }
    if (fields.name && (!before?.name || nameKey(before.name) !== nameKey(fields.name))) {
      const bucket = this.bucket(nameKey(fields.name));
      if (!bucket.ids.includes(id)) bucket.add(id, kind);
    }
  }

  get(id: number): ClientFields | undefined {
    return this.clients.get(id);
  }

  /** The client's name, in either kind of index. */
  nameOf(id: number): string | undefined {
    if (this.keepFields) return this.clients.get(id)?.name;
    return id > 0 ? this.namesById[id] : this.namesByRef.get(id);
  }

  /**
   * Whether `name` is one the client goes by: its own or an alias, in full or (two words) as the surname and first
   * name it starts with.
   */
  knownAs(id: number, name: string): boolean {
    const key = nameKey(name);
    const own = this.nameOf(id);
    const names = [...(own ? [nameKey(own)] : []), ...(this.aliasKeys.get(id) ?? [])];
    const other = swapped(key);
    // The name's own first two words, when it has more: `Морозов Иван Ильич` for a client known as `Морозов Иван`.
    const start = other === undefined ? nameStart(key) : undefined;
    return names.some((known) => {
      if (known === key) return true;
      if (other !== undefined) {
        const knownStart = nameStart(known);
        return knownStart === key || knownStart === other;
      }
      return start !== undefined && (known === start || swapped(known) === start);
    });
  }

  firstWithPhone(value: string): number | undefined {
    return this.byPhone.get(value)?.[0];
  }

  firstWithEmail(value: string): number | undefined {
    return this.byEmail.get(value)?.[0];
  }

  /** Every client with this phone, in the order they were added. */
  withPhone(value: string): readonly number[] {
    return this.byPhone.get(value) ?? [];
  }

  /** Every client with this e-mail, in the order they were added. */
  withEmail(value: string): readonly number[] {
    return this.byEmail.get(value) ?? [];
  }

  /** The clients named exactly so (a name or an alias), in either word order of a two-word name; not a copy. */
  namedExactly(name: string): readonly number[] {
    const key = nameKey(name);
    const own = this.byName.get(key)?.ids ?? [];
    const other = swapped(key);
    const turned = other === undefined || other === key ? [] : (this.byName.get(other)?.ids ?? []);
    return turned.length === 0 ? own : [...own, ...turned];
  }

  /** A copy: a client import keeps this list while the index goes on growing. */
  withName(name: string): number[] {
    return [...(this.byName.get(nameKey(name))?.ids ?? [])];
  }

  /**
   * The first client of this name that a record with (or without) a valid phone / e-mail does not contradict.
   * Only right once none of the record's phones and e-mails is stored: matchClient asks in that order.
   */
  firstCompatibleByName(name: string, validPhone: boolean, validEmail: boolean): number | undefined {
    return this.byName.get(nameKey(name))?.firstCompatible(validPhone, validEmail);
  }

  /**
   * For a name of exactly two words, the first client named by the same two words the other way round (`Анна
   * Иванова` for `Иванова Анна`) that a record with (or without) a valid phone / e-mail does not contradict and
   * `accept` takes: byStartOfName finds those among the stored clients, this among the ones the import creates.
   */
  swappedNamesake(
    name: string,
    validPhone: boolean,
    validEmail: boolean,
    accept?: (id: number) => boolean,
  ): number | undefined {
    const key = nameKey(name);
    const other = swapped(key);
    if (other === undefined || other === key) return undefined;
    if (!accept) return this.byName.get(other)?.firstCompatible(validPhone, validEmail);
    return this.compatibleByName(other, validPhone, validEmail).find((id) => accept(id));
  }

  /** Every client of this name that a record with (or without) a valid phone / e-mail does not contradict, in order. */
  compatibleByName(name: string, validPhone: boolean, validEmail: boolean): number[] {
    return this.byName.get(nameKey(name))?.compatible(validPhone, validEmail) ?? [];
  }

  /**
   * For a name of two words (`Иванова Мария`, `Мария Иванова`): the stored clients one of whose names starts with
   * those two words in either order, all of them and those the record's valid phone / e-mail does not contradict.
   */
  byStartOfName(
    name: string,
    validPhone: boolean,
    validEmail: boolean,
  ): { all: number[]; compatible: number[] } | undefined {
    if (this.byNameStart.size === 0) return undefined;
    const key = nameKey(name);
    const other = swapped(key);
    if (other === undefined) return undefined;
    const found = this.byNameStart.get(key);
    const foundSwapped = other === key ? undefined : this.byNameStart.get(other);
    if (!found && !foundSwapped) return undefined;
    const all = [...new Set([...(found ?? []), ...(foundSwapped ?? [])])].sort((a, b) => a - b);
    const compatibleIds = all.filter((id) => compatible(this.storedKinds.get(id)!, validPhone, validEmail));
    return { all, compatible: compatibleIds };
  }

  private bucket(key: string): NameBucket {
    let bucket = this.byName.get(key);
    if (!bucket) {
      bucket = new NameBucket();
      this.byName.set(key, bucket);
    }
    return bucket;
  }
}

/** Another name a stored client goes by: a client merged into it was called so. */
export interface NameAlias {
  clientId: number;
  name: string;
}

/** The stored clients, each with the names of clients merged into it: the index every import matches against. */
export function storedClientIndex(
  clients: readonly Client[],
  aliases: readonly NameAlias[] = [],
  keepFields = true,
): ClientIndex {
  const aliasesOf = new Map<number, string[]>();
  for (const alias of aliases) {
    const names = aliasesOf.get(alias.clientId);
    if (names) names.push(alias.name);
    else aliasesOf.set(alias.clientId, [alias.name]);
  }
  const index = new ClientIndex(keepFields);
  for (const client of clients) index.add(client.id, client, aliasesOf.get(client.id));
  return index;
}

/**
 * The text as a string of its own. A name a reader cut out of a batch's decoded text would keep the whole batch's
 * text alive as long as it is kept (V8 makes a long substring a view into its parent).
 */
function detached(text: string): string {
  return ` ${text}`.slice(1);
}

function push(map: Map<string, number[]>, key: string, id: number): void {
  const ids = map.get(key);
  if (!ids) map.set(key, [id]);
  else if (!ids.includes(id)) ids.push(id);
}

export type MatchResult =
  | { kind: 'match'; id: number; by: 'phone' | 'email' | 'name' | 'surname and first name' }
  | { kind: 'none'; possibleDuplicates: number[] };

/**
 * Phone, else e-mail, else name: and a name alone counts only when no valid phone or e-mail on the two sides
 * disagrees (a number a spreadsheet mangled says nothing about who the client is). A name counts when it is one the
 * stored client goes by (its own or an alias), else, for a name of two words, when exactly one stored client's
 * name starts with those words in either order (`Иванова Мария` finds `Иванова Мария Петровна`). A record matching
 * no one lists its possible duplicates: every stored client whose name starts with its two words, and with
 * `listDuplicates` every namesake too (a client import shows them; a journal names thousands of clients, and
 * namesakes with other phones are no news there).
 */
export function matchClient(
  index: ClientIndex,
  incoming: ClientFields,
  listDuplicates = true,
  accept?: (id: number, contact?: string) => boolean,
): MatchResult {
  if (accept) return matchAccepted(index, incoming, listDuplicates, accept);
  for (const phone of incoming.phones) {
    const id = index.firstWithPhone(phone.value);
    if (id !== undefined) return { kind: 'match', id, by: 'phone' };
  }
  for (const email of incoming.emails) {
    const id = index.firstWithEmail(email.value);
    if (id !== undefined) return { kind: 'match', id, by: 'email' };
  }
  if (!incoming.name) return { kind: 'none', possibleDuplicates: [] };
  // No stored client shares a phone or e-mail with the record (else it matched above): both sides having a valid
  // one is a disagreement.
  const validPhone = incoming.phones.some((p) => p.valid);
  const validEmail = incoming.emails.some((e) => e.valid);
  const id = index.firstCompatibleByName(incoming.name, validPhone, validEmail);
  if (id !== undefined) return { kind: 'match', id, by: 'name' };
  return matchByStartOfName(index, incoming.name, validPhone, validEmail, listDuplicates);
}

/**
 * matchClient where the caller may refuse a candidate (a client import: another row of the file took it, or its
 * name names someone else): each step takes the first client it accepts. Contacts that are not stored cannot
 * contradict, as in matchClient; a contact shared with refused clients only is no disagreement either.
 */
function matchAccepted(
  index: ClientIndex,
  incoming: ClientFields,
  listDuplicates: boolean,
  accept: (id: number, contact?: string) => boolean,
): MatchResult {
  for (const phone of incoming.phones) {
    const id = index.withPhone(phone.value).find((candidate) => accept(candidate, phone.value));
    if (id !== undefined) return { kind: 'match', id, by: 'phone' };
  }
  for (const email of incoming.emails) {
    const id = index.withEmail(email.value).find((candidate) => accept(candidate, email.value));
    if (id !== undefined) return { kind: 'match', id, by: 'email' };
  }
  if (!incoming.name) return { kind: 'none', possibleDuplicates: [] };
  const validPhone = incoming.phones.some((p) => p.valid);
  const validEmail = incoming.emails.some((e) => e.valid);
  const id = index.compatibleByName(incoming.name, validPhone, validEmail).find((candidate) => accept(candidate));
  if (id !== undefined) return { kind: 'match', id, by: 'name' };
  return matchByStartOfName(index, incoming.name, validPhone, validEmail, listDuplicates, accept);
}

function matchByStartOfName(
  index: ClientIndex,
  name: string,
  validPhone: boolean,
  validEmail: boolean,
  listDuplicates: boolean,
  accept?: (id: number) => boolean,
): MatchResult {
  const byStart = index.byStartOfName(name, validPhone, validEmail);
  const startCompatible = accept ? byStart?.compatible.filter((candidate) => accept(candidate)) : byStart?.compatible;
  if (startCompatible?.length === 1) return { kind: 'match', id: startCompatible[0]!, by: 'surname and first name' };
  // `Анна Смирнова` is `Смирнова Анна` the other way round, more than it is `Смирнова Анна Петровна`: the one client
  // named by exactly these two words is meant (a journal imported again must find the client it found before).
  if (startCompatible && startCompatible.length > 1) {
    const named = index.namedExactly(name);
    const exact = startCompatible.filter((id) => named.includes(id));
    if (exact.length === 1) return { kind: 'match', id: exact[0]!, by: 'surname and first name' };
  }
  // No stored client goes by these words: one this import created may, the other way round (a journal writes
  // `Иванова Анна` on one line and `Анна Иванова` on the next).
  if (!byStart?.all.length) {
    const id = index.swappedNamesake(name, validPhone, validEmail, accept);
    if (id !== undefined) return { kind: 'match', id, by: 'surname and first name' };
  }
  const namesakes = index.withName(name);
  const possibleDuplicates = listDuplicates ? namesakes : [];
  for (const other of byStart?.all ?? []) if (!namesakes.includes(other)) possibleDuplicates.push(other);
  return { kind: 'none', possibleDuplicates };
}

/**
 * Why an import lists a client it created beside a stored one, for `crm client merge`: stored as this code, and put
 * into words where the pair is shown (`m.rows.duplicates`).
 */
export type DuplicateReason = 'sameName' | 'sameNameStart' | 'sharedContact' | 'samePhone';
export const SAME_NAME: DuplicateReason = 'sameName';
export const SAME_NAME_START: DuplicateReason = 'sameNameStart';
/** A phone or e-mail of the row is the other client's, whose name the row's clearly tells apart (a family's phone). */
export const SHARED_CONTACT: DuplicateReason = 'sharedContact';
/** A phone kept as written, read again once the database had a region, is the number the other client has. */
export const SAME_PHONE: DuplicateReason = 'samePhone';

export function duplicateReason(name: string, otherName: string): DuplicateReason {
  return nameKey(name) === nameKey(otherName) ? SAME_NAME : SAME_NAME_START;
}

/** The reasons as databases made before they were codes stored them: in English words. */
const STORED_AS_WORDS: Readonly<Record<string, DuplicateReason>> = {
  'same name, different phone or e-mail': SAME_NAME,
  'same surname and first name': SAME_NAME_START,
};

/** A stored reason as its code, whichever way it was stored; a text no version of crm wrote stays as it is. */
export function storedDuplicateReason(stored: string): DuplicateReason | string {
  return Object.hasOwn(STORED_AS_WORDS, stored) ? STORED_AS_WORDS[stored]! : stored;
}

/** A value the file has where the client has another: of a field (`source`), or of an extra key (`extra`). */
export interface Conflict {
  field: string;
  extra?: true;
  stored: string;
  incoming: string;
}

/** What a matched record adds to a stored client: only empty fields are filled; contacts, tags, extra keys added. */
export interface ClientChanges {
  fill: Partial<Record<ScalarField, string>>;
  addPhones: Contact[];
  addEmails: Contact[];
  addTags: string[];
  addExtra: Record<string, string>;
}

export function planMerge(
  stored: ClientFields,
  incoming: ClientFields,
): { changes: ClientChanges; conflicts: Conflict[] } {
  const changes: ClientChanges = { fill: {}, addPhones: [], addEmails: [], addTags: [], addExtra: {} };
  const conflicts: Conflict[] = [];
  for (const field of SCALAR_FIELDS) {
    const have = stored[field];
    const offered = incoming[field];
    if (!offered) continue;
    if (!have) changes.fill[field] = offered;
    else if (field === 'name' ? nameKey(have) !== nameKey(offered) : have !== offered) {
      conflicts.push({ field, stored: have, incoming: offered });
    }
  }
  changes.addPhones = incoming.phones.filter((p) => !stored.phones.some((s) => s.value === p.value));
  changes.addEmails = incoming.emails.filter((e) => !stored.emails.some((s) => s.value === e.value));
  const storedTags = new Set(stored.tags.map(tagKey));
  changes.addTags = incoming.tags.filter((tag) => !storedTags.has(tagKey(tag)));
  for (const [key, value] of Object.entries(incoming.extra)) {
    const have = stored.extra[key];
    if (have === undefined || have === '') changes.addExtra[key] = value;
    else if (have !== value) conflicts.push({ field: key, extra: true, stored: have, incoming: value });
  }
  return { changes, conflicts };
}

export function hasChanges(changes: ClientChanges): boolean {
  return (
    Object.keys(changes.fill).length > 0 ||
    changes.addPhones.length > 0 ||
    changes.addEmails.length > 0 ||
    changes.addTags.length > 0 ||
    Object.keys(changes.addExtra).length > 0
  );
}

export function applyChanges<T extends ClientFields>(fields: T, changes: ClientChanges): T {
  return {
    ...fields,
    ...changes.fill,
    phones: [...fields.phones, ...changes.addPhones],
    emails: [...fields.emails, ...changes.addEmails],
    tags: [...fields.tags, ...changes.addTags],
    extra: { ...fields.extra, ...changes.addExtra },
  };
}
