import { type Client, clientToJson } from '../domain/client.js';
import { money } from '../domain/record-import.js';
import { type DateDisplay, dateDisplay, showDate } from '../i18n/dates.js';
import type { ClientCard } from '../reports/client-card.js';
import { counted } from './plural.js';
import { major, visitListing } from './records.js';
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
        { key: 'id', header: 'id', align: 'right', kind: 'id' },
        { key: 'name', header: 'name' },
        { key: 'phone', header: 'phone', kind: 'phone' },
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
    notes: [counted(clients.length, 'client')],
  };
}

/** The client card: contacts and fields, the figures of their history, open deals, NPS answers, last visits. */
export function clientCard(card: ClientCard, dates: DateDisplay = dateDisplay()): Renderable {
  const { client, stats } = card;
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
    { field: 'birthday', value: client.birthday && showDate(client.birthday, dates) },
    { field: 'note', value: client.note },
    ...Object.entries(client.extra).map(([key, value]) => ({ field: key, value })),
    { field: 'added', value: showDate(client.created, dates) },
    ...(client.archived ? [{ field: 'archived', value: 'yes' }] : []),
    { field: 'visits', value: `${stats.visits} (${counted(stats.purchases, 'purchase')})` },
    { field: `revenue ${card.today.slice(0, 4)}`, value: money(stats.revenue_this_year) },
    { field: `revenue ${Number(card.today.slice(0, 4)) - 1}`, value: money(stats.revenue_last_year) },
    { field: 'revenue, lifetime', value: money(stats.revenue_lifetime) },
    { field: 'first visit', value: stats.first_visit && showDate(stats.first_visit, dates) },
    { field: 'last visit', value: stats.last_visit && showDate(stats.last_visit, dates) },
    { field: 'usual gap', value: stats.usual_gap_days === null ? null : counted(stats.usual_gap_days, 'day') },
    {
      field: 'favourite services',
      value: stats.favourite_services.map((f) => `${f.service} (${f.visits})`).join(', '),
    },
    ...card.openDeals.map((d) => ({
      field: `open deal #${d.id}`,
      value: `${d.title}: ${d.stage} since ${showDate(d.history[d.history.length - 1]!.date, dates)}${d.amount !== null ? `, ${money(d.amount)}` : ''}`,
    })),
    ...card.nps.map((a) => ({
      field: `NPS ${showDate(a.date, dates)}`,
      value: `${a.score}${a.score <= 6 ? ' (detractor)' : ''}${a.improve ? `; improve: ${a.improve}` : ''}${a.liked ? `; liked: ${a.liked}` : ''}`,
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
        { key: 'field', header: 'field' },
        { key: 'value', header: 'value' },
      ],
      rows,
    },
    notes: card.lastVisits.length
      ? [
          `last ${counted(card.lastVisits.length, 'visit')}:`,
          renderTerminalTable({ ...last.table, columns: last.table.columns.filter((c) => c.key !== 'client') }),
        ]
      : [],
  };
}
