import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FileKind } from '../../src/domain/kinds.js';
import { InputError } from '../../src/errors.js';
import { FIELDS, mapHeaders, normalizeHeader, splitValues } from '../../src/importers/headers.js';
import { hostileText } from './arbitraries.js';

const KINDS: FileKind[] = ['clients', 'visits', 'deals', 'nps'];
const kind = fc.constantFrom(...KINDS);

/** One header of each field, as people write them (a field appears at most once: two `ФИО` columns are not
 * symmetric, the first one is the name). */
const KNOWN: Record<FileKind, Record<string, string[]>> = {
  clients: {
    name: ['ФИО', 'Name', 'Клиент', 'Full name'],
    phone: ['Телефон', 'Phone', 'Моб. телефон', 'Mobile'],
    email: ['E-mail', 'Почта', 'Email address'],
    source: ['Источник', 'Source', 'Откуда узнал(а)'],
    tags: ['Метки', 'Tags', 'Группа'],
    birthday: ['Дата рождения', 'Birthday', 'ДР'],
    note: ['Примечание', 'Notes', 'Комментарий'],
    created: ['Клиент с', 'Created at', 'Дата добавления'],
  },
  visits: {
    date: ['Дата', 'Date', 'Дата визита'],
    client: ['Клиент', 'Client', 'ФИО'],
    phone: ['Телефон', 'Phone'],
    amount: ['Сумма', 'Amount', 'Итого'],
    service: ['Услуга', 'Service'],
    note: ['Примечание', 'Note'],
  },
  deals: {
    created: ['Создана', 'Created'],
    client: ['Клиент', 'Client'],
    title: ['Название', 'Title'],
    amount: ['Сумма', 'Amount'],
    stage: ['Стадия', 'Stage'],
    won: ['Выиграна', 'Won'],
    lost: ['Проиграна', 'Lost'],
    reason: ['Причина', 'Reason'],
  },
  nps: {
    date: ['Дата', 'Date'],
    client: ['Клиент', 'Client'],
    score: ['Оценка', 'Score', 'NPS'],
    improve: ['Что улучшить', 'Improve'],
    liked: ['Что понравилось', 'Liked'],
  },
};

const fieldOf = (k: FileKind, headers: string[]) =>
  new Map(mapHeaders(k, headers).columns.map((c) => [c.header, c.field]));

/** Headers the kind does not know, none of them equal (as the mapping compares them) to another. */
function unknownHeaders(k: FileKind) {
  return fc
    .uniqueArray(
      fc.string({ unit: fc.constantFrom(...'абвxyzQ 019_'), minLength: 1, maxLength: 8 }).map((h) => `Колонка ${h}`),
      { maxLength: 5, selector: (h) => normalizeHeader(h) },
    )
    .filter((headers) => headers.every((h) => mapHeaders(k, [h]).columns[0]!.field === null));
}

/** A file's header: a few known fields (one header each) and a few unknown columns, in a random order. */
const header = kind.chain((k) =>
  fc.record({
    kind: fc.constant(k),
    known: fc
      .shuffledSubarray(Object.keys(KNOWN[k]), { minLength: 1 })
      .chain((fields) => fc.tuple(...fields.map((field) => fc.constantFrom(...KNOWN[k][field]!)))),
    unknown: unknownHeaders(k),
  }),
);

describe('mapHeaders', () => {
  it('never throws for any header list, and maps every column to a field of its kind or to extra', () => {
    fc.assert(
      fc.property(kind, fc.array(hostileText, { maxLength: 30 }), (k, headers) => {
        const mapping = mapHeaders(k, headers);
        expect(mapping.columns).toHaveLength(headers.length);
        for (const column of mapping.columns) {
          if (column.field !== null) expect(FIELDS[k]).toContain(column.field);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('throws only InputError for arbitrary overrides, and an override it accepts wins', () => {
    const target = fc.oneof(
      hostileText,
      fc.constantFrom('', 'extra', 'phone', 'name', 'date', 'amount', 'score', ' Note '),
    );
    fc.assert(
      fc.property(kind, fc.array(hostileText, { minLength: 1, maxLength: 6 }), target, (k, headers, target) => {
        const column = headers[0]!;
        try {
          const mapping = mapHeaders(k, headers, { [column]: target });
          const index = headers.findIndex((h) => h.trim().toLowerCase() === column.trim().toLowerCase());
          const field = target.trim().toLowerCase();
          expect(mapping.columns[index]!.field).toBe(field === '' || field === 'extra' ? null : field);
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('maps each header to the same field whatever the order of the columns', () => {
    fc.assert(
      fc.property(header, fc.nat(), ({ kind: k, known, unknown }, seed) => {
        const headers = [...known, ...unknown];
        const shuffled = [...headers].sort(
          (a, b) => ((headers.indexOf(a) * 7919 + seed) % 101) - ((headers.indexOf(b) * 7919 + seed) % 101),
        );
        expect(fieldOf(k, shuffled)).toEqual(fieldOf(k, headers));
        const fields = fieldOf(k, headers);
        for (const h of unknown) expect(fields.get(h)).toBeNull();
      }),
      { numRuns: 500 },
    );
  });

  it('maps case, space, punctuation and ё/е variants of a known header like the header itself', () => {
    const variant = fc.record({
      upper: fc.array(fc.boolean(), { maxLength: 40 }),
      pad: fc.constantFrom('', ' ', '  ', '\t', '\u00A0'),
      yo: fc.boolean(),
      spaced: fc.constantFrom(' ', '  ', ' - ', '_', '.'),
    });
    const known = kind.chain((k) =>
      fc.tuple(fc.constant(k), fc.constantFrom(...Object.values(KNOWN[k]).flat()), variant),
    );
    fc.assert(
      fc.property(known, ([k, name, { upper, pad, yo, spaced }]) => {
        let changed = [...name]
          .map((char, i) => (upper[i] ? char.toUpperCase() : char.toLowerCase()))
          .join('')
          .replace(/ /g, spaced);
        if (yo) changed = changed.replace(/е/g, 'ё').replace(/Е/g, 'Ё');
        changed = pad + changed + pad;
        expect(mapHeaders(k, [changed]).columns[0]!.field).toBe(mapHeaders(k, [name]).columns[0]!.field);
      }),
      { numRuns: 500 },
    );
  });

  it('maps ten thousand columns, a thousand of them numbered Google contact columns, in well under a second', () => {
    const headers = Array.from({ length: 10_000 }, (_, i) =>
      i % 10 === 0 ? `Phone ${i} - ${i % 20 === 0 ? 'Value' : 'Label'}` : `Колонка ${i}`,
    );
    const started = performance.now();
    const mapping = mapHeaders('clients', headers);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(mapping.columns.filter((c) => c.field === 'phone')).toHaveLength(500);
  });
});

describe('splitValues', () => {
  // RowTyper takes a trimmed, non-empty phone or e-mail cell of a column without a separator as it is.
  it('leaves a trimmed, non-empty cell of a phone or e-mail column without a separator as its one value', () => {
    fc.assert(
      fc.property(hostileText, fc.constantFrom('phone', 'email'), (text, field) => {
        const cell = text.trim();
        fc.pre(cell !== '');
        expect(splitValues(cell, { field })).toEqual([cell]);
      }),
    );
  });
});
