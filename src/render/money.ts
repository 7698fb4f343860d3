/**
 * Numbers as tables show them, in the configured locale (`crm config set locale`, default ru-RU) and currency
 * (`crm config set currency`, default RUB). JSON and CSV never go through here: they carry plain numbers.
 */
export interface NumberStyle {
  locale: string;
  currency: string;
}

export const DEFAULT_NUMBER_STYLE: NumberStyle = { locale: 'ru-RU', currency: 'RUB' };

export interface NumberFormats {
  /** Minor units (kopecks) as money: `16 500,00 ₽`. */
  money(minor: number): string;
  /** Minor units as an amount without the currency sign, for a column whose header names the currency: `16 500,00`. */
  amount(minor: number): string;
  /** The currency's sign as money() writes it: `₽`, `$`, `€`. */
  currency: string;
  /** A fraction as a percentage with one decimal: `66,7 %`. */
  percent(fraction: number): string;
  /** A count or a number of days: `1 000`, `10,5`. */
  number(value: number, maximumDecimals?: number): string;
  /** A signed change: `+12,5 %`, `−3`. */
  signedPercent(fraction: number): string;
  signedNumber(value: number, maximumDecimals?: number): string;
}

type SignDisplay = 'auto' | 'exceptZero';

/** The separators and the currency and percent signs of one locale and currency. */
interface Pattern {
  sign: string;
  group: string;
  decimal: string;
  /** Around the sign and digits, e.g. `${number}\u00a0%`. */
  percent: (number: string) => string;
  money: (number: string) => string;
}

const NBSP = '\u00a0';

/**
 * How Intl.NumberFormat writes numbers in a locale and currency, for the styles that a report's first table would
 * otherwise pay for: the first Intl.NumberFormat of a process loads ICU's locale data, about 30 ms, a tenth of a
 * report's budget. Every other locale or currency goes to Intl; test/render/number-formats.test.ts holds these to
 * Intl's output.
 */
const PATTERNS: Record<string, Pattern> = {
  'ru-RU RUB': {
    sign: '₽',
    group: NBSP,
    decimal: ',',
    percent: (number) => `${number}${NBSP}%`,
    money: (number) => `${number}${NBSP}₽`,
  },
  'en-US USD': {
    sign: '$',
    group: ',',
    decimal: '.',
    percent: (number) => `${number}%`,
    money: (number) => `$${number}`,
  },
};

/**
 * |value| × 10^shift rounded half away from zero to `maximumFractionDigits`, as [integer digits, fraction digits],
 * or undefined when it is too large to write without an exponent. Works on the shortest decimal that reads back as
 * `value` (String(value)), as ICU does: 1.005 rounds to 1.01, not to the 1.00 of the binary value's toFixed.
 */
function decimalDigits(value: number, shift: number, maximumFractionDigits: number): [string, string] | undefined {
  const text = String(Math.abs(value));
  const [mantissa = '', exponent = '0'] = text.split('e');
  const [whole = '', fraction = ''] = mantissa.split('.');
  // digits × 10^(point − digits.length): `point` digits stand before the decimal point.
  const digits = `${whole}${fraction}`.replace(/^0+/, '');
  const point = whole.length + Number(exponent) + shift - (`${whole}${fraction}`.length - digits.length);
  if (point > 21) return undefined;
  const kept = point + maximumFractionDigits;
  let scaled: string;
  if (kept < 0 || digits === '') scaled = '0';
  else {
    scaled = digits.slice(0, kept).padEnd(kept, '0');
    if (kept < digits.length && digits[kept]! >= '5') scaled = increment(scaled);
  }
  const padded = scaled.padStart(maximumFractionDigits + 1, '0');
  const integer = padded.slice(0, padded.length - maximumFractionDigits).replace(/^0+(?=\d)/, '');
  return [integer, padded.slice(padded.length - maximumFractionDigits)];
}

/** A string of decimal digits plus one. */
function increment(digits: string): string {
  let i = digits.length - 1;
  while (i >= 0 && digits[i] === '9') i--;
  if (i < 0) return `1${'0'.repeat(digits.length)}`;
  return `${digits.slice(0, i)}${Number(digits[i]) + 1}${'0'.repeat(digits.length - i - 1)}`;
}

function grouped(integer: string, separator: string): string {
  let result = '';
  for (let end = integer.length; end > 0; end -= 3) {
    const start = Math.max(0, end - 3);
    result = start > 0 ? `${separator}${integer.slice(start, end)}${result}` : `${integer.slice(start, end)}${result}`;
  }
  return result;
}

/**
 * `value` written with `pattern`'s separators, or undefined for what only Intl writes (NaN, infinities, huge
 * numbers). The sign follows Intl: `auto` keeps the minus of a negative number that rounds to zero (`-0`);
 * `exceptZero` writes `+` before a positive and no sign before anything that rounds to zero.
 */
interface DecimalOptions {
  /** Power of ten to multiply by first: 2 for a percentage. */
  shift: number;
  minimumFractionDigits: number;
  maximumFractionDigits: number;
  signDisplay: SignDisplay;
}

function formatDecimal(pattern: Pattern, value: number, options: DecimalOptions): string | undefined {
  if (!Number.isFinite(value)) return undefined;
  const digits = decimalDigits(value, options.shift, options.maximumFractionDigits);
  if (!digits) return undefined;
  const [integer, fullFraction] = digits;
  let fraction = fullFraction;
  while (fraction.length > options.minimumFractionDigits && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  const negative = value < 0 || Object.is(value, -0);
  const zero = /^0*$/.test(integer + fullFraction);
  const sign = options.signDisplay === 'exceptZero' ? (zero ? '' : negative ? '-' : '+') : negative ? '-' : '';
  const number = grouped(integer, pattern.group) + (fraction ? `${pattern.decimal}${fraction}` : '');
  return `${sign}${number}`;
}

function intlFormats(style: NumberStyle) {
  const cache = new Map<string, Intl.NumberFormat>();
  return (key: string, options: Intl.NumberFormatOptions) => {
    let format = cache.get(key);
    if (!format) {
      format = new Intl.NumberFormat(style.locale, options);
      cache.set(key, format);
    }
    return format;
  };
}

const PERCENT = { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 } as const;

export function numberFormats(style: NumberStyle = DEFAULT_NUMBER_STYLE): NumberFormats {
  const pattern = PATTERNS[`${style.locale} ${style.currency}`];
  // Made on first use only: a report whose style has a pattern never loads ICU.
  const intl = intlFormats(style);
  const write = (value: number, options: DecimalOptions) =>
    pattern ? formatDecimal(pattern, value, options) : undefined;
  const percent = (fraction: number, signDisplay: SignDisplay) => {
    const shown = write(fraction, { shift: 2, minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay });
    if (pattern && shown !== undefined) return pattern.percent(shown);
    return intl(`percent ${signDisplay}`, { ...PERCENT, signDisplay }).format(fraction);
  };
  const number = (value: number, maximumFractionDigits: number, signDisplay: SignDisplay) =>
    write(value, { shift: 0, minimumFractionDigits: 0, maximumFractionDigits, signDisplay }) ??
    intl(`number ${maximumFractionDigits} ${signDisplay}`, { maximumFractionDigits, signDisplay }).format(value);
  const money = (minor: number) => {
    const major = Math.round(minor) / 100;
    const shown = write(major, { shift: 0, minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'auto' });
    if (!pattern || shown === undefined) {
      return intl('money', { style: 'currency', currency: style.currency }).format(major);
    }
    // The minus goes before the currency sign too: `-$5.00`, `-5,00 ₽`.
    return shown.startsWith('-') ? `-${pattern.money(shown.slice(1))}` : pattern.money(shown);
  };
  let currency: string | undefined;
  return {
    money,
    amount: (minor) => {
      const major = Math.round(minor) / 100;
      const shown = write(major, { shift: 0, minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'auto' });
      if (pattern && shown !== undefined) return shown;
      const parts = intl('money', { style: 'currency', currency: style.currency }).formatToParts(major);
      return parts
        .filter((part) => part.type !== 'currency')
        .map((part) => part.value)
        .join('')
        .trim();
    },
    get currency() {
      currency ??=
        pattern?.sign ??
        intl('money', { style: 'currency', currency: style.currency })
          .formatToParts(0)
          .find((part) => part.type === 'currency')?.value ??
        style.currency;
      return currency;
    },
    percent: (fraction) => percent(fraction, 'auto'),
    number: (value, maximumDecimals = 0) => number(value, maximumDecimals, 'auto'),
    signedPercent: (fraction) => percent(fraction, 'exceptZero'),
    signedNumber: (value, maximumDecimals = 0) => number(value, maximumDecimals, 'exceptZero'),
  };
}
