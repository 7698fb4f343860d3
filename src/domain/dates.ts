/** Order of day, month and year in a column's numeric dates. */
export type DateStyle = 'dmy' | 'mdy' | 'ymd';

export interface ParseDateOptions {
  /** The column holds Excel serial day numbers (`45429` = 2024-05-17); see `isSerialColumn`. */
  serial?: boolean;
  /** The day two-digit years are read relative to (tests pin it); defaults to today. */
  now?: Date;
}

/**
 * Two-digit years up to next year's belong to this century, the rest to the last one: in 2026 `27` is 2027 and `28`
 * is 1928. One year of slack covers a visit or deal written for next January; birthdays are never in the future,
 * and a year further would already turn a 1928 birthday into 2028.
 */
export function expandTwoDigitYear(twoDigits: number, now: Date = new Date()): number {
  const century = Math.floor(now.getFullYear() / 100) * 100;
  const pivot = (now.getFullYear() % 100) + 1;
  return twoDigits <= pivot ? century + twoDigits : century - 100 + twoDigits;
}

const ISO_LIKE = /^(\d{4})[-./](\d{1,2})[-./](\d{1,2})$/;
const YEAR_LAST = /^(\d{1,2})([-./])(\d{1,2})\2(\d{2}|\d{4})$/;
/** A time after the date (`14:30`, `0:00:00`, `T14:30:00.000Z`, `2:30 PM`): dropped, the calendar day stays. */
const TRAILING_TIME =
  /(?:[T\s]+\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s*(?:Z|[+-]\d{2}:?\d{2}))?)$/;

/** `17.05.2024 г.`, `17 мая 2024 года`: the Russian "year" word after the number. */
const YEAR_WORD = /(\d)\s*(?:г\.?|года?)$/u;

/**
 * Longer than any date with a time and a zone written out (`17 сентября 2024 года 14:30:00.000 +03:00` is 41): such a
 * cell is not a date, and TRAILING_TIME, tried at every position, would take quadratic time on it.
 */
const MAX_DATE_LENGTH = 100;

function withoutTimeAndYearWord(text: string): string {
  return text.replace(TRAILING_TIME, '').replace(YEAR_WORD, '$1');
}

/** Month names by their shortest unambiguous beginnings (`мая`, `май`, `сент.`, `Sept`). */
const MONTH_PREFIXES: ReadonlyArray<readonly [string, number]> = [
  ['янв', 1],
  ['фев', 2],
  ['мар', 3],
  ['апр', 4],
  ['май', 5],
  ['мая', 5],
  ['мае', 5],
  ['июн', 6],
  ['июл', 7],
  ['авг', 8],
  ['сен', 9],
  ['окт', 10],
  ['ноя', 11],
  ['дек', 12],
  ['jan', 1],
  ['feb', 2],
  ['mar', 3],
  ['apr', 4],
  ['may', 5],
  ['jun', 6],
  ['jul', 7],
  ['aug', 8],
  ['sep', 9],
  ['oct', 10],
  ['nov', 11],
  ['dec', 12],
];

const MONTH_FULL_NAMES = [
  'январь января',
  'февраль февраля',
  'март марта',
  'апрель апреля',
  'май мая',
  'июнь июня',
  'июль июля',
  'август августа',
  'сентябрь сентября',
  'октябрь октября',
  'ноябрь ноября',
  'декабрь декабря',
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

function monthByName(word: string): number | null {
  const name = word.toLowerCase().replace(/ё/g, 'е').replace(/\.$/, '');
  if (name.length < 3) return null;
  const hit = MONTH_PREFIXES.find(([prefix]) => name.startsWith(prefix));
  if (!hit) return null;
  // The word must be a beginning of a real month name ("марсель" is not March).
  const isPrefixOfName = MONTH_FULL_NAMES.some((names) => names.split(' ').some((full) => full.startsWith(name)));
  return isPrefixOfName ? hit[1] : null;
}

/** `17 мая 2024`, `17 май 2024 г.`, `17 May 2024`, `17-May-2024`. */
const DAY_MONTH_YEAR = /^(\d{1,2})[\s-]+(\p{L}+\.?)[\s-]+(\d{4}|\d{2})$/u;
/** `May 17, 2024`, `May 17 2024`. */
const MONTH_DAY_YEAR = /^(\p{L}+\.?)\s+(\d{1,2}),?\s+(\d{4})$/u;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isoOf(year: number, month: number, day: number): string | null {
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function fullYear(digits: string, now: Date | undefined): number {
  return digits.length === 2 ? expandTwoDigitYear(Number(digits), now) : Number(digits);
}

/**
 * Reads a date as a `YYYY-MM-DD` calendar string, or null when it is not a real calendar date (31.02.2024).
 * A year-first date is always year-month-day; otherwise `style` says whether the day or the month comes first.
 * A trailing time is dropped. Outlook's "no date" (`0.0.00`) is null too: check `isEmptyDateMarker` first.
 */
export function parseDate(value: string, style: DateStyle, options: ParseDateOptions = {}): string | null {
  const text = value.trim().replace(/\s+/g, ' ');
  if (text === '' || text.length > MAX_DATE_LENGTH) return null;
  if (options.serial && /^\d+$/.test(text)) return fromExcelSerial(Number(text));
  const date = withoutTimeAndYearWord(text);

  const iso = ISO_LIKE.exec(date);
  if (iso) return isoOf(Number(iso[1]), Number(iso[2]), Number(iso[3]));

  const numeric = YEAR_LAST.exec(date);
  if (numeric) {
    const [first, second] = [Number(numeric[1]), Number(numeric[3])];
    const year = fullYear(numeric[4]!, options.now);
    return style === 'mdy' ? isoOf(year, first, second) : isoOf(year, second, first);
  }

  const dayFirst = DAY_MONTH_YEAR.exec(date);
  if (dayFirst) {
    const month = monthByName(dayFirst[2]!);
    return month ? isoOf(fullYear(dayFirst[3]!, options.now), month, Number(dayFirst[1])) : null;
  }

  const monthFirst = MONTH_DAY_YEAR.exec(date);
  if (monthFirst) {
    const month = monthByName(monthFirst[1]!);
    return month ? isoOf(Number(monthFirst[3]), month, Number(monthFirst[2])) : null;
  }
  return null;
}

/** Excel's day 1 is 1900-01-01 and it counts a 29 February 1900 that never was, so real dates start at day 61. */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const MS_PER_DAY = 86_400_000;
const LAST_EXCEL_SERIAL = 2_958_465; // 9999-12-31

function fromExcelSerial(serial: number): string | null {
  if (serial < 61 || serial > LAST_EXCEL_SERIAL) return null;
  return new Date(EXCEL_EPOCH_MS + serial * MS_PER_DAY).toISOString().slice(0, 10);
}

/** A column of five-digit integers is Excel serial dates written out as numbers (a date column formatted "General"). */
export function isSerialColumn(values: string[]): boolean {
  const filled = values.map((v) => v.trim()).filter((v) => v !== '');
  return filled.length > 0 && filled.every((v) => /^\d{5}$/.test(v));
}

/** Outlook writes `0.0.00` or `1/0/00` (and some tools `0000-00-00`) for a date that was never set. */
export function isEmptyDateMarker(value: string): boolean {
  const parts = value.trim().split(/[-./]/);
  if (parts.length !== 3 || !parts.every((p) => /^\d{1,4}$/.test(p))) return false;
  const numbers = parts.map(Number);
  const yearAt = parts[0]!.length === 4 ? 0 : 2;
  return numbers[yearAt] === 0 && numbers.some((n, i) => i !== yearAt && n === 0);
}

/**
 * Decides a column's day/month order from all its values: `yyyy-mm-dd` means ymd, `dd.mm.yyyy` dmy; in slashed or
 * dashed dates a first number over 12 proves dmy and a second one over 12 proves mdy. With no proof, or proof both
 * ways, `fallback` (the profile's or the locale's style) decides.
 */
export function sniffDateStyle(values: string[], fallback: DateStyle): DateStyle {
  let ymd = 0;
  let dotted = 0;
  let dayFirst = 0;
  let monthFirst = 0;
  for (const value of values) {
    const text = value.trim().replace(/\s+/g, ' ');
    if (text.length > MAX_DATE_LENGTH) continue;
    const date = withoutTimeAndYearWord(text);
    if (date === '') continue;
    if (ISO_LIKE.test(date)) {
      ymd++;
      continue;
    }
    const numeric = YEAR_LAST.exec(date);
    if (!numeric) continue;
    if (Number(numeric[1]) > 12) dayFirst++;
    else if (Number(numeric[3]) > 12) monthFirst++;
    else if (numeric[2] === '.') dotted++;
  }
  if (dayFirst > 0 && monthFirst > 0) return fallback;
  if (dayFirst > 0) return 'dmy';
  if (monthFirst > 0) return 'mdy';
  if (dotted > 0) return 'dmy';
  if (ymd > 0) return 'ymd';
  return fallback;
}

const DEFAULT_SEPARATOR: Record<DateStyle, string> = { dmy: '.', mdy: '/', ymd: '-' };

/** Writes a `YYYY-MM-DD` date in a file's style, zero-padded with a four-digit year, so `parseDate` reads it back. */
export function formatDate(iso: string, style: DateStyle, separator: string = DEFAULT_SEPARATOR[style]): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match || isoOf(Number(match[1]), Number(match[2]), Number(match[3])) === null) {
    throw new RangeError(`not a YYYY-MM-DD date: '${iso}'`);
  }
  const [, year, month, day] = match;
  if (style === 'ymd') return [year, month, day].join(separator);
  return (style === 'dmy' ? [day, month, year] : [month, day, year]).join(separator);
}
