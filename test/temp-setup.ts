/**
 * One directory for everything the run writes (tempDir() in helpers.ts, and whatever else asks os.tmpdir()), given to
 * the test processes as TMPDIR and removed when the run ends: a run leaves nothing behind. It is made on a RAM disk
 * (/dev/shm) when there is one with room, because SQLite syncs its files to the disk on every new database and
 * every checkpoint, and the suite creates over a thousand databases: on this machine's disk that waiting was a sixth
 * of the unit run. The database code is the same on either; crash safety is tested by killing processes, which a RAM
 * disk survives as a disk does. CRM_TEST_TMPDIR_PARENT names another place for it.
 */
import { chmodSync, mkdtempSync, readdirSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RAM_DISK = '/dev/shm';
/** What a whole run writes, with room to spare (measured: 0.7 GB). */
const ROOM_NEEDED = 3 * 1024 ** 3;
const PREFIX = 'crm-test-run-';

function hasRoom(path: string): boolean {
  try {
    const { bavail, bsize } = statfsSync(path);
    return bavail * bsize >= ROOM_NEEDED;
  } catch {
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The directories of runs that were killed before their teardown: on a RAM disk they would hold memory until reboot. */
function removeAbandoned(parent: string): void {
  for (const name of readdirSync(parent)) {
    const pid = name.startsWith(PREFIX) ? Number.parseInt(name.slice(PREFIX.length), 10) : 0;
    if (!pid || isAlive(pid)) continue;
    try {
      rmSync(join(parent, name), { recursive: true, force: true });
    } catch {
      // A file system a killed disk-full test mounted there stays busy until it is unmounted: not this run's to fail on.
    }
  }
}

export default function setup(): (() => void) | undefined {
  // Every project inherits this setup from the root config: the first call makes the directory, the others find it.
  if (process.env.CRM_TEST_TMPDIR) return undefined;
  const parent = process.env.CRM_TEST_TMPDIR_PARENT ?? (hasRoom(RAM_DISK) ? RAM_DISK : tmpdir());
  removeAbandoned(parent);
  const dir = mkdtempSync(join(parent, `${PREFIX}${process.pid}-`));
  // As /tmp is: tests run crm as another user (test/store/safety.test.ts), whose files go here too.
  chmodSync(dir, 0o1777);
  process.env.CRM_TEST_TMPDIR = dir;
  process.env.TMPDIR = dir;
  return () => {
    rmSync(dir, { recursive: true, force: true });
  };
}
