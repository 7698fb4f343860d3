/** What the monthly page draws beyond the tables: the answers per score, the year's history, detractor comments. */
import { describe, expect, it } from 'vitest';
import { churn, monthly } from '../../src/app/reports.js';
import type { NpsAnswer } from '../../src/domain/stored-records.js';
import { detractorComments } from '../../src/reports/monthly.js';
import { npsReport } from '../../src/reports/nps.js';
import { parsePeriod } from '../../src/reports/period.js';
import { Seeder, seedGoldenDataset } from './seed.js';

const october = parsePeriod('2026-10');

function answer(id: number, clientId: number, date: string, score: number, improve: string | null = null): NpsAnswer {
  return { id, client_id: clientId, date, score, improve, liked: null, extra: {} };
}

describe('the monthly page data', () => {
  it('counts clients per score 0 to 10', () => {
    const report = npsReport(october, [
      { score: 10, clients: 4 },
      { score: 3, clients: 2 },
      { score: 0, clients: 1 },
    ]);
    expect(report.distribution).toEqual([1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 4]);
    expect(npsReport(october, []).distribution).toEqual(Array(11).fill(0));
  });

  it('takes each detractor’s latest answer with its own comment, oldest first, then by name', () => {
    const latest = [
      { clientId: 1, date: '2026-10-20', score: 4 },
      { clientId: 2, date: '2026-10-05', score: 9 },
      { clientId: 3, date: '2026-10-05', score: 6 },
    ];
    const answers = [
      answer(1, 1, '2026-10-02', 2, 'an older answer'),
      answer(2, 1, '2026-10-20', 4, '  долго ждать  '),
      answer(3, 3, '2026-10-05', 6, ' '),
    ];
    const names = new Map([
      [1, 'Борис'],
      [3, 'Анна'],
    ]);
    expect(detractorComments(latest, answers, names)).toEqual([
      { clientId: 3, name: 'Анна', date: '2026-10-05', score: 6, improve: null, liked: null },
      { clientId: 1, name: 'Борис', date: '2026-10-20', score: 4, improve: 'долго ждать', liked: null },
    ]);
  });

  it('gathers the twelve months the tables name, with each month’s own churn, only when asked', async () => {
    const seeder = seedGoldenDataset(new Seeder());
    seeder.nps(5, '2026-10-12', 4, { improve: 'Холодно в зале' });
    const plain = await monthly(seeder.store, october);
    expect(plain.page).toBeUndefined();
    const report = await monthly(seeder.store, october, true);
    const history = report.page!;
    expect(history.months.map((row) => row.month)).toEqual(report.history.map((row) => row.month));
    expect(history.months.map((row) => row.arpu.revenue)).toEqual(report.history.map((row) => row.revenue));
    expect(history.months[11]!.churn).toEqual(await churn(seeder.store, october));
    expect(history.months[11]!.arpu.activeClients).toBe(4);
    expect(history.cohorts.cohorts.map((cohort) => cohort.month)).toEqual(['2026-07', '2026-08', '2026-10']);
    expect(history.detractorComments).toEqual([
      { clientId: 5, name: 'Дина Козлова', date: '2026-10-12', score: 4, improve: 'Холодно в зале', liked: null },
    ]);
    seeder.close();
  });
});
