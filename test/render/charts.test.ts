import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { bar, barWidth, DEFAULT_BAR_WIDTH, heat, heatLevel, sparkline } from '../../src/render/charts.js';
import { render, renderTerminalTable } from '../../src/render/render.js';
import { cohortsView, funnelView, monthlyView, npsView, type ReportView } from '../../src/render/reports.js';
import { textWidth } from '../../src/render/text-width.js';
import { arpuReport, type BuyerRow } from '../../src/reports/arpu.js';
import { cohortsReport } from '../../src/reports/cohorts.js';
import { type DealFacts, funnelReport } from '../../src/reports/funnel.js';
import type { MonthHistory, MonthReports } from '../../src/reports/monthly.js';
import { npsReport } from '../../src/reports/nps.js';
import { parsePeriod, shiftMonth } from '../../src/reports/period.js';

const ANSI = /\u001b\[[0-9;]*m/g;
const plain = (text: string) => text.replace(ANSI, '');
const BAR_CHARACTERS = /[█▏▎▍▌▋▊▉]+/;

/** The widest line, measured as a terminal shows it (colour codes take no room). */
const widest = (text: string) => Math.max(...plain(text).split('\n').map(textWidth));

const october = parsePeriod('2026-10');

function view(width: number, extra: Partial<ReportView> = {}): ReportView {
  return { format: 'table', style: { locale: 'ru-RU', currency: 'RUB' }, width, ...extra };
}

describe('sparkline', () => {
  it('scales from 0 to the largest value, one character each', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([10, 5, 0])).toBe('█▅▁');
  });

  it('draws nothing for no values, a full block for one, a flat line for zeros or negatives', () => {
    expect(sparkline([])).toBe('');
    expect(sparkline([42])).toBe('█');
    expect(sparkline([0, 0, 0])).toBe('▁▁▁');
    expect(sparkline([-5, -1])).toBe('▁▁');
  });
});

describe('bar', () => {
  it('is `width` long at the maximum and drawn to an eighth below it', () => {
    expect(bar(10, 10, 50)).toBe('█'.repeat(50));
    expect(bar(15, 10, 8)).toBe('█'.repeat(8));
    expect(bar(1, 3, 10)).toBe('███▍');
    expect(bar(1, 80, 10)).toBe('▏');
  });

  it('is empty for zero, a negative value, no maximum or no room', () => {
    expect(bar(0, 10, 10)).toBe('');
    expect(bar(-3, 10, 10)).toBe('');
    expect(bar(3, 0, 10)).toBe('');
    expect(bar(3, 10, 0)).toBe('');
  });
});

describe('barWidth', () => {
  it('fills what the table leaves of the screen, up to 50 columns', () => {
    expect(barWidth(80, 40)).toBe(40);
    expect(barWidth(80, 30)).toBe(50);
    expect(barWidth(100, 30)).toBe(50);
  });

  it('draws no bars when fewer than 8 columns are left, and the default length through a pipe', () => {
    expect(barWidth(80, 73)).toBe(0);
    expect(barWidth(80, 72)).toBe(8);
    expect(barWidth(40, 60)).toBe(0);
    expect(barWidth(Number.POSITIVE_INFINITY, 30)).toBe(DEFAULT_BAR_WIDTH);
  });
});

describe('heat map cells', () => {
  it('takes a level by fifths of the share, 0 for none', () => {
    expect([null, undefined, 0, -0.5, Number.NaN].map(heatLevel)).toEqual([0, 0, 0, 0, 0]);
    expect([0.01, 0.2, 0.21, 0.6, 0.61, 1, 1.5].map(heatLevel)).toEqual([1, 1, 2, 3, 4, 5, 5]);
  });

  it('colours only when given colours at a level above 0, and never changes the text', () => {
    expect(heat('83 %', 0.83)).toBe('83 %');
    expect(heat('83 %', 0.83, new Chalk({ level: 0 }))).toBe('83 %');
    const deep = heat('83 %', 0.83, new Chalk({ level: 2 }));
    expect(deep).toContain('\u001b[48;5;28m');
    expect(plain(deep)).toBe('83 %');
    const basic = heat('83 %', 0.83, new Chalk({ level: 1 }));
    expect(basic).toMatch(/\u001b\[10\dm/);
    expect(basic).not.toContain('48;5');
    expect(plain(basic)).toBe('83 %');
    expect(heat('0 %', 0, new Chalk({ level: 3 }))).toBe('0 %');
  });

  it('is painted after the layout: a painted table has the plain one’s widths', () => {
    const data = {
      columns: [
        { key: 'a', header: 'a' },
        { key: 'b', header: 'share', align: 'right' as const },
      ],
      rows: [
        { a: 'x', b: '100 %' },
        { a: 'yy', b: '5 %' },
      ],
    };
    const painted = renderTerminalTable(
      { ...data, paint: (text, row) => heat(text, row === 0 ? 1 : 0.05, new Chalk({ level: 2 })) },
      { width: 80 },
    );
    expect(painted).toMatch(ANSI);
    expect(plain(painted)).toBe(renderTerminalTable(data, { width: 80 }));
  });
});

/** Twelve cohorts of 10 clients, each keeping fewer each month: a table as wide as cohorts get. */
function yearOfCohorts() {
  const year = { from: '2025-11-01', to: '2026-10-31' };
  const activity = [];
  for (let c = 0; c < 12; c++) {
    const cohort = shiftMonth(parsePeriod('2025-11'), c).from.slice(0, 7);
    for (let m = 0; m < 12 - c; m++) {
      activity.push({ cohort, month: shiftMonth(parsePeriod(cohort), m).from.slice(0, 7), clients: 10 - (m % 10) });
    }
  }
  return cohortsReport(year, activity);
}

describe('the cohorts heat map', () => {
  it.each([80, 100])('fits %i columns, numbers printed, shares as whole percents when precise ones do not', (width) => {
    const text = render(cohortsView(yearOfCohorts(), view(width), false), 'table', { width });
    expect(widest(text)).toBeLessThanOrEqual(width);
    expect(text).toContain('% of the cohort buying');
    expect(text).toMatch(/^2025-11 +10 +100 +90 +80 /m);
  });

  it('keeps precise shares where they fit', () => {
    const text = render(cohortsView(yearOfCohorts(), view(Number.POSITIVE_INFINITY), false), 'table', {
      width: Number.POSITIVE_INFINITY,
    });
    expect(text).toContain('share of the cohort buying');
    expect(text.replace(/\u00a0/g, ' ')).toMatch(/^2025-11 +10 +100,0 % +90,0 %/m);
  });

  it('colours cells only when given colours; the text is the same either way', () => {
    const report = yearOfCohorts();
    const without = render(cohortsView(report, view(100), false), 'table', { width: 100 });
    expect(without).not.toMatch(ANSI);
    const coloured = render(cohortsView(report, view(100, { colours: new Chalk({ level: 2 }) }), false), 'table', {
      width: 100,
    });
    expect(coloured).toMatch(ANSI);
    expect(plain(coloured)).toBe(without);
    const counts = render(cohortsView(report, view(100, { colours: new Chalk({ level: 2 }) }), true), 'table', {
      width: 100,
    });
    expect(plain(counts)).toMatch(/^2025-11 +10 +10 +9 +8 /m);
    expect(counts).toMatch(ANSI);
  });

  it('has no colour in Markdown, CSV or JSON', () => {
    const colours = new Chalk({ level: 3 });
    for (const format of ['md', 'csv', 'json'] as const) {
      const text = render(cohortsView(yearOfCohorts(), { ...view(100, { colours }), format }, false), format);
      expect(text).not.toMatch(ANSI);
    }
  });

  it('shows nothing to colour for no cohorts, and one cohort of one month', () => {
    expect(render(cohortsView(cohortsReport(october, []), view(80), false), 'table', { width: 80 })).toContain(
      '(none)',
    );
    const one = cohortsReport(october, [{ cohort: '2026-10', month: '2026-10', clients: 3 }]);
    const text = render(cohortsView(one, view(80, { colours: new Chalk({ level: 2 }) }), false), 'table', {
      width: 80,
    });
    expect(plain(text).replace(/\u00a0/g, ' ')).toMatch(/^2026-10 +3 +100,0 %$/m);
  });
});

function deal(id: number, stages: Partial<DealFacts>): DealFacts {
  return {
    id,
    clientId: id,
    title: 't',
    source: null,
    stage: 'lead',
    created: '2026-10-01',
    amount: null,
    qualified: null,
    deal: null,
    won: null,
    lost: null,
    junk: null,
    lostReason: null,
    ...stages,
  };
}

const funnel = funnelReport(october, [
  deal(1, { stage: 'won', qualified: '2026-10-02', deal: '2026-10-03', won: '2026-10-09' }),
  deal(2, { stage: 'deal', qualified: '2026-10-02', deal: '2026-10-05' }),
  deal(3, { stage: 'qualified', qualified: '2026-10-02' }),
  deal(4, { stage: 'lost', lost: '2026-10-04', lostReason: 'Выбрали другой салон, потому что ближе к дому' }),
  deal(5, {}),
  deal(6, {}),
]);

/** The bar drawn on the line that starts with `label`. */
function barOf(text: string, label: string): string {
  const line = text.split('\n').find((candidate) => candidate.startsWith(label)) ?? '';
  return BAR_CHARACTERS.exec(line)?.[0] ?? '';
}

describe('funnel and NPS bars', () => {
  it.each([80, 100])('fit %i columns, the longest bar filling what the table leaves, up to 50', (width) => {
    const text = render(funnelView(funnel, view(width)), 'table', { width });
    expect(widest(text)).toBeLessThanOrEqual(width);
    // The rule under the header: the table's columns, then the bars' own.
    const rule = text.split('\n').find((line) => line.startsWith('─'))!;
    const tableWidth = rule.length - rule.split('  ').at(-1)!.length - 2;
    expect(barOf(text, 'leads')).toHaveLength(Math.min(50, width - tableWidth - 2));
    // 3 of 6 leads qualified: half the longest bar.
    expect(textWidth(barOf(text, 'qualified'))).toBe(barOf(text, 'leads').length / 2);
  });

  it('leave the bars out when the screen has no room for them', () => {
    const text = render(funnelView(funnel, view(60)), 'table', { width: 60 });
    expect(text).not.toMatch(BAR_CHARACTERS);
  });

  it('draw the NPS categories against the largest one, and nothing without answers', () => {
    const nps = npsReport(october, [
      { score: 10, clients: 6 },
      { score: 8, clients: 3 },
      { score: 2, clients: 2 },
    ]);
    for (const width of [80, 100]) {
      const text = render(npsView(nps, view(width)), 'table', { width });
      expect(widest(text)).toBeLessThanOrEqual(width);
      expect(barOf(text, 'promoters')).toHaveLength(50);
      expect(textWidth(barOf(text, 'passives'))).toBe(25);
      expect(barOf(text, 'responses')).toBe('');
    }
    const none = render(npsView(npsReport(october, []), view(80)), 'table', { width: 80 });
    expect(none).not.toMatch(BAR_CHARACTERS);
  });
});

/**
 * `clients` buyers of `period` sharing `purchases` and `revenue` (minor units) as evenly as whole numbers go: new
 * (first purchase on the period's first day) or returning (first purchase years before).
 */
function buyers(
  period: { from: string },
  clients: number,
  purchases: number,
  revenue: number,
  isNew: boolean,
  firstId = 1,
): BuyerRow[] {
  if (clients === 0 && (purchases > 0 || revenue > 0)) throw new Error('purchases need a buyer');
  const share = (total: number, i: number) => Math.floor(total / clients) + (i < total % clients ? 1 : 0);
  return Array.from({ length: clients }, (_, i) => ({
    clientId: firstId + i,
    purchases: share(purchases, i),
    revenue: share(revenue, i),
    firstPurchase: isNew ? period.from : '2000-01-01',
  }));
}

/** A month of a salon with six-figure amounts in roubles, the widest the monthly table gets in practice. */
function monthOf(period: { from: string; to: string }, scale: number): MonthReports {
  const arpu = arpuReport(period, [
    ...buyers(period, 3 * scale, 4 * scale, 1_234_500 * scale, true),
    ...buyers(period, 28 * scale, 60 * scale, 11_500_000 * scale, false, 3 * scale + 1),
  ]);
  return {
    period,
    arpu,
    repeat: { period, buyers: 39, repeatBuyers: 38, repeatRate: 38 / 39 },
    churn: { period, windowDays: 90, atStart: 35, churned: 2, churnRate: 2 / 35, reactivated: 1, revenueChurn: 0.02 },
    funnel: funnelReport(period, []),
    nps: npsReport(period, [{ score: 9, clients: scale }]),
  };
}

function history(values: number[]): MonthHistory[] {
  return values.map((value, i) => ({
    month: shiftMonth(october, i - values.length + 1).from.slice(0, 7),
    revenue: value * 100_000,
    activeClients: value,
    newClients: 0,
    purchases: value * 2,
  }));
}

describe('the monthly report’s 12 months', () => {
  const report = {
    current: monthOf(october, 2),
    previousMonth: monthOf(parsePeriod('2026-09'), 1),
    sameMonthLastYear: monthOf(parsePeriod('2025-10'), 1),
    history: history([3, 7, 3, 6, 7, 8, 7, 6, 4, 4, 7, 8]),
  };

  it('are sparklines of revenue and active clients in the ARPU table when it fits', () => {
    const text = render(monthlyView(report, view(100)), 'table', { width: 100 });
    expect(widest(text)).toBeLessThanOrEqual(100);
    expect(text).toMatch(/^ARPU .* vs year {2}12 months$/m);
    expect(text).toMatch(/^revenue, ₽ .* ▄▇▄▆▇█▇▆▅▅▇█$/m);
    expect(text).toMatch(/^active clients .* ▄▇▄▆▇█▇▆▅▅▇█$/m);
    expect(text).not.toMatch(/^purchases .*[▁▂▃▄▅▆▇█]/m);
    expect(text).toContain('12 months: 2025-11 – 2026-10, a character a month');
  });

  it('are a table of their own under the sections when the ARPU table would not fit', () => {
    const text = render(monthlyView(report, view(80)), 'table', { width: 80 });
    expect(widest(text)).toBeLessThanOrEqual(80);
    expect(text).not.toMatch(/^ARPU .*12 months$/m);
    expect(text).toMatch(/^last 12 months {2}2025-11 – 2026-10$/m);
    expect(text).toMatch(/^revenue, ₽ +▄▇▄▆▇█▇▆▅▅▇█$/m);
    expect(text).toMatch(/^active clients +▄▇▄▆▇█▇▆▅▅▇█$/m);
  });

  it('are left out of Markdown, CSV and JSON, and drawn flat for a year without purchases', () => {
    for (const format of ['md', 'csv', 'json'] as const) {
      expect(render(monthlyView(report, { ...view(100), format }), format)).not.toMatch(/[▁▂▃▄▅▆▇█]/);
    }
    const quiet = { ...report, history: history(Array.from({ length: 12 }, () => 0)) };
    expect(render(monthlyView(quiet, view(100)), 'table', { width: 100 })).toMatch(/^revenue, ₽ .* ▁{12}$/m);
  });
});
