import { describe, expect, it } from 'vitest';
import { dropTotalsRows, type GridRow, isTotalsRow } from '../../src/importers/grid.js';

const row = (cells: string[], typed?: GridRow['typed']): GridRow => ({ line: 1, cells, ...(typed ? { typed } : {}) });

describe('isTotalsRow', () => {
  it('takes a label of totals alone, then sums only', () => {
    expect(isTotalsRow(row(['', 'Итого', '', '3760002.98', '']))).toBe(true);
    expect(isTotalsRow(row(['Всего:', '1 500,00 ₽', '12']))).toBe(true);
    expect(isTotalsRow(row(['TOTAL', '79123456789'], [undefined, 'number']))).toBe(true);
    expect(isTotalsRow(row(['Grand total', '-1\u00a0250.5']))).toBe(true);
  });

  it('never takes a client called so: a phone, an e-mail, a text or nothing beside the name', () => {
    expect(isTotalsRow(row(['Итого', '+7 912 345-67-89']))).toBe(false);
    expect(isTotalsRow(row(['Итого', '8 (912) 345-67-89', '1500']))).toBe(false);
    expect(isTotalsRow(row(['Итого', 'itogo@mail.ru', '1500']))).toBe(false);
    expect(isTotalsRow(row(['Итого', '', 'Avito']))).toBe(false);
    expect(isTotalsRow(row(['Итого', '', '']))).toBe(false);
    expect(isTotalsRow(row(['Итого Анна', '1500']))).toBe(false);
    expect(isTotalsRow(row(['1500', 'Итого']))).toBe(false);
  });
});

describe('dropTotalsRows', () => {
  it('takes off the totals rows at the bottom only, and says their lines', () => {
    const rows: GridRow[] = [
      { line: 2, cells: ['Итого', '100'] },
      { line: 3, cells: ['Анна', '100'] },
      { line: 4, cells: ['Итого', '200'] },
      { line: 5, cells: ['Всего', '200'] },
    ];
    expect(dropTotalsRows(rows)).toEqual([4, 5]);
    expect(rows.map((r) => r.line)).toEqual([2, 3]);
  });
});
