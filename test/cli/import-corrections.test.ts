import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-harness.js';
import { tempDbPath, tempDir } from '../helpers.js';

/** A journal as she keeps it, under a header; each row `date;client;phone;service;amount`. */
function journal(name: string, rows: string[]): string {
  const file = join(tempDir(), name);
  writeFileSync(file, `Дата;Клиент;Телефон;Услуга;Сумма\n${rows.join('\n')}\n`);
  return file;
}

const FIRST = [
  '01.02.2026;Морозова Светлана;8 960 333 44 55;Окрашивание;3800',
  '02.02.2026;Иванова Анна;8 912 345 67 89;Стрижка;1500',
];
// Row 2 corrected from 3 800 to 3 600, row 3 as it was, and a new day.
const CORRECTED = [
  '01.02.2026;Морозова Светлана;8 960 333 44 55;Окрашивание;3600',
  '02.02.2026;Иванова Анна;8 912 345 67 89;Стрижка;1500',
  '09.02.2026;Иванова Анна;8 912 345 67 89;Укладка;1200',
];

describe('a journal imported again with a corrected row', () => {
  it('imports the corrected row beside the stored visit of that day and says, in its row and summary, that it may be a correction', async () => {
    const db = tempDbPath();
    await runCli(['config', 'set', 'region', 'RU'], { db });
    expect((await runCli(['import', 'visits', journal('first.csv', FIRST)], { db })).code).toBe(0);
    const corrected = journal('corrected.csv', CORRECTED);

    for (const dryRun of [['--dry-run'], []]) {
      const run = await runCli(['import', 'visits', corrected, '--json', ...dryRun], { db });
      expect(run.code).toBe(0);
      const report = JSON.parse(run.stdout);
      expect(report.counts).toMatchObject({ created: 2, duplicate: 1 });
      expect(report.same_day_visits).toBe(1);
      const noted = report.rows.filter((row: { details: string | null }) => row.details?.includes('another amount'));
      expect(noted.map((row: { line: number }) => row.line)).toEqual([2]);
      expect(noted[0].details).toContain('crm visit list --client 1 --from 2026-02-01 --to 2026-02-01');
    }
    // Two visits a day are real: both stay until she removes one.
    const visits = JSON.parse((await runCli(['visit', 'list', '--client', '1', '--json'], { db })).stdout);
    expect(visits.map((visit: { amount: number }) => visit.amount).sort()).toEqual([3600, 3800]);
  });

  it('says it in the summary in the interface language, and says nothing of a file imported again unchanged', async () => {
    const db = tempDbPath();
    const first = journal('first.csv', FIRST);
    await runCli(['import', 'visits', first], { db });
    const again = await runCli(['import', 'visits', first, '--dry-run', '--lang', 'ru'], { db });
    expect(again.stdout).not.toContain('исправления?');
    const run = await runCli(['import', 'visits', journal('corrected.csv', CORRECTED), '--lang', 'ru'], { db });
    expect(run.stdout).toContain(
      'в день, когда у клиента уже есть визит с другой суммой или услугой, добавлено: 1 визит — исправления? (см. их строки)',
    );
    expect(run.stdout).toContain('у клиента уже есть визит в этот день с другой суммой или услугой');
  });
});
