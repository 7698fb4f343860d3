/** NPS answers on PostgreSQL (store/nps.ts on SQLite). */
import type { NpsAnswer } from '../../domain/stored-records.js';
import { parseExtra } from '../extra.js';
import type { NewNpsAnswer, NpsFilter } from '../nps.js';
import type { Connection } from './connection.js';
import { arraysOf, type Column, insertFromArrays } from './rows.js';

const COLUMNS: Column[] = [
  ['client_id', 'bigint'],
  ['date', 'text'],
  ['score', 'integer'],
  ['improve', 'text'],
  ['liked', 'text'],
  ['extra', 'json'],
  ['batch_id', 'bigint'],
];

function answerRow(answer: NewNpsAnswer, batchId: number | null) {
  return [
    answer.client_id,
    answer.date,
    answer.score,
    answer.improve,
    answer.liked,
    JSON.stringify(answer.extra),
    batchId,
  ];
}

export async function insertNpsAnswer(c: Connection, answer: NewNpsAnswer): Promise<number> {
  return c.atomic(() =>
    c.value<number>(
      `${insertFromArrays('nps_answers', COLUMNS)} RETURNING id`,
      arraysOf([answerRow(answer, null)], COLUMNS.length),
    ),
  );
}

export async function insertNpsAnswers(
  c: Connection,
  answers: readonly NewNpsAnswer[],
  batchId: number,
): Promise<void> {
  if (answers.length === 0) return;
  await c.atomic(() =>
    c.run(
      insertFromArrays('nps_answers', COLUMNS),
      arraysOf(
        answers.map((answer) => answerRow(answer, batchId)),
        COLUMNS.length,
      ),
    ),
  );
}

export async function listNpsAnswers(c: Connection, filter: NpsFilter = {}): Promise<NpsAnswer[]> {
  const where: string[] = [];
  const parameters: Array<string | number> = [];
  if (filter.detractors) where.push('score <= 6');
  for (const [sql, value] of [
    ['client_id = ?', filter.clientId],
    ['date >= ?', filter.from],
    ['date <= ?', filter.to],
  ] as const) {
    if (value === undefined) continue;
    parameters.push(value);
    where.push(sql.replace('?', `$${parameters.length}`));
  }
  const rows = await c.rows<NpsAnswer & { extra: string }>(
    `SELECT id, client_id, date, score, improve, liked, extra FROM nps_answers ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY date, id`,
    parameters,
  );
  return rows.map((row) => ({ ...row, extra: parseExtra(row.extra) }));
}

/** How many stored answers have each (client, date, score). */
export async function npsContentCounts(c: Connection): Promise<Map<string, number>> {
  const rows = await c.rows<{ client_id: number; date: string; score: number; n: number }>(
    'SELECT client_id, date, score, count(*) AS n FROM nps_answers GROUP BY client_id, date, score',
  );
  return new Map(rows.map((r) => [npsKey(r.client_id, r.date, r.score), r.n]));
}

export function npsKey(clientId: number, date: string, score: number): string {
  return `${clientId}\u0000${date}\u0000${score}`;
}
