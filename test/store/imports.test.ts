/** store.imports on every engine (test/engines.ts). */
import { describe, expect, it } from 'vitest';
import type { JournalLoadOptions, Store } from '../../src/store/store.js';
import { clientDraft } from '../builders.js';
import { engines, skippedEngine } from '../engines.js';

const draft = (name: string, phone: string) => clientDraft(name, phone);

const counts = { rows_read: 1, created: 1, updated: 0, unchanged: 0, rejected: 0 };
const JOURNAL: Omit<JournalLoadOptions, 'dryRun'> = { file: '/tmp/journal.csv', settings: {}, expectedRows: 10 };

/** What an import changes, as the use cases read it. */
async function contents(s: Store) {
  return {
    clients: (await s.clients.load()).map((c) => ({ name: c.name, phones: c.phones.map((p) => p.value) })),
    deals: (await s.deals.list()).map((d) => ({ title: d.title, stage: d.stage, stages: d.history.length })),
    answers: (await s.nps.list()).map((a) => a.score),
    duplicates: (await s.clients.duplicateCandidates()).length,
  };
}

describe.each(engines)('$name', (engine) => {
  if (engine.skipped) return skippedEngine(engine);
  const store = async () => engine.open(await engine.database());

  describe('store.imports', () => {
    it('writes a batch inside store.write that store.imports.undo removes, restoring what it changed', async () => {
      const s = await store();
      const anna = await s.clients.insert(draft('Анна', '+79161234567'));
      const dealId = await s.deals.insert(
        {
          client_id: anna,
          title: 'Свадьба',
          amount: 5_000_00,
          source: null,
          created: '2026-01-02',
          note: null,
          extra: {},
        },
        [{ stage: 'lead', date: '2026-01-02', reason: null }],
      );
      const before = await contents(s);

      const { batchId, boris } = await s.write(async (tx) => {
        const batch = await tx.imports.beginBatch('deals', '/tmp/deals.csv', 'sha', {});
        const [boris] = await tx.imports.insertClients([draft('Борис', '+79161234568')], batch);
        await tx.imports.applyClientChanges(
          [[anna, { fill: {}, addPhones: [], addEmails: [], addTags: ['vip'], addExtra: { city: 'Тверь' } }]],
          batch,
        );
        await tx.imports.recordDuplicateCandidates([{ clientId: boris!, otherId: anna, reason: 'same name' }], batch);
        await tx.imports.insertDeals(
          [
            {
              deal: {
                client_id: boris!,
                title: 'Юбилей',
                amount: null,
                source: null,
                created: '2026-02-01',
                note: null,
                extra: {},
              },
              history: [{ stage: 'lead', date: '2026-02-01', reason: null }],
            },
          ],
          batch,
        );
        await tx.imports.moveDeals(
          [{ dealId, entry: { stage: 'qualified', date: '2026-02-03', reason: null } }],
          batch,
        );
        await tx.imports.insertNpsAnswers(
          [{ client_id: boris!, date: '2026-02-04', score: 9, improve: null, liked: null, extra: {} }],
          batch,
        );
        await tx.imports.finishBatch(batch, counts);
        return { batchId: batch, boris: boris! };
      });
      expect(await contents(s)).toEqual({
        clients: [
          { name: 'Анна', phones: ['+79161234567'] },
          { name: 'Борис', phones: ['+79161234568'] },
        ],
        deals: [
          { title: 'Свадьба', stage: 'qualified', stages: 2 },
          { title: 'Юбилей', stage: 'lead', stages: 1 },
        ],
        answers: [9],
        duplicates: 1,
      });
      expect((await s.clients.get(anna))?.extra).toEqual({ city: 'Тверь' });
      expect((await s.imports.storedNpsCount())(boris, '2026-02-04', 9)).toBe(1);
      expect((await s.batches.list()).map((b) => [b.id, b.status])).toEqual([[batchId, 'done']]);

      const undone = await s.imports.undo(batchId);
      expect(undone.restored).toBe(2);
      expect(await contents(s)).toEqual(before);
      expect((await s.clients.get(anna))?.extra).toEqual({});
      expect(await s.batches.list()).toEqual([]);
    });

    it('keeps nothing of an import whose write throws', async () => {
      const s = await store();
      await expect(
        s.write(async (tx) => {
          const batch = await tx.imports.beginBatch('clients', '/tmp/clients.csv', 'sha', {});
          await tx.imports.insertClients([draft('Анна', '+79161234567')], batch);
          throw new Error('the rejects file could not be written');
        }),
      ).rejects.toThrow(/rejects/);
      expect(await s.clients.load()).toEqual([]);
      expect(await s.batches.list()).toEqual([]);
    });

    it('saves, reads back and lists import profiles', async () => {
      const s = await store();
      await s.imports.saveProfile('salon', 'visits', { delimiter: ';' });
      await s.imports.saveProfile('salon', 'clients', { delimiter: ',' });
      expect(await s.imports.loadProfile('salon')).toEqual({ kind: 'clients', settings: { delimiter: ',' } });
      expect(await s.imports.loadProfile('other')).toBeUndefined();
      expect((await s.imports.listProfiles()).map((p) => [p.name, p.kind, JSON.parse(p.settings)])).toEqual([
        ['salon', 'clients', { delimiter: ',' }],
      ]);
    });
  });

  describe('store.imports.loadJournal', () => {
    it('takes rows through per-row functions called detached, and commits them as one batch', async () => {
      const s = await store();
      const anna = await s.clients.insert(draft('Анна', '+79161234567'));
      const journal = await s.imports.loadJournal({ ...JOURNAL, dryRun: false });
      expect(journal.clients.map((c) => c.id)).toEqual([anna]);
      // The planner keeps these functions apart from the writer: they must not depend on `this`.
      const { addClient, startVisits, addVisit, storedCount } = journal;
      const boris = addClient(draft('Борис', '+79161234568'));
      startVisits(false);
      addVisit({ clientId: anna, date: '2026-02-01', amount: 100_000, service: null, note: null, extra: {} });
      addVisit({ clientId: boris, date: '2026-02-02', amount: 50_000, service: null, note: null, extra: {} });
      expect(storedCount(anna, '2026-02-01', 100_000, null)).toBe(0);
      await journal.complete([], 'same name');
      await journal.commit({ counts: { ...counts, rows_read: 2, created: 2 }, settings: {}, fileSha256: 'sha' });

      expect((await s.visits.list()).map((v) => [v.client_id, v.amount])).toEqual([
        [anna, 100_000],
        [boris, 50_000],
      ]);
      expect((await s.batches.list()).map((b) => [b.id, b.rows_read])).toEqual([[journal.batchId, 2]]);
      const again = await s.imports.loadJournal({ ...JOURNAL, dryRun: true });
      expect(again.batchId).toBeNull();
      expect(again.storedCount(anna, '2026-02-01', 100_000, null)).toBe(1);
      await again.abandon();
    });

    it('holds the write lock until abandoned, and leaves nothing behind', async () => {
      const address = await engine.database();
      const s = await engine.open(address);
      const journal = await s.imports.loadJournal({ ...JOURNAL, dryRun: false });
      journal.addClient(draft('Анна', '+79161234567'));
      const other = await engine.other(address);
      expect(await other.canTakeWriteLock()).toBe(false);
      await journal.abandon();
      await journal.abandon();
      expect(await other.canTakeWriteLock()).toBe(true);
      expect(await s.clients.load()).toEqual([]);
      expect(await s.batches.list()).toEqual([]);
    });
  });
});
