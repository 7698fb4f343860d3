/**
 * Charts drawn as SVG text by hand: columns, a line, horizontal bars and a heat map, each with its `<title>` and
 * `<desc>` for screen readers and tooltips. Why by hand (docs/ARCHITECTURE.md, "The HTML report"): four chart kinds
 * are a few hundred lines, where ECharts bundles to 608 KB and Vega to 16 MB installed; nothing is loaded before a
 * page is asked for; and the output is a pure function of the data, so that two runs give the same bytes.
 */
import type { ChartNumbers, Unit } from './numbers.js';
import { coordinate, element, fitText, textWidth, xmlText } from './svg.js';

/**
 * A label under a column or point. `group` (a month's year) is written under the first label shown and wherever it
 * changes from the label shown before: under January, or under the first month shown of a new year.
 */
export interface AxisLabel {
  text: string;
  group?: string;
}

export interface LegendItem {
  label: string;
  colour: string;
}

interface ChartBase {
  /** Unique in the page: the ids of the chart's title and description are made from it. */
  id: string;
  title: string;
  desc: string;
  /** What the chart says where it has nothing to draw. */
  empty: string;
  /** In user units; the page scales the chart to its column. */
  width?: number;
}

/** Columns, one per period or category; `highlight` is drawn in full colour and the others lighter. */
export interface ColumnChart extends ChartBase {
  kind: 'columns';
  unit: Unit;
  yAxis: string;
  xAxis: string;
  labels: AxisLabel[];
  values: Array<number | null>;
  colour?: string;
  /** One colour per column (the NPS scores by category); wins over `colour` and `highlight`. */
  colours?: string[];
  highlight?: number;
  legend?: LegendItem[];
}

/** A line through one point per period; a null value leaves a gap. */
export interface LineChart extends ChartBase {
  kind: 'line';
  unit: Unit;
  yAxis: string;
  xAxis: string;
  labels: AxisLabel[];
  values: Array<number | null>;
  colour?: string;
}

/** Horizontal bars with their labels on the left: a funnel's stages, groups, segments. */
export interface BarChart extends ChartBase {
  kind: 'bars';
  unit: Unit;
  axis: string;
  rows: Array<{ label: string; value: number; note?: string }>;
  colour?: string;
}

/** Rows of cells coloured by a share from 0 to 1, each cell's figure written in it. */
export interface HeatMap extends ChartBase {
  kind: 'heatmap';
  rowAxis: string;
  sizeAxis: string;
  columnAxis: string;
  columns: string[];
  rows: Array<{ label: string; size: string; cells: Array<{ share: number | null; text: string }> }>;
}

export type Chart = ColumnChart | LineChart | BarChart | HeatMap;

export const COLOURS = {
  primary: '#2f6ea5',
  primaryLight: '#a8c4e0',
  teal: '#0f766e',
  churn: '#c2410c',
  detractor: '#dc2626',
  passive: '#d97706',
  promoter: '#16a34a',
  text: '#1f2937',
  muted: '#6b7280',
  grid: '#e5e7eb',
  axis: '#9ca3af',
  missing: '#e5e7eb',
} as const;

const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, Helvetica Neue, Arial, Noto Sans, DejaVu Sans, sans-serif';
const FONT_SIZE = 11;
const DEFAULT_WIDTH = 720;

function finite(value: number | null | undefined): number | null {
  return value === null || value === undefined || !Number.isFinite(value) ? null : value;
}

function svg(chart: ChartBase, width: number, height: number, body: string[]): string {
  const titleId = `${chart.id}-title`;
  const descId = `${chart.id}-desc`;
  return [
    `<svg viewBox="0 0 ${coordinate(width)} ${coordinate(height)}" width="${coordinate(width)}" height="${coordinate(height)}" role="img" aria-labelledby="${xmlText(titleId)} ${xmlText(descId)}" font-family="${FONT}" font-size="${FONT_SIZE}">`,
    element('title', { id: titleId }, xmlText(chart.title)),
    element('desc', { id: descId }, xmlText(chart.desc)),
    ...body,
    '</svg>',
  ].join('\n');
}

function text(x: number, y: number, content: string, attributes: Record<string, string | number | undefined> = {}) {
  return element('text', { x, y, ...attributes }, xmlText(content));
}

function emptyNote(chart: ChartBase, width: number, y: number): string {
  return text(width / 2, y, chart.empty, { 'text-anchor': 'middle', fill: COLOURS.muted, 'font-size': 13 });
}

// ---------------------------------------------------------------------------------------------------------------
// Scales

interface Scale {
  low: number;
  high: number;
  ticks: number[];
  step: number;
}

/** The smallest step between ticks: a whole currency unit, one client, a tenth of a percent, one point. */
const MIN_STEP: Record<Unit, number> = { money: 100, count: 1, rate: 0.001, score: 1 };

/** Rounds away the float noise of `3 × 0.1`. */
function clean(value: number): number {
  return Number(value.toPrecision(12)) + 0;
}

function isMultiple(value: number, of: number): boolean {
  const times = value / of;
  return Math.abs(times - Math.round(times)) < 1e-6;
}

/** About four steps of 1, 2, 2.5 or 5 × 10^k covering [low, high], 0 included. */
export function niceScale(low: number, high: number, unit: Unit): Scale {
  const minStep = MIN_STEP[unit];
  const from = Math.min(0, low);
  const to = Math.max(0, high);
  if (!(to - from > 0)) return { low: 0, high: minStep, ticks: [0], step: minStep };
  const rough = (to - from) / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const residual = rough / magnitude;
  const candidates = [1, 2, 2.5, 5, 10].filter((nice) => nice !== 2.5 || isMultiple(2.5 * magnitude, minStep));
  const nice = candidates.find((candidate) => residual <= candidate + 1e-9) ?? 10;
  const step = Math.max(clean(nice * magnitude), minStep);
  const first = Math.floor(from / step + 1e-9);
  const last = Math.ceil(to / step - 1e-9);
  const ticks: number[] = [];
  for (let i = first; i <= last; i++) ticks.push(clean(i * step));
  return { low: clean(first * step), high: clean(last * step), ticks, step };
}

/** Decimals a tick needs to tell its neighbours apart (a rate's step of 0.5 % needs one). */
function tickDecimals(step: number, unit: Unit): number {
  const shown = unit === 'rate' ? step * 100 : unit === 'money' ? step / 100 : step;
  for (let decimals = 0; decimals < 4; decimals++) if (isMultiple(shown * 10 ** decimals, 1)) return decimals;
  return 4;
}

// ---------------------------------------------------------------------------------------------------------------
// Columns and lines share a frame: ticks and grid on the left, labels under the periods, axis titles.

interface Frame {
  body: string[];
  width: number;
  height: number;
  /** The centre of slot i. */
  x(i: number): number;
  y(value: number): number;
  slot: number;
  top: number;
  bottom: number;
  left: number;
  right: number;
}

function legend(items: LegendItem[], right: number, y: number): { body: string[]; width: number } {
  const body: string[] = [];
  let x = right;
  for (const item of [...items].reverse()) {
    const width = textWidth(item.label, FONT_SIZE);
    x -= width;
    body.push(text(x, y, item.label, { fill: COLOURS.text }));
    x -= 14;
    body.push(element('rect', { x, y: y - 9, width: 10, height: 10, fill: item.colour, rx: 2 }));
    x -= 12;
  }
  return { body, width: right - x };
}

function frame(chart: ColumnChart | LineChart, values: Array<number | null>, numbers: ChartNumbers): Frame {
  const width = chart.width ?? DEFAULT_WIDTH;
  const height = 250;
  const present = values.filter((value): value is number => value !== null);
  const scale = niceScale(Math.min(0, ...present), Math.max(0, ...present), chart.unit);
  const decimals = tickDecimals(scale.step, chart.unit);
  const tickTexts = scale.ticks.map((tick) => numbers.format(tick, chart.unit, decimals));
  const left = Math.max(28, ...tickTexts.map((tick) => textWidth(tick, FONT_SIZE) + 10));
  const right = width - 8;
  const body: string[] = [text(0, 12, chart.yAxis, { fill: COLOURS.muted })];
  let top = 34;
  if (chart.kind === 'columns' && chart.legend?.length) {
    const drawn = legend(chart.legend, right, 12);
    const overlaps = textWidth(chart.yAxis, FONT_SIZE) + drawn.width + 16 > width;
    body.push(...(overlaps ? legend(chart.legend, right, 28).body : drawn.body));
    if (overlaps) top = 48;
  }
  const bottom = height - 46;
  const count = chart.labels.length;
  const slot = (right - left) / Math.max(1, count);
  const y = (value: number) => bottom - ((value - scale.low) / (scale.high - scale.low)) * (bottom - top);
  scale.ticks.forEach((tick, i) => {
    const at = y(tick);
    body.push(
      element('line', { x1: left, y1: at, x2: right, y2: at, stroke: tick === 0 ? COLOURS.axis : COLOURS.grid }),
      text(left - 6, at + 4, tickTexts[i]!, { 'text-anchor': 'end', fill: COLOURS.muted }),
    );
  });
  // Every k-th label when they do not all fit, counted back from the last: the report's own period is always named.
  const widest = chart.labels.reduce((most, label) => Math.max(most, textWidth(label.text, FONT_SIZE)), 0);
  const every = Math.max(1, Math.ceil((widest + 6) / slot));
  let group: string | undefined;
  chart.labels.forEach((label, i) => {
    if ((count - 1 - i) % every !== 0) return;
    const x = left + slot * (i + 0.5);
    body.push(text(x, bottom + 15, label.text, { 'text-anchor': 'middle', fill: COLOURS.text }));
    if (label.group !== undefined && label.group !== group) {
      body.push(text(x, bottom + 28, label.group, { 'text-anchor': 'middle', fill: COLOURS.muted }));
    }
    group = label.group;
  });
  body.push(text(right, height - 3, chart.xAxis, { 'text-anchor': 'end', fill: COLOURS.muted }));
  return { body, width, height, x: (i) => left + slot * (i + 0.5), y, slot, top, bottom, left, right };
}

/** Value labels over the marks: all of them when each fits its slot, else the `emphasised` one alone. */
function valueLabels(
  chart: ColumnChart | LineChart,
  values: Array<number | null>,
  place: Frame,
  emphasised: number,
  numbers: ChartNumbers,
): string[] {
  const labels = values.map((value) => (value === null ? null : numbers.format(value, chart.unit)));
  const fits = labels.every((label) => label === null || textWidth(label, 10) <= place.slot - 2);
  const body: string[] = [];
  labels.forEach((label, i) => {
    if (label === null || (!fits && i !== emphasised)) return;
    const value = values[i]!;
    const half = textWidth(label, 10) / 2;
    const x = Math.min(Math.max(place.x(i), place.left + half), place.right - half);
    // Clear of the mark: a column's top edge, or a point's circle.
    const gap = chart.kind === 'line' ? 8 : 5;
    const y = value < 0 ? place.y(value) + gap + 8 : place.y(value) - gap;
    body.push(text(x, y, label, { 'text-anchor': 'middle', fill: COLOURS.text, 'font-size': 10 }));
  });
  return body;
}

function lastPresent(values: Array<number | null>): number {
  for (let i = values.length - 1; i >= 0; i--) if (values[i] !== null) return i;
  return -1;
}

function largest(values: Array<number | null>): number {
  let top = -1;
  values.forEach((value, i) => {
    if (value !== null && (top < 0 || value > values[top]!)) top = i;
  });
  return top;
}

function tooltip(label: AxisLabel | undefined, value: string): string {
  return element('title', {}, xmlText(`${label?.text ?? ''}${label?.group ? ` ${label.group}` : ''}: ${value}`));
}

export function columnChart(chart: ColumnChart, numbers: ChartNumbers): string {
  const values = chart.labels.map((_, i) => finite(chart.values[i]));
  const place = frame(chart, values, numbers);
  const body = [...place.body];
  if (values.every((value) => value === null)) {
    body.push(emptyNote(chart, place.width, (place.top + place.bottom) / 2));
    return svg(chart, place.width, place.height, body);
  }
  const barWidth = Math.min(place.slot * 0.72, 56);
  const base = place.y(0);
  values.forEach((value, i) => {
    if (value === null) return;
    const y = place.y(value);
    const colour =
      chart.colours?.[i] ??
      (chart.highlight === undefined || chart.highlight === i
        ? (chart.colour ?? COLOURS.primary)
        : COLOURS.primaryLight);
    body.push(
      element(
        'rect',
        {
          x: place.x(i) - barWidth / 2,
          y: Math.min(y, base),
          width: barWidth,
          // A zero stays visible as a hairline on the axis: "nothing" is a value, not a missing one.
          height: Math.max(Math.abs(base - y), value === 0 ? 0 : 1),
          fill: colour,
        },
        tooltip(chart.labels[i], numbers.format(value, chart.unit)),
      ),
    );
  });
  // Where not every column can carry its figure: the highlighted one (the report's month), else the tallest.
  body.push(...valueLabels(chart, values, place, chart.highlight ?? largest(values), numbers));
  return svg(chart, place.width, place.height, body);
}

export function lineChart(chart: LineChart, numbers: ChartNumbers): string {
  const values = chart.labels.map((_, i) => finite(chart.values[i]));
  const place = frame(chart, values, numbers);
  const body = [...place.body];
  if (values.every((value) => value === null)) {
    body.push(emptyNote(chart, place.width, (place.top + place.bottom) / 2));
    return svg(chart, place.width, place.height, body);
  }
  const colour = chart.colour ?? COLOURS.primary;
  // One path per run of defined values: a period without a figure is a gap, not a fall to zero.
  const runs: string[] = [];
  let run: string[] = [];
  values.forEach((value, i) => {
    if (value === null) {
      if (run.length > 1) runs.push(run.join(' '));
      run = [];
      return;
    }
    run.push(`${run.length ? 'L' : 'M'}${coordinate(place.x(i))} ${coordinate(place.y(value))}`);
  });
  if (run.length > 1) runs.push(run.join(' '));
  for (const path of runs) {
    body.push(
      element('path', { d: path, fill: 'none', stroke: colour, 'stroke-width': 2, 'stroke-linejoin': 'round' }),
    );
  }
  values.forEach((value, i) => {
    if (value === null) return;
    body.push(
      element(
        'circle',
        { cx: place.x(i), cy: place.y(value), r: 3.5, fill: '#ffffff', stroke: colour, 'stroke-width': 2 },
        tooltip(chart.labels[i], numbers.format(value, chart.unit)),
      ),
    );
  });
  body.push(...valueLabels(chart, values, place, lastPresent(values), numbers));
  return svg(chart, place.width, place.height, body);
}

// ---------------------------------------------------------------------------------------------------------------
// Horizontal bars

export function barChart(chart: BarChart, numbers: ChartNumbers): string {
  const width = chart.width ?? DEFAULT_WIDTH;
  const fontSize = 12;
  const rowHeight = 28;
  const top = 22;
  const rows = chart.rows.map((row) => ({ ...row, value: finite(row.value) ?? 0 }));
  if (rows.length === 0) {
    return svg(chart, width, 70, [text(0, 12, chart.axis, { fill: COLOURS.muted }), emptyNote(chart, width, 46)]);
  }
  const labelRoom = Math.min(
    width * 0.36,
    rows.reduce((most, row) => Math.max(most, textWidth(row.label, fontSize)), 0) + 10,
  );
  const valueTexts = rows.map((row) => `${numbers.format(row.value, chart.unit)}${row.note ? ` (${row.note})` : ''}`);
  const valueRoom = valueTexts.reduce((most, value) => Math.max(most, textWidth(value, fontSize)), 0) + 10;
  const longest = Math.max(40, width - labelRoom - valueRoom - 4);
  const topValue = rows.reduce((most, row) => Math.max(most, row.value), 0);
  const height = top + rows.length * rowHeight + 6;
  const colour = chart.colour ?? COLOURS.primary;
  const body: string[] = [
    text(0, 12, chart.axis, { fill: COLOURS.muted }),
    element('line', { x1: labelRoom, y1: top - 2, x2: labelRoom, y2: height - 4, stroke: COLOURS.axis }),
  ];
  rows.forEach((row, i) => {
    const y = top + i * rowHeight;
    const length = topValue > 0 && row.value > 0 ? Math.max(1, (row.value / topValue) * longest) : 0;
    const shown = numbers.format(row.value, chart.unit);
    body.push(
      text(labelRoom - 8, y + 18, fitText(row.label, labelRoom - 10, fontSize), {
        'text-anchor': 'end',
        fill: COLOURS.text,
        'font-size': fontSize,
      }),
      element(
        'rect',
        { x: labelRoom, y: y + 5, width: length, height: 18, fill: colour, rx: 2 },
        element('title', {}, xmlText(`${row.label}: ${shown}`)),
      ),
      text(labelRoom + length + 6, y + 18, valueTexts[i]!, { fill: COLOURS.text, 'font-size': fontSize }),
    );
  });
  return svg(chart, width, height, body);
}

// ---------------------------------------------------------------------------------------------------------------
// Heat map

const LIGHTEST = [241, 245, 249];
const DARKEST = [30, 64, 150];

function shade(share: number): string {
  const t = Math.min(1, Math.max(0, share));
  const channel = (i: number) => Math.round(LIGHTEST[i]! + (DARKEST[i]! - LIGHTEST[i]!) * t);
  return `#${[0, 1, 2].map((i) => channel(i).toString(16).padStart(2, '0')).join('')}`;
}

export function heatMap(chart: HeatMap): string {
  const width = chart.width ?? DEFAULT_WIDTH;
  const cellHeight = 24;
  const top = 40;
  if (chart.rows.length === 0 || chart.columns.length === 0) {
    return svg(chart, width, 80, [text(0, 12, chart.columnAxis, { fill: COLOURS.muted }), emptyNote(chart, width, 50)]);
  }
  const labelRoom = Math.max(
    textWidth(chart.rowAxis, FONT_SIZE),
    ...chart.rows.map((row) => textWidth(row.label, FONT_SIZE)),
  );
  const sizeRoom = Math.max(
    textWidth(chart.sizeAxis, FONT_SIZE),
    ...chart.rows.map((row) => textWidth(row.size, FONT_SIZE)),
  );
  const gridLeft = labelRoom + sizeRoom + 20;
  const cellWidth = Math.min(64, (width - gridLeft - 2) / chart.columns.length);
  const height = top + chart.rows.length * cellHeight + 4;
  const body: string[] = [
    text(gridLeft, 12, chart.columnAxis, { fill: COLOURS.muted }),
    text(0, top - 8, chart.rowAxis, { fill: COLOURS.muted }),
    text(labelRoom + 10 + sizeRoom, top - 8, chart.sizeAxis, { fill: COLOURS.muted, 'text-anchor': 'end' }),
  ];
  const widestColumn = chart.columns.reduce((most, label) => Math.max(most, textWidth(label, FONT_SIZE)), 0);
  const every = Math.max(1, Math.ceil((widestColumn + 4) / cellWidth));
  chart.columns.forEach((label, i) => {
    if (i % every !== 0) return;
    body.push(text(gridLeft + cellWidth * (i + 0.5), top - 8, label, { 'text-anchor': 'middle', fill: COLOURS.text }));
  });
  const widestCell = chart.rows.reduce(
    (most, row) => row.cells.reduce((widest, cell) => Math.max(widest, textWidth(cell.text, 10)), most),
    0,
  );
  // Figures in the cells when they fit; a narrower map (many months) leaves them to the table under it.
  const cellFont = widestCell <= cellWidth - 4 ? 10 : (widestCell * 9) / 10 <= cellWidth - 4 ? 9 : 0;
  chart.rows.forEach((row, r) => {
    const y = top + r * cellHeight;
    body.push(
      text(0, y + 16, row.label, { fill: COLOURS.text }),
      text(labelRoom + 10 + sizeRoom, y + 16, row.size, { fill: COLOURS.text, 'text-anchor': 'end' }),
    );
    row.cells.forEach((cell, c) => {
      const share = finite(cell.share);
      const x = gridLeft + c * cellWidth;
      body.push(
        element(
          'rect',
          {
            x: x + 1,
            y: y + 1,
            width: cellWidth - 2,
            height: cellHeight - 2,
            fill: share === null ? COLOURS.missing : shade(share),
          },
          element('title', {}, xmlText(`${row.label}, ${chart.columns[c] ?? ''}: ${cell.text}`)),
        ),
      );
      if (cellFont > 0) {
        body.push(
          text(x + cellWidth / 2, y + 16, cell.text, {
            'text-anchor': 'middle',
            'font-size': cellFont,
            fill: share !== null && share > 0.55 ? '#ffffff' : COLOURS.text,
          }),
        );
      }
    });
  });
  return svg(chart, width, height, body);
}

export function renderChart(chart: Chart, numbers: ChartNumbers): string {
  switch (chart.kind) {
    case 'columns':
      return columnChart(chart, numbers);
    case 'line':
      return lineChart(chart, numbers);
    case 'bars':
      return barChart(chart, numbers);
    case 'heatmap':
      return heatMap(chart);
  }
}
