import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Test files whose subject is the process itself, run on the built CLI (bin/crm.js -> dist/) in processes of their
 * own: exit statuses, kill -9, two processes at once, terminals, another user, umask, a process's memory and stack.
 * Every other test runs the CLI in-process (test/cli-harness.ts) from the sources. `crm()` and `builtCli()` in
 * test/helpers.ts refuse to run in a file not listed here, so a spawned test cannot slip into the unit run.
 */
export const PROCESS_TESTS = [
  'test/cli/big-lists.test.ts',
  'test/cli/concurrency.test.ts',
  'test/cli/crash.test.ts',
  'test/cli/harness.test.ts',
  'test/cli/output-files.test.ts',
  'test/cli/postgres-password-file.test.ts',
  'test/cli/process.test.ts',
  'test/cli/prompts.test.ts',
  'test/cli/read-modify-write.test.ts',
  'test/cli/terminal.test.ts',
  'test/render/html/screenshot.test.ts',
  'test/reports/perf.test.ts',
  'test/store/leftovers.test.ts',
  'test/store/safety.test.ts',
];

/**
 * The tests run again in the `postgres` project, on a PostgreSQL test server, when one is configured
 * (CRM_TEST_POSTGRES, test/engines.ts), beside the ones written for both engines (describe.each over test/engines.ts).
 * The report tests read what test/reports/seed.ts seeds from a PostgreSQL copy of it: the golden files, the
 * hand-worked metrics and explain must come out the same on both engines. The CLI tests run each database file they
 * name as a database of its own on the server (test/engine-databases.ts): imports of every kind, undo, records,
 * exports and output. What stays SQLite's alone, and why, is in docs/ARCHITECTURE.md.
 */
export const POSTGRES_REPORT_TESTS = [
  'test/cli/report.test.ts',
  'test/reports/metrics.test.ts',
  'test/reports/explain.test.ts',
  'test/reports/monthly-history.test.ts',
  'test/app/monthly-history.test.ts',
  'test/reports/churn-columns.test.ts',
  'test/reports/arpu-source.test.ts',
];
export const POSTGRES_CLI_TESTS = [
  'test/cli/journal-import.test.ts',
  'test/cli/import.test.ts',
  'test/cli/import-headers.test.ts',
  'test/cli/import-workbooks.test.ts',
  'test/cli/crm-exports.test.ts',
  'test/cli/records.test.ts',
  'test/cli/client.test.ts',
  'test/cli/values.test.ts',
  'test/cli/export.test.ts',
  'test/cli/export-workbook.test.ts',
  'test/cli/workbook-round-trip.test.ts',
  'test/cli/output.test.ts',
  'test/cli/output-workbook.test.ts',
  'test/cli/csv-guard.test.ts',
  'test/cli/language-output.test.ts',
  'test/cli/terminal-escape.test.ts',
  'test/cli/phone-region.test.ts',
];

export default defineConfig({
  test: {
    // A worker per core, where vitest's default leaves one core to itself (one worker on two cores): the workers wait
    // on much besides their own code (the CLI processes they spawn, the PostgreSQL server, the disk), so two on two
    // cores ran npm test in 266 s where one took 352 s (load 7-8 from other work on the machine).
    maxWorkers: availableParallelism(),
    testTimeout: 30_000,
    hookTimeout: 30_000,
    setupFiles: ['test/language-setup.ts'],
    globalSetup: ['test/temp-setup.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: PROCESS_TESTS,
          isolate: false,
          globalSetup: ['test/postgres-setup.ts'],
        },
      },
      ...(process.env.CRM_TEST_POSTGRES
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgres',
                include: [...POSTGRES_REPORT_TESTS, ...POSTGRES_CLI_TESTS],
                env: { CRM_TEST_ENGINE: 'postgres' },
                setupFiles: ['test/language-setup.ts', 'test/postgres-file-setup.ts'],
                isolate: false,
                globalSetup: ['test/postgres-setup.ts'],
              },
            },
          ]
        : []),
      {
        extends: true,
        // Builds dist/ once before these files run: they test what a user runs, not the last build left behind.
        // Not isolated, as the other projects: a file reuses the worker, and the modules, of the one before it.
        test: { name: 'process', include: PROCESS_TESTS, isolate: false, globalSetup: ['test/global-setup.ts'] },
      },
    ],
  },
});
