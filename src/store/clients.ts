import type { Client, ClientDraft, ClientFields, Contact, ScalarField } from '../domain/client.js';
import { NICKNAME_KEYS, nameKey, tagKey } from '../domain/client.js';
import type { ClientChanges, MatchKeys, NameAlias } from '../domain/matching.js';
import { phoneDigits } from '../domain/phone.js';
import type { PhoneReadAgain } from '../domain/phones-read-again.js';
import { BulkInsert, insertSql } from './bulk-insert.js';
import { type Db, statement } from './db.js';
import { parseExtra } from './extra.js';

/** A row of clients as CLIENT_COLUMNS reads it, as an array (raw): no object per row to make and collect. */
type ClientRow = [
  id: number,
  name: string,
  source: string | null,
  birthday: string | null,
  note: string | null,
  extra: string,
  created: string,
  archived: number,
];

/** A row of client_contacts as CONTACT_COLUMNS reads it. */
type ContactRow = [
  client_id: number,
  kind: 'phone' | 'email',
  value: string,
  raw: string,
  label: string | null,
  valid: number,
];

const CLIENT_COLUMNS = 'id, name, source, birthday, note, extra, created, archived';
const CONTACT_COLUMNS = 'client_id, kind, value, raw, label, valid';

/**
 * Which clients a read takes, as SQL on `clients` (`where`) and as the client ids of contacts and tags (`ofClients`,
 * on a column named `client_id` there); empty strings for every client.
 */
interface ClientSelection {
  where: string;
  ofClients: string;
  params: unknown[];
}

/**
 * The selected clients with their contacts and tags. Each of the three reads runs in client id order, the contacts
 * and tags through their index by client, so that they are matched to their clients by walking the two lists side by
 * side: rows are iterated, never gathered into arrays of their own (a hundred thousand clients' rows were most of
 * what `client list` and `export` collected as garbage).
 */
function readClients(db: Db, selection: ClientSelection): Client[] {
  const { where, ofClients, params } = selection;
  const clients: Client[] = [];
  // Raw (arrays) is set on these statements each time: their SQL is read nowhere else, so the cached statement is
  // always used so.
  const rows = statement(db, `SELECT ${CLIENT_COLUMNS} FROM clients ${where} ORDER BY id`).raw(true);
  for (const row of rows.iterate(...params) as IterableIterator<ClientRow>) {
    clients.push({
      id: row[0],
      name: row[1],
      phones: [],
      emails: [],
      source: row[2],
      tags: [],
      birthday: row[3],
      note: row[4],
      extra: parseExtra(row[5]),
      created: row[6],
      archived: row[7] === 1,
    });
  }
  if (clients.length === 0) return clients;
  // Within a kind, in the order of position then id (client_contacts_client holds them so: no sort).
  const contacts = statement(
    db,
    `SELECT ${CONTACT_COLUMNS} FROM client_contacts ${ofClients} ORDER BY client_id, kind, position, id`,
  ).raw(true);
  let at = 0;
  for (const row of contacts.iterate(...params) as IterableIterator<ContactRow>) {
    const client = clientAt(clients, at, row[0]);
    if (client === undefined) continue;
    at = client;
    const contact: Contact = { value: row[2], raw: row[3], label: row[4], valid: row[5] === 1 };
    (row[1] === 'phone' ? clients[client]!.phones : clients[client]!.emails).push(contact);
  }
  const tags = statement(
    db,
    `SELECT ct.client_id, t.name FROM client_tags ct JOIN tags t ON t.id = ct.tag_id ${ofClients.replace('client_id', 'ct.client_id')} ORDER BY ct.client_id, ct.id`,
  ).raw(true);
  at = 0;
  for (const [clientId, name] of tags.iterate(...params) as IterableIterator<[number, string]>) {
    const client = clientAt(clients, at, clientId);
    if (client === undefined) continue;
    at = client;
    clients[client]!.tags.push(name);
  }
  return clients;
}

/**
 * The index of client `id` in `clients` (in id order), looking from `from` on, where the previous row's client was:
 * rows come in client order too. Undefined for a client not selected (its index is then still a good start).
 */
function clientAt(clients: Client[], from: number, id: number): number | undefined {
  let at = from;
  while (at < clients.length && clients[at]!.id < id) at++;
  return clients[at]?.id === id ? at : undefined;
}

/** Loads clients with their contacts and tags; `ids` limits the load, otherwise every client is read. */
export function loadClients(db: Db, ids?: number[]): Client[] {
  if (ids && ids.length === 0) return [];
  if (!ids) return readClients(db, { where: '', ofClients: '', params: [] });
  return readClients(db, {
    where: 'WHERE id IN (SELECT value FROM json_each(?))',
    ofClients: 'WHERE client_id IN (SELECT value FROM json_each(?))',
    params: [JSON.stringify(ids)],
  });
}

/** Names of the given clients, by id (ids not stored are absent). */
export function clientNamesById(db: Db, ids: number[]): Map<number, string> {
  const rows = statement(db, 'SELECT id, name FROM clients WHERE id IN (SELECT value FROM json_each(?))').all(
    JSON.stringify(ids),
  ) as Array<{ id: number; name: string }>;
  return new Map(rows.map((row) => [row.id, row.name]));
}

export function getClient(db: Db, id: number): Client | undefined {
  return loadClients(db, [id])[0];
}

export interface ClientFilter {
  includeArchived?: boolean;
  tag?: string;
  source?: string;
}

export function listClients(db: Db, filter: ClientFilter = {}): Client[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (!filter.includeArchived) where.push('archived = 0');
  if (filter.source) {
    where.push('source = ?');
    params.push(filter.source);
  }
  if (filter.tag) {
    where.push('id IN (SELECT ct.client_id FROM client_tags ct JOIN tags t ON t.id = ct.tag_id WHERE t.name_key = ?)');
    params.push(tagKey(filter.tag));
  }
  if (where.length === 0) return loadClients(db);
  const sql = `WHERE ${where.join(' AND ')}`;
  return readClients(db, { where: sql, ofClients: `WHERE client_id IN (SELECT id FROM clients ${sql})`, params });
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Clients whose name contains the query, whose phone digits contain its digits, or whose e-mail contains it. */
export function findClientIds(db: Db, query: string, includeArchived = false): number[] {
  const key = nameKey(query);
  const digits = phoneDigits(query);
  const archived = includeArchived ? '' : 'AND c.archived = 0';
  const ids = new Set<number>();
  const byName = statement(
    db,
    `SELECT id FROM clients c WHERE name_key LIKE ? ESCAPE '\\' ${archived} ORDER BY id`,
  ).all(likePattern(key)) as Array<{ id: number }>;
  for (const row of byName) ids.add(row.id);
  const byAlias = statement(
    db,
    `SELECT DISTINCT a.client_id AS id FROM client_aliases a JOIN clients c ON c.id = a.client_id
       WHERE a.name_key LIKE ? ESCAPE '\\' ${archived} ORDER BY a.client_id`,
  ).all(likePattern(key)) as Array<{ id: number }>;
  for (const row of byAlias) ids.add(row.id);
  const byNickname = statement(
    db,
    `SELECT DISTINCT c.id FROM clients c, json_each(c.extra) e
       WHERE c.extra <> '{}' AND fold(e.key) IN (SELECT value FROM json_each(?)) AND fold(e.value) LIKE ? ESCAPE '\\'
       ${archived} ORDER BY c.id`,
  ).all(JSON.stringify(NICKNAME_KEYS), likePattern(key)) as Array<{ id: number }>;
  for (const row of byNickname) ids.add(row.id);
  // Short digit runs (a house number in a name query) would match half the book.
  if (digits.length >= 3) {
    const national = digits.length >= 11 && /^[78]/.test(digits) ? digits.slice(1) : digits;
    const byPhone = statement(
      db,
      `SELECT DISTINCT cc.client_id AS id FROM client_contacts cc JOIN clients c ON c.id = cc.client_id
         WHERE cc.kind = 'phone' AND cc.search LIKE ? ${archived} ORDER BY cc.client_id`,
    ).all(likePattern(national)) as Array<{ id: number }>;
    for (const row of byPhone) ids.add(row.id);
  }
  if (query.includes('@') || /^[\w.+-]{3,}$/.test(query.trim())) {
    const byEmail = statement(
      db,
      `SELECT DISTINCT cc.client_id AS id FROM client_contacts cc JOIN clients c ON c.id = cc.client_id
         WHERE cc.kind = 'email' AND cc.value LIKE ? ESCAPE '\\' ${archived} ORDER BY cc.client_id`,
    ).all(likePattern(query.trim().toLowerCase())) as Array<{ id: number }>;
    for (const row of byEmail) ids.add(row.id);
  }
  return [...ids].sort((a, b) => a - b);
}

function contactSearch(kind: 'phone' | 'email', contact: Contact): string {
  return kind === 'phone' ? `${phoneDigits(contact.raw)} ${phoneDigits(contact.value)}` : contact.value;
}

const CONTACT_INSERT_COLUMNS = [
  'client_id',
  'kind',
  'value',
  'raw',
  'label',
  'valid',
  'position',
  'search',
  'batch_id',
];
const CLIENT_INSERT_COLUMNS = [
  'name',
  'name_key',
  'source',
  'birthday',
  'note',
  'extra',
  'created',
  'archived',
  'batch_id',
];

/** A contact's row of client_contacts, in the order of CONTACT_INSERT_COLUMNS. */
function contactRow(
  clientId: number,
  kind: 'phone' | 'email',
  contact: Contact,
  position: number,
  batchId: number | null,
): Array<string | number | null> {
  return [
    clientId,
    kind,
    contact.value,
    contact.raw,
    contact.label,
    contact.valid ? 1 : 0,
    position,
    contactSearch(kind, contact),
    batchId,
  ];
}

/** A draft's row of clients without the id, in the order of CLIENT_INSERT_COLUMNS. */
function clientRow(draft: ClientDraft, batchId: number | null): Array<string | number | null> {
  return [
    draft.name,
    nameKey(draft.name),
    draft.source,
    draft.birthday,
    draft.note,
    JSON.stringify(draft.extra),
    draft.created,
    draft.archived ? 1 : 0,
    batchId,
  ];
}

function insertContacts(
  db: Db,
  clientId: number,
  kind: 'phone' | 'email',
  contacts: Contact[],
  batchId: number | null,
  fresh = false,
): void {
  if (contacts.length === 0) return;
  // A client just inserted has no contacts yet: no need to ask where the list ends.
  const start = fresh
    ? 0
    : (
        statement(
          db,
          'SELECT coalesce(max(position) + 1, 0) AS next FROM client_contacts WHERE client_id = ? AND kind = ?',
        ).get(clientId, kind) as {
          next: number;
        }
      ).next;
  const insert = statement(db, insertSql('client_contacts', CONTACT_INSERT_COLUMNS));
  contacts.forEach((contact, offset) => {
    insert.run(contactRow(clientId, kind, contact, start + offset, batchId));
  });
}

function tagId(db: Db, name: string, batchId: number | null): number {
  const key = tagKey(name);
  const found = statement(db, 'SELECT id FROM tags WHERE name_key = ?').get(key) as { id: number } | undefined;
  if (found) return found.id;
  return Number(
    statement(db, 'INSERT INTO tags (name, name_key, batch_id) VALUES (?, ?, ?)').run(name, key, batchId)
      .lastInsertRowid,
  );
}

function insertTags(db: Db, clientId: number, tags: string[], batchId: number | null): void {
  const insert = statement(db, 'INSERT OR IGNORE INTO client_tags (client_id, tag_id, batch_id) VALUES (?, ?, ?)');
  for (const tag of tags) insert.run(clientId, tagId(db, tag, batchId), batchId);
}

export function insertClient(db: Db, draft: ClientDraft, batchId: number | null = null): number {
  const id = Number(
    statement(db, insertSql('clients', CLIENT_INSERT_COLUMNS)).run(clientRow(draft, batchId)).lastInsertRowid,
  );
  insertContacts(db, id, 'phone', draft.phones, batchId, true);
  insertContacts(db, id, 'email', draft.emails, batchId, true);
  if (draft.tags.length) insertTags(db, id, draft.tags, batchId);
  return id;
}

/**
 * The clients an import creates (a hundred thousand of them), written many rows per statement. Each gets its id at
 * once, the one SQLite would give it (the largest so far plus one), which holds because this is the only writer of
 * clients inside the caller's transaction; `flush` before the transaction reads clients or ends. A client's row is
 * written before its contacts', so reference checks may stay on.
 */
export class ClientInserts {
  private nextId: number;
  /** Every client this writer adds has this id or a higher one. */
  readonly firstId: number;
  private readonly clients: BulkInsert;
  private readonly contacts: BulkInsert;

  constructor(
    private readonly db: Db,
    private readonly batchId: number | null,
  ) {
    this.nextId = statement(db, 'SELECT coalesce(max(id), 0) + 1 AS next FROM clients').pluck().get() as number;
    this.firstId = this.nextId;
    this.clients = new BulkInsert(db, 'clients', ['id', ...CLIENT_INSERT_COLUMNS]);
    this.contacts = new BulkInsert(db, 'client_contacts', CONTACT_INSERT_COLUMNS, {}, () => this.clients.flush());
  }

  add(draft: ClientDraft): number {
    if (draft.tags.length) {
      // Tags are rare in a journal: written one client at a time, after the clients already queued.
      this.flush();
      const id = insertClient(this.db, draft, this.batchId);
      this.nextId = id + 1;
      return id;
    }
    const id = this.nextId++;
    this.clients.values.push(id, ...clientRow(draft, this.batchId));
    this.clients.queued();
    this.queueContacts(id, 'phone', draft.phones);
    this.queueContacts(id, 'email', draft.emails);
    return id;
  }

  flush(): void {
    this.contacts.flush();
    this.clients.flush();
  }

  private queueContacts(clientId: number, kind: 'phone' | 'email', contacts: Contact[]): void {
    contacts.forEach((contact, position) => {
      this.contacts.values.push(...contactRow(clientId, kind, contact, position, this.batchId));
      this.contacts.queued();
    });
  }
}

type ColumnValues = Record<string, string | number | null>;

function readColumns(db: Db, id: number, columns: string[]): ColumnValues {
  return statement(db, `SELECT ${columns.join(', ')} FROM clients WHERE id = ?`).get(id) as ColumnValues;
}

function writeColumns(db: Db, id: number, values: ColumnValues): void {
  const columns = Object.keys(values);
  if (columns.length === 0) return;
  statement(db, `UPDATE clients SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`).run(
    ...Object.values(values),
    id,
  );
}

/**
 * Adds what an import brings to a stored client. Rows it inserts carry the batch id; the columns it changes are
 * journalled (before and after) so that `crm import undo` can put them back.
 */
export function applyClientChanges(db: Db, id: number, changes: ClientChanges, batchId: number): void {
  const values: ColumnValues = {};
  for (const [field, value] of Object.entries(changes.fill) as Array<[ScalarField, string]>) {
    values[field] = value;
    if (field === 'name') values.name_key = nameKey(value);
  }
  if (Object.keys(changes.addExtra).length > 0) {
    const current = parseExtra(readColumns(db, id, ['extra']).extra as string | null);
    values.extra = JSON.stringify({ ...current, ...changes.addExtra });
  }
  if (Object.keys(values).length > 0) {
    const before = readColumns(db, id, Object.keys(values));
    statement(db, 'INSERT INTO batch_changes (batch_id, table_name, row_id, before, after) VALUES (?, ?, ?, ?, ?)').run(
      batchId,
      'clients',
      id,
      JSON.stringify(before),
      JSON.stringify(values),
    );
    writeColumns(db, id, values);
  }
  insertContacts(db, id, 'phone', changes.addPhones, batchId);
  insertContacts(db, id, 'email', changes.addEmails, batchId);
  insertTags(db, id, changes.addTags, batchId);
}

/** A user's own edit (`crm client edit`): replaces what it names, contacts and tags included. */
export function replaceClientFields(db: Db, id: number, fields: Partial<ClientFields>): void {
  const values: ColumnValues = {};
  for (const field of ['name', 'source', 'birthday', 'note'] as const) {
    if (fields[field] !== undefined) values[field] = fields[field];
  }
  if (fields.name !== undefined) values.name_key = nameKey(fields.name);
  if (fields.extra !== undefined) values.extra = JSON.stringify(fields.extra);
  writeColumns(db, id, values);
  for (const kind of ['phone', 'email'] as const) {
    const contacts = kind === 'phone' ? fields.phones : fields.emails;
    if (contacts === undefined) continue;
    statement(db, 'DELETE FROM client_contacts WHERE client_id = ? AND kind = ?').run(id, kind);
    insertContacts(db, id, kind, contacts, null);
  }
  if (fields.tags !== undefined) {
    statement(db, 'DELETE FROM client_tags WHERE client_id = ?').run(id);
    insertTags(db, id, fields.tags, null);
  }
}

/** The clients with a phone kept as written (no valid number when it was stored), in id order. */
export function clientsWithPhonesKeptAsWritten(db: Db): number[] {
  const rows = statement(
    db,
    "SELECT DISTINCT client_id FROM client_contacts WHERE kind = 'phone' AND valid = 0 ORDER BY client_id",
  )
    .raw()
    .all() as Array<[number]>;
  return rows.map(([id]) => id);
}

/**
 * Stores the numbers phones kept as written were read as (domain/phones-read-again.ts): each contact becomes its
 * number, or goes when its client has that number already (the same phone written two ways).
 */
export function storePhonesReadAgain(db: Db, phones: readonly PhoneReadAgain[]): void {
  const has = statement(
    db,
    "SELECT 1 FROM client_contacts WHERE client_id = ? AND kind = 'phone' AND valid = 1 AND value = ? LIMIT 1",
  );
  const drop = statement(
    db,
    "DELETE FROM client_contacts WHERE client_id = ? AND kind = 'phone' AND valid = 0 AND raw = ?",
  );
  const update = statement(
    db,
    "UPDATE client_contacts SET value = ?, valid = 1, search = ? WHERE client_id = ? AND kind = 'phone' AND valid = 0 AND raw = ?",
  );
  for (const { clientId, raw, value } of phones) {
    if (has.get(clientId, value)) drop.run(clientId, raw);
    else update.run(value, contactSearch('phone', { value, raw, label: null, valid: true }), clientId, raw);
  }
}

export function setArchived(db: Db, id: number, archived: boolean): void {
  statement(db, 'UPDATE clients SET archived = ? WHERE id = ?').run(archived ? 1 : 0, id);
}

export function recordDuplicateCandidate(
  db: Db,
  clientId: number,
  otherId: number,
  reason: string,
  batchId: number | null,
): void {
  statement(
    db,
    'INSERT OR IGNORE INTO duplicate_candidates (client_id, other_id, reason, batch_id) VALUES (?, ?, ?, ?)',
  ).run(clientId, otherId, reason, batchId);
}

export interface DuplicateCandidate {
  client_id: number;
  other_id: number;
  reason: string;
}

export function listDuplicateCandidates(db: Db): DuplicateCandidate[] {
  return statement(
    db,
    'SELECT client_id, other_id, reason FROM duplicate_candidates ORDER BY id',
  ).all() as DuplicateCandidate[];
}

export function loadNameAliases(db: Db, ids?: number[]): NameAlias[] {
  if (ids === undefined)
    return statement(db, 'SELECT client_id AS clientId, name FROM client_aliases ORDER BY id').all() as NameAlias[];
  return statement(
    db,
    'SELECT client_id AS clientId, name FROM client_aliases WHERE client_id IN (SELECT value FROM json_each(?)) ORDER BY id',
  ).all(JSON.stringify(ids)) as NameAlias[];
}

/**
 * The clients with any of the keys (domain/matching.ts MatchKeys): a contact's value, a name or alias that is one of
 * `names` or starts with one of `nameStarts`. Each by an index: contacts by (kind, value), names by name_key in a
 * range (a start `иванова мария ` up to the next character after its space, `!`).
 */
export function matchCandidateIds(db: Db, keys: MatchKeys): number[] {
  const json = JSON.stringify;
  const names = `name_key IN (SELECT value FROM json_each(@names)) OR EXISTS (SELECT 1 FROM json_each(@starts) s
      WHERE name_key >= s.value AND name_key < substr(s.value, 1, length(s.value) - 1) || '!')`;
  const rows = statement(
    db,
    `SELECT id FROM clients WHERE ${names}
     UNION SELECT client_id FROM client_aliases WHERE ${names}
     UNION SELECT client_id FROM client_contacts WHERE kind = 'phone' AND value IN (SELECT value FROM json_each(@phones))
     UNION SELECT client_id FROM client_contacts WHERE kind = 'email' AND value IN (SELECT value FROM json_each(@emails))
     ORDER BY 1`,
  )
    .raw()
    .all({
      names: json(keys.names),
      starts: json(keys.nameStarts),
      phones: json(keys.phones),
      emails: json(keys.emails),
    }) as Array<[number]>;
  return rows.map(([id]) => id);
}

/**
 * Moves everything of `otherId` onto `keepId` and deletes `otherId`. Records that belong to clients (visits, deals,
 * NPS answers) are re-pointed; contacts and tags are added when new. The caller decides the merged fields. The
 * names `otherId` went by (its own and its aliases) stay as aliases of `keepId`, so that a file naming the client
 * so finds `keepId` again.
 */
export function mergeClientInto(db: Db, keepId: number, otherId: number, fields: Partial<ClientFields>): void {
  for (const table of ['visits', 'deals', 'nps_answers']) {
    statement(db, `UPDATE ${table} SET client_id = ? WHERE client_id = ?`).run(keepId, otherId);
  }
  replaceClientFields(db, keepId, fields);
  statement(
    db,
    "INSERT OR IGNORE INTO client_aliases (client_id, name, name_key) SELECT ?, name, name_key FROM clients WHERE id = ? AND name_key <> ''",
  ).run(keepId, otherId);
  statement(db, 'UPDATE OR IGNORE client_aliases SET client_id = ? WHERE client_id = ?').run(keepId, otherId);
  statement(
    db,
    'DELETE FROM client_aliases WHERE client_id = ? AND name_key = (SELECT name_key FROM clients WHERE id = ?)',
  ).run(keepId, keepId);
  statement(db, 'DELETE FROM duplicate_candidates WHERE client_id = ? OR other_id = ?').run(otherId, otherId);
  statement(db, 'DELETE FROM clients WHERE id = ?').run(otherId);
}
