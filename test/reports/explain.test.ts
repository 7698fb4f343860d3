import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as app from '../../src/app/reports.js';
import { EXPLAIN_METRICS, type ExplainMetric, explainJson } from '../../src/reports/explain.js';
import { parsePeriod } from '../../src/reports/period.js';
import type { Store } from '../../src/store/store.js';
import { Seeder, seedGoldenDataset } from './seed.js';

let store: Store;
beforeAll(() => {
  store = seedGoldenDataset(new Seeder()).store;
});
afterAll(() => store.close());

/** The figure a metric names, read from its report. */
async function figure(metric: ExplainMetric, period = parsePeriod('2026-10'), window = 90): Promise<number> {
  const arpu = await app.arpu(store, period);
  const repeat = await app.repeat(store, period);
  const churn = await app.churn(store, period, window);
  const nps = await app.nps(store, period);
  const funnel = await app.funnel(store, period);
  const figures: Record<ExplainMetric, number> = {
    active_clients: arpu.activeClients,
    new_clients: arpu.newClients,
    returning_clients: arpu.returningClients,
    buyers: repeat.buyers,
    repeat_buyers: repeat.repeatBuyers,
    at_start: churn.atStart,
    churned: churn.churned,
    reactivated: churn.reactivated,
    promoters: nps.promoters,
    passives: nps.passives,
    detractors: nps.detractors,
    leads: funnel.leads,
    qualified: funnel.qualified,
    deal: funnel.deal,
    won: funnel.won,
    lost: funnel.lost,
    junk: funnel.junk,
    open: funnel.open,
  };
  return figures[metric];
}

describe('crm explain', () => {
  it.each([...EXPLAIN_METRICS])('lists as many items as the report counts: %s', async (metric) => {
    for (const period of ['2026-10', '2026-09', '2026Q3', '2025-10', '2026']) {
      const explained = explainJson(await app.explain(store, metric, parsePeriod(period)));
      expect(explained.count, `${metric} in ${period}`).toBe(await figure(metric, parsePeriod(period)));
      expect(explained.items).toHaveLength(explained.count);
    }
  });

  it('names the clients behind October’s figures (worked out in test/golden/README.md)', async () => {
    const october = parsePeriod('2026-10');
    const names = async (metric: ExplainMetric) =>
      (await app.explain(store, metric, october)).items.map((item) => item.name);
    expect(await names('active_clients')).toEqual(['Анна Смирнова', 'Борис Петров', 'Глеб Орлов', 'Егор Волков']);
    expect(await names('new_clients')).toEqual(['Глеб Орлов', 'Егор Волков']);
    expect(await names('returning_clients')).toEqual(['Анна Смирнова', 'Борис Петров']);
    expect(await names('repeat_buyers')).toEqual(['Анна Смирнова', 'Борис Петров', 'Вера Иванова']);
    expect(await names('at_start')).toEqual(['Анна Смирнова', 'Вера Иванова']);
    expect(await names('churned')).toEqual(['Вера Иванова']);
    expect(await names('reactivated')).toEqual(['Борис Петров']);
    expect(await names('promoters')).toEqual(['Анна Смирнова', 'Глеб Орлов']);
    expect(await names('passives')).toEqual(['Борис Петров']);
    expect(await names('detractors')).toEqual([]);
    const deals = async (metric: ExplainMetric) =>
      (await app.explain(store, metric, october)).items.map((item) => item.title);
    expect(await deals('qualified')).toEqual(['Абонемент', 'Корпоратив', 'Курс', 'Допродажа']);
    expect(await deals('won')).toEqual(['Абонемент', 'Допродажа']);
    expect(await deals('lost')).toEqual(['Корпоратив', 'Свадьба']);
    expect((await app.explain(store, 'active_clients', october)).items[0]).toEqual({
      client_id: 1,
      name: 'Анна Смирнова',
      purchases: 2,
      revenue: 4500,
      first_purchase: '2026-08-05',
    });
    expect((await app.explain(store, 'lost', october)).items[1]).toMatchObject({
      title: 'Свадьба',
      stage: 'lost',
      created: '2026-10-20',
      qualified: null,
      lost: '2026-10-21',
      lost_reason: null,
    });
  });

  it('follows the churn window', async () => {
    const october = parsePeriod('2026-10');
    // W = 30: alive at start = a purchase in [Sep 1, Sep 30]: Анна only; she bought in October, so not churned.
    const atStart = explainJson(await app.explain(store, 'at_start', october, 30));
    expect(atStart).toMatchObject({ metric: 'at_start', count: 1 });
    expect(atStart.count).toBe(await figure('at_start', october, 30));
  });
});
