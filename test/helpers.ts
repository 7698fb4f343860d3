import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
export const FIXTURES = join(ROOT, 'fixtures');
const BIN = join(ROOT, 'bin', 'crm.js');

export function tempDir(prefix = 'crm-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function tempDbPath(): string {
  return join(tempDir(), 'crm.sqlite');
}

export interface CrmRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would: no terminal on stdin, a fixed day, no colour, a clean locale. */
export function crm(
  args: string[],
  options: { db?: string; env?: Record<string, string>; input?: string } = {},
): CrmRun {
  const result = spawnSync(process.execPath, [BIN, ...(options.db ? ['--db', options.db] : []), ...args], {
    encoding: 'utf8',
    input: options.input ?? '',
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? tmpdir(),
      NO_COLOR: '1',
      LANG: 'C.UTF-8',
      CRM_TODAY: '2026-11-22',
      ...options.env,
    },
    timeout: 60_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export function fixture(path: string): string {
  return join(FIXTURES, path);
}
