/** Money is kept in integer minor units (kopecks, cents): 1 500,50 ₽ is 150050. */
export type ParsedMoney = { minor: number } | { error: MoneyProblem };

/** Why a text is not an amount, with what it quotes (`text`: the amount as written, trimmed); words in row-notes.ts. */
export type MoneyProblem =
  | { code: 'empty' }
  | { code: 'tooLong'; length: number }
  | { code: 'notAnAmount'; text: string }
  | { code: 'otherCurrency'; currency: string; database: string }
  | { code: 'notGrouped'; text: string }
  | { code: 'noFractionDigits'; text: string }
  | { code: 'tooManyFractionDigits'; text: string }
  | { code: 'tooLarge'; text: string };

export type DecimalSeparator = ',' | '.';

export interface ParseMoneyOptions {
  /**
   * The column's decimal separator (see `sniffDecimalSeparator`). It only matters for a lone separator followed by
   * exactly three digits: `1,500` is 1500 when the decimal separator is '.', else 1,5 with too many fraction digits.
   */
  decimal?: DecimalSeparator;
  /**
   * The database's currency (ISO 4217): an amount marked with another one (`4500 USD`, `€90`) is an error rather than
   * a number of the wrong money. Without it, any mark is dropped.
   */
  currency?: string;
}

export interface FormatMoneyOptions {
  decimal: DecimalSeparator;
  /** Between groups of three digits: '' (default), ' ', '\u00A0', '\u202F', "'", or the other of ',' and '.'. */
  thousands?: string;
}

/** Currency marks written before or after the number, and the currency each stands for. */
const CURRENCY_SUFFIX =
  /\s*(₽|руб\.?|р\.?|rub\.?|rur|[$€£¥₸₴]|тг\.?|грн\.?|usd|eur|gbp|kzt|uah|byn|cny|jpy|chf|try)$/iu;
const CURRENCY_PREFIX = /^(₽|[$€£¥₸₴]|usd|eur|gbp|rub|kzt|uah|byn|cny|jpy|chf|try)\s*/iu;
const CURRENCY_OF_MARK: Record<string, string> = {
  '₽': 'RUB',
  руб: 'RUB',
  р: 'RUB',
  rur: 'RUB',
  $: 'USD',
  '€': 'EUR',
  '£': 'GBP',
  '¥': 'JPY',
  '₸': 'KZT',
  тг: 'KZT',
  '₴': 'UAH',
  грн: 'UAH',
};

/** Currency signs that no single-byte code page holds (Windows-1251 and KOI8-R have no ₽): their currencies. */
const SIGN_OF_CURRENCY: Readonly<Record<string, string>> = { RUB: '₽', KZT: '₸', UAH: '₴' };

/**
 * The currency sign a file in a single-byte code page may have lost, written as `?` by the program that saved it:
 * the sign of the database's currency when no code page holds it, ₽ when the database names none.
 */
export function signLostInCodePage(currency: string | undefined): string | undefined {
  return SIGN_OF_CURRENCY[(currency ?? 'RUB').toUpperCase()];
}

/** A `?` before or after an amount, where a currency sign stands: the amount without it, or undefined. */
export function withoutLostSign(text: string): string | undefined {
  const rest = /^\?\s*([^?]*\d[^?]*)$/u.exec(text)?.[1] ?? /^([^?]*\d[^?]*?)\s*\?$/u.exec(text)?.[1];
  return rest?.trim();
}

/** The ISO code of a currency mark: `руб.` → RUB, `€` → EUR, `usd` → USD. */
export function currencyOfMark(mark: string): string {
  const key = mark.toLowerCase().replace(/\.$/, '');
  return CURRENCY_OF_MARK[key] ?? key.toUpperCase();
}

/** A currency mark ending a column's header, after a space, a comma or in brackets. */
const HEADER_CURRENCY =
  /[\s,(]\(?(₽|руб\.?|rub|rur|[$€£¥₸₴]|тг\.?|грн\.?|usd|eur|gbp|kzt|uah|byn|cny|jpy|chf|try)\)?$/iu;

/**
 * The currency an amount column's header names: `Бюджет ₽` (amoCRM writes the account's currency so), `Сумма, руб.`,
 * `Amount (USD)`; undefined when it names none.
 */
export function currencyNamedIn(header: string): string | undefined {
  const mark = HEADER_CURRENCY.exec(header.trim())?.[1];
  return mark === undefined ? undefined : currencyOfMark(mark);
}

/**
 * The decimal separator of numbers in a locale (`en-US`, or `en_US.UTF-8` as LANG writes it): '.' in English,
 * Chinese, Japanese, Korean, Hebrew, Thai and Hindi; ',' elsewhere. Without a locale, the environment's (LC_ALL,
 * LC_NUMERIC, LANG).
 */
export function localeDecimalSeparator(
  locale: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): DecimalSeparator {
  const name = locale || env.LC_ALL || env.LC_NUMERIC || env.LANG || '';
  return /^(?:en|zh|ja|ko|he|th|hi)(?:[-_]|$)/i.test(name) ? '.' : ',';
}

/** Grouping marks that are never a decimal separator: spaces (plain, no-break, narrow no-break) and apostrophes. */
const GROUPING_SPACES = /[\s\u00A0\u202F'’]+/gu;
const MINUS = /^[-−–]/u;
/**
 * Far longer than any amount a person writes (`-1 000 000 000 000,00 руб.` is 26): anything longer is not an amount,
 * and CURRENCY_SUFFIX, tried at every position of a long run of spaces, would take quadratic time on it.
 */
const MAX_AMOUNT_LENGTH = 100;

/**
 * The largest amount accepted, 10^12 in major units (10^14 minor): far above any one sale a small business records,
 * and low enough that the sums reports add stay exact (a sum is exact up to 2^53 minor units: 90 amounts at this
 * limit, or any number of real ones). Larger numbers are typing mistakes or hostile files, which once broke every
 * report that added them.
 */
export const MAX_AMOUNT_MINOR = 100_000_000_000_000;

/**
 * Reads an amount as written in spreadsheets and receipts: `1 500,00`, `1,500.50`, `1.500,50`, `1500 руб.`, `$15.00`,
 * `15,5`. Digits are combined as strings, so the result is exact. A leading minus gives a negative number; whether
 * that is allowed is the caller's business.
 */
export function parseMoney(text: string, options: ParseMoneyOptions = {}): ParsedMoney {
  let rest = text.trim();
  if (rest === '') return { error: { code: 'empty' } };
  if (rest.length > MAX_AMOUNT_LENGTH) return { error: { code: 'tooLong', length: rest.length } };
  let negative = false;
  for (let pass = 0; pass < 2; pass++) {
    // The sign may stand on either side of a currency mark: `-$15.00`, `$-15.00`, `-1500 ₽`.
    if (MINUS.test(rest)) {
      if (negative) return notAnAmount(text);
      negative = true;
      rest = rest.slice(1).trim();
    }
    for (const pattern of [CURRENCY_PREFIX, CURRENCY_SUFFIX]) {
      const mark = pattern.exec(rest)?.[1];
      if (mark === undefined) continue;
      const currency = currencyOfMark(mark);
      if (options.currency && currency !== options.currency.toUpperCase()) {
        // Adding dollars into a sum of rubles would be silently wrong: the amount is refused, not converted.
        return { error: { code: 'otherCurrency', currency, database: options.currency.toUpperCase() } };
      }
      rest = rest.replace(pattern, '').trim();
    }
  }
  if (rest === '') return notAnAmount(text);
  if (!/^[\d\s\u00A0\u202F'’,.]+$/u.test(rest) || !/\d/.test(rest)) return notAnAmount(text);

  const split = splitDecimal(rest.replace(GROUPING_SPACES, ' '), options.decimal);
  if ('error' in split) return { error: { code: split.error, text: text.trim() } };
  const { integer, fraction } = split;
  if (fraction.length > 2) return { error: { code: 'tooManyFractionDigits', text: text.trim() } };
  const digits = `${integer}${fraction.padEnd(2, '0')}`.replace(/^0+(?=\d)/, '');
  const minor = Number(digits);
  if (minor > MAX_AMOUNT_MINOR) return { error: { code: 'tooLarge', text: text.trim() } };
  return { minor: negative && minor !== 0 ? -minor : minor };
}

function notAnAmount(text: string): ParsedMoney {
  return { error: { code: 'notAnAmount', text: text.trim() } };
}

/**
 * Splits `1 500,50` (groups already joined by single spaces) into integer and fraction digits, deciding which of
 * ',' and '.' is the decimal separator and checking that everything else groups digits by three.
 */
function splitDecimal(
  value: string,
  decimal: DecimalSeparator | undefined,
): { integer: string; fraction: string } | { error: 'notAnAmount' | 'noFractionDigits' | 'notGrouped' } {
  const lastComma = value.lastIndexOf(',');
  const lastDot = value.lastIndexOf('.');
  let decimalAt = -1;
  if (lastComma >= 0 && lastDot >= 0) {
    decimalAt = Math.max(lastComma, lastDot);
  } else if (lastComma >= 0 || lastDot >= 0) {
    const at = Math.max(lastComma, lastDot);
    const mark = value[at] as DecimalSeparator;
    const single = value.indexOf(mark) === at;
    const after = value.slice(at + 1);
    // A mark seen twice (`1.500.000`) or followed by three digits when the column's decimal is the other mark
    // (`1,500` in an English file) groups thousands; otherwise it is the decimal separator.
    const groupsThousands = !single || (/^\d{3}$/.test(after) && decimal !== undefined && decimal !== mark);
    if (!groupsThousands) decimalAt = at;
  }
  const integerText = decimalAt >= 0 ? value.slice(0, decimalAt) : value;
  const fraction = decimalAt >= 0 ? value.slice(decimalAt + 1) : '';
  if (!/^\d*$/.test(fraction)) return { error: 'notAnAmount' };
  if (decimalAt >= 0 && fraction === '') return { error: 'noFractionDigits' };
  const groups = integerText.split(/[ ,.]/);
  if (groups.length > 1) {
    const [head, ...tail] = groups;
    if (!/^\d{1,3}$/.test(head!) || !tail.every((g) => /^\d{3}$/.test(g))) {
      return { error: 'notGrouped' };
    }
  }
  const integer = groups.join('');
  if (integer === '' && fraction === '') return { error: 'notAnAmount' };
  return { integer: integer || '0', fraction };
}

/**
 * Decides a column's decimal separator from its values: a mark seen twice in one value, or followed by something
 * other than three digits, tells; a lone mark before exactly three digits (`1,500`) proves nothing. The mark with
 * more proof wins; with none, `fallback`.
 */
export function sniffDecimalSeparator(values: string[], fallback: DecimalSeparator = ','): DecimalSeparator {
  let comma = 0;
  let dot = 0;
  for (const raw of values) {
    const value = raw.replace(/[^\d,.]/g, '');
    const lastComma = value.lastIndexOf(',');
    const lastDot = value.lastIndexOf('.');
    if (lastComma >= 0 && lastDot >= 0) {
      if (lastComma > lastDot) comma++;
      else dot++;
      continue;
    }
    const at = Math.max(lastComma, lastDot);
    if (at < 0) continue;
    const mark = value[at]!;
    const other = mark === ',' ? '.' : ',';
    let proven: string | undefined;
    if (value.indexOf(mark) !== at) proven = other;
    else if (/^\d{1,2}$/.test(value.slice(at + 1))) proven = mark;
    if (proven === ',') comma++;
    else if (proven === '.') dot++;
  }
  if (comma === dot) return fallback;
  return comma > dot ? ',' : '.';
}

/** Writes minor units with two fraction digits (`1 500,00`) so that `parseMoney` reads back the same number. */
export function formatMoney(minor: number, options: FormatMoneyOptions): string {
  // A sum of many large amounts may pass 2^53: it is written as the number it is, never refused.
  if (!Number.isInteger(minor)) throw new RangeError(`not an amount in minor units: ${minor}`);
  const thousands = options.thousands ?? '';
  if (thousands === options.decimal || /[\d-]/.test(thousands)) {
    throw new RangeError(`thousands separator '${thousands}' cannot be used with decimal '${options.decimal}'`);
  }
  const digits = BigInt(Math.abs(minor)).toString().padStart(3, '0');
  const integer = digits.slice(0, -2);
  const fraction = digits.slice(-2);
  const grouped = thousands ? integer.replace(/\B(?=(\d{3})+(?!\d))/g, thousands) : integer;
  return `${minor < 0 ? '-' : ''}${grouped}${options.decimal}${fraction}`;
}
