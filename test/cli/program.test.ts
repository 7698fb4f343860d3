/**
 * crm registers only the group of the command it runs, and lists the others for `crm --help` without registering
 * them: the group table must name exactly the commands each group registers, with the usage their registration
 * gives, and anything that is not plainly one of them must get the whole list.
 */
import { Command } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import { buildEveryCommand, buildProgram, COMMAND_GROUPS, namedCommand, namesOf } from '../../src/cli/program.js';
import { LANGUAGES, useLanguage } from '../../src/i18n/index.js';

const names = (program: Command) => program.commands.flatMap((command) => [command.name(), ...command.aliases()]);

/** What `crm --help` prints for `program`, at a terminal `columns` wide. */
function helpOf(program: Command, columns: number): string {
  program.configureOutput({ getOutHelpWidth: () => columns });
  return program.helpInformation();
}

describe('the command groups', () => {
  it.each(COMMAND_GROUPS.map((group) => [namesOf(group).join(', '), group] as const))(
    '%s: the names its group registers',
    async (_, group) => {
      const program = new Command('crm');
      (await group.load())(program);
      expect(names(program).sort()).toEqual([...namesOf(group)].sort());
    },
  );

  it('cover the whole program, each name once', async () => {
    const all = COMMAND_GROUPS.flatMap(namesOf);
    expect(new Set(all).size).toBe(all.length);
    expect(names(await buildEveryCommand()).sort()).toEqual([...all].sort());
    expect(names(await buildProgram()).sort()).toEqual([...all].sort());
  });
});

describe('crm --help, listed without registering the commands', () => {
  afterEach(() => useLanguage('en'));

  it.each(LANGUAGES)('%s: is the help of the whole program, at any width', async (language) => {
    await useLanguage(language);
    for (const columns of [40, 80, 120]) {
      expect(helpOf(await buildProgram(), columns)).toBe(helpOf(await buildEveryCommand(), columns));
    }
  });

  it('registers no command of any group', async () => {
    const program = await buildProgram();
    expect(program.commands.flatMap((command) => [...command.commands, ...command.options])).toEqual([]);
  });
});

describe('namedCommand', () => {
  const argv = (...words: string[]) => ['node', 'crm', ...words];

  it('finds the command after the program options', () => {
    expect(namedCommand(argv('report', 'arpu'))).toBe('report');
    expect(namedCommand(argv('--db', '/tmp/x.sqlite', 'report', 'arpu'))).toBe('report');
    expect(namedCommand(argv('--db=/tmp/x.sqlite', 'restore', 'file'))).toBe('restore');
  });

  it('finds the command whose help `crm help` is asked for', () => {
    expect(namedCommand(argv('help', 'report'))).toBe('report');
    expect(namedCommand(argv('--lang', 'ru', 'help', 'restore'))).toBe('restore');
  });

  it('gives nothing for help, typos and no command, so that they see every command', () => {
    expect(namedCommand(argv())).toBeUndefined();
    expect(namedCommand(argv('--help'))).toBeUndefined();
    expect(namedCommand(argv('help'))).toBeUndefined();
    expect(namedCommand(argv('help', 'reprot'))).toBeUndefined();
    expect(namedCommand(argv('reprot'))).toBeUndefined();
    expect(namedCommand(argv('--db', 'report'))).toBeUndefined();
  });

  it('builds only the named group', async () => {
    expect(names(await buildProgram('report'))).toEqual(['report']);
    expect(names(await buildProgram('backup')).sort()).toEqual(['backup', 'restore']);
  });
});
