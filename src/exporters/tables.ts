import type { Client, Contact } from '../domain/client.js';
import type { FileKind } from '../domain/kinds.js';
import { internationalSpelling, SpellingReader } from '../domain/phone.js';
import type { Deal, NpsAnswer, Visit } from '../domain/stored-records.js';
import { EXTRA_HEADER_PREFIX, isLayoutHeader, joinTags, mapHeaders } from '../importers/headers.js';
import type { Batch } from '../store/batches.js';
import type { CsvDialect } from './csv.js';
import { dateCell, moneyCell, type TypedCell } from './typed-cells.js';

/**
 * Rows of cells, the header first: what `writeCsv` turns into a CSV file in a dialect and `writeWorkbook` into a
 * sheet. Dates and amounts are typed cells; the text of every other cell is what `crm import` reads back.
 */
export type Table = [header: string[], ...rows: TypedCell[][]];

/**
 * The text of a phone that `crm import` turns back into the same stored number, whatever region the importing
 * database has: the number as written when it carries its country code, else E.164. A spreadsheet dialect also
 * needs a leading '+', which the injection guard turns into text: a bare 89123456789 would become a number and be
 * saved back as 8.91235E+10. A number that was never valid is written as it was written. `alone` reads spellings
 * without a region; a table passes one for all its phones.
 */
export function phoneText(
  contact: Contact,
  dialect: Pick<CsvDialect, 'phonesAsText' | 'spacedPhones'>,
  alone: SpellingReader = new SpellingReader(undefined),
): string {
  if (!contact.valid) return contact.raw;
  const keepsRaw = (!dialect.phonesAsText || contact.raw.startsWith('+')) && alone.readsAs(contact.raw, contact.value);
  const text = keepsRaw ? contact.raw : contact.value;
  // Calc turns a '+' and digits alone into a number: spaced, it is text (and reads back as the same number).
  return dialect.spacedPhones && /^\+\d+$/.test(text) ? internationalSpelling(contact.value) : text;
}

/** Extra keys of all records, in the order they first appear: the columns after the fixed ones. */
function extraKeys(records: Array<{ extra: Record<string, string> }>): string[] {
  const keys = new Set<string>();
  for (const record of records) for (const key of Object.keys(record.extra)) keys.add(key);
  return [...keys];
}

/**
 * The header of each extra key: the key itself, unless `crm import` would read that header as a field, as a
 * duplicate of another header, or as a sign of a Google/Outlook layout; then `extra: KEY`, which it reads as extra.
 */
export function extraHeaders(kind: FileKind, fixed: string[], keys: string[]): string[] {
  const prefixed = new Set<string>();
  for (;;) {
    const headers = [...fixed, ...keys.map((key) => (prefixed.has(key) ? `${EXTRA_HEADER_PREFIX}${key}` : key))];
    const mapping = mapHeaders(kind, headers);
    const layout = mapping.language === 'google' || mapping.language === 'outlook';
    const seen = new Set(fixed.map((header) => header.toLowerCase()));
    const misread = keys.filter((key, i) => {
      const header = headers[fixed.length + i]!;
      const column = mapping.columns[fixed.length + i]!;
      const duplicate = seen.has(header.toLowerCase());
      seen.add(header.toLowerCase());
      if (prefixed.has(key)) return false;
      const plainExtra =
        column.field === null &&
        column.labelFor === undefined &&
        !column.ignored &&
        column.extraKey === undefined &&
        header === header.trim();
      return (layout && isLayoutHeader(key)) || duplicate || !plainExtra;
    });
    if (misread.length === 0 && layout) for (const key of keys) if (!prefixed.has(key)) misread.push(key);
    if (misread.length === 0) return headers.slice(fixed.length);
    for (const key of misread) prefixed.add(key);
  }
}

/**
 * A table whose rows are made as they are read, once: what a CSV file is written from, a few hundred rows at a time,
 * so that the rows of 200,000 visits never all exist at once. `tableOf` makes it a Table (a workbook's sheet).
 */
export interface TableRows {
  header: string[];
  rows: Iterable<TypedCell[]>;
}

export function tableOf(table: TableRows): Table {
  return [table.header, ...table.rows];
}

/** The header, then the rows. */
export function* allRows(table: TableRows): Generator<TypedCell[]> {
  yield table.header;
  yield* table.rows;
}

/** The fixed columns of each record (`row`), then its extra fields, under the headers extraHeaders gives them. */
function withExtras<R extends { extra: Record<string, string> }>(
  kind: FileKind,
  fixed: string[],
  records: R[],
  row: (record: R) => TypedCell[],
): TableRows {
  const keys = extraKeys(records);
  function* rows(): Generator<TypedCell[]> {
    for (const record of records) {
      const cells = row(record);
      for (const key of keys) cells.push(record.extra[key] ?? '');
      yield cells;
    }
  }
  return { header: [...fixed, ...extraHeaders(kind, fixed, keys)], rows: rows() };
}

function numbered(base: string, index: number): string {
  return index === 0 ? base : `${base} ${index + 1}`;
}

/** `phone`, `phone label`, `phone 2`, `phone 2 label`, ...: as many as the client with the most has. */
function contactColumns(clients: Client[], kind: 'phones' | 'emails'): { headers: string[]; labelled: boolean[] } {
  const base = kind === 'phones' ? 'phone' : 'email';
  const count = clients.reduce((most, client) => Math.max(most, client[kind].length), 1);
  const headers: string[] = [];
  const labelled: boolean[] = [];
  for (let i = 0; i < count; i++) {
    const hasLabel = clients.some((client) => client[kind][i]?.label);
    headers.push(numbered(base, i));
    if (hasLabel) headers.push(`${numbered(base, i)} label`);
    labelled.push(hasLabel);
  }
  return { headers, labelled };
}

function contactCells(contacts: Contact[], labelled: boolean[], text: (contact: Contact) => string): string[] {
  return labelled.flatMap((hasLabel, i) => {
    const contact = contacts[i];
    const value = contact ? text(contact) : '';
    return hasLabel ? [value, contact?.label ?? ''] : [value];
  });
}

/**
 * clients.csv keeps a phone as the client wrote it (`8 (912) 345-67-89`, `… доб. 102`) when the database's region
 * reads it back as the same number: its `phone region` column tells the importer how, whatever the importing
 * database's own region. A spreadsheet dialect still gets E.164 for digits alone, which a spreadsheet would turn
 * into a number.
 */
export function writtenPhone(
  contact: Contact,
  dialect: Pick<CsvDialect, 'phonesAsText' | 'spacedPhones'>,
  region: string | undefined,
  readers: PhoneReaders = phoneReaders(region),
): string {
  if (!contact.valid || !region || !readers.inRegion) return phoneText(contact, dialect, readers.alone);
  const staysText = !dialect.phonesAsText || /[^\d]/.test(contact.raw.replace(/^\+/, ''));
  return staysText && readers.inRegion.readsAs(contact.raw, contact.value)
    ? contact.raw
    : phoneText(contact, dialect, readers.alone);
}

/** The readers of spellings writtenPhone uses: one pair for a whole table, so that each caches what it read. */
export interface PhoneReaders {
  alone: SpellingReader;
  inRegion: SpellingReader | undefined;
}

export function phoneReaders(region: string | undefined): PhoneReaders {
  return { alone: new SpellingReader(undefined), inRegion: region ? new SpellingReader(region) : undefined };
}

/** clients.csv: every client, archived ones too, with every phone, e-mail, tag and extra field. */
export function clientsTable(clients: Client[], dialect: CsvDialect, region?: string): Table {
  return tableOf(clientRows(clients, dialect, region));
}

/** clientsTable, its rows made as they are read. */
export function clientRows(clients: Client[], dialect: CsvDialect, region?: string): TableRows {
  const phones = contactColumns(clients, 'phones');
  const emails = contactColumns(clients, 'emails');
  const fixed = [
    'name',
    ...phones.headers,
    ...emails.headers,
    'source',
    'tags',
    'birthday',
    'note',
    'created',
    'archived',
    ...(region ? ['phone region'] : []),
    // Tells the clients of the file apart: an import never merges two rows of different ids into one client.
    'id',
  ];
  const readers = phoneReaders(region);
  return withExtras('clients', fixed, clients, (client) => [
    client.name,
    ...contactCells(client.phones, phones.labelled, (phone) => writtenPhone(phone, dialect, region, readers)),
    // The address as written: the importer lower-cases it into the same stored value.
    ...contactCells(client.emails, emails.labelled, (email) => email.raw),
    client.source ?? '',
    joinTags(client.tags),
    dateCell(client.birthday),
    client.note ?? '',
    dateCell(client.created),
    client.archived ? 'yes' : '',
    ...(region ? [region] : []),
    client.id,
  ]);
}

/** The name, primary phone and primary e-mail a journal row names its client by, so a re-import finds the same one. */
function identity(client: Client | undefined, dialect: CsvDialect, alone: SpellingReader): string[] {
  if (!client) return ['', '', ''];
  const phone = client.phones[0];
  return [client.name, phone ? phoneText(phone, dialect, alone) : '', client.emails[0]?.raw ?? ''];
}

/**
 * `identity` of each client id, worked out once per client: a journal names the same clients on row after row, and
 * reading a phone back (phoneText) cost 10 µs, two fifths of exporting 200,000 visits of 1,000 clients.
 */
function identities(clients: Map<number, Client>, dialect: CsvDialect): (clientId: number | null) => string[] {
  const known = new Map<number, string[]>();
  const alone = new SpellingReader(undefined);
  const none = identity(undefined, dialect, alone);
  return (clientId) => {
    if (clientId === null) return none;
    let cells = known.get(clientId);
    if (cells === undefined) {
      cells = identity(clients.get(clientId), dialect, alone);
      known.set(clientId, cells);
    }
    return cells;
  };
}

export function visitsTable(visits: Visit[], clients: Map<number, Client>, dialect: CsvDialect): Table {
  return tableOf(visitRows(visits, clients, dialect));
}

/** visitsTable, its rows made as they are read. */
export function visitRows(visits: Visit[], clients: Map<number, Client>, dialect: CsvDialect): TableRows {
  const fixed = ['date', 'client', 'phone', 'email', 'amount', 'service', 'note'];
  const identityOf = identities(clients, dialect);
  return withExtras('visits', fixed, visits, (visit) => [
    dateCell(visit.date),
    ...identityOf(visit.client_id),
    moneyCell(visit.amount),
    visit.service ?? '',
    visit.note ?? '',
  ]);
}

/** `deal date`, not `deal`: the importer reads a bare "Deal" as the deal's title. */
const STAGE_COLUMNS = [
  ['qualified', 'qualified'],
  ['deal', 'deal date'],
  ['won', 'won'],
  ['lost', 'lost'],
  ['junk', 'junk'],
] as const;

export function dealsTable(deals: Deal[], clients: Map<number, Client>, dialect: CsvDialect): Table {
  return tableOf(dealRows(deals, clients, dialect));
}

/** dealsTable, its rows made as they are read. */
export function dealRows(deals: Deal[], clients: Map<number, Client>, dialect: CsvDialect): TableRows {
  const fixed = [
    'created',
    'client',
    'phone',
    'email',
    'title',
    'amount',
    'source',
    ...STAGE_COLUMNS.map(([, header]) => header),
    'reason',
  ];
  const identityOf = identities(clients, dialect);
  return withExtras('deals', fixed, deals, (deal) => [
    dateCell(deal.created),
    ...identityOf(deal.client_id),
    deal.title,
    moneyCell(deal.amount),
    deal.source ?? '',
    ...STAGE_COLUMNS.map(([stage]) => dateCell(deal.history.find((e) => e.stage === stage)?.date)),
    deal.reason ?? '',
  ]);
}

export function npsTable(answers: NpsAnswer[], clients: Map<number, Client>, dialect: CsvDialect): Table {
  return tableOf(npsRows(answers, clients, dialect));
}

/** npsTable, its rows made as they are read. */
export function npsRows(answers: NpsAnswer[], clients: Map<number, Client>, dialect: CsvDialect): TableRows {
  const fixed = ['date', 'client', 'phone', 'email', 'score', 'improve', 'liked'];
  const identityOf = identities(clients, dialect);
  return withExtras('nps', fixed, answers, (answer) => [
    dateCell(answer.date),
    ...identityOf(answer.client_id),
    answer.score,
    answer.improve ?? '',
    answer.liked ?? '',
  ]);
}

/** imports.csv: the import history, for the record; `crm import` does not read it back. */
export function importsTable(batches: Batch[]): Table {
  return tableOf(importRows(batches));
}

/** importsTable, as TableRows. */
export function importRows(batches: Batch[]): TableRows {
  const columns = [
    'id',
    'kind',
    'file',
    'file_sha256',
    'started_at',
    'finished_at',
    'status',
    'rows_read',
    'created',
    'updated',
    'unchanged',
    'rejected',
    'settings',
  ] as const;
  // Ids and counts are numbers; the times stay the text they are stored as (UTC, to the millisecond).
  return { header: [...columns], rows: batches.map((batch) => columns.map((column) => batch[column] ?? '')) };
}
