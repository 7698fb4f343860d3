import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';
import { clientDraft } from '../builders.js';
import { openTestStore, tempDbPath } from '../helpers.js';

const opened: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const handle of opened.splice(0)) await handle.close();
});

function store(path = tempDbPath(), readonly = false): Store {
  const opening = openTestStore(path, { readonly });
  opened.push(opening);
  return opening;
}

/** Another process's connection to the same file, which gives up at once when the database is locked. */
function otherConnection(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('busy_timeout = 0');
  opened.push(db);
  return db;
}

const draft = (name: string) => clientDraft(name, undefined, '2026-11-22');

/** Lets other queued work run, as an engine across a network would between two calls. */
const elsewhere = () => new Promise((resolve) => setImmediate(resolve));

describe('Store.write', () => {
  it('stores nothing of the work when it throws after awaiting', async () => {
    const crm = store();
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
    const path = tempDbPath();
    const crm = store(path);
    const other = otherConnection(path);
    let lockedMeanwhile: unknown;
    const id = await crm.write(async (tx) => {
      await elsewhere();
      try {
        other.prepare('BEGIN IMMEDIATE').run();
        other.prepare('ROLLBACK').run();
      } catch (error) {
        lockedMeanwhile = (error as { code?: string }).code;
      }
      return tx.clients.insert(draft('Анна'));
    });
    expect(lockedMeanwhile).toBe('SQLITE_BUSY');
    other.prepare('BEGIN IMMEDIATE').run();
    other.prepare('ROLLBACK').run();
    expect((await crm.clients.get(id))?.name).toBe('Анна');
  });

  it('nests: a failed inner write is undone, the outer one keeps the rest', async () => {
    const crm = store();
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
    const path = tempDbPath();
    const crm = store(path);
    await crm.clients.insert(draft('Анна'));
    const other = otherConnection(path);
    const counts = await crm.snapshot(async (tx) => {
      const before = (await tx.clients.load()).length;
      other.prepare("INSERT INTO clients (name, name_key, created) VALUES ('Борис', 'борис', '2026-11-22')").run();
      await elsewhere();
      return [before, (await tx.clients.load()).length];
    });
    expect(counts).toEqual([1, 1]);
    expect(await crm.clients.load()).toHaveLength(2);
  });
});

describe('openStore', () => {
  it('opens read-only for reports: reads work, a write is refused and changes nothing', async () => {
    const path = tempDbPath();
    const writer = store(path);
    await writer.settings.set('region', 'RU');
    const reader = store(path, true);
    expect(await reader.settings.get('region')).toBe('RU');
    await expect(reader.settings.set('region', 'KZ')).rejects.toThrow();
    expect(await writer.settings.get('region')).toBe('RU');
  });
});
