import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMoney, parseMoney, sniffDecimalSeparator } from '../../src/domain/money.js';
import { parseAmountArgument } from '../../src/domain/records.js';
import { sayMoney } from '../../src/domain/row-notes.js';
import { type CrmError, InputError } from '../../src/errors.js';
import { englishRows } from '../../src/i18n/index.js';
import { ru } from '../../src/i18n/ru/index.js';
import { hostileText, moneyish } from './arbitraries.js';

// test/domain/money.test.ts already proves parseMoney(formatMoney(x)) == x for every style, with and without the
// column's decimal separator given. These complete the set: hostile text, currency marks, whole columns, arguments.

const decimalStyle = fc.oneof(
  fc.record({
    decimal: fc.constant<',' | '.'>(','),
    thousands: fc.constantFrom('', ' ', '\u00A0', '\u202F', '.', "'"),
  }),
  fc.record({
    decimal: fc.constant<',' | '.'>('.'),
    thousands: fc.constantFrom('', ' ', '\u00A0', '\u202F', ',', "'"),
  }),
);

const amount = fc.integer({ min: -1e13, max: 1e13 });

describe('parseMoney on anything', () => {
  it('never throws: it gives a safe integer or a reason', () => {
    fc.assert(
      fc.property(
        fc.oneof(hostileText, moneyish),
        fc.constantFrom<',' | '.' | undefined>(',', '.', undefined),
        (text, decimal) => {
          const parsed = parseMoney(text, { decimal });
          if ('minor' in parsed) expect(Number.isSafeInteger(parsed.minor)).toBe(true);
          else {
            expect(sayMoney(parsed.error, englishRows)).toMatch(/\S/);
            expect(sayMoney(parsed.error, ru.rows)).toMatch(/[а-я]/);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('answers a megabyte of digits and spaces at once', () => {
    // A currency pattern tried at every position of a long run of spaces would take minutes on these.
    const started = performance.now();
    expect(parseMoney(`1${' 0'.repeat(150_000)}x`)).toHaveProperty('error');
    expect(parseMoney(`1${'\u00A0'.repeat(300_000)}5 руб.`)).toHaveProperty('error');
    expect(performance.now() - started).toBeLessThan(3_000);
  });
});

describe('parseMoney of what we write', () => {
  it('reads an amount back with a currency mark before or after it', () => {
    const marked = fc.constantFrom(
      (text: string) => `${text} ₽`,
      (text: string) => `${text} руб.`,
      (text: string) => `${text}р.`,
      (text: string) => `$${text}`,
      (text: string) => `€ ${text}`,
      (text: string) => ` ${text}\t`,
    );
    fc.assert(
      fc.property(amount, decimalStyle, marked, (minor, style, mark) => {
        const text = mark(formatMoney(minor, style));
        expect(parseMoney(text, { decimal: style.decimal })).toEqual({ minor });
      }),
      { numRuns: 500 },
    );
  });

  it('reads a whole column back: the decimal separator is sniffed from the values we wrote', () => {
    fc.assert(
      fc.property(fc.array(amount, { minLength: 1, maxLength: 20 }), decimalStyle, (amounts, style) => {
        const column = amounts.map((minor) => formatMoney(minor, style));
        const decimal = sniffDecimalSeparator(column, style.decimal === ',' ? '.' : ',');
        expect(decimal).toBe(style.decimal);
        expect(column.map((text) => parseMoney(text, { decimal }))).toEqual(amounts.map((minor) => ({ minor })));
      }),
      { numRuns: 300 },
    );
  });

  it('sniffDecimalSeparator never throws and always names one of the two marks', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(hostileText, moneyish), { maxLength: 10 }), (values) => {
        expect([',', '.']).toContain(sniffDecimalSeparator(values));
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseAmountArgument', () => {
  it('throws nothing but InputError, and gives a non-negative safe integer otherwise', () => {
    fc.assert(
      fc.property(fc.oneof(hostileText, moneyish), (text) => {
        try {
          const minor = parseAmountArgument(text);
          expect(Number.isSafeInteger(minor) && minor >= 0).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          expect((error as CrmError).message).toMatch(/^amount /);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('reads back any amount of 0 or more as we print it, and refuses every negative one with a reason', () => {
    fc.assert(
      fc.property(amount, decimalStyle, (minor, style) => {
        const text = formatMoney(minor, style);
        if (minor >= 0) expect(parseAmountArgument(text)).toBe(minor);
        else expect(() => parseAmountArgument(text)).toThrow(/is negative/);
      }),
      { numRuns: 500 },
    );
  });
});
