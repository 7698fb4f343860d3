import { parseDateArgument } from '../domain/records.js';
import { UsageError } from '../errors.js';
import { today } from './context.js';

/** `--from/--to` or `-p` on a listing, as a date range; no option means no limit. */
export function periodFilter(options: { from?: string; to?: string; period?: string }): { from?: string; to?: string } {
  if (options.period) {
    if (options.from || options.to) throw new UsageError('give either -p or --from/--to, not both');
    const range = periodRange(options.period);
    if (!range)
      throw new UsageError(`-p '${options.period}' is not a period (2026-03, 2026Q1, 2026, or 2026-03-01..2026-03-15)`);
    return range;
  }
  return {
    from: options.from ? parseDateArgument(options.from, today()) : undefined,
    to: options.to ? parseDateArgument(options.to, today()) : undefined,
  };
}

function lastDay(year: number, month: number): string {
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

function periodRange(text: string): { from: string; to: string } | undefined {
  const t = text.trim();
  let m = /^(\d{4})-(\d{2})$/.exec(t);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12)
    return { from: `${m[1]}-${m[2]}-01`, to: lastDay(Number(m[1]), Number(m[2])) };
  m = /^(\d{4})-?Q([1-4])$/i.exec(t);
  if (m) {
    const first = (Number(m[2]) - 1) * 3 + 1;
    return { from: `${m[1]}-${String(first).padStart(2, '0')}-01`, to: lastDay(Number(m[1]), first + 2) };
  }
  m = /^(\d{4})$/.exec(t);
  if (m) return { from: `${m[1]}-01-01`, to: `${m[1]}-12-31` };
  m = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(t);
  if (m) return { from: m[1]!, to: m[2]! };
  return undefined;
}
