import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { composeName, nameKey, namesClearlyDiffer, otherGivenNameForms, tidyName } from '../../src/domain/names.js';

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

describe('namesClearlyDiffer', () => {
  it('takes the ways a journal writes one client as one person', () => {
    for (const other of [
      'Иванова Анна',
      'Анна Иванова',
      'иванова  анна',
      'Иванова А.',
      'Иванова А. П.',
      'Иванова Анна Петровна',
      'Анна Петровна Иванова',
      'Анна',
      'Мама',
      'Иванова',
    ])
      expect([other, namesClearlyDiffer('Иванова Анна', other)]).toEqual([other, false]);
    expect(namesClearlyDiffer('Иванова Анна Петровна', 'Иванова А.П.')).toBe(false);
    expect(namesClearlyDiffer('Иванова Анна Петровна', 'Петровна Анна')).toBe(false);
    expect(namesClearlyDiffer('Петров Сергей', 'Sergey Petrov')).toBe(false);
  });

  it('takes a name mistyped by a letter (changed, missing, added, two swapped) as the same person', () => {
    for (const typo of ['Иваноа Анна', 'Ивнова Анна', 'Ивановва Анна', 'Ивнаова Анна', 'Иванова Ана'])
      expect([typo, namesClearlyDiffer('Иванова Анна', typo)]).toEqual([typo, false]);
    expect(namesClearlyDiffer('Иванова Анна', 'Иваннова Ана')).toBe(false);
    // Short words are not guessed at: `Ия` and `Ян` are two names.
    expect(namesClearlyDiffer('Ким Ия', 'Ким Ян')).toBe(true);
    expect(namesClearlyDiffer('Иванова Анна', 'Смирнова Анна')).toBe(true);
    expect(namesClearlyDiffer('Иванова Анна', 'Ивановская Анна')).toBe(true);
  });

  it('takes the familiar form of a Russian given name as that name, in either order and either alphabet case', () => {
    for (const [full, familiar] of [
      ['Петрова Анна', 'Аня Петрова'],
      ['Соколов Александр', 'Саша Соколов'],
      ['Соколова Александра', 'Соколова Саша'],
      ['Фёдорова Наталья', 'ФЕДОРОВА НАТАША'],
      ['Кузнецов Вячеслав', 'Кузнецов Слава'],
      ['Кузнецов Ярослав', 'Кузнецов Слава'],
      ['Иванов Сергей Петрович', 'Серёжа Иванов'],
    ])
      expect([full, familiar, namesClearlyDiffer(full, familiar)]).toEqual([full, familiar, false]);
    // A man's and a woman's form of one surname or name are two people (a family's phone), not a typo.
    expect(namesClearlyDiffer('Белов Александр', 'Белова Саша')).toBe(true);
    expect(namesClearlyDiffer('Белов Александр', 'Белов Саша')).toBe(false);
    expect(namesClearlyDiffer('Белова Александра', 'Белова Саша')).toBe(false);
    expect(namesClearlyDiffer('Белов Александр', 'Белов Александра')).toBe(true);
    expect(namesClearlyDiffer('Петровский Олег', 'Петровская Олег')).toBe(true);
    expect(namesClearlyDiffer('Кузнецов Евгений', 'Кузнецов Евгения')).toBe(true);
    expect(namesClearlyDiffer('Кузнецов Евгений', 'Кузнецов Женя')).toBe(false);
    // A familiar form stands for its own names only.
    expect(namesClearlyDiffer('Кузнецов Вячеслав', 'Кузнецов Саша')).toBe(true);
    expect(namesClearlyDiffer('Петрова Анна', 'Петрова Таня')).toBe(true);
    expect(namesClearlyDiffer('Петров Игорь', 'Петрова Аня')).toBe(true);
  });

  it('tells two people of two words or more apart, a family phone’s husband and wife too', () => {
    expect(namesClearlyDiffer('Соколов Андрей', 'Соколова Ирина')).toBe(true);
    expect(namesClearlyDiffer('Соколов Андрей', 'Соколов Игорь')).toBe(true);
    expect(namesClearlyDiffer('Иванова Анна', 'Иванова Б.')).toBe(true);
    expect(namesClearlyDiffer('Иванова Анна Петровна', 'Петрова Анна')).toBe(true);
    // An initial does not take the word a whole word needs.
    expect(namesClearlyDiffer('Анна Андреевна', 'А. Анна')).toBe(false);
  });
});

describe('otherGivenNameForms', () => {
  it('gives the other forms of a given name, a man’s and a woman’s apart', () => {
    expect(otherGivenNameForms('лена')).toEqual(['елена']);
    expect(otherGivenNameForms('александр')).toEqual(['саша', 'шура', 'саня']);
    expect(otherGivenNameForms('евгения')).toEqual(['женя']);
    expect(otherGivenNameForms('саша')).toEqual(['александр', 'александра', 'шура', 'саня']);
    expect(otherGivenNameForms('новикова')).toEqual([]);
  });
});
