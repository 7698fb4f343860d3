import { type ClientFields, type Contact, nameKey, SCALAR_FIELDS, type ScalarField, tagKey } from './client.js';

/** In-memory lookup of clients by phone, e-mail and case-folded name, for matching a whole file in one pass. */
export class ClientIndex {
  private readonly clients = new Map<number, ClientFields>();
  private readonly byPhone = new Map<string, number[]>();
  private readonly byEmail = new Map<string, number[]>();
  private readonly byName = new Map<string, number[]>();

  add(id: number, fields: ClientFields): void {
    this.clients.set(id, fields);
    for (const phone of fields.phones) push(this.byPhone, phone.value, id);
    for (const email of fields.emails) push(this.byEmail, email.value, id);
    if (fields.name) push(this.byName, nameKey(fields.name), id);
  }

  /** Replaces a client's fields; keys only ever grow on a match (contacts are added, never removed). */
  replace(id: number, fields: ClientFields): void {
    const before = this.clients.get(id);
    this.clients.set(id, fields);
    for (const phone of fields.phones)
      if (!before?.phones.some((p) => p.value === phone.value)) push(this.byPhone, phone.value, id);
    for (const email of fields.emails)
      if (!before?.emails.some((e) => e.value === email.value)) push(this.byEmail, email.value, id);
    if (fields.name && (!before?.name || nameKey(before.name) !== nameKey(fields.name))) {
      push(this.byName, nameKey(fields.name), id);
    }
  }

  get(id: number): ClientFields | undefined {
    return this.clients.get(id);
  }

  // Copies: callers keep these lists while the index goes on growing.
  withPhone(value: string): number[] {
    return [...(this.byPhone.get(value) ?? [])];
  }

  withEmail(value: string): number[] {
    return [...(this.byEmail.get(value) ?? [])];
  }

  withName(name: string): number[] {
    return [...(this.byName.get(nameKey(name)) ?? [])];
  }
}

function push(map: Map<string, number[]>, key: string, id: number): void {
  const ids = map.get(key);
  if (!ids) map.set(key, [id]);
  else if (!ids.includes(id)) ids.push(id);
}

export type MatchResult =
  | { kind: 'match'; id: number; by: 'phone' | 'email' | 'name' }
  | { kind: 'none'; possibleDuplicates: number[] };

/** Phone, else e-mail, else name: and a name alone counts only when no phone or e-mail on the two sides disagrees. */
export function matchClient(index: ClientIndex, incoming: ClientFields): MatchResult {
  for (const phone of incoming.phones) {
    const [id] = index.withPhone(phone.value);
    if (id !== undefined) return { kind: 'match', id, by: 'phone' };
  }
  for (const email of incoming.emails) {
    const [id] = index.withEmail(email.value);
    if (id !== undefined) return { kind: 'match', id, by: 'email' };
  }
  if (!incoming.name) return { kind: 'none', possibleDuplicates: [] };
  const sameName = index.withName(incoming.name);
  const compatible = sameName.filter((id) => !contradicts(index.get(id)!, incoming));
  if (compatible.length > 0) return { kind: 'match', id: compatible[0]!, by: 'name' };
  return { kind: 'none', possibleDuplicates: sameName };
}

/**
 * Both sides have phones (or both have e-mails) and none of them is shared: most likely two people. Only valid ones
 * count: a number a spreadsheet mangled says nothing about who the client is.
 */
function contradicts(stored: ClientFields, incoming: ClientFields): boolean {
  return disagree(stored.phones, incoming.phones) || disagree(stored.emails, incoming.emails);
}

function disagree(stored: Contact[], incoming: Contact[]): boolean {
  const mine = stored.filter((c) => c.valid);
  const theirs = incoming.filter((c) => c.valid);
  return mine.length > 0 && theirs.length > 0 && !theirs.some((t) => mine.some((m) => m.value === t.value));
}

export interface Conflict {
  field: string;
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
    else if (have !== value) conflicts.push({ field: key, stored: have, incoming: value });
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

/** Human wording of a change set, for `--dry-run` and the import report. */
export function describeChanges(changes: ClientChanges): string {
  const parts: string[] = [];
  for (const [field, value] of Object.entries(changes.fill)) parts.push(`${field}=${value}`);
  for (const phone of changes.addPhones) parts.push(`+phone ${phone.valid ? phone.value : phone.raw}`);
  for (const email of changes.addEmails) parts.push(`+email ${email.value}`);
  for (const tag of changes.addTags) parts.push(`+tag ${tag}`);
  for (const [key, value] of Object.entries(changes.addExtra)) parts.push(`${key}=${value}`);
  return parts.join(', ');
}
