import type { Stage, StageEntry } from '../domain/deal.js';
import type { Deal } from '../domain/stored-records.js';
import { type Db, statement } from './db.js';
import { parseExtra } from './extra.js';
import { whereClause } from './where.js';

export interface NewDeal {
  client_id: number | null;
  title: string;
  amount: number | null;
  source: string | null;
  created: string;
  note: string | null;
  extra: Record<string, string>;
}

type DealRow = Omit<Deal, 'history' | 'extra'> & { extra: string };

const DEAL_COLUMNS = 'id, client_id, title, amount, source, stage, created, reason, note, extra';

function withHistory(db: Db, rows: DealRow[]): Deal[] {
  if (rows.length === 0) return [];
  const stages = statement(
    db,
    'SELECT deal_id, stage, date, reason FROM deal_stages WHERE deal_id IN (SELECT value FROM json_each(?)) ORDER BY deal_id, date, id',
  ).all(JSON.stringify(rows.map((r) => r.id))) as Array<StageEntry & { deal_id: number }>;
  const byDeal = new Map<number, StageEntry[]>();
  for (const { deal_id, ...entry } of stages) {
    const list = byDeal.get(deal_id) ?? [];
    list.push(entry);
    byDeal.set(deal_id, list);
  }
  return rows.map((row) => ({
    ...row,
    extra: parseExtra(row.extra),
    history: byDeal.get(row.id) ?? [],
  }));
}

/** Inserts a deal with its whole stage history (a new deal has just its lead entry). */
export function insertDeal(db: Db, deal: NewDeal, history: StageEntry[], batchId: number | null = null): number {
  const current = history[history.length - 1]!;
  const id = Number(
    statement(
      db,
      'INSERT INTO deals (client_id, title, amount, source, stage, created, reason, note, extra, batch_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(
      deal.client_id,
      deal.title,
      deal.amount,
      deal.source,
      current.stage,
      deal.created,
      current.reason,
      deal.note,
      JSON.stringify(deal.extra),
      batchId,
    ).lastInsertRowid,
  );
  const insertStage = statement(
    db,
    'INSERT INTO deal_stages (deal_id, stage, date, reason, batch_id) VALUES (?, ?, ?, ?, ?)',
  );
  for (const entry of history) insertStage.run(id, entry.stage, entry.date, entry.reason, batchId);
  return id;
}

export function getDeal(db: Db, id: number): Deal | undefined {
  return withHistory(db, statement(db, `SELECT ${DEAL_COLUMNS} FROM deals WHERE id = ?`).all(id) as DealRow[])[0];
}

export interface DealFilter {
  stage?: Stage;
  open?: boolean;
  clientId?: number;
  from?: string;
  to?: string;
}

export function listDeals(db: Db, filter: DealFilter = {}): Deal[] {
  const where = whereClause([
    ['stage = ?', filter.stage],
    ["stage IN ('lead', 'qualified', 'deal')", filter.open],
    ['client_id = ?', filter.clientId],
    ['created >= ?', filter.from],
    ['created <= ?', filter.to],
  ]);
  const sql = `SELECT ${DEAL_COLUMNS} FROM deals ${where.sql} ORDER BY created, id`;
  return withHistory(db, statement(db, sql).all(...where.params) as DealRow[]);
}

/**
 * Records a move. An import passes its batch: the stage row carries it, and the deal's previous stage, amount and
 * reason are journalled so that undo can put them back.
 */
export function moveDeal(
  db: Db,
  id: number,
  entry: StageEntry,
  amount: number | null,
  batchId: number | null = null,
): void {
  const before = statement(db, 'SELECT stage, reason, amount FROM deals WHERE id = ?').get(id) as {
    stage: string;
    reason: string | null;
    amount: number | null;
  };
  const after = { stage: entry.stage, reason: entry.reason ?? before.reason, amount: amount ?? before.amount };
  if (batchId !== null) {
    statement(db, 'INSERT INTO batch_changes (batch_id, table_name, row_id, before, after) VALUES (?, ?, ?, ?, ?)').run(
      batchId,
      'deals',
      id,
      JSON.stringify(before),
      JSON.stringify(after),
    );
  }
  statement(db, 'UPDATE deals SET stage = ?, reason = ?, amount = ? WHERE id = ?').run(
    after.stage,
    after.reason,
    after.amount,
    id,
  );
  statement(db, 'INSERT INTO deal_stages (deal_id, stage, date, reason, batch_id) VALUES (?, ?, ?, ?, ?)').run(
    id,
    entry.stage,
    entry.date,
    entry.reason,
    batchId,
  );
}

export function updateDealFields(
  db: Db,
  id: number,
  fields: Partial<Pick<Deal, 'title' | 'amount' | 'source' | 'note'>>,
): void {
  const columns = Object.keys(fields).filter((k) => fields[k as keyof typeof fields] !== undefined);
  if (columns.length === 0) return;
  statement(db, `UPDATE deals SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`).run(
    ...columns.map((c) => fields[c as keyof typeof fields] as string | number | null),
    id,
  );
}

export function deleteDeal(db: Db, id: number): boolean {
  return statement(db, 'DELETE FROM deals WHERE id = ?').run(id).changes > 0;
}
