/**
 * crm registers only the group of the command it runs: the group table must name exactly the commands each group
 * registers, and anything that is not plainly one of them must get the whole program.
 */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram, COMMAND_GROUPS, namedCommand } from '../../src/cli/program.js';

const names = (program: Command) => program.commands.flatMap((command) => [command.name(), ...command.aliases()]);

describe('the command groups', () => {
  it.each(COMMAND_GROUPS.map((group) => [group.names.join(', '), group] as const))(
    '%s: the names its group registers',
    (_, group) => {
      const program = new Command('crm');
      group.register(program);
      expect(names(program).sort()).toEqual([...group.names].sort());
    },
  );

  it('cover the whole program, each name once', () => {
    const all = COMMAND_GROUPS.flatMap((group) => group.names);
    expect(new Set(all).size).toBe(all.length);
    expect(names(buildProgram()).sort()).toEqual([...all].sort());
  });
});

describe('namedCommand', () => {
  const argv = (...words: string[]) => ['node', 'crm', ...words];

  it('finds the command after the program options', () => {
    expect(namedCommand(argv('report', 'arpu'))).toBe('report');
    expect(namedCommand(argv('--db', '/tmp/x.sqlite', 'report', 'arpu'))).toBe('report');
    expect(namedCommand(argv('--db=/tmp/x.sqlite', 'restore', 'file'))).toBe('restore');
  });

  it('gives nothing for help, typos and no command, so that they see every command', () => {
    expect(namedCommand(argv())).toBeUndefined();
    expect(namedCommand(argv('--help'))).toBeUndefined();
    expect(namedCommand(argv('help', 'report'))).toBeUndefined();
    expect(namedCommand(argv('reprot'))).toBeUndefined();
    expect(namedCommand(argv('--db', 'report'))).toBeUndefined();
  });

  it('builds only the named group', () => {
    expect(names(buildProgram('report'))).toEqual(['report']);
    expect(names(buildProgram('backup')).sort()).toEqual(['backup', 'restore']);
  });
});
