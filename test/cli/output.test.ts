/**
 * One output option on every command that writes a file: `-o`, `--output` and `--out` are the same option, on
 * reports and listings as on export and backup.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildEveryCommand, buildProgram } from '../../src/cli/program.js';
import { UsageError } from '../../src/errors.js';
import { runCli } from '../cli-harness.js';
import { fixture, tempDbPath, tempDir } from '../helpers.js';

/** Every command that runs an action, by the words that name it (`report arpu`, `due`). */
function leaves(command: Command, path: string[] = []): Array<{ path: string[]; command: Command }> {
  return command.commands.flatMap((sub) => {
    const subPath = [...path, sub.name()];
    return sub.commands.length > 0 ? leaves(sub, subPath) : [{ path: subPath, command: sub }];
  });
}

const ALL = leaves(await buildEveryCommand());
const offersListingFormats = (command: Command) =>
  command.options.some((option) => option.long === '--format' && option.argChoices?.includes('table'));

/** The commands the issue names, every report, and every command that prints a listing or a report. */
const NAMED = [
  'due',
  'explain',
  'import list',
  'client list',
  'visit list',
  'deal list',
  'nps list',
  'export',
  'backup',
];
const WRITERS = ALL.filter(
  ({ path, command }) => NAMED.includes(path.join(' ')) || path[0] === 'report' || offersListingFormats(command),
);

/** Parses `words` after the command and its required arguments; resolves with the options its action receives. */
async function optionsOf(path: string[], words: string[]): Promise<{ output?: string; out?: string }> {
  const program = await buildProgram(path[0]);
  const command = leaves(program).find((leaf) => leaf.path.join(' ') === path.join(' '))!.command;
  let received: { output?: string; out?: string } | undefined;
  command.action((...args: unknown[]) => {
    received = args.at(-2) as typeof received;
  });
  const required = command.registeredArguments.filter((argument) => argument.required).map(() => 'churned');
  await program.parseAsync(['node', 'crm', ...path, ...required, ...words]);
  return received!;
}

describe('the commands that write a file', () => {
  it('include each command named in the issue and every report', () => {
    const names = WRITERS.map(({ path }) => path.join(' '));
    expect(names).toEqual(expect.arrayContaining(NAMED));
    expect(names.filter((name) => name.startsWith('report ')).length).toBeGreaterThanOrEqual(8);
  });

  it.each(WRITERS.map(({ path }) => [path.join(' '), path] as const))(
    '%s: takes -o, --output and --out as one option',
    async (_, path) => {
      for (const flag of ['-o', '--output', '--out']) {
        expect((await optionsOf(path, [flag, 'x.json'])).output, flag).toBe('x.json');
      }
      const same = await optionsOf(path, ['--out', 'x.json', '-o', 'x.json']);
      expect([same.output, same.out]).toEqual(['x.json', undefined]);
      await expect(optionsOf(path, ['--out', 'x.json', '--output', 'y.json'])).rejects.toThrow(UsageError);
    },
  );
});

describe('on the command line', () => {
  let db: string;
  beforeAll(async () => {
    db = tempDbPath();
    await runCli(['import', 'clients', fixture('clients/csv-english-comma.csv')], { db });
    await runCli(['visit', 'add', 'Олег Сидоров', '1500', '--date', '2026-10-05'], { db });
  });

  it('crm report arpu --out x.json writes the JSON that --json prints', async () => {
    const file = join(tempDir(), 'x.json');
    const written = await runCli(['report', 'arpu', '-p', '2026-10', '--out', file], { db });
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).toBe('');
    const printed = await runCli(['report', 'arpu', '-p', '2026-10', '--json'], { db });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(JSON.parse(printed.stdout));
    expect(JSON.parse(printed.stdout).revenue).toBe(1500);
  });

  it.each(['--output', '-o', '--out'])('crm export %s DIR writes the export there', async (flag) => {
    const dir = join(tempDir(), 'export');
    const result = await runCli(['export', flag, dir], { db });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`${dir}\n`);
    expect(readdirSync(dir)).toContain('clients.csv');
  });

  it('-o - is the screen: the report in the format asked for on stdout, no file named "-"', async () => {
    const cwd = tempDir();
    const page = await runCli(['report', 'arpu', '-p', '2026-10', '--format', 'html', '-o', '-'], { db, cwd });
    expect(page.code, page.stderr).toBe(0);
    expect(page.stdout).toMatch(/^<!DOCTYPE html>/i);
    const json = await runCli(['report', 'arpu', '-p', '2026-10', '--json', '--output', '-'], { db, cwd });
    expect(JSON.parse(json.stdout).revenue).toBe(1500);
    const table = await runCli(['report', 'arpu', '-p', '2026-10', '-o', '-'], { db, cwd });
    expect(table.stdout).toBe((await runCli(['report', 'arpu', '-p', '2026-10'], { db, cwd })).stdout);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('-o naming a directory where a file is wanted says what -o takes, nothing written', async () => {
    const dir = tempDir();
    const result = await runCli(['report', 'arpu', '-p', '2026-10', '-o', dir], { db });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `crm: ${dir}: is a directory; -o takes a file name here (report.html, report.xlsx, …, or - for the screen)\n`,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('-o and --out naming two files: a one-line usage error, nothing written', async () => {
    const dir = tempDir();
    const result = await runCli(['client', 'list', '-o', join(dir, 'a.csv'), '--out', join(dir, 'b.csv')], { db });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^crm: --output '.*a\.csv' and --out '.*b\.csv' name two places: give one\n$/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('crm backup -o FILE writes the backup; a different positional FILE is a usage error', async () => {
    const dir = tempDir();
    const file = join(dir, 'copy.sqlite');
    const written = await runCli(['backup', '-o', file], { db });
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).toBe(`${file}\n`);
    const both = await runCli(['backup', join(dir, 'one.sqlite'), '--output', join(dir, 'two.sqlite')], { db });
    expect(both.code).toBe(2);
    expect(both.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(existsSync(join(dir, 'one.sqlite')) || existsSync(join(dir, 'two.sqlite'))).toBe(false);
  });
});
