import { describe, expect, it } from 'vitest';
import { hiddenOdsRows } from '../../../src/importers/workbook/ods-rows.js';

const row = (attributes = '') => `<table:table-row${attributes}><table:table-cell/></table:table-row>`;

describe('hiddenOdsRows', () => {
  it('finds the rows Calc hides by hand, by a filter or in a group, counting repeated rows, sheet by sheet (next ranges joined)', () => {
    const xml = [
      '<table:table table:name="Клиенты &amp; друзья"><table:table-column/>',
      row(),
      row(' table:visibility="collapse"'),
      row(' table:number-rows-repeated="3"'),
      '<table:table-row-group>',
      row(' table:number-rows-repeated="2" table:visibility="filter"'),
      row(' table:visibility="collapse"'),
      '</table:table-row-group>',
      row(' table:number-rows-repeated="1048568" table:visibility="collapse"'),
      '</table:table>',
      '<table:table table:name="Визиты">',
      row(' table:visibility="visible"'),
      row(' table:style-name="ro1" table:visibility="collapse"'),
      '</table:table>',
    ].join('');
    expect(hiddenOdsRows(xml)).toEqual(
      new Map([
        [
          'Клиенты & друзья',
          [
            [1, 2],
            [5, 1048576],
          ],
        ],
        ['Визиты', [[1, 2]]],
      ]),
    );
  });
});
