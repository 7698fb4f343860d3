// `npm test`: the type check, Biome and the layer check run beside vitest instead of before it, each the command of
// its script in package.json. One after the other they held the first test back by 11-25 s (tsc alone is ~12 s of
// one core), while the cores idle whenever the tests wait. Vitest's output streams as it runs; each check's output is
// held and printed in one block after vitest's summary, so that the two never interleave. Fails when any of them
// fails, and says which. Arguments go to vitest (`npm test -- test/cli`).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const CHECKS = ['typecheck', 'lint', 'lint:layers'];
const env = { ...process.env, PATH: [join(root, 'node_modules', '.bin'), process.env.PATH].join(delimiter) };
const children = new Set();

/** Runs `command` in a shell, as npm runs a script: its exit code (1 for a signal), its output when held, its time. */
function run(command, { hold }) {
  const started = performance.now();
  const child = spawn(command, { cwd: root, env, shell: true, stdio: hold ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
  children.add(child);
  let output = '';
  if (hold) {
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
  }
  return new Promise((resolve) => {
    const done = (code, more = '') => {
      children.delete(child);
      resolve({ code, output: output + more, seconds: (performance.now() - started) / 1000 });
    };
    child.on('error', (error) => done(1, `${error.message}\n`));
    child.on('close', (code) => done(code ?? 1));
  });
}

for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
]) {
  process.on(signal, () => {
    for (const child of children) child.kill(signal);
    process.exit(code);
  });
}

const quote = (arg) => `'${arg.replace(/'/g, "'\\''")}'`;
const tests = run(['vitest', 'run', ...process.argv.slice(2).map(quote)].join(' '), { hold: false });
// The checks run at a lower priority, which they take from this process: they have the whole of vitest's run to
// finish in, and take what the tests leave idle (while these wait on a process, the disk or the server) instead of
// slowing them down.
try {
  setPriority(10);
} catch {
  // Where priorities cannot be set, the checks share the cores as they are.
}
const checks = CHECKS.map((name) => run(scripts[name], { hold: true }).then((result) => ({ name, ...result })));
const { code: testsCode } = await tests;

const failed = testsCode === 0 ? [] : ['vitest'];
for (const check of await Promise.all(checks)) {
  const status = check.code === 0 ? 'ok' : `FAILED (exit ${check.code})`;
  process.stdout.write(`\n> npm run ${check.name}: ${status} in ${check.seconds.toFixed(1)} s\n`);
  if (check.output.trim()) process.stdout.write(check.output.replace(/\n*$/, '\n'));
  if (check.code !== 0) failed.push(check.name);
}
process.stdout.write(failed.length ? `\nnpm test FAILED: ${failed.join(', ')}\n` : '\nnpm test: all passed\n');
process.exitCode = failed.length ? 1 : 0;
