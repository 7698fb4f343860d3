import { daysBetween } from '../domain/calendar.js';
import { money } from '../domain/record-import.js';
import type { Deal, NpsAnswer, Visit } from '../domain/stored-records.js';
import { m } from '../i18n/index.js';
import { escapeControls } from './escape.js';
import { arrayJson, elementJson } from './json-text.js';
import type { Column, ColumnKind, Renderable, TableData } from './types.js';

/** Money in JSON: a number in major units (1 500,50 ₽ → 1500.5). */
export function major(minor: number | null): number | null {
  return minor === null ? null : Math.round(minor) / 100;
}

/** The columns of a CSV table, each with the kind a workbook types its cells by (see ColumnKind). */
export function csvColumns(keys: readonly string[], kinds: Record<string, ColumnKind>): Column[] {
  return keys.map((key) => ({ key, header: key, kind: kinds[key] ?? 'text' }));
}

function who(id: number | null, names: Map<number, string>): string {
  return id === null ? '' : `#${id} ${names.get(id) ?? ''}`.trim();
}

/** A visit as the listings' JSON writes it. */
function visitJson(v: Visit, names: Map<number, string>) {
  return {
    id: v.id,
    client_id: v.client_id,
    client: names.get(v.client_id) ?? null,
    date: v.date,
    amount: major(v.amount),
    service: v.service,
    note: v.note,
    extra: v.extra,
  };
}

function* visitsJsonText(visits: Visit[], names: Map<number, string>): Generator<string> {
  for (const visit of visits) yield elementJson(visitJson(visit, names));
}

export function visitListing(visits: Visit[], names: Map<number, string>): Renderable {
  let total = 0;
  for (const visit of visits) total += visit.amount;
  const labels = m.records.columns;
  let json: unknown[] | undefined;
  let table: TableData | undefined;
  let csv: TableData | undefined;
  // Getters, each made once and only for the format asked for: a list of 200,000 visits built all three.
  return {
    get json() {
      json ??= visits.map((v) => visitJson(v, names));
      return json;
    },
    jsonText: () => arrayJson(visitsJsonText(visits, names)),
    get table(): TableData {
      table ??= {
        columns: [
          { key: 'id', header: 'id', label: labels.id, align: 'right', kind: 'id' },
          { key: 'date', header: 'date', label: labels.date, kind: 'date' },
          { key: 'client', header: 'client', label: labels.client },
          { key: 'service', header: 'service', label: labels.service },
          { key: 'amount', header: 'amount', label: labels.amount, align: 'right', kind: 'money' },
          { key: 'note', header: 'note', label: labels.note },
        ],
        rows: visits.map((v) => ({
          id: v.id,
          date: v.date,
          client: who(v.client_id, names),
          service: v.service,
          amount: money(v.amount),
          note: v.note,
        })),
      };
      return table;
    },
    get csv(): TableData {
      csv ??= {
        columns: csvColumns(['id', 'client_id', 'client', 'date', 'amount', 'service', 'note'], {
          id: 'id',
          client_id: 'id',
          date: 'date',
          amount: 'money',
        }),
        rows: visits.map((v) => ({
          id: v.id,
          client_id: v.client_id,
          client: names.get(v.client_id) ?? '',
          date: v.date,
          amount: major(v.amount),
          service: v.service,
          note: v.note,
        })),
      };
      return csv;
    },
    notes: [m.records.visitsInAll({ visits: m.counts.visits(visits.length), total: money(total) })],
  };
}

const STAGE_DATES = ['qualified', 'deal', 'won', 'lost', 'junk'] as const;

function stageDate(deal: Deal, stage: string): string | null {
  return deal.history.find((e) => e.stage === stage)?.date ?? null;
}

/** Days from creation to today for an open deal, to the day it closed for a closed one. */
export function daysOpen(deal: Deal, today: string): number {
  const closed = deal.history.find((e) => e.stage === 'won' || e.stage === 'lost' || e.stage === 'junk');
  return daysBetween(deal.created, closed?.date ?? today);
}

function dealJson(deal: Deal, names: Map<number, string>, today: string) {
  return {
    id: deal.id,
    client_id: deal.client_id,
    client: deal.client_id === null ? null : (names.get(deal.client_id) ?? null),
    title: deal.title,
    amount: major(deal.amount),
    source: deal.source,
    stage: deal.stage,
    created: deal.created,
    ...Object.fromEntries(STAGE_DATES.map((stage) => [stage, stageDate(deal, stage)])),
    reason: deal.reason,
    days_open: daysOpen(deal, today),
    extra: deal.extra,
  };
}

export function dealListing(deals: Deal[], names: Map<number, string>, today: string): Renderable {
  const rows = deals.map((deal) => dealJson(deal, names, today));
  const labels = m.records.columns;
  return {
    json: rows,
    table: {
      columns: [
        { key: 'id', header: 'id', label: labels.id, align: 'right', kind: 'id' },
        { key: 'created', header: 'created', label: labels.created, kind: 'date' },
        { key: 'client', header: 'client', label: labels.client },
        { key: 'title', header: 'title', label: labels.title },
        { key: 'amount', header: 'amount', label: labels.amount, align: 'right', kind: 'money' },
        { key: 'stage', header: 'stage', label: labels.stage },
        { key: 'days_open', header: 'days', label: labels.days, align: 'right' },
        { key: 'source', header: 'source', label: labels.source },
      ],
      rows: deals.map((deal, i) => ({
        ...rows[i]!,
        extra: undefined,
        client: who(deal.client_id, names),
        amount: deal.amount === null ? null : money(deal.amount),
        stage:
          deal.stage === 'lost' && deal.reason
            ? m.records.lostBecause({ reason: deal.reason })
            : m.records.stages[deal.stage],
      })),
    },
    csv: {
      columns: csvColumns(
        [
          'id',
          'client_id',
          'client',
          'title',
          'amount',
          'source',
          'stage',
          'created',
          ...STAGE_DATES,
          'reason',
          'days_open',
        ],
        {
          id: 'id',
          client_id: 'id',
          amount: 'money',
          created: 'date',
          ...Object.fromEntries(STAGE_DATES.map((stage) => [stage, 'date'])),
          days_open: 'number',
        },
      ),
      rows: rows.map((row) => ({ ...row, extra: undefined })),
    },
    notes: [m.counts.deals(deals.length)],
  };
}

export function dealCard(deal: Deal, names: Map<number, string>, today: string): Renderable {
  const labels = m.records.columns;
  const columns: Column[] = [
    { key: 'date', header: 'date', label: labels.date, kind: 'date' },
    { key: 'stage', header: 'stage', label: labels.stage },
    { key: 'reason', header: 'reason', label: labels.reason },
  ];
  return {
    // A title is printed as it is (a table's cells are escaped by render): its title, names and source escaped here.
    title: escapeControls(
      m.records.dealTitle({
        id: deal.id,
        title: deal.title,
        stage: m.records.stages[deal.stage],
        amount: deal.amount !== null ? money(deal.amount) : '',
        client: who(deal.client_id, names) || '—',
        source: deal.source ?? '',
        days: m.counts.days(daysOpen(deal, today)),
        closed: deal.stage === 'won' || deal.stage === 'lost' || deal.stage === 'junk',
      }),
    ),
    json: { ...dealJson(deal, names, today), history: deal.history },
    table: { columns, rows: deal.history.map((e) => ({ ...e, stage: m.records.stages[e.stage] })) },
    // Programs read the stage's token (`won`) in every language.
    csv: { columns, rows: deal.history.map((e) => ({ ...e })) },
  };
}

export function npsListing(answers: NpsAnswer[], names: Map<number, string>): Renderable {
  const labels = m.records.columns;
  return {
    json: answers.map((a) => ({
      id: a.id,
      client_id: a.client_id,
      client: names.get(a.client_id) ?? null,
      date: a.date,
      score: a.score,
      improve: a.improve,
      liked: a.liked,
      extra: a.extra,
    })),
    table: {
      columns: [
        { key: 'id', header: 'id', label: labels.id, align: 'right', kind: 'id' },
        { key: 'date', header: 'date', label: labels.date, kind: 'date' },
        { key: 'client', header: 'client', label: labels.client },
        { key: 'score', header: 'score', label: labels.score, align: 'right' },
        { key: 'improve', header: 'what to improve', label: labels.improve },
        { key: 'liked', header: 'what they liked', label: labels.liked },
      ],
      rows: answers.map(({ extra: _extra, ...a }) => ({
        ...a,
        client: who(a.client_id, names),
        score: a.score <= 6 ? m.records.detractorScore({ score: a.score }) : a.score,
      })),
    },
    csv: {
      columns: csvColumns(['id', 'client_id', 'client', 'date', 'score', 'improve', 'liked'], {
        id: 'id',
        client_id: 'id',
        date: 'date',
        score: 'number',
      }),
      rows: answers.map(({ extra: _extra, ...a }) => ({ ...a, client: names.get(a.client_id) ?? '' })),
    },
    notes: [m.counts.answers(answers.length)],
  };
}
