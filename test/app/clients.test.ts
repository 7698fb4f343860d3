/** Client writes through the use cases, on every engine (test/engines.ts). */
import { describe, expect, it } from 'vitest';
import { addClient, editClient, mergeClients, storedClientLike } from '../../src/app/clients.js';
import { draftFromRecord } from '../../src/domain/client.js';
import { matchClient, storedClientIndex } from '../../src/domain/matching.js';
import { engines, skippedEngine } from '../engines.js';

describe.each(engines)('$name', (engine) => {
  if (engine.skipped) return skippedEngine(engine);

  /** Two stores on one database: the command under test, and another `crm` process writing beside it. */
  async function twoConnections() {
    const path = await engine.database();
    return { path, db: await engine.open(path), other: await engine.open(path) };
  }

  it('finds the client a hand-typed one would be taken for among the candidates the store picks, as among all clients', async () => {
    const db = await engine.open(await engine.database());
    await db.settings.set('region', 'RU');
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const surnames = ['Иванова', 'Петрова', 'Сидорова'];
    const given = ['Мария', 'Анна', 'Ольга'];
    const phone = () => `+7900000000${next(8)}`;
    const email = () => `${['anna', 'maria', 'olga'][next(3)]}@mail.ru`;
    const name = () => {
      const [surname, first] = [surnames[next(3)]!, given[next(3)]!];
      return [`${surname} ${first}`, `${first} ${surname}`, `${surname} ${first} Петровна`, first, ''][next(5)]!;
    };
    const clients = [];
    for (let i = 0; i < 30; i++) {
      const input = {
        name: name() || 'Кузнецова Вера',
        phones: next(3) ? [phone()] : [],
        emails: next(4) ? [] : [email()],
      };
      clients.push((await addClient(db, input, true)).client);
    }
    for (let i = 0; i < 4; i++) await mergeClients(db, clients[i]!, clients[i + 10]!);
    const all = await db.clients.load();
    const index = storedClientIndex(all, await db.clients.nameAliases());
    for (let probe = 0; probe < 150; probe++) {
      const input = { name: name(), phones: next(2) ? [phone()] : [], emails: next(3) ? [] : [email()] };
      if (!input.name && input.phones.length === 0 && input.emails.length === 0) continue;
      const { draft } = draftFromRecord(
        {
          line: 1,
          name: input.name,
          phones: input.phones.map((value) => ({ value })),
          emails: input.emails.map((value) => ({ value })),
          tags: [],
          extra: {},
        },
        'RU',
        '2026-12-07',
      );
      const expected = matchClient(index, draft!);
      const found = await storedClientLike(db, input);
      expect([input, found && { id: found.client.id, by: found.by }]).toEqual([
        input,
        expected.kind === 'match' ? { id: expected.id, by: expected.by } : undefined,
      ]);
    }
    await db.close();
  });

  describe('client writes read the client again holding the write lock', () => {
    it('an edit adds its phone to the phones stored when it writes, not to those it read before', async () => {
      const { db, other } = await twoConnections();
      const { client } = await addClient(db, { name: 'Иванова Мария', phones: ['+79001110001'] });
      // Found by the command, then another process adds a phone before the edit writes.
      await editClient(other, client, { addPhones: ['+79001110002'] });
      const { client: edited, warnings } = await editClient(db, client, { addPhones: ['+79001110003'] });
      expect(edited.phones.map((p) => p.value)).toEqual(['+79001110001', '+79001110002', '+79001110003']);
      expect(warnings).toEqual([]);
    });

    it('a merge takes the phone another process added to OTHER after it was found', async () => {
      const { db, other } = await twoConnections();
      const keep = (await addClient(db, { name: 'Иванова Мария Петровна', phones: ['+79001110001'] })).client;
      const merged = (await addClient(db, { name: 'Маша', phones: ['+79001110002'] })).client;
      await editClient(other, merged, { addPhones: ['+79001110009'] });
      const result = await mergeClients(db, keep, merged);
      expect(result.client.phones.map((p) => p.value)).toEqual(['+79001110001', '+79001110002', '+79001110009']);
      expect(await db.clients.get(merged.id)).toBeUndefined();
    });

    it('an edit of a client merged away meanwhile fails and writes nothing', async () => {
      const { db, other } = await twoConnections();
      const keep = (await addClient(db, { name: 'Иванова Мария Петровна' })).client;
      const merged = (await addClient(db, { name: 'Маша' })).client;
      await mergeClients(other, keep, merged);
      await expect(editClient(db, merged, { addPhones: ['+79001110002'] })).rejects.toThrow(/no client #2/);
      expect((await db.clients.get(keep.id))!.phones).toEqual([]);
    });

    it('a merge moves the records and keeps the names OTHER went by as aliases of KEEP', async () => {
      const { db } = await twoConnections();
      const keep = (await addClient(db, { name: 'Иванова Мария Петровна', tags: ['VIP'] })).client;
      const first = (await addClient(db, { name: 'Маша', tags: ['vip', 'Новая'] })).client;
      const second = (await addClient(db, { name: 'Мария И.' })).client;
      const visit = await db.visits.insert({
        client_id: first.id,
        date: '2026-10-01',
        amount: 150_000,
        service: 'Стрижка',
        note: null,
        extra: {},
      });
      await mergeClients(db, first, second);
      await mergeClients(db, keep, first);
      expect((await db.visits.get(visit))?.client_id).toBe(keep.id);
      expect(await db.clients.nameAliases()).toEqual([
        { clientId: keep.id, name: 'Мария И.' },
        { clientId: keep.id, name: 'Маша' },
      ]);
      expect((await db.clients.get(keep.id))?.tags).toEqual(['VIP', 'Новая']);
      expect(await db.clients.findIds('маш')).toEqual([keep.id]);
    });
  });

  describe('a client name typed by hand', () => {
    it('is stored as an imported name is: runs of white space as one space', async () => {
      const db = await engine.open(await engine.database());
      const { client } = await addClient(db, { name: ' Иванова  Мария\tПетровна ' });
      expect((await db.clients.get(client.id))?.name).toBe('Иванова Мария Петровна');
      const { client: edited } = await editClient(db, client, { name: 'Иванова   Мария' });
      expect(edited.name).toBe('Иванова Мария');
    });
  });
});
