import {
  chmodSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOutputPath, OutputFile, writeOutputDirectory, writeOutputFile } from '../../src/app/output-files.js';
import { FileError, UsageError } from '../../src/errors.js';
import { tempDir } from '../helpers.js';

const mode = (path: string) => statSync(path).mode & 0o777;

describe('checkOutputPath', () => {
  it('refuses the database by any name: as given, relative, through a symlink, a hard link, a linked folder', () => {
    const dir = tempDir();
    const database = join(dir, 'crm.sqlite');
    writeFileSync(database, 'db');
    symlinkSync(database, join(dir, 'soft.sqlite'));
    linkSync(database, join(dir, 'hard.sqlite'));
    symlinkSync(dir, join(dir, 'again'));
    for (const name of ['crm.sqlite', 'soft.sqlite', 'hard.sqlite', join('again', 'crm.sqlite')]) {
      expect(() => checkOutputPath(join(dir, name), { database }), name).toThrow(UsageError);
    }
    // Its companions, whether SQLite has made them yet or not.
    for (const suffix of ['-wal', '-shm', '-journal']) {
      expect(() => checkOutputPath(join(dir, 'again', `crm.sqlite${suffix}`), { database })).toThrow(
        `that is the database's ${suffix} file`,
      );
    }
    expect(() => checkOutputPath(join(dir, 'crm.sqlite.csv'), { database })).not.toThrow();
  });

  it('refuses an input of the command, and a directory unless one is wanted', () => {
    const dir = tempDir();
    const input = join(dir, 'in.csv');
    writeFileSync(input, 'x');
    expect(() => checkOutputPath(join(dir, '.', 'in.csv'), { inputs: [input] })).toThrow('that is the file being read');
    expect(() => checkOutputPath(dir, {})).toThrow(new FileError(dir, 'is a directory'));
    expect(() => checkOutputPath(dir, { directoryAllowed: true })).not.toThrow();
    expect(() => checkOutputPath(join(dir, 'none', 'x.csv'), {})).toThrow(FileError);
  });
});

describe('writing an output file', () => {
  it('replaces an existing file whole, private, and writes through a link to the file it names', () => {
    const dir = tempDir();
    const real = join(dir, 'report.csv');
    writeFileSync(real, 'old');
    chmodSync(real, 0o666);
    const link = join(dir, 'link.csv');
    symlinkSync(real, link);
    writeOutputFile(link, 'new');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe('new');
    expect(mode(real)).toBe(0o600);
    expect(readdirSync(dir).sort()).toEqual(['link.csv', 'report.csv']);
  });

  it('leaves the file that was there as it was when the write is dropped', () => {
    const dir = tempDir();
    const path = join(dir, 'list.csv');
    writeFileSync(path, 'before');
    const file = new OutputFile(path);
    file.write('half of it');
    file.discard();
    expect(readFileSync(path, 'utf8')).toBe('before');
    expect(readdirSync(dir)).toEqual(['list.csv']);
  });
});

describe('writing a directory of files', () => {
  it('makes a new directory whole: 0700, its files 0600', () => {
    const dir = join(tempDir(), 'export');
    writeOutputDirectory(dir, [
      ['a.csv', 'a'],
      ['b.csv', 'b'],
    ]);
    expect(mode(dir)).toBe(0o700);
    expect(readdirSync(dir).map((name) => [name, mode(join(dir, name))])).toEqual([
      ['a.csv', 0o600],
      ['b.csv', 0o600],
    ]);
  });

  it('writes none of the files into an existing directory when one of them fails', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.csv'), 'earlier');
    mkdirSync(join(dir, 'b.csv'));
    expect(() =>
      writeOutputDirectory(dir, [
        ['a.csv', 'new'],
        ['b.csv', 'new'],
      ]),
    ).toThrow(new FileError(join(dir, 'b.csv'), 'is a directory'));
    expect(readFileSync(join(dir, 'a.csv'), 'utf8')).toBe('earlier');
    expect(readdirSync(dir).sort()).toEqual(['a.csv', 'b.csv']);
  });

  it('leaves nothing when a new directory cannot be filled', () => {
    const parent = tempDir();
    expect(() => writeOutputDirectory(join(parent, 'export'), [['bad/name.csv', 'x']])).toThrow(FileError);
    expect(readdirSync(parent)).toEqual([]);
  });
});
