import { describe, expect, it } from 'vitest';
import {
  type CellReading,
  numberText,
  readCell,
  serialToIsoDate,
  shownDecimals,
} from '../../../src/importers/workbook/cells.js';

const reading: CellReading = { date1904: false, isDateFormat: (z) => /[dy]/i.test(z) && !/general/i.test(z) };

describe('numberText', () => {
  it('writes a number as its digits: no exponent, a point before a fraction, no binary noise', () => {
    expect(numberText(79123456789)).toBe('79123456789');
    expect(numberText(7.9123456789e10)).toBe('79123456789');
    expect(numberText(1500.5)).toBe('1500.5');
    expect(numberText(0.1 + 0.2)).toBe('0.3');
    expect(numberText(1e21)).toBe('1000000000000000000000');
    expect(numberText(1.5e-7)).toBe('0.00000015');
    expect(numberText(-42)).toBe('-42');
  });
});

describe('serialToIsoDate', () => {
  it('reads the 1900 date system, around the 29 February 1900 that never was', () => {
    expect(serialToIsoDate(46329, false)).toBe('2026-11-03');
    expect(serialToIsoDate(46329.75, false)).toBe('2026-11-03');
    expect(serialToIsoDate(1, false)).toBe('1900-01-01');
    expect(serialToIsoDate(59, false)).toBe('1900-02-28');
    expect(serialToIsoDate(60, false)).toBeUndefined();
    expect(serialToIsoDate(61, false)).toBe('1900-03-01');
    expect(serialToIsoDate(2_958_466, false)).toBeUndefined();
  });

  it('reads the 1904 date system (Excel for Mac), 1462 days apart', () => {
    expect(serialToIsoDate(46329 - 1462, true)).toBe('2026-11-03');
    expect(serialToIsoDate(0, true)).toBe('1904-01-01');
  });
});

describe('shownDecimals', () => {
  it('counts the decimals a number format shows, percent ones as the value has them', () => {
    expect(shownDecimals('#,##0.00\\ [$₽-419]')).toBe(2);
    expect(shownDecimals('#,##0.00" ""₽"')).toBe(2);
    expect(shownDecimals('0')).toBe(0);
    expect(shownDecimals('0%')).toBe(2);
    expect(shownDecimals('0.0%')).toBe(3);
    expect(shownDecimals('[RED]-0.00;0.000')).toBe(2);
  });

  it('has no count for formats that show what there is', () => {
    for (const format of [undefined, '', 'General', '0.00E+00', '# ?/?', '@'])
      expect(shownDecimals(format)).toBeUndefined();
  });
});

describe('readCell', () => {
  it('gives a date cell as YYYY-MM-DD whatever it shows, and a time alone as shown', () => {
    expect(readCell({ t: 'n', v: 46329, z: 'mm/dd/yy', w: '11/03/26' }, reading)).toEqual({
      text: '2026-11-03',
      type: 'date',
    });
    expect(readCell({ t: 'n', v: 46329 - 1462, z: 'd mmm yyyy' }, { ...reading, date1904: true })).toEqual({
      text: '2026-11-03',
      type: 'date',
    });
    expect(readCell({ t: 'n', v: 0.5, z: 'hh:mm', w: '12:00' }, { ...reading, isDateFormat: () => true })).toEqual({
      text: '12:00',
    });
  });

  it('gives a number as its value, rounded as its format shows it when that shows fewer decimals', () => {
    expect(readCell({ t: 'n', v: 1500.5, z: '#,##0.00 ₽', w: '1 500,50 ₽' }, reading)).toEqual({
      text: '1500.5',
      type: 'number',
    });
    expect(readCell({ t: 'n', v: 1000 / 3, z: '0.00' }, reading)).toEqual({ text: '333.33', type: 'number' });
    expect(readCell({ t: 'n', v: 1.005, z: '0.00' }, reading)).toEqual({ text: '1.01', type: 'number' });
    expect(readCell({ t: 'n', v: 0.153, z: '0%' }, reading)).toEqual({ text: '0.15', type: 'number' });
    expect(readCell({ t: 'n', v: 1500.125, z: 'General' }, reading)).toEqual({ text: '1500.125', type: 'number' });
  });

  it('gives text trimmed, a boolean as TRUE/FALSE, an error as its code, an empty cell as nothing', () => {
    expect(readCell({ t: 's', v: '  Анна \n' }, reading)).toEqual({ text: 'Анна' });
    expect(readCell({ t: 'b', v: true }, reading)).toEqual({ text: 'TRUE' });
    expect(readCell({ t: 'e', v: 7, w: '#DIV/0!' }, reading)).toEqual({ text: '#DIV/0!' });
    expect(readCell({ t: 'z' }, reading)).toEqual({ text: '' });
    expect(readCell(undefined, reading)).toEqual({ text: '' });
  });
});
