/** A random history (test/store/purchase-history.ts) stored on the PostgreSQL test server. */
import { onTestFinished } from 'vitest';
import { type Connection, connect } from '../../src/store/postgres/connection.js';
import { engines } from '../engines.js';
import { CLIENTS, type History } from './purchase-history.js';

/** A connection to a new database on the test server, closed when the test ends. */
export async function newServerDatabase(): Promise<Connection> {
  const postgres = engines.find((engine) => engine.name === 'postgres')!;
  const c = await connect(await postgres.database());
  onTestFinished(() => c.close());
  return c;
}

/** Stores `data` in place of what the database held (its summaries kept by their triggers). */
export async function store(c: Connection, data: History): Promise<void> {
  await c.run(
    'TRUNCATE visits, deal_stages, deals, client_purchases, paid_visits_by_client, paid_visits_by_day, clients RESTART IDENTITY CASCADE',
  );
  for (let id = 1; id <= CLIENTS; id++) {
    await c.run("INSERT INTO clients (name, name_key, created) VALUES ($1, $1, '2026-01-01')", [`c${id}`]);
  }
  for (const v of data.visits) {
    await c.run('INSERT INTO visits (client_id, date, amount) VALUES ($1, $2, $3)', [v.client, v.date, v.amount]);
  }
  for (const d of data.deals) {
    const id = await c.value<number>(
      "INSERT INTO deals (client_id, title, amount, stage, created) VALUES ($1, 'd', $2, $3, $4) RETURNING id",
      [d.client, d.amount, d.won === null ? 'lead' : 'won', d.created],
    );
    if (d.won !== null && d.won !== 'created') {
      await c.run("INSERT INTO deal_stages (deal_id, stage, date) VALUES ($1, 'won', $2)", [id, d.won]);
    }
  }
}

/** The texts of the statements `c` hands its driver from now on. */
export function countSent(c: Connection): string[] {
  const sent: string[] = [];
  const driver = c.driver as unknown as { query: (...args: unknown[]) => unknown };
  const query = driver.query.bind(driver);
  driver.query = (...args: unknown[]) => {
    sent.push(typeof args[0] === 'string' ? args[0] : (args[0] as { text: string }).text);
    return query(...args);
  };
  return sent;
}
