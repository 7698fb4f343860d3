import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nameKey } from '../../src/domain/names.js';

describe('nameKey', () => {
  it('folds case, ё and runs of white space', () => {
    expect(nameKey('  Ёжиков\t Пётр ')).toBe('ежиков петр');
    expect(nameKey('ＡＮＮＡ Smith')).toBe('anna smith');
    expect(nameKey('Иванов')).toBe('иванов');
  });

  it('answers each name the same whatever was folded before it (the last answer is kept)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const first = nameKey(a);
        const other = nameKey(b);
        expect(nameKey(a)).toBe(first);
        expect(nameKey(b)).toBe(other);
        expect(nameKey(`${a}`)).toBe(first);
      }),
    );
  });
});
