import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli-harness.js';
import { type CrmRun, tempDbPath, tempDir } from '../helpers.js';

/**
 * A name with terminal escapes (clear the screen, an OSC 8 link, BEL) is shown as a table shows it, `\x1b` and all,
 * by every message that quotes it: a command's own lines, its errors, titles. Not one control byte reaches the
 * terminal.
 */
const EVIL = 'Evil\x1b[2J\x1b]8;;http://x\x07link\x1b]8;;\x07\x07';
const SHOWN = 'Evil\\x1b[2J\\x1b]8;;http://x\\x07link\\x1b]8;;\\x07\\x07';
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

let db: string;

async function run(args: string[]): Promise<CrmRun> {
  return await runCli(args, { db });
}

/** Both streams are free of control bytes (line feeds aside) and show the name escaped. */
function expectEscaped(result: CrmRun): void {
  const output = result.stdout + result.stderr;
  expect(output).not.toMatch(CONTROL);
  expect(output).toContain(SHOWN);
}

async function ok(args: string[]): Promise<CrmRun> {
  const result = await run(args);
  expect(result.code, result.stderr).toBe(0);
  return result;
}

beforeEach(async () => {
  db = tempDbPath();
  await ok(['config', 'set', 'region', 'RU']);
  await ok(['client', 'add', EVIL, '--phone', '+79123456789']);
});

describe('messages that quote a client name', () => {
  it('client add', async () => {
    expectEscaped(await ok(['client', 'add', `${EVIL} Two`, '--phone', '+79031112233']));
  });

  it('visit add', async () => {
    expectEscaped(await ok(['visit', 'add', '1', '1500', '--service', EVIL, '--note', EVIL]));
  });

  it('nps add, the detractor alert and the complaint in it too', async () => {
    const result = await ok(['nps', 'add', '1', '3', '--improve', EVIL]);
    expectEscaped(result);
    expect(result.stdout).toContain(`: "${SHOWN}". React now`);
  });

  it('deal add and deal show', async () => {
    expectEscaped(await ok(['deal', 'add', '1', '--title', EVIL, '--source', EVIL]));
    const shown = await ok(['deal', 'show', '1']);
    expectEscaped(shown);
    expect(shown.stdout).toContain(`deal #1 ${SHOWN}: lead`);
  });

  it('client edit', async () => {
    expectEscaped(await ok(['client', 'edit', '1', '--note', 'new note']));
  });

  it('client archive and its restore', async () => {
    expectEscaped(await ok(['client', 'archive', '1']));
    expectEscaped(await ok(['client', 'archive', '1', '--restore']));
  });

  it('client merge', async () => {
    await ok(['client', 'add', 'Другая', '--phone', '+79031112233']);
    expectEscaped(await ok(['client', 'merge', '1', '2']));
  });
});

describe('errors that quote a client name', () => {
  it('a duplicate client', async () => {
    const result = await run(['client', 'add', EVIL, '--phone', '+79123456789']);
    expect(result.code).toBe(1);
    expectEscaped(result);
  });

  it('an ambiguous match', async () => {
    await ok(['client', 'add', `${EVIL} Two`, '--phone', '+79031112233']);
    const result = await run(['visit', 'add', 'Evil', '100']);
    expect(result.code).toBe(2);
    expectEscaped(result);
  });

  it('an unknown client typed with escapes', async () => {
    const result = await run(['client', 'show', `${EVIL}-nobody`]);
    expect(result.code).toBe(1);
    expectEscaped(result);
  });
});

it('an import names a header with escapes as a table would', async () => {
  const file = join(tempDir('crm-escape-'), 'clients.csv');
  writeFileSync(file, 'ФИО,Телефон,Заметка\x1b[2J\x07\nАнна Петрова,+79031112233,x\n');
  const result = await ok(['import', 'clients', file]);
  expect(result.stdout + result.stderr).not.toMatch(CONTROL);
  expect(result.stdout).toContain('Заметка\\x1b[2J\\x07 → extra');
});
