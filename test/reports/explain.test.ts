import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as app from '../../src/app/reports.js';
import { EXPLAIN_METRICS, type ExplainMetric, explainJson } from '../../src/reports/explain.js';
import { parsePeriod } from '../../src/reports/period.js';
import type { Db } from '../../src/store/db.js';
import { Seeder, seedGoldenDataset } from './seed.js';

let db: Db;
beforeAll(() => {
  db = seedGoldenDataset(new Seeder()).db;
});
afterAll(() => db.close());

/** The figure a metric names, read from its report. */
function figure(metric: ExplainMetric, period = parsePeriod('2026-10'), window = 90): number {
  const arpu = app.arpu(db, period);
  const repeat = app.repeat(db, period);
  const churn = app.churn(db, period, window);
  const nps = app.nps(db, period);
  const funnel = app.funnel(db, period);
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
  it.each([...EXPLAIN_METRICS])('lists as many items as the report counts: %s', (metric) => {
    for (const period of ['2026-10', '2026-09', '2026Q3', '2025-10', '2026']) {
      const explained = explainJson(app.explain(db, metric, parsePeriod(period)));
      expect(explained.count, `${metric} in ${period}`).toBe(figure(metric, parsePeriod(period)));
      expect(explained.items).toHaveLength(explained.count);
    }
  });

  it('names the clients behind October’s figures (worked out in test/golden/README.md)', () => {
    const october = parsePeriod('2026-10');
    const names = (metric: ExplainMetric) => app.explain(db, metric, october).items.map((item) => item.name);
    expect(names('active_clients')).toEqual(['Анна Смирнова', 'Борис Петров', 'Глеб Орлов', 'Егор Волков']);
    expect(names('new_clients')).toEqual(['Глеб Орлов', 'Егор Волков']);
    expect(names('returning_clients')).toEqual(['Анна Смирнова', 'Борис Петров']);
    expect(names('repeat_buyers')).toEqual(['Анна Смирнова', 'Борис Петров', 'Вера Иванова']);
    expect(names('at_start')).toEqual(['Анна Смирнова', 'Вера Иванова']);
    expect(names('churned')).toEqual(['Вера Иванова']);
    expect(names('reactivated')).toEqual(['Борис Петров']);
    expect(names('promoters')).toEqual(['Анна Смирнова', 'Глеб Орлов']);
    expect(names('passives')).toEqual(['Борис Петров']);
    expect(names('detractors')).toEqual([]);
    const deals = (metric: ExplainMetric) => app.explain(db, metric, october).items.map((item) => item.title);
    expect(deals('qualified')).toEqual(['Абонемент', 'Корпоратив', 'Курс', 'Допродажа']);
    expect(deals('won')).toEqual(['Абонемент', 'Допродажа']);
    expect(deals('lost')).toEqual(['Корпоратив', 'Свадьба']);
    expect(app.explain(db, 'active_clients', october).items[0]).toEqual({
      client_id: 1,
      name: 'Анна Смирнова',
      purchases: 2,
      revenue: 4500,
      first_purchase: '2026-08-05',
    });
    expect(app.explain(db, 'lost', october).items[1]).toMatchObject({
      title: 'Свадьба',
      stage: 'lost',
      created: '2026-10-20',
      qualified: null,
      lost: '2026-10-21',
      lost_reason: null,
    });
  });

  it('follows the churn window', () => {
    const october = parsePeriod('2026-10');
    // W = 30: alive at start = a purchase in [Sep 1, Sep 30]: Анна only; she bought in October, so not churned.
    const atStart = explainJson(app.explain(db, 'at_start', october, 30));
    expect(atStart).toMatchObject({ metric: 'at_start', count: 1 });
    expect(atStart.count).toBe(figure('at_start', october, 30));
  });
});
