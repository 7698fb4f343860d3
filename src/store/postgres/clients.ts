/**
 * Clients, their contacts, tags and earlier names on PostgreSQL: what store/clients.ts does on SQLite, in lists,
 * so that an import of many clients costs a few round trips to the server, not a few per client.
 */
import type { Client, ClientDraft, ClientFields, Contact, ScalarField } from '../../domain/client.js';
import { NICKNAME_KEYS, nameKey, tagKey } from '../../domain/client.js';
import type { ClientChanges, MatchKeys, NameAlias } from '../../domain/matching.js';
import { phoneDigits } from '../../domain/phone.js';
import type { PhoneReadAgain } from '../../domain/phones-read-again.js';
import type { ClientFilter, DuplicateCandidate } from '../clients.js';
import { parseExtra } from '../extra.js';
import type { Connection } from './connection.js';
import { arraysOf, type Column, insertFromArrays } from './rows.js';

interface ClientRow {
  id: number;
  name: string;
  source: string | null;
  birthday: string | null;
  note: string | null;
  extra: string;
  created: string;
  archived: boolean;
}

interface ContactRow {
  client_id: number;
  kind: 'phone' | 'email';
  value: string;
  raw: string;
  label: string | null;
  valid: boolean;
}

const CLIENT_COLUMNS = 'id, name, source, birthday, note, extra, created, archived';

/** Clients with their contacts and tags, in id order; `ids` limits the load, otherwise every client is read. */
export async function loadClients(c: Connection, ids?: readonly number[]): Promise<Client[]> {
  if (ids && ids.length === 0) return [];
  const filter = ids ? 'WHERE id = ANY($1::bigint[])' : '';
  const clientFilter = ids ? 'WHERE client_id = ANY($1::bigint[])' : '';
  const parameters = ids ? [ids] : [];
  const rows = await c.rows<ClientRow>(`SELECT ${CLIENT_COLUMNS} FROM clients ${filter} ORDER BY id`, parameters);
  const contacts = await c.rows<ContactRow>(
    `SELECT client_id, kind, value, raw, label, valid FROM client_contacts ${clientFilter} ORDER BY client_id, position, id`,
    parameters,
  );
  const tags = await c.rows<{ client_id: number; name: string }>(
    `SELECT ct.client_id, t.name FROM client_tags ct JOIN tags t ON t.id = ct.tag_id ${clientFilter.replace('client_id', 'ct.client_id')} ORDER BY ct.client_id, ct.id`,
    parameters,
  );
  const byId = new Map<number, Client>();
  const clients = rows.map((row) => {
    const client: Client = {
      id: row.id,
      name: row.name,
      phones: [],
      emails: [],
      source: row.source,
      tags: [],
      birthday: row.birthday,
      note: row.note,
      extra: parseExtra(row.extra),
      created: row.created,
      archived: row.archived,
    };
    byId.set(row.id, client);
    return client;
  });
  for (const contact of contacts) {
    const client = byId.get(contact.client_id);
    if (!client) continue;
    const entry: Contact = { value: contact.value, raw: contact.raw, label: contact.label, valid: contact.valid };
    (contact.kind === 'phone' ? client.phones : client.emails).push(entry);
  }
  for (const tag of tags) byId.get(tag.client_id)?.tags.push(tag.name);
  return clients;
}

export async function clientNamesById(c: Connection, ids: readonly number[]): Promise<Map<number, string>> {
  const rows = await c.rows<{ id: number; name: string }>('SELECT id, name FROM clients WHERE id = ANY($1::bigint[])', [
    ids,
  ]);
  return new Map(rows.map((row) => [row.id, row.name]));
}

export async function listClients(c: Connection, filter: ClientFilter = {}): Promise<Client[]> {
  const where: string[] = [];
  const parameters: string[] = [];
  if (!filter.includeArchived) where.push('NOT archived');
  if (filter.source) {
    parameters.push(filter.source);
    where.push(`source = $${parameters.length}`);
  }
  if (filter.tag) {
    parameters.push(tagKey(filter.tag));
    where.push(
      `id IN (SELECT ct.client_id FROM client_tags ct JOIN tags t ON t.id = ct.tag_id WHERE t.name_key = $${parameters.length})`,
    );
  }
  const ids = await c.rows<{ id: number }>(
    `SELECT id FROM clients ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id`,
    parameters,
  );
  return loadClients(
    c,
    ids.map((row) => row.id),
  );
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/** Clients whose name contains the query, whose phone digits contain its digits, or whose e-mail contains it. */
export async function findClientIds(c: Connection, query: string, includeArchived = false): Promise<number[]> {
  const key = nameKey(query);
  const digits = phoneDigits(query);
  const archived = includeArchived ? '' : 'AND NOT c.archived';
  const ids = new Set<number>();
  const add = (rows: Array<{ id: number }>) => {
    for (const row of rows) ids.add(row.id);
  };
  add(await c.rows(`SELECT id FROM clients c WHERE name_key LIKE $1 ${archived}`, [likePattern(key)]));
  add(
    await c.rows(
      `SELECT DISTINCT a.client_id AS id FROM client_aliases a JOIN clients c ON c.id = a.client_id
       WHERE a.name_key LIKE $1 ${archived}`,
      [likePattern(key)],
    ),
  );
  // Folded as nameKey folds (lower case, ё as е): the server's lower() knows Cyrillic.
  add(
    await c.rows(
      `SELECT DISTINCT c.id FROM clients c, json_each_text(c.extra) e
       WHERE c.extra::text <> '{}' AND lower(e.key) = ANY($1) AND replace(lower(e.value), 'ё', 'е') LIKE $2 ${archived}`,
      [NICKNAME_KEYS, likePattern(key)],
    ),
  );
  // Short digit runs (a house number in a name query) would match half the book.
  if (digits.length >= 3) {
    const national = digits.length >= 11 && /^[78]/.test(digits) ? digits.slice(1) : digits;
    add(
      await c.rows(
        `SELECT DISTINCT cc.client_id AS id FROM client_contacts cc JOIN clients c ON c.id = cc.client_id
         WHERE cc.kind = 'phone' AND cc.search LIKE $1 ${archived}`,
        [likePattern(national)],
      ),
    );
  }
  if (query.includes('@') || /^[\w.+-]{3,}$/.test(query.trim())) {
    // ILIKE: SQLite's LIKE ignores the case of ASCII letters, and an e-mail stored as written keeps its capitals.
    add(
      await c.rows(
        `SELECT DISTINCT cc.client_id AS id FROM client_contacts cc JOIN clients c ON c.id = cc.client_id
         WHERE cc.kind = 'email' AND cc.value ILIKE $1 ${archived}`,
        [likePattern(query.trim().toLowerCase())],
      ),
    );
  }
  return [...ids].sort((a, b) => a - b);
}

function contactSearch(kind: 'phone' | 'email', contact: Contact): string {
  return kind === 'phone' ? `${phoneDigits(contact.raw)} ${phoneDigits(contact.value)}` : contact.value;
}

/** A contact to add to a client: after its stored ones of that kind (`offset` counts those of this list before it). */
interface NewContact {
  clientId: number;
  kind: 'phone' | 'email';
  contact: Contact;
  offset: number;
}

const CONTACT_COLUMNS: Column[] = [
  ['client_id', 'bigint'],
  ['kind', 'text'],
  ['value', 'text'],
  ['raw', 'text'],
  ['label', 'text'],
  ['valid', 'boolean'],
  ['position', 'integer'],
  ['search', 'text'],
  ['batch_id', 'bigint'],
];

export const CLIENT_INSERT_COLUMNS: Column[] = [
  ['id', 'bigint'],
  ['name', 'text'],
  ['name_key', 'text'],
  ['source', 'text'],
  ['birthday', 'text'],
  ['note', 'text'],
  ['extra', 'json'],
  ['created', 'text'],
  ['archived', 'boolean'],
  ['batch_id', 'bigint'],
];

/** A draft's row of clients, in the order of CLIENT_INSERT_COLUMNS. */
export function clientRow(
  id: number,
  draft: ClientDraft,
  batchId: number | null,
): Array<string | number | boolean | null> {
  return [
    id,
    draft.name,
    nameKey(draft.name),
    draft.source,
    draft.birthday,
    draft.note,
    JSON.stringify(draft.extra),
    draft.created,
    draft.archived === true,
    batchId,
  ];
}

/** A contact's row of client_contacts, in the order of CONTACT_COLUMNS (position: 0 for a new client's first). */
export function contactRow(
  clientId: number,
  kind: 'phone' | 'email',
  contact: Contact,
  position: number,
  batchId: number | null,
): Array<string | number | boolean | null> {
  return [
    clientId,
    kind,
    contact.value,
    contact.raw,
    contact.label,
    contact.valid,
    position,
    contactSearch(kind, contact),
    batchId,
  ];
}

/** The contacts of a new client (none stored yet): positions from 0. */
function freshContacts(clientId: number, draft: ClientDraft): NewContact[] {
  return [
    ...draft.phones.map((contact, offset) => ({ clientId, kind: 'phone' as const, contact, offset })),
    ...draft.emails.map((contact, offset) => ({ clientId, kind: 'email' as const, contact, offset })),
  ];
}

/** Adds contacts in one statement, each after the stored contacts of its client and kind. */
async function insertContacts(c: Connection, contacts: NewContact[], batchId: number | null): Promise<void> {
  if (contacts.length === 0) return;
  const rows = contacts.map(({ clientId, kind, contact, offset }) =>
    contactRow(clientId, kind, contact, offset, batchId),
  );
  const names = CONTACT_COLUMNS.map(([name]) => name).join(', ');
  const arrays = CONTACT_COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
  await c.run(
    `INSERT INTO client_contacts (${names})
     SELECT client_id, kind, value, raw, label, valid,
       position + coalesce((SELECT max(s.position) + 1 FROM client_contacts s
                            WHERE s.client_id = u.client_id AND s.kind = u.kind), 0),
       search, batch_id
     FROM unnest(${arrays}) WITH ORDINALITY AS u(${names}, ord) ORDER BY ord`,
    arraysOf(rows, CONTACT_COLUMNS.length),
  );
}

/**
 * Gives each client its tags (creating the tags not stored yet, spelt as first written), in the order given. Run
 * holding the write lock, so that no other writer adds one of these tags meanwhile.
 */
export async function addTags(
  c: Connection,
  tags: Array<{ clientId: number; name: string }>,
  batchId: number | null,
): Promise<void> {
  if (tags.length === 0) return;
  await c.run(
    `WITH wanted AS (
       SELECT client_id, name, key, ord FROM unnest($1::bigint[], $2::text[], $3::text[]) WITH ORDINALITY AS w(client_id, name, key, ord)),
     added AS (
       INSERT INTO tags (name, name_key, batch_id)
       SELECT DISTINCT ON (key) name, key, $4::bigint FROM wanted ORDER BY key, ord
       ON CONFLICT (name_key) DO NOTHING RETURNING id, name_key),
     known AS (
       SELECT id, name_key FROM added
       UNION ALL SELECT t.id, t.name_key FROM tags t WHERE t.name_key IN (SELECT key FROM wanted))
     INSERT INTO client_tags (client_id, tag_id, batch_id)
     SELECT w.client_id, k.id, $4::bigint FROM wanted w JOIN known k ON k.name_key = w.key ORDER BY w.ord
     ON CONFLICT (client_id, tag_id) DO NOTHING`,
    [tags.map((t) => t.clientId), tags.map((t) => t.name), tags.map((t) => tagKey(t.name)), batchId],
  );
}

/** `count` new ids of `table`, in increasing order, taken from its identity's sequence. */
export async function reserveIds(c: Connection, table: 'clients' | 'deals', count: number): Promise<number[]> {
  if (count === 0) return [];
  const rows = await c.rows<{ id: number }>(
    `SELECT nextval(pg_get_serial_sequence('${table}', 'id')) AS id FROM generate_series(1, $1)`,
    [count],
  );
  return rows.map((row) => row.id).sort((a, b) => a - b);
}

/** Inserts clients with their contacts and tags; returns their ids, in the drafts' order. */
export async function insertClients(
  c: Connection,
  drafts: readonly ClientDraft[],
  batchId: number | null,
): Promise<number[]> {
  if (drafts.length === 0) return [];
  return c.atomic(async () => {
    const ids = await reserveIds(c, 'clients', drafts.length);
    await c.run(
      insertFromArrays('clients', CLIENT_INSERT_COLUMNS),
      arraysOf(
        drafts.map((draft, i) => clientRow(ids[i]!, draft, batchId)),
        CLIENT_INSERT_COLUMNS.length,
      ),
    );
    await insertContacts(
      c,
      drafts.flatMap((draft, i) => freshContacts(ids[i]!, draft)),
      batchId,
    );
    await addTags(
      c,
      drafts.flatMap((draft, i) => draft.tags.map((name) => ({ clientId: ids[i]!, name }))),
      batchId,
    );
    return ids;
  });
}

type ColumnValues = Record<string, string | number | null>;

/** The columns of clients an import or an edit may write, with the array type each is sent in. */
const WRITABLE: Record<string, 'text' | 'json'> = {
  name: 'text',
  name_key: 'text',
  source: 'text',
  birthday: 'text',
  note: 'text',
  extra: 'json',
};

/**
 * Writes, per client, the columns its values name (others keep theirs): one statement for any number of clients,
 * each with its own columns.
 */
async function writeColumns(c: Connection, updates: Array<{ id: number; values: ColumnValues }>): Promise<void> {
  // One row per client: an UPDATE applies one of several rows that match the same client, never all.
  const merged = new Map<number, ColumnValues>();
  for (const { id, values } of updates) merged.set(id, { ...merged.get(id), ...values });
  const kept = [...merged]
    .filter(([, values]) => Object.keys(values).length > 0)
    .map(([id, values]) => ({ id, values }));
  if (kept.length === 0) return;
  const columns = Object.keys(WRITABLE);
  const parameters: unknown[] = [kept.map((update) => update.id)];
  const sets: string[] = [];
  const names = ['id'];
  const arrays = ['$1::bigint[]'];
  for (const column of columns) {
    parameters.push(kept.map((update) => column in update.values));
    parameters.push(kept.map((update) => update.values[column] ?? null));
    names.push(`set_${column}`, column);
    arrays.push(`$${parameters.length - 1}::boolean[]`, `$${parameters.length}::${WRITABLE[column]}[]`);
    sets.push(`${column} = CASE WHEN u.set_${column} THEN u.${column} ELSE c.${column} END`);
  }
  await c.run(
    `UPDATE clients c SET ${sets.join(', ')} FROM unnest(${arrays.join(', ')}) AS u(${names.join(', ')}) WHERE c.id = u.id`,
    parameters as never,
  );
}

/**
 * Adds what an import brings to stored clients. Rows it inserts carry the batch id; the columns it changes are
 * journalled (before and after) so that `crm import undo` can put them back.
 */
export async function applyClientChanges(
  c: Connection,
  changes: Iterable<[number, ClientChanges]>,
  batchId: number,
): Promise<void> {
  const list = [...changes];
  if (list.length === 0) return;
  await c.atomic(async () => {
    const current = new Map(
      (
        await c.rows<ColumnValues & { id: number }>(
          'SELECT id, name, name_key, source, birthday, note, extra FROM clients WHERE id = ANY($1::bigint[])',
          [list.map(([id]) => id)],
        )
      ).map((row) => [row.id, row]),
    );
    const journal: Array<[number, string, string]> = [];
    const updates: Array<{ id: number; values: ColumnValues }> = [];
    const contacts: NewContact[] = [];
    const tags: Array<{ clientId: number; name: string }> = [];
    for (const [id, clientChanges] of list) {
      const stored = { ...current.get(id)! };
      const values: ColumnValues = {};
      for (const [field, value] of Object.entries(clientChanges.fill) as Array<[ScalarField, string]>) {
        values[field] = value;
        if (field === 'name') values.name_key = nameKey(value);
      }
      if (Object.keys(clientChanges.addExtra).length > 0) {
        values.extra = JSON.stringify({ ...parseExtra(stored.extra as string), ...clientChanges.addExtra });
      }
      if (Object.keys(values).length > 0) {
        const before = Object.fromEntries(Object.keys(values).map((column) => [column, stored[column] ?? null]));
        journal.push([id, JSON.stringify(before), JSON.stringify(values)]);
        updates.push({ id, values });
        // A client named twice in the list sees its first change.
        Object.assign(current.get(id)!, values);
      }
      clientChanges.addPhones.forEach((contact, offset) => {
        contacts.push({ clientId: id, kind: 'phone', contact, offset });
      });
      clientChanges.addEmails.forEach((contact, offset) => {
        contacts.push({ clientId: id, kind: 'email', contact, offset });
      });
      for (const name of clientChanges.addTags) tags.push({ clientId: id, name });
    }
    if (journal.length > 0) {
      await c.run(
        `INSERT INTO batch_changes (batch_id, table_name, row_id, before, after)
         SELECT $1, 'clients', row_id, before, after
         FROM unnest($2::bigint[], $3::json[], $4::json[]) WITH ORDINALITY AS u(row_id, before, after, ord) ORDER BY ord`,
        [batchId, journal.map((j) => j[0]), journal.map((j) => j[1]), journal.map((j) => j[2])],
      );
    }
    await writeColumns(c, updates);
    await insertContacts(c, contacts, batchId);
    await addTags(c, tags, batchId);
  });
}

/** A user's own edit (`crm client edit`): replaces what it names, contacts and tags included. */
export async function replaceClientFields(c: Connection, id: number, fields: Partial<ClientFields>): Promise<void> {
  await c.atomic(async () => {
    const values: ColumnValues = {};
    for (const field of ['name', 'source', 'birthday', 'note'] as const) {
      if (fields[field] !== undefined) values[field] = fields[field];
    }
    if (fields.name !== undefined) values.name_key = nameKey(fields.name);
    if (fields.extra !== undefined) values.extra = JSON.stringify(fields.extra);
    await writeColumns(c, [{ id, values }]);
    const contacts: NewContact[] = [];
    for (const kind of ['phone', 'email'] as const) {
      const list = kind === 'phone' ? fields.phones : fields.emails;
      if (list === undefined) continue;
      await c.run('DELETE FROM client_contacts WHERE client_id = $1 AND kind = $2', [id, kind]);
      list.forEach((contact, offset) => {
        contacts.push({ clientId: id, kind, contact, offset });
      });
    }
    await insertContacts(c, contacts, null);
    if (fields.tags !== undefined) {
      await c.run('DELETE FROM client_tags WHERE client_id = $1', [id]);
      await addTags(
        c,
        fields.tags.map((name) => ({ clientId: id, name })),
        null,
      );
    }
  });
}

/** The clients with a phone kept as written (no valid number when it was stored), in id order. */
export async function clientsWithPhonesKeptAsWritten(c: Connection): Promise<number[]> {
  const rows = await c.arrays<[number]>(
    "SELECT DISTINCT client_id FROM client_contacts WHERE kind = 'phone' AND NOT valid ORDER BY client_id",
  );
  return rows.map(([id]) => Number(id));
}

/**
 * Stores the numbers phones kept as written were read as (domain/phones-read-again.ts): each contact becomes its
 * number, or goes when its client has that number already (the same phone written two ways). In order, one
 * statement each: a database has few such phones, and the first of two spellings of a number decides the second.
 */
export async function storePhonesReadAgain(c: Connection, phones: readonly PhoneReadAgain[]): Promise<void> {
  if (phones.length === 0) return;
  await c.atomic(async () => {
    for (const { clientId, raw, value } of phones) {
      await c.run(
        `WITH held AS (
           SELECT 1 FROM client_contacts WHERE client_id = $1 AND kind = 'phone' AND valid AND value = $3 LIMIT 1
         ), dropped AS (
           DELETE FROM client_contacts
            WHERE client_id = $1 AND kind = 'phone' AND NOT valid AND raw = $2 AND EXISTS (SELECT 1 FROM held)
         )
         UPDATE client_contacts SET value = $3, valid = true, search = $4
          WHERE client_id = $1 AND kind = 'phone' AND NOT valid AND raw = $2 AND NOT EXISTS (SELECT 1 FROM held)`,
        [clientId, raw, value, contactSearch('phone', { value, raw, label: null, valid: true })],
      );
    }
  });
}

export async function setArchived(c: Connection, id: number, archived: boolean): Promise<void> {
  await c.atomic(() => c.run('UPDATE clients SET archived = $1 WHERE id = $2', [archived, id]));
}

export async function recordDuplicateCandidates(
  c: Connection,
  pairs: ReadonlyArray<{ clientId: number; otherId: number; reason: string }>,
  batchId: number | null,
): Promise<void> {
  if (pairs.length === 0) return;
  await c.atomic(() =>
    c.run(
      `INSERT INTO duplicate_candidates (client_id, other_id, reason, batch_id)
       SELECT client_id, other_id, reason, $4 FROM unnest($1::bigint[], $2::bigint[], $3::text[]) WITH ORDINALITY
         AS u(client_id, other_id, reason, ord) ORDER BY ord
       ON CONFLICT (client_id, other_id) DO NOTHING`,
      [pairs.map((p) => p.clientId), pairs.map((p) => p.otherId), pairs.map((p) => p.reason), batchId],
    ),
  );
}

export function listDuplicateCandidates(c: Connection): Promise<DuplicateCandidate[]> {
  return c.rows<DuplicateCandidate>('SELECT client_id, other_id, reason FROM duplicate_candidates ORDER BY id');
}

export function loadNameAliases(c: Connection, ids?: number[]): Promise<NameAlias[]> {
  if (ids === undefined)
    return c.rows<NameAlias>('SELECT client_id AS "clientId", name FROM client_aliases ORDER BY id');
  return c.rows<NameAlias>(
    'SELECT client_id AS "clientId", name FROM client_aliases WHERE client_id = ANY($1) ORDER BY id',
    [ids],
  );
}

/** The clients with any of the keys (domain/matching.ts MatchKeys): as SQLite's matchCandidateIds. */
export async function matchCandidateIds(c: Connection, keys: MatchKeys): Promise<number[]> {
  const names = `name_key = ANY($1) OR EXISTS (SELECT 1 FROM unnest($2::text[]) s(start)
      WHERE name_key >= s.start AND name_key < left(s.start, -1) || '!')`;
  const rows = await c.rows<{ id: number }>(
    `SELECT id FROM clients WHERE ${names}
     UNION SELECT client_id FROM client_aliases WHERE ${names}
     UNION SELECT client_id FROM client_contacts WHERE kind = 'phone' AND value = ANY($3)
     UNION SELECT client_id FROM client_contacts WHERE kind = 'email' AND value = ANY($4)
     ORDER BY 1`,
    [keys.names, keys.nameStarts, keys.phones, keys.emails],
  );
  return rows.map((row) => Number(row.id));
}

/**
 * Moves everything of `otherId` onto `keepId` and deletes `otherId`, keeping the names `otherId` went by as aliases
 * of `keepId` (store/clients.ts mergeClientInto on SQLite).
 */
export async function mergeClientInto(
  c: Connection,
  keepId: number,
  otherId: number,
  fields: Partial<ClientFields>,
): Promise<void> {
  await c.atomic(async () => {
    for (const table of ['visits', 'deals', 'nps_answers']) {
      await c.run(`UPDATE ${table} SET client_id = $1 WHERE client_id = $2`, [keepId, otherId]);
    }
    await replaceClientFields(c, keepId, fields);
    await c.run(
      `INSERT INTO client_aliases (client_id, name, name_key) SELECT $1, name, name_key FROM clients WHERE id = $2 AND name_key <> ''
       ON CONFLICT (client_id, name_key) DO NOTHING`,
      [keepId, otherId],
    );
    // The other's own aliases move over, unless keep has that name already (then they go with the other).
    await c.run(
      `UPDATE client_aliases a SET client_id = $1 WHERE a.client_id = $2
       AND NOT EXISTS (SELECT 1 FROM client_aliases k WHERE k.client_id = $1 AND k.name_key = a.name_key)`,
      [keepId, otherId],
    );
    await c.run(
      'DELETE FROM client_aliases WHERE client_id = $1 AND name_key = (SELECT name_key FROM clients WHERE id = $1)',
      [keepId],
    );
    await c.run('DELETE FROM duplicate_candidates WHERE client_id = $1 OR other_id = $1', [otherId]);
    await c.run('DELETE FROM clients WHERE id = $1', [otherId]);
  });
}
