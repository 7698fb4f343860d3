import { describe, expect, it } from 'vitest';
import { monthly, monthlyHistory } from '../../src/app/reports.js';
import { parsePeriod } from '../../src/reports/period.js';
import { Seeder, seedGoldenDataset } from '../reports/seed.js';

describe('monthlyHistory', () => {
  it('gives every month of the span, oldest first, months without purchases as zeros', async () => {
    const seeder = new Seeder();
    const anna = seeder.client({ name: 'Анна' });
    const boris = seeder.client({ name: 'Борис' });
    seeder.visit(anna, '2026-01-15', 100_000).visit(anna, '2026-03-02', 50_000).visit(boris, '2026-03-20', 20_000);
    // A visit of 0 is no purchase; nor is one after the span.
    seeder.visit(boris, '2026-02-10', 0).visit(boris, '2026-04-01', 70_000);
    const history = await monthlyHistory(seeder.store, parsePeriod('2026-03'), 4);
    expect(history).toEqual([
      { month: '2025-12', revenue: 0, activeClients: 0, newClients: 0, purchases: 0 },
      { month: '2026-01', revenue: 100_000, activeClients: 1, newClients: 1, purchases: 1 },
      { month: '2026-02', revenue: 0, activeClients: 0, newClients: 0, purchases: 0 },
      { month: '2026-03', revenue: 70_000, activeClients: 2, newClients: 1, purchases: 2 },
    ]);
    expect(await monthlyHistory(seeder.store, parsePeriod('2026-03'))).toHaveLength(12);
    seeder.close();
  });

  it('is what the monthly report draws, counted as its ARPU section counts', async () => {
    const seeder = seedGoldenDataset(new Seeder());
    const october = parsePeriod('2026-10');
    const report = await monthly(seeder.store, october);
    expect(report.history).toEqual(await monthlyHistory(seeder.store, october));
    // test/golden/README.md: 0 × 7, then June 1 000, July 6 000, August 2 000, September 7 000 (a deal), October.
    expect(report.history.map((month) => month.revenue / 100)).toEqual([
      0, 0, 0, 0, 0, 0, 0, 1000, 6000, 2000, 7000, 16500,
    ]);
    expect(report.history.map((month) => month.activeClients)).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 4]);
    const last = report.history[11]!;
    expect(last).toMatchObject({
      revenue: report.current.arpu.revenue,
      activeClients: report.current.arpu.activeClients,
      newClients: report.current.arpu.newClients,
      purchases: report.current.arpu.purchases,
    });
    seeder.close();
  });
});
