import { nameKey } from '../domain/client.js';
import { EarliestPurchases } from '../domain/purchase-dates.js';
import type { PlannedVisit } from '../domain/record-import.js';
import type { Visit } from '../domain/stored-records.js';
import { BulkInsert } from './bulk-insert.js';
import { type Db, statement } from './db.js';
import { parseExtra } from './extra.js';
import { whereClause } from './where.js';

export type NewVisit = Omit<Visit, 'id'>;

const VISIT_COLUMNS = 'id, client_id, date, amount, service, note, extra';

/** A row of VISIT_COLUMNS, as an array. */
type VisitRow = [
  id: number,
  client_id: number,
  date: string,
  amount: number,
  service: string | null,
  note: string | null,
  extra: string,
];

function fromRow(row: Omit<Visit, 'extra'> & { extra: string }): Visit {
  return { ...row, extra: parseExtra(row.extra) };
}

export function insertVisit(db: Db, visit: NewVisit, batchId: number | null = null): number {
  return Number(
    statement(
      db,
      'INSERT INTO visits (client_id, date, amount, service, note, extra, batch_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(visit.client_id, visit.date, visit.amount, visit.service, visit.note, JSON.stringify(visit.extra), batchId)
      .lastInsertRowid,
  );
}

export function getVisit(db: Db, id: number): Visit | undefined {
  const row = statement(db, `SELECT ${VISIT_COLUMNS} FROM visits WHERE id = ?`).get(id) as
    | (Visit & { extra: string })
    | undefined;
  return row ? fromRow(row) : undefined;
}

export interface VisitFilter {
  clientId?: number;
  from?: string;
  to?: string;
  service?: string;
  limit?: number;
}

export function listVisits(db: Db, filter: VisitFilter = {}): Visit[] {
  const where = whereClause([
    ['client_id = ?', filter.clientId],
    ['date >= ?', filter.from],
    ['date <= ?', filter.to],
    ['fold(service) = ?', filter.service === undefined ? undefined : nameKey(filter.service)],
  ]);
  const limit = filter.limit ? `LIMIT ${Math.trunc(filter.limit)}` : '';
  // The newest last, as a journal reads; a limited listing takes the newest.
  const order = filter.limit ? 'ORDER BY date DESC, id DESC' : 'ORDER BY date, id';
  // Rows as arrays, iterated: no object per row but the visit itself (raw is set each time: this SQL is read nowhere
  // else).
  const rows = statement(db, `SELECT ${VISIT_COLUMNS} FROM visits ${where.sql} ${order} ${limit}`).raw(true);
  const visits: Visit[] = [];
  for (const row of rows.iterate(...where.params) as IterableIterator<VisitRow>) {
    visits.push({
      id: row[0],
      client_id: row[1],
      date: row[2],
      amount: row[3],
      service: row[4],
      note: row[5],
      extra: parseExtra(row[6]),
    });
  }
  return filter.limit ? visits.reverse() : visits;
}

export function updateVisit(db: Db, id: number, fields: Partial<Omit<NewVisit, 'extra'>>): void {
  const columns = (Object.keys(fields) as Array<keyof typeof fields>).filter((k) => fields[k] !== undefined);
  if (columns.length === 0) return;
  statement(db, `UPDATE visits SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`).run(
    ...columns.map((c) => fields[c] as string | number | null),
    id,
  );
}

export function deleteVisit(db: Db, id: number): boolean {
  return statement(db, 'DELETE FROM visits WHERE id = ?').run(id).changes > 0;
}

export function countVisits(db: Db): number {
  return statement(db, 'SELECT count(*) AS n FROM visits').pluck().get() as number;
}

/**
 * How many stored visits have each content key, for recognising rows of a journal imported before, and each client
 * and day (visitDayKey), for the rows that may correct one: both from one grouped read.
 */
export function visitContentCounts(db: Db): { contents: Map<string, number>; days: Map<string, number> } {
  const rows = statement(
    db,
    'SELECT client_id, date, amount, service, count(*) AS n FROM visits GROUP BY client_id, date, amount, service',
  ).all() as Array<{ client_id: number; date: string; amount: number; service: string | null; n: number }>;
  const contents = new Map<string, number>();
  const days = new Map<string, number>();
  for (const r of rows) {
    contents.set(visitKey(r.client_id, r.date, r.amount, r.service), r.n);
    const day = visitDayKey(r.client_id, r.date);
    days.set(day, (days.get(day) ?? 0) + r.n);
  }
  return { contents, days };
}

export function visitDayKey(clientId: number, date: string): string {
  return `${clientId}\u0000${date}`;
}

/** How many visits a client has stored on a day, by index (visits_client_date), as storedVisitCounter counts. */
export function storedDayCounter(db: Db, batchId: number | null) {
  const lookup = statement(
    db,
    'SELECT count(*) AS n FROM visits WHERE client_id = ? AND date = ? AND batch_id IS NOT ?',
  ).pluck();
  return (client: number, date: string) => lookup.get(client, date, batchId ?? NO_BATCH) as number;
}

/**
 * How many stored visits have a row's content, looked up by index one row at a time. Stored before batch `batchId`:
 * rows it has just written do not count, or a journal's own twins would vanish. Without a batch (a dry run writes
 * none) every stored visit counts, those entered by hand (no batch) too, as they do in the import itself.
 */
/** No batch has this id (they count from 1): `batch_id IS NOT` it holds for every row. */
const NO_BATCH = 0;

export function storedVisitCounter(db: Db, batchId: number | null) {
  const lookup = statement(
    db,
    "SELECT count(*) AS n FROM visits WHERE client_id = ? AND date = ? AND amount = ? AND fold(coalesce(service, '')) = ? AND batch_id IS NOT ?",
  ).pluck();
  return (client: number, date: string, amount: number, service: string | null) =>
    lookup.get(client, date, amount, nameKey(service ?? ''), batchId ?? NO_BATCH) as number;
}

export function visitKey(clientId: number, date: string, amount: number, service: string | null): string {
  return `${clientId}\u0000${date}\u0000${amount}\u0000${(service ?? '').toLocaleLowerCase('ru')}`;
}

/**
 * The visits of a journal import, many per statement, with the earliest purchase dates they add: the per-visit
 * summary trigger is suspended during the import and these are merged once at the end (see addPurchaseDates).
 */
export class VisitInserts {
  private readonly rows: BulkInsert;
  readonly purchases = new EarliestPurchases();

  /**
   * `withExtra`: whether the journal has columns kept in `extra`. Without them every row's extra is the column's
   * default, '{}', and is not written (a value fewer to bind per row).
   */
  constructor(
    db: Db,
    batchId: number | null,
    private readonly withExtra: boolean,
  ) {
    const columns = ['client_id', 'date', 'amount', 'service', 'note'];
    this.rows = new BulkInsert(db, 'visits', withExtra ? [...columns, 'extra'] : columns, { batch_id: batchId });
  }

  add(visit: PlannedVisit): void {
    this.rows.values.push(visit.clientId, visit.date, visit.amount, visit.service, visit.note);
    if (this.withExtra) this.rows.values.push(hasKeys(visit.extra) ? JSON.stringify(visit.extra) : '{}');
    else if (hasKeys(visit.extra)) throw new Error('a visit with extra columns, written without them');
    this.rows.queued();
    if (visit.amount > 0) this.purchases.add(visit.clientId, visit.date);
  }

  flush(): void {
    this.rows.flush();
  }
}

/** Without the array Object.keys makes, for a million rows that mostly have no extra columns. */
function hasKeys(record: Record<string, string>): boolean {
  for (const _ in record) return true;
  return false;
}
