/** Visits on PostgreSQL (store/visits.ts on SQLite). */
import { nameKey } from '../../domain/client.js';
import type { Visit } from '../../domain/stored-records.js';
import { parseExtra } from '../extra.js';
import type { NewVisit, VisitFilter } from '../visits.js';
import type { Connection } from './connection.js';

const VISIT_COLUMNS = 'id, client_id, date, amount, service, note, extra';

type VisitRow = Omit<Visit, 'extra'> & { extra: string };

function fromRow(row: VisitRow): Visit {
  return { ...row, extra: parseExtra(row.extra) };
}

export async function insertVisit(c: Connection, visit: NewVisit): Promise<number> {
  return c.atomic(() =>
    c.value<number>(
      'INSERT INTO visits (client_id, date, amount, service, note, extra) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
      [visit.client_id, visit.date, visit.amount, visit.service, visit.note, JSON.stringify(visit.extra)],
    ),
  );
}

export async function getVisit(c: Connection, id: number): Promise<Visit | undefined> {
  const row = await c.row<VisitRow>(`SELECT ${VISIT_COLUMNS} FROM visits WHERE id = $1`, [id]);
  return row ? fromRow(row) : undefined;
}

export async function listVisits(c: Connection, filter: VisitFilter = {}): Promise<Visit[]> {
  const where: string[] = [];
  const parameters: Array<string | number> = [];
  const condition = (sql: string, value: string | number | undefined) => {
    if (value === undefined) return;
    parameters.push(value);
    where.push(sql.replace('?', `$${parameters.length}`));
  };
  condition('client_id = ?', filter.clientId);
  condition('date >= ?', filter.from);
  condition('date <= ?', filter.to);
  // The service is matched folded as crm folds names (nameKey), which the server's lower() does not do for every
  // locale: compared here, so the limit is applied after it.
  const limit = filter.limit && filter.service === undefined ? `LIMIT ${Math.trunc(filter.limit)}` : '';
  // The newest last, as a journal reads; a limited listing takes the newest.
  const order = filter.limit ? 'ORDER BY date DESC, id DESC' : 'ORDER BY date, id';
  const rows = await c.rows<VisitRow>(
    `SELECT ${VISIT_COLUMNS} FROM visits ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ${order} ${limit}`,
    parameters,
  );
  const service = filter.service === undefined ? undefined : nameKey(filter.service);
  const kept =
    service === undefined ? rows : rows.filter((row) => row.service !== null && nameKey(row.service) === service);
  const visits = (filter.limit ? kept.slice(0, Math.trunc(filter.limit)) : kept).map(fromRow);
  return filter.limit ? visits.reverse() : visits;
}

const UPDATABLE = ['client_id', 'date', 'amount', 'service', 'note'] as const;

export async function updateVisit(c: Connection, id: number, fields: Partial<Omit<NewVisit, 'extra'>>): Promise<void> {
  const columns = UPDATABLE.filter((column) => fields[column] !== undefined);
  if (columns.length === 0) return;
  await c.atomic(() =>
    c.run(
      `UPDATE visits SET ${columns.map((column, i) => `${column} = $${i + 1}`).join(', ')} WHERE id = $${columns.length + 1}`,
      [...columns.map((column) => fields[column] as string | number | null), id],
    ),
  );
}

export async function deleteVisit(c: Connection, id: number): Promise<boolean> {
  return (await c.atomic(() => c.run('DELETE FROM visits WHERE id = $1', [id]))) > 0;
}
