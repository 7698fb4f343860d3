/**
 * Pins the query plans of the report SQL: every query reads visits, deals, stages and answers through the index it
 * was written for, so that a schema change (a dropped or reshaped index) cannot silently turn a report into a scan of
 * a million visits per client. The SQL is recorded from the very functions the reports call (reportQueryRuns).
 */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.js';
import { type NamedQueryRun, reportQueryRuns } from './report-query-runs.js';
import { seedGoldenDataset } from './seed.js';

interface Recorded {
  sql: string;
  parameters: unknown;
}

/** Runs `query` and returns each statement it ran with its parameters. */
function record(db: Db, query: NamedQueryRun): Recorded[] {
  const recorded: Recorded[] = [];
  const recording = new Proxy(db, {
    get(target, property) {
      if (property !== 'prepare') {
        const value = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return (sql: string) => {
        const statement = target.prepare(sql);
        const wrap = (method: 'all' | 'get' | 'run') => {
          const original = statement[method].bind(statement) as (...args: unknown[]) => unknown;
          return (...args: unknown[]) => {
            recorded.push({ sql, parameters: args[0] });
            return original(...args);
          };
        };
        const pluck = statement.pluck.bind(statement);
        return Object.assign(statement, {
          all: wrap('all'),
          get: wrap('get'),
          run: wrap('run'),
          pluck: (...args: [boolean?]) => {
            pluck(...args);
            return Object.assign(statement, { all: wrap('all') });
          },
        });
      };
    },
  });
  query.run(recording as Db);
  return recorded;
}

function plan(db: Db, { sql, parameters }: Recorded): string[] {
  const statement = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
  const rows = (parameters === undefined ? statement.all() : statement.all(parameters)) as Array<{ detail: string }>;
  return rows.map((row) => row.detail);
}

const RANGE = /SEARCH x USING COVERING INDEX visits_date \(date>\? AND date<\?\)/;
/** A range of visits(date) read as a list of client ids. */
const RANGE_LIST = /SEARCH visits USING COVERING INDEX visits_date \(date>\? AND date<\?\)/;
const PASS = /SCAN x USING COVERING INDEX visits_client_date/;
/** The probe for a client's last purchase before a day (what crm explain shows of a reactivated client). */
const EARLIER_PROBE = /SEARCH v USING COVERING INDEX visits_client_date \(client_id=\? AND date<\?\)/;
/** The lookup of a client's first purchase ever in the per-client summary, one per client that needs it. */
const SUMMARY_PROBE = /SEARCH cp USING INTEGER PRIMARY KEY \(rowid=\?\)/;
/** The clients whose first purchase falls in the period, from the summary. */
const FIRST_IN_PERIOD =
  /SEARCH client_purchases USING (COVERING )?INDEX client_purchases_first \(first>\? AND first<\?\)/;
/** A cohort client's purchases in the period. */
const PERIOD_PROBE = /SEARCH v USING COVERING INDEX visits_client_date \(client_id=\? AND date>\? AND date<\?\)/;

/**
 * The index lines each query must show (each pattern at least once). `month` runs take the scan visitScan chooses
 * on the seeded data (13 months of visits): a month's range for ARPU, buyers and cohorts, but one pass for churn,
 * whose window makes its range four months of the thirteen. `year range` and `year pass` force each way.
 */
const EXPECTED: Record<string, RegExp[]> = {
  'arpuBuyers month': [RANGE_LIST, FIRST_IN_PERIOD, PERIOD_PROBE],
  'arpuBuyers year': [RANGE_LIST, FIRST_IN_PERIOD, PERIOD_PROBE],
  'buyerRows month': [RANGE, SUMMARY_PROBE],
  'buyerRows year range': [RANGE, SUMMARY_PROBE],
  'buyerRows year pass': [PASS, SUMMARY_PROBE],
  'churnFacts month': [RANGE_LIST, FIRST_IN_PERIOD],
  'churnFacts year': [RANGE_LIST, FIRST_IN_PERIOD],
  'churnClientRows month': [PASS, EARLIER_PROBE],
  'churnClientRows year range': [RANGE, EARLIER_PROBE],
  'churnClientRows year pass': [PASS, EARLIER_PROBE],
  'cohortActivity month': [FIRST_IN_PERIOD, PERIOD_PROBE],
  'cohortActivity year': [FIRST_IN_PERIOD, PERIOD_PROBE],
  'revenueByMonth month': [RANGE],
  'revenueByMonth year': [RANGE],
  'arpuGroupRows source': [/SEARCH visits USING INDEX visits_date/, /SEARCH c USING INTEGER PRIMARY KEY/],
  'arpuGroupRows tag': [/SEARCH visits USING INDEX visits_date/],
  'arpuGroupRows service': [/SEARCH visits USING INDEX visits_date/],
  purchaseCountGroups: [
    /SEARCH client_purchases USING COVERING INDEX client_purchases_first \(first<\?\)/,
    /SEARCH client_purchases USING COVERING INDEX client_purchases_second \(second<\?\)/,
  ],
  purchaseCountRows: [/SCAN x USING COVERING INDEX visits_client_date/],
  dealsCreatedIn: [/SEARCH d USING INDEX deals_created \(created>\? AND created<\?\)/, /deal_stages_deal \(deal_id=\?/],
  npsScoreCounts: [/SEARCH nps_answers USING INDEX nps_answers_date/],
  latestAnswers: [/SEARCH nps_answers USING INDEX nps_answers_date/],
  rfmCells: [/SCAN x USING COVERING INDEX visits_client_date/],
  rfmClientFacts: [/SCAN x USING COVERING INDEX visits_client_date/, /SEARCH c USING INTEGER PRIMARY KEY/],
  buyersBetween: [/SEARCH visits USING INDEX visits_date/],
  purchaseDays: [
    /SEARCH v USING COVERING INDEX visits_client_date \(client_id=\? AND date<\?\)/,
    /deals_client \(client_id=\?\)/,
  ],
  recentDetractors: [/SEARCH nps_answers USING INDEX nps_answers_date/],
  clientDetails: [/SEARCH v USING (COVERING )?INDEX visits_client_date \(client_id=\?\)/, /client_contacts_client/],
  clientNames: [/SEARCH c USING INTEGER PRIMARY KEY/],
};

/** Every won-deal lookup goes through deal_stages(stage, date) or deals(created), never a walk of all deals. */
const WON_DEALS = [
  /deal_stages_stage_date \(stage=\? AND date>\? AND date<\?\)/,
  /deals_created \(created>\? AND created<\?\)/,
];

describe('report query plans', () => {
  const seeder = seedGoldenDataset();
  const db = seeder.db;
  const runs = reportQueryRuns();

  it('covers every query of the catalogue', () => {
    expect(runs.map((run) => run.name).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const query of runs) {
    it(`${query.name} uses its indexes and scans no fact table`, () => {
      const statements = record(db, query);
      expect(statements.length).toBeGreaterThan(0);
      const lines = statements.flatMap((statement) => plan(db, statement));
      const text = lines.join('\n');
      const expected = EXPECTED[query.name] ?? [];
      for (const pattern of expected) expect(text).toMatch(pattern);
      // A query read one way never also reads the visits the other way.
      if (expected.includes(RANGE)) expect(text).not.toMatch(PASS);
      if (expected.includes(PASS)) expect(text).not.toMatch(RANGE);
      for (const line of lines) {
        expect(line, text).not.toMatch(/^SCAN (visits|deals|deal_stages|nps_answers|clients)(\s|$)/);
        // An alias of a fact table scanned without an index is the same full scan under another name.
        expect(line, text).not.toMatch(/^SCAN (x|v|y|s|d|e|w|l) *$/);
      }
      if (text.includes('SEARCH s USING INDEX deal_stages_stage_date')) {
        for (const pattern of WON_DEALS) expect(text).toMatch(pattern);
      }
    });
  }
});
