import { UsageError } from '../errors.js';
import { m } from '../i18n/index.js';

/** Whether `text` is `YYYY-MM-DD` naming a day that exists, in the years 1000..9999 that dates are kept in. */
function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1000 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Today's calendar date; `CRM_TODAY=YYYY-MM-DD` pins it (tests, and re-running last month's cron by hand). A pinned
 * day that does not exist is refused: `2026-02-30` would be stored as a client's first day and break every period.
 */
export function today(env: NodeJS.ProcessEnv = process.env): string {
  const pinned = env.CRM_TODAY;
  if (pinned !== undefined && pinned !== '') {
    if (!isCalendarDate(pinned)) {
      throw new UsageError(m.errors.crmToday({ value: pinned }));
    }
    return pinned;
  }
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
