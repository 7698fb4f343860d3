/**
 * `crm db copy --to`: the demo database copied to a PostgreSQL server answers every command as the SQLite file does,
 * ids and import history included, and copied back to a new file exports the same bytes. A target that is not empty,
 * or a copy that fails or differs, leaves the target as it was.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli-harness.js';
import { engines, skippedEngine } from '../engines.js';
import { tempDbPath, tempDir } from '../helpers.js';

const postgres = engines.find((engine) => engine.name === 'postgres')!;

/** A kept demo database: a year of a salon, its imports (batches) and settings. */
async function demoDatabase(): Promise<string> {
  const run = await runCli(['demo', '--keep']);
  expect(run.code, run.stderr).toBe(0);
  const path = /demo database kept at (\S+)/.exec(run.stderr + run.stdout)?.[1];
  expect(path).toBeDefined();
  return path!;
}

/** What a command prints on a database; it must succeed. */
async function rowsOf(address: string, args: string[]): Promise<string> {
  const run = await runCli(args, { db: address });
  expect(run.code, run.stderr).toBe(0);
  return run.stdout;
}

function filesIn(dir: string): Record<string, Buffer> {
  return Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name))]));
}

describe('crm db copy', () => {
  let demo: string;
  beforeAll(async () => {
    demo = await demoDatabase();
  });
  // The demo keeps its folder (pocket-crm-demo-*) for the user; a test removes what it kept.
  afterAll(() => rmSync(dirname(demo), { recursive: true, force: true }));

  it('refuses a file that exists, and leaves it as it was', async () => {
    const target = tempDbPath();
    await runCli(['config', 'set', 'currency', 'EUR'], { db: target });
    const before = readFileSync(target);
    const run = await runCli(['db', 'copy', '--to', target], { db: demo });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`crm: ${target}: already exists; crm db copy --to writes a new file\n`);
    expect(readFileSync(target)).toEqual(before);
  });

  it('copies to a new SQLite file, which answers as the original does', async () => {
    const target = join(tempDir(), 'copy.sqlite');
    const run = await runCli(['db', 'copy', '--to', target], { db: demo });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^done: \d+ rows copied to .*copy\.sqlite; both databases agree\n$/);
    for (const args of [
      ['report', 'monthly', '--json'],
      ['client', 'list', '--json'],
      ['import', 'list', '--json'],
    ]) {
      expect(await rowsOf(target, args)).toBe(await rowsOf(demo, args));
    }
  });

  describe('to a PostgreSQL server and back', () => {
    if (postgres.skipped) return skippedEngine(postgres);

    it('gives the same reports and listings, undo included, and the same export once copied back', async () => {
      const server = await postgres.database({ empty: true });
      const run = await runCli(['db', 'copy', '--to', server], { db: demo });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain('both databases agree');
      for (const args of [
        ['report', 'monthly', '--json'],
        ['client', 'list', '--json'],
        ['import', 'list', '--json'],
        ['deal', 'list', '--json'],
        ['nps', 'list', '--json'],
        ['config', 'list'],
      ]) {
        expect(await rowsOf(server, args), args.join(' ')).toBe(await rowsOf(demo, args));
      }

      const back = join(tempDir(), 'back.sqlite');
      const copiedBack = await runCli(['db', 'copy', '--to', back], { db: server });
      expect(copiedBack.code, copiedBack.stderr).toBe(0);
      const exported = { demo: join(tempDir(), 'export'), back: join(tempDir(), 'export') };
      for (const [name, database] of [
        ['demo', demo],
        ['back', back],
      ] as const) {
        const exportRun = await runCli(['export', '--format', 'csv', '-o', exported[name]], { db: database });
        expect(exportRun.code, exportRun.stderr).toBe(0);
      }
      expect(Object.keys(filesIn(exported.back)).length).toBeGreaterThan(0);
      expect(filesIn(exported.back)).toEqual(filesIn(exported.demo));

      // The copied batches are the imports' history: the last one is undone on the server as on the file.
      const batches = JSON.parse(await rowsOf(demo, ['import', 'list', '--json'])) as Array<{ id: number }>;
      const last = String(batches.at(-1)!.id);
      const undone = await runCli(['import', 'undo', last], { db: server });
      expect(undone.code, undone.stderr).toBe(0);
      const alsoUndone = await runCli(['import', 'undo', last], { db: back });
      expect(alsoUndone.code, alsoUndone.stderr).toBe(0);
      expect(await rowsOf(server, ['report', 'monthly', '--json'])).toBe(
        await rowsOf(back, ['report', 'monthly', '--json']),
      );

      // New records continue after the copied ids.
      const clients = JSON.parse(await rowsOf(server, ['client', 'list', '--json', '--archived'])) as Array<{
        id: number;
      }>;
      const added = await runCli(['client', 'add', 'Новый Клиент'], { db: server });
      expect(added.code, added.stderr).toBe(0);
      const after = JSON.parse(await rowsOf(server, ['client', 'list', '--json', '--archived'])) as Array<{
        id: number;
      }>;
      expect(Math.max(...after.map((client) => client.id))).toBe(Math.max(...clients.map((client) => client.id)) + 1);
    });

    it('refuses a server database that holds records, in one line, writing nothing', async () => {
      const server = await postgres.database();
      expect((await runCli(['client', 'add', 'Анна'], { db: server })).code).toBe(0);
      const before = await rowsOf(server, ['client', 'list', '--json']);
      const run = await runCli(['db', 'copy', '--to', server], { db: demo });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        /^crm: postgres:\/\/\S+: not empty \(1 clients\); crm db copy writes only into an empty database\n$/,
      );
      expect(await rowsOf(server, ['client', 'list', '--json'])).toBe(before);
    });

    it('leaves nothing when a row is refused half-way', async () => {
      const server = await postgres.database();
      const other = await postgres.other(server);
      // The last table copied refuses the demo's answers: everything before it must go too.
      await other.run('ALTER TABLE nps_answers ADD CONSTRAINT no_answers CHECK (score < 0)');
      const run = await runCli(['db', 'copy', '--to', server], { db: demo });
      expect(run.code).not.toBe(0);
      const empty = await runCli(['db', 'copy', '--to', join(tempDir(), 'x.sqlite')], { db: server });
      expect(empty.code, empty.stderr).toBe(0);
      expect(empty.stdout).toMatch(/^done: 0 rows copied/);
    });

    it('exits 1 naming what differs when the copy does not match, and keeps nothing', async () => {
      const server = await postgres.database();
      const other = await postgres.other(server);
      // A target that changes what it is given: every count agrees, the revenue does not.
      await other.run(`CREATE FUNCTION crm_test_inflate() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN NEW.amount := NEW.amount + 1; RETURN NEW; END $$;
        CREATE TRIGGER crm_test_inflate BEFORE INSERT ON visits FOR EACH ROW EXECUTE FUNCTION crm_test_inflate()`);
      const run = await runCli(['db', 'copy', '--to', server], { db: demo });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        /^crm: postgres:\S+: the copy does not match .*all-time revenue.*; nothing was written\n$/,
      );
      expect(run.stderr).not.toContain('rows of');
      expect(existsSync(demo)).toBe(true);
      expect(await rowsOf(server, ['client', 'list', '--json'])).toBe('[]\n');
    });
  });
});
