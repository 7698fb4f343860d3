/**
 * Every report query of src/store/report-queries.ts run with sample parameters, for test/reports/query-plans.test.ts,
 * which records the SQL each one prepares and pins its plan.
 */
import type { Period } from '../../src/reports/period.js';
import type { Db } from '../../src/store/db.js';
import {
  arpuGroupRows,
  buyerRows,
  buyersBetween,
  buyerTotals,
  clientDetails,
  clientNames,
  cohortActivity,
  dealsCreatedIn,
  latestAnswers,
  npsScoreCounts,
  purchaseCountGroups,
  purchaseCountRows,
  purchaseDays,
  recentDetractors,
  rfmFacts,
} from '../../src/store/report-queries.js';
import { churnClientRows, churnFacts } from './churn-rows.js';

export interface NamedQueryRun {
  name: string;
  /** Runs the query function as the reports do, with sample parameters. */
  run: (db: Db) => unknown;
}

/**
 * Every report query with sample parameters. Those that read the paid visits of a period run three times: over a
 * month with the way paidVisitScan chooses, and over a year read each way (`range`, `complement`), so that both plans
 * are pinned whatever the sample data. The plan test records the SQL each one prepares.
 */
export function reportQueryRuns(): NamedQueryRun[] {
  const year: Period = { from: '2026-01-01', to: '2026-12-31' };
  const month: Period = { from: '2026-10-01', to: '2026-10-31' };
  const churn = (period: Period) => ({ ...period, windowStart: period === year ? '2025-10-03' : '2026-07-03' });
  const runs: NamedQueryRun[] = [];
  for (const [label, period, scan] of [
    ['month', month, undefined],
    ['year range', year, 'range'],
    ['year complement', year, 'complement'],
  ] as const) {
    runs.push(
      { name: `buyerRows ${label}`, run: (db) => buyerRows(db, period, scan) },
      { name: `buyerTotals ${label}`, run: (db) => buyerTotals(db, period, scan) },
      { name: `churnFacts ${label}`, run: (db) => churnFacts(db, churn(period), scan) },
      {
        name: `churnClientRows ${label}`,
        run: (db) => churnClientRows(db, churn(period), { reactivation: true, scan }),
      },
      { name: `purchaseCountRows ${label}`, run: (db) => purchaseCountRows(db, period, scan) },
      { name: `rfmFacts ${label}`, run: (db) => rfmFacts(db, period, scan) },
      { name: `arpuGroupRows source ${label}`, run: (db) => arpuGroupRows(db, period, 'source', scan) },
      { name: `arpuGroupRows tag ${label}`, run: (db) => arpuGroupRows(db, period, 'tag', scan) },
    );
  }
  runs.push(
    { name: 'cohortActivity month', run: (db) => cohortActivity(db, month) },
    { name: 'cohortActivity year', run: (db) => cohortActivity(db, year) },
    // A day and a month: both read from visits(date, service, client_id, amount) alone.
    {
      name: 'arpuGroupRows service day',
      run: (db) => arpuGroupRows(db, { from: month.from, to: month.from }, 'service'),
    },
    { name: 'arpuGroupRows service month', run: (db) => arpuGroupRows(db, month, 'service') },
    { name: 'purchaseCountGroups', run: (db) => purchaseCountGroups(db, [month.to, '2026-09-30', '2025-10-31']) },
    { name: 'dealsCreatedIn', run: (db) => dealsCreatedIn(db, month) },
    { name: 'npsScoreCounts', run: (db) => npsScoreCounts(db, month) },
    { name: 'latestAnswers', run: (db) => latestAnswers(db, month) },
    { name: 'buyersBetween', run: (db) => buyersBetween(db, month) },
    { name: 'purchaseDays lookup', run: (db) => purchaseDays(db, month.to, [1, 2, 3], 'lookup') },
    { name: 'purchaseDays whole', run: (db) => purchaseDays(db, month.to, [1, 2, 3], 'whole') },
    { name: 'recentDetractors', run: (db) => recentDetractors(db, month) },
    { name: 'clientDetails lookup', run: (db) => clientDetails(db, [1, 2, 3], 'lookup') },
    { name: 'clientDetails whole', run: (db) => clientDetails(db, [1, 2, 3], 'whole') },
    { name: 'clientNames', run: (db) => clientNames(db, [1, 2, 3]) },
  );
  return runs;
}
