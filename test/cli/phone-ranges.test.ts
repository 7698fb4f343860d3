import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-harness.js';
import { tempDbPath } from '../helpers.js';

// `8 917 876 54 3` has a digit left out: ten digits, the length of a Russian number written with its trunk prefix,
// but +7 891 787 65 43 is in no range of the Russian plan. Stored as valid, `crm due` offered it for calls.
const TYPO = '8 917 876 54 3';

async function regionRu(): Promise<string> {
  const db = tempDbPath();
  expect((await runCli(['config', 'set', 'region', 'RU'], { db })).code).toBe(0);
  return db;
}

async function phonesByName(db: string): Promise<Record<string, Array<{ value: string | null; raw: string }>>> {
  const list = JSON.parse((await runCli(['client', 'list', '--json'], { db })).stdout) as Array<{
    name: string;
    phones: Array<{ value: string | null; raw: string }>;
  }>;
  return Object.fromEntries(
    list.map((client) => [client.name, client.phones.map(({ value, raw }) => ({ value, raw }))]),
  );
}

describe('a phone in no range of its country', () => {
  it('is kept as written, with a warning, by client add and edit', async () => {
    const db = await regionRu();
    const added = await runCli(['client', 'add', 'Иванова Мария', '--phone', TYPO], { db });
    expect(added.stderr).toBe(
      `warning: phone '${TYPO}' is not a valid number for region RU; kept as written\nadded client 1 Иванова Мария (crm client show 1)\n`,
    );
    const edited = await runCli(['client', 'edit', '1', '--add-phone', '+7 891 787 65 43'], { db });
    expect(edited.stderr).toMatch(/^warning: phone '\+7 891 787 65 43' is not a valid number for region RU;/);
    expect(await phonesByName(db)).toEqual({
      'Иванова Мария': [
        { value: null, raw: TYPO },
        { value: null, raw: '+7 891 787 65 43' },
      ],
    });
  });

  it('is kept as written, with the row’s warning, by an import of visits and of clients', async () => {
    const db = await regionRu();
    const visits = join(dirname(db), 'visits.csv');
    writeFileSync(
      visits,
      [
        'Клиент;Телефон;Дата;Сумма',
        `Петрова Анна;${TYPO};2026-10-01;1000`,
        'Сидорова Ольга;8 (843) 238-45-67;2026-10-02;1500',
        'Сидорова Ольга;+7 843 238 45 67;2026-10-03;1500',
        'Орлова Вера;8 (812) 310-25-61;2026-10-04;900',
        'Белова Ия;8 800 555 35 35;2026-10-05;900',
        '',
      ].join('\n'),
    );
    const run = await runCli(['import', 'visits', visits, '--json'], { db });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.counts).toMatchObject({ created: 5, new_clients: 4 });
    expect(report.rows).toEqual([
      expect.objectContaining({
        line: 2,
        details: `new client; phone '${TYPO}' is not a valid number for region RU; kept as written`,
      }),
    ]);

    expect(await phonesByName(db)).toEqual({
      'Петрова Анна': [{ value: null, raw: TYPO }],
      'Сидорова Ольга': [{ value: '+78432384567', raw: '8 (843) 238-45-67' }],
      'Орлова Вера': [{ value: '+78123102561', raw: '8 (812) 310-25-61' }],
      'Белова Ия': [{ value: '+78005553535', raw: '8 800 555 35 35' }],
    });

    const other = await regionRu();
    const clients = join(dirname(other), 'clients.csv');
    writeFileSync(clients, `Имя;Телефон\nКозлова Нина;${TYPO.replace('8 917', '8 (917)')}\n`);
    const imported = await runCli(['import', 'clients', clients, '--json'], { db: other });
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout).rows).toEqual([
      expect.objectContaining({ line: 2, details: expect.stringContaining('is not a valid number for region RU') }),
    ]);

    expect(await phonesByName(other)).toEqual({ 'Козлова Нина': [{ value: null, raw: '8 (917) 876 54 3' }] });
  });
});
