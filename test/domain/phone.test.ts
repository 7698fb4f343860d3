import fc from 'fast-check';
import { type CountryCode, getCountryCallingCode } from 'libphonenumber-js/max';
import mobileExamples from 'libphonenumber-js/mobile/examples';
import { describe, expect, it } from 'vitest';
import {
  countPlusRestored,
  defaultRegion,
  IntegerTable,
  normalisePhone,
  PhoneCache,
  phoneDigits,
  SpellingReader,
} from '../../src/domain/phone.js';

describe('normalisePhone', () => {
  it.each([
    ['8 (912) 345-67-89', '+79123456789'],
    ['+7 912 3456789', '+79123456789'],
    ['89123456789', '+79123456789'],
    ['9123456789', '+79123456789'],
    ['(495) 123-45-67', '+74951234567'],
    ['79261234567', '+79261234567'],
    ['+7-912-345-67-89', '+79123456789'],
  ])('reads %s in region RU as %s', (raw, e164) => {
    expect(normalisePhone(raw, 'RU')).toMatchObject({ value: e164, raw, valid: true });
  });

  it('gives a foreign number back its lost leading +', () => {
    expect(normalisePhone('4915123456789', 'RU')).toMatchObject({ value: '+4915123456789', valid: true });
    expect(normalisePhone('380501234567', 'RU')).toMatchObject({ value: '+380501234567', valid: true });
  });

  it('gives the + back to bare digits of the region’s length that are no number there but one abroad', () => {
    // A New Zealand mobile, ten digits like a Russian number, but no Russian number: a spreadsheet's number cell.
    expect(normalisePhone('6421234567', 'RU')).toMatchObject({ value: '+6421234567', valid: true });
    // Written with spaces, it was typed by a person, who leaves out a '+' less often than a trunk prefix: kept.
    expect(normalisePhone('64 21 234 567', 'RU')).toMatchObject({ valid: false });
    // Russian numbers are valid in region RU and stay Russian.
    for (const raw of ['89123456789', '79123456789', '9123456789', '4930901820', '4745498635']) {
      expect(normalisePhone(raw, 'RU').value).toBe(`+7${raw.length === 10 ? raw : raw.slice(1)}`);
    }
  });

  it('counts the spellings read by giving them back their +, each once', () => {
    const raws = ['447911123456', '447911123456', '14155550132', '6421234567', '+447911123456'];
    expect(countPlusRestored(raws, 'RU')).toBe(3);
    expect(countPlusRestored(['89123456789', '+7 912 345-67-89', '9123456789', '(495) 123-45-67', '123'], 'RU')).toBe(
      0,
    );
    expect(countPlusRestored(['4930901820', '77012345678'], 'RU')).toBe(0);
    expect(countPlusRestored(['12125550123'], 'US')).toBe(0);
    expect(countPlusRestored(['447911123456'], undefined)).toBe(1);
  });

  it('expands scientific notation when every digit survived', () => {
    expect(normalisePhone('7.9123456789E+10', 'RU')).toMatchObject({ value: '+79123456789', valid: true });
    expect(normalisePhone('7,9123456789E+10', 'RU')).toMatchObject({ value: '+79123456789', valid: true });
  });

  it('does not invent digits a spreadsheet rounded away', () => {
    const phone = normalisePhone('7.91234E+10', 'RU');
    expect(phone.valid).toBe(false);
    expect(phone.raw).toBe('7.91234E+10');
    expect(phone.problem).toEqual({ code: 'phoneRounded', phone: '7.91234E+10' });
  });

  it('keeps an invalid number as written, with its digits for matching', () => {
    expect(normalisePhone('123-45-67', 'RU')).toMatchObject({ value: '1234567', raw: '123-45-67', valid: false });
  });

  it('needs a region for numbers without a country code', () => {
    expect(normalisePhone('8 (912) 345-67-89', undefined).valid).toBe(false);
    expect(normalisePhone('+7 912 345-67-89', undefined)).toMatchObject({ value: '+79123456789', valid: true });
    expect(normalisePhone('8 (912) 345-67-89', undefined).problem).toEqual({
      code: 'phoneWithoutRegion',
      phone: '8 (912) 345-67-89',
    });
    expect(normalisePhone('123-45-67', 'RU').problem).toEqual({
      code: 'phoneInvalid',
      phone: '123-45-67',
      region: 'RU',
    });
  });

  it('finds a number with a digit left out invalid, though it has the length of the region’s numbers', () => {
    // +7 891… is in no Russian range: the minimal metadata checked only that ten digits start with 3, 4 or 7-9.
    expect(normalisePhone('8 917 876 54 3', 'RU')).toEqual({
      value: '8917876543',
      raw: '8 917 876 54 3',
      valid: false,
      problem: { code: 'phoneInvalid', phone: '8 917 876 54 3', region: 'RU' },
    });
    expect(normalisePhone('+7 891 787 65 43', 'RU').valid).toBe(false);
  });

  it.each([
    ['8 (843) 238-45-67', 'RU', '+78432384567'], // Kazan
    ['+7 917 876 54 32', 'RU', '+79178765432'],
    ['8 999 123 45 67', 'RU', '+79991234567'],
    ['(812) 310-25-61', 'RU', '+78123102561'], // St Petersburg
    ['8 800 555 35 35', 'RU', '+78005553535'], // toll-free
    ['+7 727 244 55 66', 'RU', '+77272445566'], // Almaty: +7 shared with Kazakhstan
    ['+7 701 234 56 78', 'KZ', '+77012345678'],
    ['+375 29 123-45-67', 'RU', '+375291234567'],
    ['+44 20 7946 0958', 'RU', '+442079460958'],
    ['+1 416 555 0199', 'RU', '+14165550199'], // Toronto: +1 shared by the US and Canada
    ['+49 30 901820', 'RU', '+4930901820'],
  ])('keeps real numbers valid: %s in region %s', (raw, region, e164) => {
    expect(normalisePhone(raw, region)).toMatchObject({ value: e164, valid: true });
    expect(new PhoneCache(region).normalise(raw)).toMatchObject({ value: e164, valid: true });
  });

  it('reads US numbers in region US', () => {
    expect(normalisePhone('(212) 555-0134', 'US').value).toBe('+12125550134');
  });
});

describe('defaultRegion', () => {
  it('prefers the configured region, then LC_ALL, then LANG', () => {
    expect(defaultRegion('kz', { LANG: 'ru_RU.UTF-8' })).toBe('KZ');
    expect(defaultRegion(undefined, { LC_ALL: 'uk_UA.UTF-8', LANG: 'ru_RU.UTF-8' })).toBe('UA');
    expect(defaultRegion(undefined, { LANG: 'ru_RU.UTF-8' })).toBe('RU');
    expect(defaultRegion(undefined, { LANG: 'C.UTF-8' })).toBeUndefined();
    expect(defaultRegion(undefined, {})).toBeUndefined();
  });
});

it('phoneDigits keeps digits only', () => {
  expect(phoneDigits('+7 (912) 345-67-89')).toBe('79123456789');
});

describe('PhoneCache', () => {
  /** National and international spellings of random valid numbers, as spreadsheets hold them. */
  const spellings = (national: string, code: string, prefix: string) => [
    `${prefix}${national}`,
    `${prefix} (${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6)}`,
    `+${code} ${national}`,
    `+${code}-${national.slice(0, 3)}-${national.slice(3)}`,
    `${code}${national}`,
    national,
    `00${code}${national}`,
  ];

  it.each([
    ['RU', '7', '8', () => `9${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`],
    ['RU', '7', '8', () => `495${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`],
    [
      'US',
      '1',
      '1',
      () => `${212 + Math.floor(Math.random() * 700)}${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
    ],
    ['GB', '44', '0', () => `7${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`],
    ['DE', '49', '0', () => `15${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`],
    ['KZ', '7', '8', () => `70${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`],
    ['AR', '54', '0', () => `11${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`],
  ])('gives exactly what normalisePhone gives, in region %s (+%s)', (region, code, prefix, national) => {
    const cache = new PhoneCache(region);
    for (let i = 0; i < 300; i++) {
      for (const spelling of spellings(national(), code, prefix)) {
        expect(cache.normalise(spelling)).toEqual(normalisePhone(spelling, region));
        // A second time from the cache, under another spelling of the same characters.
        expect(cache.normalise(` ${spelling} `)).toEqual(normalisePhone(` ${spelling} `, region));
      }
    }
  });

  it('finds a number with a digit left out invalid on the quick path too, after valid spellings of its neighbours', () => {
    const cache = new PhoneCache('RU');
    for (const text of ['8 917 876 54 32', '+7 917 876 54 3', '8917876543', '8 917 876 54 3', '+7 891 787 65 43']) {
      expect(cache.normalise(text), text).toEqual(normalisePhone(text, 'RU'));
    }
    expect(cache.numberId('8 917 876 54 3')).toBe(-1);
    expect(cache.numberId('8 (917) 876-54-3')).toBe(-1);
    expect(cache.numberOf(cache.numberId('8 917 876 54 32'))).toBe('+79178765432');
  });

  it('reads every country’s example mobile as normalisePhone does, written at home and from abroad', () => {
    // Countries that share a calling code (+1, +7, +44, +262, +590…) are told apart by their ranges.
    const home = new Map<string, PhoneCache>();
    const abroad = new PhoneCache('RU');
    for (const [country, national] of Object.entries(mobileExamples)) {
      const region = country as CountryCode;
      const international = normalisePhone(`+${getCountryCallingCode(region)}${national}`, 'RU');
      expect(international.valid, `${country} ${national}`).toBe(true);
      for (const text of [
        `+${getCountryCallingCode(region)} ${national}`,
        `+${getCountryCallingCode(region)}${national}`,
      ])
        expect(abroad.normalise(text), text).toEqual(normalisePhone(text, 'RU'));
      if (!home.has(region)) home.set(region, new PhoneCache(region));
      expect(home.get(region)!.normalise(national), `${national} in ${country}`).toEqual(
        normalisePhone(national, region),
      );
    }
  });

  it('keeps apart spellings whose digits differ only in leading zeros, length or a + (the packed keys)', () => {
    const cache = new PhoneCache('GB');
    const texts = [
      '07911123456',
      '7911123456',
      '007911123456',
      '+447911123456',
      '447911123456',
      '0447911123456',
      '+4407911123456',
      '12345678901234',
      '123456789012345',
      '1234567890123456',
      '+12125550123',
      '1 212 555 0123',
      '1\t212\u00a0555 0123',
      '1+2125550123',
      '(0) 7911.123.456',
    ];
    // Twice round, so that the second reads every spelling from the cache after all the others were stored.
    for (const text of [...texts, ...texts]) expect(cache.normalise(text), text).toEqual(normalisePhone(text, 'GB'));
  });

  it('gives what normalisePhone gives for any spellings, one cache through many numbers', () => {
    // Digits around real numbers' shapes (a region's prefix and calling code in front, leading zeros, lengths from
    // 1 to 16), written with the separators spreadsheets use: each spelling of a number after the first is read
    // through the numbers the cache validated before.
    const digits = fc.oneof(
      fc.stringMatching(/^[0-9]{1,16}$/),
      fc
        .tuple(fc.constantFrom('8', '7', '0', '1', '44', '49', '00', '54', '9'), fc.stringMatching(/^[0-9]{6,12}$/))
        .map(([head, tail]) => head + tail),
    );
    const spelt = fc
      .tuple(
        digits,
        fc.boolean(),
        fc.array(fc.constantFrom(' ', '-', '(', ')', '.', '\t', '\u00a0'), { maxLength: 4 }),
        fc.nat(),
      )
      .map(([ds, plus, separators, seed]) => {
        let text = ds;
        separators.forEach((separator, i) => {
          const at = 1 + ((seed + i * 7) % Math.max(1, text.length - 1));
          text = text.slice(0, at) + separator + text.slice(at);
        });
        return (plus ? '+' : '') + text;
      });
    fc.assert(
      fc.property(
        fc.constantFrom('RU', 'GB', 'US', 'DE', 'KZ', 'AR', 'FR', 'BR'),
        fc.array(spelt, { minLength: 1, maxLength: 40 }),
        (region, texts) => {
          const cache = new PhoneCache(region);
          for (const text of [...texts, ...texts.map((t) => t.replace(/[^+0-9]/g, ''))]) {
            expect(cache.normalise(text), text).toEqual(normalisePhone(text, region));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads a number after + the way the full parser does, carrier codes and tabs included', () => {
    // Found by the property above: the full parser strips Brazil's carrier code after +55, and refused tabs.
    for (const [text, region] of [
      ['+559030000000', 'RU'],
      ['+55 90 3000 0000', 'BR'],
      ['8\t9123456789', 'RU'],
      ['+7\t912 345 67 89', 'RU'],
      ['+44 (0) 7911 123456', 'GB'],
      ['+7 8 912 345 67 89', 'RU'],
      ['+7 800 555 35 35', 'RU'],
      ['+49 0151 23456789', 'DE'],
    ] as const) {
      expect(new PhoneCache(region).normalise(text), text).toEqual(normalisePhone(text, region));
    }
    expect(normalisePhone('8\t9123456789', 'RU').value).toBe('+79123456789');
  });

  it('reads digits that start with the trunk prefix but are no number after it as the full parser does', () => {
    // Found by the property above: the quick path read 8101000000 in RU and KZ as +7 810 100 00 00.
    for (const region of ['RU', 'KZ']) {
      for (const text of ['8101000000', '8 101000000', '8 (101) 00-00-00']) {
        expect(new PhoneCache(region).normalise(text), `${text} in ${region}`).toEqual(normalisePhone(text, region));
      }
    }
  });

  it('caches invalid numbers too, and passes text with letters to the full parser', () => {
    const cache = new PhoneCache('RU');
    expect(cache.normalise('123-45-67')).toEqual(normalisePhone('123-45-67', 'RU'));
    expect(cache.normalise('8 495 123-45-67 доб. 102')).toEqual(normalisePhone('8 495 123-45-67 доб. 102', 'RU'));
    expect(cache.normalise('7.91234E+10')).toEqual(normalisePhone('7.91234E+10', 'RU'));
  });
});

describe('IntegerTable', () => {
  it('holds what a Map holds, through growth, colliding keys and the limit', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 2 ** 53 - 1 }), fc.constant(2 ** 32)),
            fc.integer({ min: -2, max: 2 ** 31 - 1 }),
          ),
          { maxLength: 3000 },
        ),
        fc.integer({ min: 1, max: 5000 }),
        (entries, limit) => {
          const table = new IntegerTable(limit);
          let model = new Map<number, number>();
          for (const [key, value] of entries) {
            if (model.size >= limit && !model.has(key)) model = new Map();
            else if (model.size >= limit) model = new Map();
            table.set(key, value);
            model.set(key, value);
            expect(table.size).toBe(model.size);
          }
          for (const [key] of entries) expect(table.get(key)).toBe(model.get(key));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('SpellingReader', () => {
  /** Whether normalisePhone reads `raw` in `region` as the valid number `e164`: what readsAs answers without it. */
  const readBack = (raw: string, region: string | undefined, e164: string) => {
    const read = normalisePhone(raw, region);
    return read.valid && read.value === e164;
  };

  it('says of every spelling, in a region and without one, what normalisePhone says', () => {
    const readers = new Map<string | undefined, SpellingReader>();
    const readerIn = (region: string | undefined) => {
      if (!readers.has(region)) readers.set(region, new SpellingReader(region));
      return readers.get(region)!;
    };
    for (const [country, national] of Object.entries(mobileExamples)) {
      const code = getCountryCallingCode(country as CountryCode);
      const e164 = normalisePhone(`+${code}${national}`, undefined).value;
      const spellings = [
        e164,
        `+${code} ${national}`,
        `+${code} (${national.slice(0, 3)}) ${national.slice(3)}`,
        national,
        `8 ${national}`,
        `0${national}`,
        `${code}${national}`,
        `00${code}${national}`,
        `+${code}${national.slice(1)}`,
        `${e164} доб. 102`,
        `${e164.slice(0, 4)}E+${e164.length - 2}`,
      ];
      for (const region of [undefined, 'RU', 'GB', country]) {
        for (const raw of spellings) {
          expect(readerIn(region).readsAs(raw, e164), `${raw} in ${region}`).toBe(readBack(raw, region, e164));
          // Another stored number: never the one this spelling is read as.
          expect(readerIn(region).readsAs(raw, '+79123456789'), `${raw} in ${region}`).toBe(
            readBack(raw, region, '+79123456789'),
          );
        }
      }
    }
  });
});
