import { describe, expect, it } from 'vitest';
import { positionIn, sheetRow } from '../../src/domain/input.js';

describe('where a row of a workbook read sheet after sheet is', () => {
  // Сентябрь's rows take lines 1..40 (its sheet had 40 rows), Октябрь's 41..75, 'Ноябрь 2026''s from 76.
  const detected = {
    sheet: 'Сентябрь',
    sheets: [
      { name: 'Сентябрь', lineOffset: 0 },
      { name: 'Октябрь', lineOffset: 40 },
      { name: 'Ноябрь 2026', lineOffset: 75 },
    ],
  };

  it('names the sheet and its row as the spreadsheet shows them, at each edge of a sheet', () => {
    expect(positionIn(2, detected)).toBe('Сентябрь!2');
    expect(positionIn(40, detected)).toBe('Сентябрь!40');
    expect(positionIn(41, detected)).toBe('Октябрь!1');
    expect(positionIn(52, detected)).toBe('Октябрь!12');
    expect(positionIn(76, detected)).toBe("'Ноябрь 2026'!1");
    expect(sheetRow(77, detected)).toEqual({ sheet: 'Ноябрь 2026', row: 2 });
  });

  it('is the row of the one sheet read, or the line of a text file, otherwise', () => {
    expect(positionIn(12, { sheet: 'Клиенты' })).toBe('Клиенты!12');
    expect(positionIn(12, {})).toBe('12');
  });
});
