/**
 * How dates are read and written for the person: the locale of LC_ALL, else LC_TIME, else LANG (POSIX's order for
 * times), and, where none names one (cron, `C`), the language crm speaks.
 */
import { currentLanguage } from './index.js';

/**
 * The locale people read dates and times in: LC_ALL, else LC_TIME, else LANG, e.g. `ru_RU.UTF-8`; '' when none is
 * set. Importers read the day/month order of a file from it.
 */
export function timeLocale(env: NodeJS.ProcessEnv = process.env): string {
  return env.LC_ALL || env.LC_TIME || env.LANG || '';
}

/** How tables and messages write a calendar date: `17.05.2026` in a Russian locale, ISO `2026-05-17` elsewhere. */
export type DateDisplay = 'iso' | 'dotted';

/**
 * Dotted under a Russian time locale, ISO under any other; with none, or `C`/`POSIX` (which name no people's way),
 * dotted when crm speaks Russian: `crm config set language ru` makes cron's report write 17.05.2026.
 */
export function dateDisplay(env: NodeJS.ProcessEnv = process.env): DateDisplay {
  const locale = timeLocale(env);
  if (/^ru(?:[_.@-]|$)/i.test(locale)) return 'dotted';
  if (locale !== '' && !/^(C|POSIX)(?:\.|$)/i.test(locale)) return 'iso';
  return currentLanguage() === 'ru' ? 'dotted' : 'iso';
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?=$|[ T])/;

/**
 * A `YYYY-MM-DD` date (or the date of a `YYYY-MM-DD HH:MM…` time) as people of the locale write it; anything else
 * unchanged.
 */
export function showDate(text: string, display: DateDisplay): string {
  if (display === 'iso') return text;
  return text.replace(ISO_DATE, (_, year: string, month: string, day: string) => `${day}.${month}.${year}`);
}
