import { type Client, clientToJson } from '../domain/client.js';
import type { Cell, Renderable, TableData } from './types.js';

function primaryPhone(client: Client): string | null {
  const phone = client.phones[0];
  return phone ? (phone.valid ? phone.value : phone.raw) : null;
}

/** Every field a column, extra keys included, for spreadsheets. */
function wideTable(clients: Client[]): TableData {
  const extraKeys = [...new Set(clients.flatMap((c) => Object.keys(c.extra)))];
  const base = [
    'id',
    'name',
    'phone',
    'phone_raw',
    'email',
    'phones',
    'emails',
    'source',
    'tags',
    'birthday',
    'note',
    'created',
    'archived',
  ];
  return {
    columns: [
      ...base.map((key) => ({ key, header: key })),
      ...extraKeys.map((key) => ({ key: `extra:${key}`, header: key })),
    ],
    rows: clients.map((client) => {
      const json = clientToJson(client);
      const row: Record<string, Cell> = {
        id: json.id,
        name: json.name,
        phone: json.phone,
        phone_raw: json.phone_raw,
        email: json.email,
        phones: client.phones.map((p) => (p.valid ? p.value : p.raw)).join(' ::: '),
        emails: client.emails.map((e) => e.value).join(' ::: '),
        source: json.source,
        tags: json.tags.join(', '),
        birthday: json.birthday,
        note: json.note,
        created: json.created,
        archived: json.archived ? 1 : 0,
      };
      for (const key of extraKeys) row[`extra:${key}`] = client.extra[key] ?? '';
      return row;
    }),
  };
}

export function clientListing(clients: Client[]): Renderable {
  return {
    json: clients.map(clientToJson),
    table: {
      columns: [
        { key: 'id', header: 'id', align: 'right' },
        { key: 'name', header: 'name' },
        { key: 'phone', header: 'phone' },
        { key: 'email', header: 'email' },
        { key: 'source', header: 'source' },
        { key: 'tags', header: 'tags' },
      ],
      rows: clients.map((c) => ({
        id: c.id,
        name: c.archived ? `${c.name} (archived)` : c.name,
        phone: primaryPhone(c),
        email: c.emails[0]?.value ?? null,
        source: c.source,
        tags: c.tags.join(', '),
      })),
    },
    csv: wideTable(clients),
    notes: [`${clients.length} client${clients.length === 1 ? '' : 's'}`],
  };
}

/** The client card's contact part: one row per field, as people read a card. */
export function clientCard(client: Client): Renderable {
  const rows: Array<{ field: string; value: Cell }> = [
    { field: 'id', value: client.id },
    { field: 'name', value: client.name },
    ...client.phones.map((p, i) => ({
      field: i === 0 ? 'phone' : `phone ${i + 1}`,
      value: `${p.valid ? p.value : `${p.raw} (not a valid number)`}${p.label ? ` [${p.label}]` : ''}${p.valid && p.raw !== p.value ? ` (written ${p.raw})` : ''}`,
    })),
    ...client.emails.map((e, i) => ({
      field: i === 0 ? 'email' : `email ${i + 1}`,
      value: `${e.value}${e.label ? ` [${e.label}]` : ''}`,
    })),
    { field: 'source', value: client.source },
    { field: 'tags', value: client.tags.join(', ') },
    { field: 'birthday', value: client.birthday },
    { field: 'note', value: client.note },
    ...Object.entries(client.extra).map(([key, value]) => ({ field: key, value })),
    { field: 'created', value: client.created },
    ...(client.archived ? [{ field: 'archived', value: 'yes' }] : []),
  ];
  return {
    json: clientToJson(client),
    table: {
      columns: [
        { key: 'field', header: 'field' },
        { key: 'value', header: 'value' },
      ],
      rows,
    },
  };
}
