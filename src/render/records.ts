import { daysBetween } from '../domain/calendar.js';
import { money } from '../domain/record-import.js';
import type { Deal, NpsAnswer, Visit } from '../domain/stored-records.js';
import { escapeControls } from './escape.js';
import { counted } from './plural.js';
import type { Column, ColumnKind, Renderable } from './types.js';

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

export function visitListing(visits: Visit[], names: Map<number, string>): Renderable {
  const total = visits.reduce((sum, v) => sum + v.amount, 0);
  return {
    json: visits.map((v) => ({
      id: v.id,
      client_id: v.client_id,
      client: names.get(v.client_id) ?? null,
      date: v.date,
      amount: major(v.amount),
      service: v.service,
      note: v.note,
      extra: v.extra,
    })),
    table: {
      columns: [
        { key: 'id', header: 'id', align: 'right', kind: 'id' },
        { key: 'date', header: 'date', kind: 'date' },
        { key: 'client', header: 'client' },
        { key: 'service', header: 'service' },
        { key: 'amount', header: 'amount', align: 'right', kind: 'money' },
        { key: 'note', header: 'note' },
      ],
      rows: visits.map((v) => ({
        id: v.id,
        date: v.date,
        client: who(v.client_id, names),
        service: v.service,
        amount: money(v.amount),
        note: v.note,
      })),
    },
    csv: {
      columns: csvColumns(['id', 'client_id', 'client', 'date', 'amount', 'service', 'note'], {
        id: 'id',
        client_id: 'id',
        date: 'date',
        amount: 'money',
      }),
      rows: visits.map(({ extra: _extra, ...v }) => ({
        ...v,
        client: names.get(v.client_id) ?? '',
        amount: major(v.amount),
      })),
    },
    notes: [`${counted(visits.length, 'visit')}, ${money(total)} in all`],
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
  return {
    json: rows,
    table: {
      columns: [
        { key: 'id', header: 'id', align: 'right', kind: 'id' },
        { key: 'created', header: 'created', kind: 'date' },
        { key: 'client', header: 'client' },
        { key: 'title', header: 'title' },
        { key: 'amount', header: 'amount', align: 'right', kind: 'money' },
        { key: 'stage', header: 'stage' },
        { key: 'days_open', header: 'days', align: 'right' },
        { key: 'source', header: 'source' },
      ],
      rows: deals.map((deal, i) => ({
        ...rows[i]!,
        extra: undefined,
        client: who(deal.client_id, names),
        amount: deal.amount === null ? null : money(deal.amount),
        stage: deal.stage === 'lost' && deal.reason ? `lost: ${deal.reason}` : deal.stage,
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
    notes: [counted(deals.length, 'deal')],
  };
}

export function dealCard(deal: Deal, names: Map<number, string>, today: string): Renderable {
  return {
    // A title is printed as it is (a table's cells are escaped by render): its title, names and source escaped here.
    title: escapeControls(
      `deal #${deal.id} ${deal.title}: ${deal.stage}${deal.amount !== null ? `, ${money(deal.amount)}` : ''}; client ${who(deal.client_id, names) || '—'}${deal.source ? `, source ${deal.source}` : ''}; ${counted(daysOpen(deal, today), 'day')} ${deal.stage === 'won' || deal.stage === 'lost' || deal.stage === 'junk' ? 'to close' : 'open'}`,
    ),
    json: { ...dealJson(deal, names, today), history: deal.history },
    table: {
      columns: [
        { key: 'date', header: 'date', kind: 'date' },
        { key: 'stage', header: 'stage' },
        { key: 'reason', header: 'reason' },
      ],
      rows: deal.history.map((e) => ({ ...e })),
    },
  };
}

export function npsListing(answers: NpsAnswer[], names: Map<number, string>): Renderable {
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
        { key: 'id', header: 'id', align: 'right', kind: 'id' },
        { key: 'date', header: 'date', kind: 'date' },
        { key: 'client', header: 'client' },
        { key: 'score', header: 'score', align: 'right' },
        { key: 'improve', header: 'what to improve' },
        { key: 'liked', header: 'what they liked' },
      ],
      rows: answers.map(({ extra: _extra, ...a }) => ({
        ...a,
        client: who(a.client_id, names),
        score: a.score <= 6 ? `${a.score} (detractor)` : a.score,
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
    notes: [counted(answers.length, 'answer')],
  };
}
