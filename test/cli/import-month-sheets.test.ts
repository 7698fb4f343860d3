import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-harness.js';
import { dump, fixture, tempDbPath, tempDir } from '../helpers.js';

/** A salon's journal made in Calc: a sheet per month, a summary sheet and an empty one (see make.sh beside it). */
const journal = fixture('spreadsheets/journal-months.xlsx');
/** The same journal a month on: Ноябрь added, its columns in another order and one more (Мастер). */
const nextMonth = fixture('spreadsheets/journal-months-next.xlsx');

async function freshDb(): Promise<string> {
  const db = tempDbPath();
  await runCli(['config', 'set', 'region', 'RU'], { db });
  return db;
}

interface ListedVisit {
  date: string;
  client: string;
  service: string;
  amount: number;
  extra: Record<string, string>;
}

async function visits(db: string): Promise<Array<[string, string, string, number]>> {
  const listed: ListedVisit[] = JSON.parse((await runCli(['visit', 'list', '--json'], { db })).stdout);
  return listed.map((visit) => [visit.date, visit.client, visit.service, visit.amount]);
}

const september: Array<[string, string, string, number]> = [
  ['2026-09-02', 'Федорова Ирина', 'Окрашивание', 4500],
  ['2026-09-05', 'Смирнова Анна', 'Маникюр', 1500],
  ['2026-09-10', 'Иванова Мария', 'Стрижка', 1800],
];
const october: Array<[string, string, string, number]> = [
  ['2026-10-04', 'Федорова Ирина', 'Маникюр', 1500],
  ['2026-10-17', 'Иванова Мария', 'Стрижка', 1800],
  ['2026-10-20', 'Соколова Дарья', 'Маникюр', 1500],
];

describe('crm import visits of a journal kept as a workbook with a sheet per month', () => {
  it('imports every month sheet in one batch, names each row with its sheet and the sheets left out; --sheet reads one', async () => {
    const db = await freshDb();
    const dir = tempDir();
    const rejects = join(dir, 'rejects.csv');
    const run = await runCli(['import', 'visits', journal, '--rejects', rejects, '--lang', 'ru'], { db });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('книга Excel, листы «Сентябрь», «Октябрь», заголовок в строке 1');
    expect(run.stdout).toContain(
      'не прочитаны листы с другими столбцами: Итоги, Лист4 (прочитать такой лист: --sheet ИМЯ)',
    );
    expect(run.stdout).toMatch(/Октябрь!3 +отклонена .*Сумма: 'полторы тысячи': не сумма/);
    expect(run.stdout).toContain('импорт 1 (отменить: crm import undo 1)');
    expect(await visits(db)).toEqual([...september, ...october]);
    // The rejected row goes back as it was, named where it is in the workbook.
    expect(readFileSync(rejects, 'utf8').split('\n')[1]).toBe(
      "2026-10-06,Смирнова Анна,'+7 916 111-22-33,Маникюр,полторы тысячи,Октябрь!3,Сумма: 'полторы тысячи': не сумма",
    );
    // One batch: one undo takes both months away.
    expect((await runCli(['import', 'undo', '1'], { db })).code).toBe(0);
    expect(await visits(db)).toEqual([]);

    // --sheet reads that one sheet only.
    const one = await runCli(['import', 'visits', journal, '--sheet', 'Октябрь', '--lang', 'ru'], { db });
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toContain('книга Excel, лист «Октябрь»');
    expect(one.stdout).not.toContain('не прочитаны листы');
    expect(await visits(db)).toEqual(october);
  });

  it('says in English and in its JSON which sheets were read, each row with its sheet and its row there', async () => {
    const db = await freshDb();
    const text = await runCli(['import', 'visits', journal, '--dry-run', '--lang', 'en'], { db });
    expect(text.stdout).toContain('Excel workbook, sheets "Сентябрь", "Октябрь", header on row 1');
    expect(text.stdout).toContain('sheets with other columns, not read: Итоги, Лист4 (to read one: --sheet NAME)');
    const json = JSON.parse((await runCli(['import', 'visits', journal, '--dry-run', '--json'], { db })).stdout);
    expect(json.detected).toMatchObject({ format: 'xlsx', sheet: 'Сентябрь', sheets: ['Сентябрь', 'Октябрь'] });
    expect(json.detected.otherSheets).toBeUndefined();
    expect(json.rows.map((row: { line: number; sheet: string }) => `${row.sheet}!${row.line}`)).toEqual([
      'Сентябрь!2',
      'Сентябрь!3',
      'Сентябрь!4',
      'Октябрь!2',
      'Октябрь!3',
      'Октябрь!4',
      'Октябрь!5',
    ]);
  });

  it('imported again a month on (a sheet added, its columns moved), takes only the new month’s rows', async () => {
    const db = await freshDb();
    expect((await runCli(['import', 'visits', journal], { db })).code).toBe(0);
    const again = await runCli(['import', 'visits', journal], { db });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('nothing new: the database was not changed');

    const next = JSON.parse((await runCli(['import', 'visits', nextMonth, '--json'], { db })).stdout);
    expect(next.detected.sheets).toEqual(['Сентябрь', 'Октябрь', 'Ноябрь']);
    expect(next.counts).toMatchObject({ read: 9, created: 2, duplicate: 6, rejected: 1, new_clients: 0 });
    expect(await visits(db)).toEqual([
      ...september,
      ...october,
      ['2026-11-03', 'Федорова Ирина', 'Окрашивание', 4500],
      ['2026-11-12', 'Соколова Дарья', 'Педикюр', 2000],
    ]);
    // The column only November has is kept with its visits, under its own header.
    const listed: ListedVisit[] = JSON.parse((await runCli(['visit', 'list', '--json'], { db })).stdout);
    expect(listed.filter((visit) => visit.date >= '2026-11-01').map((visit) => visit.extra)).toEqual([
      { Мастер: 'Оля' },
      { Мастер: 'Катя' },
    ]);
  });

  it('a client list kept as a sheet per month is read from every such sheet too', async () => {
    const db = await freshDb();
    const before = dump(db);
    const run = await runCli(['import', 'clients', journal, '--json'], { db });
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.detected.sheets).toEqual(['Сентябрь', 'Октябрь']);
    const names = JSON.parse((await runCli(['client', 'list', '--json'], { db })).stdout).map(
      (client: { name: string }) => client.name,
    );
    expect(names.sort()).toEqual(['Иванова Мария', 'Смирнова Анна', 'Соколова Дарья', 'Федорова Ирина']);
    expect(dump(db)).not.toBe(before);
  });
});
