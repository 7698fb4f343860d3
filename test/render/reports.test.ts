import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en/index.js';
import { bar, sparkline } from '../../src/render/charts.js';
import { numberFormats } from '../../src/render/money.js';
import { render } from '../../src/render/render.js';
import { arpuView, funnelView, monthlyView, PLAIN_VIEW, type ReportView } from '../../src/render/reports.js';
import { arpuReport } from '../../src/reports/arpu.js';
import { funnelReport } from '../../src/reports/funnel.js';
import { npsReport } from '../../src/reports/nps.js';
import { parsePeriod } from '../../src/reports/period.js';
import { ROOT } from '../helpers.js';

/** Intl writes no-break and narrow no-break spaces; compare with plain ones. */
const spaces = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

const DEFINITIONS = en.reports.definitions;

describe('charts', () => {
  it('draws a sparkline from 0 to the largest value', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([0, 0, 0])).toBe('▁▁▁');
    expect(sparkline([])).toBe('');
    expect(sparkline([100, 50])).toBe('█▅');
  });

  it('draws bars to an eighth of a character', () => {
    expect(bar(10, 10, 4)).toBe('████');
    expect(bar(5, 10, 4)).toBe('██');
    expect(bar(1, 16, 2)).toBe('▏');
    expect(bar(7, 8, 1)).toBe('▉');
    expect(bar(1, 8, 1)).toBe('▏');
    expect(bar(0, 10)).toBe('');
    expect(bar(3, 0)).toBe('');
  });
});

describe('number formats', () => {
  it('writes money, percentages and counts in the configured locale and currency', () => {
    const ru = numberFormats({ locale: 'ru-RU', currency: 'RUB' });
    expect(spaces(ru.money(1_650_050))).toBe('16 500,50 ₽');
    expect(spaces(ru.money(0))).toBe('0,00 ₽');
    expect(spaces(ru.percent(2 / 3))).toBe('66,7 %');
    expect(spaces(ru.number(1000))).toBe('1 000');
    expect(spaces(ru.number(17.5, 1))).toBe('17,5');
    expect(spaces(ru.signedPercent(0.25))).toBe('+25,0 %');
    const us = numberFormats({ locale: 'en-US', currency: 'USD' });
    expect(us.money(1_650_050)).toBe('$16,500.50');
    expect(us.percent(0.5)).toBe('50.0%');
    // Half a cent rounds away from zero, as JSON's cents do.
    expect(us.money(100_000.5)).toBe('$1,000.01');
  });
});

describe('report views', () => {
  const october = parsePeriod('2026-10');
  const empty = arpuReport(october, []);

  it('shows an undefined rate as — in a table and 0 in JSON and CSV, with the definitions under the table', () => {
    const table = render(arpuView(empty, PLAIN_VIEW), 'table');
    expect(table).toMatch(/^ARPU, ₽\s+—$/m);
    expect(table).toContain(DEFINITIONS.arpu);
    expect(table).toContain(DEFINITIONS.undefinedRate);
    const csv = render(arpuView(empty, { ...PLAIN_VIEW, format: 'csv' }), 'csv');
    expect(csv).toContain('arpu,0\n');
    expect(JSON.parse(render(arpuView(empty, PLAIN_VIEW), 'json'))).toMatchObject({ arpu: 0, average_check: 0 });
  });

  it('draws funnel bars in table mode only', () => {
    const report = funnelReport(october, [
      {
        id: 1,
        clientId: 1,
        title: 't',
        source: null,
        stage: 'won',
        created: '2026-10-01',
        amount: null,
        qualified: null,
        deal: null,
        won: '2026-10-02',
        lost: null,
        junk: null,
        lostReason: null,
      },
    ]);
    const view = (format: ReportView['format']): ReportView => ({ ...PLAIN_VIEW, format });
    expect(render(funnelView(report, view('table')), 'table')).toContain('█');
    for (const format of ['md', 'csv', 'json'] as const) {
      expect(render(funnelView(report, view(format)), format)).not.toMatch(/[█▏▎▍▌▋▊▉▁▂▃▄▅▆▇]/);
    }
  });

  it('emphasises titles only when given a way to (colour on)', () => {
    const bold = (text: string) => `\u001b[1m${text}\u001b[22m`;
    expect(render(arpuView(empty, PLAIN_VIEW), 'table')).not.toMatch(/\u001b\[/);
    expect(render(arpuView(empty, { ...PLAIN_VIEW, emphasis: bold }), 'table')).toMatch(/^\u001b\[1mARPU/);
    expect(render(arpuView(empty, { ...PLAIN_VIEW, format: 'md', emphasis: bold }), 'md')).not.toMatch(/\u001b\[/);
  });

  it('keeps every printed definition in docs/METRICS.md word for word', () => {
    const metrics = readFileSync(join(ROOT, 'docs', 'METRICS.md'), 'utf8');
    for (const [key, line] of Object.entries(DEFINITIONS)) expect(metrics, key).toContain(line);
  });

  it('has the monthly table name each section in its header row', () => {
    const month = {
      period: october,
      arpu: empty,
      repeat: { period: october, buyers: 0, repeatBuyers: 0, repeatRate: null },
      churn: {
        period: october,
        windowDays: 90,
        atStart: 0,
        churned: 0,
        churnRate: null,
        reactivated: 0,
        revenueChurn: null,
      },
      funnel: funnelReport(october, []),
      nps: npsReport(october, []),
    };
    const report = {
      current: month,
      previousMonth: { ...month, period: parsePeriod('2026-09') },
      sameMonthLastYear: { ...month, period: parsePeriod('2025-10') },
      history: [{ month: '2026-10', revenue: 0, activeClients: 0, newClients: 0, purchases: 0 }],
    };
    const table = spaces(render(monthlyView(report, PLAIN_VIEW), 'table'));
    // Nothing but zeros: the first section stays, the others are named under the report.
    expect(table).toMatch(/^ARPU {2,}2026-10 {2}2026-09 {2}vs month {2}2025-10 {2}vs year {2}12 months$/m);
    expect(table).toContain(
      'Not shown, no figures in these months: Repeat purchase, Churn, 90-day window, Funnel, NPS',
    );
    const withFigures = {
      ...report,
      current: { ...month, nps: { ...month.nps, responses: 1, promoters: 1, nps: 100 } },
    };
    const both = spaces(render(monthlyView(withFigures, PLAIN_VIEW), 'table'));
    expect(both).toMatch(/^NPS {2,}2026-10 {2}2026-09 {2}vs month {2}2025-10 {2}vs year$/m);
    expect(both).not.toMatch(/^ARPU {2,}/m);
    expect(both).toContain(
      'Not shown, no figures in these months: ARPU, Repeat purchase, Churn, 90-day window, Funnel',
    );
    expect(table).toMatch(/^revenue, ₽ {2,}0,00 .* ▁$/m);
    expect(table).toContain('12 months: 2026-10 – 2026-10, a character a month');
    const md = render(monthlyView(report, { ...PLAIN_VIEW, format: 'md' }), 'md');
    expect(md).toContain('| month | revenue, ₽, last 12 months |');
    expect(md).not.toContain('▁');
  });
});
