import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-harness.js';
import { tempDbPath, tempDir } from '../helpers.js';

// A salon's database filled under ru_RU with no `crm config set region`, then written by cron under LANG=C and by a
// colleague under another locale: the numbers must read the same way in every one of them.

const RU = { LANG: 'ru_RU.UTF-8' };
const GB = { LANG: 'en_GB.UTF-8' };
/** What cron gives a command: no locale at all. */
const CRON = { LANG: 'C' };

function journal(rows: string[]): string {
  const file = join(tempDir(), 'journal.csv');
  writeFileSync(file, ['Date;Client;Phone;Amount', ...rows, ''].join('\n'));
  return file;
}

async function clients(db: string): Promise<Array<{ id: number; name: string; phone: string | null }>> {
  const run = await runCli(['client', 'list', '--json'], { db });
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout);
}

async function region(db: string): Promise<string | undefined> {
  const run = await runCli(['config', 'get', 'region'], { db });
  return run.code === 0 ? run.stdout.trim() : undefined;
}

async function mergeCandidates(db: string): Promise<string[]> {
  const run = await runCli(['client', 'merge', '--format', 'csv'], { db });
  expect(run.code).toBe(0);
  return run.stdout.trim().split('\n').slice(1);
}

async function importJson(db: string, file: string, env: Record<string, string>, ...args: string[]) {
  const run = await runCli(['import', 'visits', file, '--json', ...args], { db, env });
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.code).toBe(0);
  return { run, report: JSON.parse(run.stdout) as { counts: { new_clients: number } } };
}

describe('the phone region a database was first written under', () => {
  it('is stored by the first write that read phones in the locale, said once in its language, and read by cron', async () => {
    const db = tempDbPath();
    const added = await runCli(['client', 'add', 'Иванова Светлана', '--phone', '8 (912) 345-67-89'], {
      db,
      env: RU,
    });
    expect(added.code).toBe(0);
    expect(added.stderr).toContain(
      'регион телефонов RU взят из LANG и сохранён для этой базы (изменить: crm config set region XX)',
    );
    expect(await region(db)).toBe('RU');
    const again = await runCli(['client', 'add', 'Петров Иван', '--phone', '8 903 111-22-33'], { db, env: RU });
    expect(again.stderr).not.toContain('регион телефонов');

    // Cron: the same person's number as the salon writes it, under no locale, is still hers.
    const { run, report } = await importJson(db, journal(['10.12.2026;Иванова Светлана;8 (912) 345-67-89;2000']), CRON);
    expect(run.stdout + run.stderr).not.toMatch(/no region|kept as written/);
    expect(report.counts.new_clients).toBe(0);
    expect((await clients(db)).map((c) => c.phone)).toEqual(['+79123456789', '+79031112233']);
  });

  it('is decided by the first write: a colleague under another locale reads numbers in it and is told nothing', async () => {
    const db = tempDbPath();
    await runCli(['client', 'add', 'Иванова Светлана', '--phone', '8 (912) 345-67-89'], { db, env: RU });
    // A British mobile written as in Britain is no Russian number: kept as written, as it would be under ru_RU.
    const colleague = await runCli(['client', 'add', 'John Smith', '--phone', '07911 123456'], { db, env: GB });
    expect(colleague.code).toBe(0);
    expect(colleague.stderr).not.toMatch(/taken from|saved for this database/);
    expect(colleague.stderr).toMatch(/warning: .*07911 123456/);
    expect(await region(db)).toBe('RU');
    expect((await clients(db))[1]).toMatchObject({ name: 'John Smith', phone: null });
  });

  it('is not stored by a dry run or a read, though a dry run matches as the write would', async () => {
    const db = tempDbPath();
    // Stored under cron: no region, kept as written.
    await runCli(['client', 'add', 'Маша', '--phone', '8 (912) 345-67-89'], { db, env: CRON });
    const file = journal(['10.12.2026;;+7 912 345-67-89;2000']);
    const { run, report } = await importJson(db, file, RU, '--dry-run');
    expect(report.counts.new_clients).toBe(0);
    expect(run.stderr).not.toContain('регион телефонов');
    expect((await runCli(['client', 'list'], { db, env: RU })).stderr).not.toContain('регион телефонов');
    await runCli(['client', 'find', '8 912 345', '--json'], { db, env: RU });
    expect(await region(db)).toBeUndefined();
    expect((await clients(db))[0]!.phone).toBeNull();
  });

  it('reads again, in the write that stores it, the phones kept as written, and lists the numbers another client has', async () => {
    const db = tempDbPath();
    await runCli(['client', 'add', 'Маша', '--phone', '8 (912) 345-67-89'], { db, env: CRON });
    // With no region, `8 (912) 345-67-89` is no number: the same number written internationally is not taken for it.
    const cron = await importJson(db, journal(['09.12.2026;Иванова Мария;+7 912 345-67-89;1500']), CRON);
    expect(cron.report.counts.new_clients).toBe(1);

    const { run, report } = await importJson(db, journal(['10.12.2026;;8 912 345 67 89;2000']), RU);
    expect(report.counts.new_clients).toBe(0);
    expect(run.stderr).toContain('регион телефонов RU взят из LANG и сохранён для этой базы');
    expect(run.stderr).toContain(
      'телефонов, сохранённых как написаны, прочитано заново в регионе RU: 1; возможных дублей: 1 (посмотреть: crm client merge)',
    );
    expect(await region(db)).toBe('RU');
    expect((await clients(db)).map((c) => [c.name, c.phone])).toEqual([
      ['Маша', '+79123456789'],
      ['Иванова Мария', '+79123456789'],
    ]);
    // Not merged: listed, for the owner to decide.
    expect(await mergeCandidates(db)).toEqual([
      expect.stringMatching(/^#1 Маша .*,#2 Иванова Мария .*,"the same phone number, read again in the region",/),
    ]);
  });

  it('is read by crm config set region too, which reads the kept phones again', async () => {
    const db = tempDbPath();
    await runCli(['client', 'add', 'Иванова Мария', '--phone', '+7 912 345-67-89'], { db, env: CRON });
    await runCli(['client', 'add', 'Маша', '--phone', '8 (912) 345-67-89', '--email', 'masha@example.com'], {
      db,
      env: CRON,
    });
    await runCli(['client', 'add', 'Оля', '--phone', '8 (903) 111-22-33'], { db, env: CRON });
    const set = await runCli(['config', 'set', 'region', 'RU'], { db, env: CRON });
    expect(set.code).toBe(0);
    expect(set.stderr).toContain(
      'phones kept as written, read again in region RU: 2; possible duplicates: 1 (to look at them: crm client merge)',
    );
    expect((await clients(db)).map((c) => c.phone)).toEqual(['+79123456789', '+79123456789', '+79031112233']);
    expect(await mergeCandidates(db)).toEqual([expect.stringMatching(/^#2 Маша .*,#1 Иванова Мария /)]);
    // Found by the number now, as any other.
    const found = await runCli(['client', 'find', '89031112233', '--json'], { db, env: CRON });
    expect(JSON.parse(found.stdout)).toEqual([expect.objectContaining({ name: 'Оля' })]);
  });

  it('is stored with a client import under the locale, and one of the client keeping both spellings keeps one', async () => {
    const db = tempDbPath();
    await runCli(['client', 'add', 'Маша', '--phone', '8 (912) 345-67-89', '--phone', '+7 912 345-67-89'], {
      db,
      env: CRON,
    });
    const file = join(tempDir(), 'clients.csv');
    writeFileSync(file, 'Name;Phone\nОля;8 (903) 111-22-33\n');
    const run = await runCli(['import', 'clients', file], { db, env: RU });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('регион телефонов RU взят из LANG');
    const stored = JSON.parse((await runCli(['client', 'show', '1', '--json'], { db })).stdout);
    expect(stored.phones).toEqual([{ value: '+79123456789', raw: '+7 912 345-67-89', label: null }]);
  });
});
