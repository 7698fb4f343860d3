import fc from 'fast-check';
import { CrmError } from '../../src/errors.js';

/**
 * Text as a hostile file or a careless paste brings it: any code point (lone surrogates, NUL, control and bidi
 * characters, emoji), and runs of the characters the parsers' regular expressions look for.
 */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({
    unit: fc.constantFrom(
      ' ',
      '\t',
      '\n',
      '\r',
      '\u0000',
      '\u001b',
      '\u00A0',
      '\u202E',
      '\uFEFF',
      '\uD800',
      '😀',
      'T',
      ':',
      '-',
      '.',
      '/',
      ',',
      ';',
      '"',
      '=',
      '+',
      'e',
      'г',
      'я',
      'A',
      '0',
      '1',
      '9',
    ),
    maxLength: 120,
  }),
);

/** Strings made of what amounts are written with: digits, separators, signs and currency marks. */
export const moneyish: fc.Arbitrary<string> = fc
  .array(
    fc.constantFrom(
      '0',
      '1',
      '5',
      '9',
      '00',
      '500',
      ' ',
      '\u00A0',
      '\u202F',
      "'",
      '’',
      ',',
      '.',
      '-',
      '−',
      '–',
      '₽',
      'руб.',
      'р.',
      '$',
      'USD',
      '€',
      'e',
      '+',
    ),
    { maxLength: 16 },
  )
  .map((parts) => parts.join(''));

/** Runs `read` and lets only a CrmError (a user's error, printed as one line) out: anything else fails the property. */
export function onlyCrmErrors<T>(read: () => T): T | CrmError {
  try {
    return read();
  } catch (error) {
    if (error instanceof CrmError) return error;
    throw error;
  }
}
