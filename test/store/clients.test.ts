import { describe, expect, it } from 'vitest';
import type { ClientDraft } from '../../src/domain/client.js';
import { insertClient, listClients, loadClients, replaceClientFields, setArchived } from '../../src/store/clients.js';
import { openDatabase } from '../../src/store/db.js';
import { contact } from '../builders.js';
import { tempDbPath } from '../helpers.js';

/** Client `n`: phones and e-mails of its own (some with none), a tag on every third, a source on every other. */
function draft(n: number): ClientDraft {
  return {
    name: `Клиент ${n}`,
    phones: Array.from({ length: n % 3 }, (_, i) =>
      contact(`+7912000${n}${i}`, `8 912 000 ${n}${i}`, i ? 'work' : null),
    ),
    emails: Array.from({ length: n % 2 }, () => contact(`c${n}@example.ru`, `C${n}@example.ru`)),
    tags: n % 3 === 0 ? ['VIP', `тег ${n}`] : [],
    source: n % 2 ? 'Сайт' : null,
    birthday: null,
    note: null,
    extra: n % 4 === 0 ? { Мастер: `Ольга ${n}` } : {},
    created: '2026-01-01',
  };
}

describe('reading clients', () => {
  const db = openDatabase(tempDbPath());
  const drafts = Array.from({ length: 40 }, (_, i) => draft(i + 1));
  const ids = drafts.map((d) => insertClient(db, d));
  // Contacts added later sit after other clients' rows: each must still reach its own client, in its order.
  replaceClientFields(db, ids[4]!, { phones: [contact('+79990000001', '+7 999 000-00-01'), ...drafts[4]!.phones] });
  drafts[4]!.phones = [contact('+79990000001', '+7 999 000-00-01'), ...drafts[4]!.phones];
  for (const n of [2, 7, 8, 30]) setArchived(db, ids[n]!, true);
  const expected = (i: number) => ({
    id: ids[i],
    name: drafts[i]!.name,
    phones: drafts[i]!.phones,
    emails: drafts[i]!.emails,
    tags: drafts[i]!.tags,
    source: drafts[i]!.source,
    extra: drafts[i]!.extra,
    archived: [2, 7, 8, 30].includes(i),
  });
  const all = drafts.map((_, i) => i);

  it('loads every client with its own contacts and tags, in their order', () => {
    expect(loadClients(db)).toMatchObject(all.map(expected));
  });

  it('loads the clients asked for, in id order', () => {
    expect(loadClients(db, [ids[30]!, ids[3]!, ids[4]!])).toMatchObject([3, 4, 30].map(expected));
    expect(loadClients(db, [])).toEqual([]);
  });

  it('lists the clients a filter selects, each with its own contacts and tags', () => {
    const active = all.filter((i) => ![2, 7, 8, 30].includes(i));
    expect(listClients(db)).toMatchObject(active.map(expected));
    expect(listClients(db, { includeArchived: true })).toMatchObject(all.map(expected));
    expect(listClients(db, { tag: 'vip' })).toMatchObject(active.filter((i) => (i + 1) % 3 === 0).map(expected));
    expect(listClients(db, { source: 'Сайт', includeArchived: true })).toMatchObject(
      all.filter((i) => (i + 1) % 2 === 1).map(expected),
    );
    expect(listClients(db, { tag: 'нет такого' })).toEqual([]);
  });
});
