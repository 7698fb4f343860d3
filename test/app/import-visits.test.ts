import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importVisits, type VisitsReader } from '../../src/app/import-visits.js';
import { readRows } from '../../src/importers/read-rows.js';
import { runCli } from '../cli-harness.js';
import { dump, fixture, openTestStore, tempDbPath, tempDir } from '../helpers.js';

/** A journal with what planning meets: stored and new clients, a cell of two phones, extra columns, bad rows. */
function journal(): string {
  const lines = ['Дата;Клиент;Телефон;Услуга;Сумма;Мастер'];
  for (let i = 0; i < 700; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    const phone = i % 50 === 0 ? '+7 912 555 44 33, 8 916 000 00 01' : `+7 900 ${String(i % 90).padStart(7, '0')}`;
    const amount = i % 97 === 0 ? '-5' : '1 500,00';
    const client = i % 61 === 0 ? '' : i % 3 === 0 ? 'Морозов Иван' : `Клиент ${i % 90}`;
    lines.push(`${day}.03.2026;${client};${i % 61 === 0 ? '' : phone};Стрижка;${amount};${i % 2 ? 'Ольга' : ''}`);
  }
  const path = join(tempDir(), 'journal.csv');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** The database without the times its import batch and its migrations ran. */
function stored(path: string): string {
  return dump(path).replace(/"(started_at|finished_at|applied_at)":"[^"]*"/g, '"$1":""');
}

async function imported(file: string, reader?: VisitsReader) {
  const db = tempDbPath();
  await runCli(['config', 'set', 'region', 'RU'], { db });
  await runCli(['import', 'clients', fixture('clients/csv-calc-cp1251.csv')], { db });
  const store = openTestStore(db);
  const rejects = join(tempDir(), 'rejects.csv');
  try {
    const report = await importVisits(store, { file, rejects }, undefined, reader);
    return {
      report: { ...report, seconds: 0, rejectsFile: basename(report.rejectsFile ?? '') },
      database: stored(db),
      rejects: readFileSync(rejects, 'utf8'),
    };
  } finally {
    await store.close();
  }
}

describe('importVisits', () => {
  it('plans a file read whole (as a spreadsheet is) as it plans the batches of a streamed one', async () => {
    const file = journal();
    const streamed = await imported(file);
    let wholeBatches = 0;
    const whole = await imported(file, async (options) => {
      const read = await readRows({ name: file, bytes: readFileSync(file) }, options);
      const batches = read.batches;
      return {
        ...read,
        batches: (async function* () {
          for await (const batch of batches) {
            wholeBatches++;
            yield batch;
          }
        })(),
      };
    });
    expect(wholeBatches).toBe(1);
    expect(streamed.report.plan.counts).toMatchObject({ read: 700, rejected: 19 });
    expect(streamed.report.plan.counts.new_clients).toBeGreaterThan(0);
    expect(whole.report).toEqual(streamed.report);
    expect(whole.database).toBe(streamed.database);
    expect(whole.rejects).toBe(streamed.rejects);
  });
});

describe('importVisits and the region of a database that has none yet', () => {
  it('reads the journal in the region another import stored while it waited for the database', async () => {
    const db = tempDbPath();
    const file = join(tempDir(), 'journal.csv');
    writeFileSync(file, 'Дата;Клиент;Телефон;Сумма\n10.12.2026;John Smith;07911 123456;2000\n');
    const store = openTestStore(db);
    const saved = process.env.LANG;
    process.env.LANG = 'ru_RU.UTF-8';
    const regions: Array<string | undefined> = [];
    try {
      const report = await importVisits(
        store,
        { file, rejects: join(tempDir(), 'rejects.csv') },
        undefined,
        (options) => {
          regions.push(options.region);
          // A colleague under en_GB wrote first: the database is British from then on.
          if (regions.length === 1) {
            const other = openTestStore(db);
            other.settings.set('region', 'GB').finally(() => other.close());
          }
          return readRows({ name: file }, options);
        },
      );
      expect(regions).toEqual(['RU', 'GB']);
      expect(report.regionLearned).toBeUndefined();
      expect((await store.clients.load()).map((c) => c.phones[0]?.value)).toEqual(['+447911123456']);
      expect(await store.settings.get('region')).toBe('GB');
    } finally {
      if (saved === undefined) delete process.env.LANG;
      else process.env.LANG = saved;
      await store.close();
    }
  });
});
