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
  /** A fraction as a percentage with one decimal: `66,7 %`. */
  percent(fraction: number): string;
  /** A count or a number of days: `1 000`, `10,5`. */
  number(value: number, maximumDecimals?: number): string;
  /** A signed change: `+12,5 %`, `−3`. */
  signedPercent(fraction: number): string;
  signedNumber(value: number, maximumDecimals?: number): string;
}

export function numberFormats(style: NumberStyle = DEFAULT_NUMBER_STYLE): NumberFormats {
  const money = new Intl.NumberFormat(style.locale, { style: 'currency', currency: style.currency });
  const percentFormat = (signDisplay: 'auto' | 'exceptZero') =>
    new Intl.NumberFormat(style.locale, {
      style: 'percent',
      minimumFractionDigits: 1,
      maximumFractionDigits: 1,
      signDisplay,
    });
  const percent = percentFormat('auto');
  const signedPercent = percentFormat('exceptZero');
  const numbers = new Map<string, Intl.NumberFormat>();
  const numberFormat = (decimals: number, signDisplay: 'auto' | 'exceptZero') => {
    const key = `${decimals}:${signDisplay}`;
    let format = numbers.get(key);
    if (!format) {
      format = new Intl.NumberFormat(style.locale, { maximumFractionDigits: decimals, signDisplay });
      numbers.set(key, format);
    }
    return format;
  };
  return {
    // Cents first, so that a table shows the same amount JSON does (half a kopeck rounds away from zero).
    money: (minor) => money.format(Math.round(minor) / 100),
    percent: (fraction) => percent.format(fraction),
    number: (value, maximumDecimals = 0) => numberFormat(maximumDecimals, 'auto').format(value),
    signedPercent: (fraction) => signedPercent.format(fraction),
    signedNumber: (value, maximumDecimals = 0) => numberFormat(maximumDecimals, 'exceptZero').format(value),
  };
}
