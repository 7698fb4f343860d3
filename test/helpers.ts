import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { inject } from 'vitest';
import { openDatabase } from '../src/store/db.js';
import { dumpDatabase } from '../src/store/dump.js';
import { type OpenStoreOptions, openStore, type Store } from '../src/store/store.js';
import { dumpServerDatabaseOf } from './engine-databases.js';

export const ROOT = resolve(import.meta.dirname, '..');
export const FIXTURES = join(ROOT, 'fixtures');
const BIN = join(ROOT, 'bin', 'crm.js');

/**
 * bin/crm.js, for a test whose subject is the process. test/global-setup.ts builds dist/ from the sources first, for
 * the files listed in PROCESS_TESTS in vitest.config.ts only: anywhere else the bundle may be stale, or missing.
 */
export function builtCli(): string {
  if (!inject('builtCli')) {
    throw new Error(
      'this test spawns the built CLI: list its file in PROCESS_TESTS in vitest.config.ts, or run the CLI in-process with runCli (test/cli-harness.ts)',
    );
  }
  return BIN;
}

export function tempDir(prefix = 'crm-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function tempDbPath(): string {
  return join(tempDir(), 'crm.sqlite');
}

let migratedTemplate: string | undefined;

/**
 * A new database file with crm's tables and nothing in them, a copy of one created once per test process: for tests
 * that open hundreds of fresh databases (property tests), where creating and migrating each was most of their time.
 * Tests of creating or upgrading a database start from tempDbPath() instead.
 */
export function migratedDbPath(): string {
  if (!migratedTemplate) {
    migratedTemplate = tempDbPath();
    openDatabase(migratedTemplate).close();
  }
  const path = tempDbPath();
  copyFileSync(migratedTemplate, path);
  return path;
}

/**
 * What the built CLI loads at run time, beside bin/ and dist/: better-sqlite3's addon and the packages that find it
 * when it is not where the build expects it. Everything else is bundled into dist/.
 */
const RUNTIME_PACKAGE_FILES = [
  'better-sqlite3/package.json',
  'better-sqlite3/lib',
  'better-sqlite3/build/Release/better_sqlite3.node',
  'bindings',
  'file-uri-to-path',
];

/**
 * A copy of the built CLI (and of fixtures/) that every user can read, for tests that run crm as another user:
 * `nobody` cannot reach a checkout under a private directory such as root's home. Remove `root` when done.
 */
export function worldReadableCli(): { root: string; bin: string; fixture: (path: string) => string } {
  builtCli();
  const root = tempDir('crm-cli-');
  for (const entry of ['package.json', 'bin', 'dist', 'fixtures'])
    cpSync(join(ROOT, entry), join(root, entry), { recursive: true });
  for (const entry of RUNTIME_PACKAGE_FILES) {
    cpSync(join(ROOT, 'node_modules', entry), join(root, 'node_modules', entry), { recursive: true });
  }
  openToAll(root);
  return { root, bin: join(root, 'bin', 'crm.js'), fixture: (path) => join(root, 'fixtures', path) };
}

/** Readable by all, and directories searchable by all, whatever umask the checkout was made with. */
function openToAll(path: string): void {
  const stats = statSync(path);
  if (stats.isDirectory()) {
    chmodSync(path, stats.mode | 0o555);
    for (const name of readdirSync(path)) openToAll(join(path, name));
  } else {
    chmodSync(path, stats.mode | 0o444);
  }
}

export interface CrmRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * What every CLI a test runs sees of its environment: a clean locale and a fixed day, nothing of the machine's; its
 * temporary files (`crm demo`'s) go to the run's directory, which test/temp-setup.ts removes at the end.
 */
export function testEnvironment(): Record<string, string> {
  const run = process.env.CRM_TEST_TMPDIR;
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmpdir(),
    LANG: 'C.UTF-8',
    CRM_TODAY: '2026-11-22',
    ...(run ? { TMPDIR: run } : {}),
  };
}

/** Runs the built CLI as a user would: no terminal on stdin, a fixed day, no colour, a clean locale. */
export function crm(
  args: string[],
  options: { db?: string; env?: Record<string, string>; input?: string; cwd?: string } = {},
): CrmRun {
  const result = spawnSync(process.execPath, [builtCli(), ...(options.db ? ['--db', options.db] : []), ...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    input: options.input ?? '',
    env: { ...testEnvironment(), NO_COLOR: '1', ...options.env },
    timeout: 60_000,
    // A listing of a few hundred thousand rows is tens of megabytes; spawnSync's default stops at one.
    maxBuffer: 1024 ** 3,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/**
 * crm() without waiting for it: the same process, environment and result, for tests that run several commands at once
 * (a test's process waits, where another's could use the core). Killed after a minute, as crm() is.
 */
export function crmInBackground(
  args: string[],
  options: { db?: string; env?: Record<string, string>; cwd?: string } = {},
): Promise<CrmRun> {
  const child = spawn(process.execPath, [builtCli(), ...(options.db ? ['--db', options.db] : []), ...args], {
    cwd: options.cwd,
    env: { ...testEnvironment(), NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  const timer = setTimeout(() => child.kill('SIGTERM'), 60_000);
  return new Promise((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({
        code: code ?? -1,
        // Decoded whole: a chunk may end inside a character.
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      });
    });
  });
}

export function fixture(path: string): string {
  return join(FIXTURES, path);
}

/** One thing a person does at a terminal: wait until `waitFor` is on the screen, then type `type`. */
export interface TerminalStep {
  waitFor: RegExp;
  type: string;
}

export interface TerminalOptions {
  /** The terminal's width (default 100). */
  columns?: number;
  env?: Record<string, string>;
}

/** How long a person at the terminal reads a prompt before answering it. */
const TYPING_PAUSE_MS = 150;

/** The screen's text without colours, cursor moves and the CR of terminal line ends. */
export function screenText(output: string): string {
  return output
    .replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')
    .replace(/\x1b[78]/g, '')
    .replace(/\r/g, '');
}

/**
 * Runs the CLI on a real pseudo-terminal (util-linux `script`) of the given width, typing each answer once its
 * prompt has appeared: the only way to see what a person at a terminal sees. `\x03` is Ctrl-C, `\x04` Ctrl-D.
 */
export function crmOnTerminal(
  args: string[],
  db: string,
  steps: TerminalStep[],
  options: TerminalOptions = {},
): Promise<CrmRun> {
  const quote = (a: string) => `'${a.replace(/'/g, "'\\''")}'`;
  const command = [process.execPath, builtCli(), '--db', db, ...args].map(quote).join(' ');
  const child = spawn(
    'script',
    ['-qfec', `stty cols ${options.columns ?? 100} rows 40; exec ${command}`, '/dev/null'],
    {
      env: { ...testEnvironment(), TERM: 'xterm', ...options.env },
    },
  );
  let output = '';
  let step = 0;
  /** When the last answer is typed: answers go one after another, each a moment after the one before. */
  let lastTyped = 0;
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`terminal session timed out at step ${step}; screen so far:\n${screenText(output)}`));
    }, 20_000);
    // A character's bytes can arrive in two reads; the stream's decoder keeps them together.
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      const plain = screenText(output);
      while (step < steps.length && steps[step]!.waitFor.test(plain)) {
        const { type } = steps[step]!;
        step++;
        // A person types after reading: give the prompt a moment to settle.
        const at = Math.max(Date.now(), lastTyped) + TYPING_PAUSE_MS;
        lastTyped = at;
        setTimeout(() => child.stdin.write(type), at - Date.now());
      }
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (step < steps.length) {
        reject(
          new Error(`the command ended before step ${step} (${steps[step]!.waitFor}); screen:\n${screenText(output)}`),
        );
      } else resolvePromise({ code: code ?? -1, stdout: output, stderr: '' });
    });
  });
}

/**
 * Every row of the database file at `path`, read with SQLite itself: equal dumps mean equal data. In the postgres
 * project, the rows of the server database standing for the file (test/engine-databases.ts).
 */
export function dump(path: string): string {
  const onServer = dumpServerDatabaseOf(path);
  if (onServer !== undefined) return onServer;
  const db = new Database(path, { readonly: true });
  try {
    return dumpDatabase(db);
  } finally {
    db.close();
  }
}

/** A store on a new database (or on `path`), as a command opens it: for tests that call use cases directly. */
export function openTestStore(path = tempDbPath(), options: OpenStoreOptions = {}): Store {
  return openStore(path, options);
}
