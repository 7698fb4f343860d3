import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli-harness.js';
import { tempDir } from '../helpers.js';

/**
 * Every CSV crm writes passes the one formula guard: a cell a spreadsheet would run as a formula starts with `'`; a
 * plain number or a phone stays as it is, for programs. JSON is data and is never guarded.
 */

const NAME = '=HYPERLINK("http://evil.example","click")';
const SOURCE = '@SUM(1)';
const TAG = '-2+3';
const SERVICE = "+cmd|' /C calc'!A0";
const NOTE = '=1+2';
const PHONE = '+79123456789';
/** A cell as a spreadsheet sees it that starts a formula. */
const FORMULA = /^[=+\-@\t\r]/;

let db: string;

async function run(args: string[]) {
  const result = await runCli(args, { db });
  expect(result.code, result.stderr).toBe(0);
  return result;
}

function cells(text: string): string[] {
  return (parse(text, { relax_column_count: true }) as string[][]).flat();
}

beforeAll(async () => {
  db = join(tempDir('crm-guard-'), 'crm.sqlite');
  await run(['config', 'set', 'region', 'RU']);
  await run(['client', 'add', NAME, '--phone', PHONE, '--source', SOURCE, '--tag', TAG, '--note', NOTE]);
  // Three visits a month apart: due again on 2026-11-23, the day after CRM_TODAY.
  for (const date of ['2026-08-25', '2026-09-24', '2026-10-24']) {
    await run(['visit', 'add', '1', '1500', '--date', date, '--service', SERVICE, '--note', NOTE]);
  }
});

const COMMANDS: Array<[string, string[], string[]]> = [
  ['client list', ['client', 'list'], [NAME, SOURCE, TAG]],
  ['visit list', ['visit', 'list'], [NAME, SERVICE, NOTE]],
  ['report arpu --by service', ['report', 'arpu', '--by', 'service', '-p', '2026-10'], [SERVICE]],
  ['report arpu --by source', ['report', 'arpu', '--by', 'source', '-p', '2026-10'], [SOURCE]],
  ['report arpu --by tag', ['report', 'arpu', '--by', 'tag', '-p', '2026-10'], [TAG]],
  ['report rfm --clients', ['report', 'rfm', '--clients', '-p', '2026-10'], [NAME]],
  ['due', ['due'], [NAME, SERVICE]],
];

describe.each(COMMANDS)('%s', (_name, args, hostile) => {
  function expectGuarded(text: string): void {
    const all = cells(text);
    for (const value of hostile) {
      expect(all).toContain(`'${value}`);
      expect(all).not.toContain(value);
    }
    for (const cell of all) if (!/^[+-]?\d+$/.test(cell)) expect(cell).not.toMatch(FORMULA);
  }

  it('--format csv guards every cell that would start a formula', async () => {
    expectGuarded((await run([...args, '--format', 'csv'])).stdout);
  });

  it('-o FILE.csv guards them too', async () => {
    const file = join(tempDir('crm-guard-out-'), 'out.csv');
    await run([...args, '-o', file]);
    expectGuarded(readFileSync(file, 'utf8'));
  });

  it('--format json gives the values as they are', async () => {
    const json = (await run([...args, '--format', 'json'])).stdout;
    for (const value of hostile) expect(json).toContain(JSON.stringify(value).slice(1, -1));
    expect(json).not.toContain(`'${hostile[0]}`);
  });
});

describe('numbers and phones stay as they are', () => {
  it('a phone in E.164, an amount and a negative count are written for programs to read', async () => {
    const clients = parse((await run(['client', 'list', '--format', 'csv'])).stdout, { columns: true }) as Array<
      Record<string, string>
    >;
    expect(clients[0]).toMatchObject({ phone: PHONE, phones: PHONE });
    const due = parse((await run(['due', '--format', 'csv'])).stdout, { columns: true }) as Array<
      Record<string, string>
    >;
    expect(due[0]).toMatchObject({ phone: PHONE, days_overdue: '-1' });
    const visits = parse((await run(['visit', 'list', '--format', 'csv'])).stdout, { columns: true }) as Array<
      Record<string, string>
    >;
    expect(visits.map((visit) => visit.amount)).toEqual(['1500', '1500', '1500']);
  });
});

describe('rejects files', () => {
  it('import visits: a header that would start a formula is guarded in the rejects file', async () => {
    const dir = tempDir('crm-guard-rejects-');
    const file = join(dir, 'visits.csv');
    writeFileSync(file, '=Дата,Клиент,Сумма\n2026-10-01,Анна,100\n,Анна,100\n');
    const rejects = join(dir, 'rejects.csv');
    await run(['import', 'visits', file, '--rejects', rejects]);
    // In the row's own header, and where the reason names it.
    expect(cells(readFileSync(rejects, 'utf8'))).toEqual([
      ...["'=Дата", 'Клиент', 'Сумма', 'rejected: line', 'rejected: reason'],
      ...['', 'Анна', '100', '3', "'=Дата: no date"],
    ]);
  });

  it('import clients: the same', async () => {
    const dir = tempDir('crm-guard-rejects-');
    const file = join(dir, 'clients.csv');
    writeFileSync(file, 'Имя,@День рождения\nАнна,31.02.2020\nБорис,01.01.1990\n');
    const rejects = join(dir, 'rejects.csv');
    await run(['import', 'clients', file, '--rejects', rejects]);
    expect(cells(readFileSync(rejects, 'utf8'))).toEqual([
      ...['Имя', "'@День рождения", 'rejected: line', 'rejected: reason'],
      ...['Анна', '31.02.2020', '2', "'@День рождения: '31.02.2020' is not a date"],
    ]);
  });
});
