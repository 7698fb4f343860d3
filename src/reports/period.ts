import {
  addDays,
  addMonths,
  firstDayOfMonth,
  isIsoDate,
  lastDayOfMonth,
  monthOf,
  monthsBetween,
} from '../domain/calendar.js';
import { UsageError } from '../errors.js';
import { m } from '../i18n/index.js';

/** Inclusive calendar dates `YYYY-MM-DD`. */
export interface Period {
  from: string;
  to: string;
}

export type Grain = 'month' | 'quarter' | 'year';

export interface PeriodOptions {
  period?: string;
  from?: string;
  to?: string;
  month?: string;
  year?: string;
}

function monthPeriod(month: string): Period {
  return { from: firstDayOfMonth(month), to: lastDayOfMonth(month) };
}

function quarterPeriod(year: string, quarter: number): Period {
  const first = `${year}-${String((quarter - 1) * 3 + 1).padStart(2, '0')}`;
  return { from: firstDayOfMonth(first), to: lastDayOfMonth(addMonths(first, 2)) };
}

function yearPeriod(year: string): Period {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

function isMonth(text: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(text);
}

/**
 * Reads `2026-03`, `2026Q1` / `2026-Q1`, `2026`, `2026-03-05` or `2026-03-05..2026-03-20`; days and months also
 * day first with dots (`05.03.2026`, `03.2026`).
 */
export function parsePeriod(text: string, option = '--period'): Period {
  const value = text.trim();
  const invalid = () => new UsageError(m.errors.period.notAPeriod({ option, text, forms: m.errors.period.forms }));
  // A range runs from the first day of one period to the last of another: 2026-03-05..2026-03-20, 2026-01..2026-06,
  // 2025Q4..2026Q1, 2020..2026.
  const [first, last = first, ...more] = value.split('..');
  const start = onePeriod(first!);
  const end = onePeriod(last);
  if (!start || !end || more.length > 0) throw invalid();
  if (start.from > end.to) throw new UsageError(m.errors.period.endsBeforeStart({ option, text }));
  return { from: start.from, to: end.to };
}

/**
 * A day or a month written day first with dots, as Russian (and most of Europe) writes them: `05.03.2026` and
 * `03.2026`, as ISO (`2026-03-05`, `2026-03`); anything else as it was.
 */
function isoFromDotted(value: string): string {
  const day = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(value);
  if (day) return `${day[3]}-${day[2]!.padStart(2, '0')}-${day[1]!.padStart(2, '0')}`;
  const month = /^(\d{1,2})\.(\d{4})$/.exec(value);
  if (month) return `${month[2]}-${month[1]!.padStart(2, '0')}`;
  return value;
}

/** A month, a quarter, a year or a day, as written; undefined for anything else. */
function onePeriod(written: string): Period | undefined {
  const value = isoFromDotted(written);
  if (isMonth(value)) return monthPeriod(value);
  const quarter = /^(\d{4})-?[Qq]([1-4])$/.exec(value);
  if (quarter) return quarterPeriod(quarter[1]!, Number(quarter[2]));
  if (/^\d{4}$/.test(value)) return yearPeriod(value);
  if (isIsoDate(value)) return { from: value, to: value };
  return undefined;
}

function parseDateOption(value: string, option: string): string {
  const date = isoFromDotted(value.trim());
  if (!isIsoDate(date)) throw new UsageError(m.errors.period.notADate({ option, text: value }));
  return date;
}

/** The last whole calendar month before `today`: what a cron job on the 1st reports. */
export function lastFullMonth(today: string): Period {
  return monthPeriod(addMonths(monthOf(today), -1));
}

/** The `count` whole calendar months before `today`'s month. */
export function lastFullMonths(today: string, count: number): Period {
  const last = addMonths(monthOf(today), -1);
  return { from: firstDayOfMonth(addMonths(last, 1 - count)), to: lastDayOfMonth(last) };
}

/**
 * The period the options name; exactly one of `-p`, `--from/--to`, `--month`, `--year` may be given, else
 * `fallback(today)` (by default the last full month). `--from` alone runs to today.
 */
export function resolvePeriod(
  options: PeriodOptions,
  today: string,
  fallback: (today: string) => Period = lastFullMonth,
): Period {
  const given = [
    options.period !== undefined && '-p/--period',
    (options.from !== undefined || options.to !== undefined) && '--from/--to',
    options.month !== undefined && '--month',
    options.year !== undefined && '--year',
  ].filter((name): name is string => Boolean(name));
  if (given.length > 1) {
    throw new UsageError(m.errors.period.oneWay({ options: given.join(m.said.context.and) }));
  }
  if (options.period !== undefined) return parsePeriod(options.period, '-p/--period');
  if (options.month !== undefined) {
    const month = isoFromDotted(options.month.trim());
    if (!isMonth(month)) throw new UsageError(m.errors.period.notAMonth({ text: options.month }));
    return monthPeriod(month);
  }
  if (options.year !== undefined) {
    if (!/^\d{4}$/.test(options.year.trim())) throw new UsageError(m.errors.period.notAYear({ text: options.year }));
    return yearPeriod(options.year.trim());
  }
  if (options.to !== undefined && options.from === undefined) throw new UsageError(m.errors.period.toNeedsFrom);
  if (options.from !== undefined) {
    const from = parseDateOption(options.from, '--from');
    const to = options.to === undefined ? today : parseDateOption(options.to, '--to');
    if (from > to) throw new UsageError(m.errors.period.fromAfterTo({ from, to }));
    return { from, to };
  }
  return fallback(today);
}

function quarterOf(month: string): number {
  return Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1;
}

function unitOf(date: string, grain: Grain): { label: string; period: Period } {
  const month = monthOf(date);
  const year = date.slice(0, 4);
  switch (grain) {
    case 'month':
      return { label: month, period: monthPeriod(month) };
    case 'quarter':
      return { label: `${year}Q${quarterOf(month)}`, period: quarterPeriod(year, quarterOf(month)) };
    case 'year':
      return { label: year, period: yearPeriod(year) };
  }
}

export interface SubPeriod {
  label: string;
  period: Period;
}

/**
 * The most columns a split report has: a hundred years by month. Each column is a whole report, so a split of
 * 1000..9999 by month (108,000 of them) ran for minutes and took gigabytes before printing a table no one can read.
 */
export const MAX_SPLIT_PERIODS = 1200;

/** How many calendar months, quarters or years `period` touches. */
export function countPeriods(period: Period, grain: Grain): number {
  const from = monthOf(period.from);
  const to = monthOf(period.to);
  switch (grain) {
    case 'month':
      return monthsBetween(from, to) + 1;
    case 'quarter':
      return (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 4 + quarterOf(to) - quarterOf(from) + 1;
    case 'year':
      return Number(to.slice(0, 4)) - Number(from.slice(0, 4)) + 1;
  }
}

/**
 * Calendar months, quarters or years that `period` touches, each cut to the part inside `period`. More than
 * MAX_SPLIT_PERIODS of them is a usage error, refused before any is built.
 */
export function splitPeriod(period: Period, grain: Grain): SubPeriod[] {
  const count = countPeriods(period, grain);
  if (count > MAX_SPLIT_PERIODS) {
    const flag = { month: '--monthly', quarter: '--quarterly', year: '--yearly' }[grain];
    throw new UsageError(
      m.errors.period.tooManyColumns({ flag, from: period.from, to: period.to, count, most: MAX_SPLIT_PERIODS }),
    );
  }
  const parts: SubPeriod[] = [];
  let start = period.from;
  while (start <= period.to) {
    const unit = unitOf(start, grain);
    // biome-ignore lint/complexity/useMathMinMax: these are date strings; Math.min would turn them into NaN
    const to = unit.period.to < period.to ? unit.period.to : period.to;
    parts.push({ label: unit.label, period: { from: start, to } });
    start = addDays(to, 1);
  }
  return parts;
}

/** `2026-10`, `2026Q1` or `2026` when the period is exactly that, else `from..to`. */
export function periodLabel(period: Period): string {
  for (const grain of ['month', 'quarter', 'year'] as const) {
    const unit = unitOf(period.from, grain);
    if (unit.period.from === period.from && unit.period.to === period.to) return unit.label;
  }
  return period.from === period.to ? period.from : `${period.from}..${period.to}`;
}

export function isWholeMonth(period: Period): boolean {
  return (
    period.from.endsWith('-01') &&
    monthOf(period.from) === monthOf(period.to) &&
    lastDayOfMonth(monthOf(period.to)) === period.to
  );
}

/** The month `offset` months from the month `period` starts in (a whole month period). */
export function shiftMonth(period: Period, offset: number): Period {
  return monthPeriod(addMonths(monthOf(period.from), offset));
}

/** Whole months from the first to the last month `period` touches, oldest first. */
export function monthsOf(period: Period): string[] {
  const first = monthOf(period.from);
  return Array.from({ length: monthsBetween(first, monthOf(period.to)) + 1 }, (_, i) => addMonths(first, i));
}
