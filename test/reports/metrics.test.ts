/**
 * Each metric on small datasets seeded with SQL; every expected number is worked out by hand in the comments.
 * Amounts are in kopecks: 100_000 is 1 000,00 ₽.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as app from '../../src/app/reports.js';
import { arpuJson } from '../../src/reports/arpu.js';
import { churnJson } from '../../src/reports/churn.js';
import { cohortsJson } from '../../src/reports/cohorts.js';
import { funnelJson } from '../../src/reports/funnel.js';
import { npsJson } from '../../src/reports/nps.js';
import { parsePeriod } from '../../src/reports/period.js';
import { repeatJson } from '../../src/reports/repeat.js';
import { rfmJson } from '../../src/reports/rfm.js';
import { Seeder } from './seed.js';

const OCTOBER = parsePeriod('2026-10');
let seeders: Seeder[] = [];

function seed(): Seeder {
  const seeder = new Seeder();
  seeders.push(seeder);
  return seeder;
}

afterEach(() => {
  for (const seeder of seeders) if (seeder.db.open) seeder.db.close();
  seeders = [];
});

describe('no purchases at all', () => {
  it('gives zeros, 0 for every rate, and null cycle days', async () => {
    const { store } = seed();
    expect(arpuJson(await app.arpu(store, OCTOBER))).toEqual({
      period: { from: '2026-10-01', to: '2026-10-31' },
      revenue: 0,
      active_clients: 0,
      purchases: 0,
      arpu: 0,
      average_check: 0,
      new_clients: 0,
      returning_clients: 0,
    });
    const arpu = await app.arpu(store, OCTOBER);
    expect(arpu.arpu).toBeNull();
    expect(arpu.averageCheck).toBeNull();
    expect(repeatJson(await app.repeat(store, OCTOBER))).toMatchObject({ buyers: 0, repeat_buyers: 0, repeat_rate: 0 });
    expect(churnJson(await app.churn(store, OCTOBER))).toMatchObject({
      window_days: 90,
      at_start: 0,
      churned: 0,
      churn_rate: 0,
      reactivated: 0,
      revenue_churn: 0,
    });
    expect(funnelJson(await app.funnel(store, OCTOBER))).toEqual({
      period: { from: '2026-10-01', to: '2026-10-31' },
      leads: 0,
      junk: 0,
      qualified: 0,
      deal: 0,
      won: 0,
      lost: 0,
      open: 0,
      conversion: { qualified: 0, deal: 0, won: 0, overall: 0 },
      cycle_days: { median: null, mean: null },
      lost_reasons: [],
    });
    expect(npsJson(await app.nps(store, OCTOBER))).toMatchObject({ responses: 0, nps: 0 });
    expect((await app.nps(store, OCTOBER)).nps).toBeNull();
    expect(cohortsJson(await app.cohorts(store, OCTOBER)).cohorts).toEqual([]);
    expect(rfmJson(await app.rfm(store, OCTOBER)).buyers).toBe(0);
    expect((await app.due(store, { today: '2026-11-22', withinDays: 7, windowDays: 90 })).entries).toEqual([]);
  });
});

describe('free visits', () => {
  it('a client whose only visit is free is neither active nor a buyer', async () => {
    const seeder = seed();
    const free = seeder.client({ name: 'Free' });
    seeder.visit(free, '2026-10-10', 0, 'Консультация').visit(free, '2026-09-10', 0);
    const { store } = seeder;
    expect(await app.arpu(store, OCTOBER)).toMatchObject({ revenue: 0, activeClients: 0, purchases: 0, newClients: 0 });
    expect(await app.repeat(store, OCTOBER)).toMatchObject({ buyers: 0, repeatBuyers: 0 });
    expect(await app.churn(store, OCTOBER)).toMatchObject({ atStart: 0, churned: 0, reactivated: 0 });
    expect((await app.cohorts(store, OCTOBER)).cohorts).toEqual([]);
    expect((await app.rfm(store, OCTOBER)).buyers).toBe(0);
  });

  it('free visits never count as purchases, even beside paid ones on the same day', async () => {
    const seeder = seed();
    // One paid visit and three free ones (one the same day): 1 purchase, so a buyer but not a repeat buyer.
    const mixed = seeder.client({ name: 'Mixed' });
    seeder
      .visit(mixed, '2026-09-01', 0)
      .visit(mixed, '2026-10-05', 0)
      .visit(mixed, '2026-10-05', 150_000)
      .visit(mixed, '2026-10-20', 0);
    // Two paid visits on one day: 2 purchases.
    const twice = seeder.client({ name: 'Twice' });
    seeder.visit(twice, '2026-10-07', 100_000).visit(twice, '2026-10-07', 50_000);
    const { store } = seeder;
    expect(await app.repeat(store, OCTOBER)).toMatchObject({ buyers: 2, repeatBuyers: 1, repeatRate: 0.5 });
    // Revenue 1500 + 1000 + 500 = 3000 over 3 purchases by 2 clients, both new.
    expect(arpuJson(await app.arpu(store, OCTOBER))).toMatchObject({
      revenue: 3000,
      active_clients: 2,
      purchases: 3,
      arpu: 1500,
      average_check: 1000,
      new_clients: 2,
      returning_clients: 0,
    });
    expect((await app.explain(store, 'repeat_buyers', OCTOBER)).items).toEqual([
      { client_id: twice, name: 'Twice', purchases: 2, first_purchase: '2026-10-07', last_purchase: '2026-10-07' },
    ]);
  });
});

describe('ARPU', () => {
  it('counts purchases dated in the period, both ends inclusive', async () => {
    const seeder = seed();
    const edge = seeder.client({ name: 'Edge' });
    seeder
      .visit(edge, '2026-09-30', 100_000)
      .visit(edge, '2026-10-01', 200_000)
      .visit(edge, '2026-10-31', 300_000)
      .visit(edge, '2026-11-01', 400_000);
    const report = await app.arpu(seeder.store, OCTOBER);
    // 2000 + 3000 on the boundary days; Sep 30 and Nov 1 stay out. The client bought before: returning.
    expect(arpuJson(report)).toMatchObject({
      revenue: 5000,
      active_clients: 1,
      purchases: 2,
      arpu: 5000,
      average_check: 2500,
      new_clients: 0,
      returning_clients: 1,
    });
  });

  it('counts a won deal as a purchase on its won date; a NULL amount is a purchase of 0', async () => {
    const seeder = seed();
    const buyer = seeder.client({ name: 'Deal buyer' });
    // Created in September, won on October 3: an October purchase of 10 000.
    seeder.deal(buyer, {
      amount: 1_000_000,
      stages: [
        ['lead', '2026-09-20'],
        ['won', '2026-10-03'],
      ],
    });
    // Won in October without an amount: a purchase adding nothing.
    seeder.deal(buyer, { amount: null, stages: [['won', '2026-10-10']] });
    // Stored as won with no stage rows: dated its created day.
    seeder.deal(buyer, { amount: 50_000, created: '2026-10-12', stage: 'won', stages: [] });
    // A won row, but the deal's stage is now lost: not a purchase.
    seeder.deal(buyer, {
      amount: 70_000,
      stage: 'lost',
      stages: [
        ['won', '2026-10-15'],
        ['lost', '2026-10-16'],
      ],
    });
    // Won in November: outside October.
    seeder.deal(buyer, { amount: 90_000, stages: [['won', '2026-11-01']] });
    expect(arpuJson(await app.arpu(seeder.store, OCTOBER))).toMatchObject({
      revenue: 10_500,
      active_clients: 1,
      purchases: 3,
      arpu: 10_500,
      average_check: 3500,
      new_clients: 1,
    });
  });

  it('rounds money to cents in JSON', async () => {
    const seeder = seed();
    for (const name of ['A', 'B', 'C']) {
      seeder.visit(seeder.client({ name }), '2026-10-02', name === 'A' ? 100_001 : 100_000);
    }
    // 300 001 kopecks over 3 clients = 100 000.33 kopecks: 1000.00 ₽ in JSON (ARPU and average check alike).
    expect(arpuJson(await app.arpu(seeder.store, OCTOBER))).toMatchObject({
      revenue: 3000.01,
      arpu: 1000,
      average_check: 1000,
    });
  });

  it('breaks down by source, tag and service; missing keys form (none), won deals (deal)', async () => {
    const seeder = seed();
    const insta = seeder.client({ name: 'Insta', source: 'Instagram', tags: ['VIP', 'Мастер Оля'] });
    const nosource = seeder.client({ name: 'No source', tags: ['VIP'] });
    const blank = seeder.client({ name: 'Blank source', source: '' });
    seeder
      .visit(insta, '2026-10-01', 100_000, 'Стрижка')
      .visit(insta, '2026-10-02', 300_000, 'Окрашивание')
      .visit(nosource, '2026-10-03', 200_000, 'Стрижка')
      .visit(blank, '2026-10-04', 50_000);
    seeder.deal(nosource, { amount: 500_000, source: 'Сайт', stages: [['won', '2026-10-05']] });
    const { store } = seeder;
    expect(arpuJson(await app.arpu(store, OCTOBER, 'source')).groups).toEqual([
      // No source and an empty source alike: 2000 + 5000 (deal) + 500.
      { key: '(none)', revenue: 7500, active_clients: 2, purchases: 3, arpu: 3750 },
      { key: 'Instagram', revenue: 4000, active_clients: 1, purchases: 2, arpu: 4000 },
    ]);
    expect(arpuJson(await app.arpu(store, OCTOBER, 'tag')).groups).toEqual([
      { key: 'VIP', revenue: 11_000, active_clients: 2, purchases: 4, arpu: 5500 },
      { key: 'Мастер Оля', revenue: 4000, active_clients: 1, purchases: 2, arpu: 4000 },
      { key: '(none)', revenue: 500, active_clients: 1, purchases: 1, arpu: 500 },
    ]);
    expect(arpuJson(await app.arpu(store, OCTOBER, 'service')).groups).toEqual([
      { key: '(deal)', revenue: 5000, active_clients: 1, purchases: 1, arpu: 5000 },
      { key: 'Окрашивание', revenue: 3000, active_clients: 1, purchases: 1, arpu: 3000 },
      { key: 'Стрижка', revenue: 3000, active_clients: 2, purchases: 2, arpu: 1500 },
      { key: '(none)', revenue: 500, active_clients: 1, purchases: 1, arpu: 500 },
    ]);
    // The total is the report's own: 1000 + 3000 + 2000 + 500 + 5000 = 11 500 from 3 clients.
    expect(arpuJson(await app.arpu(store, OCTOBER, 'tag'))).toMatchObject({
      revenue: 11_500,
      active_clients: 3,
      purchases: 5,
    });
  });

  it('splits into months whose total is computed over the whole period, not summed', async () => {
    const seeder = seed();
    const anna = seeder.client({ name: 'Anna' });
    seeder.visit(anna, '2026-01-10', 100_000).visit(anna, '2026-02-10', 100_000);
    const split = await app.split(parsePeriod('2026Q1'), 'month', (period) => app.arpu(seeder.store, period));
    expect(
      split.columns.map((column) => [column.label, column.report.activeClients, column.report.newClients]),
    ).toEqual([
      ['2026-01', 1, 1],
      ['2026-02', 1, 0],
      ['2026-03', 0, 0],
    ]);
    expect(split.total).toMatchObject({ activeClients: 1, purchases: 2, revenue: 200_000, newClients: 1 });
  });
});

describe('repeat purchase', () => {
  it('counts every purchase up to the period end, won deals included', async () => {
    const seeder = seed();
    const visitAndDeal = seeder.client({ name: 'Visit and deal' });
    seeder.visit(visitAndDeal, '2025-01-01', 100_000);
    seeder.deal(visitAndDeal, { amount: null, stages: [['won', '2026-10-31']] });
    const later = seeder.client({ name: 'Second purchase later' });
    seeder.visit(later, '2026-10-01', 100_000).visit(later, '2026-11-01', 100_000);
    const { store } = seeder;
    // Up to Oct 31: the first has 2 purchases, the second 1.
    expect(repeatJson(await app.repeat(store, OCTOBER))).toMatchObject({
      buyers: 2,
      repeat_buyers: 1,
      repeat_rate: 0.5,
    });
    // Up to Nov 30 both have 2.
    expect(repeatJson(await app.repeat(store, parsePeriod('2026-11')))).toMatchObject({ buyers: 2, repeat_rate: 1 });
    // Up to Sep 30: one buyer with one purchase.
    expect(repeatJson(await app.repeat(store, parsePeriod('2026-09')))).toMatchObject({ buyers: 1, repeat_buyers: 0 });
  });

  it('writes rates with 4 decimals', async () => {
    const seeder = seed();
    for (let i = 0; i < 3; i++) seeder.visit(seeder.client({ name: `C${i}` }), '2026-10-01', 100);
    seeder.visit(1, '2026-10-02', 100);
    expect(repeatJson(await app.repeat(seeder.store, OCTOBER)).repeat_rate).toBe(0.3333);
  });
});

describe('churn', () => {
  /**
   * Period October 2026, W = 90: alive at start = a purchase in [Jul 3, Sep 30]; alive at the end = a purchase in
   * [Aug 3, Oct 31].
   */
  it('finds clients alive at the start, churned and reactivated, and the revenue churn', async () => {
    const seeder = seed();
    const stays = seeder.client({ name: 'Stays' });
    seeder.visit(stays, '2026-07-03', 100_000).visit(stays, '2026-10-31', 100_000);
    const churns = seeder.client({ name: 'Churns' });
    seeder.visit(churns, '2026-08-02', 300_000);
    const justInTime = seeder.client({ name: 'Alive on the last day' });
    seeder.visit(justInTime, '2026-08-03', 200_000);
    const tooEarly = seeder.client({ name: 'Outside the window' });
    seeder.visit(tooEarly, '2026-07-02', 900_000);
    const back = seeder.client({ name: 'Back after years' });
    seeder.visit(back, '2019-05-01', 100_000).visit(back, '2026-10-15', 100_000);
    // First purchase on the period's first day: not alive the day before, so neither at start nor reactivated.
    const brandNew = seeder.client({ name: 'New' });
    seeder.visit(brandNew, '2026-10-01', 100_000);
    const { store } = seeder;
    const report = await app.churn(store, OCTOBER);
    // At start: Stays (Jul 3), Churns (Aug 2), Alive on the last day (Aug 3); not Outside the window (Jul 2).
    // Churned: Churns (Aug 2 < Aug 3). Reactivated: Back after years; Outside the window did not buy in October.
    // Revenue churn: 3000 / (1000 + 3000 + 2000) = 0.5.
    expect(churnJson(report)).toEqual({
      period: { from: '2026-10-01', to: '2026-10-31' },
      window_days: 90,
      at_start: 3,
      churned: 1,
      churn_rate: 0.3333,
      reactivated: 1,
      revenue_churn: 0.5,
    });
    expect((await app.explain(store, 'churned', OCTOBER)).items.map((item) => item.name)).toEqual(['Churns']);
    expect((await app.explain(store, 'reactivated', OCTOBER)).items).toEqual([
      {
        client_id: back,
        name: 'Back after years',
        previous_purchase: '2019-05-01',
        first_purchase_in_period: '2026-10-15',
        purchases_in_period: 1,
        revenue_in_period: 1000,
      },
    ]);
  });

  it('takes its window from --window', async () => {
    const seeder = seed();
    const client = seeder.client({ name: 'C' });
    seeder.visit(client, '2026-09-15', 100_000);
    // W = 30: alive on Sep 30 ([Sep 1, Sep 30]), not on Oct 31 ([Oct 2, Oct 31]): churned.
    expect(await app.churn(seeder.store, OCTOBER, 30)).toMatchObject({ windowDays: 30, atStart: 1, churned: 1 });
    // W = 60: alive on Oct 31 ([Sep 2, Oct 31]).
    expect(await app.churn(seeder.store, OCTOBER, 60)).toMatchObject({ atStart: 1, churned: 0 });
  });

  it('counts a won deal in the window like a visit', async () => {
    const seeder = seed();
    const client = seeder.client({ name: 'C' });
    seeder.deal(client, { amount: 100_000, stages: [['won', '2026-09-01']] });
    expect(await app.churn(seeder.store, OCTOBER)).toMatchObject({ atStart: 1, churned: 0 });
  });

  it('crosses leap day: window counts February 29', async () => {
    const seeder = seed();
    const inside = seeder.client({ name: 'Jan 31' });
    seeder.visit(inside, '2024-01-31', 100_000);
    const leap = seeder.client({ name: 'Feb 29' });
    seeder.visit(leap, '2024-02-29', 100_000);
    const outside = seeder.client({ name: 'Jan 30' });
    seeder.visit(outside, '2024-01-30', 100_000);
    // March 2024, W = 30: alive at start = [Jan 31, Feb 29] (29 days of February); at the end = [Mar 2, Mar 31].
    const report = await app.churn(seeder.store, parsePeriod('2024-03'), 30);
    expect(report).toMatchObject({ atStart: 2, churned: 2, reactivated: 0 });
  });
});

describe('leap day', () => {
  it('February 2024 includes visits on the 29th', async () => {
    const seeder = seed();
    const client = seeder.client({ name: 'Leap' });
    seeder.visit(client, '2024-02-29', 100_000).visit(client, '2024-03-01', 100_000);
    expect(await app.arpu(seeder.store, parsePeriod('2024-02'))).toMatchObject({ purchases: 1, revenue: 100_000 });
    expect(await app.repeat(seeder.store, parsePeriod('2024-02'))).toMatchObject({ buyers: 1, repeatBuyers: 0 });
    // Due on 2024-03-05: purchase days Feb 29 and Mar 1 (gap 1) expect the next visit on Mar 2.
    const due = await app.due(seeder.store, { today: '2024-03-05', withinDays: 0, windowDays: 90 });
    expect(due.entries.map((entry) => [entry.expected, entry.daysOverdue])).toEqual([['2024-03-02', 3]]);
  });
});

describe('funnel', () => {
  it('counts each deal at the furthest stage it has reached, with conversion, cycle and reasons', async () => {
    const seeder = seed();
    const client = seeder.client({ name: 'C' });
    const deal = (
      stages: Parameters<Seeder['deal']>[1]['stages'],
      extra: Partial<Parameters<Seeder['deal']>[1]> = {},
    ) => seeder.deal(client, { stages, ...extra });
    // Lost before qualifying: leads and lost, not qualified. Reason on the stage row.
    deal([
      ['lead', '2026-03-02'],
      ['lost', '2026-03-03', 'Дорого'],
    ]);
    // Lost after qualifying: qualified and lost. No reason on the row: the deal's own reason.
    deal(
      [
        ['lead', '2026-03-04'],
        ['qualified', '2026-03-05'],
        ['lost', '2026-03-10'],
      ],
      { reason: 'Ушёл к конкурентам' },
    );
    // Lost with no reason anywhere: (none).
    deal([
      ['lead', '2026-03-06'],
      ['qualified', '2026-03-07'],
      ['deal', '2026-03-08'],
      ['lost', '2026-03-09'],
    ]);
    // Created in March, won in April: won in March's funnel, cycle 31 days.
    deal([
      ['lead', '2026-03-10'],
      ['qualified', '2026-03-11'],
      ['deal', '2026-03-20'],
      ['won', '2026-04-10'],
    ]);
    // Imported as won with no qualified or deal date: reached both. Cycle 4 days.
    deal([
      ['lead', '2026-03-12'],
      ['won', '2026-03-16'],
    ]);
    // Junk, and an open lead.
    deal([['junk', '2026-03-13']]);
    deal([['lead', '2026-03-31']]);
    // Created in February or April: not in March's funnel.
    deal([
      ['lead', '2026-02-28'],
      ['won', '2026-03-02'],
    ]);
    deal([['lead', '2026-04-01']]);
    const report = funnelJson(await app.funnel(seeder.store, parsePeriod('2026-03')));
    // Leads 7; qualified 4 (lost after qualifying, lost at deal, won, imported won); deal 3; won 2; lost 3.
    expect(report).toEqual({
      period: { from: '2026-03-01', to: '2026-03-31' },
      leads: 7,
      junk: 1,
      qualified: 4,
      deal: 3,
      won: 2,
      lost: 3,
      open: 1,
      conversion: { qualified: 0.5714, deal: 0.75, won: 0.6667, overall: 0.2857 },
      cycle_days: { median: 17.5, mean: 17.5 },
      lost_reasons: [
        { reason: 'Дорого', count: 1 },
        { reason: 'Ушёл к конкурентам', count: 1 },
        { reason: '(none)', count: 1 },
      ],
    });
    expect(
      (await app.explain(seeder.store, 'qualified', parsePeriod('2026-03'))).items.map((item) => [
        item.created,
        item.stage,
      ]),
    ).toEqual([
      ['2026-03-04', 'lost'],
      ['2026-03-06', 'lost'],
      ['2026-03-10', 'won'],
      ['2026-03-12', 'won'],
    ]);
  });

  it('breaks down by the deal source; deals without one form (none)', async () => {
    const seeder = seed();
    const client = seeder.client({ name: 'C', source: 'Instagram' });
    seeder.deal(client, { source: 'Сайт', stages: [['won', '2026-10-02']] });
    seeder.deal(client, { source: 'Сайт', stages: [['lead', '2026-10-03']] });
    seeder.deal(client, { stages: [['lead', '2026-10-04']] });
    const report = funnelJson(await app.funnel(seeder.store, OCTOBER, 'source'));
    expect(report.groups?.map((group) => [group.key, group.leads, group.won, group.conversion.overall])).toEqual([
      ['Сайт', 2, 1, 0.5],
      ['(none)', 1, 0, 0],
    ]);
    expect(report.leads).toBe(3);
  });

  it('gives cycle days null and 0 rates without won deals', async () => {
    const seeder = seed();
    seeder.deal(seeder.client({ name: 'C' }), { stages: [['lead', '2026-10-02']] });
    expect(funnelJson(await app.funnel(seeder.store, OCTOBER))).toMatchObject({
      leads: 1,
      open: 1,
      conversion: { qualified: 0, deal: 0, won: 0, overall: 0 },
      cycle_days: { median: null, mean: null },
    });
  });
});

describe('NPS', () => {
  it('counts only each client’s latest answer in the period', async () => {
    const seeder = seed();
    const changed = seeder.client({ name: 'Changed their mind' });
    seeder.nps(changed, '2026-10-02', 3).nps(changed, '2026-10-20', 9);
    const sameDay = seeder.client({ name: 'Twice the same day' });
    seeder.nps(sameDay, '2026-10-05', 10).nps(sameDay, '2026-10-05', 7);
    const later = seeder.client({ name: 'Answered again in November' });
    seeder.nps(later, '2026-10-31', 6).nps(later, '2026-11-01', 10);
    const before = seeder.client({ name: 'Only before' });
    seeder.nps(before, '2026-09-30', 0);
    // Promoter 9, passive 7 (the later row of the same day), detractor 6: NPS 0.
    expect(npsJson(await app.nps(seeder.store, OCTOBER))).toEqual({
      period: { from: '2026-10-01', to: '2026-10-31' },
      responses: 3,
      promoters: 1,
      passives: 1,
      detractors: 1,
      nps: 0,
    });
    expect((await app.explain(seeder.store, 'detractors', OCTOBER)).items).toEqual([
      { client_id: later, name: 'Answered again in November', date: '2026-10-31', score: 6 },
    ]);
  });

  it('rounds halves away from zero', async () => {
    const answers = async (promoters: number, passives: number, detractors: number) => {
      const seeder = seed();
      let n = 0;
      for (const [count, score] of [
        [promoters, 10],
        [passives, 8],
        [detractors, 0],
      ] as const) {
        for (let i = 0; i < count; i++) seeder.nps(seeder.client({ name: `C${n++}` }), '2026-10-01', score);
      }
      return (await app.nps(seeder.store, OCTOBER)).nps;
    };
    // 100 × 1/8 = 12.5 → 13; 100 × −1/8 = −12.5 → −13; 100 × 2/3 = 66.7 → 67; 100 × −1/3 → −33.
    expect(await answers(1, 7, 0)).toBe(13);
    expect(await answers(0, 7, 1)).toBe(-13);
    expect(await answers(2, 1, 0)).toBe(67);
    expect(await answers(0, 2, 1)).toBe(-33);
    expect(await answers(0, 0, 2)).toBe(-100);
  });
});

describe('cohorts', () => {
  it('groups clients by the month of their first purchase ever and follows them month by month', async () => {
    const seeder = seed();
    const jan = [seeder.client({ name: 'Jan 1' }), seeder.client({ name: 'Jan 2' })];
    seeder.visit(jan[0]!, '2026-01-05', 100).visit(jan[0]!, '2026-03-05', 100);
    seeder.visit(jan[1]!, '2026-01-31', 100).visit(jan[1]!, '2026-02-01', 100).visit(jan[1]!, '2026-03-02', 100);
    const feb = seeder.client({ name: 'Feb' });
    seeder.deal(feb, { amount: 100, stages: [['won', '2026-02-14']] });
    seeder.visit(feb, '2026-02-20', 0);
    const old = seeder.client({ name: 'Bought in 2025' });
    seeder.visit(old, '2025-12-31', 100).visit(old, '2026-01-10', 100);
    const freeFirst = seeder.client({ name: 'Free visit first' });
    seeder.visit(freeFirst, '2026-01-03', 0).visit(freeFirst, '2026-02-03', 100);
    const report = cohortsJson(await app.cohorts(seeder.store, parsePeriod('2026Q1')));
    // Jan: 2 clients; Feb: Jan 2 only; Mar: both. Feb: the deal client and the one whose January visit was free.
    expect(report.cohorts).toEqual([
      { cohort: '2026-01', clients: 2, active: [2, 1, 2], share: [1, 0.5, 1] },
      { cohort: '2026-02', clients: 2, active: [2, 0], share: [1, 0] },
    ]);
  });
});

describe('RFM', () => {
  it('scores by quintiles of clients and maps (R, F) to segments', async () => {
    const seeder = seed();
    // Client Ci (i = 1..10) buys i times, the last time i days before Oct 31, each purchase 100 × i: M = 100 × i².
    for (let i = 1; i <= 10; i++) {
      const client = seeder.client({ name: `C${String(i).padStart(2, '0')}` });
      for (let n = 0; n < i; n++) seeder.visit(client, `2026-10-${String(31 - i - n).padStart(2, '0')}`, 100 * i);
    }
    // C11: 10 purchases of 100, Sep 21..30: last 31 days before, F ties with C10, M = 1000.
    const c11 = seeder.client({ name: 'C11' });
    for (let n = 0; n < 10; n++) seeder.visit(c11, `2026-09-${String(30 - n).padStart(2, '0')}`, 100);
    const report = await app.rfm(seeder.store, OCTOBER, true);
    const scores = Object.fromEntries((report.clients ?? []).map((c) => [c.name, [c.r, c.f, c.m, c.segment]]));
    // N = 11; score = 1 + ⌊5 × worse / 11⌋. R: worse = clients who bought longer ago = 11 − i (C11: 0).
    // F: worse = clients with fewer purchases = i − 1 (C11: 9, like C10). M: C11's 1000 sits between C03 and C04.
    expect(scores).toEqual({
      C01: [5, 1, 1, 'new'],
      C02: [5, 1, 1, 'new'],
      C03: [4, 1, 1, 'potential'],
      C04: [4, 2, 2, 'potential'],
      C05: [3, 2, 3, 'hibernating'],
      C06: [3, 3, 3, 'loyal'],
      C07: [2, 3, 4, 'at_risk'],
      C08: [2, 4, 4, 'at_risk'],
      C09: [1, 4, 5, 'at_risk'],
      C10: [1, 5, 5, 'at_risk'],
      C11: [1, 5, 2, 'at_risk'],
    });
    expect(report.clients?.find((c) => c.name === 'C11')).toMatchObject({
      recencyDays: 31,
      frequency: 10,
      monetary: 1000,
    });
    // Segment counts come from SQL cells; they agree with the per-client list.
    expect(rfmJson(report).segments).toEqual([
      { segment: 'champions', clients: 0, revenue: 0 },
      { segment: 'loyal', clients: 1, revenue: 36 },
      { segment: 'potential', clients: 2, revenue: 25 },
      { segment: 'new', clients: 2, revenue: 5 },
      { segment: 'at_risk', clients: 5, revenue: 304 },
      { segment: 'hibernating', clients: 1, revenue: 25 },
      { segment: 'lost', clients: 0, revenue: 0 },
    ]);
  });

  it('gives equal values the same score, whatever order the rows come in', async () => {
    const seeder = seed();
    // Frequencies 1, 1, 1, 1, 2: the four single buyers have no one worse (score 1); the other has 4 (score 5).
    for (let i = 1; i <= 4; i++) seeder.visit(seeder.client({ name: `Once ${i}` }), '2026-10-10', 100);
    const twice = seeder.client({ name: 'Twice' });
    seeder.visit(twice, '2026-10-01', 100).visit(twice, '2026-10-10', 100);
    const report = await app.rfm(seeder.store, OCTOBER, true);
    expect(report.clients?.map((c) => [c.name, c.r, c.f])).toEqual([
      ['Twice', 1, 5],
      ['Once 1', 1, 1],
      ['Once 2', 1, 1],
      ['Once 3', 1, 1],
      ['Once 4', 1, 1],
    ]);
  });
});

describe('due', () => {
  it('lists clients by expected visit, skips the churned, and lists recent detractors', async () => {
    const seeder = seed();
    seeder.setting('due-default-days', '20');
    // Purchase days up to today Oct 10, Oct 20, Nov 9 (the Oct 30 visit is free, Nov 30 is after today): gaps 10
    // and 20, median 15: expected Nov 24, 2 days left. Counting Nov 30 would put it on Dec 20, not due.
    const later = seeder.client({ name: 'Later', phone: '+79120000001' });
    seeder
      .visit(later, '2026-10-10', 100, 'Стрижка')
      .visit(later, '2026-10-20', 100)
      .visit(later, '2026-10-30', 0)
      .visit(later, '2026-11-09', 100)
      .visit(later, '2026-11-30', 100);
    // Gaps 9, 10 → median 9.5 → 10: expected Nov 19 + 10 = Nov 29 = today + 7: due, 7 days left.
    const edge = seeder.client({ name: 'Edge', rawPhone: '8 (912) 000' });
    seeder
      .visit(edge, '2026-10-31', 100, 'Маникюр')
      .visit(edge, '2026-11-09', 100, 'Стрижка')
      .visit(edge, '2026-11-19', 100, 'Маникюр');
    // One purchase: the configured 20 days: Oct 1 + 20 = Oct 21, 32 days overdue. Alive: Oct 1 ≥ Aug 25.
    const single = seeder.client({ name: 'Single' });
    seeder.visit(single, '2026-10-01', 100);
    // Last purchase Aug 24: outside the 90-day window ending Nov 22, churned, not listed.
    const churned = seeder.client({ name: 'Churned' });
    seeder.visit(churned, '2026-08-14', 100).visit(churned, '2026-08-24', 100);
    // Detractor of Oct 26 (in [Oct 24, Nov 22]) not due yet (Nov 20 + 20 days = Dec 10): listed as a detractor.
    const unhappy = seeder.client({ name: 'Unhappy' });
    seeder.visit(unhappy, '2026-11-20', 100).nps(unhappy, '2026-10-26', 4);
    // A detractor who answered 9 later; and one 31 days ago: neither listed.
    const recovered = seeder.client({ name: 'Recovered' });
    seeder.nps(recovered, '2026-11-01', 2).nps(recovered, '2026-11-02', 9);
    const old = seeder.client({ name: 'Old complaint' });
    seeder.nps(old, '2026-10-23', 0);
    const report = await app.due(seeder.store, { today: '2026-11-22', withinDays: 7, windowDays: 90 });
    expect(
      report.entries.map((e) => [e.name, e.phone, e.lastVisit, e.expected, e.daysOverdue, e.usualService, e.reason]),
    ).toEqual([
      ['Single', null, '2026-10-01', '2026-10-21', 32, null, 'due'],
      ['Later', '+79120000001', '2026-11-09', '2026-11-24', -2, 'Стрижка', 'due'],
      ['Edge', '8 (912) 000', '2026-11-19', '2026-11-29', -7, 'Маникюр', 'due'],
      ['Unhappy', null, '2026-11-20', '2026-12-10', -18, null, 'detractor'],
    ]);
    expect(report.options.defaultGapDays).toBe(20);
    expect(report.entries.find((e) => e.name === 'Unhappy')).toMatchObject({ npsScore: 4, npsDate: '2026-10-26' });
  });

  it('uses 30 days for a single purchase when nothing is configured', async () => {
    const seeder = seed();
    seeder.visit(seeder.client({ name: 'One' }), '2026-11-01', 100);
    const report = await app.due(seeder.store, { today: '2026-11-22', withinDays: 9, windowDays: 90 });
    expect(report.entries.map((e) => [e.expected, e.daysOverdue])).toEqual([['2026-12-01', -9]]);
    expect((await app.due(seeder.store, { today: '2026-11-22', withinDays: 8, windowDays: 90 })).entries).toEqual([]);
  });
});
