/**
 * Random small histories of paid visits and won deals for the store's tests on either engine, and their purchases by
 * client the slow way (the definition the store's reads are held to).
 */
import fc from 'fast-check';

export const CLIENTS = 5;
export const day = fc.integer({ min: 1, max: 9 }).map((d) => `2026-03-0${d}`);

export interface History {
  visits: Array<{ client: number; date: string; amount: number }>;
  deals: Array<{ client: number | null; created: string; won: string | null; amount: number | null }>;
}

/** Histories whose visits and deals are dated by `day`. */
export function historyOver(day: fc.Arbitrary<string>): fc.Arbitrary<History> {
  return fc.record({
    visits: fc.array(
      fc.record({ client: fc.integer({ min: 1, max: CLIENTS }), date: day, amount: fc.constantFrom(0, 100, 250) }),
      { maxLength: 40 },
    ),
    deals: fc.array(
      fc.record({
        client: fc.option(fc.integer({ min: 1, max: CLIENTS })),
        created: day,
        // A won deal with a won stage row, or stored as won without one (dated the day it was created); or not won.
        won: fc.option(fc.oneof(day, fc.constant('created'))),
        amount: fc.option(fc.constantFrom(1_000, 5_000)),
      }),
      { maxLength: 6 },
    ),
  });
}

export const history = historyOver(day);

/** Each purchase of the history (paid visits and won deals; a deal without a client is client 0), in no order. */
export function purchasesOf(data: History): Array<{ client: number; date: string; amount: number }> {
  return [
    ...data.visits.filter((v) => v.amount > 0).map((v) => ({ client: v.client, date: v.date, amount: v.amount })),
    ...data.deals
      .filter((d) => d.won !== null)
      .map((d) => ({ client: d.client ?? 0, date: d.won === 'created' ? d.created : d.won!, amount: d.amount ?? 0 })),
  ];
}

/** The definition, the slow way: every purchase of the history dated in [from, to], by client (0: none). */
export function expected(data: History, from: string, to: string) {
  const purchases = purchasesOf(data).filter((p) => p.date >= from && p.date <= to);
  const rows = new Map<number, { purchases: number; revenue: number; last: string }>();
  for (const p of purchases) {
    const row = rows.get(p.client) ?? { purchases: 0, revenue: 0, last: p.date };
    row.purchases++;
    row.revenue += p.amount;
    if (p.date > row.last) row.last = p.date;
    rows.set(p.client, row);
  }
  return [...rows].sort(([a], [b]) => a - b).map(([client, row]) => ({ client, ...row }));
}
