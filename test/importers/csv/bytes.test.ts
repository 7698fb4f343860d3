import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parseCsvFile } from '../../../src/importers/csv/stream.js';
import type { PackedRows } from '../../../src/importers/csv.js';
import { bothReaders, csvFile, csvMessages, settingsFor } from '../../csv-reading.js';

const UTF8 = settingsFor('utf8');

async function packedBatches(path: string, tuning = {}): Promise<PackedRows[]> {
  const batches: PackedRows[] = [];
  await parseCsvFile(
    path,
    UTF8,
    (message) => {
      if (message.kind === 'batch') batches.push(message.rows);
    },
    { paused: () => false, onResume: () => {} },
    tuning,
  );
  return batches;
}

describe('CsvByteReader', () => {
  it('sends each distinct value of a batch once, wherever in a line or chunk it stands', async () => {
    const path = csvFile('Услуга;Сумма\nМаникюр;1 500\n"Маникюр";1 500\nМаникюр;"1 500"\n1 500;Маникюр');
    for (const chunkBytes of [1, 3, 1 << 16]) {
      const [batch] = await packedBatches(path, { chunkBytes });
      expect(batch!.cells).toHaveLength(8);
      expect(new Set(batch!.cells).size).toBe(2);
    }
  });

  it('reads a first batch of ten thousand rows, wider than any it starts with room for, as the text reader does', async () => {
    const rows = Array.from(
      { length: 12_000 },
      (_, i) => `${i % 31}.01.2024;"Клиент ${i}";${i % 7}00;${';'.repeat(i % 3)}`,
    );
    const path = csvFile(`Дата;Клиент;Сумма\n${rows.join('\n')}\n`);
    const { bytes, text } = await bothReaders(path, UTF8);
    expect(bytes).toEqual(text);
  });

  it('reads lines of more cells than it starts with room for, padded, cut or refused as the text reader does', async () => {
    const wide = (n: number, cell: string) => Array.from({ length: n }, (_, i) => `${cell}${i}`).join(';');
    const path = csvFile(`${wide(150, 'h')}\n${wide(40, 'a')}\n${wide(149, 'b')};;;\n${wide(200, 'c')}\n`);
    const { bytes, text } = await bothReaders(path, UTF8, { chunkBytes: 100 });
    expect(bytes).toEqual(text);
  });

  it('drops a BOM that arrives a byte at a time, and keeps a second one as text, as TextDecoder does', async () => {
    for (const bom of ['\uFEFF', '\uFEFF\uFEFF']) {
      const path = csvFile(`${bom}Имя;Телефон\r\nАнна;+7 900\r\n`);
      const { bytes, text } = await bothReaders(path, UTF8, { chunkBytes: 1 });
      expect(bytes).toEqual(text);
      expect(bytes[0]).toEqual({ kind: 'head', headers: ['Имя', 'Телефон'] });
    }
  });

  it('hands the text reader the rest of the file from the first line that needs quoting rules, mid-batch', async () => {
    const plain = Array.from({ length: 7 }, (_, i) => `${i};Анна`).join('\n');
    const path = csvFile(`a;b\n${plain}\n"многострочная\nзаметка";x\n8;он сказал "да"\n9;Ольга\n`);
    for (const chunkBytes of [2, 5, 1 << 16]) {
      const { bytes, text } = await bothReaders(path, UTF8, { chunkBytes, sampleRows: 4, batchRows: 3 });
      expect(bytes).toEqual(text);
    }
    const rows = (await csvMessages(path, UTF8)).flatMap((m) => (m as { rows?: { line: number }[] }).rows ?? []);
    expect(rows.map((row) => row.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 11, 12]);
  });

  it('ends a line at a lone CR that a chunk boundary splits from what follows, as the text reader does', async () => {
    const path = csvFile('a;b\r\n1;2\r3;4\r\n5;6\r');
    for (const chunkBytes of [1, 2, 3, 4, 8, 9]) {
      const { bytes, text } = await bothReaders(path, UTF8, { chunkBytes, sampleRows: 1, batchRows: 1 });
      expect(bytes).toEqual(text);
    }
  });

  it('stops at invalid UTF-8 in the chunk a strict decoder stops in, even when it starts in the chunk before', async () => {
    const path = csvFile(Buffer.concat([Buffer.from('a;b\n1;2\n3;'), Buffer.from([0xe0]), Buffer.from([0x80, 0x0a])]));
    const { bytes, text } = await bothReaders(path, UTF8, { chunkBytes: 11 });
    expect(bytes).toEqual(text);
    expect(bytes.at(-1)).toEqual({ kind: 'error', stop: { code: 'invalidUtf8', from: 11, to: 13, line: 3 } });
  });

  it('refuses a file that ends inside a character, naming its last line', async () => {
    const path = csvFile(Buffer.concat([Buffer.from('a;b\n1;Ж'), Buffer.from([0xd0])]));
    const { bytes, text } = await bothReaders(path, UTF8, { chunkBytes: 4 });
    expect(bytes).toEqual(text);
    expect(bytes.at(-1)).toEqual({ kind: 'error', stop: { code: 'invalidUtf8AtEnd', line: 2 } });
  });

  it('reads code pages as iconv-lite does, whitespace that is not ASCII included', async () => {
    for (const encoding of ['cp1251', 'koi8-r', 'cp866']) {
      const body = 'Имя;Заметка\r\n\u00A0;\u00A0\r\nЁлка Ъ;\u00A0ё\r\n';
      const path = csvFile(iconv.encode(body, encoding));
      const { bytes, text } = await bothReaders(path, settingsFor(encoding), { chunkBytes: 3 });
      expect(bytes).toEqual(text);
      expect(bytes[1]).toMatchObject({ rows: [{ line: 3, cells: ['Ёлка Ъ', 'ё'] }] });
    }
  });

  it('leaves a line over the length guard to the text reader, which stops at it as before', async () => {
    const path = csvFile(`a;b\n1;2\n${'x'.repeat(300)};3\n4;5\n`);
    const { bytes, text } = await bothReaders(path, UTF8, { chunkBytes: 16, maxLineChars: 100 });
    expect(bytes).toEqual(text);
    expect(bytes.at(-1)).toEqual({ kind: 'error', stop: { code: 'lineTooLong', line: 3, millions: 0.0001 } });
  });

  it('cleans each value as the text reader does: the formula guard, trimming, rows of nothing but spaces', async () => {
    const path = csvFile("a;b\n'=1+1; x \n \u3000;\u00A0\n'\t;'\n");
    const { bytes, text } = await bothReaders(path, UTF8);
    expect(bytes).toEqual(text);
    expect(bytes[1]).toMatchObject({
      rows: [
        { line: 2, cells: ['=1+1', 'x'] },
        { line: 4, cells: ['', "'"] },
      ],
    });
  });
});

describe('parseCsvFile', () => {
  it('lets a failure of whoever takes the batches out as it is, not as invalid UTF-8', async () => {
    const path = csvFile('Дата;Сумма\n01.02.2025;100\n02.02.2025;200\n');
    for (const reader of ['bytes', 'text'] as const) {
      const messages: string[] = [];
      const reading = parseCsvFile(
        path,
        UTF8,
        (message) => {
          messages.push(message.kind);
          if (message.kind === 'batch') throw new Error('the consumer failed');
        },
        { paused: () => false, onResume: () => {} },
        { reader, sampleRows: 1 },
      );
      await expect(reading).rejects.toThrow('the consumer failed');
      expect(messages).not.toContain('error');
    }
  });

  it('makes the first batch with rows the whole sample, however many blank or refused lines come before it', async () => {
    // Three records (the header, two blank lines) make no batch; three rows too wide make one of problems only.
    const rows = Array.from({ length: 7 }, (_, i) => `0${i + 1}.02.2025;100`).join('\n');
    const path = csvFile(`Дата;Сумма\n\n\n${'1;2;3\n'.repeat(3)}${rows}\n`);
    for (const reader of ['bytes', 'text'] as const) {
      const batches = (await csvMessages(path, UTF8, { reader, sampleRows: 3, batchRows: 2 })).filter(
        (m) => (m as { kind: string }).kind === 'batch',
      ) as Array<{ rows: unknown[]; problems: unknown[] }>;
      expect(batches.map((b) => b.rows.length)).toEqual([0, 3, 2, 2]);
      expect(batches[0]!.problems).toHaveLength(3);
    }
  });
});
