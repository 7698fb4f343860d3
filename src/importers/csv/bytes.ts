import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { type CsvCollector, cleanCell, type PackedRows } from '../csv.js';
import { CYRILLIC_CODE_PAGES } from '../encoding.js';

const LF = 10;
const CR = 13;
const QUOTE = 34;
const BOM = [0xef, 0xbb, 0xbf];

/** scanLine: the line runs past the bytes there are. */
const NEEDS_MORE = -1;
/** scanLine: the line may read differently under some quoting rule (or holds a CR that is no CRLF). */
const NOT_PLAIN = -2;

/** A cell's UTF-16 length when all its bytes are ASCII: it is its byte length, and it decodes as Latin-1. */
const ASCII = -1;

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/**
 * What the byte reader needs to know of an encoding in which every ASCII byte is the ASCII character and no other
 * byte is one (so delimiters, quotes and line ends are found by byte).
 */
interface ByteText {
  /** Whether a chunk continues well-formed text; a character cut off at its end may still complete. */
  accepts(chunk: Uint8Array): boolean;
  /** No character is left cut off. */
  readonly complete: boolean;
  /** Per byte: the UTF-16 code units of the character it starts (0 for a UTF-8 continuation byte). */
  readonly units: Uint8Array;
  /** Per byte: 1 when it may belong to a cell that cleans to nothing (whitespace, an apostrophe). */
  readonly mayBeBlank: Uint8Array;
  /** Where the last character of the well-formed text from `from` to `to` starts. */
  lastCharacter(bytes: Uint8Array, from: number, to: number): number;
  decode(bytes: Buffer, from: number, to: number): string;
}

/** Whether a character cleans to nothing as part of a cell: trim() takes it, or the injection guard may. */
function mayBeBlank(character: string): boolean {
  return character.trim() === '' || character === "'";
}

/**
 * Validates UTF-8 chunk by chunk exactly as a fatal, streaming TextDecoder does: a chunk fails at once when it holds
 * a byte that cannot continue the text, even the start of a character cut off at its end.
 */
class Utf8Text implements ByteText {
  readonly units = new Uint8Array(256);
  readonly mayBeBlank = new Uint8Array(256);
  /** The character cut off at the end of the last chunk: its first byte, the bytes seen and its length. */
  private lead = 0;
  private seen = 0;
  private length = 0;

  constructor() {
    for (let byte = 0; byte < 256; byte++) {
      this.units[byte] = byte < 0x80 || byte >= 0xc0 ? (byte >= 0xf0 ? 2 : 1) : 0;
      if (byte < 0x80) this.mayBeBlank[byte] = mayBeBlank(String.fromCharCode(byte)) ? 1 : 0;
      else if (byte < 0xc0) this.mayBeBlank[byte] = 1;
    }
    // A first byte that starts some whitespace character; no character outside the BMP is whitespace.
    for (let code = 0x80; code < 0x10000; code++) {
      if (code >= 0xd800 && code < 0xe000) continue;
      if (mayBeBlank(String.fromCharCode(code))) this.mayBeBlank[Buffer.from(String.fromCharCode(code))[0]!] = 1;
    }
  }

  get complete(): boolean {
    return this.length === 0;
  }

  accepts(chunk: Uint8Array): boolean {
    let at = 0;
    if (this.length > 0) {
      for (; this.seen < this.length && at < chunk.length; at++, this.seen++) {
        if (!continues(this.lead, this.seen, chunk[at]!)) return false;
      }
      if (this.seen < this.length) return true;
      this.length = 0;
    }
    const tail = cutOffCharacter(chunk, at);
    if (!isUtf8(at === 0 && tail === chunk.length ? chunk : chunk.subarray(at, tail))) return false;
    if (tail === chunk.length) return true;
    const lead = chunk[tail]!;
    if (lead < 0xc2 || lead > 0xf4) return false;
    for (let i = tail + 1; i < chunk.length; i++) if (!continues(lead, i - tail, chunk[i]!)) return false;
    this.lead = lead;
    this.seen = chunk.length - tail;
    this.length = sequenceLength(lead);
    return true;
  }

  lastCharacter(bytes: Uint8Array, from: number, to: number): number {
    let at = to - 1;
    while (at > from && (bytes[at]! & 0xc0) === 0x80) at--;
    return at;
  }

  decode(bytes: Buffer, from: number, to: number): string {
    return bytes.toString('utf8', from, to);
  }
}

function sequenceLength(lead: number): number {
  return lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
}

/** Whether `byte` may be byte `index` (1 to 3) of a character starting with `lead`: the bounds the standard sets. */
function continues(lead: number, index: number, byte: number): boolean {
  if (index === 1) {
    if (lead === 0xe0) return byte >= 0xa0 && byte <= 0xbf;
    if (lead === 0xed) return byte >= 0x80 && byte <= 0x9f;
    if (lead === 0xf0) return byte >= 0x90 && byte <= 0xbf;
    if (lead === 0xf4) return byte >= 0x80 && byte <= 0x8f;
  }
  return byte >= 0x80 && byte <= 0xbf;
}

/** Where a character that the end of `chunk` cuts off begins, or the chunk's length when none is. */
function cutOffCharacter(chunk: Uint8Array, from: number): number {
  let at = chunk.length - 1;
  while (at >= from && at > chunk.length - 4 && (chunk[at]! & 0xc0) === 0x80) at--;
  if (at < from || chunk[at]! < 0xc0 || chunk[at]! >= 0xf8) return chunk.length;
  return sequenceLength(chunk[at]!) > chunk.length - at ? at : chunk.length;
}

/** A Cyrillic code page: every byte is a character of its own, as iconv-lite reads it. */
class SingleByteText implements ByteText {
  readonly complete = true;
  readonly units = new Uint8Array(256).fill(1);
  readonly mayBeBlank = new Uint8Array(256);

  constructor(
    private readonly encoding: string,
    characters: string,
  ) {
    for (let byte = 0; byte < 256; byte++) this.mayBeBlank[byte] = mayBeBlank(characters[byte]!) ? 1 : 0;
  }

  /** The code page, when iconv-lite reads ASCII bytes as ASCII and no other byte as ASCII or as a BOM. */
  static of(encoding: string): SingleByteText | undefined {
    const characters = iconv.decode(Buffer.from(Array.from({ length: 256 }, (_, byte) => byte)), encoding, {
      stripBOM: false,
    });
    if (characters.length !== 256) return undefined;
    for (let byte = 0; byte < 256; byte++) {
      const code = characters.charCodeAt(byte);
      if (byte < 0x80 ? code !== byte : code < 0x80 || code === 0xfeff) return undefined;
    }
    return new SingleByteText(encoding, characters);
  }

  accepts(): boolean {
    return true;
  }

  lastCharacter(_bytes: Uint8Array, _from: number, to: number): number {
    return to - 1;
  }

  decode(bytes: Buffer, from: number, to: number): string {
    return iconv.decode(bytes.subarray(from, to), this.encoding, { stripBOM: false });
  }
}

function byteTextOf(encoding: string): ByteText | undefined {
  if (encoding === 'utf8') return new Utf8Text();
  return CYRILLIC_CODE_PAGES.includes(encoding) ? SingleByteText.of(encoding) : undefined;
}

/** Bytes the text reader takes over; `counted`: whether their characters count toward its line-length guard. */
export interface HandedOver {
  bytes: Uint8Array;
  counted: boolean;
}

export interface ByteReaderHooks {
  /** A record has gone into the collector (a row, the header, a problem or a blank line). */
  record(): void;
  /** The bytes from the start of the first line this reader leaves to the text reader, to the end of the last chunk. */
  handOver(pieces: HandedOver[]): void;
}

/** Per value flags. */
const FILLED = 1;
/** Cleaning cannot change it: it starts and ends with a character that is neither whitespace nor an apostrophe. */
const VERBATIM = 2;
const WIDE = 4;
/** Slot layout in `table`: the batch stamp that marks it taken, the value's hash, the value. */
const SLOT = 4;
const INITIAL_SLOTS = 1 << 13;

/**
 * A batch's distinct cell values, found by their bytes. Their bytes are kept back to back, ASCII values apart from the
 * others: ASCII decodes as Latin-1, many times faster than UTF-8 and into one-byte strings. Strings are made when the
 * batch is taken, from one decoding of each, except for a value that may clean to nothing (the row rules need to know
 * at once) and the header's.
 */
class BatchValues {
  private count = 0;
  private texts: Array<string | undefined> = [];
  private starts = new Int32Array(4096);
  private ends = new Int32Array(4096);
  /** Where each value starts and ends in its text's decoding, in UTF-16 code units. */
  private unitStarts = new Int32Array(4096);
  private unitEnds = new Int32Array(4096);
  private flags = new Uint8Array(4096);
  private ascii = Buffer.allocUnsafe(1 << 15);
  private asciiLength = 0;
  private wide = Buffer.allocUnsafe(1 << 16);
  private wideLength = 0;
  private wideUnits = 0;
  /**
   * Open addressing on the hashes. A slot is taken when its stamp is the batch's, so a new batch starts with an empty
   * table without clearing it.
   */
  private table = new Int32Array(INITIAL_SLOTS * SLOT);
  private stamp = 1;

  constructor(private readonly text: ByteText) {}

  /** The index of the value with these bytes, added if it is new; `units`: its UTF-16 length, or ASCII. */
  intern(bytes: Uint8Array, from: number, to: number, hash: number, units: number): number {
    const { table, stamp } = this;
    const mask = table.length / SLOT - 1;
    let slot = (hash & mask) * SLOT;
    while (table[slot] === stamp) {
      if (table[slot + 1] === hash) {
        const value = table[slot + 2]!;
        if (this.holds(value, bytes, from, to)) return value;
      }
      slot = (slot + SLOT) & (table.length - 1);
    }
    const value = this.add(bytes, from, to, units);
    table[slot] = stamp;
    table[slot + 1] = hash;
    table[slot + 2] = value;
    if (this.count * 2 * SLOT > table.length) this.resize(table.length * 2);
    return value;
  }

  /** Whether the value holds anything once cleaned. */
  filled(value: number): boolean {
    return (this.flags[value]! & FILLED) !== 0;
  }

  /** The value, decoded and cleaned now. */
  cleaned(value: number): string {
    const known = this.texts[value];
    if (known !== undefined) return known;
    const arena = this.flags[value]! & WIDE ? this.wide : this.ascii;
    const text = cleanCell(this.text.decode(arena, this.starts[value]!, this.ends[value]!));
    this.texts[value] = text;
    return text;
  }

  /** Every value as a string; the next value starts a new batch. */
  take(): string[] {
    const texts = this.texts;
    this.decodeAll(this.ascii.toString('latin1', 0, this.asciiLength), this.text.decode(this.wide, 0, this.wideLength));
    // The first batch is ten times the size of the others: a table sized for it would scatter theirs.
    const needed = Math.max(INITIAL_SLOTS, 1 << Math.ceil(Math.log2(this.count * 2 + 1))) * SLOT;
    if (this.table.length > needed * 4) this.table = new Int32Array(needed);
    this.count = 0;
    this.texts = [];
    this.asciiLength = 0;
    this.wideLength = 0;
    this.wideUnits = 0;
    this.stamp++;
    return texts as string[];
  }

  private decodeAll(ascii: string, wide: string): void {
    const texts = this.texts;
    for (let value = 0; value < this.count; value++) {
      if (texts[value] !== undefined) continue;
      const flags = this.flags[value]!;
      const decoded = (flags & WIDE ? wide : ascii).slice(this.unitStarts[value], this.unitEnds[value]);
      texts[value] = flags & VERBATIM ? decoded : cleanCell(decoded);
    }
  }

  private holds(value: number, bytes: Uint8Array, from: number, to: number): boolean {
    let at = this.starts[value]!;
    if (this.ends[value]! - at !== to - from) return false;
    const arena = this.flags[value]! & WIDE ? this.wide : this.ascii;
    for (let i = from; i < to; i++, at++) if (arena[at] !== bytes[i]) return false;
    return true;
  }

  private add(bytes: Uint8Array, from: number, to: number, units: number): number {
    const value = this.count++;
    if (value === this.flags.length) this.growValues();
    const wide = units !== ASCII;
    let arena = wide ? this.wide : this.ascii;
    let at = wide ? this.wideLength : this.asciiLength;
    if (at + to - from > arena.length) {
      const larger = Buffer.allocUnsafe(Math.max(arena.length * 2, at + to - from));
      arena.copy(larger, 0, 0, at);
      arena = larger;
      if (wide) this.wide = larger;
      else this.ascii = larger;
    }
    this.starts[value] = at;
    for (let i = from; i < to; i++, at++) arena[at] = bytes[i]!;
    this.ends[value] = at;
    if (wide) {
      this.unitStarts[value] = this.wideUnits;
      this.wideUnits += units;
      this.unitEnds[value] = this.wideUnits;
      this.wideLength = at;
    } else {
      this.unitStarts[value] = this.starts[value]!;
      this.unitEnds[value] = at;
      this.asciiLength = at;
    }
    this.texts.push(undefined);
    const { mayBeBlank } = this.text;
    const verbatim =
      to > from && mayBeBlank[bytes[from]!] === 0 && mayBeBlank[bytes[this.text.lastCharacter(bytes, from, to)]!] === 0;
    this.flags[value] = (wide ? WIDE : 0) | (verbatim ? VERBATIM : 0);
    if (verbatim || !this.allMayBeBlank(bytes, from, to) || this.cleaned(value) !== '') this.flags[value]! |= FILLED;
    return value;
  }

  private allMayBeBlank(bytes: Uint8Array, from: number, to: number): boolean {
    const { mayBeBlank } = this.text;
    for (let i = from; i < to; i++) if (mayBeBlank[bytes[i]!] === 0) return false;
    return true;
  }

  private growValues(): void {
    const length = this.flags.length * 2;
    this.starts = grown(this.starts, length);
    this.ends = grown(this.ends, length);
    this.unitStarts = grown(this.unitStarts, length);
    this.unitEnds = grown(this.unitEnds, length);
    this.flags = grown(this.flags, length);
  }

  private resize(length: number): void {
    const old = this.table;
    const table = new Int32Array(length);
    for (let slot = 0; slot < old.length; slot += SLOT) {
      if (old[slot] !== this.stamp) continue;
      let to = (old[slot + 1]! & (length / SLOT - 1)) * SLOT;
      while (table[to] === this.stamp) to = (to + SLOT) & (length - 1);
      table[to] = this.stamp;
      table[to + 1] = old[slot + 1]!;
      table[to + 2] = old[slot + 2]!;
    }
    this.table = table;
  }
}

/**
 * Reads the plain lines of a CSV file from its bytes: decoding every chunk, splitting the text and hashing every cell
 * string to share repeated values was most of the worker's time, and its garbage most of the rest. Lines are split
 * and each cell hashed by byte; a batch's cells are deduplicated by their bytes (BatchValues), and rows are packed as
 * they are read.
 *
 * Only lines that read the same under every quoting rule are read here (as SimpleRecords reads them), and only CRLF
 * or LF line ends. At the first other line the rest of the file, from the start of that line, goes to the text
 * reader (`handOver`); so does a line longer than `maxLineBytes`, which the text reader's guard then judges.
 *
 * The line-length guard counts the characters of the chunks read since the last chunk in which a record ended; bytes
 * handed over say whether they are such characters, so that the guard counts the same as if it had read them all.
 */
export class CsvByteReader {
  private active = true;
  /** UTF-8 files may start with a BOM, which a TextDecoder drops; before three bytes arrive, it may still be one. */
  private bomUnsettled: boolean;
  private recordInChunk = false;

  /** The line that runs past the chunks read so far, and how many of its bytes came from a chunk a record ended in. */
  private carry = Buffer.allocUnsafe(1 << 12);
  private carryLength = 0;
  private carryUncounted = 0;

  /** The cells of the line scanLine read: where they start and end, the hash of their bytes, their UTF-16 length. */
  private cellCount = 0;
  private cellFrom = new Int32Array(64);
  private cellTo = new Int32Array(64);
  private cellHash = new Int32Array(64);
  private cellUnits = new Int32Array(64);
  /** Bytes that end a field's scan (or make the line one to hand over), outside and inside quotes. */
  private readonly unquotedStops = new Uint8Array(256);
  private readonly quotedStops = new Uint8Array(256);

  /** The batch's rows: each row's line and first cell, and each cell's value. */
  private rowCount = 0;
  private lines = new Int32Array(1024);
  private starts = new Int32Array(1025);
  private cells = new Int32Array(8192);
  private cellsLength = 0;
  private readonly values: BatchValues;
  private emptyValue = -1;
  /** The row being committed, for `lineValues`. */
  private lineStart = 0;
  private lineCount = 0;

  private constructor(
    private readonly text: ByteText,
    private readonly delimiter: number,
    private readonly collector: CsvCollector,
    private readonly hooks: ByteReaderHooks,
    private readonly maxLineBytes: number,
  ) {
    this.bomUnsettled = text instanceof Utf8Text;
    this.values = new BatchValues(text);
    for (const stop of [QUOTE, LF, CR]) {
      this.unquotedStops[stop] = 1;
      this.quotedStops[stop] = 1;
    }
    this.unquotedStops[delimiter] = 1;
  }

  /** A reader for files in this encoding with this delimiter, if they can be read by byte. */
  static for(
    encoding: string,
    delimiter: string,
    collector: CsvCollector,
    hooks: ByteReaderHooks,
    maxLineBytes: number,
  ): CsvByteReader | undefined {
    const code = delimiter.length === 1 ? delimiter.charCodeAt(0) : -1;
    if (code < 0 || code >= 0x80 || code === QUOTE || code === LF || code === CR) return undefined;
    const text = byteTextOf(encoding);
    return text && new CsvByteReader(text, code, collector, hooks, Math.max(maxLineBytes, BOM.length));
  }

  /** Whether lines are still read here (not yet handed over). */
  get reading(): boolean {
    return this.active;
  }

  /** Reads a chunk of the file; false when it breaks the encoding, and then nothing of it is read. */
  write(chunk: Buffer): boolean {
    if (!this.text.accepts(chunk)) return false;
    this.recordInChunk = false;
    let at = this.bomUnsettled ? this.skipBom(chunk) : 0;
    if (at >= 0 && this.carryLength > 0) at = this.finishCarriedLine(chunk, at);
    if (at >= 0) this.readLines(chunk, at);
    if (this.active && this.carryLength > this.maxLineBytes) this.handOver(chunk.subarray(chunk.length));
    return true;
  }

  /** The file has ended: reads its last line if it has no line break. False when it ends inside a character. */
  end(): boolean {
    if (!this.text.complete) return false;
    if (!this.active || this.carryLength === 0) return true;
    this.recordInChunk = false;
    if (this.scanLine(this.carry, 0, this.carryLength, true) === this.carryLength) {
      this.commit(this.carry);
      this.dropCarry();
    } else {
      this.handOver(this.carry.subarray(0, 0));
    }
    return true;
  }

  /** The rows read since the last call, packed; none when there are none. */
  takeRows(): PackedRows | undefined {
    if (this.rowCount === 0) return undefined;
    this.starts[this.rowCount] = this.cellsLength;
    const rows: PackedRows = {
      lines: this.lines.slice(0, this.rowCount),
      starts: this.starts.slice(0, this.rowCount + 1),
      values: this.values.take(),
      cells: this.cells.slice(0, this.cellsLength),
    };
    this.rowCount = 0;
    this.cellsLength = 0;
    this.emptyValue = -1;
    return rows;
  }

  /** Where the text starts after a BOM; -1 when the chunk is all a BOM's first bytes (kept in `carry` meanwhile). */
  private skipBom(chunk: Buffer): number {
    const seen = this.carryLength;
    let at = 0;
    while (seen + at < BOM.length && at < chunk.length && chunk[at] === BOM[seen + at]) at++;
    if (seen + at === BOM.length) {
      this.bomUnsettled = false;
      this.dropCarry();
      return at;
    }
    if (at === chunk.length) {
      this.append(chunk, 0, at);
      return -1;
    }
    this.bomUnsettled = false;
    return 0;
  }

  /** Ends the carried line with the chunk's bytes up to its first line feed; -1 when it goes on past the chunk. */
  private finishCarriedLine(chunk: Buffer, at: number): number {
    const lineFeed = chunk.indexOf(LF, at);
    if (lineFeed < 0) {
      // The text reader ends a line at a lone CR as soon as it sees the next character: so must the hand-over.
      if (this.endsAtLoneCarriageReturn(chunk, at)) this.handOver(chunk.subarray(at));
      else this.append(chunk, at, chunk.length);
      return -1;
    }
    const carried = this.carryLength;
    this.append(chunk, at, lineFeed + 1);
    if (this.scanLine(this.carry, 0, this.carryLength, false) === this.carryLength) {
      this.commit(this.carry);
      this.dropCarry();
      return lineFeed + 1;
    }
    this.carryLength = carried;
    this.handOver(chunk.subarray(at));
    return -1;
  }

  /** Whether the carried line and `chunk` from `at`, which holds no line feed, have a CR with something after it. */
  private endsAtLoneCarriageReturn(chunk: Buffer, at: number): boolean {
    if (at < chunk.length && this.carry[this.carryLength - 1] === CR) return true;
    const carriageReturn = chunk.indexOf(CR, at);
    return carriageReturn >= 0 && carriageReturn < chunk.length - 1;
  }

  private readLines(chunk: Buffer, at: number): void {
    while (at < chunk.length) {
      const end = this.scanLine(chunk, at, chunk.length, false);
      if (end >= 0) {
        this.commit(chunk);
        at = end;
      } else if (end === NEEDS_MORE) {
        this.dropCarry();
        this.append(chunk, at, chunk.length);
        this.carryUncounted = this.recordInChunk ? this.carryLength : 0;
        return;
      } else {
        this.handOver(chunk.subarray(at));
        return;
      }
    }
  }

  private handOver(rest: Uint8Array): void {
    this.active = false;
    const pieces: HandedOver[] = [];
    const uncounted = this.carryUncounted;
    if (uncounted > 0) pieces.push({ bytes: this.carry.subarray(0, uncounted), counted: false });
    if (this.carryLength > uncounted)
      pieces.push({ bytes: this.carry.subarray(uncounted, this.carryLength), counted: true });
    if (rest.length > 0) pieces.push({ bytes: rest, counted: !this.recordInChunk });
    this.dropCarry();
    this.hooks.handOver(pieces);
  }

  private dropCarry(): void {
    this.carryLength = 0;
    this.carryUncounted = 0;
  }

  private append(chunk: Buffer, from: number, to: number): void {
    const length = this.carryLength + to - from;
    if (length > this.carry.length) {
      const larger = Buffer.allocUnsafe(Math.max(length, this.carry.length * 2));
      this.carry.copy(larger, 0, 0, this.carryLength);
      this.carry = larger;
    }
    chunk.copy(this.carry, this.carryLength, from, to);
    this.carryLength = length;
  }

  /**
   * Splits the line starting at `start` into cells as SimpleRecords does (a field holds no quote, or is wholly
   * quoted with no quote inside) and hashes each. Returns where the next line starts, or NEEDS_MORE, or NOT_PLAIN.
   * `atEnd`: the bytes end with the file, so the line ends there.
   */
  private scanLine(bytes: Uint8Array, start: number, limit: number, atEnd: boolean): number {
    const { delimiter, unquotedStops, quotedStops } = this;
    const unitsOf = this.text.units;
    let count = 0;
    let at = start;
    for (;;) {
      // Two bytes a step: the multiplications chained through the hash were the bound on the whole scan.
      let hash = FNV_OFFSET;
      let high = 0;
      let units = 0;
      let from = at;
      let to = at;
      if (at < limit && bytes[at] === QUOTE) {
        from = at + 1;
        for (to = from; to + 1 < limit; to += 2) {
          const first = bytes[to]!;
          const second = bytes[to + 1]!;
          if ((quotedStops[first]! | quotedStops[second]!) !== 0) break;
          hash = Math.imul(hash ^ (first | (second << 8)), FNV_PRIME);
          high |= first | second;
          units += unitsOf[first]! + unitsOf[second]!;
        }
        for (; to < limit; to++) {
          const byte = bytes[to]!;
          if (byte === QUOTE) break;
          if (byte === LF || byte === CR) return NOT_PLAIN;
          hash = Math.imul(hash ^ byte, FNV_PRIME);
          high |= byte;
          units += unitsOf[byte]!;
        }
        if (to === limit) return atEnd ? NOT_PLAIN : NEEDS_MORE;
        at = to + 1;
      } else {
        for (; to + 1 < limit; to += 2) {
          const first = bytes[to]!;
          const second = bytes[to + 1]!;
          if ((unquotedStops[first]! | unquotedStops[second]!) !== 0) break;
          hash = Math.imul(hash ^ (first | (second << 8)), FNV_PRIME);
          high |= first | second;
          units += unitsOf[first]! + unitsOf[second]!;
        }
        for (; to < limit; to++) {
          const byte = bytes[to]!;
          if (byte === delimiter || byte === LF || byte === CR) break;
          if (byte === QUOTE) return NOT_PLAIN;
          hash = Math.imul(hash ^ byte, FNV_PRIME);
          high |= byte;
          units += unitsOf[byte]!;
        }
        at = to;
      }
      if (count === this.cellFrom.length) this.growLineCells();
      this.cellFrom[count] = from;
      this.cellTo[count] = to;
      this.cellHash[count] = hash ^ (hash >>> 16);
      this.cellUnits[count] = high < 0x80 ? ASCII : units;
      count++;
      this.cellCount = count;
      if (at >= limit) return atEnd ? limit : NEEDS_MORE;
      const byte = bytes[at]!;
      if (byte === delimiter) {
        at++;
        continue;
      }
      if (byte === LF) return at + 1;
      if (byte !== CR) return NOT_PLAIN;
      if (at + 1 >= limit) return atEnd ? limit : NEEDS_MORE;
      return bytes[at + 1] === LF ? at + 2 : NOT_PLAIN;
    }
  }

  private growLineCells(): void {
    const length = this.cellFrom.length * 2;
    this.cellFrom = grown(this.cellFrom, length);
    this.cellTo = grown(this.cellTo, length);
    this.cellHash = grown(this.cellHash, length);
    this.cellUnits = grown(this.cellUnits, length);
  }

  /** Turns the line scanLine read into a row of value indexes, or the header, a problem or nothing. */
  private commit(bytes: Uint8Array): void {
    const count = this.cellCount;
    const rowStart = this.cellsLength;
    if (rowStart + count > this.cells.length) this.cells = grown(this.cells, (rowStart + count) * 2);
    const { values } = this;
    let used = 0;
    for (let i = 0; i < count; i++) {
      const value = values.intern(bytes, this.cellFrom[i]!, this.cellTo[i]!, this.cellHash[i]!, this.cellUnits[i]!);
      this.cells[rowStart + i] = value;
      if (values.filled(value)) used = i + 1;
    }
    const line = this.collector.nextLine;
    this.lineStart = rowStart;
    this.lineCount = count;
    const width = this.collector.acceptCleanedLine(used, this.lineValues);
    if (width < 0) {
      this.cellsLength = rowStart;
    } else {
      if (rowStart + width > this.cells.length) this.cells = grown(this.cells, (rowStart + width) * 2);
      if (count < width) this.cells.fill(this.empty(), rowStart + count, rowStart + width);
      this.cellsLength = rowStart + width;
      if (this.rowCount === this.lines.length) {
        this.lines = grown(this.lines, this.rowCount * 2);
        this.starts = grown(this.starts, this.rowCount * 2 + 1);
      }
      this.lines[this.rowCount] = line;
      this.starts[this.rowCount] = rowStart;
      this.rowCount++;
    }
    this.recordInChunk = true;
    this.hooks.record();
  }

  /** The cleaned cells of the line being committed: the collector asks for them when it is the header. */
  private readonly lineValues = (): string[] => {
    const cells: string[] = [];
    for (let i = this.lineStart; i < this.lineStart + this.lineCount; i++)
      cells.push(this.values.cleaned(this.cells[i]!));
    return cells;
  };

  /** The value that pads a short row. */
  private empty(): number {
    if (this.emptyValue < 0)
      this.emptyValue = this.values.intern(this.carry, 0, 0, FNV_OFFSET ^ (FNV_OFFSET >>> 16), ASCII);
    return this.emptyValue;
  }
}

function grown<T extends Int32Array | Uint8Array>(array: T, length: number): T {
  const larger = new (array.constructor as new (length: number) => T)(length);
  larger.set(array);
  return larger;
}
