// npm run bench -- --reports [--densities 1,2,10 --runs 5 --dir DIR --against OTHER/bin/crm.js --md FILE --out FILE]
// Every report over a month, a quarter, a year and all time, on a million visits spread over 1, 2 and 10 years (the
// same journal generator, the dates packed tighter), beside `node -e 0`; a Markdown table on stdout (and in --md).
// --dir keeps the databases there and reuses them on the next run; --against times a second build of crm beside
// this one, each on a database it imported itself, run for run.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateDealsAndAnswers, generateJournal } from './generate.mjs';

const ROWS = 1_000_000;
const CLIENTS = 100_000;
/** Deals and NPS answers beside the visits: enough for funnel and NPS to read a real history. */
const DEALS = 20_000;
const ANSWERS = 20_000;

/** The journals end in October 2026 (generate.mjs): the periods end with its last month. */
export const PERIODS = {
  month: '2026-10',
  quarter: '2026Q3',
  year: '2025-11-01..2026-10-31',
  all: '2000-01-01..2026-10-31',
};

/** What is timed: a name and the arguments after `crm`; `period: false` runs once per density, not per period. */
export const REPORTS = [
  { name: 'arpu', args: ['report', 'arpu'] },
  { name: 'arpu --by source', args: ['report', 'arpu', '--by', 'source'] },
  { name: 'arpu --by tag', args: ['report', 'arpu', '--by', 'tag'] },
  { name: 'arpu --by service', args: ['report', 'arpu', '--by', 'service'] },
  { name: 'repeat', args: ['report', 'repeat'] },
  { name: 'churn', args: ['report', 'churn'] },
  { name: 'funnel', args: ['report', 'funnel'] },
  { name: 'nps', args: ['report', 'nps'] },
  { name: 'cohorts', args: ['report', 'cohorts'] },
  { name: 'rfm', args: ['report', 'rfm'] },
  { name: 'explain new_clients', args: ['explain', 'new_clients'] },
  { name: 'explain churned', args: ['explain', 'churned'] },
  { name: 'due', args: ['due'], period: false },
  { name: 'monthly', args: ['report', 'monthly'], months: true },
];

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

function timed(command, args, env) {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${args.join(' ')} exited ${code}: ${stderr.slice(-300)}`));
      else resolvePromise(performance.now() - started);
    });
  });
}

/** A database of the journal spread over `years` years, imported by `bin` (made once, kept in `dir`). */
async function database(bin, dir, years, tag, env) {
  const path = join(dir, `crm-${years}y${tag}.sqlite`);
  if (existsSync(path)) return path;
  const journal = join(dir, `journal-${years}y.csv`);
  const deals = join(dir, `deals-${years}y.csv`);
  const answers = join(dir, `nps-${years}y.csv`);
  if (!existsSync(journal)) {
    console.error(`generating ${ROWS} visits over ${years} year(s) ...`);
    await generateJournal(journal, { rows: ROWS, clients: CLIENTS, years });
    await generateDealsAndAnswers(deals, answers, { deals: DEALS, answers: ANSWERS, clients: CLIENTS, years });
  }
  console.error(`importing them with ${bin} ...`);
  const building = `${path}.building`;
  rmSync(building, { force: true });
  const crm = (...args) => execFileSync(process.execPath, [bin, '--db', building, ...args], { env, stdio: 'ignore' });
  crm('config', 'set', 'region', 'RU');
  crm('import', 'visits', journal);
  crm('import', 'deals', deals);
  crm('import', 'nps', answers);
  // A database is kept only once it holds everything: a run stopped half-way builds it again.
  execFileSync('mv', [building, path]);
  for (const suffix of ['-wal', '-shm']) rmSync(`${building}${suffix}`, { force: true });
  return path;
}

/** The cells to time: each report at each period of each density (once per density for `due`). */
function cells(densities) {
  const list = [];
  for (const years of densities) {
    for (const report of REPORTS) {
      for (const [period, value] of Object.entries(PERIODS)) {
        if (report.period === false && period !== 'month') continue;
        if (report.months && period !== 'month') continue;
        const args = report.period === false ? report.args : [...report.args, '-p', value];
        list.push({ years, report: report.name, period, args: [...args, '--json'] });
      }
    }
  }
  return list;
}

export async function benchReports(options) {
  const { root, densities, runs, keepDir, against, env } = options;
  const bin = join(root, 'bin', 'crm.js');
  const dir = keepDir ? resolve(keepDir) : mkdtempSync(join(tmpdir(), 'pocket-crm-dense-'));
  mkdirSync(dir, { recursive: true });
  const databases = {};
  for (const years of densities) {
    databases[years] = { main: await database(bin, dir, years, '', env) };
    if (against) databases[years].against = await database(resolve(against), dir, years, '-against', env);
  }
  const list = cells(densities);
  const times = new Map(list.map((cell) => [cell, { main: [], against: [] }]));
  const bare = [];
  // Round after round over every cell, rather than all runs of one cell in a row: the machine's speed drifts within
  // minutes, and this spreads the drift over every figure instead of loading it on a few.
  for (let round = 0; round < runs; round++) {
    console.error(`round ${round + 1} of ${runs} (${list.length} cells) ...`);
    bare.push(await timed(process.execPath, ['-e', '0'], env));
    for (const cell of list) {
      const pair = [['main', bin]];
      if (against) pair.push(['against', resolve(against)]);
      // Alternate which build goes first.
      if (round % 2 === 1) pair.reverse();
      for (const [which, build] of pair) {
        const db = databases[cell.years][which];
        times.get(cell)[which].push(await timed(process.execPath, [build, '--db', db, ...cell.args], env));
      }
    }
  }
  const result = {
    runs,
    node_e0_ms: Math.round(median(bare)),
    densities,
    periods: PERIODS,
    cells: list.map((cell) => ({
      years: cell.years,
      report: cell.report,
      period: cell.period,
      ms: Math.round(median(times.get(cell).main)),
      min_ms: Math.round(Math.min(...times.get(cell).main)),
      ...(against ? { against_ms: Math.round(median(times.get(cell).against)) } : {}),
    })),
  };
  if (!keepDir) rmSync(dir, { recursive: true, force: true });
  else console.error(`databases kept in ${dir}`);
  return { result, markdown: markdownTable(result, Boolean(against)) };
}

/** One row per report, one column per density and period: the median of the runs, in ms; over target in bold. */
function markdownTable(result, withAgainst) {
  const periods = Object.keys(PERIODS);
  const header = ['report', ...result.densities.flatMap((years) => periods.map((p) => `${years} y, ${p}`))];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`];
  for (const report of REPORTS) {
    const target = report.name === 'monthly' ? 1000 : 300;
    const row = [`${report.name}`];
    for (const years of result.densities) {
      for (const period of periods) {
        const cell = result.cells.find((c) => c.years === years && c.report === report.name && c.period === period);
        if (!cell) {
          row.push('');
          continue;
        }
        const figure = cell.ms > target ? `**${cell.ms}**` : `${cell.ms}`;
        row.push(withAgainst ? `${figure} (${cell.against_ms})` : figure);
      }
    }
    lines.push(`| ${row.join(' | ')} |`);
  }
  lines.push(`| \`node -e 0\` | ${result.node_e0_ms} |${' |'.repeat(header.length - 2)}`);
  return lines.join('\n');
}

export function writeIfAsked(path, text) {
  if (path) writeFileSync(path, text);
}
