import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import type { MessagePort } from 'node:worker_threads';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import type { Detected, RowProblem } from '../../domain/input.js';
import { InputError } from '../../errors.js';
import { m } from '../../i18n/index.js';
import {
  BINARY_SNIFF_BYTES,
  CsvCollector,
  type CsvRow,
  delimiterOption,
  detectLineEndings,
  type HeaderChooser,
  headerLineOf,
  type PackedRows,
  sniffDelimiter,
} from '../csv.js';
import { CYRILLIC_CODE_PAGES, canonicalEncoding, sniffEncoding } from '../encoding.js';
import type { RowAnnotation } from './annotate.js';
import { CsvByteReader, type HandedOver } from './bytes.js';
import { SimpleRecords } from './simple.js';

/** Enough of a file to tell its encoding, delimiter and line endings, and to hold its header. */
export const HEAD_BYTES = 256 * 1024;
/** The first batch: the sample each date and amount column's style is settled from. */
export const SAMPLE_ROWS = 10_000;
/**
 * Rows per later batch. Small on purpose: rows consumed before the next young-generation collection die young;
 * batches of ten thousand outlived it and filled the old generation (peak RSS 800 MB on a million rows).
 */
export const BATCH_ROWS = 1_000;

export interface CsvStreamSettings {
  encoding: string;
  bom: boolean;
  delimiter: string;
  /** The user named the encoding: trust it, do not look for another one later in the file. */
  forced: boolean;
  /** The header's line when records above it are a title to pass over (csv.ts headerLineOf). */
  headerLine?: number;
}

/** No spreadsheet writes a line this long; csv-parse would hold all of it in memory. */
const MAX_LINE_CHARS = 16_000_000;
/** A line the byte reader holds longer than this goes to the text reader, whose guard judges it. */
const MAX_CARRIED_LINE_BYTES = 1 << 20;

/**
 * A chunk of a file sniffed as a Cyrillic code page that holds a UTF-8 Cyrillic word: three letters in a row,
 * each a D0/D1 byte and a continuation byte. In cp1251 that would read 'Р«С»Р–', which no one writes; a
 * single pair can be real ('ВСЁ' in capitals), so one is not enough. The file changed encoding part way.
 */
function readsAsUtf8(chunk: Buffer): boolean {
  let run = 0;
  for (let i = 0; i + 1 < chunk.length; i++) {
    const lead = chunk[i]!;
    if ((lead === 0xd0 || lead === 0xd1) && (chunk[i + 1]! & 0xc0) === 0x80) {
      run++;
      if (run >= 3) return true;
      i++;
    } else {
      run = 0;
    }
  }
  return false;
}

/** A UTF-8 sample cut at an arbitrary byte may end inside a character; drop that partial character. */
function wholeUtf8Characters(buf: Buffer): Buffer {
  let end = buf.length;
  let back = 0;
  while (back < 3 && end - back - 1 >= 0 && (buf[end - back - 1]! & 0xc0) === 0x80) back++;
  const lead = buf[end - back - 1];
  if (lead === undefined) return buf;
  const expected = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  if (expected > back + 1) end = end - back - 1;
  return buf.subarray(0, end);
}

/**
 * The lines of a head that the head holds to their end. A line cut off, judged alone, can pass for UTF-8 cut off
 * mid-character (`01.02.2026;Ив` in Windows-1251 ends in a lead byte whose continuation was cut), which the encoding
 * sniffer counts as a UTF-8 line. A head without a line break is cut at a character boundary instead.
 */
function wholeLines(head: Buffer): Buffer {
  const end = head.lastIndexOf(0x0a);
  return end > 0 ? head.subarray(0, end + 1) : wholeUtf8Characters(head);
}

function readHead(path: string): { head: Buffer; size: number } {
  const size = statSync(path).size;
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(Math.min(size, HEAD_BYTES));
    readSync(fd, head, 0, head.length, 0);
    return { head, size };
  } finally {
    closeSync(fd);
  }
}

/** What the head of a file told: how to read the rest of it as a stream. */
export interface SniffedCsv {
  settings: CsvStreamSettings;
  detected: Detected;
  size: number;
}

/**
 * Sniffs encoding, delimiter and line endings from the head of the file; the rest is read as a stream. A file that
 * is empty or not text is refused here.
 */
export function sniffCsvFile(
  path: string,
  options: { encoding?: string; delimiter?: string; chooseHeader?: HeaderChooser },
): SniffedCsv {
  const { head, size } = readHead(path);
  if (size === 0) throw new InputError(m.errors.read.emptyFile);
  const whole = size <= HEAD_BYTES;
  const sniffed = sniffEncoding(whole ? head : wholeLines(head));
  const encoding = options.encoding ? canonicalEncoding(options.encoding) : sniffed.encoding;
  if (!encoding.startsWith('utf16') && head.subarray(0, BINARY_SNIFF_BYTES).includes(0)) {
    throw new InputError(m.errors.read.binaryCsv);
  }
  const text = iconv.decode(whole ? head : wholeUtf8Characters(head), encoding, { stripBOM: true });
  const delimiter = options.delimiter === undefined ? sniffDelimiter(text) : delimiterOption(options.delimiter);
  const bom = sniffed.bom && (!options.encoding || encoding === sniffed.encoding);
  // Found in the head, before any row streams: the reader passes over the records above it at no cost per row.
  const headerLine = options.chooseHeader && headerLineOf(text, delimiter, options.chooseHeader);
  return {
    settings: { encoding, bom, delimiter, forced: options.encoding !== undefined, headerLine },
    detected: {
      format: 'csv',
      encoding,
      bom,
      delimiter,
      lineEndings: detectLineEndings(text, delimiter),
      ...(headerLine === undefined ? {} : { headerRow: headerLine }),
    },
    size,
  };
}

export function packRows(rows: CsvRow[]): PackedRows {
  const lines = new Int32Array(rows.length);
  const starts = new Int32Array(rows.length + 1);
  let count = 0;
  for (const row of rows) count += row.cells.length;
  const cells = new Int32Array(count);
  const values: string[] = [];
  const indexes = new Map<string, number>();
  let at = 0;
  rows.forEach((row, i) => {
    lines[i] = row.line;
    starts[i] = at;
    for (const value of row.cells) {
      let index = indexes.get(value);
      if (index === undefined) {
        index = values.length;
        values.push(value);
        indexes.set(value, index);
      }
      cells[at++] = index;
    }
  });
  starts[rows.length] = at;
  return { lines, starts, values, cells };
}

export function unpackRows({ lines, starts, values, cells }: PackedRows): CsvRow[] {
  const rows: CsvRow[] = new Array(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const row: string[] = new Array(starts[i + 1]! - starts[i]!);
    for (let at = starts[i]!, k = 0; at < starts[i + 1]!; at++, k++) row[k] = values[cells[at]!]!;
    rows[i] = { line: lines[i]!, cells: row };
  }
  return rows;
}

export interface BatchMessage {
  kind: 'batch';
  rows: PackedRows;
  problems: RowProblem[];
  bytes: number;
  /** What a row annotation added (structured-clonable: it crosses from the reading thread). */
  annotation?: unknown;
}

/** What a reading thread is asked to do, in its first message. */
export interface CsvJob {
  path: string;
  settings: CsvStreamSettings;
  annotate?: RowAnnotation;
  /** Where it posts its messages, and the counters it shares with their taker (handoff.ts). */
  port: MessagePort;
  counters: SharedArrayBuffer;
}

export type Message =
  | { kind: 'head'; headers: string[] }
  /** The first rows, for the styles to be settled from before their batches come (see CsvStream.sample). */
  | { kind: 'sample'; rows: PackedRows }
  | BatchMessage
  | { kind: 'end'; sha256: string }
  | { kind: 'error'; stop: ReadingStop };

/**
 * Why a file cannot be read on, as a code and the values it names: the thread that reads it has no language (it
 * loads no catalogue), so the one that takes its messages puts it into words (batches.ts). `from` and `to` are the
 * bytes of the part being read, `line` the line the reading had got to.
 */
export type ReadingStop =
  | { code: 'emptyFile' }
  | { code: 'unclosedHeaderQuote'; line: number }
  | { code: 'unreadableHeader'; parser: string }
  | { code: 'nulByte'; from: number; to: number; line: number }
  | { code: 'turnsUtf8'; encoding: string; from: number; to: number; line: number }
  | { code: 'invalidUtf8'; from: number; to: number; line: number }
  | { code: 'invalidUtf8AtEnd'; line: number }
  | { code: 'lineTooLong'; line: number; millions: number };

/**
 * A decoder that refuses invalid UTF-8 instead of inventing U+FFFD: a file with mixed encodings must not import as
 * garbage. Only at the start of the file is a BOM dropped: the byte reader hands over from the middle of one.
 */
function decoderFor(encoding: string, atFileStart: boolean): { write(chunk: Uint8Array): string; end(): string } {
  if (encoding === 'utf8') {
    const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: !atFileStart });
    return { write: (chunk) => decoder.decode(chunk, { stream: true }), end: () => decoder.decode() };
  }
  const decoder = iconv.getDecoder(encoding, { stripBOM: atFileStart });
  return { write: (chunk) => decoder.write(chunk as Buffer), end: () => decoder.end() ?? '' };
}

/** The strict UTF-8 decoder's refusal of the bytes it was given (anything else thrown while reading is a bug). */
function isDecodingError(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === 'ERR_ENCODING_INVALID_ENCODED_DATA';
}

/** How the consumer of a reader's messages holds it back. */
export interface ReadFlow {
  /** True when the consumer has batches enough in hand: the reader waits until `onResume`'s callback is called. */
  paused(): boolean;
  onResume(resume: () => void): void;
  /** True once the consumer has stopped taking batches: the reader closes the file and ends. */
  stopped?(): boolean;
}

/** Knobs for tests: the reader, and sizes small enough for a small file to cross every boundary. */
export interface CsvReadTuning {
  /** 'text' decodes every file to text first; by default UTF-8 and Cyrillic code pages are read by byte. */
  reader?: 'bytes' | 'text';
  chunkBytes?: number;
  sampleRows?: number;
  batchRows?: number;
  maxLineChars?: number;
}

/** A batch's rows: those the byte reader read, then those read as text after it handed over. */
function packBatch(read: PackedRows | undefined, rows: CsvRow[]): PackedRows {
  if (!read) return packRows(rows);
  return rows.length === 0 ? read : packRows([...unpackRows(read), ...rows]);
}

/**
 * Decodes, normalises line endings, parses and numbers the records of a file, emitting batches. Runs in a worker
 * thread (so that the main thread's database work goes on beside the reading) or in-line.
 * Plain lines of UTF-8 and Cyrillic code-page files are read by byte (CsvByteReader), up to the first line that is
 * not plain; from there on, as everything in other encodings, as text.
 */
export function parseCsvFile(
  path: string,
  settings: CsvStreamSettings,
  emit: (message: Message) => void,
  flow: ReadFlow,
  tuning: CsvReadTuning = {},
): Promise<void> {
  const sampleRows = tuning.sampleRows ?? SAMPLE_ROWS;
  const laterRows = tuning.batchRows ?? BATCH_ROWS;
  const maxLineChars = tuning.maxLineChars ?? MAX_LINE_CHARS;
  const collector = new CsvCollector(settings.headerLine);
  let decoder = decoderFor(settings.encoding, true);
  // The batch records which file it came from; hashing here saves reading the file a second time.
  const hash = createHash('sha256');
  let headSent = false;
  let bytes = 0;
  let carriage = false;
  let rowsSinceEmit = 0;
  // A line that never ends (a 100 MB "row") would make csv-parse buffer it whole: stop it early instead.
  let recordsStartedAt = 1;
  let charsSinceRecord = 0;
  let batches = 0;
  const batchRows = () => (batches === 0 ? sampleRows : laterRows);
  let byteReader: CsvByteReader | undefined;

  const flush = (force: boolean) => {
    if (!headSent && collector.header) {
      emit({ kind: 'head', headers: collector.header });
      headSent = true;
    }
    if (!force && rowsSinceEmit < batchRows()) return;
    const read = byteReader?.takeRows();
    const { rows, problems } = collector.drain();
    rowsSinceEmit = 0;
    if (!read && rows.length === 0 && problems.length === 0) return;
    emit({ kind: 'batch', rows: packBatch(read, rows), problems, bytes });
    // The sample is the first batch with rows in it: blank lines and refused rows before them do not shrink it.
    if (read || rows.length > 0) batches++;
  };

  return new Promise((resolve, reject) => {
    const parser = parse({
      delimiter: settings.delimiter,
      record_delimiter: '\n',
      quote: '"',
      relax_quotes: true,
      relax_column_count: true,
    });
    const recordRead = () => {
      recordsStartedAt = collector.nextLine;
      charsSinceRecord = 0;
      rowsSinceEmit++;
      if (rowsSinceEmit >= batchRows()) flush(false);
    };
    const accept = (fields: string[]) => {
      collector.acceptFields(fields);
      recordRead();
    };
    parser.on('data', accept);
    // Plain lines are split here; csv-parse takes over for good at the first line that needs its quoting rules.
    const simple = new SimpleRecords(settings.delimiter);
    let viaCsvParse = !simple.usable;
    const parseText = (text: string) => {
      if (viaCsvParse) {
        parser.write(text);
        return;
      }
      const rest = simple.feed(text, accept);
      if (rest !== undefined) {
        viaCsvParse = true;
        parser.write(rest);
      }
    };
    const endText = () => {
      if (!viaCsvParse) {
        const rest = simple.end(accept);
        if (rest !== undefined) parser.write(rest);
      }
      parser.end();
    };
    parser.on('error', (error: Error & { code?: string }) => {
      if (!collector.header) {
        emit({
          kind: 'error',
          stop:
            error.code === 'CSV_QUOTE_NOT_CLOSED'
              ? { code: 'unclosedHeaderQuote', line: 1 }
              : { code: 'unreadableHeader', parser: error.code ?? error.name },
        });
      } else {
        collector.report({
          line: collector.nextLine,
          reason:
            error.code === 'CSV_QUOTE_NOT_CLOSED'
              ? { code: 'unclosedQuote' }
              : { code: 'unreadableCsv', parser: error.code ?? error.name },
        });
        flush(true);
        emit({ kind: 'end', sha256: '' });
      }
      input.destroy();
      resolve();
    });
    parser.on('end', () => {
      if (!collector.header) emit({ kind: 'error', stop: { code: 'emptyFile' } });
      else {
        flush(true);
        emit({ kind: 'end', sha256: hash.digest('hex') });
      }
      resolve();
    });

    // 64 KB: a decoded chunk stays a young-generation string that dies young; megabyte chunks went to the
    // large-object space until a full collection (35 MB more peak RSS for the same CPU time).
    const input = createReadStream(path, { highWaterMark: tuning.chunkBytes ?? 1 << 16 });
    const write = (text: string, counted = true) => {
      // One line-ending convention: mixed files split right and no cell keeps a stray \r. A \r at the end of a
      // chunk may be the first half of a \r\n: hold it back.
      if (counted) charsSinceRecord += text.length;
      let chunk = (carriage ? '\r' : '') + text;
      carriage = chunk.endsWith('\r');
      if (carriage) chunk = chunk.slice(0, -1);
      if (chunk) parseText(chunk.replace(/\r\n?/g, '\n'));
    };
    const handOver = (pieces: HandedOver[]) => {
      decoder = decoderFor(settings.encoding, false);
      charsSinceRecord = 0;
      for (const piece of pieces) write(decoder.write(piece.bytes), piece.counted);
    };
    if (tuning.reader !== 'text' && simple.usable) {
      byteReader = CsvByteReader.for(
        settings.encoding,
        settings.delimiter,
        collector,
        { record: recordRead, handOver },
        Math.min(MAX_CARRIED_LINE_BYTES, maxLineChars),
      );
    }
    /** False when the chunk is not well-formed text: a strict decoder throws, the byte reader says so. */
    const read = (chunk: Buffer): boolean => {
      if (byteReader?.reading) return byteReader.write(chunk);
      let text: string;
      try {
        text = decoder.write(chunk);
      } catch (error) {
        if (isDecodingError(error)) return false;
        throw error;
      }
      write(text);
      return true;
    };
    const stop = (reason: ReadingStop) => {
      emit({ kind: 'error', stop: reason });
      input.destroy();
      parser.destroy();
      resolve();
    };
    input.on('data', (buffer: Buffer | string) => {
      if (flow.stopped?.()) {
        input.destroy();
        parser.destroy();
        resolve();
        return;
      }
      const chunk = buffer as Buffer;
      hash.update(chunk);
      const where = { from: bytes, to: bytes + chunk.length, line: collector.nextLine };
      if (!settings.encoding.startsWith('utf16') && chunk.includes(0)) {
        stop({ code: 'nulByte', ...where });
        return;
      }
      if (!settings.forced && CYRILLIC_CODE_PAGES.includes(settings.encoding) && readsAsUtf8(chunk)) {
        stop({ code: 'turnsUtf8', encoding: settings.encoding, ...where });
        return;
      }
      let wellFormed: boolean;
      try {
        wellFormed = read(chunk);
      } catch (error) {
        // Not the file's fault: a failure of the parser or of whoever takes the batches is not "invalid UTF-8".
        input.destroy();
        parser.destroy();
        reject(error);
        return;
      }
      if (!wellFormed) {
        stop({ code: 'invalidUtf8', ...where });
        return;
      }
      if (collector.nextLine === recordsStartedAt && charsSinceRecord > maxLineChars) {
        stop({ code: 'lineTooLong', line: collector.nextLine, millions: maxLineChars / 1_000_000 });
        return;
      }
      bytes += chunk.length;
      if (flow.paused()) {
        input.pause();
        flow.onResume(() => input.resume());
      }
    });
    input.on('end', () => {
      let rest: string | undefined;
      try {
        // The byte reader reads the last line, or hands it over; then the text reader's decoder ends.
        if (!byteReader?.reading || byteReader.end()) rest = decoder.end();
      } catch (error) {
        if (!isDecodingError(error)) {
          reject(error);
          return;
        }
      }
      if (rest === undefined) {
        emit({ kind: 'error', stop: { code: 'invalidUtf8AtEnd', line: collector.nextLine } });
        resolve();
        return;
      }
      try {
        write(rest);
        if (carriage) parseText('\n');
        endText();
      } catch (error) {
        reject(error);
      }
    });
    input.on('error', (error) => reject(error));
  });
}
