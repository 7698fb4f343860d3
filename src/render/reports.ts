import type { ChalkInstance } from 'chalk';
import { isStage } from '../domain/deal.js';
import { type DateDisplay, dateDisplay, showDate } from '../i18n/dates.js';
import { type Catalogue, m } from '../i18n/index.js';
import { type ArpuReport, arpuJson } from '../reports/arpu.js';
import { type ChurnReport, churnJson } from '../reports/churn.js';
import { type CohortsReport, cohortsJson } from '../reports/cohorts.js';
import { definition, definitionLines, REPORT_DEFINITIONS } from '../reports/definitions.js';
import { type DueReport, dueJson } from '../reports/due.js';
import { belongsTo, EXPLAINABLE, type ExplainMetric, type ExplainReport, explainJson } from '../reports/explain.js';
import { type FunnelCounts, type FunnelReport, funnelJson } from '../reports/funnel.js';
import { type MonthHistory, type MonthlyReport, type MonthReports, monthlyJson } from '../reports/monthly.js';
import { type NpsReport, npsJson } from '../reports/nps.js';
import { majorUnits, rateValue, roundTo } from '../reports/numbers.js';
import { periodLabel } from '../reports/period.js';
import { type RepeatReport, repeatJson } from '../reports/repeat.js';
import { type RfmReport, rfmJson } from '../reports/rfm.js';
import { type Split, splitJson } from '../reports/types.js';
import { bar, barWidth, heat, sparkline } from './charts.js';
import { groupLabel } from './groups.js';
import {
  arpuPage,
  churnPage,
  cohortsPage,
  type FigureKey,
  funnelPage,
  type MonthlySectionKey,
  monthlyPage,
  npsPage,
  type PageView,
  repeatPage,
  rfmPage,
} from './html/report-pages.js';
import { listingJson, scalarJson, sliced } from './json-text.js';
import { DEFAULT_NUMBER_STYLE, type NumberFormats, type NumberStyle, numberFormats } from './money.js';
import { GAP, naturalWidth, renderMarkdown, renderTerminalTable } from './render.js';
import { outputWidth } from './terminal.js';
import { wrapProse } from './text-width.js';
import type { Cell, Column, ColumnKind, Format, Renderable, ReportPage, TableData } from './types.js';

/**
 * How a report is shown: the output format (terminal charts only in `table`, SVG charts in `html`), the locale and
 * currency, and emphasis; a page's language and business name (PageView).
 */
export interface ReportView extends PageView {
  format: Format;
  style: NumberStyle;
  /** Bold titles; given (with chalk) only when colour is on, so that chalk loads only then. */
  emphasis?: (text: string) => string;
  /** A split report with its periods as rows, whatever the width (`--transpose`). */
  transpose?: boolean;
  /** How titles write dates; default: the locale's way (see dateDisplay). */
  dates?: DateDisplay;
  /** The columns charts may fill; default: the terminal's (see outputWidth), no limit through a pipe. */
  width?: number;
  /** Colours for charts (the cohorts' heat map); given only when colour is on, as `emphasis` is. */
  colours?: ChalkInstance;
}

export const PLAIN_VIEW: ReportView = { format: 'table', style: DEFAULT_NUMBER_STYLE };

/** The renderable with its HTML page when the view is for a page: no other format pays for its charts. */
function withPage(view: ReportView, renderable: Renderable, page: (renderable: Renderable) => ReportPage): Renderable {
  return view.format === 'html' ? { ...renderable, page: page(renderable) } : renderable;
}

/** A cell kept visibly empty: render() would print "—" for '', which means "not defined" in reports. */
const BLANK = ' ';

type Kind = 'money' | 'count' | 'rate' | 'score' | 'days';

type LineKey = keyof Catalogue['reports']['lines'];

interface MetricLine<R> {
  /** The JSON name, used as the CSV `metric`; the table's label is the language's word for it. */
  key: string;
  /** A label of its own (a lost reason), instead of the word for `key`. */
  label?: string;
  kind: Kind;
  value: (report: R) => number | null;
  /** Draw a bar in table mode, scaled to the largest value of the same line set. */
  bar?: boolean;
}

/** How a workbook types a metric's figures in the CSV table (see ColumnKind). */
const FIGURE_KIND: Record<Kind, ColumnKind> = {
  money: 'money',
  count: 'number',
  rate: 'percent',
  score: 'number',
  days: 'number',
};

function cell(kind: Kind, value: number | null, formats: NumberFormats): Cell {
  if (value === null) return null;
  switch (kind) {
    case 'money':
      return formats.amount(value);
    case 'rate':
      return formats.percent(value);
    case 'days':
      return formats.number(value, 1);
    default:
      return formats.number(value);
  }
}

/** The value CSV carries: the JSON number (money in major units, rates as 4-decimal fractions, undefined as 0). */
function csvValue(kind: Kind, value: number | null): Cell {
  switch (kind) {
    case 'money':
      return majorUnits(value ?? 0);
    case 'rate':
      return rateValue(value);
    case 'days':
      return value === null ? '' : roundTo(value, 2);
    default:
      return value ?? 0;
  }
}

function lineLabel(line: { key: string; label?: string }): string {
  return line.label ?? m.reports.lines[line.key as LineKey] ?? line.key;
}

/** A metric's label as a table shows it: an amount's names the currency its cells leave out (`revenue, ₽`). */
function label(line: { key: string; label?: string; kind: Kind }, formats: NumberFormats): string {
  const shown = lineLabel(line);
  return line.kind === 'money' ? withCurrency(shown, formats) : shown;
}

function withCurrency(label: string, formats: NumberFormats): string {
  return m.reports.withCurrency({ label, currency: formats.currency });
}

function dateIn(text: string, view: ReportView): string {
  return showDate(text, view.dates ?? dateDisplay());
}

function title(text: string, view: ReportView): string {
  return view.emphasis && view.format === 'table' ? view.emphasis(text) : text;
}

function hasUndefined<R>(lines: MetricLine<R>[], reports: R[]): boolean {
  return lines.some((line) => line.kind !== 'days' && reports.some((report) => line.value(report) === null));
}

function notes(definitions: string[], undefinedShown: boolean): string[] {
  return undefinedShown ? [...definitions, definition('undefinedRate')] : definitions;
}

/** A column of figures: its label for people, the one CSV keeps in every language, and its report. */
interface ReportColumn<R> {
  label: string;
  csvLabel: string;
  report: R;
}

/** One row per metric, one column per report (a single period, or each sub-period and the total). */
function metricTables<R>(
  lines: MetricLine<R>[],
  columns: Array<ReportColumn<R>>,
  view: ReportView,
): { table: TableData; csv: TableData; transposed?: TableData } {
  const formats = numberFormats(view.style);
  const keys = columns.map((_, i) => `c${i}`);
  const table: TableData = {
    columns: [
      { key: 'metric', header: m.reports.columns.metric },
      ...columns.map((column, i): Column => ({ key: keys[i]!, header: column.label, align: 'right' })),
    ],
    rows: lines.map((line) => {
      const row: Record<string, Cell> = { metric: label(line, formats) };
      columns.forEach((column, i) => {
        row[keys[i]!] = cell(line.kind, line.value(column.report), formats);
      });
      return row;
    }),
  };
  if (view.format === 'table' && columns.length === 1) addBars(table, lines, columns[0]!.report, view);
  const csv: TableData = {
    columns: [
      { key: 'metric', header: 'metric', kind: 'text' },
      ...columns.map((column, i) => ({ key: keys[i]!, header: column.csvLabel })),
    ],
    rowKinds: lines.map((line) => FIGURE_KIND[line.kind]),
    rows: lines.map((line) => {
      const row: Record<string, Cell> = { metric: line.key };
      columns.forEach((column, i) => {
        row[keys[i]!] = csvValue(line.kind, line.value(column.report));
      });
      return row;
    }),
  };
  if (columns.length === 1) return { table, csv };
  const transposed: TableData = {
    columns: [
      { key: 'period', header: m.reports.columns.period, kind: 'id' },
      ...lines.map(
        (line, i): Column => ({
          key: `m${i}`,
          header: label(line, formats),
          align: 'right',
          kind: line.kind === 'money' ? 'money' : 'number',
        }),
      ),
    ],
    rows: columns.map((column) => {
      const row: Record<string, Cell> = { period: column.label };
      lines.forEach((line, i) => {
        row[`m${i}`] = cell(line.kind, line.value(column.report), formats);
      });
      return row;
    }),
  };
  return view.transpose ? { table: transposed, csv } : { table, csv, transposed };
}

/**
 * Bars beside the lines that ask for one (the funnel's stages, the NPS categories), scaled to the largest of them and
 * as long as the screen leaves room for (see barWidth); none when it leaves too little.
 */
function addBars<R>(table: TableData, lines: MetricLine<R>[], report: R, view: ReportView): void {
  if (!lines.some((line) => line.bar)) return;
  const width = barWidth(view.width ?? outputWidth(), naturalWidth(table) + GAP);
  if (width === 0) return;
  const top = lines.reduce((most, line) => (line.bar ? Math.max(most, line.value(report) ?? 0) : most), 0);
  table.columns.push({ key: 'bar', header: BLANK });
  lines.forEach((line, i) => {
    table.rows[i]!.bar = line.bar ? bar(line.value(report) ?? 0, top, width) || BLANK : BLANK;
  });
}

function isSplit<R>(report: R | Split<R>): report is Split<R> {
  return typeof report === 'object' && report !== null && 'columns' in report && 'total' in report;
}

function columnsOf<R extends { period: { from: string; to: string } }>(report: R | Split<R>): Array<ReportColumn<R>> {
  if (isSplit(report)) {
    return [
      ...report.columns.map((column) => ({ ...column, csvLabel: column.label })),
      { label: m.reports.columns.total, csvLabel: 'total', report: report.total },
    ];
  }
  const label = periodLabel(report.period);
  return [{ label, csvLabel: label, report }];
}

function periodOf<R extends { period: { from: string; to: string } }>(report: R | Split<R>): string {
  return periodLabel(report.period);
}

/** A report of metric lines: arpu, repeat, churn, nps, and the funnel without a breakdown. */
function metricReport<R extends { period: { from: string; to: string } }>(
  name: string,
  report: R | Split<R>,
  lines: MetricLine<R>[],
  toJson: (report: R) => object,
  definitions: string[],
  view: ReportView,
): Renderable {
  const columns = columnsOf(report);
  const { table, csv, transposed } = metricTables(lines, columns, view);
  return {
    json: isSplit(report) ? splitJson(report, toJson) : toJson(report),
    table,
    csv,
    ...(transposed ? { transposed } : {}),
    title: title(`${name} · ${periodOf(report)}`, view),
    notes: notes(
      definitions,
      hasUndefined(
        lines,
        columns.map((column) => column.report),
      ),
    ),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// ARPU, repeat, churn, NPS

const ARPU_LINES: MetricLine<ArpuReport>[] = [
  { key: 'revenue', kind: 'money', value: (r) => r.revenue },
  { key: 'active_clients', kind: 'count', value: (r) => r.activeClients },
  { key: 'purchases', kind: 'count', value: (r) => r.purchases },
  { key: 'arpu', kind: 'money', value: (r) => r.arpu },
  { key: 'average_check', kind: 'money', value: (r) => r.averageCheck },
  { key: 'new_clients', kind: 'count', value: (r) => r.newClients },
  { key: 'returning_clients', kind: 'count', value: (r) => r.returningClients },
];

const REPEAT_LINES: MetricLine<RepeatReport>[] = [
  { key: 'buyers', kind: 'count', value: (r) => r.buyers },
  { key: 'repeat_buyers', kind: 'count', value: (r) => r.repeatBuyers },
  { key: 'repeat_rate', kind: 'rate', value: (r) => r.repeatRate },
];

const CHURN_LINES: MetricLine<ChurnReport>[] = [
  { key: 'at_start', kind: 'count', value: (r) => r.atStart },
  { key: 'churned', kind: 'count', value: (r) => r.churned },
  { key: 'churn_rate', kind: 'rate', value: (r) => r.churnRate },
  { key: 'reactivated', kind: 'count', value: (r) => r.reactivated },
  { key: 'revenue_churn', kind: 'rate', value: (r) => r.revenueChurn },
];

const NPS_LINES: MetricLine<NpsReport>[] = [
  { key: 'responses', kind: 'count', value: (r) => r.responses },
  { key: 'promoters', kind: 'count', value: (r) => r.promoters, bar: true },
  { key: 'passives', kind: 'count', value: (r) => r.passives, bar: true },
  { key: 'detractors', kind: 'count', value: (r) => r.detractors, bar: true },
  { key: 'nps', kind: 'score', value: (r) => r.nps },
];

const FUNNEL_STAGE_LINES: MetricLine<FunnelCounts>[] = [
  { key: 'leads', kind: 'count', value: (r) => r.leads, bar: true },
  { key: 'qualified', kind: 'count', value: (r) => r.qualified, bar: true },
  { key: 'deal', kind: 'count', value: (r) => r.deal, bar: true },
  { key: 'won', kind: 'count', value: (r) => r.won, bar: true },
  { key: 'lost', kind: 'count', value: (r) => r.lost },
  { key: 'junk', kind: 'count', value: (r) => r.junk },
  { key: 'open', kind: 'count', value: (r) => r.open },
];

const FUNNEL_RATE_LINES: MetricLine<FunnelCounts>[] = [
  { key: 'conversion.qualified', kind: 'rate', value: (r) => r.conversion.qualified },
  { key: 'conversion.deal', kind: 'rate', value: (r) => r.conversion.deal },
  { key: 'conversion.won', kind: 'rate', value: (r) => r.conversion.won },
  { key: 'conversion.overall', kind: 'rate', value: (r) => r.conversion.overall },
  { key: 'cycle_days.median', kind: 'days', value: (r) => r.cycleDays.median },
  { key: 'cycle_days.mean', kind: 'days', value: (r) => r.cycleDays.mean },
];

function lostReasonLines(reports: FunnelCounts[]): MetricLine<FunnelCounts>[] {
  const reasons = [...new Set(reports.flatMap((report) => report.lostReasons.map((row) => row.reason)))];
  return reasons.map((reason) => ({
    key: `lost_reasons.${reason}`,
    label: m.reports.lostReason({ reason: groupLabel(reason) }),
    kind: 'count',
    value: (r) => r.lostReasons.find((row) => row.reason === reason)?.count ?? 0,
  }));
}

export function arpuView(report: ArpuReport | Split<ArpuReport>, view: ReportView): Renderable {
  const renderable =
    !isSplit(report) && report.groups
      ? arpuGroupsView(report, view)
      : metricReport(m.reports.names.arpu, report, ARPU_LINES, arpuJson, definitionLines('arpu'), view);
  return withPage(view, renderable, (shown) => arpuPage(report, shown, view));
}

function arpuGroupsView(report: ArpuReport, view: ReportView): Renderable {
  const formats = numberFormats(view.style);
  const all = {
    key: '(all)',
    revenue: report.revenue,
    activeClients: report.activeClients,
    purchases: report.purchases,
    arpu: report.arpu,
  };
  const groups = [...(report.groups ?? []), all];
  const words = m.reports;
  const columns: Column[] = [
    { key: 'key', header: report.by ? words.columns[report.by] : words.columns.group },
    { key: 'revenue', header: withCurrency(words.lines.revenue, formats), align: 'right', kind: 'money' },
    { key: 'active_clients', header: words.lines.active_clients, align: 'right' },
    { key: 'purchases', header: words.lines.purchases, align: 'right' },
    { key: 'arpu', header: withCurrency(words.lines.arpu, formats), align: 'right', kind: 'money' },
  ];
  return {
    json: arpuJson(report),
    table: {
      columns,
      rows: groups.map((group, i) => ({
        key: i === groups.length - 1 ? words.columns.all : groupLabel(group.key),
        revenue: formats.amount(group.revenue),
        active_clients: formats.number(group.activeClients),
        purchases: formats.number(group.purchases),
        arpu: group.arpu === null ? null : formats.amount(group.arpu),
      })),
    },
    csv: {
      columns: columns.map((column) => ({
        key: column.key,
        header: column.key === 'key' ? (report.by ?? 'key') : column.key,
        kind: column.kind,
      })),
      rows: groups.map((group) => ({
        key: group.key,
        revenue: majorUnits(group.revenue),
        active_clients: group.activeClients,
        purchases: group.purchases,
        arpu: majorUnits(group.arpu ?? 0),
      })),
    },
    title: title(
      words.arpuBy({
        by: report.by ? words.columns[report.by] : words.columns.group,
        period: periodLabel(report.period),
      }),
      view,
    ),
    notes: [
      ...definitionLines('arpu'),
      report.by === 'tag'
        ? words.groupedByTag
        : report.by === 'service'
          ? words.groupedByService
          : words.groupedBySource,
    ],
  };
}

export function repeatView(report: RepeatReport | Split<RepeatReport>, view: ReportView): Renderable {
  const renderable = metricReport(
    m.reports.names.repeat,
    report,
    REPEAT_LINES,
    repeatJson,
    definitionLines('repeat'),
    view,
  );
  return withPage(view, renderable, (shown) => repeatPage(report, shown, view));
}

export function churnView(report: ChurnReport | Split<ChurnReport>, view: ReportView): Renderable {
  const window = isSplit(report) ? report.total.windowDays : report.windowDays;
  const renderable = metricReport(
    m.reports.names.churn({ window: m.counts.days(window) }),
    report,
    CHURN_LINES,
    churnJson,
    definitionLines('churn'),
    view,
  );
  return withPage(view, renderable, (shown) => churnPage(report, shown, view));
}

export function npsView(report: NpsReport | Split<NpsReport>, view: ReportView): Renderable {
  const renderable = metricReport(m.reports.names.nps, report, NPS_LINES, npsJson, definitionLines('nps'), view);
  return withPage(view, renderable, (shown) => npsPage(report, shown, view));
}

// ---------------------------------------------------------------------------------------------------------------
// Funnel

export function funnelView(report: FunnelReport | Split<FunnelReport>, view: ReportView): Renderable {
  const reports = isSplit(report) ? [...report.columns.map((c) => c.report), report.total] : [report];
  const lines = [...FUNNEL_STAGE_LINES, ...FUNNEL_RATE_LINES, ...lostReasonLines(reports)];
  const renderable =
    !isSplit(report) && report.groups
      ? funnelGroupsView(report, view)
      : metricReport(m.reports.names.funnel, report, lines, funnelJson, definitionLines('funnel'), view);
  return withPage(view, renderable, (shown) => funnelPage(report, shown, view));
}

function funnelGroupsView(report: FunnelReport, view: ReportView): Renderable {
  const formats = numberFormats(view.style);
  const groups = [...(report.groups ?? []), { ...report, key: '(all)' }];
  const counts = ['leads', 'junk', 'qualified', 'deal', 'won', 'lost', 'open'] as const;
  const words = m.reports;
  const columns: Column[] = [
    { key: 'key', header: words.columns.source },
    ...counts.map((key): Column => ({ key, header: words.lines[key], align: 'right' })),
    { key: 'overall', header: words.lines['conversion.overall'], align: 'right' },
  ];
  return {
    json: funnelJson(report),
    table: {
      columns,
      rows: groups.map((group, i) => {
        const row: Record<string, Cell> = {
          key: i === groups.length - 1 ? words.columns.all : groupLabel(group.key),
        };
        for (const key of counts) row[key] = formats.number(group[key]);
        row.overall = group.conversion.overall === null ? null : formats.percent(group.conversion.overall);
        return row;
      }),
    },
    csv: {
      columns: [
        { key: 'key', header: 'source' },
        ...counts.map((key) => ({ key, header: key })),
        { key: 'qualified_rate', header: 'conversion_qualified', kind: 'percent' },
        { key: 'deal_rate', header: 'conversion_deal', kind: 'percent' },
        { key: 'won_rate', header: 'conversion_won', kind: 'percent' },
        { key: 'overall', header: 'conversion_overall', kind: 'percent' },
      ],
      rows: groups.map((group) => {
        const row: Record<string, Cell> = { key: group.key };
        for (const key of counts) row[key] = group[key];
        row.qualified_rate = rateValue(group.conversion.qualified);
        row.deal_rate = rateValue(group.conversion.deal);
        row.won_rate = rateValue(group.conversion.won);
        row.overall = rateValue(group.conversion.overall);
        return row;
      }),
    },
    title: title(words.funnelBySource({ period: periodLabel(report.period) }), view),
    notes: [...definitionLines('funnel'), words.groupedByDealSource],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Cohorts and RFM

/**
 * Cohorts as a heat map: each cell on the shade of its share (colour only when `view.colours` is given), its number
 * printed either way. Shares that would make the table wider than the screen are written as whole percents.
 */
export function cohortsView(report: CohortsReport, view: ReportView, counts: boolean): Renderable {
  const formats = numberFormats(view.style);
  const offsets = Array.from({ length: report.width }, (_, i) => i);
  const columns: Column[] = [
    { key: 'cohort', header: m.reports.columns.cohort },
    { key: 'clients', header: m.reports.columns.clients, align: 'right' },
    ...offsets.map((i): Column => ({ key: `m${i}`, header: `m${i}`, align: 'right' })),
  ];
  const share = (value: number, wholePercents: boolean) =>
    wholePercents ? formats.number(Math.round(value * 100)) : formats.percent(value);
  const tableOf = (wholePercents: boolean): TableData => ({
    columns,
    rows: report.cohorts.map((cohort) => {
      const row: Record<string, Cell> = { cohort: cohort.month, clients: formats.number(cohort.clients) };
      for (const i of offsets) {
        const value = cohort.shares[i];
        if (i >= cohort.active.length) row[`m${i}`] = BLANK;
        else if (counts) row[`m${i}`] = formats.number(cohort.active[i]!);
        else row[`m${i}`] = value === null || value === undefined ? null : share(value, wholePercents);
      }
      return row;
    }),
  });
  // Tables are made when a format shows them (getters below): JSON of a decade's cohorts, 14,000 cells, needs none.
  let table: TableData | undefined;
  let wholePercents = false;
  if (view.format === 'table') {
    table = tableOf(false);
    wholePercents = !counts && naturalWidth(table) > (view.width ?? outputWidth());
    if (wholePercents) table = tableOf(true);
    if (view.colours) {
      const colours = view.colours;
      table.paint = (text, row, key) => {
        const cohort = report.cohorts[row]!;
        const offset = key.startsWith('m') ? Number(key.slice(1)) : Number.NaN;
        return offset < cohort.active.length ? heat(text, cohort.shares[offset], colours) : text;
      };
    }
  }
  let csv: TableData | undefined;
  const csvOf = (): TableData => ({
    columns: columns.map(
      (column): Column => ({
        key: column.key,
        header: column.key,
        ...(/^m\d+$/.test(column.key) && !counts ? { kind: 'percent' } : {}),
      }),
    ),
    rows: report.cohorts.map((cohort) => {
      const row: Record<string, Cell> = { cohort: cohort.month, clients: cohort.clients };
      for (const i of offsets) {
        if (i < cohort.active.length) row[`m${i}`] = counts ? cohort.active[i]! : rateValue(cohort.shares[i] ?? null);
      }
      return row;
    }),
  });
  const renderable: Renderable = {
    json: cohortsJson(report),
    get table(): TableData {
      table ??= tableOf(false);
      return table;
    },
    get csv(): TableData {
      csv ??= csvOf();
      return csv;
    },
    title: title(m.reports.cohortsTitle({ period: periodLabel(report.period), counts, wholePercents }), view),
    notes: definitionLines('cohorts'),
  };
  return withPage(view, renderable, (shown) => cohortsPage(report, counts, shown, view));
}

export function rfmView(report: RfmReport, view: ReportView): Renderable {
  const formats = numberFormats(view.style);
  const words = m.reports;
  const segmentLabel = (segment: keyof Catalogue['reports']['segments']) => words.segments[segment];
  const table: TableData = {
    columns: [
      { key: 'segment', header: words.columns.segment },
      { key: 'clients', header: words.columns.clients, align: 'right' },
      { key: 'share', header: words.columns.share, align: 'right' },
      { key: 'revenue', header: withCurrency(words.lines.revenue, formats), align: 'right', kind: 'money' },
    ],
    rows: report.segments.map((row) => ({
      segment: segmentLabel(row.segment),
      clients: formats.number(row.clients),
      share: report.buyers === 0 ? null : formats.percent(row.clients / report.buyers),
      revenue: formats.amount(row.revenue),
    })),
  };
  const clientColumns: Column[] = [
    { key: 'name', header: words.columns.name },
    { key: 'segment', header: words.columns.segment },
    { key: 'rfm', header: words.columns.rfm, align: 'right' },
    { key: 'last_purchase', header: words.columns.lastPurchase, kind: 'date' },
    { key: 'recency_days', header: words.columns.daysSince, align: 'right' },
    { key: 'frequency', header: words.lines.purchases, align: 'right' },
    { key: 'monetary', header: withCurrency(words.lines.revenue, formats), align: 'right', kind: 'money' },
  ];
  const clientRows = (report.clients ?? []).map((client) => ({
    name: client.name,
    segment: segmentLabel(client.segment),
    rfm: `${client.r} ${client.f} ${client.m}`,
    last_purchase: client.lastPurchase,
    recency_days: formats.number(client.recencyDays),
    frequency: formats.number(client.frequency),
    monetary: formats.amount(client.monetary),
  }));
  const clientTable = { columns: clientColumns, rows: clientRows };
  // The CSV holds the rows the JSON holds: the clients when they were asked for, else the segments.
  const json = rfmJson(report);
  const csvColumns = json.clients
    ? ['client_id', 'name', 'segment', 'r', 'f', 'm', 'last_purchase', 'recency_days', 'frequency', 'monetary']
    : ['segment', 'clients', 'revenue'];
  const csvKinds: Record<string, ColumnKind> = { last_purchase: 'date', monetary: 'money', revenue: 'money' };
  const csv: TableData = {
    columns: csvColumns.map((key) => ({ key, header: key, kind: csvKinds[key] })),
    rows: json.clients ?? json.segments,
  };
  const clientsNote = report.clients
    ? [view.format === 'md' ? renderMarkdown(clientTable) : `\n${renderTerminalTable(clientTable)}`]
    : [];
  const renderable: Renderable = {
    json,
    table,
    csv,
    title: title(
      words.rfmTitle({
        date: dateIn(report.period.to, view),
        buyers: m.counts.buyers(report.buyers, formats.number(report.buyers)),
      }),
      view,
    ),
    notes: [...clientsNote, ...definitionLines('rfm')],
  };
  return withPage(view, renderable, (shown) =>
    rfmPage(report, shown, view, report.clients ? clientTable : undefined, definitionLines('rfm')),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Due

export function dueView(report: DueReport, view: ReportView): Renderable {
  const formats = numberFormats(view.style);
  const keys = [
    'name',
    'phone',
    'last_visit',
    'expected',
    'days_overdue',
    'usual_service',
    'reason',
    'nps_score',
  ] as const;
  // The table says a detractor's score in the reason column: eight columns were two wider than 80 in Russian, and
  // phones and dates are not narrowed. What a call needs comes first (name, phone, how overdue, why), so that a
  // terminal too narrow for every column shows those together in the first part (the CSV keeps the JSON's order).
  const tableKeys = [
    'name',
    'phone',
    'days_overdue',
    'reason',
    'usual_service',
    'last_visit',
    'expected',
  ] as const satisfies ReadonlyArray<(typeof keys)[number]>;
  const headers = m.reports.due.columns;
  const kinds: Record<string, ColumnKind> = { phone: 'phone', last_visit: 'date', expected: 'date' };
  // The JSON's clients: the columns below pick what the table and the CSV show of them. Made only when asked for:
  // the JSON text of tens of thousands of clients is written from the entries (dueJsonText).
  let json: ReturnType<typeof dueJson> | undefined;
  const jsonOf = () => {
    json ??= dueJson(report);
    return json;
  };
  const { today, withinDays, windowDays } = report.options;
  let table: TableData | undefined;
  let csv: TableData | undefined;
  return {
    get json() {
      return jsonOf();
    },
    jsonText: () => dueJsonText(report),
    // Made the first time a table is shown (a getter): JSON and CSV of tens of thousands of clients never need it.
    get table(): TableData {
      table ??= {
        columns: tableKeys.map(
          (key): Column => ({
            key,
            header: headers[key],
            align: key === 'days_overdue' ? 'right' : 'left',
            ...(kinds[key] ? { kind: kinds[key] } : {}),
          }),
        ),
        rows: jsonOf().clients.map((row) => ({
          ...row,
          reason:
            row.reason === 'detractor' && row.nps_score !== null
              ? m.reports.due.detractorScored({ score: row.nps_score })
              : m.reports.due.reasons[row.reason],
          days_overdue:
            row.days_overdue === null
              ? null
              : row.days_overdue < 0
                ? m.reports.due.daysLeft({ days: formats.number(-row.days_overdue) })
                : formats.number(row.days_overdue),
        })),
      };
      return table;
    },
    get csv(): TableData {
      csv ??= { columns: keys.map((key) => ({ key, header: key, kind: kinds[key] })), rows: jsonOf().clients };
      return csv;
    },
    title: title(
      m.reports.due.title({
        date: dateIn(today, view),
        within: m.counts.days(withinDays),
        window: m.counts.days(windowDays),
      }),
      view,
    ),
    notes: definitionLines('due'),
  };
}

/**
 * dueJson's text, a piece per client written from the entries: no object per client, and cheaper to encode than
 * JSON.stringify's one string (measured). test/render/reports.test.ts keeps it equal to JSON.stringify of dueJson.
 */
function* dueJsonText(report: DueReport): Generator<string> {
  const { clients: _, ...head } = dueJson({ options: report.options, entries: [] });
  function* rows() {
    for (const entry of report.entries) {
      yield `    {
      "client_id": ${scalarJson(entry.clientId)},
      "name": ${scalarJson(entry.name)},
      "phone": ${scalarJson(entry.phone)},
      "last_visit": ${scalarJson(entry.lastVisit)},
      "expected": ${scalarJson(entry.expected)},
      "days_overdue": ${scalarJson(entry.daysOverdue)},
      "usual_service": ${scalarJson(entry.usualService)},
      "reason": ${scalarJson(entry.reason)},
      "nps_score": ${scalarJson(entry.npsScore)},
      "nps_date": ${scalarJson(entry.npsDate)}
    }`;
    }
  }
  yield* listingJson(head, 'clients', rows());
}

// ---------------------------------------------------------------------------------------------------------------
// Explain

function reportOf(metric: ExplainMetric): keyof typeof EXPLAINABLE {
  const reports = Object.keys(EXPLAINABLE) as Array<keyof typeof EXPLAINABLE>;
  return reports.find((report) => belongsTo(metric, report)) ?? 'arpu';
}

const MONEY_KEYS = new Set(['revenue', 'revenue_in_window', 'revenue_in_period', 'amount']);

export function explainView(report: ExplainReport, view: ReportView): Renderable {
  const formats = numberFormats(view.style);
  // The columns are worked out from every item, and only for a table or CSV: JSON of 100,000 items needs neither.
  let known: string[] | undefined;
  const columnKeys = () => {
    known ??= [...new Set(report.items.flatMap((item) => Object.keys(item)))];
    return known;
  };
  const words = m.reports.explain;
  const window = report.windowDays === undefined ? '' : words.window({ window: m.counts.days(report.windowDays) });
  const kindOf = (key: string): ColumnKind => {
    if (MONEY_KEYS.has(key)) return 'money';
    const values = report.items.map((item) => item[key]).filter((value) => value !== null && value !== undefined);
    if (values.some((value) => typeof value === 'number')) return key.endsWith('id') ? 'id' : 'number';
    if (values.length && values.every((value) => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value))) {
      return 'date';
    }
    return key === 'phone' ? 'phone' : 'text';
  };
  let json: ReturnType<typeof explainJson> | undefined;
  const jsonOf = () => {
    json ??= explainJson(report);
    return json;
  };
  let table: TableData | undefined;
  let csv: TableData | undefined;
  return {
    get json() {
      return jsonOf();
    },
    // One string from JSON.stringify, written a slice at a time: of 100,000 items, as fast as any text made here.
    jsonText: () => sliced(`${JSON.stringify(jsonOf(), null, 2)}\n`),
    // Getters, each made once and only for the format asked for.
    get table(): TableData {
      table ??= {
        columns: columnKeys().map((key): Column => {
          const kind = kindOf(key);
          const header = Object.hasOwn(words.columns, key)
            ? words.columns[key as keyof typeof words.columns]
            : key.replaceAll('_', ' ');
          return {
            key,
            header: kind === 'money' ? withCurrency(header, formats) : header,
            align: kind === 'money' || kind === 'number' || kind === 'id' ? 'right' : 'left',
            kind,
          };
        }),
        rows: report.items.map((item) => {
          const row: Record<string, Cell> = { ...item };
          for (const key of MONEY_KEYS) {
            const value = item[key];
            if (typeof value === 'number') row[key] = formats.amount(Math.round(value * 100));
          }
          // A deal's stage in the person's words; CSV and JSON keep its token.
          if (typeof item.stage === 'string' && isStage(item.stage)) row.stage = m.records.stages[item.stage];
          return row;
        }),
      };
      return table;
    },
    get csv(): TableData {
      csv ??= { columns: columnKeys().map((key) => ({ key, header: key, kind: kindOf(key) })), rows: report.items };
      return csv;
    },
    title: title(
      `${m.reports.lines[report.metric]} · ${periodLabel(report.period)}${window}: ${report.items.length}`,
      view,
    ),
    notes: definitionLines(reportOf(report.metric)),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Monthly

type Change = 'relative' | 'points';

interface MonthlyLine {
  key: string;
  label?: string;
  kind: Kind;
  change: Change;
  value: (parts: MonthReports) => number | null;
}

function section<R>(lines: MetricLine<R>[], pick: (parts: MonthReports) => R, change: (kind: Kind) => Change) {
  return lines.map(
    (line): MonthlyLine => ({
      key: line.key,
      label: line.label,
      kind: line.kind,
      change: change(line.kind),
      value: (parts) => line.value(pick(parts)),
    }),
  );
}

const byKind = (kind: Kind): Change => (kind === 'rate' || kind === 'score' || kind === 'days' ? 'points' : 'relative');

/** The monthly report's sections; each is named in the language by its key (`m.reports.monthly.sections`). */
const MONTHLY_SECTIONS: Array<{ key: MonthlySectionKey; lines: MonthlyLine[] }> = [
  { key: 'arpu', lines: section(ARPU_LINES, (p) => p.arpu, byKind) },
  { key: 'repeat', lines: section(REPEAT_LINES, (p) => p.repeat, byKind) },
  { key: 'churn', lines: section(CHURN_LINES, (p) => p.churn, byKind) },
  {
    key: 'funnel',
    lines: section(
      [...FUNNEL_STAGE_LINES, ...FUNNEL_RATE_LINES.filter((line) => line.key !== 'cycle_days.mean')],
      (p) => p.funnel,
      byKind,
    ),
  },
  { key: 'nps', lines: section(NPS_LINES, (p) => p.nps, byKind) },
];

/** What the sparklines of the monthly report draw, by the key of the ARPU line they stand beside. */
const TRENDS: Record<string, (month: MonthHistory) => number> = {
  revenue: (month) => month.revenue,
  active_clients: (month) => month.activeClients,
};

/**
 * Sparklines of the last 12 months' revenue and active clients: a column of the ARPU table when it still fits the
 * screen (`tables[0]` is replaced), else a small table of their own under the sections. Returns the lines to print
 * after the sections.
 */
function monthlyTrends(
  months: MonthHistory[],
  tables: TableData[],
  firstSection: string,
  view: ReportView,
  formats: NumberFormats,
): string[] {
  if (!months.length) return [];
  const sparks = Object.entries(TRENDS).map(([key, pick]) => ({ key, spark: sparkline(months.map(pick)) }));
  const width = view.width ?? outputWidth();
  // Wrapped here: the blank lines around it would keep render() from wrapping it.
  const note = `\n${wrapProse(m.reports.monthly.trendNote({ from: months[0]!.month, to: months[months.length - 1]!.month }), width)}\n`;
  if (firstSection === 'arpu') {
    const arpuTable = tables[0]!;
    const withTrend: TableData = {
      columns: [...arpuTable.columns, { key: 'trend', header: m.reports.monthly.trendColumn }],
      rows: arpuTable.rows.map((row, i) => ({
        ...row,
        trend: sparks.find((spark) => spark.key === ARPU_LINES[i]?.key)?.spark ?? BLANK,
      })),
    };
    if (naturalWidth(withTrend) <= width) {
      tables[0] = withTrend;
      return [note];
    }
  }
  const trendTable: TableData = {
    columns: [
      { key: 'metric', header: m.reports.monthly.trendTable },
      { key: 'trend', header: `${months[0]!.month} – ${months[months.length - 1]!.month}` },
    ],
    rows: sparks.map(({ key, spark }) => {
      const line = ARPU_LINES.find((candidate) => candidate.key === key)!;
      return { metric: label(line, formats), trend: spark };
    }),
  };
  return [`\n${renderTerminalTable(trendTable)}`, note];
}

function changeCell(line: MonthlyLine, now: number | null, then: number | null, formats: NumberFormats): Cell {
  if (now === null || then === null) return null;
  if (line.change === 'relative') return then === 0 ? null : formats.signedPercent((now - then) / then);
  if (line.kind === 'rate') {
    return m.reports.monthly.points({ change: formats.signedNumber(roundTo((now - then) * 100, 1), 1) });
  }
  return formats.signedNumber(now - then, 1);
}

export function monthlyView(report: MonthlyReport, view: ReportView): Renderable {
  const formats = numberFormats(view.style);
  const words = m.reports.monthly;
  const { current, previousMonth, sameMonthLastYear } = report;
  const labels = [current, previousMonth, sameMonthLastYear].map((parts) => periodLabel(parts.period));
  const sectionTable = (name: string, lines: MonthlyLine[]): TableData => ({
    columns: [
      { key: 'metric', header: name },
      { key: 'now', header: labels[0]!, align: 'right' },
      { key: 'previous', header: labels[1]!, align: 'right' },
      { key: 'previous_change', header: words.vsMonth, align: 'right' },
      { key: 'year', header: labels[2]!, align: 'right' },
      { key: 'year_change', header: words.vsYear, align: 'right' },
    ],
    rows: lines.map((line) => {
      const [now, previous, year] = [current, previousMonth, sameMonthLastYear].map((parts) => line.value(parts));
      return {
        metric: label(line, formats),
        now: cell(line.kind, now ?? null, formats),
        previous: cell(line.kind, previous ?? null, formats),
        previous_change: changeCell(line, now ?? null, previous ?? null, formats),
        year: cell(line.kind, year ?? null, formats),
        year_change: changeCell(line, now ?? null, year ?? null, formats),
      };
    }),
  });
  // A section without a figure in any of the three months (a salon that keeps no deals) is noise in a table; JSON
  // and CSV keep it, and a line under the report names it.
  const empty = (part: (typeof MONTHLY_SECTIONS)[number]) =>
    part.lines.every((line) =>
      [current, previousMonth, sameMonthLastYear].every((parts) => (line.value(parts) ?? 0) === 0),
    );
  const withFigures = MONTHLY_SECTIONS.filter((part) => !empty(part));
  const shown = withFigures.length ? withFigures : MONTHLY_SECTIONS.slice(0, 1);
  const leftOut = MONTHLY_SECTIONS.filter((part) => !shown.includes(part));
  const tables = shown.map((part) => sectionTable(words.sections[part.key], part.lines));
  const months = report.history;
  const trends = view.format === 'table' ? monthlyTrends(months, tables, shown[0]!.key, view, formats) : [];
  const revenueTable: TableData = {
    columns: [
      { key: 'month', header: m.reports.columns.month },
      { key: 'revenue', header: words.revenue12({ currency: formats.currency }), align: 'right', kind: 'money' },
    ],
    rows: months.map((row) => ({ month: row.month, revenue: formats.amount(row.revenue) })),
  };
  const leftOutNote = leftOut.length
    ? [words.notShown({ sections: leftOut.map((part) => words.sections[part.key]).join(', ') })]
    : [];
  // Definitions of the sections shown: a left-out section's terms would explain nothing on the page.
  const definitions = [...new Set(shown.flatMap((part) => [...REPORT_DEFINITIONS[part.key]]))].map(definition);
  const changes = words.changes;
  const rest =
    view.format === 'md'
      ? [...tables.slice(1).map(renderMarkdown), renderMarkdown(revenueTable)]
      : [...tables.slice(1).map((table) => `\n${renderTerminalTable(table)}`), ...trends];
  const csvKinds: ColumnKind[] = MONTHLY_SECTIONS.flatMap((part) => part.lines.map((line) => FIGURE_KIND[line.kind]));
  const csvRows: Array<Record<string, Cell>> = MONTHLY_SECTIONS.flatMap((part) =>
    part.lines.map((line) => ({
      section: part.key,
      metric: line.key,
      now: csvValue(line.kind, line.value(current)),
      previous: csvValue(line.kind, line.value(previousMonth)),
      year: csvValue(line.kind, line.value(sameMonthLastYear)),
    })),
  );
  for (const row of months) {
    csvRows.push({
      section: 'revenue_12_months',
      metric: row.month,
      now: majorUnits(row.revenue),
      previous: '',
      year: '',
    });
    csvKinds.push('money');
  }
  // The CSV's figures under the words of the table, for a workbook: a spreadsheet is read by the owner, not a program.
  const sectionNames = MONTHLY_SECTIONS.flatMap((part) => part.lines.map(() => words.sections[part.key]));
  const metricNames = MONTHLY_SECTIONS.flatMap((part) => part.lines.map((line) => label(line, formats)));
  const revenueName = words.revenue12({ currency: formats.currency });
  const sheet: TableData = {
    columns: [
      { key: 'section', header: m.reports.columns.section, kind: 'text' },
      { key: 'metric', header: m.reports.columns.metric, kind: 'text' },
      { key: 'now', header: labels[0]! },
      { key: 'previous', header: labels[1]! },
      { key: 'year', header: labels[2]! },
    ],
    rows: csvRows.map((row, i) => ({
      ...row,
      section: sectionNames[i] ?? revenueName,
      metric: i < metricNames.length ? metricNames[i]! : row.metric,
    })),
    rowKinds: csvKinds,
  };
  const renderable: Renderable = {
    json: monthlyJson(report),
    table: tables[0]!,
    sheet,
    csv: {
      columns: [
        { key: 'section', header: 'section', kind: 'text' },
        { key: 'metric', header: 'metric', kind: 'text' },
        { key: 'now', header: labels[0]! },
        { key: 'previous', header: labels[1]! },
        { key: 'year', header: labels[2]! },
      ],
      rows: csvRows,
      rowKinds: csvKinds,
    },
    title: title(words.title({ month: labels[0]! }), view),
    notes: [...rest, ...leftOutNote, changes, ...definitions],
  };
  return withPage(view, renderable, () =>
    monthlyPage(
      {
        report,
        sections: shown.map((part, i) => ({ key: part.key, name: words.sections[part.key], table: tables[i]! })),
        figures: monthlyFigures(report, formats),
        notes: [...leftOutNote, changes],
      },
      view,
    ),
  );
}

/** The figures an owner looks at first, at the top of the monthly page. */
const MONTHLY_FIGURES: Array<{ key: FigureKey; section: MonthlySectionKey; line: string }> = [
  { key: 'revenue', section: 'arpu', line: 'revenue' },
  { key: 'activeClients', section: 'arpu', line: 'active_clients' },
  { key: 'arpu', section: 'arpu', line: 'arpu' },
  { key: 'churnRate', section: 'churn', line: 'churn_rate' },
  { key: 'nps', section: 'nps', line: 'nps' },
];

/** The key figures as the tables write them (an amount with its currency), each with its change on last month. */
function monthlyFigures(report: MonthlyReport, formats: NumberFormats) {
  const text = (value: Cell) => (value === null || value === undefined ? null : String(value));
  return MONTHLY_FIGURES.map((figure) => {
    const line = MONTHLY_SECTIONS.find((part) => part.key === figure.section)!.lines.find(
      (candidate) => candidate.key === figure.line,
    )!;
    const now = line.value(report.current);
    const shown = line.kind === 'money' && now !== null ? formats.money(now) : cell(line.kind, now, formats);
    return {
      key: figure.key,
      value: text(shown) ?? '—',
      change: text(changeCell(line, now, line.value(report.previousMonth), formats)),
    };
  });
}
