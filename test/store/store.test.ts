/** The Store's transactions and opens, on every engine (test/engines.ts). */
import { describe, expect, it } from 'vitest';
import { clientDraft } from '../builders.js';
import { engines, skippedEngine } from '../engines.js';

const draft = (name: string) => clientDraft(name, undefined, '2026-11-22');

/** Lets other queued work run, as an engine across a network would between two calls. */
const elsewhere = () => new Promise((resolve) => setImmediate(resolve));

describe.each(engines)('$name', (engine) => {
  if (engine.skipped) return skippedEngine(engine);

  describe('Store.write', () => {
    it('stores nothing of the work when it throws after awaiting', async () => {
      const crm = await engine.open(await engine.database());
      await expect(
        crm.write(async (tx) => {
          await tx.clients.insert(draft('Анна'));
          await elsewhere();
          await tx.settings.set('region', 'RU');
          throw new Error('stop');
        }),
      ).rejects.toThrow('stop');
      expect(await crm.clients.load()).toEqual([]);
      expect(await crm.settings.get('region')).toBeUndefined();
    });

    it('holds the write lock from its start, across awaits, until the work settles', async () => {
      const address = await engine.database();
      const crm = await engine.open(address);
      const other = await engine.other(address);
      let lockedMeanwhile: boolean | undefined;
      const id = await crm.write(async (tx) => {
        await elsewhere();
        lockedMeanwhile = !(await other.canTakeWriteLock());
        return tx.clients.insert(draft('Анна'));
      });
      expect(lockedMeanwhile).toBe(true);
      expect(await other.canTakeWriteLock()).toBe(true);
      expect((await crm.clients.get(id))?.name).toBe('Анна');
    });

    it('nests: a failed inner write is undone, the outer one keeps the rest', async () => {
      const crm = await engine.open(await engine.database());
      await crm.write(async (tx) => {
        await tx.clients.insert(draft('Анна'));
        await expect(
          crm.write(async (inner) => {
            await inner.clients.insert(draft('Борис'));
            throw new Error('inner');
          }),
        ).rejects.toThrow('inner');
        await tx.clients.insert(draft('Вера'));
      });
      expect((await crm.clients.load()).map((client) => client.name)).toEqual(['Анна', 'Вера']);
    });
  });

  describe('Store.snapshot', () => {
    it('sees one state while another process writes', async () => {
      const address = await engine.database();
      const crm = await engine.open(address);
      await crm.clients.insert(draft('Анна'));
      const other = await engine.other(address);
      const counts = await crm.snapshot(async (tx) => {
        const before = (await tx.clients.load()).length;
        await other.run("INSERT INTO clients (name, name_key, created) VALUES ('Борис', 'борис', '2026-11-22')");
        await elsewhere();
        return [before, (await tx.clients.load()).length];
      });
      expect(counts).toEqual([1, 1]);
      expect(await crm.clients.load()).toHaveLength(2);
    });
  });

  describe('opening', () => {
    it('opens read-only for reports: reads work, a write is refused and changes nothing', async () => {
      const address = await engine.database();
      const writer = await engine.open(address);
      await writer.settings.set('region', 'RU');
      const reader = await engine.open(address, { readonly: true });
      expect(await reader.settings.get('region')).toBe('RU');
      await expect(reader.settings.set('region', 'KZ')).rejects.toThrow();
      expect(await writer.settings.get('region')).toBe('RU');
    });
  });
});
