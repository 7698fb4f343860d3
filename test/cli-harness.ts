import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { main } from '../src/cli/main.js';
import { currentLanguage, useLanguage } from '../src/i18n/index.js';
import { engineDatabase } from './engine-databases.js';
import { type CrmRun, testEnvironment } from './helpers.js';

export interface CliRunOptions {
  db?: string;
  env?: Record<string, string>;
  /** A terminal width, given to the CLI as `COLUMNS` (stdout is never a terminal here). */
  columns?: number;
  cwd?: string;
}

type Write = typeof process.stdout.write;

/** A stand-in for a stream's write that keeps what is written and calls back as a stream would. */
function collector(sink: { text: string }): Write {
  return ((chunk: string | Uint8Array, encoding?: unknown, callback?: unknown) => {
    sink.text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
    return true;
  }) as Write;
}

/**
 * The environment is changed in place, not swapped for another object: Node reads some variables from the process's
 * own environment, not from the object `process.env` names (`os.homedir()` reads HOME, the clock's time zone TZ).
 */
function replaceEnvironment(variables: NodeJS.ProcessEnv): void {
  for (const name of Object.keys(process.env)) delete process.env[name];
  Object.assign(process.env, variables);
}

/** The command running in this process, if any: what the next one waits for. */
let running: Promise<unknown> = Promise.resolve();

/**
 * Runs the CLI in this process, from the sources, as `crm()` in helpers.ts runs the built one in a child: the same
 * clean environment (no terminal, a fixed day, no colour, C.UTF-8), the same result. What a child process alone can
 * show (exit codes set by the process, signals, a terminal, two commands at once) stays with `crm()`.
 * Runs one at a time, since it lends the process's streams, environment and working directory to the command: a call
 * made while another runs (from a concurrent test) waits for it to end.
 */
export function runCli(args: string[], options: CliRunOptions = {}): Promise<CrmRun> {
  const run = running.then(() => runAlone(args, options));
  running = run.catch(() => undefined);
  return run;
}

async function runAlone(args: string[], options: CliRunOptions): Promise<CrmRun> {
  // In the postgres project (test/engine-databases.ts), a database on the test server stands for the file, and the
  // command runs in the file's directory unless told where: what a server's import writes beside no database (its
  // rejects file) goes to the working directory, and lands where the test looks for it beside the file.
  const db = options.db === undefined ? undefined : await engineDatabase(options.db);
  const beside = db !== options.db && options.db !== undefined ? dirname(options.db) : undefined;
  const cwd = options.cwd ?? (beside && existsSync(beside) ? beside : undefined);
  const saved = {
    env: { ...process.env },
    exitCode: process.exitCode,
    stdoutWrite: process.stdout.write,
    stderrWrite: process.stderr.write,
    stdoutTTY: process.stdout.isTTY,
    stderrTTY: process.stderr.isTTY,
    stdinTTY: process.stdin.isTTY,
    cwd: process.cwd(),
    language: currentLanguage() ?? 'en',
  };
  const stdout = { text: '' };
  const stderr = { text: '' };
  replaceEnvironment({
    ...testEnvironment(),
    NO_COLOR: '1',
    ...(options.columns ? { COLUMNS: String(options.columns) } : {}),
    ...options.env,
  });
  process.exitCode = undefined;
  process.stdout.write = collector(stdout);
  process.stderr.write = collector(stderr);
  process.stdout.isTTY = false;
  process.stderr.isTTY = false;
  process.stdin.isTTY = false;
  if (cwd) process.chdir(cwd);
  try {
    const code = await main(['node', 'crm', ...(db ? ['--db', db] : []), ...args]);
    return { code, stdout: stdout.text, stderr: stderr.text };
  } finally {
    replaceEnvironment(saved.env);
    process.exitCode = saved.exitCode;
    process.stdout.write = saved.stdoutWrite;
    process.stderr.write = saved.stderrWrite;
    process.stdout.isTTY = saved.stdoutTTY;
    process.stderr.isTTY = saved.stderrTTY;
    process.stdin.isTTY = saved.stdinTTY;
    if (cwd) process.chdir(saved.cwd);
    // The command chose its language; code the test calls directly afterwards speaks the test's again.
    await useLanguage(saved.language);
  }
}
