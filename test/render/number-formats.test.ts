/**
 * numberFormats writes ru-RU/RUB and en-US/USD itself (so that a report loads no ICU data): it must write exactly
 * what Intl.NumberFormat writes, for every number a report can show.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type NumberStyle, numberFormats } from '../../src/render/money.js';

/** What the formats wrote before they had patterns of their own: Intl, straight. */
function intlReference(style: NumberStyle) {
  const percent = (signDisplay: 'auto' | 'exceptZero') =>
    new Intl.NumberFormat(style.locale, {
      style: 'percent',
      minimumFractionDigits: 1,
      maximumFractionDigits: 1,
      signDisplay,
    });
  const number = (decimals: number, signDisplay: 'auto' | 'exceptZero') =>
    new Intl.NumberFormat(style.locale, { maximumFractionDigits: decimals, signDisplay });
  const money = new Intl.NumberFormat(style.locale, { style: 'currency', currency: style.currency });
  return {
    money: (minor: number) => money.format(Math.round(minor) / 100),
    percent: (fraction: number) => percent('auto').format(fraction),
    signedPercent: (fraction: number) => percent('exceptZero').format(fraction),
    number: (value: number, decimals = 0) => number(decimals, 'auto').format(value),
    signedNumber: (value: number, decimals = 0) => number(decimals, 'exceptZero').format(value),
  };
}

const STYLES: NumberStyle[] = [
  { locale: 'ru-RU', currency: 'RUB' },
  { locale: 'en-US', currency: 'USD' },
  // No pattern of its own: Intl writes it.
  { locale: 'de-DE', currency: 'EUR' },
];

/** Ratios of counts (rates, shares, ARPU), halves and near-halves at each rounding step, and the odd ones out. */
const reportNumber = fc.oneof(
  fc.double({ noNaN: false }),
  fc.double({ min: -1e6, max: 1e6 }),
  fc.integer({ min: -1e15, max: 1e15 }),
  fc.tuple(fc.integer({ min: -1e7, max: 1e7 }), fc.integer({ min: 1, max: 1e6 })).map(([a, b]) => a / b),
  fc.tuple(fc.integer({ min: -1e6, max: 1e6 }), fc.constantFrom(2, 20, 200, 2000, 20000)).map(([a, b]) => a / b),
  fc.tuple(fc.integer({ min: -1e6, max: 1e6 }), fc.constantFrom(0.05, 0.005, 0.0005, 0.00005)).map(([a, h]) => a + h),
  fc.constantFrom(0, -0, 0.5, -0.5, 1.005, 10.45, 0.0005, -0.00049, 1e-7, -1e-7, 1e21, 1.5e300, Infinity, -Infinity),
);

describe.each(STYLES)('numberFormats($locale, $currency) writes what Intl writes', (style) => {
  const ours = numberFormats(style);
  const intl = intlReference(style);

  it('money', () => {
    fc.assert(
      fc.property(reportNumber, (minor) => {
        expect(ours.money(minor)).toBe(intl.money(minor));
      }),
      {
        numRuns: 2000,
      },
    );
  });

  it('percentages, plain and signed', () => {
    fc.assert(
      fc.property(reportNumber, (fraction) => {
        expect(ours.percent(fraction)).toBe(intl.percent(fraction));
        expect(ours.signedPercent(fraction)).toBe(intl.signedPercent(fraction));
      }),
      { numRuns: 2000 },
    );
  });

  it('numbers with 0, 1 and 2 decimals, plain and signed', () => {
    fc.assert(
      fc.property(reportNumber, fc.constantFrom(0, 1, 2), (value, decimals) => {
        expect(ours.number(value, decimals)).toBe(intl.number(value, decimals));
        expect(ours.signedNumber(value, decimals)).toBe(intl.signedNumber(value, decimals));
      }),
      { numRuns: 2000 },
    );
  });

  it('the defaults: no decimals', () => {
    for (const value of [0, -0, 2.5, -2.5, 999.5, 1234567.49]) {
      expect(ours.number(value)).toBe(intl.number(value));
      expect(ours.signedNumber(value)).toBe(intl.signedNumber(value));
    }
  });
});

describe('a style without a pattern of its own', () => {
  it('is written by Intl, currency and all', () => {
    const lira = numberFormats({ locale: 'ru-RU', currency: 'TRY' });
    expect(lira.money(123_456)).toBe(
      new Intl.NumberFormat('ru-RU', { style: 'currency', currency: 'TRY' }).format(1234.56),
    );
    expect(lira.percent(0.5)).toBe('50,0\u00a0%');
  });
});
