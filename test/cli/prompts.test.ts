import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-harness.js';
import { crmOnTerminal, tempDbPath } from '../helpers.js';

describe('prompts on a terminal', () => {
  it('crm visit add with no arguments asks for the client (search as you type), the amount and the service', async () => {
    const db = tempDbPath();
    await runCli(['client', 'add', 'Иванова Мария', '--phone', '+79123456789'], { db });
    await runCli(['client', 'add', 'Петров Иван'], { db });
    const session = await crmOnTerminal(['visit', 'add'], db, [
      { waitFor: /Client \(type part of a name/, type: 'Петр' },
      { waitFor: /Петров Иван/, type: '\r' },
      { waitFor: /Amount:/, type: '2 500\r' },
      { waitFor: /Service \(empty to skip\):/, type: 'Стрижка\r' },
    ]);
    expect(session.stdout).toContain('visit #1: Петров Иван, 2026-11-22, 2\u00a0500,00, Стрижка');
    expect(session.code).toBe(0);
    const visits = JSON.parse((await runCli(['visit', 'list', '--json'], { db })).stdout);
    expect(visits).toEqual([expect.objectContaining({ client_id: 2, amount: 2500, service: 'Стрижка' })]);
  });

  it('an amount or a score that cannot be read is said under its prompt and asked again, the other answers kept', async () => {
    const db = tempDbPath();
    await runCli(['client', 'add', 'Петров Иван'], { db });
    const typo = 'полторы тыщи';
    const session = await crmOnTerminal(['visit', 'add'], db, [
      { waitFor: /Client \(type part of a name/, type: 'Петр' },
      { waitFor: /Петров Иван/, type: '\r' },
      { waitFor: /Amount:/, type: `${typo}\r` },
      { waitFor: /not an amount/, type: `${'\x7f'.repeat(typo.length)}1500\r` },
      { waitFor: /Service \(empty to skip\):/, type: 'Стрижка\r' },
    ]);
    expect(session.code).toBe(0);
    expect(session.stdout).toContain('visit #1: Петров Иван, 2026-11-22, 1\u00a0500,00, Стрижка');
    const score = await crmOnTerminal(['nps', 'add', 'Петров'], db, [
      { waitFor: /Score 0-10:/, type: '11\r' },
      { waitFor: /not a score|0 to 10/, type: '\x7f\x7f9\r' },
    ]);
    expect(score.code).toBe(0);
    expect(JSON.parse((await runCli(['nps', 'list', '--json'], { db })).stdout)).toEqual([
      expect.objectContaining({ score: 9 }),
    ]);
  });

  it('crm nps add asks for what is missing and flags a detractor', async () => {
    const db = tempDbPath();
    await runCli(['client', 'add', 'Иванова Мария', '--phone', '+79123456789'], { db });
    const session = await crmOnTerminal(['nps', 'add', 'Мария'], db, [{ waitFor: /Score 0-10:/, type: '3\r' }]);
    expect(session.stdout).toContain('DETRACTOR: Иванова Мария scored 3');
  });

  it("in Russian, inquirer's own words are Russian too, and Ctrl-C ends in one Russian line", async () => {
    const db = tempDbPath();
    await runCli(['client', 'add', 'Иванова Мария', '--phone', '+79123456789'], { db });
    const session = await crmOnTerminal(
      ['visit', 'add'],
      db,
      [
        { waitFor: /↑↓ перейти • ⏎ выбрать/, type: 'Ив' },
        { waitFor: /\+ новый клиент: Ив/, type: '\r' },
        { waitFor: /Сумма:/, type: '\r' },
        { waitFor: /> Нужно что-нибудь ввести/, type: '\x03' },
      ],
      { env: { LANG: 'ru_RU.UTF-8' } },
    );
    expect(session.code).toBe(130);
    expect(session.stdout).toMatch(/crm: отменено; ничего не записано/);
    expect(session.stdout).not.toMatch(/navigate|select|You must|Error|\n\s+at /);
    expect((await runCli(['visit', 'list', '--json'], { db })).stdout.trim()).toBe('[]');
  });

  it('an ambiguous client is chosen from a list on a terminal', async () => {
    const db = tempDbPath();
    await runCli(['client', 'add', 'Иванова Мария'], { db });
    await runCli(['client', 'add', 'Иванова Ольга'], { db });
    const session = await crmOnTerminal(['visit', 'add', 'Иванова', '100'], db, [
      { waitFor: /Several clients match 'Иванова'/, type: '\x1b[B' },
      { waitFor: /❯ 2 Иванова Ольга/, type: '\r' },
    ]);
    expect(session.stdout).toContain('visit #1: Иванова Ольга');
  });
});
