import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { composeName, nameKey, tidyName } from '../../src/domain/names.js';

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

describe('tidyName', () => {
  it('stores a name with single spaces and no white space at the ends', () => {
    expect(tidyName('  Иванова \t Мария\nПетровна ')).toBe('Иванова Мария Петровна');
    expect(tidyName('Anna')).toBe('Anna');
    expect(tidyName(' \t ')).toBe('');
  });
});

describe('composeName', () => {
  it('writes the given name first, or the family name first when the source does', () => {
    const parts = { given: 'Мария', middle: 'Петровна', family: 'Иванова' };
    expect(composeName(parts)).toBe('Мария Петровна Иванова');
    expect(composeName(parts, true)).toBe('Иванова Мария Петровна');
    expect(composeName({ prefix: 'Dr.', given: 'Anna', family: 'Smith', suffix: 'Jr.' })).toBe('Dr. Anna Smith Jr.');
    expect(composeName({ given: '', family: 'Smith' })).toBe('Smith');
  });
});
