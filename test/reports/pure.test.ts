import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayNumber } from '../../src/domain/calendar.js';
import { arpuGroups } from '../../src/reports/arpu.js';
import { churnDates, churnFlags, churnRoles } from '../../src/reports/churn.js';
import { cohortsReport } from '../../src/reports/cohorts.js';
import { expectedNextVisit, isAlive, planDue, planDueFromRhythms } from '../../src/reports/due.js';
import { type DealFacts, dealOutcome } from '../../src/reports/funnel.js';
import { npsCategory } from '../../src/reports/nps.js';
import { majorUnits, mean, median, rateValue, ratio, roundHalfAwayFromZero } from '../../src/reports/numbers.js';
import { parsePeriod } from '../../src/reports/period.js';
import { quintileScore, SEGMENTS, segmentOf } from '../../src/reports/rfm.js';

describe('numbers', () => {
  it('divides by zero to null and rounds halves away from zero', () => {
    expect(ratio(1, 0)).toBeNull();
    expect(ratio(0, 0)).toBeNull();
    expect(ratio(1, 4)).toBe(0.25);
    expect(roundHalfAwayFromZero(2.5)).toBe(3);
    expect(roundHalfAwayFromZero(-2.5)).toBe(-3);
    expect(roundHalfAwayFromZero(-0.4)).toBe(0);
    expect(Object.is(roundHalfAwayFromZero(-0.4), -0)).toBe(false);
    expect(rateValue(null)).toBe(0);
    expect(rateValue(2 / 3)).toBe(0.6667);
    expect(rateValue(1 / 8)).toBe(0.125);
    expect(majorUnits(150_050)).toBe(1500.5);
    expect(majorUnits(100_000.5)).toBe(1000.01);
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(mean([1, 2])).toBe(1.5);
    expect(mean([])).toBeNull();
  });
});

describe('RFM rules', () => {
  it('maps every (R, F) pair to exactly the documented segment', () => {
    // Rows R = 5..1, columns F = 1..5, as the table in docs/METRICS.md.
    const grid = [
      ['new', 'potential', 'loyal', 'champions', 'champions'],
      ['potential', 'potential', 'loyal', 'champions', 'champions'],
      ['hibernating', 'hibernating', 'loyal', 'loyal', 'loyal'],
      ['hibernating', 'hibernating', 'at_risk', 'at_risk', 'at_risk'],
      ['lost', 'lost', 'at_risk', 'at_risk', 'at_risk'],
    ];
    grid.forEach((row, i) => {
      row.forEach((segment, j) => {
        expect(segmentOf(5 - i, j + 1), `R${5 - i} F${j + 1}`).toBe(segment);
      });
    });
    expect(new Set(grid.flat())).toEqual(new Set(SEGMENTS));
  });

  it('scores 1 + ⌊5 × worse / clients⌋', () => {
    expect([0, 1, 2, 3, 4].map((worse) => quintileScore(worse, 5))).toEqual([1, 2, 3, 4, 5]);
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((worse) => quintileScore(worse, 10))).toEqual([
      1, 1, 2, 2, 3, 3, 4, 4, 5, 5,
    ]);
    expect(quintileScore(0, 1)).toBe(1);
  });
});

describe('due rules', () => {
  it('expects the next visit one median gap after the last purchase day', () => {
    expect(expectedNextVisit([], 30)).toBeNull();
    expect(expectedNextVisit(['2026-11-01'], 30)).toBe('2026-12-01');
    expect(expectedNextVisit(['2026-10-01', '2026-10-11', '2026-11-10'], 30)).toBe('2026-11-30');
    // Gaps 3 and 4: median 3.5 rounds to 4.
    expect(expectedNextVisit(['2026-10-01', '2026-10-04', '2026-10-08'], 30)).toBe('2026-10-12');
    expect(expectedNextVisit(['2024-02-28', '2024-02-29'], 30)).toBe('2024-03-01');
  });

  it('keeps a client alive while the last purchase is inside the window ending today', () => {
    const options = { today: '2026-11-22', withinDays: 7, windowDays: 90, defaultGapDays: 30 };
    expect(isAlive('2026-08-25', options)).toBe(true);
    expect(isAlive('2026-08-24', options)).toBe(false);
  });

  it('puts due clients first, soonest first, then detractors, latest first; a detractor is listed once', () => {
    const options = { today: '2026-11-22', withinDays: 7, windowDays: 90, defaultGapDays: 30 };
    const plans = planDue(
      [
        { clientId: 1, days: ['2026-11-01', '2026-11-11', '2026-11-11'] },
        { clientId: 2, days: ['2026-10-20'] },
        { clientId: 3, days: ['2026-11-20'] },
        { clientId: 4, days: ['2026-11-15', '2026-11-20'] },
      ],
      [
        { clientId: 3, date: '2026-11-01', score: 2 },
        { clientId: 4, date: '2026-11-10', score: 6 },
      ],
      options,
    );
    expect(plans.map((plan) => [plan.clientId, plan.reason, plan.expected])).toEqual([
      [2, 'due', '2026-11-19'],
      [1, 'due', '2026-11-21'],
      [4, 'detractor', '2026-11-25'],
      [3, 'detractor', '2026-12-20'],
    ]);
  });
});

describe('due order', () => {
  it('lists the due clients by expected day, then client id, whatever order their rhythms come in', () => {
    const options = { today: '2026-11-22', withinDays: 7, windowDays: 90, defaultGapDays: 30 };
    const rhythm = fc.record({
      clientId: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 2 ** 40 })),
      last: fc.constantFrom('2026-08-25', '2026-09-01', '2026-10-20', '2026-11-21', '1969-12-31'),
      medianGap: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 40 }), fc.constantFrom(2.5, 7.5, 1e7)),
    });
    fc.assert(
      fc.property(fc.uniqueArray(rhythm, { selector: (r) => r.clientId, maxLength: 30 }), (rhythms) => {
        const plans = planDueFromRhythms(rhythms, [], options);
        const order = plans.map((plan) => [dayNumber(plan.expected!), plan.clientId]);
        const sorted = [...order].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
        expect(order).toEqual(sorted);
      }),
    );
  });
});

describe('funnel rules', () => {
  const deal = (facts: Partial<DealFacts>): DealFacts => ({
    id: 1,
    clientId: 1,
    title: 't',
    source: null,
    stage: 'lead',
    created: '2026-03-01',
    amount: null,
    qualified: null,
    deal: null,
    won: null,
    lost: null,
    junk: null,
    lostReason: null,
    ...facts,
  });

  it('reads the furthest stage from stage dates and the current stage', () => {
    expect(dealOutcome(deal({}))).toEqual({ reached: 0, status: 'open', cycleDays: null });
    expect(dealOutcome(deal({ stage: 'deal' }))).toEqual({ reached: 2, status: 'open', cycleDays: null });
    expect(dealOutcome(deal({ stage: 'lost', qualified: '2026-03-02' }))).toMatchObject({ reached: 1, status: 'lost' });
    expect(dealOutcome(deal({ stage: 'won', won: '2026-04-01' }))).toEqual({
      reached: 3,
      status: 'won',
      cycleDays: 31,
    });
    expect(dealOutcome(deal({ stage: 'won' }))).toEqual({ reached: 3, status: 'won', cycleDays: 0 });
    expect(dealOutcome(deal({ stage: 'junk' }))).toMatchObject({ reached: 0, status: 'junk' });
  });
});

describe('other rules', () => {
  it('classifies NPS scores and churn roles', () => {
    expect([0, 6, 7, 8, 9, 10].map(npsCategory)).toEqual([
      'detractor',
      'detractor',
      'passive',
      'passive',
      'promoter',
      'promoter',
    ]);
    const flags = { aliveAtStart: true, aliveAtEnd: false, boughtInPeriod: false, boughtBefore: false };
    expect(churnRoles(flags)).toEqual({ atStart: true, churned: true, reactivated: false });
    expect(churnRoles({ ...flags, aliveAtStart: false, boughtInPeriod: true, boughtBefore: true })).toEqual({
      atStart: false,
      churned: false,
      reactivated: true,
    });
  });

  it('builds the cohort triangle up to the period’s last month', () => {
    const report = cohortsReport(parsePeriod('2026-01-01..2026-03-15'), [
      { cohort: '2026-02', month: '2026-02', clients: 4 },
      { cohort: '2026-02', month: '2026-03', clients: 1 },
      { cohort: '2026-01', month: '2026-01', clients: 2 },
    ]);
    expect(report.width).toBe(3);
    expect(report.cohorts).toEqual([
      { month: '2026-01', clients: 2, active: [2, 0, 0], shares: [1, 0, 0] },
      { month: '2026-02', clients: 4, active: [4, 1], shares: [1, 0.25] },
    ]);
  });

  it('sorts groups by revenue, then key', () => {
    expect(
      arpuGroups([
        { key: 'b', clients: 1, purchases: 1, revenue: 100 },
        { key: null, clients: 2, purchases: 2, revenue: 300 },
        { key: 'a', clients: 1, purchases: 1, revenue: 100 },
        { key: null, isDeal: true, clients: 1, purchases: 1, revenue: 50 },
      ]).map((group) => [group.key, group.arpu]),
    ).toEqual([
      ['(none)', 150],
      ['a', 100],
      ['b', 100],
      ['(deal)', 50],
    ]);
  });
});

describe('churnFlags', () => {
  const october = parsePeriod('2026-10');
  const none = { clientId: 1, lastBefore: null, lastInPeriod: null, boughtBeforeWindow: false, revenueBefore: 0 };

  it('takes alive at the start from the window before the period and alive at the end from the last W days', () => {
    const dates = churnDates(october, 90);
    expect(churnFlags({ ...none, lastBefore: '2026-08-01' }, dates)).toEqual({
      aliveAtStart: true,
      aliveAtEnd: false,
      boughtInPeriod: false,
      boughtBefore: false,
    });
    // With W = 90 the last W days reach back before the period: a purchase in September keeps the client alive.
    expect(churnFlags({ ...none, lastBefore: '2026-09-20' }, dates).aliveAtEnd).toBe(true);
    expect(churnFlags({ ...none, lastBefore: '2026-09-20' }, churnDates(october, 30)).aliveAtEnd).toBe(false);
  });

  it('counts a purchase before the window only for a client that comes back in the period', () => {
    const dates = churnDates(october, 90);
    const back = { ...none, lastInPeriod: '2026-10-05', boughtBeforeWindow: true };
    expect(churnRoles(churnFlags(back, dates)).reactivated).toBe(true);
    expect(churnFlags({ ...back, lastBefore: '2026-09-01' }, dates).boughtBefore).toBe(false);
    expect(churnFlags({ ...back, lastInPeriod: null, lastBefore: '2026-09-01' }, dates).boughtBefore).toBe(false);
  });
});
