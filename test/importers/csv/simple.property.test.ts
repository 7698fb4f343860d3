import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SimpleRecords } from '../../../src/importers/csv/simple.js';
import { packRows, unpackRows } from '../../../src/importers/csv/stream.js';
import { hostileText } from '../../properties/arbitraries.js';

// The streaming reader splits plain lines itself and hands the rest of the file to csv-parse at the first line it
// will not read: whatever the text and however it is cut into chunks, the records must be csv-parse's own.

const OPTIONS = { record_delimiter: '\n', quote: '"', relax_quotes: true, relax_column_count: true } as const;

function csvParse(text: string, delimiter: string): string[][] {
  return parse(text, { ...OPTIONS, delimiter }) as string[][];
}

function viaSimple(pieces: string[], delimiter: string): string[][] {
  const simple = new SimpleRecords(delimiter);
  const records: string[][] = [];
  const emit = (fields: string[]) => records.push(fields);
  let rest: string | undefined;
  for (const [index, piece] of pieces.entries()) {
    rest = simple.feed(piece, emit);
    if (rest !== undefined) return [...records, ...csvParse(rest + pieces.slice(index + 1).join(''), delimiter)];
  }
  rest = simple.end(emit);
  return rest === undefined ? records : [...records, ...csvParse(rest, delimiter)];
}

/** The result, or the error csv-parse stopped with. */
function outcome(read: () => string[][]): string[][] | string {
  try {
    return read();
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

const cell = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', 'я', ' ', '"', ';', ',', '\t', '\n', '.', '7'), maxLength: 8 }),
  fc.string({ unit: fc.constantFrom('a', 'я', ' ', ';', '\n'), maxLength: 8 }).map((text) => `"${text}"`),
);
const line = fc.array(cell, { maxLength: 6 });

/** Cuts a text at random places, as the file's chunks arrive. */
function cut(text: string, at: number[]): string[] {
  const points = [...new Set(at.map((p) => p % (text.length + 1)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let from = 0;
  for (const point of points) {
    pieces.push(text.slice(from, point));
    from = point;
  }
  pieces.push(text.slice(from));
  return pieces;
}

describe('SimpleRecords', () => {
  it('reads every text, cut anywhere, into the records csv-parse reads', () => {
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 8 }),
        fc.constantFrom(';', ',', '\t'),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 6 }),
        (lines, delimiter, finalBreak, at) => {
          const text = lines.map((cells) => cells.join(delimiter)).join('\n') + (finalBreak ? '\n' : '');
          expect(outcome(() => viaSimple(cut(text, at), delimiter))).toEqual(outcome(() => csvParse(text, delimiter)));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('finds the end of a line of megabytes that comes in many chunks as fast as in one', () => {
    const chunk = 'Lorem ipsum dolor sit amet '.repeat(400);
    const pieces = Array.from({ length: 800 }, () => chunk);
    const timed = (parts: string[]) => {
      let best = Number.POSITIVE_INFINITY;
      for (let run = 0; run < 3; run++) {
        const simple = new SimpleRecords(';');
        const records: string[][] = [];
        const started = performance.now();
        for (const part of parts) simple.feed(part, (fields) => records.push(fields));
        simple.feed('\n', (fields) => records.push(fields));
        best = Math.min(best, performance.now() - started);
        expect(records).toEqual([[parts.join('')]]);
      }
      return best;
    };
    // Joined and searched again from its start at each chunk, a 10 MB line took seconds.
    expect(timed(pieces)).toBeLessThan(5 * timed([pieces.join('')]) + 20);
  });

  it('reads a plain journal itself, without handing any of it on', () => {
    const simple = new SimpleRecords(';');
    const records: string[][] = [];
    const rest = simple.feed('25.10.2022;"Павлова Е.";"+7 941 5603839";;"1 800,00"\n\n26.10', (f) => records.push(f));
    expect(rest).toBeUndefined();
    expect(simple.end((f) => records.push(f))).toBeUndefined();
    expect(records).toEqual([['25.10.2022', 'Павлова Е.', '+7 941 5603839', '', '1 800,00'], [''], ['26.10']]);
  });

  it('hands on the text from the first line whose quotes need csv-parse', () => {
    const simple = new SimpleRecords(';');
    const records: string[][] = [];
    expect(simple.feed('a;b\nон сказал "да";c\nd\n', (f) => records.push(f))).toBe('он сказал "да";c\nd\n');
    expect(records).toEqual([['a', 'b']]);
  });
});

describe('packRows', () => {
  it('hands over every batch of rows exactly, cells shared or not', () => {
    const value = fc.oneof(hostileText, fc.constantFrom('', 'Маникюр', '1 500,00'));
    const rows = fc.array(fc.record({ line: fc.nat({ max: 2 ** 31 - 1 }), cells: fc.array(value, { maxLength: 7 }) }), {
      maxLength: 30,
    });
    fc.assert(
      fc.property(rows, (batch) => {
        expect(unpackRows(packRows(batch))).toEqual(batch);
      }),
    );
  });
});
