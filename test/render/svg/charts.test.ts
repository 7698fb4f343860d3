import { describe, expect, it } from 'vitest';
import {
  type BarChart,
  type Chart,
  type ColumnChart,
  type HeatMap,
  type LineChart,
  niceScale,
  renderChart,
} from '../../../src/render/svg/charts.js';
import { chartNumbers } from '../../../src/render/svg/numbers.js';
import { fitText, textWidth, xmlText } from '../../../src/render/svg/svg.js';
import { xmlProblem } from './xml.js';

const numbers = chartNumbers({ locale: 'ru-RU', currency: 'RUB' });
const MONTHS = ['2025-11', '2025-12', '2026-01'].map((month) => ({ text: month }));
const base = { id: 'c', title: 'Выручка', desc: 'Выручка по месяцам', empty: 'Нет данных' };

function columns(values: Array<number | null>, extra: Partial<ColumnChart> = {}): ColumnChart {
  return {
    ...base,
    kind: 'columns',
    unit: 'money',
    yAxis: 'выручка, ₽',
    xAxis: 'месяц',
    labels: values.map((_, i) => ({ text: `m${i}` })),
    values,
    ...extra,
  };
}

function line(values: Array<number | null>, unit: LineChart['unit'] = 'rate'): LineChart {
  return {
    ...base,
    kind: 'line',
    unit,
    yAxis: 'отток',
    xAxis: 'месяц',
    labels: MONTHS.slice(0, values.length),
    values,
  };
}

function bars(rows: BarChart['rows']): BarChart {
  return { ...base, kind: 'bars', unit: 'count', axis: 'сделки', rows };
}

function heat(rows: HeatMap['rows'], columnCount = 3): HeatMap {
  return {
    ...base,
    kind: 'heatmap',
    rowAxis: 'когорта',
    sizeAxis: 'клиентов',
    columnAxis: 'месяцев после первой покупки',
    columns: Array.from({ length: columnCount }, (_, i) => String(i)),
    rows,
  };
}

function expectWellDrawn(chart: Chart): string {
  const svg = renderChart(chart, numbers);
  expect(xmlProblem(svg), svg).toBeNull();
  expect(svg).not.toMatch(/NaN|Infinity|undefined/);
  expect(svg).toContain(`<title id="c-title">${xmlText(chart.title)}</title>`);
  expect(svg).toContain(`<desc id="c-desc">${xmlText(chart.desc)}</desc>`);
  expect(svg).toContain('aria-labelledby="c-title c-desc"');
  return svg;
}

describe('the XML check the chart tests rely on', () => {
  it('accepts well-formed XML and refuses each kind of malformed text', () => {
    expect(xmlProblem('<svg a="1"><g><text x=\'2\'>&amp;&#1078;&#x416;</text></g><rect/></svg>')).toBeNull();
    for (const bad of [
      '<svg><g></svg>',
      '<svg></g>',
      '<svg a=1></svg>',
      '<svg a="1" a="2"></svg>',
      '<svg a="<"></svg>',
      '<svg>a & b</svg>',
      '<svg>&nbsp;</svg>',
      '<svg>\u0001</svg>',
      '<svg>&#1;</svg>',
      '<svg>\ud800</svg>',
      '<svg></svg><svg></svg>',
      'text<svg></svg>',
      '<svg',
      '<svg a="1"b="2"></svg>',
      '',
    ]) {
      expect(xmlProblem(bad), bad).not.toBeNull();
    }
  });
});

describe('chart text', () => {
  it('escapes markup, control characters and lone surrogates into valid XML text', () => {
    const hostile = '<script>"&\'\u001b[2J\ud800';
    const escaped = xmlText(hostile);
    expect(escaped).toBe('&lt;script&gt;&quot;&amp;&#39;\\x1b[2J\ufffd');
    expect(xmlProblem(`<text>${escaped}</text>`)).toBeNull();
  });

  it('estimates a Cyrillic word about as wide as a Latin one of as many letters, not an em per letter', () => {
    const cyrillic = textWidth('Выручка', 10);
    const latin = textWidth('Revenue', 10);
    expect(Math.abs(cyrillic - latin) / latin).toBeLessThan(0.15);
    expect(cyrillic).toBeLessThan(7 * 10 * 0.8);
    expect(textWidth('Ж', 10)).toBeGreaterThan(textWidth('г', 10));
    expect(textWidth('iii', 10)).toBeLessThan(textWidth('mmm', 10));
  });

  it('cuts a label to its room with an ellipsis', () => {
    expect(fitText('Instagram', 1000, 12)).toBe('Instagram');
    const cut = fitText('Очень длинное название источника', 80, 12);
    expect(cut.endsWith('…')).toBe(true);
    expect(textWidth(cut, 12)).toBeLessThanOrEqual(80);
    expect(fitText('Длинное', 1, 12)).toBe('');
  });
});

describe('scales', () => {
  it('steps of 1, 2, 2.5 or 5 × 10^k that cover the data and zero', () => {
    expect(niceScale(0, 16_500_00, 'money')).toMatchObject({ low: 0, high: 20_000_00, step: 5_000_00 });
    expect(niceScale(0, 1, 'rate')).toMatchObject({ low: 0, high: 1, step: 0.25, ticks: [0, 0.25, 0.5, 0.75, 1] });
    expect(niceScale(0, 0.143, 'rate').ticks).toEqual([0, 0.05, 0.1, 0.15]);
    expect(niceScale(-100, 67, 'score')).toMatchObject({ low: -100, high: 100, step: 50 });
    expect(niceScale(0, 3, 'count').ticks).toEqual([0, 1, 2, 3]);
  });

  it('never steps below a whole currency unit or one client', () => {
    expect(niceScale(0, 150, 'money').step).toBe(100);
    expect(niceScale(0, 1, 'count')).toMatchObject({ step: 1, ticks: [0, 1] });
  });

  it('draws nothing but the zero line for nothing or all zeros', () => {
    expect(niceScale(0, 0, 'money')).toMatchObject({ ticks: [0] });
  });

  it('keeps a huge value to a handful of ticks', () => {
    const scale = niceScale(0, 1e17, 'money');
    expect(scale.ticks.length).toBeLessThanOrEqual(6);
    expect(scale.high).toBeGreaterThanOrEqual(1e17);
  });
});

describe('charts with edge data stay valid SVG with no NaN or Infinity', () => {
  it.each([
    ['no periods', columns([])],
    ['all zero', columns([0, 0, 0])],
    ['one period', columns([16_500_00])],
    ['no figure in any period', columns([null, null])],
    ['a huge value', columns([0, 1e17, 5])],
    ['values that are not numbers', columns([Number.NaN, Number.POSITIVE_INFINITY, 100])],
    ['negative values', { ...columns([-500, 300]), unit: 'score' as const }],
    ['per-column colours and a legend', columns([1, 2, 3], { colours: ['#f00', '#0f0', '#00f'], legend: [] })],
    ['a line with gaps', line([null, 0.5, null])],
    ['a line at 100 %', line([1, 1, 1])],
    ['a line with one point', line([0.25])],
    ['no line', line([])],
    [
      'bars',
      bars([
        { label: 'лиды', value: 8 },
        { label: 'выиграны', value: 2, note: '25 %' },
      ]),
    ],
    ['no bars', bars([])],
    ['bars of zero', bars([{ label: 'лиды', value: 0 }])],
    ['bars with a huge value', bars([{ label: 'x', value: 1e17 }])],
    ['a heat map', heat([{ label: 'окт 2026', size: '2', cells: [{ share: 1, text: '100 %' }] }])],
    ['an empty heat map', heat([], 0)],
    ['a heat map with an undefined share', heat([{ label: 'a', size: '0', cells: [{ share: null, text: '—' }] }])],
    [
      'a heat map too narrow for its figures',
      heat([{ label: 'a', size: '1', cells: Array.from({ length: 120 }, () => ({ share: 0.5, text: '50 %' })) }], 120),
    ],
  ] as Array<[string, Chart]>)('%s', (_, chart) => {
    expectWellDrawn(chart);
  });

  it('says so where there is nothing to draw', () => {
    expect(expectWellDrawn(columns([]))).toContain('>Нет данных</text>');
    expect(expectWellDrawn(line([null, null]))).toContain('>Нет данных</text>');
    expect(expectWellDrawn(bars([]))).toContain('>Нет данных</text>');
    expect(expectWellDrawn(columns([0, 0]))).not.toContain('Нет данных');
  });

  it('writes values in the locale, money in whole units', () => {
    const svg = expectWellDrawn(columns([16_500_00, 12_345_67]));
    expect(svg).toContain('16\u00a0500\u00a0₽');
    expect(svg).toContain('12\u00a0346\u00a0₽');
    expect(expectWellDrawn(line([0.015, 0.2]))).toContain('1,5\u00a0%');
  });

  it('names every period when the labels fit, else every k-th counted back from the last', () => {
    const few = expectWellDrawn(columns([1, 2, 3]));
    for (const label of ['m0', 'm1', 'm2']) expect(few).toContain(`>${label}</text>`);
    const many = columns(
      Array.from({ length: 60 }, (_, i) => i),
      { labels: Array.from({ length: 60 }, (_, i) => ({ text: `label ${i}` })), width: 360 },
    );
    const svg = expectWellDrawn(many);
    expect(svg).toContain('>label 59</text>');
    const shown = svg.match(/>label \d+<\/text>/g) ?? [];
    expect(shown.length).toBeGreaterThan(1);
    expect(shown.length).toBeLessThan(60);
  });

  it('writes a group (the year) under the first label shown and where it changes', () => {
    const chart = columns([1, 2, 3], {
      labels: [
        { text: 'ноя', group: '2025' },
        { text: 'дек', group: '2025' },
        { text: 'янв', group: '2026' },
      ],
    });
    const svg = expectWellDrawn(chart);
    expect(svg.match(/>2025<\/text>/g)).toHaveLength(1);
    expect(svg.match(/>2026<\/text>/g)).toHaveLength(1);
  });

  it('breaks a line at a period without a figure instead of drawing it at zero', () => {
    const svg = expectWellDrawn(line([0.1, 0.2, null, 0.3, 0.4].slice(0, 3)));
    expect(svg.match(/<path /g)).toHaveLength(1);
    const gapped = expectWellDrawn({
      ...line([]),
      labels: Array.from({ length: 5 }, (_, i) => ({ text: String(i) })),
      values: [0.1, 0.2, null, 0.3, 0.4],
    });
    expect(gapped.match(/<path /g)).toHaveLength(2);
    expect(gapped.match(/<circle /g)).toHaveLength(4);
  });

  it('draws the same bytes for the same data', () => {
    const chart = heat([{ label: 'a', size: '3', cells: [{ share: 1 / 3, text: '33 %' }] }]);
    expect(renderChart(chart, numbers)).toBe(renderChart(chart, chartNumbers({ locale: 'ru-RU', currency: 'RUB' })));
  });
});
