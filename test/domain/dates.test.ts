import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DateStyle,
  expandTwoDigitYear,
  formatDate,
  isEmptyDateMarker,
  isSerialColumn,
  parseDate,
  sniffDateStyle,
} from '../../src/domain/dates.js';

const NOW = new Date(2026, 10, 22);

describe('parseDate', () => {
  it.each([
    ['17.05.2024', 'dmy', '2024-05-17'],
    ['7.5.2024', 'dmy', '2024-05-07'],
    ['17.05.24', 'dmy', '2024-05-17'],
    ['2024-05-17', 'dmy', '2024-05-17'],
    ['2024-05-17', 'mdy', '2024-05-17'],
    ['2024.5.7', 'ymd', '2024-05-07'],
    ['17/05/2024', 'dmy', '2024-05-17'],
    ['05/17/2024', 'mdy', '2024-05-17'],
    ['05/06/2024', 'dmy', '2024-06-05'],
    ['05/06/2024', 'mdy', '2024-05-06'],
    ['17-05-2024', 'dmy', '2024-05-17'],
    ['05/06/2024', 'ymd', '2024-06-05'],
    [' 17.05.2024 ', 'dmy', '2024-05-17'],
    ['17.05.2024 14:30', 'dmy', '2024-05-17'],
    ['17.05.2024 0:00:00', 'dmy', '2024-05-17'],
    ['2024-05-17T14:30:00', 'dmy', '2024-05-17'],
    ['2024-05-17T23:59:59.999Z', 'dmy', '2024-05-17'],
    ['2024-05-17 14:30:00+03:00', 'dmy', '2024-05-17'],
    ['5/17/2024 2:30 PM', 'mdy', '2024-05-17'],
    ['17.05.2024 г.', 'dmy', '2024-05-17'],
    ['17 мая 2024', 'dmy', '2024-05-17'],
    ['17 май 2024 г.', 'dmy', '2024-05-17'],
    ['1 января 2025 года', 'dmy', '2025-01-01'],
    ['3 сент. 2023', 'dmy', '2023-09-03'],
    ['28 Февраля 1990', 'mdy', '1990-02-28'],
    ['17 мая 24', 'dmy', '2024-05-17'],
    ['May 17, 2024', 'dmy', '2024-05-17'],
    ['May 17 2024', 'dmy', '2024-05-17'],
    ['17 May 2024', 'mdy', '2024-05-17'],
    ['17-May-2024', 'dmy', '2024-05-17'],
    ['Sept 3, 2023', 'dmy', '2023-09-03'],
    ['december 31, 1999', 'dmy', '1999-12-31'],
  ] as Array<[string, DateStyle, string]>)('%s (%s) → %s', (value, style, expected) => {
    expect(parseDate(value, style, { now: NOW })).toBe(expected);
  });

  it('accepts 29 February of a leap year only', () => {
    expect(parseDate('29.02.2024', 'dmy')).toBe('2024-02-29');
    expect(parseDate('29.02.2000', 'dmy')).toBe('2000-02-29');
    expect(parseDate('29.02.2023', 'dmy')).toBeNull();
    expect(parseDate('29.02.1900', 'dmy')).toBeNull();
    expect(parseDate('2024-02-29', 'ymd')).toBe('2024-02-29');
  });

  it.each([
    '31.02.2024',
    '31.04.2024',
    '32.01.2024',
    '00.01.2024',
    '01.13.2024',
    '13/13/2024',
    '2024-13-01',
    '2024-02-30',
    '17.05.202',
    '17.05',
    '17 марсель 2024',
    '17 ма 2024',
    'Maybe 17, 2024',
    'завтра',
    '45429',
    '17.05/2024',
    '',
    '   ',
    '0.0.00',
    '1/0/00',
  ])('refuses %j', (value) => {
    expect(parseDate(value, 'dmy')).toBeNull();
  });

  it('refuses a date impossible in the column’s order', () => {
    expect(parseDate('05/17/2024', 'dmy')).toBeNull();
    expect(parseDate('17/05/2024', 'mdy')).toBeNull();
  });

  it('reads two-digit years up to next year as this century, the rest as the last one', () => {
    expect(parseDate('01.01.00', 'dmy', { now: NOW })).toBe('2000-01-01');
    expect(parseDate('05.03.26', 'dmy', { now: NOW })).toBe('2026-03-05');
    expect(parseDate('05.03.27', 'dmy', { now: NOW })).toBe('2027-03-05');
    expect(parseDate('05.03.28', 'dmy', { now: NOW })).toBe('1928-03-05');
    expect(parseDate('31.12.99', 'dmy', { now: NOW })).toBe('1999-12-31');
    expect(parseDate('29.02.00', 'dmy', { now: NOW })).toBe('2000-02-29');
    expect(expandTwoDigitYear(27, NOW)).toBe(2027);
    expect(expandTwoDigitYear(28, NOW)).toBe(1928);
    expect(expandTwoDigitYear(0, new Date(2099, 0, 1))).toBe(2000);
    expect(expandTwoDigitYear(99, new Date(2099, 0, 1))).toBe(2099);
    expect(expandTwoDigitYear(1, new Date(2099, 0, 1))).toBe(2001);
    expect(expandTwoDigitYear(1, new Date(2100, 0, 1))).toBe(2101);
    expect(expandTwoDigitYear(2, new Date(2100, 0, 1))).toBe(2002);
  });

  it('reads Excel serial day numbers when asked', () => {
    expect(parseDate('45429', 'dmy', { serial: true })).toBe('2024-05-17');
    expect(parseDate('36526', 'dmy', { serial: true })).toBe('2000-01-01');
    expect(parseDate('61', 'dmy', { serial: true })).toBe('1900-03-01');
    expect(parseDate('60', 'dmy', { serial: true })).toBeNull();
    expect(parseDate('17.05.2024', 'dmy', { serial: true })).toBe('2024-05-17');
    expect(parseDate('45429', 'dmy')).toBeNull();
  });
});

describe('isSerialColumn', () => {
  it('is true only when every filled value is a five-digit integer', () => {
    expect(isSerialColumn(['45429', '', ' 36526 '])).toBe(true);
    expect(isSerialColumn(['45429', '17.05.2024'])).toBe(false);
    expect(isSerialColumn(['45429.5'])).toBe(false);
    expect(isSerialColumn(['', ''])).toBe(false);
    expect(isSerialColumn([])).toBe(false);
  });
});

describe('isEmptyDateMarker', () => {
  it('recognises Outlook’s "no date"', () => {
    for (const value of ['0.0.00', '1/0/00', '0/0/00', '00.00.0000', '0000-00-00', ' 0.0.00 ']) {
      expect([value, isEmptyDateMarker(value)]).toEqual([value, true]);
    }
    for (const value of ['01.01.00', '1/1/00', '17.05.2024', '0', '', 'нет']) {
      expect([value, isEmptyDateMarker(value)]).toEqual([value, false]);
    }
  });
});

describe('sniffDateStyle', () => {
  it('finds ymd in ISO columns and dmy in dotted ones', () => {
    expect(sniffDateStyle(['2024-05-17', '', '1990-01-02T10:00:00'], 'mdy')).toBe('ymd');
    expect(sniffDateStyle(['17.05.2024', '01.02.2024'], 'mdy')).toBe('dmy');
    expect(sniffDateStyle(['01.02.2024', '2024-05-17'], 'mdy')).toBe('dmy');
  });

  it('takes a day over 12 in the first place as proof of dmy, in the second as proof of mdy', () => {
    expect(sniffDateStyle(['01/02/2024', '25/12/1984'], 'mdy')).toBe('dmy');
    expect(sniffDateStyle(['01/02/2024', '12/25/1984'], 'dmy')).toBe('mdy');
    expect(sniffDateStyle(['01-02-2024', '12-25-1984'], 'dmy')).toBe('mdy');
    expect(sniffDateStyle(['05.17.2024'], 'dmy')).toBe('mdy');
  });

  it('falls back when nothing decides or the values contradict each other', () => {
    expect(sniffDateStyle(['01/02/2024', '03/04/2024'], 'mdy')).toBe('mdy');
    expect(sniffDateStyle(['01/02/2024', '03/04/2024'], 'dmy')).toBe('dmy');
    expect(sniffDateStyle(['25/12/1984', '12/25/1984'], 'ymd')).toBe('ymd');
    expect(sniffDateStyle([], 'dmy')).toBe('dmy');
    expect(sniffDateStyle(['', 'завтра', '17 мая 2024'], 'mdy')).toBe('mdy');
  });
});

describe('formatDate', () => {
  it('writes zero-padded dates in the file’s style', () => {
    expect(formatDate('2024-05-07', 'dmy')).toBe('07.05.2024');
    expect(formatDate('2024-05-07', 'mdy')).toBe('05/07/2024');
    expect(formatDate('2024-05-07', 'ymd')).toBe('2024-05-07');
    expect(formatDate('2024-05-07', 'dmy', '/')).toBe('07/05/2024');
    expect(formatDate('2024-05-07', 'ymd', '.')).toBe('2024.05.07');
  });

  it('refuses what is not a calendar date', () => {
    expect(() => formatDate('2023-02-29', 'dmy')).toThrow(RangeError);
    expect(() => formatDate('17.05.2024', 'dmy')).toThrow(RangeError);
  });

  it('is read back by parseDate for every date 1900..2100, style and separator', () => {
    const day = fc
      .date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2100, 11, 31)), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(
        day,
        fc.constantFrom<DateStyle>('dmy', 'mdy', 'ymd'),
        fc.constantFrom('.', '/', '-'),
        (iso, style, sep) => {
          expect(parseDate(formatDate(iso, style), style)).toBe(iso);
          expect(parseDate(formatDate(iso, style, sep), style)).toBe(iso);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
