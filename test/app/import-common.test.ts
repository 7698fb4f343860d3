import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRejectedError, rejectsPath } from '../../src/app/import-common.js';

describe('rejectsPath', () => {
  it('keeps a Cyrillic file name readable, replacing only what a file name should not hold', () => {
    const name = basename(rejectsPath('/data/crm.sqlite', { file: '/home/anna/Клиенты салона (2).ods' }));
    expect(name).toMatch(/^rejects-Клиенты_салона_2_.ods-\d{8}-\d{6}\.csv$/);
  });

  it('goes beside the database unless --rejects names a file', () => {
    expect(rejectsPath('/data/crm.sqlite', { file: 'a.csv' }).startsWith('/data/rejects-a.csv-')).toBe(true);
    expect(rejectsPath('/data/crm.sqlite', { file: 'a.csv', rejects: '/tmp/bad.csv' })).toBe('/tmp/bad.csv');
  });
});

describe('allRejectedError', () => {
  const first = { line: 6, field: 'Сумма', reason: "'x': not an amount" };
  it('names the first row where the sheet shows it, and a workbook’s other sheets when none was chosen', () => {
    expect(
      allRejectedError('a.ods', 5, first, { sheet: 'Сводка', otherSheets: ['Визиты', 'Клиенты'] }, null).message,
    ).toBe(
      "a.ods: nothing could be imported: all 5 rows were rejected (first: Сводка!6, field Сумма: 'x': not an amount)" +
        "; the workbook's other sheets: Визиты, Клиенты (choose one with --sheet NAME)",
    );
    expect(allRejectedError('a.csv', 5, first, {}, null).message).toBe(
      "a.csv: nothing could be imported: all 5 rows were rejected (first: line 6, field Сумма: 'x': not an amount)",
    );
  });
});
