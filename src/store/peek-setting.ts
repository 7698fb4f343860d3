/**
 * One setting read before the program is built (the interface language: `crm --help` is written in it), cheaply:
 * `--help` has about a third of `node -e 0` to spend, and loading the SQLite driver and opening a connection cost
 * that again. When the database's write-ahead log holds nothing (every crm command checkpoints it and removes it
 * as it closes), the main file is the whole database, and the `settings` table, a few rows on one page, is read
 * from it directly; otherwise, or when anything in the file is not as expected, SQLite is asked. A PostgreSQL
 * database is asked through the driver, loaded for a server address alone (postgres/settings.ts). Says nothing
 * (undefined) of a database it cannot read: the command itself then opens it and reports what is wrong.
 */
import { closeSync, fstatSync, openSync, readSync, type Stats, statSync } from 'node:fs';
import { APPLICATION_ID } from './application-id.js';
import { resolveDatabasePath } from './paths.js';
import { isServerAddress } from './postgres/address.js';

export async function peekSetting(
  dbOption: string | undefined,
  key: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
  let path: string;
  try {
    path = resolveDatabasePath(dbOption, env);
  } catch {
    return undefined;
  }
  // A server's settings are asked of the server; the driver is loaded for it, and only for it.
  if (isServerAddress(path)) {
    serverAsked = true;
    return (await import('./postgres/store.js')).peekServerSetting(path, key);
  }
  // Only a regular file is read: opening a pipe or a device named as the database would wait for a writer.
  if (!statSync(path, { throwIfNoEntry: false })?.isFile()) return undefined;
  const read = settingInFile(path, key);
  return read === UNSURE ? settingThroughSqlite(path, key) : read;
}

let serverAsked = false;

/**
 * At the end of a command: closes the server session a setting was read on, which the command's store takes when it
 * connects to the same database (postgres/connection.ts), if it did not.
 */
export async function releasePeekConnection(): Promise<void> {
  if (!serverAsked) return;
  serverAsked = false;
  await (await import('./postgres/store.js')).releaseKeptConnection();
}

async function settingThroughSqlite(path: string, key: string): Promise<string | undefined> {
  const { openSqlite } = await import('./sqlite.js');
  let db: ReturnType<typeof openSqlite> | undefined;
  try {
    db = openSqlite(path, { readonly: true, fileMustExist: true });
    if (db.pragma('application_id', { simple: true }) !== APPLICATION_ID) return undefined;
    const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value?: unknown } | undefined;
    return typeof row?.value === 'string' ? row.value : undefined;
  } catch {
    return undefined;
  } finally {
    db?.close();
  }
}

/** The file cannot be read alone (a log or journal beside it, a change while reading, a layout not expected). */
export const UNSURE = Symbol('unsure');

/** Whether SQLite keeps changes beside the file that the file itself does not have yet. */
function changesBeside(path: string): boolean {
  for (const suffix of ['-wal', '-journal']) {
    try {
      if (statSync(path + suffix).size > 0) return true;
    } catch {
      // None there.
    }
  }
  return false;
}

const sameFile = (a: Stats, b: Stats) => a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino;

/** The setting as the database file holds it, undefined when it is not set, UNSURE when only SQLite can tell. */
export function settingInFile(path: string, key: string): string | undefined | typeof UNSURE {
  if (changesBeside(path)) return UNSURE;
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return UNSURE;
  }
  try {
    const before = fstatSync(fd);
    const found = new SqliteFile(fd, before.size).setting(key);
    // Written meanwhile (a command's checkpoint as it closed): what was read may be half old, half new.
    if (changesBeside(path) || !sameFile(before, fstatSync(fd))) return UNSURE;
    return found;
  } catch {
    return UNSURE;
  } finally {
    closeSync(fd);
  }
}

/** Thrown on anything in the file that is not as this reader expects; the caller then asks SQLite. */
class NotAsExpected extends Error {}

/**
 * Just enough of SQLite's file format (sqlite.org/fileformat2.html) to read a small rowid table of text: the
 * header, table b-tree pages, records and overflow pages. Nothing else of the store reads files so.
 */
class SqliteFile {
  private readonly pageSize: number;
  private readonly usable: number;
  /** Another application's database: it has no setting of ours. */
  private readonly foreign: boolean;
  private pagesRead = 0;

  constructor(
    private readonly fd: number,
    private readonly size: number,
  ) {
    const header = this.read(0, 100);
    if (header.toString('latin1', 0, 16) !== 'SQLite format 3\0') throw new NotAsExpected();
    const pageSize = header.readUInt16BE(16);
    this.pageSize = pageSize === 1 ? 65536 : pageSize;
    this.usable = this.pageSize - header[20]!;
    if (header.readUInt32BE(56) !== 1) throw new NotAsExpected(); // text stored as UTF-8
    this.foreign = header.readUInt32BE(68) !== APPLICATION_ID;
  }

  /** The value of `key` in the `settings` table (key, value), undefined when it has none. */
  setting(key: string): string | undefined {
    if (this.foreign) return undefined;
    let root: number | undefined;
    for (const [type, name, , rootPage] of this.rows(1)) {
      if (type === 'table' && name === 'settings' && typeof rootPage === 'number') root = rootPage;
    }
    if (root === undefined) return undefined;
    for (const [stored, value] of this.rows(root)) {
      if (stored === key) {
        if (typeof value !== 'string') throw new NotAsExpected();
        return value;
      }
    }
    return undefined;
  }

  private read(offset: number, length: number): Buffer {
    if (offset + length > this.size) throw new NotAsExpected();
    const buffer = Buffer.alloc(length);
    if (readSync(this.fd, buffer, 0, length, offset) !== length) throw new NotAsExpected();
    return buffer;
  }

  private page(number: number): Buffer {
    // A settings table is a page or two; a file that sends the reader further is not one this reader trusts.
    if (number < 1 || ++this.pagesRead > 64) throw new NotAsExpected();
    return this.read((number - 1) * this.pageSize, this.pageSize);
  }

  /** The records of the table b-tree rooted at `root`, in rowid order. */
  private *rows(root: number): Generator<Array<string | number | null>> {
    const page = this.page(root);
    const start = root === 1 ? 100 : 0;
    const kind = page[start];
    const cells = page.readUInt16BE(start + 3);
    if (kind === 0x05) {
      for (let i = 0; i < cells; i++) yield* this.rows(page.readUInt32BE(page.readUInt16BE(start + 12 + 2 * i)));
      yield* this.rows(page.readUInt32BE(start + 8));
      return;
    }
    if (kind !== 0x0d) throw new NotAsExpected();
    for (let i = 0; i < cells; i++) yield record(this.payload(page, page.readUInt16BE(start + 8 + 2 * i)));
  }

  /** A leaf cell's payload, with what spills onto overflow pages. */
  private payload(page: Buffer, offset: number): Buffer {
    const [size, afterSize] = varint(page, offset);
    const [, afterRowid] = varint(page, afterSize);
    const most = this.usable - 35;
    if (size <= most) return page.subarray(afterRowid, afterRowid + size);
    const least = Math.floor(((this.usable - 12) * 32) / 255) - 23;
    const spilled = least + ((size - least) % (this.usable - 4));
    const local = spilled <= most ? spilled : least;
    const parts = [page.subarray(afterRowid, afterRowid + local)];
    let next = page.readUInt32BE(afterRowid + local);
    let left = size - local;
    while (left > 0) {
      const overflow = this.page(next);
      const taken = Math.min(left, this.usable - 4);
      parts.push(overflow.subarray(4, 4 + taken));
      left -= taken;
      next = overflow.readUInt32BE(0);
    }
    return Buffer.concat(parts);
  }
}

/** A varint at `offset`: its value and the offset after it. */
function varint(buffer: Buffer, offset: number): [number, number] {
  let value = 0;
  for (let i = 0; i < 9; i++) {
    const byte = buffer[offset + i];
    if (byte === undefined) throw new NotAsExpected();
    if (i === 8) return [value * 256 + byte, offset + 9];
    value = value * 128 + (byte & 0x7f);
    if (byte < 0x80) return [value, offset + i + 1];
  }
  throw new NotAsExpected();
}

/** A record's columns: text, whole numbers and NULL (what the schema and the settings table hold). */
function record(payload: Buffer): Array<string | number | null> {
  const [headerSize, first] = varint(payload, 0);
  const types: number[] = [];
  for (let offset = first; offset < headerSize; ) {
    const [type, next] = varint(payload, offset);
    types.push(type);
    offset = next;
  }
  const values: Array<string | number | null> = [];
  let at = headerSize;
  for (const type of types) {
    if (type === 0) values.push(null);
    else if (type >= 1 && type <= 6) {
      const length = [0, 1, 2, 3, 4, 6, 8][type]!;
      if (at + length > payload.length) throw new NotAsExpected();
      values.push(length === 8 ? Number(payload.readBigInt64BE(at)) : payload.readIntBE(at, length));
      at += length;
    } else if (type === 8 || type === 9) values.push(type - 8);
    else if (type >= 13 && type % 2 === 1) {
      const length = (type - 13) / 2;
      if (at + length > payload.length) throw new NotAsExpected();
      values.push(payload.toString('utf8', at, at + length));
      at += length;
    } else throw new NotAsExpected();
  }
  return values;
}
