/**
 * The churn facts of SQLite's report queries as a row per client, ids ascending: what the tests compare with the
 * plain definitions. The store hands them to the reports as columns by client id (churnFactColumns,
 * churnClientColumns); rows are only easier to read in a test.
 */
import type { ChurnFactColumns, ChurnFacts } from '../../src/reports/churn.js';
import type { ChurnClientRow } from '../../src/reports/explain.js';
import type { Db } from '../../src/store/db.js';
import {
  type ChurnRange,
  churnClientColumns,
  churnFactColumns,
  type PaidVisitScan,
} from '../../src/store/report-queries.js';

/** A slot that stands for a client that bought in [from − W, to]. */
function boughtInRange(facts: ChurnFactColumns, id: number): boolean {
  return facts.lastBefore[id] !== null || facts.lastInPeriod[id] !== null;
}

export function churnFacts(db: Db, range: ChurnRange, scan?: PaidVisitScan): ChurnFacts[] {
  const facts = churnFactColumns(db, range, scan);
  const rows: ChurnFacts[] = [];
  for (let id = 0; id < facts.slots; id++) {
    if (!boughtInRange(facts, id)) continue;
    rows.push({
      clientId: id,
      lastBefore: facts.lastBefore[id]!,
      lastInPeriod: facts.lastInPeriod[id]!,
      boughtBeforeWindow: facts.boughtBeforeWindow[id] === 1,
      revenueBefore: facts.revenueBefore[id]!,
    });
  }
  return rows;
}

/** Client null: the won deals without one; the reactivation candidates looked up. */
export function churnClientRows(
  db: Db,
  range: ChurnRange,
  { reactivation = false, scan }: { reactivation?: boolean; scan?: PaidVisitScan } = {},
): ChurnClientRow[] {
  const facts = churnClientColumns(db, range, { reactivation, firsts: true, scan });
  const rows: ChurnClientRow[] = [];
  for (let id = 0; id < facts.slots; id++) {
    if (!boughtInRange(facts, id)) continue;
    rows.push({
      clientId: id === 0 ? null : id,
      lastBefore: facts.lastBefore[id]!,
      lastInPeriod: facts.lastInPeriod[id]!,
      boughtBeforeWindow: facts.boughtBeforeWindow[id] === 1,
      revenueBefore: facts.revenueBefore[id]!,
      purchasesInPeriod: facts.purchasesInPeriod[id]!,
      revenueInPeriod: facts.revenueInPeriod[id]!,
      firstInPeriod: facts.firstInPeriod.get(id) ?? null,
      earlier: facts.earlier.get(id) ?? null,
    });
  }
  return rows;
}
