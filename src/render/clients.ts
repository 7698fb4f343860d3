import {
  type Client,
  type ClientJson,
  clientToJson,
  keptAsideKeyOf,
  NICKNAME_KEYS,
  nameKey,
} from '../domain/client.js';
import { type DateDisplay, dateDisplay, showDate } from '../i18n/dates.js';
import { m } from '../i18n/index.js';
import type { ClientCard } from '../reports/client-card.js';
import { arrayJson, elementJson } from './json-text.js';
import { DEFAULT_NUMBER_STYLE, type NumberStyle, numberFormats } from './money.js';
import { csvColumns, major, visitListing } from './records.js';
import { renderTerminalTable } from './render.js';
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
      ...csvColumns(base, { id: 'id', phone: 'phone', phone_raw: 'phone', birthday: 'date', created: 'date' }),
      ...extraKeys.map((key) => ({ key: `extra:${key}`, header: key, kind: 'text' as const })),
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
  const words = m.records;
  const labels = words.columns;
  let json: ClientJson[] | undefined;
  let table: TableData | undefined;
  let csv: TableData | undefined;
  // Getters, each made once and only for the format asked for: a list of 130,000 clients built all three.
  return {
    get json() {
      json ??= clients.map(clientToJson);
      return json;
    },
    jsonText: () => arrayJson(clientsJsonText(clients)),
    get table(): TableData {
      table ??= {
        columns: [
          { key: 'id', header: 'id', label: labels.id, align: 'right', kind: 'id' },
          { key: 'name', header: 'name', label: labels.name },
          { key: 'phone', header: 'phone', label: labels.phone, kind: 'phone' },
          { key: 'email', header: 'email', label: labels.email },
          { key: 'source', header: 'source', label: labels.source },
          { key: 'tags', header: 'tags', label: labels.tags },
        ],
        rows: clients.map((c) => ({
          id: c.id,
          name: c.archived ? words.archived({ name: c.name }) : c.name,
          phone: primaryPhone(c),
          email: c.emails[0]?.value ?? null,
          source: c.source,
          tags: c.tags.join(', '),
        })),
      };
      return table;
    },
    get csv(): TableData {
      csv ??= wideTable(clients);
      return csv;
    },
    notes: [m.counts.clients(clients.length)],
  };
}

function* clientsJsonText(clients: Client[]): Generator<string> {
  for (const client of clients) yield elementJson(clientToJson(client));
}

/** A card as CSV, one row: the client as `client list --format csv` writes it, then its figures by their keys. */
function cardCsv(card: ClientCard): TableData {
  const { stats } = card;
  const client = wideTable([card.client]);
  const figures: Record<string, Cell> = {
    visits: stats.visits,
    purchases: stats.purchases,
    revenue_this_year: major(stats.revenue_this_year),
    revenue_last_year: major(stats.revenue_last_year),
    revenue_lifetime: major(stats.revenue_lifetime),
    first_visit: stats.first_visit,
    last_visit: stats.last_visit,
    usual_gap_days: stats.usual_gap_days,
    expected_visit: stats.expected_visit,
    favourite_services: stats.favourite_services.map((f) => `${f.service} (${f.visits})`).join(', '),
  };
  return {
    columns: [...client.columns, ...Object.keys(figures).map((key) => ({ key, header: key }))],
    rows: [{ ...client.rows[0], ...figures }],
  };
}

/** Client fields a merge may keep a differing value of. */
const MERGED_FIELDS = new Set(['name', 'source', 'birthday', 'note']);

/**
 * An extra field's name as the card shows it: the user's own key as written; a key a merge made (`name (from #41)`)
 * in the person's language, its field by the card's label.
 */
export function extraFieldLabel(key: string): string {
  const keptAside = keptAsideKeyOf(key);
  if (!keptAside) return vcardFieldLabel(key);
  const words = m.records.card;
  const field = MERGED_FIELDS.has(keptAside.field)
    ? words[keptAside.field as 'name' | 'source' | 'birthday' | 'note']
    : keptAside.field;
  return words.keptAside({ field, id: keptAside.id });
}

/** A phone's or e-mail's label in the person's language when it is one of the known types, else as written. */
/** A vCard property's key (`ADR (home)`) in words (`адрес [дом.]`); any other key as it is. */
function vcardFieldLabel(key: string): string {
  if (NICKNAME_KEYS.includes(nameKey(key))) return m.records.card.vcardFields.NICKNAME!;
  const [, property, qualifier] = /^([A-Z][A-Z-]*)(?: \((.*)\))?$/.exec(key) ?? [];
  const words = property === undefined ? undefined : m.records.card.vcardFields[property];
  if (words === undefined) return key;
  return qualifier === undefined ? words : `${words}${contactLabel(qualifier)}`;
}

function contactLabel(label: string | null | undefined): string {
  if (!label) return '';
  return ` [${m.records.card.contactLabels[label.toLowerCase()] ?? label}]`;
}

/** The client card: contacts and fields, the figures of their history, open deals, NPS answers, last visits. */
export function clientCard(
  card: ClientCard,
  dates: DateDisplay = dateDisplay(),
  style: NumberStyle = DEFAULT_NUMBER_STYLE,
): Renderable {
  const { client, stats } = card;
  // With the currency sign, as a report's sentence writes money: a card's row has no header to name the currency.
  const { money } = numberFormats(style);
  const words = m.records.card;
  const rows: Array<{ field: string; value: Cell }> = [
    { field: words.id, value: client.id },
    { field: words.name, value: client.name },
    ...client.phones.map((p, i) => ({
      field: i === 0 ? words.phone : words.phoneNumbered({ n: i + 1 }),
      value: `${p.valid ? p.value : words.notValid({ raw: p.raw })}${contactLabel(p.label)}${p.valid && p.raw !== p.value ? words.writtenAs({ raw: p.raw }) : ''}`,
    })),
    ...client.emails.map((e, i) => ({
      field: i === 0 ? words.email : words.emailNumbered({ n: i + 1 }),
      value: `${e.value}${contactLabel(e.label)}`,
    })),
    { field: words.source, value: client.source },
    { field: words.tags, value: client.tags.join(', ') },
    { field: words.birthday, value: client.birthday && showDate(client.birthday, dates) },
    { field: words.note, value: client.note },
    ...Object.entries(client.extra).map(([key, value]) => ({ field: extraFieldLabel(key), value })),
    { field: words.added, value: showDate(client.created, dates) },
    ...(client.archived ? [{ field: words.archived, value: words.yes }] : []),
    {
      field: words.visits,
      value: words.visitsValue({ visits: stats.visits, purchases: m.counts.purchases(stats.purchases) }),
    },
    { field: words.revenueIn({ year: card.today.slice(0, 4) }), value: money(stats.revenue_this_year) },
    {
      field: words.revenueIn({ year: String(Number(card.today.slice(0, 4)) - 1) }),
      value: money(stats.revenue_last_year),
    },
    { field: words.revenueLifetime, value: money(stats.revenue_lifetime) },
    { field: words.firstVisit, value: stats.first_visit && showDate(stats.first_visit, dates) },
    { field: words.lastVisit, value: stats.last_visit && showDate(stats.last_visit, dates) },
    {
      field: words.usualGap,
      value: stats.usual_gap_days === null ? null : m.counts.days(stats.usual_gap_days),
    },
    { field: words.expectedVisit, value: stats.expected_visit && showDate(stats.expected_visit, dates) },
    {
      field: words.favouriteServices,
      value: stats.favourite_services.map((f) => `${f.service} (${f.visits})`).join(', '),
    },
    ...card.openDeals.map((d) => ({
      field: words.openDeal({ id: d.id }),
      value: words.openDealValue({
        title: d.title,
        stage: m.records.stages[d.stage],
        since: showDate(d.history[d.history.length - 1]!.date, dates),
        amount: d.amount !== null ? money(d.amount) : '',
      }),
    })),
    ...card.nps.map((a) => ({
      field: words.nps({ date: showDate(a.date, dates) }),
      value: words.npsValue({
        score: a.score,
        detractor: a.score <= 6,
        improve: a.improve ?? '',
        liked: a.liked ?? '',
      }),
    })),
  ];
  const last = visitListing(card.lastVisits, new Map([[client.id, client.name]]));
  return {
    json: {
      ...clientToJson(client),
      stats: {
        ...stats,
        revenue_this_year: major(stats.revenue_this_year),
        revenue_last_year: major(stats.revenue_last_year),
        revenue_lifetime: major(stats.revenue_lifetime),
      },
      open_deals: card.openDeals.map((d) => ({
        id: d.id,
        title: d.title,
        stage: d.stage,
        amount: major(d.amount),
        created: d.created,
      })),
      nps: card.nps.map((a) => ({ id: a.id, date: a.date, score: a.score, improve: a.improve, liked: a.liked })),
      last_visits: last.json,
    },
    table: {
      columns: [
        { key: 'field', header: 'field', label: m.records.columns.field },
        { key: 'value', header: 'value', label: m.records.columns.value },
      ],
      rows,
    },
    // For programs: the client's fields as `client list` writes them, and the figures of the card, by their keys.
    csv: cardCsv(card),
    notes: card.lastVisits.length
      ? [
          words.lastVisits({ visits: m.counts.visits(card.lastVisits.length) }),
          renderTerminalTable({ ...last.table, columns: last.table.columns.filter((c) => c.key !== 'client') }),
        ]
      : [],
  };
}
