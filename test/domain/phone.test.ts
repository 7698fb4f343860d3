import { describe, expect, it } from 'vitest';
import { defaultRegion, normalisePhone, phoneDigits } from '../../src/domain/phone.js';

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

  it('expands scientific notation when every digit survived', () => {
    expect(normalisePhone('7.9123456789E+10', 'RU')).toMatchObject({ value: '+79123456789', valid: true });
    expect(normalisePhone('7,9123456789E+10', 'RU')).toMatchObject({ value: '+79123456789', valid: true });
  });

  it('does not invent digits a spreadsheet rounded away', () => {
    const phone = normalisePhone('7.91234E+10', 'RU');
    expect(phone.valid).toBe(false);
    expect(phone.raw).toBe('7.91234E+10');
    expect(phone.problem).toMatch(/lost digits/);
  });

  it('keeps an invalid number as written, with its digits for matching', () => {
    expect(normalisePhone('123-45-67', 'RU')).toMatchObject({ value: '1234567', raw: '123-45-67', valid: false });
  });

  it('needs a region for numbers without a country code', () => {
    expect(normalisePhone('8 (912) 345-67-89', undefined).valid).toBe(false);
    expect(normalisePhone('+7 912 345-67-89', undefined)).toMatchObject({ value: '+79123456789', valid: true });
    expect(normalisePhone('8 (912) 345-67-89', undefined).problem).toMatch(/crm config set region/);
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
