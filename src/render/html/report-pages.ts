/**
 * What each report's HTML page shows beside its tables: the charts that fit its data (a funnel as bars, NPS answers
 * by score, cohorts as a heat map, a series over periods as columns or a line) with the words that describe them.
 * Pure: report data in, a page description out (html/page.ts writes it).
 */
import { type DateDisplay, dateDisplay, showDate } from '../../i18n/dates.js';
import { currentLanguage, m } from '../../i18n/index.js';
import type { ArpuReport } from '../../reports/arpu.js';
import type { ChurnReport } from '../../reports/churn.js';
import type { CohortsReport } from '../../reports/cohorts.js';
import { definition, REPORT_DEFINITIONS } from '../../reports/definitions.js';
import type { FunnelCounts, FunnelReport } from '../../reports/funnel.js';
import type { MonthlyReport } from '../../reports/monthly.js';
import { type NpsReport, npsCategory } from '../../reports/nps.js';
import type { Period } from '../../reports/period.js';
import type { RepeatReport } from '../../reports/repeat.js';
import type { RfmReport } from '../../reports/rfm.js';
import type { Split } from '../../reports/types.js';
import { groupLabel } from '../groups.js';
import { type NumberStyle, numberFormats } from '../money.js';
import { type AxisLabel, type BarChart, type Chart, COLOURS, type ColumnChart, type LineChart } from '../svg/charts.js';
import { type ChartNumbers, chartNumbers, type Unit } from '../svg/numbers.js';
import type { PageSection, Renderable, ReportPage, TableData } from '../types.js';
import { type Extreme, monthName, type PageLanguage, type PageWords, pageWords } from './words.js';

/** What a page takes of the report's view: how numbers and dates are written, its language, whose report it is. */
export interface PageView {
  style: NumberStyle;
  dates?: DateDisplay;
  language?: PageLanguage;
  business?: string;
}

/** The words, numbers and chart ids of one page being built. */
interface PageContext {
  words: PageWords;
  numbers: ChartNumbers;
  view: PageView;
  /** `chart-1`, `chart-2`, ...: unique in the page, the same on every run. */
  nextId(): string;
}

function pageContext(view: PageView): PageContext {
  let charts = 0;
  return {
    words: pageWords(view.language ?? currentLanguage()),
    numbers: chartNumbers(view.style),
    view,
    nextId: () => `chart-${++charts}`,
  };
}

const HALF_WIDTH = 360;

const MONTH = /^\d{4}-\d{2}$/;

/** A period label as a sentence names it: `October 2026` for `2026-10`, anything else as it is. */
function periodName(label: string, words: PageWords): string {
  return MONTH.test(label) ? monthName(label, words) : label;
}

/** Months as short names grouped by year; other labels as they are. */
export function axisLabels(labels: string[], words: PageWords): AxisLabel[] {
  return labels.map((label) => {
    if (!MONTH.test(label)) return { text: label };
    const [year, month] = label.split('-') as [string, string];
    return { text: words.monthsShort[Number(month) - 1] ?? month, group: year };
  });
}

function datesOf(period: Period, context: PageContext): string {
  const display = context.view.dates ?? dateDisplay();
  const from = showDate(period.from, display);
  const to = showDate(period.to, display);
  return `${context.words.period}: ${from === to ? from : `${from} – ${to}`}`;
}

/** The `<desc>` of a series: its highest, lowest and latest points in words. */
function seriesDesc(
  what: string,
  points: Array<{ label: string; value: number | null }>,
  unit: Unit,
  context: PageContext,
): string {
  const { words, numbers } = context;
  const present = points.filter((point): point is { label: string; value: number } => point.value !== null);
  const extreme = (point: { label: string; value: number }): Extreme => ({
    label: periodName(point.label, words),
    value: numbers.format(point.value, unit),
  });
  if (present.length === 0) return words.noDataDesc(what);
  if (present.length === 1) return words.seriesOneDesc(what, extreme(present[0]!));
  const first = periodName(points[0]!.label, words);
  const last = periodName(points[points.length - 1]!.label, words);
  const highest = present.reduce((best, point) => (point.value > best.value ? point : best));
  const lowest = present.reduce((worst, point) => (point.value < worst.value ? point : worst));
  if (highest.value === lowest.value) return words.seriesFlatDesc(what, first, last, extreme(highest).value);
  return words.seriesDesc(what, first, last, extreme(highest), extreme(lowest), extreme(present[present.length - 1]!));
}

interface SeriesOptions {
  title: string;
  unit: Unit;
  yAxis: string;
  xAxis: string;
  points: Array<{ label: string; value: number | null }>;
  colour?: string;
  width?: number;
  highlightLast?: boolean;
}

function columns(options: SeriesOptions, context: PageContext): ColumnChart {
  return {
    kind: 'columns',
    id: context.nextId(),
    title: options.title,
    desc: seriesDesc(options.title, options.points, options.unit, context),
    empty: context.words.noData,
    unit: options.unit,
    yAxis: options.yAxis,
    xAxis: options.xAxis,
    labels: axisLabels(
      options.points.map((point) => point.label),
      context.words,
    ),
    values: options.points.map((point) => point.value),
    ...(options.colour ? { colour: options.colour } : {}),
    ...(options.width ? { width: options.width } : {}),
    ...(options.highlightLast && options.points.length > 1 ? { highlight: options.points.length - 1 } : {}),
  };
}

function line(options: SeriesOptions, context: PageContext): LineChart {
  return {
    kind: 'line',
    id: context.nextId(),
    title: options.title,
    desc: seriesDesc(options.title, options.points, options.unit, context),
    empty: context.words.noData,
    unit: options.unit,
    yAxis: options.yAxis,
    xAxis: options.xAxis,
    labels: axisLabels(
      options.points.map((point) => point.label),
      context.words,
    ),
    values: options.points.map((point) => point.value),
    ...(options.colour ? { colour: options.colour } : {}),
    ...(options.width ? { width: options.width } : {}),
  };
}

function bars(
  title: string,
  axis: string,
  unit: Unit,
  rows: BarChart['rows'],
  context: PageContext,
  colour?: string,
): BarChart {
  const { words, numbers } = context;
  return {
    kind: 'bars',
    id: context.nextId(),
    title,
    desc:
      rows.length === 0
        ? words.noDataDesc(title)
        : words.barsDesc(
            title,
            rows.map((row) => ({ label: row.label, value: numbers.format(row.value, unit) })),
          ),
    empty: words.noData,
    unit,
    axis,
    rows,
    ...(colour ? { colour } : {}),
  };
}

export function funnelChart(counts: FunnelCounts, context: PageContext): BarChart {
  const { words, numbers } = context;
  const stages = (['leads', 'qualified', 'deal', 'won'] as const).map((stage) => ({
    label: words.stages[stage],
    value: counts[stage],
    ...(stage !== 'leads' && counts.leads > 0 ? { note: numbers.format(counts[stage] / counts.leads, 'rate') } : {}),
  }));
  const overall = counts.conversion.overall;
  return {
    ...bars(words.funnel, words.axis.dealsOfLeads, 'count', counts.leads === 0 ? [] : stages, context),
    desc:
      counts.leads === 0
        ? words.noDataDesc(words.funnel)
        : words.funnelDesc(
            stages.map((stage) => ({ label: stage.label, value: numbers.format(stage.value, 'count') })),
            overall === null ? null : numbers.format(overall, 'rate'),
          ),
  };
}

const CATEGORY_COLOURS = { detractor: COLOURS.detractor, passive: COLOURS.passive, promoter: COLOURS.promoter };

export function npsChart(report: NpsReport, context: PageContext): ColumnChart {
  const { words, numbers } = context;
  const scores = Array.from({ length: 11 }, (_, score) => score);
  return {
    kind: 'columns',
    id: context.nextId(),
    title: words.npsDistribution,
    desc: words.npsDesc(
      report.responses,
      report.detractors,
      report.passives,
      report.promoters,
      report.nps === null ? null : numbers.format(report.nps, 'score'),
    ),
    empty: words.noData,
    unit: 'count',
    yAxis: words.axis.clients,
    xAxis: words.axis.score,
    labels: scores.map((score) => ({ text: String(score) })),
    // No answers: nothing to draw, and the chart says so rather than showing eleven zeros.
    values: report.responses === 0 ? scores.map(() => null) : scores.map((score) => report.distribution[score] ?? 0),
    colours: scores.map((score) => CATEGORY_COLOURS[npsCategory(score)]),
    legend: [
      { label: words.categories.detractors, colour: COLOURS.detractor },
      { label: words.categories.passives, colour: COLOURS.passive },
      { label: words.categories.promoters, colour: COLOURS.promoter },
    ],
  };
}

export function cohortChart(report: CohortsReport, counts: boolean, context: PageContext): Chart {
  const { words, numbers } = context;
  const named = (month: string) => monthName(month, words, 'short');
  // Buying again the month after the first purchase: the one retention figure every cohort but the last has.
  const second = report.cohorts
    .filter((cohort) => cohort.shares.length > 1 && cohort.shares[1] !== null)
    .map((cohort) => ({ label: named(cohort.month), value: cohort.shares[1]! }));
  const best = second.reduce<(typeof second)[number] | null>(
    (top, row) => (top === null || row.value > top.value ? row : top),
    null,
  );
  const worst = second.reduce<(typeof second)[number] | null>(
    (low, row) => (low === null || row.value < low.value ? row : low),
    null,
  );
  const asExtreme = (row: { label: string; value: number } | null): Extreme | null =>
    row && { label: row.label, value: numbers.format(row.value, 'rate') };
  const first = report.cohorts[0];
  const last = report.cohorts[report.cohorts.length - 1];
  return {
    kind: 'heatmap',
    id: context.nextId(),
    title: words.cohortRetention,
    desc: words.cohortsDesc(
      report.cohorts.length,
      first ? monthName(first.month, words) : '',
      last ? monthName(last.month, words) : '',
      asExtreme(best),
      asExtreme(worst),
    ),
    empty: words.noData,
    rowAxis: words.axis.cohort,
    sizeAxis: words.axis.cohortSize,
    columnAxis: words.axis.monthsAfter,
    columns: Array.from({ length: report.width }, (_, i) => String(i)),
    rows: report.cohorts.map((cohort) => ({
      label: named(cohort.month),
      size: numbers.format(cohort.clients, 'count'),
      cells: cohort.active.map((active, i) => {
        const share = cohort.shares[i] ?? null;
        return {
          share,
          text: counts ? numbers.format(active, 'count') : share === null ? '—' : numbers.format(share, 'rate', 0),
        };
      }),
    })),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Pages of single reports

function isSplit<R>(report: R | Split<R>): report is Split<R> {
  return typeof report === 'object' && report !== null && 'columns' in report && 'total' in report;
}

/** A split over many periods reads better with the periods as rows. */
function tableOf(renderable: Renderable): TableData {
  const wide = renderable.table.columns.length > 8;
  return wide && renderable.transposed ? renderable.transposed : renderable.table;
}

function page(context: PageContext, period: Period | undefined, sections: PageSection[], notes?: string[]): ReportPage {
  return {
    language: context.view.language ?? currentLanguage() ?? 'en',
    style: context.view.style,
    ...(context.view.business ? { business: context.view.business } : {}),
    ...(period ? { subtitle: datesOf(period, context) } : {}),
    sections,
    ...(notes?.length ? { notes } : {}),
  };
}

function periodOf<R extends { period: Period }>(report: R | Split<R>): Period {
  return report.period;
}

/** Charts of one figure over the split's periods (the total left out: it is not one more period). */
function splitPoints<R>(report: Split<R>, value: (report: R) => number | null) {
  return report.columns.map((column) => ({ label: column.label, value: value(column.report) }));
}

function metricPage<R extends { period: Period }>(
  report: R | Split<R>,
  renderable: Renderable,
  view: PageView,
  charts: (context: PageContext) => Chart[],
): ReportPage {
  const context = pageContext(view);
  return page(context, periodOf(report), [
    { charts: charts(context), table: tableOf(renderable), notes: renderable.notes },
  ]);
}

export function arpuPage(report: ArpuReport | Split<ArpuReport>, renderable: Renderable, view: PageView): ReportPage {
  return metricPage(report, renderable, view, (context) => {
    const { words } = context;
    const currency = numberFormats(view.style).currency;
    if (isSplit(report)) {
      return [
        columns(
          {
            title: words.revenueByPeriod,
            unit: 'money',
            yAxis: words.axis.revenue(currency),
            xAxis: words.axis.period,
            points: splitPoints(report, (r) => r.revenue),
            width: HALF_WIDTH,
          },
          context,
        ),
        line(
          {
            title: words.activeClientsByPeriod,
            unit: 'count',
            yAxis: words.axis.clients,
            xAxis: words.axis.period,
            points: splitPoints(report, (r) => r.activeClients),
            colour: COLOURS.teal,
            width: HALF_WIDTH,
          },
          context,
        ),
      ];
    }
    if (!report.groups) return [];
    return [
      bars(
        words.revenueByGroup,
        words.axis.revenue(currency),
        'money',
        report.groups.map((group) => ({ label: groupLabel(group.key), value: group.revenue })),
        context,
      ),
    ];
  });
}

export function repeatPage(
  report: RepeatReport | Split<RepeatReport>,
  renderable: Renderable,
  view: PageView,
): ReportPage {
  return metricPage(report, renderable, view, (context) =>
    isSplit(report)
      ? [
          line(
            {
              title: context.words.repeatRateByPeriod,
              unit: 'rate',
              yAxis: context.words.axis.repeatRate,
              xAxis: context.words.axis.period,
              points: splitPoints(report, (r) => r.repeatRate),
            },
            context,
          ),
        ]
      : [],
  );
}

export function churnPage(
  report: ChurnReport | Split<ChurnReport>,
  renderable: Renderable,
  view: PageView,
): ReportPage {
  return metricPage(report, renderable, view, (context) =>
    isSplit(report)
      ? [
          line(
            {
              title: context.words.churnRate,
              unit: 'rate',
              yAxis: context.words.axis.churnRate,
              xAxis: context.words.axis.period,
              points: splitPoints(report, (r) => r.churnRate),
              colour: COLOURS.churn,
            },
            context,
          ),
        ]
      : [],
  );
}

export function npsPage(report: NpsReport | Split<NpsReport>, renderable: Renderable, view: PageView): ReportPage {
  return metricPage(report, renderable, view, (context) =>
    isSplit(report)
      ? [
          line(
            {
              title: context.words.npsByPeriod,
              unit: 'score',
              yAxis: context.words.nps,
              xAxis: context.words.axis.period,
              points: splitPoints(report, (r) => r.nps),
              width: HALF_WIDTH,
            },
            context,
          ),
          { ...npsChart(report.total, context), width: HALF_WIDTH },
        ]
      : [npsChart(report, context)],
  );
}

export function funnelPage(
  report: FunnelReport | Split<FunnelReport>,
  renderable: Renderable,
  view: PageView,
): ReportPage {
  return metricPage(report, renderable, view, (context) => [
    funnelChart(isSplit(report) ? report.total : report, context),
  ]);
}

export function cohortsPage(
  report: CohortsReport,
  counts: boolean,
  renderable: Renderable,
  view: PageView,
): ReportPage {
  return metricPage(report, renderable, view, (context) => [cohortChart(report, counts, context)]);
}

/** RFM: clients by segment as bars; with --clients, the list of clients as a second table. */
export function rfmPage(
  report: RfmReport,
  renderable: Renderable,
  view: PageView,
  clients: TableData | undefined,
  definitions: string[],
): ReportPage {
  const context = pageContext(view);
  const { words, numbers } = context;
  const chart = bars(
    words.segments,
    words.axis.clients,
    'count',
    report.segments.map((row) => ({
      // The segment as the table beside it names it.
      label: m.reports.segments[row.segment],
      value: row.clients,
      ...(report.buyers > 0 ? { note: numbers.format(row.clients / report.buyers, 'rate') } : {}),
    })),
    context,
  );
  return page(context, undefined, [
    { charts: report.buyers > 0 ? [chart] : [], table: renderable.table, notes: definitions },
    ...(clients ? [{ table: clients }] : []),
  ]);
}

// ---------------------------------------------------------------------------------------------------------------
// The monthly report

export type MonthlySectionKey = 'arpu' | 'repeat' | 'churn' | 'funnel' | 'nps';

export type FigureKey = 'revenue' | 'activeClients' | 'arpu' | 'churnRate' | 'nps';

export interface MonthlyPageParts {
  report: MonthlyReport;
  /** The sections the report shows (those with figures), each with its table as the terminal prints it. */
  sections: Array<{ key: MonthlySectionKey; name: string; table: TableData }>;
  /** The month's key figures as the tables write them, with their change against the previous month. */
  figures: Array<{ key: FigureKey; value: string; change: string | null }>;
  /** Lines under the page: how changes are counted, which sections were left out. */
  notes: string[];
}

function historyTable(report: MonthlyReport, view: PageView, words: PageWords): TableData {
  const formats = numberFormats(view.style);
  const columns = [
    { key: 'month', header: words.axis.month },
    { key: 'revenue', header: words.axis.revenue(formats.currency), align: 'right' as const, kind: 'money' as const },
  ];
  const history = report.page;
  if (!history) {
    return {
      columns,
      rows: report.history.map((row) => ({ month: row.month, revenue: formats.amount(row.revenue) })),
    };
  }
  return {
    columns: [
      ...columns,
      { key: 'active_clients', header: words.activeClients, align: 'right' },
      { key: 'churn_rate', header: words.churnRate, align: 'right' },
    ],
    rows: history.months.map((row) => ({
      month: row.month,
      revenue: formats.amount(row.arpu.revenue),
      active_clients: formats.number(row.arpu.activeClients),
      churn_rate: row.churn.churnRate === null ? null : formats.percent(row.churn.churnRate),
    })),
  };
}

function trendCharts(report: MonthlyReport, context: PageContext): Chart[] {
  const { words } = context;
  const currency = numberFormats(context.view.style).currency;
  const revenue = columns(
    {
      title: words.revenueByMonth,
      unit: 'money',
      yAxis: words.axis.revenue(currency),
      xAxis: words.axis.month,
      points: report.history.map((row) => ({ label: row.month, value: row.revenue })),
      highlightLast: true,
    },
    context,
  );
  const history = report.page;
  if (!history) return [revenue];
  return [
    revenue,
    line(
      {
        title: words.activeClientsByMonth,
        unit: 'count',
        yAxis: words.axis.clients,
        xAxis: words.axis.month,
        points: history.months.map((row) => ({ label: row.month, value: row.arpu.activeClients })),
        colour: COLOURS.teal,
        width: HALF_WIDTH,
      },
      context,
    ),
    line(
      {
        title: words.churnRateByMonth,
        unit: 'rate',
        yAxis: words.axis.churnRate,
        xAxis: words.axis.month,
        points: history.months.map((row) => ({ label: row.month, value: row.churn.churnRate })),
        colour: COLOURS.churn,
        width: HALF_WIDTH,
      },
      context,
    ),
  ];
}

/** The most detractor comments a page lists: a month of hundreds is for `crm explain detractors`, not a mail. */
export const MAX_COMMENTS = 30;

/** The detractors who wrote something, with what they wrote; how many more there are, and how many wrote nothing. */
function detractorList(report: MonthlyReport, context: PageContext): PageSection['comments'] {
  const { words } = context;
  const display = context.view.dates ?? dateDisplay();
  const detractors = report.page?.detractorComments ?? [];
  const commented = detractors.filter((comment) => comment.improve || comment.liked);
  const shown = commented.slice(0, MAX_COMMENTS);
  const withComment = commented.length - shown.length;
  const withoutComment = detractors.length - commented.length;
  return {
    heading: words.detractorComments,
    empty: detractors.length ? '' : words.noDetractors,
    items: shown.map((comment) => ({
      title: `${comment.name} · ${showDate(comment.date, display)} · ${words.scoreOf(comment.score)}`,
      lines: [
        comment.improve ? `${words.improve}: ${comment.improve}` : '',
        comment.liked ? `${words.liked}: ${comment.liked}` : '',
      ].filter(Boolean),
    })),
    ...(withComment || withoutComment
      ? { more: words.moreDetractors(withComment, withoutComment, periodLabelOf(report.current.period)) }
      : {}),
  };
}

export function monthlyPage(parts: MonthlyPageParts, view: PageView): ReportPage {
  const context = pageContext(view);
  const { words } = context;
  const { report } = parts;
  const current = report.current;
  const seen = new Set<string>();
  // Each definition under the first table it explains.
  const definitionsOf = (key: MonthlySectionKey) =>
    REPORT_DEFINITIONS[key].filter((definition) => {
      if (seen.has(definition)) return false;
      seen.add(definition);
      return true;
    });
  const sections: PageSection[] = [
    {
      heading: words.trends,
      charts: trendCharts(report, context),
      table: historyTable(report, view, words),
    },
    ...parts.sections.map((section): PageSection => {
      const charts: Chart[] = [];
      if (section.key === 'funnel') charts.push(funnelChart(current.funnel, context));
      if (section.key === 'nps') charts.push(npsChart(current.nps, context));
      return {
        heading: section.name,
        charts,
        table: section.table,
        ...(section.key === 'nps' && report.page ? { comments: detractorList(report, context) } : {}),
        notes: definitionsOf(section.key).map((key) => definition(key)),
      };
    }),
  ];
  if (report.page) {
    sections.push({
      heading: words.cohorts,
      charts: [cohortChart(report.page.cohorts, false, context)],
      notes: [definition('cohorts')],
    });
  }
  const previous = monthName(periodLabelOf(report.previousMonth.period), words);
  const yearBefore = monthName(periodLabelOf(report.sameMonthLastYear.period), words);
  return {
    ...page(context, current.period, sections, parts.notes),
    subtitle: `${datesOf(current.period, context)}, ${words.comparedWith(previous, yearBefore)}`,
    figures: {
      heading: words.atAGlance,
      items: parts.figures.map((figure) => ({
        label: words[figure.key],
        value: figure.value,
        ...(figure.change === null ? {} : { change: `${figure.change} ${words.againstPreviousMonth}` }),
      })),
    },
  };
}

function periodLabelOf(period: Period): string {
  return period.from.slice(0, 7);
}
