import { parseDateArgument } from '../domain/records.js';
import { UsageError } from '../errors.js';
import { m } from '../i18n/index.js';
import { parsePeriod } from '../reports/period.js';
import { today } from './context.js';

/** `--from/--to` or `-p` on a listing, as a date range; no option means no limit. Periods read as reports read them. */
export function periodFilter(options: { from?: string; to?: string; period?: string }): { from?: string; to?: string } {
  if (options.period) {
    if (options.from || options.to) throw new UsageError(m.errors.period.periodOrRange);
    return parsePeriod(options.period, '-p');
  }
  return {
    from: options.from ? parseDateArgument(options.from, today()) : undefined,
    to: options.to ? parseDateArgument(options.to, today()) : undefined,
  };
}
