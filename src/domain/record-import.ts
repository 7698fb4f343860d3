import type { RecordFileRead, TypedRow } from '../importers/record-file.js';
import type { RowProblem } from '../importers/types.js';
import { type Client, type ClientDraft, draftFromRecord, nameKey } from './client.js';
import { historyFromDates, STAGE_RANK, type StageEntry, TRANSITIONS } from './deal.js';
import { ClientIndex, matchClient } from './matching.js';
import { formatMoney } from './money.js';

/** Negative client ids stand for clients the import creates (-1 is the first). */
export interface RecordPlanRow {
  line: number;
  action: 'create' | 'update' | 'duplicate' | 'reject';
  clientId: number | null;
  /** The column a rejected row failed on. */
  field?: string;
  /** What the row is, in a few words: `2026-01-22 Педикюр 2 200,00`. */
  summary: string;
  details: string[];
}

export interface PlannedVisit {
  clientId: number;
  date: string;
  amount: number;
  service: string | null;
  note: string | null;
  extra: Record<string, string>;
}

export interface PlannedDeal {
  clientId: number | null;
  title: string;
  amount: number | null;
  source: string | null;
  created: string;
  extra: Record<string, string>;
  history: StageEntry[];
}

export interface PlannedMove {
  dealId: number;
  entries: StageEntry[];
}

export interface PlannedAnswer {
  clientId: number;
  date: string;
  score: number;
  improve: string | null;
  liked: string | null;
  extra: Record<string, string>;
}

export interface RecordImportPlan<T> {
  rows: RecordPlanRow[];
  newClients: Map<number, ClientDraft>;
  inserts: T[];
  moves: PlannedMove[];
  counts: { read: number; created: number; updated: number; duplicate: number; rejected: number; new_clients: number };
}

export function money(minor: number): string {
  return formatMoney(minor, { decimal: ',', thousands: ' ' });
}

/** Finds (or plans to create) the client of each row, the way a client import matches: phone, e-mail, then name. */
class RowClients {
  private readonly index = new ClientIndex();
  readonly created = new Map<number, ClientDraft>();
  private nextRef = -1;

  constructor(
    existing: Client[],
    private readonly region: string | undefined,
    private readonly today: string,
  ) {
    for (const client of existing) this.index.add(client.id, client);
  }

  resolve(row: TypedRow): { id: number | null; created: boolean; warnings: string[] } {
    const { draft, warnings } = draftFromRecord(
      {
        line: row.line,
        name: row.text.client,
        phones: row.phones.map((value) => ({ value })),
        emails: row.emails.map((value) => ({ value })),
        tags: [],
        extra: {},
      },
      this.region,
      this.today,
    );
    if (!draft) return { id: null, created: false, warnings };
    const match = matchClient(this.index, draft);
    if (match.kind === 'match') return { id: match.id, created: false, warnings };
    const ref = this.nextRef--;
    // A client first seen in a journal became a client on the day of that record, not on import day.
    this.created.set(ref, { ...draft, created: row.dates.date ?? row.dates.created ?? this.today });
    this.index.add(ref, draft);
    return { id: ref, created: true, warnings };
  }
}

/** Counts occurrences of a key in the file, so that the n-th identical row matches the n-th stored record. */
class Occurrences {
  private readonly seen = new Map<string, number>();
  next(key: string): number {
    const n = (this.seen.get(key) ?? 0) + 1;
    this.seen.set(key, n);
    return n;
  }
}

function rejectRows(problems: RowProblem[]): RecordPlanRow[] {
  return problems.map((p) => ({
    line: p.line,
    action: 'reject',
    clientId: null,
    field: p.field,
    summary: '',
    details: [p.reason],
  }));
}

function finish<T>(
  rows: RecordPlanRow[],
  clients: RowClients,
  inserts: T[],
  moves: PlannedMove[],
): RecordImportPlan<T> {
  rows.sort((a, b) => a.line - b.line);
  const count = (action: RecordPlanRow['action']) => rows.filter((r) => r.action === action).length;
  return {
    rows,
    newClients: clients.created,
    inserts,
    moves,
    counts: {
      read: rows.length,
      created: count('create'),
      updated: count('update'),
      duplicate: count('duplicate'),
      rejected: count('reject'),
      new_clients: clients.created.size,
    },
  };
}

export interface PlanContext {
  existingClients: Client[];
  region: string | undefined;
  today: string;
}

function clientOrReject(clients: RowClients, row: TypedRow, rows: RecordPlanRow[]) {
  const client = clients.resolve(row);
  if (client.id === null) {
    rows.push({
      line: row.line,
      action: 'reject',
      clientId: null,
      summary: '',
      details: ['no client name, phone or e-mail'],
    });
    return undefined;
  }
  const details = [...client.warnings];
  if (client.created) details.unshift('new client');
  return { id: client.id, details };
}

/** Visits: a row already imported is recognised by client, date, amount and service. */
export function planVisitImport(
  read: RecordFileRead,
  context: PlanContext,
  storedCounts: (clientId: number, date: string, amount: number, service: string | null) => number,
): RecordImportPlan<PlannedVisit> {
  const clients = new RowClients(context.existingClients, context.region, context.today);
  const rows = rejectRows(read.problems);
  const inserts: PlannedVisit[] = [];
  const occurrences = new Occurrences();
  for (const row of read.rows) {
    const client = clientOrReject(clients, row, rows);
    if (!client) continue;
    const visit: PlannedVisit = {
      clientId: client.id,
      date: row.dates.date!,
      amount: row.money.amount!,
      service: row.text.service ?? null,
      note: row.text.note ?? null,
      extra: row.extra,
    };
    const summary = `${visit.date} ${visit.service ?? ''} ${money(visit.amount)}`.replace(/\s+/g, ' ');
    const key = `${visit.clientId}\u0000${visit.date}\u0000${visit.amount}\u0000${nameKey(visit.service ?? '')}`;
    const nth = occurrences.next(key);
    if (visit.clientId > 0 && nth <= storedCounts(visit.clientId, visit.date, visit.amount, visit.service)) {
      rows.push({
        line: row.line,
        action: 'duplicate',
        clientId: visit.clientId,
        summary,
        details: ['already imported'],
      });
      continue;
    }
    inserts.push(visit);
    rows.push({ line: row.line, action: 'create', clientId: visit.clientId, summary, details: client.details });
  }
  return finish(rows, clients, inserts, []);
}

/** NPS answers: a row already imported is recognised by client, date and score. */
export function planNpsImport(
  read: RecordFileRead,
  context: PlanContext,
  storedCounts: (clientId: number, date: string, score: number) => number,
): RecordImportPlan<PlannedAnswer> {
  const clients = new RowClients(context.existingClients, context.region, context.today);
  const rows = rejectRows(read.problems);
  const inserts: PlannedAnswer[] = [];
  const occurrences = new Occurrences();
  for (const row of read.rows) {
    const client = clientOrReject(clients, row, rows);
    if (!client) continue;
    const answer: PlannedAnswer = {
      clientId: client.id,
      date: row.dates.date!,
      score: row.score!,
      improve: row.text.improve ?? null,
      liked: row.text.liked ?? null,
      extra: row.extra,
    };
    const summary = `${answer.date} score ${answer.score}`;
    const nth = occurrences.next(`${answer.clientId}\u0000${answer.date}\u0000${answer.score}`);
    if (answer.clientId > 0 && nth <= storedCounts(answer.clientId, answer.date, answer.score)) {
      rows.push({
        line: row.line,
        action: 'duplicate',
        clientId: answer.clientId,
        summary,
        details: ['already imported'],
      });
      continue;
    }
    inserts.push(answer);
    rows.push({ line: row.line, action: 'create', clientId: answer.clientId, summary, details: client.details });
  }
  return finish(rows, clients, inserts, []);
}

export interface StoredDeal {
  id: number;
  client_id: number | null;
  created: string;
  title: string;
  history: StageEntry[];
}

export function dealKey(clientId: number | null, created: string, title: string): string {
  return `${clientId ?? ''}\u0000${created}\u0000${nameKey(title)}`;
}

/**
 * Stages the file has reached beyond what is stored, when the stored deal can still make those moves; else why not.
 * A deal moved on in crm further than the file says is left alone.
 */
function newStages(stored: StageEntry[], incoming: StageEntry[]): { entries: StageEntry[]; conflict?: string } {
  const have = new Set(stored.map((e) => e.stage));
  const fresh = incoming.filter((e) => !have.has(e.stage));
  if (fresh.length === 0) return { entries: [] };
  let current = stored[stored.length - 1]!;
  for (const entry of fresh) {
    const reachable =
      TRANSITIONS[current.stage].includes(entry.stage) ||
      (STAGE_RANK[entry.stage] > STAGE_RANK[current.stage] && STAGE_RANK[current.stage] >= 0);
    if (!reachable || entry.date < current.date) {
      return {
        entries: [],
        conflict: `stored deal is ${current.stage} since ${current.date}; file says ${entry.stage} on ${entry.date}`,
      };
    }
    current = entry;
  }
  return { entries: fresh };
}

/** Deals: a row already imported is recognised by client, creation date and title; new stage dates move it on. */
export function planDealImport(
  read: RecordFileRead,
  context: PlanContext,
  stored: StoredDeal[],
): RecordImportPlan<PlannedDeal> {
  const clients = new RowClients(context.existingClients, context.region, context.today);
  const rows = rejectRows(read.problems);
  const inserts: PlannedDeal[] = [];
  const moves: PlannedMove[] = [];
  const storedByKey = new Map<string, StoredDeal[]>();
  for (const deal of stored) {
    const key = dealKey(deal.client_id, deal.created, deal.title);
    storedByKey.set(key, [...(storedByKey.get(key) ?? []), deal]);
  }
  const occurrences = new Occurrences();
  for (const row of read.rows) {
    const hasIdentity = row.text.client || row.phones.length || row.emails.length;
    const client = hasIdentity
      ? clientOrReject(clients, row, rows)
      : { id: null, details: ['no client details: a lead without a client'] };
    if (!client) continue;
    const created = row.dates.created!;
    const title = row.text.title ?? '';
    const reason = row.text.reason ?? null;
    const { history, problem } = historyFromDates(created, row.dates, reason);
    if (problem) {
      rows.push({ line: row.line, action: 'reject', clientId: null, summary: '', details: [problem] });
      continue;
    }
    const current = history[history.length - 1]!;
    const summary = `${created} ${title} → ${current.stage}`;
    const key = dealKey(client.id, created, title);
    const nth = occurrences.next(key);
    const match = client.id === null || client.id > 0 ? storedByKey.get(key)?.[nth - 1] : undefined;
    if (!match) {
      inserts.push({
        clientId: client.id,
        title,
        amount: row.money.amount ?? null,
        source: row.text.source ?? null,
        created,
        extra: row.extra,
        history,
      });
      rows.push({ line: row.line, action: 'create', clientId: client.id, summary, details: client.details });
      continue;
    }
    const { entries, conflict } = newStages(match.history, history);
    if (entries.length === 0) {
      rows.push({
        line: row.line,
        action: 'duplicate',
        clientId: client.id,
        summary,
        details: [conflict ?? 'already imported'],
      });
      continue;
    }
    moves.push({ dealId: match.id, entries });
    rows.push({
      line: row.line,
      action: 'update',
      clientId: client.id,
      summary,
      details: [`deal #${match.id} → ${entries.map((e) => `${e.stage} ${e.date}`).join(', ')}`],
    });
  }
  return finish(rows, clients, inserts, moves);
}
