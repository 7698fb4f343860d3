import { describe, expect, it } from 'vitest';
import { csvText, guardCell } from '../../src/exporters/csv-text.js';

describe('guardCell', () => {
  it.each([
    ['=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'],
    ['+1 (crazy)', "'+1 (crazy)"],
    ['-2+3', "'-2+3"],
    ['@SUM(1)', "'@SUM(1)"],
    ["+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', "'\rcmd"],
    ['\n=1', "'\n=1"],
    ['+7 912 555 44 33', "'+7 912 555 44 33"],
    ['-1e5', "'-1e5"],
    ["'=already", "''=already"],
    ["'-5", "''-5"],
  ])('neutralises %j', (cell, guarded) => {
    expect(guardCell(cell)).toBe(guarded);
  });

  it.each(['-2500', '-2,5', '-0.75', '+79123456789', '-1 500,00', '+1\u00a0500.00', '1500.00'])(
    'leaves the plain number %j for programs to read',
    (cell) => {
      expect(guardCell(cell)).toBe(cell);
    },
  );

  it.each(['+79123456789', '-2500'])('keeps the signed number %j text for a spreadsheet', (cell) => {
    expect(guardCell(cell, { signedNumbersAsText: true })).toBe(`'${cell}`);
  });

  it.each(['Иванова', '1500.00', '2026-05-17', "O'Brien", "'quoted", 'a=b', ''])('leaves %j alone', (cell) => {
    expect(guardCell(cell)).toBe(cell);
  });
});

describe('csvText', () => {
  it('guards, quotes only what must be quoted, writes numbers as they are and nothing for null', () => {
    const text = csvText([
      ['name', 'amount', 'note'],
      ['=1+2', -2500, null],
      ['Смит, Джон', 1.5, ' space'],
      ['a "b"', true, 'две\nстроки'],
    ]);
    expect(text).toBe('name,amount,note\n\'=1+2,-2500,\n"Смит, Джон",1.5," space"\n"a ""b""",1,"две\nстроки"\n');
  });

  it('writes the delimiter and line ending given', () => {
    expect(csvText([['a;b', '1,5']], { delimiter: ';', lineEnding: '\r\n' })).toBe('"a;b";1,5\r\n');
  });
});
