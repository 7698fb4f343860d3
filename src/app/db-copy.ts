/**
 * `crm db copy --to ADDRESS`: every record of the database into another one, on either engine (a SQLite file to a
 * PostgreSQL server when a team moves to one, and back), ids and import history included so that `crm import undo`
 * still works there. One transaction on the target: the copy is checked against the source (every table's count and
 * the figures of a few reports) before it commits, so a copy that differs leaves nothing behind.
 */
import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { addDays } from '../domain/calendar.js';
import { InputError, StoreError } from '../errors.js';
import { m } from '../i18n/index.js';
import type { Period } from '../reports/period.js';
import { COPIED_TABLES, connectStore, isServerAddress, type Store, type StoreAccess } from '../store/store.js';
import { realDatabasePath } from './backup.js';
import { arpu, churn, nps, repeat } from './reports.js';
import { today } from './today.js';

export interface CopyResult {
  /** The target as messages name it (a server address without its password). */
  target: string;
  /** Rows copied per table. */
  counts: Record<string, number>;
  /** What was compared on both sides once the rows were in. */
  checked: string[];
}

/** All of time, as far as dates are kept (years 1000..9999). */
const ALL_TIME: Period = { from: '1000-01-01', to: '9999-12-31' };

/**
 * What the two databases must agree on: the counts of every table, and report figures that read every kind of
 * record (purchases, the purchase summary, deals won, NPS answers).
 */
async function figures(store: StoreAccess & { tables: Store['tables'] }, day: string): Promise<Map<string, string>> {
  const year: Period = { from: addDays(day, -364), to: day };
  const found = new Map<string, string>();
  const counts = await store.tables.counts();
  const words = m.store.copy;
  for (const table of COPIED_TABLES) found.set(words.rowsOf({ table }), String(counts[table]));
  const allTime = await arpu(store, ALL_TIME);
  found.set(words.allTimeRevenue, String(allTime.revenue));
  found.set(words.allTimeArpu, JSON.stringify(allTime));
  found.set(words.churnOverYear({ day }), JSON.stringify(await churn(store, year)));
  found.set(words.allTimeNps, JSON.stringify(await nps(store, ALL_TIME)));
  found.set(words.repeatRate({ day }), JSON.stringify(await repeat(store, year)));
  return found;
}

/** Refuses a target that is not empty, in one line, before anything is written. */
async function refuseFilled(target: Store): Promise<void> {
  const counts = await target.tables.counts();
  const filled = COPIED_TABLES.filter((table) => counts[table] > 0);
  if (filled.length > 0) {
    const contents = filled.map((table) => m.store.copy.rowsIn({ count: counts[table], table })).join(', ');
    throw new StoreError(m.store.copy.notEmpty({ path: target.path, contents }));
  }
}

async function openTarget(address: string, sourcePath: string): Promise<{ store: Store; createdFile?: string }> {
  if (isServerAddress(address)) {
    const store = await connectStore(address, { create: true });
    try {
      await refuseFilled(store);
    } catch (error) {
      await store.close();
      throw error;
    }
    return { store };
  }
  if (realDatabasePath(address) === realDatabasePath(sourcePath)) {
    throw new InputError(m.store.copy.sameDatabase({ address }));
  }
  if (existsSync(address)) throw new InputError(m.store.copy.targetExists({ address }));
  return { store: await connectStore(address), createdFile: resolve(address) };
}

/**
 * Copies every record of the database at `sourceAddress` into `targetAddress`: a PostgreSQL database with no crm
 * records yet (its tables are created when it has none), or a SQLite file that does not exist yet.
 */
export async function copyDatabase(sourceAddress: string, targetAddress: string): Promise<CopyResult> {
  if (!isServerAddress(sourceAddress) && !existsSync(sourceAddress)) {
    throw new StoreError(m.store.copy.noSource({ path: sourceAddress }));
  }
  const source = await connectStore(sourceAddress, { readonly: true });
  let target: Awaited<ReturnType<typeof openTarget>> | undefined;
  let committed = false;
  try {
    target = await openTarget(targetAddress, sourceAddress);
    const into = target.store;
    const day = today();
    const result = await source.snapshot(async () =>
      into.write(async (tx) => {
        for (const table of COPIED_TABLES) {
          for await (const chunk of source.tables.rows(table)) await into.tables.insert(table, chunk);
        }
        await into.tables.finishCopy();
        const expected = await figures(source, day);
        const found = await figures({ ...tx, tables: into.tables }, day);
        const differ = [...expected.keys()].filter((name) => expected.get(name) !== found.get(name));
        if (differ.length > 0) {
          throw new StoreError(
            m.store.copy.mismatch({ target: into.path, source: source.path, figures: differ.join('; ') }),
          );
        }
        return { target: into.path, counts: await into.tables.counts(), checked: [...expected.keys()] };
      }),
    );
    committed = true;
    return result;
  } finally {
    await source.close();
    if (target) {
      await target.store.close();
      if (!committed && target.createdFile) {
        for (const suffix of ['', '-wal', '-shm', '-journal'])
          rmSync(`${target.createdFile}${suffix}`, { force: true });
      }
    }
  }
}
