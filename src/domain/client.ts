import type { ClientRecord, RawContact, RowProblem } from './input.js';
// The folding lives in names.ts, which the store loads without the phone code; re-exported for this module's importers.
import { tagKey, tidyName } from './names.js';
import { type NormalisedPhone, normalisePhone } from './phone.js';
import type { RowNote } from './row-notes.js';

export { NICKNAME_KEYS, nameKey, tagKey, tidyName } from './names.js';

export interface Contact {
  /** E.164 phone / lower-cased e-mail when valid; otherwise the phone's digits or the e-mail as written. */
  value: string;
  raw: string;
  label: string | null;
  valid: boolean;
}

/** The fields of a client a user edits; `extra` holds every column a file had that maps to no field. */
export interface ClientFields {
  name: string;
  phones: Contact[];
  emails: Contact[];
  source: string | null;
  tags: string[];
  birthday: string | null;
  note: string | null;
  extra: Record<string, string>;
}

export interface Client extends ClientFields {
  id: number;
  created: string;
  archived: boolean;
}

export interface ClientDraft extends ClientFields {
  created: string;
  archived?: boolean;
}

/** Scalar fields that a match may fill when empty and must never overwrite silently. */
export const SCALAR_FIELDS = ['name', 'source', 'birthday', 'note'] as const;
export type ScalarField = (typeof SCALAR_FIELDS)[number];

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normaliseEmail(raw: string): Contact {
  const text = raw.trim().replace(/^mailto:/i, '');
  const lower = text.toLowerCase();
  return { value: lower, raw: raw.trim(), label: null, valid: EMAIL.test(lower) };
}

function uniqueContacts(contacts: Contact[]): Contact[] {
  // A record's one phone or none (a journal's hundred thousand new clients): no set to build.
  if (contacts.length <= 1) return contacts.length === 1 && !contacts[0]!.value ? [] : contacts;
  const seen = new Set<string>();
  return contacts.filter((contact) => {
    if (!contact.value || seen.has(contact.value)) return false;
    seen.add(contact.value);
    return true;
  });
}

export function uniqueTags(tags: string[]): string[] {
  if (tags.length === 0) return [];
  const seen = new Set<string>();
  const result: string[] = [];
  for (const tag of tags.map((t) => t.trim()).filter(Boolean)) {
    const key = tagKey(tag);
    if (!seen.has(key)) {
      seen.add(key);
      result.push(tag);
    }
  }
  return result;
}

/** The client a record makes, or why it makes none; `warnings`: kept, but worth telling (a phone stored as written). */
export type DraftResult = ({ draft: ClientDraft; problem?: undefined } | { draft?: undefined; problem: RowProblem }) & {
  warnings: RowNote[];
};

function toPhones(raws: RawContact[], normalise: (raw: string) => NormalisedPhone, warnings: RowNote[]): Contact[] {
  return raws
    .filter((raw) => raw.value.trim())
    .map((raw) => {
      const phone = normalise(raw.value);
      if (phone.problem) warnings.push(phone.problem);
      return { value: phone.value, raw: phone.raw, label: raw.label ?? null, valid: phone.valid };
    });
}

function toEmails(raws: RawContact[], warnings: RowNote[]): Contact[] {
  return raws
    .filter((raw) => raw.value.trim())
    .map((raw) => {
      const email = { ...normaliseEmail(raw.value), label: raw.label ?? null };
      if (!email.valid) warnings.push({ code: 'emailInvalid', email: email.raw });
      return email;
    });
}

function emptyToNull(text: string | undefined): string | null {
  const trimmed = text?.trim();
  return trimmed ? trimmed : null;
}

/** Applies the client rules to one record read from a file: normalised contacts, or the reason it is rejected. */
export function draftFromRecord(
  record: ClientRecord,
  region: string | undefined,
  today: string,
  normalise: (raw: string) => NormalisedPhone = (raw) => normalisePhone(raw, record.region ?? region),
): DraftResult {
  const warnings: RowNote[] = [];
  const phones = uniqueContacts(toPhones(record.phones, normalise, warnings));
  const emails = uniqueContacts(toEmails(record.emails, warnings));
  const name = tidyName(record.name ?? '');
  if (!name && phones.length === 0 && emails.length === 0) {
    return { problem: { line: record.line, reason: { code: 'noNameOrContact' } }, warnings };
  }
  const extra: Record<string, string> = Object.create(null);
  for (const [key, value] of Object.entries(record.extra)) if (value.trim()) extra[key] = value.trim();
  return {
    draft: {
      name,
      phones,
      emails,
      source: emptyToNull(record.source),
      tags: uniqueTags(record.tags),
      birthday: emptyToNull(record.birthday),
      note: emptyToNull(record.note),
      extra,
      created: record.created ?? today,
      ...(record.archived ? { archived: true } : {}),
    },
    warnings,
  };
}

/**
 * The extra field a merge keeps a differing value under (`name (from #41)`): stored, so the same in every language, and
 * said in the person's when shown (`keptAsideKeyOf`).
 */
export function keptAsideKey(field: string, fromId: number): string {
  return `${field} (from #${fromId})`;
}

/** The field and the merged client of a key `keptAsideKey` made; null for any other extra key. */
export function keptAsideKeyOf(key: string): { field: string; id: number } | null {
  const found = /^(.+) \(from #(\d+)\)$/.exec(key);
  return found ? { field: found[1]!, id: Number(found[2]) } : null;
}

/** The JSON shape of a client in every listing: primary phone and e-mail flat, all of them in arrays. */
export function clientToJson(client: Client) {
  const phone = client.phones[0];
  const email = client.emails[0];
  return {
    id: client.id,
    name: client.name,
    phone: phone?.valid ? phone.value : null,
    phone_raw: phone?.raw ?? null,
    email: email?.value ?? null,
    phones: client.phones.map((p) => ({ value: p.valid ? p.value : null, raw: p.raw, label: p.label })),
    emails: client.emails.map((e) => ({ value: e.value, label: e.label })),
    source: client.source,
    tags: client.tags,
    birthday: client.birthday,
    note: client.note,
    extra: client.extra,
    created: client.created,
    archived: client.archived,
  };
}
export type ClientJson = ReturnType<typeof clientToJson>;
