import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-harness.js';
import { tempDbPath, tempDir } from '../helpers.js';

describe('a journal’s rejects file', () => {
  it('gives each rejected row back under the file’s header, to be fixed and imported again, and says so', async () => {
    const db = tempDbPath();
    const dir = tempDir();
    const file = join(dir, 'journal.csv');
    const rejects = join(dir, 'rejects.csv');
    writeFileSync(
      file,
      'Журнал клиентов 2026;;;;\nДата;Клиент;Телефон;Услуга;Сумма\n01.10.2026;Иванова Анна;89123456789;Стрижка;1500\n17.10.2026;Смирнова Татьяна;9172223355;Стрижка;\n31.02.2024;Петрова Ольга;89171234567;Стрижка;1500\n',
    );
    const run = await runCli(['import', 'visits', file, '--rejects', rejects, '--lang', 'ru'], { db });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'как были, с номером строки и причиной в конце: исправьте их там и импортируйте этот файл снова',
    );
    expect(readFileSync(rejects, 'utf8')).toBe(
      [
        'Дата,Клиент,Телефон,Услуга,Сумма,отклонено: строка,отклонено: причина',
        '17.10.2026,Смирнова Татьяна,9172223355,Стрижка,,4,Сумма: нет суммы',
        "31.02.2024,Петрова Ольга,89171234567,Стрижка,1500,5,Дата: '31.02.2024' — не дата",
        '',
      ].join('\n'),
    );

    // Fixed where they are, and imported again: its own two columns are no part of a visit.
    const fixed = readFileSync(rejects, 'utf8')
      .replace('Стрижка,,4', 'Стрижка,1500,4')
      .replace('31.02.2024', '29.02.2024');
    writeFileSync(rejects, fixed);
    const again = JSON.parse((await runCli(['import', 'visits', rejects, '--json'], { db })).stdout);
    expect(again.counts).toMatchObject({ created: 2, rejected: 0 });
    expect(again.detected.mapping.map((column: { header: string }) => column.header)).toEqual([
      'Дата',
      'Клиент',
      'Телефон',
      'Услуга',
      'Сумма',
    ]);
    const visits = JSON.parse((await runCli(['visit', 'list', '--json'], { db })).stdout);
    expect(visits).toHaveLength(3);
    for (const visit of visits) expect(visit.extra ?? {}).toEqual({});
  });
});
