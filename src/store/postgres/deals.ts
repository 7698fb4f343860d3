/** Deals and their stage histories on PostgreSQL (store/deals.ts on SQLite). */
import type { StageEntry } from '../../domain/deal.js';
import type { Deal } from '../../domain/stored-records.js';
import type { DealFilter, NewDeal } from '../deals.js';
import { parseExtra } from '../extra.js';
import { reserveIds } from './clients.js';
import type { Connection } from './connection.js';
import { arraysOf, type Column, insertFromArrays } from './rows.js';

type DealRow = Omit<Deal, 'history' | 'extra'> & { extra: string };

const DEAL_COLUMNS = 'id, client_id, title, amount, source, stage, created, reason, note, extra';

async function withHistory(c: Connection, rows: DealRow[]): Promise<Deal[]> {
  if (rows.length === 0) return [];
  const stages = await c.rows<StageEntry & { deal_id: number }>(
    'SELECT deal_id, stage, date, reason FROM deal_stages WHERE deal_id = ANY($1::bigint[]) ORDER BY deal_id, date, id',
    [rows.map((row) => row.id)],
  );
  const byDeal = new Map<number, StageEntry[]>();
  for (const { deal_id, ...entry } of stages) {
    const list = byDeal.get(deal_id) ?? [];
    list.push(entry);
    byDeal.set(deal_id, list);
  }
  return rows.map((row) => ({ ...row, extra: parseExtra(row.extra), history: byDeal.get(row.id) ?? [] }));
}

const INSERT_COLUMNS: Column[] = [
  ['id', 'bigint'],
  ['client_id', 'bigint'],
  ['title', 'text'],
  ['amount', 'bigint'],
  ['source', 'text'],
  ['stage', 'text'],
  ['created', 'text'],
  ['reason', 'text'],
  ['note', 'text'],
  ['extra', 'json'],
  ['batch_id', 'bigint'],
];

const STAGE_COLUMNS: Column[] = [
  ['deal_id', 'bigint'],
  ['stage', 'text'],
  ['date', 'text'],
  ['reason', 'text'],
  ['batch_id', 'bigint'],
];

/** Inserts deals, each with its whole stage history; returns their ids in the given order. */
export async function insertDeals(
  c: Connection,
  deals: ReadonlyArray<{ deal: NewDeal; history: StageEntry[] }>,
  batchId: number | null,
): Promise<number[]> {
  if (deals.length === 0) return [];
  return c.atomic(async () => {
    const ids = await reserveIds(c, 'deals', deals.length);
    const rows = deals.map(({ deal, history }, i) => {
      const current = history[history.length - 1]!;
      return [
        ids[i]!,
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
      ];
    });
    await c.run(insertFromArrays('deals', INSERT_COLUMNS), arraysOf(rows, INSERT_COLUMNS.length));
    const stages = deals.flatMap(({ history }, i) =>
      history.map((entry) => [ids[i]!, entry.stage, entry.date, entry.reason, batchId]),
    );
    await c.run(insertFromArrays('deal_stages', STAGE_COLUMNS), arraysOf(stages, STAGE_COLUMNS.length));
    return ids;
  });
}

export async function getDeal(c: Connection, id: number): Promise<Deal | undefined> {
  return (await withHistory(c, await c.rows<DealRow>(`SELECT ${DEAL_COLUMNS} FROM deals WHERE id = $1`, [id])))[0];
}

export async function listDeals(c: Connection, filter: DealFilter = {}): Promise<Deal[]> {
  const where: string[] = [];
  const parameters: Array<string | number> = [];
  const condition = (sql: string, value: string | number | boolean | undefined) => {
    if (value === undefined || value === false) return;
    if (sql.includes('?')) {
      parameters.push(value as string | number);
      sql = sql.replace('?', `$${parameters.length}`);
    }
    where.push(sql);
  };
  condition('stage = ?', filter.stage);
  condition("stage IN ('lead', 'qualified', 'deal')", filter.open);
  condition('client_id = ?', filter.clientId);
  condition('created >= ?', filter.from);
  condition('created <= ?', filter.to);
  const rows = await c.rows<DealRow>(
    `SELECT ${DEAL_COLUMNS} FROM deals ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created, id`,
    parameters,
  );
  return withHistory(c, rows);
}

/**
 * Records moves, in order (a deal moved twice moves from its first new stage). An import passes its batch: the stage
 * rows carry it, and each deal's previous stage, amount and reason are journalled so that undo can put them back.
 */
export async function moveDeals(
  c: Connection,
  moves: ReadonlyArray<{ dealId: number; entry: StageEntry; amount: number | null }>,
  batchId: number | null,
): Promise<void> {
  if (moves.length === 0) return;
  await c.atomic(async () => {
    type State = { stage: string; reason: string | null; amount: number | null };
    const states = new Map(
      (
        await c.rows<State & { id: number }>(
          'SELECT id, stage, reason, amount FROM deals WHERE id = ANY($1::bigint[])',
          [moves.map((move) => move.dealId)],
        )
      ).map(({ id, ...state }) => [id, state]),
    );
    const journal: Array<[number, string, string]> = [];
    for (const { dealId, entry, amount } of moves) {
      const before = states.get(dealId);
      if (!before) continue;
      const after = { stage: entry.stage, reason: entry.reason ?? before.reason, amount: amount ?? before.amount };
      journal.push([dealId, JSON.stringify(before), JSON.stringify(after)]);
      states.set(dealId, after);
    }
    if (batchId !== null) {
      await c.run(
        `INSERT INTO batch_changes (batch_id, table_name, row_id, before, after)
         SELECT $1, 'deals', row_id, before, after
         FROM unnest($2::bigint[], $3::json[], $4::json[]) WITH ORDINALITY AS u(row_id, before, after, ord) ORDER BY ord`,
        [batchId, journal.map((j) => j[0]), journal.map((j) => j[1]), journal.map((j) => j[2])],
      );
    }
    const finals = [...new Set(journal.map(([id]) => id))];
    await c.run(
      `UPDATE deals d SET stage = u.stage, reason = u.reason, amount = u.amount
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[]) AS u(id, stage, reason, amount) WHERE d.id = u.id`,
      [
        finals,
        finals.map((id) => states.get(id)!.stage),
        finals.map((id) => states.get(id)!.reason),
        finals.map((id) => states.get(id)!.amount),
      ],
    );
    const stages = moves
      .filter((move) => states.has(move.dealId))
      .map(({ dealId, entry }) => [dealId, entry.stage, entry.date, entry.reason, batchId]);
    await c.run(insertFromArrays('deal_stages', STAGE_COLUMNS), arraysOf(stages, STAGE_COLUMNS.length));
  });
}
