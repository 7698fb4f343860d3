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

/** The paid visits of a period, day by day, from the covering index visits(date, service, client_id, amount). */
const RANGE = /SEARCH visits USING COVERING INDEX visits_date \(date>\? AND date<\?\)/;
/** The per-client summary read whole, less the paid visits before and after the period. */
const COMPLEMENT = [
  /SCAN paid_visits_by_client/,
  /SEARCH visits USING COVERING INDEX visits_date \(date<\?\)/,
  /SEARCH visits USING COVERING INDEX visits_date \(date>\?\)/,
];
/** How many paid visits lie before, in and after the period: the per-day summary, which decides the way. */
const DAY_COUNTS = /SEARCH paid_visits_by_day USING PRIMARY KEY \(date>\? AND date<\?\)/;
/** A client's last paid visit up to a day: after the complement, for the clients with a visit after the period. */
const LAST_PROBE = /SEARCH v USING COVERING INDEX visits_client_date \(client_id=\? AND date<\?\)/;
/** The first purchase ever of many clients: client_purchases(first) read whole, a day at a time. */
const FIRSTS = /SCAN client_purchases USING COVERING INDEX client_purchases_first/;
/** The clients whose first purchase falls in the period, from the summary. */
const FIRST_IN_PERIOD =
  /SEARCH client_purchases USING (COVERING )?INDEX client_purchases_first \(first>\? AND first<\?\)/;
/** A reactivation candidate's first purchase in the period. */
const FIRST_FROM_PROBE = /SEARCH v USING COVERING INDEX visits_client_date \(client_id=\? AND date>\?\)/;

/**
 * The index lines each query must show (each pattern at least once). The runs over a year are forced each way
 * (`range`, `complement`); a month takes the way paidVisitScan chooses on the seeded data.
 */
const BY_WAY: Record<string, RegExp[]> = {
  month: [DAY_COUNTS],
  'year range': [RANGE],
  'year complement': COMPLEMENT,
};
const PER_QUERY: Record<string, RegExp[]> = {
  buyerRows: [FIRSTS],
  // Who bought from the visits; their revenue from the per-day summary; the new ones from the first purchases.
  buyerTotals: [DAY_COUNTS, FIRST_IN_PERIOD],
  churnFacts: [FIRSTS],
  // The last purchase before the window and the first in the period of the candidates that bought before it.
  churnClientRows: [FIRSTS, LAST_PROBE, FIRST_FROM_PROBE],
  purchaseCountRows: [FIRSTS],
  rfmFacts: [],
  'arpuGroupRows source': [/SCAN t$/m],
  'arpuGroupRows tag': [/SCAN ct USING INDEX client_tags_tag/, /SEARCH t USING INTEGER PRIMARY KEY/],
};
const EXPECTED: Record<string, RegExp[]> = {
  ...Object.fromEntries(
    Object.entries(PER_QUERY).flatMap(([query, patterns]) =>
      Object.entries(BY_WAY).map(([way, wayPatterns]) => [
        `${query} ${way}`,
        [
          ...patterns,
          ...wayPatterns,
          // Asked for the last purchase in the period, the complement looks it up for clients that bought after it.
          ...(way === 'year complement' && ['churnFacts', 'purchaseCountRows', 'rfmFacts'].includes(query)
            ? [LAST_PROBE]
            : []),
        ],
      ]),
    ),
  ),
  'cohortActivity month': [FIRST_IN_PERIOD, RANGE],
  'cohortActivity year': [FIRST_IN_PERIOD, RANGE],
  'arpuGroupRows service day': [RANGE],
  'arpuGroupRows service month': [RANGE],
  purchaseCountGroups: [
    /SEARCH client_purchases USING COVERING INDEX client_purchases_first \(first<\?\)/,
    /SEARCH client_purchases USING COVERING INDEX client_purchases_second \(second<\?\)/,
  ],
  dealsCreatedIn: [/SEARCH d USING INDEX deals_created \(created>\? AND created<\?\)/, /deal_stages_deal \(deal_id=\?/],
  npsScoreCounts: [/SEARCH nps_answers USING INDEX nps_answers_date/],
  latestAnswers: [/SEARCH nps_answers USING INDEX nps_answers_date/],
  buyersBetween: [DAY_COUNTS],
  'purchaseDays lookup': [
    /SEARCH v USING COVERING INDEX visits_client_date \(client_id=\? AND date<\?\)/,
    /deals_client \(client_id=\?\)/,
  ],
  'purchaseDays whole': [/SEARCH visits USING COVERING INDEX visits_date \(date<\?\)/, /deals_client \(client_id=\?\)/],
  recentDetractors: [/SEARCH nps_answers USING INDEX nps_answers_date/],
  'clientDetails lookup': [
    /SEARCH t USING INTEGER PRIMARY KEY/,
    /SEARCH v USING (COVERING )?INDEX visits_client_date \(client_id=\?\)/,
    /client_contacts_client/,
  ],
  // Every client's name and phone, and every visit's service from the index alone.
  'clientDetails whole': [/^SCAN t$/m, /^SCAN client_contacts$/m, /^SCAN visits USING COVERING INDEX visits_date$/m],
  clientNames: [/SEARCH t USING INTEGER PRIMARY KEY/],
};

/**
 * Whole reads that are the plan: many clients' names, sources or phones wanted in one pass over the table, or the
 * services of every visit in one pass over visits(date, service, client_id, amount).
 */
const WHOLE_READS: Record<string, RegExp> = {
  'arpuGroupRows source': /^SCAN t$/,
  'clientDetails whole': /^SCAN (t|client_contacts|visits USING COVERING INDEX visits_date)$/,
};

/**
 * Every won-deal lookup goes through deal_stages(stage, date) and the won deals by their created date, never a walk
 * of all deals.
 */
const WON_DEALS = [
  /deal_stages_stage_date \(stage=\? AND date>\? AND date<\?\)/,
  /deals_won_created \(created>\? AND created<\?\)/,
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
      if (query.name.endsWith('year range')) expect(text).not.toMatch(COMPLEMENT[0]!);
      if (query.name.endsWith('year complement')) expect(text).not.toMatch(RANGE);
      const whole = Object.entries(WHOLE_READS).find(([name]) => query.name.startsWith(name))?.[1];
      for (const line of lines.filter((line) => !whole?.test(line))) {
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
