import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/calendar.js';
import { parseAmountArgument, parseDateArgument, parseScoreArgument } from '../../src/domain/records.js';
import { median } from '../../src/reports/numbers.js';

describe('parseAmountArgument', () => {
  it.each([
    ['1500', 150000],
    ['1 500,50', 150050],
    ['1500.50', 150050],
    ['1 500 ₽', 150000],
    ['0', 0],
  ])('%s → %i minor units', (text, minor) => {
    expect(parseAmountArgument(text)).toBe(minor);
  });

  it('refuses negative and unreadable amounts', () => {
    expect(() => parseAmountArgument('-100')).toThrow(/negative/);
    expect(() => parseAmountArgument('abc')).toThrow(/amount 'abc'/);
    expect(() => parseAmountArgument('')).toThrow(/empty amount/);
  });
});

describe('parseDateArgument', () => {
  it('reads words and both date styles', () => {
    expect(parseDateArgument('today', '2026-03-01')).toBe('2026-03-01');
    expect(parseDateArgument('вчера', '2026-03-01')).toBe('2026-02-28');
    expect(parseDateArgument('yesterday', '2024-03-01')).toBe('2024-02-29');
    expect(parseDateArgument('17.05.2026', '2026-03-01')).toBe('2026-05-17');
    expect(parseDateArgument('2026-05-17', '2026-03-01')).toBe('2026-05-17');
    expect(() => parseDateArgument('31.02.2026', '2026-03-01')).toThrow(/not a date/);
  });
});

describe('parseScoreArgument', () => {
  it('takes whole numbers 0..10 and nothing else', () => {
    for (let score = 0; score <= 10; score++) expect(parseScoreArgument(String(score))).toBe(score);
    for (const bad of ['11', '-1', '7.5', 'abc', '', '10.0']) {
      expect(() => parseScoreArgument(bad)).toThrow(`score '${bad}' is not a whole number from 0 to 10`);
    }
  });
});

it('median and addDays', () => {
  expect(median([])).toBeNull();
  expect(median([5])).toBe(5);
  expect(median([81, 112, 22, 49])).toBe(65);
  expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
});
