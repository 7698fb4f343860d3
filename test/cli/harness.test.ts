import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-harness.js';
import { crm, fixture, tempDbPath, tempDir } from '../helpers.js';

/** The in-process harness must answer as the built CLI in its own process does, or tests on it prove nothing. */
describe('runCli, the in-process harness', () => {
  const commands: string[][] = [
    ['import', 'clients', fixture('clients/csv-calc-cp1251.csv')],
    ['import', 'visits', fixture('visits/visits-calc-ru.csv')],
    ['client', 'list'],
    ['client', 'list', '--json'],
    ['client', 'show', 'Иванова'],
    ['visit', 'add', 'Иванова', '1 500', '--date', '2026-11-20'],
    ['report', 'monthly', '-p', '2026-10'],
    ['report', 'arpu', '-p', '2026', '--monthly', '--format', 'csv'],
    ['client', 'show', 'никто'],
    ['visit', 'add', 'Иванова', 'много'],
    ['report', 'arpu', '-p', 'someday'],
    ['no-such-command'],
    ['--help'],
  ];

  it('gives what the process gives: the same output, errors and exit codes, command after command', async () => {
    const [inProcess, spawned] = [tempDbPath(), tempDbPath()];
    for (const args of commands) {
      const here = await runCli(args, { db: inProcess, columns: 100 });
      const there = crm(args, { db: spawned, env: { COLUMNS: '100' } });
      // Only the temporary folder, the second a rejects file is named after, and the speed an import says when it
      // took half a second or more (a loaded machine) may differ.
      const same = (run: typeof here, db: string) => {
        const plain = (text: string) =>
          text
            .replaceAll(db.replace(/crm\.sqlite$/, ''), 'DB/')
            .replace(/-\d{8}-\d{6}\.csv/g, '-TIME.csv')
            .replace(/^.* in \d+\.\d s \(\d+ rows\/s\)\n/gm, '');
        return { code: run.code, stdout: plain(run.stdout), stderr: plain(run.stderr) };
      };
      expect(same(here, inProcess), args.join(' ')).toEqual(same(there, spawned));
    }
  });

  it('gives the command its environment as a child gets it, where Node reads it too (os.tmpdir reads TMPDIR)', async () => {
    const dir = tempDir();
    const demo = await runCli(['demo', '--keep'], { env: { TMPDIR: dir } });
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stderr).toContain(`demo database kept at ${dir}/`);
  });

  it('gives the process back as it was: environment, streams and exit code', async () => {
    const env = process.env;
    const variables = { ...process.env };
    const write = process.stdout.write;
    await runCli(['client', 'list'], { db: tempDbPath(), env: { CRM_TODAY: '2020-01-01' } });
    await runCli(['no-such-command'], { db: tempDbPath() });
    expect(process.env).toBe(env);
    expect(process.env).toEqual(variables);
    expect(process.stdout.write).toBe(write);
    expect(process.exitCode).toBeUndefined();
  });
});
