import type { NumberStyle } from '../money.js';

/** What a chart's value is: money in minor units, a count, a rate as a fraction, or a score such as NPS. */
export type Unit = 'money' | 'count' | 'rate' | 'score';

/** Numbers as a chart writes them: whole currency units (`16 500 ₽`), rates to a tenth of a percent (`1,5 %`). */
export interface ChartNumbers {
  format(value: number, unit: Unit, maximumDecimals?: number): string;
}

const DEFAULT_DECIMALS: Record<Unit, number> = { money: 0, count: 1, rate: 1, score: 0 };

/**
 * Intl formatters of the report's locale and currency, each made the first time a chart needs it: the first
 * Intl.NumberFormat of a process costs tens of milliseconds, which a report that is not a page never pays.
 */
export function chartNumbers(style: NumberStyle): ChartNumbers {
  const made = new Map<string, Intl.NumberFormat>();
  const formatter = (unit: Unit, decimals: number): Intl.NumberFormat => {
    const key = `${unit} ${decimals}`;
    let format = made.get(key);
    if (!format) {
      const digits = { minimumFractionDigits: 0, maximumFractionDigits: decimals };
      format = new Intl.NumberFormat(
        style.locale,
        unit === 'money'
          ? { style: 'currency', currency: style.currency, ...digits }
          : unit === 'rate'
            ? { style: 'percent', ...digits }
            : digits,
      );
      made.set(key, format);
    }
    return format;
  };
  return {
    format(value, unit, maximumDecimals = DEFAULT_DECIMALS[unit]) {
      if (!Number.isFinite(value)) return '—';
      // Money is kept in minor units; + 0 turns the -0 of a rounded tiny negative into 0.
      const shown = unit === 'money' ? value / 100 : value;
      return formatter(unit, maximumDecimals).format(shown + 0);
    },
  };
}
