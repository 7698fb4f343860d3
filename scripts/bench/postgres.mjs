// The PostgreSQL figures of `npm run bench -- --postgres URL` (scripts/bench/run.mjs): URL names a server and a login
// that may create databases (the bench makes crm_bench_* databases there and drops them at the end).
// - The import: `psql \copy` of the journal into a plain table of six text columns (the reference, as the issue
//   names it) and `crm import visits` into a new crm database, in pairs, one right after the other; the ratio is the
//   median of each import against the \copy just before it. Peak RSS is crm's process's (VmHWM); the server's memory
//   is the server's.
// - The reports: on the last imported database, with deals and NPS answers beside the visits (as the dense-reports
//   bench has them), each report with the default period and over a month, a year and all time, median of the quick
//   runs, beside `node -e 0`; the load average is printed with them, since the machine is shared.
import { execFileSync, spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { generateDealsAndAnswers } from './generate.mjs';

/** Report command lines timed on PostgreSQL; the periods are those of the bench's journal (ending 2026-10-30). */
const REPORTS = [
  'report arpu',
  'report arpu --by source',
  'report arpu --by tag',
  'report repeat',
  'report churn',
  'report funnel',
  'report nps',
  'report cohorts',
  'report rfm',
];
const PERIODS = { default: [], month: ['-p', '2026-10'], year: ['-p', '2025'], all: ['-p', '2000-01-01..2026-10-31'] };

function addressOf(admin, database) {
  const url = new URL(admin);
  url.pathname = `/${database}`;
  return url.toString();
}

async function onServer(admin, work) {
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Times the PostgreSQL import and reports. `measure(command, args)` runs a process to its end and gives its wall time
 * and peak RSS; `median` the median of numbers.
 */
export async function benchPostgres({ admin, journal, dir, bin, runs, quickRuns, env, measure, median }) {
  if (spawnSync('psql', ['--version']).status !== 0) throw new Error('--postgres needs psql (postgresql-client)');
  const stamp = `${process.pid}_${Date.now().toString(36)}`;
  const reference = `crm_bench_raw_${stamp}`;
  const made = [reference];
  const results = { import: {}, reports: {} };
  try {
    await onServer(admin, (c) => c.query(`CREATE DATABASE ${reference}`));
    const referenceAddress = addressOf(admin, reference);
    const psql = (sql) => ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', referenceAddress, '-c', sql];
    const copyReference = async () => {
      execFileSync('psql', psql('DROP TABLE IF EXISTS raw'), { env, stdio: 'ignore' });
      execFileSync(
        'psql',
        psql('CREATE TABLE raw (date text, client text, phone text, service text, amount text, note text)'),
        { env, stdio: 'ignore' },
      );
      return (await measure('psql', psql(`\\copy raw FROM '${journal}' WITH (FORMAT csv, DELIMITER ';', HEADER)`))).ms;
    };
    const crm = (address, ...args) =>
      execFileSync(process.execPath, [bin, '--db', address, ...args], { env, stdio: 'ignore' });
    let last;
    const pairs = [];
    console.error(`psql \\copy and crm import visits on PostgreSQL, ${runs} pairs ...`);
    for (let i = 0; i < runs; i++) {
      const database = `crm_bench_${stamp}_${i}`;
      made.push(database);
      await onServer(admin, (c) => c.query(`CREATE DATABASE ${database}`));
      const address = addressOf(admin, database);
      crm(address, 'init');
      crm(address, 'config', 'set', 'region', 'RU');
      const floorMs = await copyReference();
      const load = loadavg()[0];
      const run = await measure(process.execPath, [bin, '--db', address, 'import', 'visits', journal]);
      pairs.push({ floorMs, ...run, load });
      if (last) await onServer(admin, (c) => c.query(`DROP DATABASE IF EXISTS ${last}`));
      last = database;
    }
    results.import = {
      psql_copy_ms: Math.round(median(pairs.map((p) => p.floorMs))),
      psql_copy_runs_ms: pairs.map((p) => Math.round(p.floorMs)),
      crm_import_ms: Math.round(median(pairs.map((p) => p.ms))),
      crm_import_runs_ms: pairs.map((p) => Math.round(p.ms)),
      ratio_to_psql_copy: +median(pairs.map((p) => p.ms / p.floorMs)).toFixed(2),
      ratios_to_psql_copy: pairs.map((p) => +(p.ms / p.floorMs).toFixed(2)),
      peak_rss_mb: Math.round(Math.max(...pairs.map((p) => p.rssMb))),
      load_average_by_pair: pairs.map((p) => +p.load.toFixed(2)),
    };

    console.error('deals and NPS answers beside the visits, for the reports ...');
    const address = addressOf(admin, last);
    const deals = join(dir, 'deals.csv');
    const answers = join(dir, 'nps.csv');
    await generateDealsAndAnswers(deals, answers, { deals: 20_000, answers: 20_000, clients: 100_000 });
    crm(address, 'import', 'deals', deals);
    crm(address, 'import', 'nps', answers);
    // What autovacuum would do within a minute of the import: the planner's statistics and the visibility map that
    // lets a range of visits be read from its index alone.
    await onServer(address, (c) => c.query('VACUUM ANALYZE'));
    const lines = [
      ...REPORTS.flatMap((report) => Object.keys(PERIODS).map((period) => [report, period])),
      ['report monthly', 'month'],
    ];
    const times = new Map(lines.map(([report, period]) => [`${report} ${period}`, []]));
    const bare = [];
    const loads = [];
    console.error(`PostgreSQL reports, ${quickRuns} rounds of ${lines.length} ...`);
    for (let round = 0; round < quickRuns; round++) {
      loads.push(loadavg()[0]);
      bare.push((await measure(process.execPath, ['-e', '0'])).ms);
      for (const [report, period] of lines) {
        const args = [bin, '--db', address, ...report.split(' '), ...PERIODS[period], '--json'];
        times.get(`${report} ${period}`).push((await measure(process.execPath, args)).ms);
      }
    }
    results.reports = {
      node_e0_ms: Math.round(median(bare)),
      load_average_by_round: loads.map((load) => +load.toFixed(2)),
      target_ms: 500,
      ms: Object.fromEntries([...times].map(([name, ms]) => [name, Math.round(median(ms))])),
    };
  } finally {
    await onServer(admin, async (c) => {
      for (const database of made) await c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    });
  }
  return results;
}
