import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { crmInBackground, tempDir } from '../helpers.js';

/**
 * Lists past the length V8 accepts as call arguments (about 125,000 on 64-bit Linux with the default stack): a spread
 * of a row-sized array into Math.max or push would throw RangeError after the work is done. 130,000 clients and
 * 200,000 visits are the sizes users reported; each command here takes a few seconds. The commands of a describe run
 * two at a time (each reads, or writes a database of its own), and the cells and cards beside the import of the lists'
 * database: one after the other, this file was the longest of the suite while a core often idled.
 */
const CLIENTS = 130_000;
const VISITS = 200_000;
/** Generating, importing and listing this many rows on two shared cores. */
const TIMEOUT = 120_000;

let dir: string;
let db: string;
let imported: Awaited<ReturnType<typeof crmInBackground>>;

/** Commands of this file running at a time: as many as there are cores, beside the other files' work. */
const AT_ONCE = 2;
let running = 0;
const waiting: Array<() => void> = [];

/** crmInBackground(), once fewer than AT_ONCE of this file's commands run. */
async function crmInTurn(...command: Parameters<typeof crmInBackground>): ReturnType<typeof crmInBackground> {
  while (running >= AT_ONCE) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await crmInBackground(...command);
  } finally {
    running--;
    waiting.shift()?.();
  }
}

const phone = (i: number) => `+7912${String(i).padStart(7, '0')}`;

/**
 * A listing's JSON and CSV are written a few hundred rows at a time, from the stored rows alone: within a heap of
 * 160 MB (a bit more than they take), which building every row's JSON, table and CSV, and the whole text as one
 * string, did not fit in. A table is laid out from all its rows, and has no cap.
 */
function heapFor(format: string): Record<string, string> {
  return format === 'table' ? {} : { NODE_OPTIONS: '--max-old-space-size=160' };
}

function lines(text: string): number {
  return text.split('\n').filter(Boolean).length;
}

describe.concurrent(`${CLIENTS} clients and ${VISITS} visits`, () => {
  beforeAll(async () => {
    dir = tempDir('crm-big-');
    db = join(dir, 'crm.sqlite');
    const clients = ['Имя,Телефон'];
    for (let i = 0; i < CLIENTS; i++) clients.push(`Клиент ${i},${phone(i)}`);
    writeFileSync(join(dir, 'clients.csv'), `${clients.join('\n')}\n`);
    imported = await crmInTurn(['import', 'clients', join(dir, 'clients.csv')], { db });
    const visits = ['Date,Client,Phone,Service,Amount'];
    for (let i = 0; i < VISITS; i++) {
      const who = i % 1000;
      visits.push(`2026-0${1 + (i % 9)}-1${i % 10},Клиент ${who},${phone(who)},Стрижка,${1000 + (i % 500)}.00`);
    }
    writeFileSync(join(dir, 'visits.csv'), `${visits.join('\n')}\n`);
    expect((await crmInTurn(['import', 'visits', join(dir, 'visits.csv')], { db })).code).toBe(0);
  }, TIMEOUT);

  it('importing the clients ends with exit 0 and its summary', () => {
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain(`created ${CLIENTS}, updated 0, duplicates 0, rejected 0`);
  });

  it.each(['table', 'json', 'csv'])(
    'client list --format %s lists every client',
    async (format) => {
      const result = await crmInTurn(['client', 'list', '--format', format], { db, env: heapFor(format) });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      if (format === 'json') expect(JSON.parse(result.stdout)).toHaveLength(CLIENTS);
      else expect(result.stdout).toContain(`Клиент ${CLIENTS - 1}`);
      if (format === 'csv') expect(lines(result.stdout)).toBe(CLIENTS + 1);
    },
    TIMEOUT,
  );

  it.each(['table', 'json', 'csv'])(
    'visit list --format %s lists every visit',
    async (format) => {
      const result = await crmInTurn(['visit', 'list', '--format', format], { db, env: heapFor(format) });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      if (format === 'json') expect(JSON.parse(result.stdout)).toHaveLength(VISITS);
      if (format === 'csv') expect(lines(result.stdout)).toBe(VISITS + 1);
    },
    TIMEOUT,
  );

  it(
    'export writes every client',
    async () => {
      const out = join(tempDir('crm-big-export-'), 'out');
      // Each file written from rows made as they are read, its text encoded a piece at a time: the lists of 130,000
      // clients and 200,000 visits in a 200 MB heap, which holding every table's rows and text did not fit in.
      const result = await crmInTurn(['export', '-o', out], { db, env: { NODE_OPTIONS: '--max-old-space-size=200' } });
      expect(result.stderr).toContain(`wrote ${join(out, 'clients.csv')}: ${CLIENTS} clients\n`);
      expect(result.code).toBe(0);
      expect(lines(readFileSync(join(out, 'clients.csv'), 'utf8'))).toBe(CLIENTS + 1);
    },
    TIMEOUT,
  );

  it(
    'export --format vcard writes every client',
    async () => {
      const out = join(tempDir('crm-big-export-'), 'all.vcf');
      const result = await crmInTurn(['export', '--format', 'vcard', '-o', out], { db });
      expect(result.stderr).toBe(`wrote ${out}: ${CLIENTS} clients\n`);
      expect(result.code).toBe(0);
      expect(readFileSync(out, 'utf8').match(/^BEGIN:VCARD\r$/gm)).toHaveLength(CLIENTS);
    },
    TIMEOUT,
  );
});

describe.concurrent('a cell or a card with more values than call arguments allow', () => {
  // Past the limit with room to spare, not far past it: the import reads every number of the cell.
  const many = Array.from({ length: 150_000 }, (_, i) => phone(i)).join(', ');

  it.each([
    ['visits', 'Date,Client,Phone,Amount', '9.00'],
    ['nps', 'Date,Client,Phone,Score', '9'],
    ['deals', 'Created,Client,Phone,Title', 'Свадьба'],
  ])(
    'import %s: a phone cell listing 150,000 numbers is read',
    async (kind, header, last) => {
      const file = join(tempDir('crm-big-cell-'), `${kind}.csv`);
      writeFileSync(file, `${header}\n2026-01-01,Большой,"${many}",${last}\n`);
      const result = await crmInTurn(['import', kind, file], {
        db: join(tempDir('crm-big-cell-'), 'crm.sqlite'),
      });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
    },
    TIMEOUT,
  );

  it(
    'import clients: a vCard with 200,000 bad lines in one card is refused in one line',
    async () => {
      const card = ['BEGIN:VCARD', 'VERSION:3.0', 'FN:Большой'];
      for (let i = 0; i < 200_000; i++) card.push(`BDAY:not a date ${i}`);
      card.push('END:VCARD');
      const file = join(tempDir('crm-big-card-'), 'big.vcf');
      writeFileSync(file, `${card.join('\r\n')}\r\n`);
      const result = await crmInTurn(['import', 'clients', file], {
        db: join(tempDir('crm-big-card-'), 'crm.sqlite'),
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /^crm: .*big\.vcf: nothing could be imported: .*unreadable birthday 'not a date 0'/,
      );
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    },
    TIMEOUT,
  );
});
