/**
 * Before the tests that use the PostgreSQL test server (CRM_TEST_POSTGRES): one database with crm's tables, which
 * each test's database is copied from (test/engines.ts, test/reports/seed.ts, test/cli-harness.ts). After them: it
 * and the databases the seeder copied into and the CLI harness made are dropped. Nothing without a test server.
 */
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { connectStore } from '../src/store/store.js';
import { addressOf } from './postgres-copy.mjs';

/** How many databases are dropped at once after the tests. */
const DROPPING_SESSIONS = 4;

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const admin = process.env.CRM_TEST_POSTGRES;
  if (!admin) return undefined;
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  };
  const template = `crm_template_${process.pid}`;
  await run(`DROP DATABASE IF EXISTS ${template}`);
  await run(`CREATE DATABASE ${template}`);
  await (await connectStore(addressOf(admin, template), { create: true })).close();
  project.provide('postgresTemplate', template);
  return async () => {
    const left: string[] = (
      await run("SELECT datname FROM pg_database WHERE datname LIKE 'crm_seed_%' OR datname LIKE 'crm_cli_%'")
    ).map(({ datname }) => datname);
    // Hundreds of them, over a few sessions at once: one after the other, each on a session of its own, they held the
    // end of npm test back by tens of seconds.
    await Promise.all(
      Array.from({ length: DROPPING_SESSIONS }, async () => {
        const client = new pg.Client({ connectionString: admin });
        await client.connect();
        try {
          for (let name = left.pop(); name !== undefined; name = left.pop()) {
            await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          }
        } finally {
          await client.end();
        }
      }),
    );
    await run(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  };
}
