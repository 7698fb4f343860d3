import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rejectsPath } from '../../src/app/import-common.js';

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
