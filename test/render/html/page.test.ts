/**
 * The HTML page of a report, rendered from report data: safe to mail (no script, nothing fetched), every chart strict
 * XML with its title and description, the same bytes on every run, and sound on edge data. The golden pages of the
 * CLI are in test/cli/report.test.ts; the Russian page of the salon's year is kept here.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { monthly } from '../../../src/app/reports.js';
import { pageWords } from '../../../src/render/html/words.js';
import { render } from '../../../src/render/render.js';
import {
  arpuView,
  churnView,
  cohortsView,
  funnelView,
  monthlyView,
  npsView,
  type ReportView,
  repeatView,
  rfmView,
} from '../../../src/render/reports.js';
import { type ArpuReport, arpuReport, type BuyerRow } from '../../../src/reports/arpu.js';
import type { ChurnReport } from '../../../src/reports/churn.js';
import { cohortsReport } from '../../../src/reports/cohorts.js';
import { type DealFacts, funnelReport } from '../../../src/reports/funnel.js';
import type { MonthlyPage, MonthlyReport, MonthReports } from '../../../src/reports/monthly.js';
import { npsReport } from '../../../src/reports/nps.js';
import { ratio } from '../../../src/reports/numbers.js';
import { monthsOf, type Period, parsePeriod } from '../../../src/reports/period.js';
import { rfmReport } from '../../../src/reports/rfm.js';
import { ROOT } from '../../helpers.js';
import { Seeder } from '../../reports/seed.js';
import { svgElements } from '../svg/xml.js';
import { expectSafePage, pageProblems } from './page-checks.js';
import { seedSalonYear } from './salon-year.js';

const GOLDEN = join(ROOT, 'test', 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
if (UPDATE && process.env.CI) throw new Error('UPDATE_GOLDEN must not be set in CI: golden files are reviewed by hand');

const VIEW: ReportView = { format: 'html', style: { locale: 'ru-RU', currency: 'RUB' }, dates: 'iso' };
const october = parsePeriod('2026-10');

function page(view: ReportView, build: (view: ReportView) => Parameters<typeof render>[0]): string {
  return render(build(view), 'html', { dates: view.dates ?? 'iso' });
}

function churnOf(period: Period, atStart: number, churned: number): ChurnReport {
  return {
    period,
    windowDays: 90,
    atStart,
    churned,
    churnRate: atStart === 0 ? null : churned / atStart,
    reactivated: 0,
    revenueChurn: atStart === 0 ? null : churned / atStart,
  };
}

interface MonthFigures {
  revenue: number;
  clients: number;
  atStart?: number;
  churned?: number;
  scores?: Array<{ score: number; clients: number }>;
  deals?: DealFacts[];
}

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

/**
 * The ARPU of `clients` buyers with a purchase each, all new or all returning, written out: the pages are drawn for
 * up to a billion clients (a huge value), more than buyer rows can be made for.
 */
function arpuOf(period: Period, clients: number, revenue: number, isNew: boolean): ArpuReport {
  return {
    period,
    revenue,
    activeClients: clients,
    purchases: clients,
    arpu: ratio(revenue, clients),
    averageCheck: ratio(revenue, clients),
    newClients: isNew ? clients : 0,
    returningClients: isNew ? 0 : clients,
  };
}

function monthOf(period: Period, figures: MonthFigures): MonthReports {
  return {
    period,
    arpu: arpuOf(period, figures.clients, figures.revenue, false),
    repeat: { period, buyers: figures.clients, repeatBuyers: 0, repeatRate: figures.clients ? 0 : null },
    churn: churnOf(period, figures.atStart ?? 0, figures.churned ?? 0),
    funnel: funnelReport(period, figures.deals ?? []),
    nps: npsReport(period, figures.scores ?? []),
  };
}

/** A monthly report with its history, each month's figures given by `figures(month, index)`. */
function monthlyData(months: string[], figures: (month: string, i: number) => MonthFigures): MonthlyReport {
  const last = months[months.length - 1] ?? '2026-10';
  const period = parsePeriod(last);
  const current = figures(last, months.length - 1);
  return {
    current: monthOf(period, current),
    previousMonth: monthOf(parsePeriod('2026-09'), { revenue: 0, clients: 0 }),
    sameMonthLastYear: monthOf(parsePeriod('2025-10'), { revenue: 0, clients: 0 }),
    history: months.map((month, i) => {
      const { revenue, clients } = figures(month, i);
      return { month, revenue, activeClients: clients, newClients: clients, purchases: clients };
    }),
    page: {
      months: months.map((month, i) => {
        const { revenue, clients, atStart = 0, churned = 0 } = figures(month, i);
        return {
          month,
          arpu: arpuOf(parsePeriod(month), clients, revenue, true),
          churn: churnOf(parsePeriod(month), atStart, churned),
        };
      }),
      cohorts: cohortsReport(
        { from: `${months[0] ?? last}-01`, to: period.to },
        months.flatMap((month, i) =>
          figures(month, i).clients > 0 ? [{ cohort: month, month, clients: figures(month, i).clients }] : [],
        ),
      ),
      detractorComments: [],
    } satisfies MonthlyPage,
  };
}

const YEAR = monthsOf({ from: '2025-11-01', to: '2026-10-31' });

describe('the monthly page', () => {
  it('draws the year, the funnel, the NPS answers with the detractors, and the cohorts, with the tables', () => {
    const deal = (id: number, won: string | null): DealFacts => ({
      id,
      clientId: id,
      title: 'deal',
      source: null,
      stage: won ? 'won' : 'lead',
      created: '2026-10-02',
      amount: 100,
      qualified: won,
      deal: won,
      won,
      lost: null,
      junk: null,
      lostReason: null,
    });
    const report = monthlyData(YEAR, (_, i) => ({
      revenue: (i + 1) * 1_000_00,
      clients: i + 1,
      atStart: 10,
      churned: i % 3,
      scores: [
        { score: 3, clients: 1 },
        { score: 10, clients: 2 },
      ],
      deals: [deal(1, '2026-10-05'), deal(2, null)],
    }));
    report.page!.detractorComments = [
      {
        clientId: 7,
        name: 'Глеб <Орлов>',
        date: '2026-10-09',
        score: 3,
        improve: 'Ждала 40 минут & "записи"',
        liked: null,
      },
    ];
    const html = page(VIEW, (view) => monthlyView(report, view));
    expectSafePage(html);
    const charts = svgElements(html);
    expect(charts).toHaveLength(6);
    expect(charts.map((svg) => /<title id="[^"]+">([^<]+)<\/title>/.exec(svg)![1])).toEqual([
      'Revenue by month',
      'Active clients by month',
      'Churn rate by month',
      'Deals by stage reached',
      'Answers by score',
      'Share of each cohort buying in the months after its first purchase',
    ]);
    // The description says the data in words: the highest and lowest month.
    expect(charts[0]).toContain(
      'Revenue by month, November 2025 to October 2026: highest 12\u00a0000\u00a0₽ in October 2026, lowest 1\u00a0000\u00a0₽ in November 2025',
    );
    expect(html).toContain('<p class="who">Глеб &lt;Орлов&gt; · 2026-10-09 · score 3</p>');
    expect(html).toContain('<p>to improve: Ждала 40 минут &amp; &quot;записи&quot;</p>');
    // The same figures as the terminal's tables, and their definitions under them.
    expect(html).toContain('<td>revenue, ₽</td><td class="number whole">12\u00a0000,00</td>');
    expect(html).toContain('Revenue = purchases in the period; active clients = clients with one');
  });

  it('lists the detractors who wrote something, at most 30, and counts the rest', () => {
    const report = monthlyData(YEAR, () => ({ revenue: 100_00, clients: 1, scores: [{ score: 2, clients: 33 }] }));
    report.page!.detractorComments = Array.from({ length: 33 }, (_, i) => ({
      clientId: i + 1,
      name: `Клиент ${String(i + 1).padStart(2, '0')}`,
      date: '2026-10-05',
      score: 2,
      improve: i < 31 ? `замечание ${i + 1}` : null,
      liked: null,
    }));
    const html = page(VIEW, (view) => monthlyView(report, view));
    expect(html.match(/<p class="who">/g)).toHaveLength(30);
    expect(html).toContain('<p>to improve: замечание 30</p>');
    expect(html).not.toContain('замечание 31');
    expect(html).toContain(
      '<p class="empty">More with a comment: 1. Without a comment: 2. Every one: crm explain detractors -p 2026-10</p>',
    );
    const none = page(VIEW, (view) =>
      monthlyView(
        monthlyData(YEAR, () => ({ revenue: 100_00, clients: 1, scores: [{ score: 9, clients: 1 }] })),
        view,
      ),
    );
    expect(none).toContain('<p class="empty">No detractors this month.</p>');
  });

  it('renders the same bytes twice', () => {
    const report = monthlyData(YEAR, (_, i) => ({ revenue: i * 123_45, clients: i, atStart: 4, churned: 1 }));
    expect(page(VIEW, (view) => monthlyView(report, view))).toBe(page(VIEW, (view) => monthlyView(report, view)));
  });

  it.each([
    ['no months', monthlyData([], () => ({ revenue: 0, clients: 0 }))],
    ['one month', monthlyData(['2026-10'], () => ({ revenue: 5_000_00, clients: 1 }))],
    ['zero revenue', monthlyData(YEAR, () => ({ revenue: 0, clients: 0 }))],
    ['no NPS answers', monthlyData(YEAR, () => ({ revenue: 100_00, clients: 1, scores: [] }))],
    ['100 % churn', monthlyData(YEAR, () => ({ revenue: 100_00, clients: 1, atStart: 5, churned: 5 }))],
    ['a huge value', monthlyData(YEAR, (_, i) => ({ revenue: i === 5 ? 1e17 : 100_00, clients: 1e9 }))],
  ])('stays sound with %s', (_, report) => {
    const html = page(VIEW, (view) => monthlyView(report, view));
    expectSafePage(html);
    expect(svgElements(html).length).toBeGreaterThanOrEqual(4);
  });

  it('says "No data" and no answers where there are none', () => {
    const html = page(VIEW, (view) =>
      monthlyView(
        monthlyData([], () => ({ revenue: 0, clients: 0 })),
        view,
      ),
    );
    expect(html).toContain('>No data</text>');
    expect(html).toContain('<desc id="chart-1-desc">Revenue by month: no data.</desc>');
    const noAnswers = page(VIEW, (view) =>
      monthlyView(
        monthlyData(YEAR, () => ({ revenue: 100_00, clients: 1, scores: [{ score: 9, clients: 0 }] })),
        view,
      ),
    );
    expect(noAnswers).not.toContain('Answers by score');
  });

  it('heads the page with the business name and the period', () => {
    const report = monthlyData(YEAR, () => ({ revenue: 100_00, clients: 1 }));
    const html = page({ ...VIEW, business: 'Салон «Лада» & Co' }, (view) => monthlyView(report, view));
    expect(html).toContain('<title>Салон «Лада» &amp; Co · Monthly report · 2026-10</title>');
    expect(html).toContain('<p class="business">Салон «Лада» &amp; Co</p>');
    expect(html).toContain(
      '<p class="subtitle">Period: 2026-10-01 – 2026-10-31, compared with September 2026 and October 2025</p>',
    );
    const dotted = page({ ...VIEW, dates: 'dotted' }, (view) => monthlyView(report, view));
    expect(dotted).toContain('Period: 01.10.2026 – 31.10.2026');
    expect(page(VIEW, (view) => monthlyView(report, view))).not.toContain('class="business"');
  });

  it('prints on A4 without cutting a chart or a table across pages', () => {
    const html = page(VIEW, (view) =>
      monthlyView(
        monthlyData(YEAR, () => ({ revenue: 1, clients: 1 })),
        view,
      ),
    );
    expect(html).toContain('@page { size: A4;');
    expect(html).toMatch(/@media print \{[\s\S]*figure, table[^{]*\{ break-inside: avoid;/);
  });
});

describe('the page in Russian', () => {
  it('has every page word in both languages', () => {
    const keys = (value: object): string[] =>
      Object.entries(value).flatMap(([key, inner]) =>
        inner && typeof inner === 'object' && !Array.isArray(inner) ? keys(inner).map((k) => `${key}.${k}`) : [key],
      );
    expect(keys(pageWords('ru'))).toEqual(keys(pageWords('en')));
  });

  it('matches the golden page of the salon year in Russian', async () => {
    const seeder = seedSalonYear(new Seeder());
    const report = await monthly(seeder.store, october, true);
    seeder.close();
    const view: ReportView = { ...VIEW, language: 'ru', dates: 'dotted', business: 'Салон «Лада»' };
    const html = page(view, (v) => monthlyView(report, v));
    expectSafePage(html);
    expect(html).toContain('<html lang="ru">');
    expect(html).toContain('<figcaption>Выручка по месяцам</figcaption>');
    expect(html).toContain('<h3>Что написали критики</h3>');
    expect(html).toMatch(/Ответили 11 клиентов: критиков 3 \(0–6\)/);
    const file = join(GOLDEN, 'monthly-salon-year-ru.html');
    if (UPDATE) writeFileSync(file, html);
    expect(existsSync(file), 'write it with UPDATE_GOLDEN=1 and check it by hand').toBe(true);
    expect(html).toBe(readFileSync(file, 'utf8'));
  });
});

describe('the pages of the other reports', () => {
  const period = october;
  const arpu = arpuReport(period, buyers(period, 2, 3, 4_500_00, true));
  const split = <R>(report: R) => ({
    period,
    grain: 'month' as const,
    columns: [
      { label: '2026-09', report },
      { label: '2026-10', report },
    ],
    total: report,
  });
  const nps = npsReport(period, [
    { score: 2, clients: 1 },
    { score: 8, clients: 2 },
    { score: 10, clients: 4 },
  ]);
  const cases: Array<[string, (view: ReportView) => Parameters<typeof render>[0], string[]]> = [
    ['arpu', (view) => arpuView(arpu, view), []],
    ['arpu by month', (view) => arpuView(split(arpu), view), ['Revenue', 'Active clients']],
    [
      'arpu by source',
      (view) => arpuView({ ...arpu, by: 'source', groups: [{ key: 'Instagram', ...arpu, arpu: 1 }] }, view),
      ['Revenue by group'],
    ],
    [
      'repeat by month',
      (view) => repeatView(split({ period, buyers: 3, repeatBuyers: 1, repeatRate: 1 / 3 }), view),
      ['Repeat rate'],
    ],
    ['churn by month', (view) => churnView(split(churnOf(period, 4, 4)), view), ['Churn rate']],
    ['funnel', (view) => funnelView(funnelReport(period, []), view), ['Deals by stage reached']],
    ['nps', (view) => npsView(nps, view), ['Answers by score']],
    ['nps by month', (view) => npsView(split(nps), view), ['NPS', 'Answers by score']],
    [
      'cohorts',
      (view) =>
        cohortsView(
          cohortsReport(period, [
            { cohort: '2026-09', month: '2026-09', clients: 3 },
            { cohort: '2026-09', month: '2026-10', clients: 1 },
          ]),
          view,
          false,
        ),
      ['Share of each cohort buying in the months after its first purchase'],
    ],
    [
      'rfm',
      (view) =>
        rfmView(
          rfmReport(period, {
            clientIds: [1, 2],
            lastPurchase: ['2026-10-30', '2026-10-02'],
            frequency: [5, 1],
            monetary: [80, 20],
          }),
          view,
        ),
      ['Clients by segment'],
    ],
  ];

  it.each(cases)('%s: its charts, safe and well-formed', (_, build, titles) => {
    const html = page(VIEW, build);
    expectSafePage(html);
    expect(svgElements(html).map((svg) => /<title id="[^"]+">([^<]+)<\/title>/.exec(svg)![1])).toEqual(titles);
  });

  it('keeps a hostile name as text', () => {
    const hostile = '<img src=x onerror=alert(1)>"\u001b[31m';
    const html = page(VIEW, (view) =>
      arpuView({ ...arpu, by: 'source', groups: [{ key: hostile, ...arpu, arpu: 1 }] }, view),
    );
    expect(pageProblems(html)).toEqual([]);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;&quot;\\x1b[31m');
  });
});
