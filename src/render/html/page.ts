/**
 * A report as one self-contained HTML page: styles inline, charts as inline SVG, no script, no font or image to
 * fetch, so that it reads the same offline, as an e-mail attachment and on A4 paper. The page shows what the
 * Renderable holds: its `page` (sections of charts, tables and definitions) when the report made one, else its title,
 * table and notes, so that any listing can be written as a page too.
 */
import { type DateDisplay, showDate } from '../../i18n/dates.js';
import { currentLanguage } from '../../i18n/index.js';
import { DEFAULT_NUMBER_STYLE } from '../money.js';
import { renderChart } from '../svg/charts.js';
import { type ChartNumbers, chartNumbers } from '../svg/numbers.js';
import { xmlText } from '../svg/svg.js';
import type { Cell, Column, PageSection, Renderable, ReportPage, TableData } from '../types.js';
import { pageWords } from './words.js';

const FONTS =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", "DejaVu Sans", sans-serif';

const STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f3f4f6; color: #1f2937; font: 14px/1.45 ${FONTS}; }
main { max-width: 820px; margin: 0 auto; padding: 24px 28px 40px; background: #ffffff; }
header { border-bottom: 2px solid #2f6ea5; margin-bottom: 20px; padding-bottom: 10px; }
.business { margin: 0; color: #2f6ea5; font-weight: 600; letter-spacing: 0.02em; }
h1 { margin: 2px 0 4px; font-size: 24px; line-height: 1.2; }
h2 { margin: 28px 0 10px; font-size: 18px; border-bottom: 1px solid #e5e7eb; padding-bottom: 4px; }
h3 { margin: 14px 0 6px; font-size: 14px; }
.subtitle { margin: 0; color: #6b7280; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(140px, 1fr)); gap: 10px; margin: 0; }
.figure { border: 1px solid #e5e7eb; border-radius: 6px; padding: 8px 10px; margin: 0; }
.figure dt { color: #6b7280; font-size: 12px; }
.figure dd { margin: 2px 0 0; font-size: 20px; font-weight: 600; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
.figure dd.long { font-size: 15px; }
.figure .change { display: block; font-size: 12px; font-weight: 400; color: #6b7280; white-space: normal; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 14px 20px; margin: 8px 0 14px; }
figure.chart { margin: 0; }
figure.chart.wide { grid-column: 1 / -1; }
figcaption { font-weight: 600; font-size: 13px; margin-bottom: 4px; }
figure.chart svg { display: block; width: 100%; height: auto; }
table { border-collapse: collapse; margin: 6px 0 8px; font-size: 13px; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 10px; border-bottom: 1px solid #e5e7eb; text-align: left; vertical-align: top; }
th { border-bottom: 2px solid #d1d5db; font-weight: 600; }
.number { text-align: right; }
td.whole { white-space: nowrap; }
tbody tr:nth-child(even) { background: #f9fafb; }
.table { overflow-x: auto; }
.notes p, .notes pre { margin: 4px 0; color: #4b5563; font-size: 12px; }
.notes pre { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; white-space: pre-wrap; }
.comments { list-style: none; padding: 0; margin: 6px 0 10px; }
.comments li { border-left: 3px solid #dc2626; padding: 4px 10px; margin: 6px 0; background: #fef2f2; }
.comments .who { font-weight: 600; }
.comments p { margin: 2px 0; }
.empty { color: #6b7280; }
footer { margin-top: 28px; border-top: 1px solid #e5e7eb; padding-top: 8px; }
@media (max-width: 640px) { main { padding: 14px; } .charts { grid-template-columns: 1fr; } }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { background: #ffffff; font-size: 10pt; }
  main { max-width: none; padding: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2, h3, figcaption { break-after: avoid; page-break-after: avoid; }
  figure, table, .figures, .comments li, .notes { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  .table { overflow: visible; }
}
`;

const NOTHING = '—';

function html(text: string): string {
  return xmlText(text);
}

function cellText(cell: Cell, column: Column, dates: DateDisplay): string {
  if (cell === null || cell === undefined || cell === '') return NOTHING;
  const text = String(cell);
  // A cell of spaces only is a blank kept on purpose (render.ts: BLANK), not a missing figure.
  if (/^\s*$/.test(text)) return '';
  return column.kind === 'date' ? showDate(text, dates) : text;
}

function classes(names: string[]): string {
  const given = names.filter(Boolean);
  return given.length ? ` class="${given.join(' ')}"` : '';
}

/** Right-aligned figures; and, as on a terminal, only text wraps: a number, an amount, a date or a phone never. */
function cellClass(column: Column): string {
  const wraps = (column.kind ?? (column.align === 'right' ? 'number' : 'text')) === 'text';
  return classes([column.align === 'right' ? 'number' : '', wraps ? '' : 'whole']);
}

function renderTable(table: TableData, dates: DateDisplay, emptyText: string): string {
  if (table.rows.length === 0) return `<p class="empty">${html(emptyText)}</p>`;
  const cellClasses = table.columns.map(cellClass);
  const head = table.columns
    .map(
      (column) =>
        `<th${classes([column.align === 'right' ? 'number' : ''])}>${html(column.label ?? column.header)}</th>`,
    )
    .join('');
  const rows = table.rows.map(
    (row) =>
      `<tr>${table.columns.map((column, i) => `<td${cellClasses[i]}>${html(cellText(row[column.key], column, dates))}</td>`).join('')}</tr>`,
  );
  return `<div class="table"><table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table></div>`;
}

function renderNotes(notes: string[] | undefined): string {
  const shown = (notes ?? []).filter((note) => note.trim() !== '');
  if (shown.length === 0) return '';
  // A note written as lines (a small table of its own) keeps them.
  const lines = shown.map((note) =>
    note.includes('\n') ? `<pre>${html(note.replace(/^\n+/, ''))}</pre>` : `<p>${html(note)}</p>`,
  );
  return `<div class="notes">\n${lines.join('\n')}\n</div>`;
}

interface SectionContext {
  numbers: ChartNumbers;
  dates: DateDisplay;
  emptyText: string;
}

function renderSection(section: PageSection, { numbers, dates, emptyText }: SectionContext): string {
  const parts: string[] = [];
  if (section.heading) parts.push(`<h2>${html(section.heading)}</h2>`);
  if (section.charts?.length) {
    const figures = section.charts.map((chart) => {
      const wide = (chart.width ?? 720) > 480 ? ' wide' : '';
      return `<figure class="chart${wide}">\n<figcaption>${html(chart.title)}</figcaption>\n${renderChart(chart, numbers)}\n</figure>`;
    });
    parts.push(`<div class="charts">\n${figures.join('\n')}\n</div>`);
  }
  if (section.table) parts.push(renderTable(section.table, dates, emptyText));
  if (section.comments) {
    const { heading, empty, items, more } = section.comments;
    parts.push(`<h3>${html(heading)}</h3>`);
    if (items.length === 0 && empty) parts.push(`<p class="empty">${html(empty)}</p>`);
    if (items.length > 0) {
      const entries = items.map(
        (item) =>
          `<li><p class="who">${html(item.title)}</p>${item.lines.map((line) => `<p>${html(line)}</p>`).join('')}</li>`,
      );
      parts.push(`<ul class="comments">\n${entries.join('\n')}\n</ul>`);
    }
    if (more) parts.push(`<p class="empty">${html(more)}</p>`);
  }
  parts.push(renderNotes(section.notes));
  return `<section>\n${parts.filter(Boolean).join('\n')}\n</section>`;
}

/** The page a Renderable without a `page` of its own makes: its title, table and notes. */
function plainPage(output: Renderable): ReportPage {
  return {
    language: currentLanguage() ?? 'en',
    style: DEFAULT_NUMBER_STYLE,
    sections: [{ table: output.table, notes: output.notes }],
  };
}

export interface PageLayout {
  /** How date columns are written, as a terminal table writes them. */
  dates: DateDisplay;
}

export function renderPage(output: Renderable, layout: PageLayout): string {
  const page = output.page ?? plainPage(output);
  const words = pageWords(page.language);
  const title = output.title ?? '';
  const context: SectionContext = {
    numbers: chartNumbers(page.style),
    dates: layout.dates,
    emptyText: output.emptyText ?? words.none,
  };
  const header = [
    page.business ? `<p class="business">${html(page.business)}</p>` : '',
    `<h1>${html(title)}</h1>`,
    page.subtitle ? `<p class="subtitle">${html(page.subtitle)}</p>` : '',
  ].filter(Boolean);
  const figures = page.figures
    ? [
        '<section>',
        `<h2>${html(page.figures.heading)}</h2>`,
        '<dl class="figures">',
        ...page.figures.items.map(
          (item) =>
            `<div class="figure"><dt>${html(item.label)}</dt><dd${[...item.value].length > 11 ? ' class="long"' : ''}>${html(item.value)}${item.change ? `<span class="change">${html(item.change)}</span>` : ''}</dd></div>`,
        ),
        '</dl>',
        '</section>',
      ]
    : [];
  const documentTitle = page.business ? `${page.business} · ${title}` : title;
  return `${[
    '<!DOCTYPE html>',
    `<html lang="${html(words.lang)}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${html(documentTitle)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<header>\n${header.join('\n')}\n</header>`,
    ...figures,
    ...page.sections.map((section) => renderSection(section, context)),
    page.notes?.length ? `<footer>\n${renderNotes(page.notes)}\n</footer>` : '',
    '</main>',
    '</body>',
    '</html>',
  ]
    .filter(Boolean)
    .join('\n')}\n`;
}
