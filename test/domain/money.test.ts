import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMoney, localeDecimalSeparator, parseMoney, sniffDecimalSeparator } from '../../src/domain/money.js';

describe('parseMoney', () => {
  it.each([
    ['1500', 150000],
    ['1 500', 150000],
    ['1 500,00', 150000],
    ['1 500,50', 150050],
    ['1500.50', 150050],
    ['1,500.50', 150050],
    ['1.500,50', 150050],
    ['1 500 ₽', 150000],
    ['1500 руб.', 150000],
    ['1500 руб', 150000],
    ['1500р', 150000],
    ['1500 р.', 150000],
    ['1500 RUB', 150000],
    ['$15.00', 1500],
    ['15 USD', 1500],
    ['€ 7,5', 750],
    ['15,5', 1550],
    ['0,05', 5],
    ['0', 0],
    ['-0,00', 0],
    [',5', 50],
    ['.99', 99],
    ['1\u00A0500,00', 150000],
    ['12\u202F345,67', 1234567],
    ["1'500.50", 150050],
    ['1’500', 150000],
    ['1 234 567,89', 123456789],
    ['1.234.567', 123456700],
    ['1,234,567', 123456700],
    ['1.234.567,89', 123456789],
    ['  2 000,00  ', 200000],
    ['-1 500,50', -150050],
    ['−250', -25000],
    ['-$15.00', -1500],
    ['$-15.00', -1500],
    ['-1500 ₽', -150000],
    ['9007199254740991', null],
    ['90071992547409.91', null],
    ['1000000000000.01', null],
    ['-1 000 000 000 000,01', null],
    ['1 000 000 000 000,00', 100_000_000_000_000],
    ['-1000000000000', -100_000_000_000_000],
  ])('%j → %j', (text, minor) => {
    if (minor === null) expect(parseMoney(text)).toEqual({ error: { code: 'tooLarge', text } });
    else expect(parseMoney(text)).toEqual({ minor });
  });

  it('is exact where floating point is not', () => {
    expect(parseMoney('0.29')).toEqual({ minor: 29 });
    expect(parseMoney('1.15')).toEqual({ minor: 115 });
    expect(parseMoney('4.35')).toEqual({ minor: 435 });
    expect(parseMoney('1 234 567 890,99')).toEqual({ minor: 123456789099 });
  });

  it('reads a lone separator before three digits by the column’s decimal separator', () => {
    expect(parseMoney('1,500', { decimal: '.' })).toEqual({ minor: 150000 });
    expect(parseMoney('1.500', { decimal: ',' })).toEqual({ minor: 150000 });
    expect(parseMoney('1,500', { decimal: ',' })).toEqual({
      error: { code: 'tooManyFractionDigits', text: '1,500' },
    });
    expect(parseMoney('1,500')).toEqual({ error: { code: 'tooManyFractionDigits', text: '1,500' } });
    expect(parseMoney('1.500', { decimal: '.' })).toEqual({
      error: { code: 'tooManyFractionDigits', text: '1.500' },
    });
    expect(parseMoney('1,50', { decimal: '.' })).toEqual({ minor: 150 });
  });

  it('refuses what is not an amount', () => {
    expect(parseMoney('')).toEqual({ error: { code: 'empty' } });
    expect(parseMoney('   ')).toEqual({ error: { code: 'empty' } });
    expect(parseMoney('\u00A0')).toEqual({ error: { code: 'empty' } });
    expect(parseMoney('abc')).toEqual({ error: { code: 'notAnAmount', text: 'abc' } });
    expect(parseMoney('₽')).toEqual({ error: { code: 'notAnAmount', text: '₽' } });
    expect(parseMoney('-')).toEqual({ error: { code: 'notAnAmount', text: '-' } });
    expect(parseMoney('--5')).toEqual({ error: { code: 'notAnAmount', text: '--5' } });
    expect(parseMoney('1e5')).toEqual({ error: { code: 'notAnAmount', text: '1e5' } });
    expect(parseMoney('15,50 руб. 20 коп.')).toEqual({ error: { code: 'notAnAmount', text: '15,50 руб. 20 коп.' } });
    expect(parseMoney('1500.')).toEqual({ error: { code: 'noFractionDigits', text: '1500.' } });
    expect(parseMoney('12 34')).toEqual({ error: { code: 'notGrouped', text: '12 34' } });
    expect(parseMoney('1,5.00')).toEqual({ error: { code: 'notGrouped', text: '1,5.00' } });
    expect(parseMoney('1.500.50')).toEqual({ error: { code: 'notGrouped', text: '1.500.50' } });
    expect(parseMoney('15.555')).toEqual({ error: { code: 'tooManyFractionDigits', text: '15.555' } });
    expect(parseMoney('1 500,505')).toEqual({
      error: { code: 'tooManyFractionDigits', text: '1 500,505' },
    });
  });
});

describe('parseMoney with the database’s currency', () => {
  it('refuses an amount marked with another currency, sign or code, before or after', () => {
    for (const [text, currency] of [
      ['4500 USD', 'USD'],
      ['$4,500', 'USD'],
      ['€90', 'EUR'],
      ['90 EUR', 'EUR'],
      ['90 eur', 'EUR'],
      ['-$15.00', 'USD'],
      ['£12.50', 'GBP'],
      ['5 000 тг', 'KZT'],
    ] as const) {
      expect([text, parseMoney(text, { currency: 'RUB' })]).toEqual([
        text,
        { error: { code: 'otherCurrency', currency, database: 'RUB' } },
      ]);
    }
  });

  it('reads the database’s own sign and codes', () => {
    for (const text of [
      '4500 руб',
      '4 500 руб.',
      '4500 р.',
      '4500р',
      '4500 ₽',
      '₽4500',
      '4500 RUB',
      'RUB 4500',
      '4500',
    ]) {
      expect([text, parseMoney(text, { currency: 'RUB' })]).toEqual([text, { minor: 450000 }]);
    }
    expect(parseMoney('$4,500.00', { currency: 'usd', decimal: '.' })).toEqual({ minor: 450000 });
    expect(parseMoney('4500 руб', { currency: 'USD' })).toEqual({
      error: { code: 'otherCurrency', currency: 'RUB', database: 'USD' },
    });
  });

  it('drops any mark when no currency is given (amounts typed at the command line)', () => {
    expect(parseMoney('4500 USD')).toEqual({ minor: 450000 });
    expect(parseMoney('€90')).toEqual({ minor: 9000 });
  });
});

describe('localeDecimalSeparator', () => {
  it('is the point in English and East Asian locales, the comma elsewhere', () => {
    expect(localeDecimalSeparator('en-US')).toBe('.');
    expect(localeDecimalSeparator(undefined, { LANG: 'en_US.UTF-8' })).toBe('.');
    expect(localeDecimalSeparator(undefined, { LC_ALL: 'ru_RU.UTF-8', LANG: 'en_US.UTF-8' })).toBe(',');
    expect(localeDecimalSeparator(undefined, { LC_NUMERIC: 'ja_JP.UTF-8' })).toBe('.');
    expect(localeDecimalSeparator('ru-RU', { LANG: 'en_US.UTF-8' })).toBe(',');
    expect(localeDecimalSeparator(undefined, { LANG: 'C.UTF-8' })).toBe(',');
    expect(localeDecimalSeparator(undefined, {})).toBe(',');
  });
});

describe('sniffDecimalSeparator', () => {
  it('finds the separator the values prove', () => {
    expect(sniffDecimalSeparator(['1 500,00', '800,00'])).toBe(',');
    expect(sniffDecimalSeparator(['1,500.00', '800'])).toBe('.');
    expect(sniffDecimalSeparator(['15.5', '1,500'])).toBe('.');
    expect(sniffDecimalSeparator(['1,500', '1.234.567'])).toBe(',');
    expect(sniffDecimalSeparator(['1,500', '1,234,567'])).toBe('.');
    expect(sniffDecimalSeparator(['1.500,50'])).toBe(',');
    expect(sniffDecimalSeparator(['$15.00', '$1,500'], ',')).toBe('.');
  });

  it('falls back when nothing proves either', () => {
    expect(sniffDecimalSeparator(['1,500', '2,000', '300'])).toBe(',');
    expect(sniffDecimalSeparator(['1,500', '2,000', '300'], '.')).toBe('.');
    expect(sniffDecimalSeparator([], '.')).toBe('.');
  });
});

describe('formatMoney', () => {
  it('writes two fraction digits with the chosen separators', () => {
    expect(formatMoney(150000, { decimal: ',' })).toBe('1500,00');
    expect(formatMoney(150050, { decimal: ',', thousands: '\u00A0' })).toBe('1\u00A0500,50');
    expect(formatMoney(123456789, { decimal: '.', thousands: ',' })).toBe('1,234,567.89');
    expect(formatMoney(123456789, { decimal: ',', thousands: '.' })).toBe('1.234.567,89');
    expect(formatMoney(5, { decimal: '.' })).toBe('0.05');
    expect(formatMoney(-150050, { decimal: ',', thousands: ' ' })).toBe('-1 500,50');
    expect(formatMoney(0, { decimal: ',' })).toBe('0,00');
    expect(formatMoney(99999, { decimal: '.', thousands: "'" })).toBe('999.99');
  });

  it('refuses separators that cannot be read back', () => {
    expect(() => formatMoney(100, { decimal: ',', thousands: ',' })).toThrow(RangeError);
    expect(() => formatMoney(1.5, { decimal: ',' })).toThrow(RangeError);
  });

  it('is read back by parseMoney for any amount within ±10^12 and any style', () => {
    const style = fc.oneof(
      fc.record({
        decimal: fc.constant<',' | '.'>(','),
        thousands: fc.constantFrom('', ' ', '\u00A0', '\u202F', '.', "'"),
      }),
      fc.record({
        decimal: fc.constant<',' | '.'>('.'),
        thousands: fc.constantFrom('', ' ', '\u00A0', '\u202F', ',', "'"),
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), style, (minor, options) => {
        expect(parseMoney(formatMoney(minor, options), { decimal: options.decimal })).toEqual({ minor });
      }),
      { numRuns: 3000 },
    );
  });

  it('is read back without knowing the column’s separator when no ambiguity can arise', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.constantFrom<',' | '.'>(',', '.'), (minor, decimal) => {
        expect(parseMoney(formatMoney(minor, { decimal, thousands: '\u00A0' }))).toEqual({ minor });
      }),
      { numRuns: 1000 },
    );
  });
});
