/**
 * purchaseColumns, which most reports are computed from, must equal its definition (each client's paid visits and
 * won deals dated in the range: count, revenue, last date) read either way, on random histories and ranges: the
 * range of visits itself, or the per-client summary less the visits before and after it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buyerTotals as totalsOf } from '../../src/reports/arpu.js';
import { type Db, openDatabase } from '../../src/store/db.js';
import { lastPurchaseColumns, type PaidVisitScan, purchaseColumns } from '../../src/store/purchase-columns.js';
import { arpuGroupRows, buyerRows, buyerTotals } from '../../src/store/report-queries.js';
import { migratedDbPath, tempDbPath } from '../helpers.js';
import { CLIENTS, day, expected, type History, history } from './purchase-history.js';

function store(data: History): Db {
  const db = openDatabase(migratedDbPath());
  const client = db.prepare("INSERT INTO clients (id, name, name_key, created) VALUES (?, ?, ?, '2026-01-01')");
  for (let id = 1; id <= CLIENTS; id++) client.run(id, `C${id}`, `c${id}`);
  const visit = db.prepare('INSERT INTO visits (client_id, date, amount) VALUES (?, ?, ?)');
  for (const v of data.visits) visit.run(v.client, v.date, v.amount);
  const deal = db.prepare("INSERT INTO deals (client_id, title, amount, stage, created) VALUES (?, 'd', ?, ?, ?)");
  const stage = db.prepare("INSERT INTO deal_stages (deal_id, stage, date) VALUES (?, 'won', ?)");
  for (const d of data.deals) {
    const id = deal.run(d.client, d.amount, d.won === null ? 'lead' : 'won', d.created).lastInsertRowid;
    if (d.won !== null && d.won !== 'created') stage.run(id, d.won);
  }
  return db;
}

function read(db: Db, from: string, to: string, scan: PaidVisitScan) {
  const columns = purchaseColumns(db, from, to, { last: true, scan });
  const rows = [];
  for (let id = 0; id < columns.slots; id++) {
    if (columns.purchases[id] === 0) continue;
    rows.push({
      client: id,
      purchases: columns.purchases[id],
      revenue: columns.revenue[id],
      last: columns.last![id],
    });
  }
  return rows;
}

describe('purchaseColumns', () => {
  it('equals its definition, read as a range or as the summary less what lies around the range', () => {
    fc.assert(
      fc.property(history, day, day, (data, a, b) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        const db = store(data);
        try {
          const want = expected(data, from, to);
          expect(read(db, from, to, 'range')).toEqual(want);
          expect(read(db, from, to, 'complement')).toEqual(want);
        } finally {
          db.close();
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('lastPurchaseColumns', () => {
  it('give each buyer of the range its last purchase there, read either way', () => {
    fc.assert(
      fc.property(history, day, day, (data, a, b) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        const db = store(data);
        try {
          const want = expected(data, from, to).map(({ client, last }) => ({ client, last }));
          for (const scan of ['range', 'complement'] as const) {
            const columns = lastPurchaseColumns(db, from, to, { scan });
            const found = [];
            for (let id = 0; id < columns.slots; id++) {
              if (columns.purchases[id]! > 0) found.push({ client: id, last: columns.last![id] });
              else expect(columns.last![id]).toBeNull();
            }
            expect(found).toEqual(want);
          }
        } finally {
          db.close();
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('buyerTotals', () => {
  it('are the buyer rows summed, read either way', () => {
    fc.assert(
      fc.property(history, day, day, (data, a, b) => {
        const period = a <= b ? { from: a, to: b } : { from: b, to: a };
        const db = store(data);
        try {
          // First as ARPU by service leaves them: counted in its own pass over the period.
          arpuGroupRows(db, period, 'service');
          const afterServices = buyerTotals(db, period);
          for (const scan of ['range', 'complement'] as const) {
            expect(buyerTotals(db, period, scan)).toEqual(totalsOf(period, buyerRows(db, period, scan)));
          }
          expect(afterServices).toEqual(totalsOf(period, buyerRows(db, period)));
        } finally {
          db.close();
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('purchaseColumns kept between reports', () => {
  it('equal their definition when put together from ranges read before inside them', () => {
    const range = fc.tuple(day, day).map(([a, b]) => (a <= b ? [a, b] : [b, a]) as [string, string]);
    const earlier = fc.record({
      range,
      scan: fc.constantFrom<PaidVisitScan>('range', 'complement'),
      last: fc.boolean(),
      revenue: fc.boolean(),
    });
    fc.assert(
      fc.property(history, fc.array(earlier, { maxLength: 4 }), range, (data, reads, [from, to]) => {
        const db = store(data);
        try {
          for (const r of reads) purchaseColumns(db, r.range[0], r.range[1], r);
          expect(read(db, from, to, 'range')).toEqual(expected(data, from, to));
        } finally {
          db.close();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('are read again once this connection or another one has written', () => {
    const first = openDatabase(tempDbPath());
    try {
      first.prepare("INSERT INTO clients (id, name, name_key, created) VALUES (1, 'A', 'a', '2026-01-01')").run();
      const purchases = () => purchaseColumns(first, '2026-03-01', '2026-03-09').purchases[1];
      expect(purchases()).toBe(0);
      first.prepare("INSERT INTO visits (client_id, date, amount) VALUES (1, '2026-03-02', 100)").run();
      expect(purchases()).toBe(1);
      const other = openDatabase(first.name);
      try {
        other.prepare("INSERT INTO visits (client_id, date, amount) VALUES (1, '2026-03-03', 100)").run();
      } finally {
        other.close();
      }
      expect(purchases()).toBe(2);
    } finally {
      first.close();
    }
  });
});
