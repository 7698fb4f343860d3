import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { bothReaders, csvFile, settingsFor } from '../../csv-reading.js';

// The byte reader reads plain lines itself and hands the rest of the file to the text reader at the first line it
// will not read: whatever the bytes and however they are cut into chunks, what reaches the main thread (the header,
// the rows, the problems, each batch's byte count, the file's hash or the error) must be what the text reader sends.

/** Characters a cell is made of: delimiters, quotes, line ends, Cyrillic, whitespace the trim takes, a guard quote. */
const character = fc.constantFrom(
  'a',
  'я',
  'Ж',
  'ё',
  ' ',
  '.',
  '7',
  '"',
  ';',
  ',',
  '\t',
  '\n',
  '\r',
  "'",
  '=',
  '\u00A0',
  '\u3000',
  '\uFEFF',
  '😀',
);
const text = fc.string({ unit: character, maxLength: 8 });
const cell = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.string({ unit: fc.constantFrom('a', 'я', 'Ж', ' ', '7', '\u00A0', "'", '='), maxLength: 8 }),
  },
  { weight: 3, arbitrary: text.map((t) => t.replaceAll('"', '')).map((t) => `"${t}"`) },
  { weight: 1, arbitrary: text },
  { weight: 1, arbitrary: text.map((t) => `"${t}"`) },
);
const ending = fc.constantFrom('\n', '\n', '\n', '\r\n', '\r\n', '\r', '');
const line = fc.record({ cells: fc.array(cell, { maxLength: 6 }), ending });

/** Bytes that break the file's encoding or make it binary, and UTF-8 in a code-page file. */
const damage = fc.record({
  at: fc.nat(),
  bytes: fc.constantFrom(
    [0xff],
    [0xc0],
    [0xe0, 0x80],
    [0xd0],
    [0xf0, 0x9f],
    [0xed, 0xa0, 0x80],
    [0x00],
    [0xd0, 0x96, 0xd0, 0xb6, 0xd1, 0x91],
  ),
});

const file = fc.record({
  encoding: fc.constantFrom('utf8', 'utf8', 'utf8', 'cp1251', 'cp1251', 'koi8-r', 'cp866'),
  delimiter: fc.constantFrom(';', ',', '\t'),
  forced: fc.boolean(),
  bom: fc.constantFrom('', '', '\uFEFF', '\uFEFF\uFEFF'),
  lines: fc.array(line, { maxLength: 10 }),
  damage: fc.oneof(
    { weight: 3, arbitrary: fc.constant([]) },
    { weight: 1, arbitrary: fc.array(damage, { maxLength: 2 }) },
  ),
});

const tuning = fc.record({
  chunkBytes: fc.oneof(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 8, max: 64 }), fc.constant(1 << 16)),
  sampleRows: fc.integer({ min: 1, max: 4 }),
  batchRows: fc.integer({ min: 1, max: 3 }),
  maxLineChars: fc.oneof(fc.constant(undefined), fc.integer({ min: 3, max: 40 })),
});

type GeneratedFile = typeof file extends fc.Arbitrary<infer T> ? T : never;

function bytesOf({ encoding, delimiter, bom, lines, damage }: GeneratedFile): Buffer {
  const body = lines.map(({ cells, ending }) => cells.join(delimiter) + ending).join('');
  let bytes = encoding === 'utf8' ? Buffer.from(bom + body) : iconv.encode(body, encoding);
  for (const { at, bytes: inserted } of damage) {
    const where = at % (bytes.length + 1);
    bytes = Buffer.concat([bytes.subarray(0, where), Buffer.from(inserted), bytes.subarray(where)]);
  }
  return bytes;
}

describe('CsvByteReader', () => {
  it('sends what the text reader sends, for any file cut into any chunks', async () => {
    await fc.assert(
      fc.asyncProperty(file, tuning, async (generated, knobs) => {
        const path = csvFile(bytesOf(generated));
        const settings = settingsFor(generated.encoding, generated.delimiter, generated.forced);
        const { bytes, text } = await bothReaders(path, settings, knobs);
        expect(bytes).toEqual(text);
      }),
      { numRuns: Number(process.env.CSV_BYTES_RUNS ?? 400) },
    );
  }, 120_000);

  it('sends what the text reader sends for plain journals, across many batches', async () => {
    const name = fc.constantFrom('Павлова Е.', 'Кузнецов С.', 'Анна', ' Ольга ', '', "'=1+1", '\u00A0');
    const row = fc
      .tuple(name, fc.constantFrom('25.10.2022', '1.1.2020', ''), fc.constantFrom('1 800,00', '500', ''))
      .map(([who, when, amount]) => `${when};"${who}";${amount}`);
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 1, maxLength: 60 }),
        fc.constantFrom('\n', '\r\n'),
        fc.constantFrom('utf8', 'cp1251'),
        tuning,
        async (rows, newline, encoding, knobs) => {
          const body = `Дата;Клиент;Сумма${newline}${rows.join(newline)}${newline}`;
          const path = csvFile(encoding === 'utf8' ? Buffer.from(body) : iconv.encode(body, encoding));
          const { bytes, text } = await bothReaders(path, settingsFor(encoding), knobs);
          expect(bytes).toEqual(text);
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);
});
