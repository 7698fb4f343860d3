import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isIsoDate } from '../../src/domain/calendar.js';
import { UsageError } from '../../src/errors.js';
import {
  isWholeMonth,
  lastFullMonth,
  lastFullMonths,
  parsePeriod,
  periodLabel,
  resolvePeriod,
  shiftMonth,
  splitPeriod,
} from '../../src/reports/period.js';

describe('parsePeriod', () => {
  it('reads a month, with its real last day', () => {
    expect(parsePeriod('2026-03')).toEqual({ from: '2026-03-01', to: '2026-03-31' });
    expect(parsePeriod('2026-04')).toEqual({ from: '2026-04-01', to: '2026-04-30' });
    expect(parsePeriod('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(parsePeriod('2023-02')).toEqual({ from: '2023-02-01', to: '2023-02-28' });
    expect(parsePeriod('2000-02')).toEqual({ from: '2000-02-01', to: '2000-02-29' });
    expect(parsePeriod('1900-02')).toEqual({ from: '1900-02-01', to: '1900-02-28' });
  });

  it('reads quarters written 2026Q1, 2026-Q1 or 2026q4', () => {
    expect(parsePeriod('2026Q1')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(parsePeriod('2026-Q2')).toEqual({ from: '2026-04-01', to: '2026-06-30' });
    expect(parsePeriod('2026q3')).toEqual({ from: '2026-07-01', to: '2026-09-30' });
    expect(parsePeriod('2026Q4')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(parsePeriod('2024Q1')).toEqual({ from: '2024-01-01', to: '2024-03-31' });
  });

  it('reads a year, a day and a range', () => {
    expect(parsePeriod('2026')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(parsePeriod('2026-03-05')).toEqual({ from: '2026-03-05', to: '2026-03-05' });
    expect(parsePeriod('2026-03-05..2026-03-20')).toEqual({ from: '2026-03-05', to: '2026-03-20' });
    expect(parsePeriod('2024-02-28..2024-02-29')).toEqual({ from: '2024-02-28', to: '2024-02-29' });
  });

  it('reads a range from the first day of one month, quarter or year to the last of another', () => {
    expect(parsePeriod('2026-01..2026-06')).toEqual({ from: '2026-01-01', to: '2026-06-30' });
    expect(parsePeriod('2025Q4..2026Q1')).toEqual({ from: '2025-10-01', to: '2026-03-31' });
    expect(parsePeriod('2020..2026')).toEqual({ from: '2020-01-01', to: '2026-12-31' });
    expect(parsePeriod('2026..2026')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(parsePeriod('2026-02..2026-02-10')).toEqual({ from: '2026-02-01', to: '2026-02-10' });
    expect(parsePeriod(' 2026-03..2026-05 ')).toEqual({ from: '2026-03-01', to: '2026-05-31' });
  });

  it('reads days and months written day first with dots, as Russian writes them', () => {
    expect(parsePeriod('11.2026')).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(parsePeriod('2.2024')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(parsePeriod('05.03.2026')).toEqual({ from: '2026-03-05', to: '2026-03-05' });
    expect(parsePeriod('1.3.2026..20.03.2026')).toEqual({ from: '2026-03-01', to: '2026-03-20' });
    expect(parsePeriod('01.2026..2026Q2')).toEqual({ from: '2026-01-01', to: '2026-06-30' });
    expect(resolvePeriod({ from: '05.03.2026', to: '20.03.2026' }, '2026-11-22')).toEqual({
      from: '2026-03-05',
      to: '2026-03-20',
    });
    for (const text of ['13.2026', '31.02.2026', '0.2026', '05.03.26', '2026.03', '05/03/2026']) {
      expect(() => parsePeriod(text, '-p/--period')).toThrow(`-p/--period: '${text}'`);
    }
    expect(() => resolvePeriod({ from: '31.02.2026' }, '2026-11-22')).toThrow(UsageError);
  });

  it('refuses anything else with a usage error naming the option and the value', () => {
    for (const text of [
      '2026-13',
      '2026Q5',
      '26-03',
      'march',
      '2026-03-05..',
      '..2026-03',
      '2026..2027..2028',
      '2026-03 .. 2026-04',
      '2026-02-30',
      '2023-02-29..2023-03-01',
    ]) {
      expect(() => parsePeriod(text, '-p/--period')).toThrow(UsageError);
      expect(() => parsePeriod(text, '-p/--period')).toThrow(`-p/--period: '${text}'`);
    }
    expect(() => parsePeriod('2026-03-20..2026-03-05')).toThrow(/ends before it starts/);
    expect(() => parsePeriod('2026..2025')).toThrow(/ends before it starts/);
    expect(() => parsePeriod('2026-06..2026-05-31')).toThrow(/ends before it starts/);
  });
});

describe('resolvePeriod', () => {
  it('defaults to the last full month before today', () => {
    expect(resolvePeriod({}, '2026-11-22')).toEqual({ from: '2026-10-01', to: '2026-10-31' });
    expect(resolvePeriod({}, '2026-11-01')).toEqual({ from: '2026-10-01', to: '2026-10-31' });
    expect(resolvePeriod({}, '2026-01-15')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(resolvePeriod({}, '2024-03-31')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(lastFullMonth('2026-12-31')).toEqual({ from: '2026-11-01', to: '2026-11-30' });
  });

  it('takes a fallback, e.g. the last 12 full months for cohorts', () => {
    expect(resolvePeriod({}, '2026-11-22', (today) => lastFullMonths(today, 12))).toEqual({
      from: '2025-11-01',
      to: '2026-10-31',
    });
    expect(lastFullMonths('2026-01-10', 3)).toEqual({ from: '2025-10-01', to: '2025-12-31' });
  });

  it('reads --month, --year, --from/--to; --from alone runs to today', () => {
    expect(resolvePeriod({ month: '2026-02' }, '2026-11-22')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(resolvePeriod({ year: '2024' }, '2026-11-22')).toEqual({ from: '2024-01-01', to: '2024-12-31' });
    expect(resolvePeriod({ from: '2026-03-05', to: '2026-03-20' }, '2026-11-22')).toEqual({
      from: '2026-03-05',
      to: '2026-03-20',
    });
    expect(resolvePeriod({ from: '2026-11-01' }, '2026-11-22')).toEqual({ from: '2026-11-01', to: '2026-11-22' });
    expect(resolvePeriod({ period: '2026Q1' }, '2026-11-22')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
  });

  it('refuses conflicting or invalid options', () => {
    expect(() => resolvePeriod({ period: '2026-03', month: '2026-03' }, '2026-11-22')).toThrow(UsageError);
    expect(() => resolvePeriod({ period: '2026-03', month: '2026-03' }, '2026-11-22')).toThrow(
      '-p/--period and --month cannot be combined',
    );
    expect(() => resolvePeriod({ year: '2026', from: '2026-01-01' }, '2026-11-22')).toThrow(UsageError);
    expect(() => resolvePeriod({ to: '2026-03-01' }, '2026-11-22')).toThrow('--to needs --from');
    expect(() => resolvePeriod({ from: '2026-03-10', to: '2026-03-01' }, '2026-11-22')).toThrow(/after --to/);
    expect(() => resolvePeriod({ from: '2026/03/01', to: '2026-03-10' }, '2026-11-22')).toThrow("--from: '2026/03/01'");
    expect(() => resolvePeriod({ month: '2026-3' }, '2026-11-22')).toThrow("--month: '2026-3'");
    expect(() => resolvePeriod({ year: '26' }, '2026-11-22')).toThrow("--year: '26'");
  });
});

describe('splitPeriod and labels', () => {
  it('splits a quarter into months and a year into quarters', () => {
    expect(splitPeriod({ from: '2024-01-01', to: '2024-03-31' }, 'month')).toEqual([
      { label: '2024-01', period: { from: '2024-01-01', to: '2024-01-31' } },
      { label: '2024-02', period: { from: '2024-02-01', to: '2024-02-29' } },
      { label: '2024-03', period: { from: '2024-03-01', to: '2024-03-31' } },
    ]);
    expect(splitPeriod(parsePeriod('2026'), 'quarter').map((part) => part.label)).toEqual([
      '2026Q1',
      '2026Q2',
      '2026Q3',
      '2026Q4',
    ]);
    expect(splitPeriod(parsePeriod('2025-11-15..2027-01-10'), 'year')).toEqual([
      { label: '2025', period: { from: '2025-11-15', to: '2025-12-31' } },
      { label: '2026', period: { from: '2026-01-01', to: '2026-12-31' } },
      { label: '2027', period: { from: '2027-01-01', to: '2027-01-10' } },
    ]);
  });

  it('cuts the first and last parts to the period', () => {
    expect(splitPeriod({ from: '2026-03-05', to: '2026-05-20' }, 'month')).toEqual([
      { label: '2026-03', period: { from: '2026-03-05', to: '2026-03-31' } },
      { label: '2026-04', period: { from: '2026-04-01', to: '2026-04-30' } },
      { label: '2026-05', period: { from: '2026-05-01', to: '2026-05-20' } },
    ]);
  });

  it('labels whole months, quarters and years by name, other periods as a range', () => {
    expect(periodLabel(parsePeriod('2026-10'))).toBe('2026-10');
    expect(periodLabel(parsePeriod('2026Q1'))).toBe('2026Q1');
    expect(periodLabel(parsePeriod('2026'))).toBe('2026');
    expect(periodLabel(parsePeriod('2026-03-05..2026-03-20'))).toBe('2026-03-05..2026-03-20');
    expect(periodLabel(parsePeriod('2026-03-05'))).toBe('2026-03-05');
    expect(isWholeMonth(parsePeriod('2024-02'))).toBe(true);
    expect(isWholeMonth(parsePeriod('2024-02-01..2024-02-28'))).toBe(false);
    expect(isWholeMonth(parsePeriod('2026Q1'))).toBe(false);
  });

  it('shifts months across years and leap Februaries', () => {
    expect(shiftMonth(parsePeriod('2026-01'), -1)).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(shiftMonth(parsePeriod('2025-02'), -12)).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(shiftMonth(parsePeriod('2026-10'), -11)).toEqual({ from: '2025-11-01', to: '2025-11-30' });
  });
});

describe('dates', () => {
  it('does calendar arithmetic across month ends and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2023-03-01', -1)).toBe('2023-02-28');
    expect(addDays('2026-10-01', -90)).toBe('2026-07-03');
    expect(daysBetween('2025-10-15', '2026-06-01')).toBe(229);
    expect(daysBetween('2024-02-01', '2024-03-01')).toBe(29);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2026-1-01')).toBe(false);
  });
});

describe('splitPeriod bound', () => {
  it('splits into at most 1,200 periods and refuses one more, before building any', () => {
    expect(splitPeriod({ from: '2000-01-01', to: '2099-12-31' }, 'month')).toHaveLength(1200);
    expect(() => splitPeriod({ from: '2000-01-01', to: '2100-01-01' }, 'month')).toThrow(
      '--monthly over 2000-01-01..2100-01-01 would make 1201 columns (at most 1200)',
    );
    expect(splitPeriod({ from: '2000-02-15', to: '2299-11-30' }, 'quarter')).toHaveLength(1200);
    expect(() => splitPeriod({ from: '2000-02-15', to: '2300-01-01' }, 'quarter')).toThrow('1201 columns');
    expect(() => splitPeriod({ from: '1000-01-01', to: '9999-12-31' }, 'year')).toThrow('9000 columns');
  });
});
