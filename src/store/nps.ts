import type { NpsAnswer } from '../domain/stored-records.js';
import { type Db, statement } from './db.js';
import { parseExtra } from './extra.js';
import { whereClause } from './where.js';

export type NewNpsAnswer = Omit<NpsAnswer, 'id'>;

export function insertNpsAnswer(db: Db, answer: NewNpsAnswer, batchId: number | null = null): number {
  return Number(
    statement(
      db,
      'INSERT INTO nps_answers (client_id, date, score, improve, liked, extra, batch_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(
      answer.client_id,
      answer.date,
      answer.score,
      answer.improve,
      answer.liked,
      JSON.stringify(answer.extra),
      batchId,
    ).lastInsertRowid,
  );
}

export interface NpsFilter {
  detractors?: boolean;
  clientId?: number;
  from?: string;
  to?: string;
}

export function listNpsAnswers(db: Db, filter: NpsFilter = {}): NpsAnswer[] {
  const where = whereClause([
    ['score <= 6', filter.detractors],
    ['client_id = ?', filter.clientId],
    ['date >= ?', filter.from],
    ['date <= ?', filter.to],
  ]);
  const sql = `SELECT id, client_id, date, score, improve, liked, extra FROM nps_answers ${where.sql} ORDER BY date, id`;
  const rows = statement(db, sql).all(...where.params) as Array<NpsAnswer & { extra: string }>;
  return rows.map((row) => ({ ...row, extra: parseExtra(row.extra) }));
}

export function deleteNpsAnswer(db: Db, id: number): boolean {
  return statement(db, 'DELETE FROM nps_answers WHERE id = ?').run(id).changes > 0;
}

export function npsContentCounts(db: Db): Map<string, number> {
  const rows = statement(
    db,
    'SELECT client_id, date, score, count(*) AS n FROM nps_answers GROUP BY client_id, date, score',
  ).all() as Array<{ client_id: number; date: string; score: number; n: number }>;
  return new Map(rows.map((r) => [npsKey(r.client_id, r.date, r.score), r.n]));
}

export function npsKey(clientId: number, date: string, score: number): string {
  return `${clientId}\u0000${date}\u0000${score}`;
}
