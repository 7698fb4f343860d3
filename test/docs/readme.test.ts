import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runCli } from '../cli-harness.js';
import { ROOT } from '../helpers.js';

/**
 * The README shows what crm prints. Each block headed `<!-- output of: crm ARGS -->` is the output of that command on
 * the demo database at 100 columns, on the demo's day; this test runs it and compares, so the examples never drift.
 * `UPDATE_README=1 npx vitest run test/docs/readme.test.ts` writes the current output into the README instead.
 */
const README = join(ROOT, 'README.md');
const BLOCK = /<!-- output of: crm ([^>]*?) -->\n```text\n([\s\S]*?)```/g;

async function demoDatabase(): Promise<string> {
  const demo = await runCli(['demo', '--keep']);
  expect(demo.code, demo.stderr).toBe(0);
  const db = /demo database kept at (\S+)/.exec(demo.stderr)![1]!;
  // The demo keeps its folder (pocket-crm-demo-*) for the user; a test removes what it kept.
  onTestFinished(() => rmSync(dirname(db), { recursive: true, force: true }));
  return db;
}

describe('README examples', () => {
  it('every output block is what the command prints today', async () => {
    const text = readFileSync(README, 'utf8');
    const blocks = [...text.matchAll(BLOCK)];
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    const db = await demoDatabase();
    const outputs: string[] = [];
    for (const [, args] of blocks) {
      const run = await runCli(args!.split(' '), { db, env: { COLUMNS: '100' } });
      expect(run.code, `crm ${args}: ${run.stderr}`).toBe(0);
      outputs.push(run.stdout);
    }
    let block = 0;
    const updated = text.replace(
      BLOCK,
      (_, args: string) => `<!-- output of: crm ${args} -->\n\`\`\`text\n${outputs[block++]}\`\`\``,
    );
    if (process.env.UPDATE_README) writeFileSync(README, updated);
    else expect(updated).toBe(text);
    for (const [, , output] of blocks) {
      for (const line of output!.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    }
  });
});
