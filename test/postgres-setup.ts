/**
 * Before the tests that use the PostgreSQL test server (CRM_TEST_POSTGRES): one database with crm's tables, which
 * each test's database is copied from (test/engines.ts, test/reports/seed.ts, test/cli-harness.ts). After them: it
 * and the databases the seeder copied into and the CLI harness made are dropped. Nothing without a test server.
 */
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { connectStore } from '../src/store/store.js';
import { addressOf } from './postgres-copy.mjs';

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
    const seeded = await run(
      "SELECT datname FROM pg_database WHERE datname LIKE 'crm_seed_%' OR datname LIKE 'crm_cli_%'",
    );
    for (const { datname } of seeded) await run(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    await run(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  };
}
