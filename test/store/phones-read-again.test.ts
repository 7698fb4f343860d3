/** The phones kept as written that a region, once known, reads again: on every engine (test/engines.ts). */
import { describe, expect, it } from 'vitest';
import type { ClientDraft } from '../../src/domain/client.js';
import { SAME_PHONE } from '../../src/domain/matching.js';
import type { Store } from '../../src/store/store.js';
import { clientDraft, contact } from '../builders.js';
import { engines, skippedEngine } from '../engines.js';

const KEPT = contact('89123456789', '8 (912) 345-67-89', null, false);
const JOURNAL = { file: '/tmp/journal.csv', settings: {}, expectedRows: 10 };
const counts = { rows_read: 1, created: 1, updated: 0, unchanged: 0, rejected: 0 };

function withPhones(name: string, ...phones: ClientDraft['phones']): ClientDraft {
  return { ...clientDraft(name), phones };
}

/** What a region read again changes, as the use cases read it. */
async function state(s: Store) {
  return {
    region: await s.settings.get('region'),
    phones: (await s.clients.load()).map((c) => c.phones.map((p) => [p.raw, p.valid ? p.value : null])),
    pairs: (await s.clients.duplicateCandidates()).map((p) => [p.client_id, p.other_id, p.reason]),
  };
}

describe.each(engines)('$name', (engine) => {
  if (engine.skipped) return skippedEngine(engine);
  const store = async () => engine.open(await engine.database());

  it('finds the clients with a phone kept as written and stores what a region read them as', async () => {
    const s = await store();
    const masha = await s.clients.insert(withPhones('Маша', KEPT));
    await s.clients.insert(clientDraft('Оля', '+79031112233'));
    // The same number written both ways: one phone once it is read.
    const ivanova = await s.clients.insert(withPhones('Иванова', KEPT, contact('+79123456789', '+7 912 345-67-89')));
    expect(await s.clients.withPhonesKeptAsWritten()).toEqual([masha, ivanova]);
    await s.write((tx) =>
      tx.clients.storePhonesReadAgain([
        { clientId: masha, raw: KEPT.raw, value: '+79123456789' },
        { clientId: ivanova, raw: KEPT.raw, value: '+79123456789' },
      ]),
    );
    expect((await state(s)).phones).toEqual([
      [['8 (912) 345-67-89', '+79123456789']],
      [['+79031112233', '+79031112233']],
      [['+7 912 345-67-89', '+79123456789']],
    ]);
    expect(await s.clients.withPhonesKeptAsWritten()).toEqual([]);
    expect(await s.clients.findIds('9123456789')).toEqual([masha, ivanova]);
  });

  it('remembers a region in a journal load, with the phones and pairs, all or none', async () => {
    const s = await store();
    const masha = await s.clients.insert(withPhones('Маша', KEPT));
    const ivanova = await s.clients.insert(clientDraft('Иванова', '+79123456789'));
    const before = await state(s);
    const remember = async () => {
      const load = await s.imports.loadJournal({ ...JOURNAL, dryRun: false });
      expect(load.storedRegion).toBeUndefined();
      load.addClient(clientDraft('Новая', '+79161234567'));
      await load.complete([], 'sameNameStart');
      await load.rememberRegion(
        'RU',
        [{ clientId: masha, raw: KEPT.raw, value: '+79123456789' }],
        [{ clientId: masha, otherId: ivanova, reason: SAME_PHONE }],
      );
      return load;
    };
    await (await remember()).abandon();
    expect(await state(s)).toEqual(before);

    const load = await remember();
    await load.commit({ counts, settings: {}, fileSha256: '' });
    expect(await state(s)).toEqual({
      region: 'RU',
      phones: [
        [['8 (912) 345-67-89', '+79123456789']],
        [['+79123456789', '+79123456789']],
        [['+79161234567', '+79161234567']],
      ],
      pairs: [[masha, ivanova, 'samePhone']],
    });
    expect((await s.imports.loadJournal({ ...JOURNAL, dryRun: true })).storedRegion).toBe('RU');
  });
});
