/**
 * COPY's text format written as bytes (src/store/postgres/copy-text.ts): held to the format's rules row by row, cut
 * into chunks only between rows, and read back by a real server as the values it was given.
 */
import fc from 'fast-check';
import pg from 'pg';
import { describe, expect, it, onTestFinished } from 'vitest';
import { CopyText } from '../../src/store/postgres/copy-text.js';
import { engines, skippedEngine } from '../engines.js';

type Value = string | number | boolean | null;

/** The format as PostgreSQL documents it, written the plain way. */
function expectedLine(values: readonly Value[]): string {
  const field = (value: Value) => {
    if (value === null) return '\\N';
    if (typeof value === 'boolean') return value ? 't' : 'f';
    if (typeof value === 'number') return String(value);
    return value.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!);
  };
  return `${values.map(field).join('\t')}\n`;
}

function written(rows: ReadonlyArray<readonly Value[]>): Buffer[] {
  const chunks: Buffer[] = [];
  const text = new CopyText((bytes) => chunks.push(Buffer.from(bytes)));
  for (const row of rows) text.row(row);
  text.end();
  return chunks;
}

/** Texts as a journal has them: short and repeated (dates, services), Cyrillic, escapes, now and then very long. */
const texts = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('2026-03-01', 'Маникюр', 'Стрижка', 'a\tb', 'back\\slash', '', 'ёЁ') },
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom('a', 'я', '\t', '\n', '\r', '\\', '😀'), maxLength: 80 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('x', 'щ', '\\'), minLength: 20_000, maxLength: 70_000 }) },
);
const values = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.maxSafeInteger(),
  fc.constant(-0),
  texts,
) as fc.Arbitrary<Value>;
const rows = fc.array(fc.array(values, { minLength: 1, maxLength: 8 }), { maxLength: 400 });

describe('CopyText', () => {
  it('writes each row as the format says, in chunks that end between rows', () => {
    fc.assert(
      fc.property(rows, (table) => {
        const chunks = written(table);
        expect(Buffer.concat(chunks).toString('utf8')).toBe(table.map(expectedLine).join(''));
        for (const chunk of chunks) expect(chunk.at(-1)).toBe(0x0a);
      }),
      { numRuns: 100 },
    );
  });

  it('writes a text it has met before as it wrote it the first time', () => {
    const table = Array.from({ length: 10_000 }, (_, i) => [i, i % 3 ? 'Маникюр\tс покрытием' : null, 'ёж\\']);
    expect(Buffer.concat(written(table)).toString('utf8')).toBe(table.map(expectedLine).join(''));
  });

  it('refuses to end in the middle of a row', () => {
    const text = new CopyText(() => {});
    text.integer(1);
    expect(() => text.end()).toThrow(/unfinished/);
  });
});

const postgres = engines.find((engine) => engine.name === 'postgres')!;

describe('CopyText read by the server', () => {
  if (postgres.skipped) return skippedEngine(postgres);

  it('gives back every value it was given', async () => {
    const address = await postgres.database({ empty: true });
    const client = new pg.Client({ connectionString: address });
    await client.connect();
    onTestFinished(() => client.end());
    await client.query('CREATE TABLE copied (id serial, n bigint, flag boolean, t text)');
    const { from } = await import('pg-copy-streams');
    // Text the server stores: no NUL character (the generators make no lone surrogate, which UTF-8 cannot carry).
    const storable = texts.map((t) => t.replace(/\0/g, ''));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.option(fc.maxSafeInteger()), fc.option(fc.boolean()), fc.option(storable)), {
          maxLength: 200,
        }),
        async (table) => {
          await client.query('TRUNCATE copied');
          const stream = client.query(from('COPY copied (n, flag, t) FROM STDIN'));
          const done = new Promise((resolve, reject) => stream.on('finish', resolve).on('error', reject));
          for (const chunk of written(table)) stream.write(chunk);
          stream.end();
          await done;
          const { rows: back } = await client.query({
            text: 'SELECT n::text, flag, t FROM copied ORDER BY id',
            rowMode: 'array',
          });
          expect(back).toEqual(table.map(([n, flag, t]) => [n === null ? null : String(n), flag, t]));
        },
      ),
      { numRuns: 30 },
    );
  });
});
