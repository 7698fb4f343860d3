/**
 * The locale people read dates and times in: LC_ALL, else LC_TIME, else LANG (POSIX order), e.g. `ru_RU.UTF-8`;
 * '' when none is set. Importers read the day/month order of a file from it, tables the way they write dates.
 */
export function timeLocale(env: NodeJS.ProcessEnv = process.env): string {
  return env.LC_ALL || env.LC_TIME || env.LANG || '';
}

/** How tables and messages write a calendar date: `17.05.2026` in a Russian locale, ISO `2026-05-17` elsewhere. */
export type DateDisplay = 'iso' | 'dotted';

export function dateDisplay(env: NodeJS.ProcessEnv = process.env): DateDisplay {
  return /^ru(?:[_.@-]|$)/i.test(timeLocale(env)) ? 'dotted' : 'iso';
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
