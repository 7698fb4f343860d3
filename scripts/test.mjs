// `npm test`: the type check, Biome and the layer check run beside vitest instead of before it, each the command of
// its script in package.json. One after the other they kept a core idle for half a minute (tsc alone is ~20 s of one
// core) before the first test started. Vitest's output streams as it runs; each check's output is held and printed in
// one block after vitest's summary, so that the two never interleave. Fails when any of them fails, and says which.
// Arguments go to vitest (`npm test -- test/cli`).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

const checks = CHECKS.map((name) => run(scripts[name], { hold: true }).then((result) => ({ name, ...result })));
const quote = (arg) => `'${arg.replace(/'/g, "'\\''")}'`;
const tests = await run(['vitest', 'run', ...process.argv.slice(2).map(quote)].join(' '), { hold: false });

const failed = tests.code === 0 ? [] : ['vitest'];
for (const check of await Promise.all(checks)) {
  const status = check.code === 0 ? 'ok' : `FAILED (exit ${check.code})`;
  process.stdout.write(`\n> npm run ${check.name}: ${status} in ${check.seconds.toFixed(1)} s\n`);
  if (check.output.trim()) process.stdout.write(check.output.replace(/\n*$/, '\n'));
  if (check.code !== 0) failed.push(check.name);
}
process.stdout.write(failed.length ? `\nnpm test FAILED: ${failed.join(', ')}\n` : '\nnpm test: all passed\n');
process.exitCode = failed.length ? 1 : 0;
