/**
 * Before the tests that use the PostgreSQL test server (CRM_TEST_POSTGRES): one database with crm's tables, which
 * each test's database is copied from (test/engines.ts, test/reports/seed.ts, test/cli-harness.ts). After them: it
 * and the databases the seeder copied into are dropped, and any the CLI harness made that its file left (each file
 * drops its own: test/postgres-file-setup.ts). Nothing without a test server.
 */
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { connectStore } from '../src/store/store.js';
import { addressOf, dropDatabases } from './postgres-copy.mjs';

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
    // What the tests left: the CLI databases of a file that did not finish, the seeders' copies.
    const left = await run(
      "SELECT datname FROM pg_database WHERE datname LIKE 'crm_seed_%' OR datname LIKE 'crm_cli_%'",
    );
    await dropDatabases(
      admin,
      left.map(({ datname }) => datname),
    );
    await run(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  };
}
