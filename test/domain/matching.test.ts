import { describe, expect, it } from 'vitest';
import type { Client, ClientFields, Contact } from '../../src/domain/client.js';
import {
  applyChanges,
  ClientIndex,
  hasChanges,
  matchClient,
  planMerge,
  storedClientIndex,
} from '../../src/domain/matching.js';

const phone = (value: string): Contact => ({ value, raw: value, label: null, valid: true });
const email = (value: string): Contact => ({ value, raw: value, label: null, valid: true });

function client(fields: Partial<ClientFields>): ClientFields {
  return { name: '', phones: [], emails: [], source: null, tags: [], birthday: null, note: null, extra: {}, ...fields };
}

function indexOf(entries: Array<[number, ClientFields]>): ClientIndex {
  const index = new ClientIndex();
  for (const [id, fields] of entries) index.add(id, fields);
  return index;
}

describe('matchClient', () => {
  const index = indexOf([
    [1, client({ name: 'Иван Петров', phones: [phone('+79123456789')] })],
    [2, client({ name: 'Мария Иванова', emails: [email('maria@example.ru')] })],
    [3, client({ name: 'Ольга Сидорова' })],
  ]);

  it('matches by phone first, whatever the name', () => {
    expect(matchClient(index, client({ name: 'Ваня', phones: [phone('+79123456789')] }))).toEqual({
      kind: 'match',
      id: 1,
      by: 'phone',
    });
  });

  it('matches by e-mail when no phone matches', () => {
    expect(
      matchClient(
        index,
        client({ name: 'M. Ivanova', phones: [phone('+79990000000')], emails: [email('maria@example.ru')] }),
      ),
    ).toEqual({
      kind: 'match',
      id: 2,
      by: 'email',
    });
  });

  it('matches by case-folded name when nothing contradicts it', () => {
    expect(matchClient(index, client({ name: '  ОЛЬГА   сидорова ' }))).toEqual({ kind: 'match', id: 3, by: 'name' });
    expect(matchClient(index, client({ name: 'иван петров' }))).toEqual({ kind: 'match', id: 1, by: 'name' });
    expect(matchClient(index, client({ name: 'Ольга Сидорова', phones: [phone('+79005554433')] }))).toEqual({
      kind: 'match',
      id: 3,
      by: 'name',
    });
  });

  it('treats ё and е alike in names', () => {
    const withYo = indexOf([[7, client({ name: 'Пётр Алёшин' })]]);
    expect(matchClient(withYo, client({ name: 'Петр Алешин' }))).toEqual({ kind: 'match', id: 7, by: 'name' });
  });

  it('refuses a name match that a different phone or e-mail contradicts, and reports the possible duplicate', () => {
    expect(matchClient(index, client({ name: 'Иван Петров', phones: [phone('+79001112233')] }))).toEqual({
      kind: 'none',
      possibleDuplicates: [1],
    });
    expect(matchClient(index, client({ name: 'Мария Иванова', emails: [email('other@example.ru')] }))).toEqual({
      kind: 'none',
      possibleDuplicates: [2],
    });
  });

  it('finds nothing for a new person', () => {
    expect(matchClient(index, client({ name: 'Новый Человек' }))).toEqual({ kind: 'none', possibleDuplicates: [] });
  });
});

describe('planMerge', () => {
  const stored = client({
    name: 'Иван Петров',
    phones: [phone('+79123456789')],
    source: 'Instagram',
    tags: ['VIP'],
    extra: { Мастер: 'Оля' },
  });

  it('fills empty fields and adds contacts, tags and extra keys', () => {
    const incoming = client({
      name: 'иван петров',
      phones: [phone('+79123456789'), phone('+74951234567')],
      emails: [email('ivan@example.ru')],
      birthday: '1990-05-17',
      tags: ['vip', 'Стрижка'],
      extra: { Мастер: 'Оля', Скидка: '5%' },
    });
    const { changes, conflicts } = planMerge(stored, incoming);
    expect(conflicts).toEqual([]);
    expect(changes).toEqual({
      fill: { birthday: '1990-05-17' },
      addPhones: [phone('+74951234567')],
      addEmails: [email('ivan@example.ru')],
      addTags: ['Стрижка'],
      addExtra: { Скидка: '5%' },
    });
    const merged = applyChanges(stored, changes);
    expect(merged.phones.map((p) => p.value)).toEqual(['+79123456789', '+74951234567']);
    expect(merged.tags).toEqual(['VIP', 'Стрижка']);
    expect(merged.source).toBe('Instagram');
  });

  it('never overwrites a non-empty value: it lists the conflict', () => {
    const { changes, conflicts } = planMerge(
      stored,
      client({ name: 'Иван Сергеевич Петров', source: 'Avito', extra: { Мастер: 'Катя' } }),
    );
    expect(hasChanges(changes)).toBe(false);
    expect(conflicts).toEqual([
      { field: 'name', stored: 'Иван Петров', incoming: 'Иван Сергеевич Петров' },
      { field: 'source', stored: 'Instagram', incoming: 'Avito' },
      { field: 'Мастер', extra: true, stored: 'Оля', incoming: 'Катя' },
    ]);
  });

  it('finds nothing to change when the same record comes again', () => {
    expect(hasChanges(planMerge(stored, stored).changes)).toBe(false);
  });
});

describe('matchClient with damaged contacts', () => {
  it('does not let a phone a spreadsheet mangled contradict a name match', () => {
    const damaged: Contact = { value: '79123410', raw: '7.91234E+10', label: null, valid: false };
    const index = indexOf([[4, client({ name: 'Кузнецов Алексей', phones: [damaged] })]]);
    expect(matchClient(index, client({ name: 'Кузнецов Алексей', phones: [phone('+79123400000')] }))).toEqual({
      kind: 'match',
      id: 4,
      by: 'name',
    });
  });
});

describe('matchClient among many namesakes', () => {
  const invalid = (value: string): Contact => ({ value, raw: value, label: null, valid: false });
  /** The definition, written the slow way: the first namesake none of whose valid contacts disagrees. */
  function firstCompatible(stored: Array<[number, ClientFields]>, incoming: ClientFields): number | undefined {
    const valid = (contacts: Contact[]) => contacts.filter((c) => c.valid).map((c) => c.value);
    const disagree = (a: string[], b: string[]) => a.length > 0 && b.length > 0 && !b.some((v) => a.includes(v));
    return stored.find(
      ([, fields]) =>
        fields.name === incoming.name &&
        !disagree(valid(fields.phones), valid(incoming.phones)) &&
        !disagree(valid(fields.emails), valid(incoming.emails)),
    )?.[0];
  }

  it('picks the same namesake as the definition for every mix of valid and invalid contacts', () => {
    const contactsOf = (n: number, i: number): Partial<ClientFields> => ({
      phones: [[], [phone(`+7900000${i}`)], [invalid(`123${i}`)]][n % 3],
      emails: [[], [email(`c${i}@example.ru`)], [invalid(`bad${i}`)]][Math.floor(n / 3) % 3],
    });
    const stored: Array<[number, ClientFields]> = [];
    for (let i = 0; i < 9; i++) stored.push([i + 1, client({ name: 'Анна', ...contactsOf((i * 4) % 9, i) })]);
    for (let order = 0; order < 9; order++) {
      const index = indexOf(stored.slice(order));
      for (let n = 0; n < 9; n++) {
        const incoming = client({ name: 'Анна', ...contactsOf(n, 100 + n) });
        const expected = firstCompatible(stored.slice(order), incoming);
        expect(matchClient(index, incoming), `stored from ${order}, incoming kind ${n}`).toEqual(
          expected === undefined
            ? { kind: 'none', possibleDuplicates: stored.slice(order).map(([id]) => id) }
            : { kind: 'match', id: expected, by: 'name' },
        );
      }
    }
  });

  it('sees a namesake that gained a valid phone through replace', () => {
    const index = indexOf([
      [1, client({ name: 'Анна' })],
      [2, client({ name: 'Анна' })],
    ]);
    index.replace(1, client({ name: 'Анна', phones: [phone('+79001112233')] }));
    expect(matchClient(index, client({ name: 'Анна', phones: [phone('+79004445566')] }))).toEqual({
      kind: 'match',
      id: 2,
      by: 'name',
    });
    expect(matchClient(index, client({ name: 'Анна', phones: [phone('+79004445566')] }), false)).toEqual({
      kind: 'match',
      id: 2,
      by: 'name',
    });
    index.replace(2, client({ name: 'Анна', phones: [phone('+79007778899')] }));
    expect(matchClient(index, client({ name: 'Анна', phones: [phone('+79004445566')] }), false)).toEqual({
      kind: 'none',
      possibleDuplicates: [],
    });
  });
});

describe('matchClient by surname and first name', () => {
  const stored = (id: number, fields: Partial<ClientFields>): Client => ({
    ...client(fields),
    id,
    created: '2026-01-01',
    archived: false,
  });
  const book = storedClientIndex([
    stored(1, { name: 'Иванова Мария Петровна' }),
    stored(2, { name: 'Сидоров Олег Ильич', phones: [phone('+79001112233')] }),
    stored(3, { name: 'Кузнецова Анна Сергеевна' }),
    stored(4, { name: 'Кузнецова Анна Викторовна', emails: [email('anna@example.ru')] }),
    stored(5, { name: 'Иванов Пётр' }),
  ]);

  it('finds the one stored client whose full name starts with the two words, in either order', () => {
    for (const name of ['Иванова Мария', 'иванова  МАРИЯ', 'Мария Иванова']) {
      expect(matchClient(book, client({ name })), name).toEqual({ kind: 'match', id: 1, by: 'surname and first name' });
      expect(matchClient(book, client({ name }), false), name).toEqual({
        kind: 'match',
        id: 1,
        by: 'surname and first name',
      });
    }
    expect(matchClient(book, client({ name: 'Иванов Петр' }))).toEqual({ kind: 'match', id: 5, by: 'name' });
    expect(matchClient(book, client({ name: 'Петр Иванов' }))).toEqual({
      kind: 'match',
      id: 5,
      by: 'surname and first name',
    });
  });

  it('matches whole words only, and only a name of two words', () => {
    for (const name of ['Иван Мария', 'Иванова Мари', 'Иванова', 'Иванова Мария Ивановна', 'Мария Петровна']) {
      expect(matchClient(book, client({ name })), name).toEqual({ kind: 'none', possibleDuplicates: [] });
    }
  });

  it('takes a phone or e-mail that does not disagree, and refuses one that does', () => {
    expect(matchClient(book, client({ name: 'Олег Сидоров', phones: [phone('+79001112233')] }))).toMatchObject({
      id: 2,
      by: 'phone',
    });
    expect(matchClient(book, client({ name: 'Олег Сидоров', emails: [email('oleg@example.ru')] }))).toEqual({
      kind: 'match',
      id: 2,
      by: 'surname and first name',
    });
    expect(matchClient(book, client({ name: 'Сидоров Олег', phones: [phone('+79005556677')] }))).toEqual({
      kind: 'none',
      possibleDuplicates: [2],
    });
    // A journal lists it too: unlike a namesake, a client of the same surname and first name is not everyday.
    expect(matchClient(book, client({ name: 'Сидоров Олег', phones: [phone('+79005556677')] }), false)).toEqual({
      kind: 'none',
      possibleDuplicates: [2],
    });
    const namesake = storedClientIndex([stored(1, { name: 'Сидоров Олег', phones: [phone('+79001112233')] })]);
    expect(matchClient(namesake, client({ name: 'Сидоров Олег', phones: [phone('+79005556677')] }), false)).toEqual({
      kind: 'none',
      possibleDuplicates: [],
    });
  });

  it('creates when two stored clients could be meant, listing both even in a journal', () => {
    expect(matchClient(book, client({ name: 'Кузнецова Анна' }), false)).toEqual({
      kind: 'none',
      possibleDuplicates: [3, 4],
    });
    // A phone only 4 has not: 4 has an e-mail, and a phone does not contradict it, so both still could be meant.
    expect(matchClient(book, client({ name: 'Анна Кузнецова', phones: [phone('+79990001122')] }), false)).toEqual({
      kind: 'none',
      possibleDuplicates: [3, 4],
    });
    // Another e-mail rules 4 out: 3 is the one left.
    expect(matchClient(book, client({ name: 'Анна Кузнецова', emails: [email('a.k@example.ru')] }), false)).toEqual({
      kind: 'match',
      id: 3,
      by: 'surname and first name',
    });
  });

  it('prefers a client of the very name, and a client the import created is found by its whole name only', () => {
    const index = storedClientIndex([stored(1, { name: 'Иванова Мария Петровна' })]);
    index.addNew(-1, client({ name: 'Иванова Мария', phones: [phone('+79001112233')] }));
    expect(matchClient(index, client({ name: 'Иванова Мария' }))).toEqual({ kind: 'match', id: -1, by: 'name' });
    index.addNew(-2, client({ name: 'Петрова Ольга Ивановна' }));
    expect(matchClient(index, client({ name: 'Петрова Ольга' }))).toEqual({ kind: 'none', possibleDuplicates: [] });
  });
});

describe('matchClient by an alias', () => {
  const stored = (id: number, fields: Partial<ClientFields>): Client => ({
    ...client(fields),
    id,
    created: '2026-01-01',
    archived: false,
  });

  it('finds a client by a name merged into it, as by its own, and by the start of that name', () => {
    const index = storedClientIndex(
      [stored(1, { name: 'Иванова Мария Петровна', phones: [phone('+79001112233')] }), stored(2, { name: 'Маша' })],
      [
        { clientId: 1, name: 'Маша Иванова' },
        { clientId: 1, name: 'Смирнова Мария Петровна' },
      ],
    );
    expect(matchClient(index, client({ name: 'маша иванова' }))).toEqual({ kind: 'match', id: 1, by: 'name' });
    expect(matchClient(index, client({ name: 'Смирнова Мария' }))).toEqual({
      kind: 'match',
      id: 1,
      by: 'surname and first name',
    });
    // The alias is the client's: a phone the client's own phone disagrees with refuses it as well.
    expect(matchClient(index, client({ name: 'Маша Иванова', phones: [phone('+79004445566')] }))).toEqual({
      kind: 'none',
      possibleDuplicates: [1],
    });
    expect(index.knownAs(1, 'МАША ИВАНОВА')).toBe(true);
    expect(index.knownAs(2, 'Маша Иванова')).toBe(false);
  });

  it('sees a client known by an alias gain a valid phone through replace', () => {
    const index = storedClientIndex(
      [stored(1, { name: 'Анна Петровна' }), stored(2, { name: 'Анна' })],
      [{ clientId: 1, name: 'Анна' }],
    );
    expect(matchClient(index, client({ name: 'Анна', phones: [phone('+79004445566')] }))).toMatchObject({ id: 1 });
    index.replace(1, client({ name: 'Анна Петровна', phones: [phone('+79001112233')] }));
    expect(matchClient(index, client({ name: 'Анна', phones: [phone('+79004445566')] }))).toMatchObject({ id: 2 });
  });
});

describe('a name of two words the other way round, among the clients an import creates', () => {
  for (const keepFields of [true, false]) {
    it(`finds the client created a line before (${keepFields ? 'a client import' : 'a journal'})`, () => {
      const index = new ClientIndex(keepFields);
      index.addNew(-1, client({ name: 'Иванова Анна', phones: [phone('+79123456789')] }));
      index.addNew(-2, client({ name: 'Петрова Ольга' }));
      expect(matchClient(index, client({ name: 'Анна Иванова' }), false)).toEqual({
        kind: 'match',
        id: -1,
        by: 'surname and first name',
      });
      expect(matchClient(index, client({ name: 'ольга  петрова' }), false)).toMatchObject({ kind: 'match', id: -2 });
      // A valid phone on both sides that differs says two people.
      expect(
        matchClient(index, client({ name: 'Анна Иванова', phones: [phone('+79990001122')] }), false),
      ).toMatchObject({ kind: 'none' });
      // Three words are not two the other way round.
      expect(matchClient(index, client({ name: 'Анна Иванова Петровна' }), false)).toMatchObject({ kind: 'none' });
    });
  }
});

describe('ClientIndex.knownAs', () => {
  it('knows a client by its name, by the two words a longer name of hers starts with, or a longer name starting with hers; not by another longer name', () => {
    const index = new ClientIndex(false);
    index.add(1, client({ name: 'Иванова Ольга' }));
    index.add(2, client({ name: 'Смирнова Анна Петровна' }));
    expect(index.knownAs(1, 'иванова ольга')).toBe(true);
    expect(index.knownAs(2, 'Анна Смирнова')).toBe(true);
    expect(index.knownAs(2, 'Смирнова Анна')).toBe(true);
    expect(index.knownAs(1, 'Сидоров Пётр Николаевич')).toBe(false);
    expect(index.knownAs(2, 'Смирнова Анна Ивановна')).toBe(false);
    // A fuller name that starts with the two words a client goes by, in either order, is hers.
    expect(index.knownAs(1, 'Иванова Ольга Петровна')).toBe(true);
    expect(index.knownAs(1, 'Ольга Иванова Петровна')).toBe(true);
  });
});
