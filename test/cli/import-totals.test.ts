import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-harness.js';
import { fixture, tempDbPath, tempDir } from '../helpers.js';

async function names(db: string): Promise<string[]> {
  const run = await runCli(['client', 'list', '--json'], { db });
  return (JSON.parse(run.stdout) as Array<{ name: string }>).map((client) => client.name);
}

describe('a totals row at the bottom of a sheet is no client', () => {
  it.each(['ods', 'xlsx'])('freelancer-totals.%s: Итого and its SUMIF sums skipped, and said', async (format) => {
    const db = tempDbPath();
    const run = await runCli(['import', 'clients', fixture(`spreadsheets/freelancer-totals.${format}`)], { db });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('skipped 1 totals row (a label such as Итого or Total, and sums): Клиенты!65\n');
    expect(run.stdout).toContain('created 60, updated 0, duplicates 0, rejected 0 of 60 rows');
    const stored = await names(db);
    expect(stored).toHaveLength(60);
    expect(stored).not.toContain('Итого');
  });

  it('a CSV’s last line of that shape is skipped; a client called Итого with a phone is not', async () => {
    const file = join(tempDir(), 'clients.csv');
    writeFileSync(
      file,
      'Имя;Телефон;Сумма\nИванова Анна;8 912 345-67-89;1 500,00\nИтого;8 916 000-11-22;\nИтого;;1 500,00\n',
    );
    const db = tempDbPath();
    await runCli(['config', 'set', 'region', 'RU'], { db });
    const run = await runCli(['--lang', 'ru', 'import', 'clients', file], { db });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      'итоги таблицы не загружены — 1 строка итогов (подпись «Итого», «Всего» и суммы): 4\n',
    );
    expect(await names(db)).toEqual(['Иванова Анна', 'Итого']);
  });
});

describe('a journal’s totals row is no visit', () => {
  it('a visits CSV read as it streams leaves its Итого row out and says so, rejecting nothing', async () => {
    const file = join(tempDir(), 'journal.csv');
    writeFileSync(
      file,
      [
        'Дата;Клиент;Телефон;Услуга;Сумма',
        '01.11.2026;Иванова Анна;+79123456789;Стрижка;1 500,00',
        '02.11.2026;Петрова Ольга;+79171234567;Укладка;900,00',
        'Итого;;;;2 400,00',
        '',
      ].join('\n'),
    );
    const db = tempDbPath();
    const run = await runCli(['import', 'visits', file, '--json'], { db });
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.counts).toMatchObject({ created: 2, rejected: 0 });
    expect(report.detected.totalsRows).toEqual([4]);
  });
});
