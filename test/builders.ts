import type { Client, ClientDraft, Contact } from '../src/domain/client.js';

/** A stored phone or e-mail, valid unless said otherwise. */
export const contact = (value: string, raw: string, label: string | null = null, valid = true): Contact => ({
  value,
  raw,
  label,
  valid,
});

/** A stored client with every field empty but those given. */
export function client(fields: Partial<Client> & { id: number; name: string }): Client {
  return {
    phones: [],
    emails: [],
    source: null,
    tags: [],
    birthday: null,
    note: null,
    extra: {},
    created: '2026-01-01',
    archived: false,
    ...fields,
  };
}

/** A client to insert, with a valid phone when one is given and every other field empty. */
export function clientDraft(name: string, phone?: string, created = '2026-01-01'): ClientDraft {
  return {
    name,
    phones: phone ? [{ value: phone, raw: phone, label: null, valid: true }] : [],
    emails: [],
    tags: [],
    source: null,
    birthday: null,
    note: null,
    extra: {},
    created,
  };
}
