/**
 * Rows in COPY's text format, written straight into bytes a chunk at a time: a bulk load hands each chunk to the
 * COPY stream (or keeps it) as it fills. Built as strings, a million visits cost their text twice over (the lines,
 * then the pieces they were joined into, two bytes a character as soon as one Cyrillic letter is in the piece) and
 * again as UTF-8 when the stream encoded them: 4 s and a third of the import's garbage collection on the bench.
 *
 * The format: values separated by a tab, a row ended by a line feed, NULL as `\N`, and a backslash, tab, line feed or
 * carriage return inside a value escaped by a backslash.
 */

/** Bytes a chunk holds before it is handed on. */
const CHUNK = 64 * 1024;

const TAB = 0x09;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const BACKSLASH = 0x5c;
const ZERO = 0x30;
/** Texts up to this long are remembered as bytes, up to this many of them. */
const KNOWN_LENGTH = 64;
const KNOWN_TEXTS = 4096;

type Value = string | number | boolean | null;

export class CopyText {
  private chunk: Buffer = Buffer.allocUnsafe(CHUNK);
  private at = 0;
  /** The bytes of the row being written start here: a row never spans two chunks. */
  private rowStart = 0;
  /**
   * The bytes of texts met before that are not short ASCII: a journal's services and notes repeat (a few dozen
   * values in a million rows), and copying their bytes costs less than encoding them again.
   */
  private readonly known = new Map<string, Uint8Array>();

  /** `emit` receives each full chunk, and the last one on `end`; it owns the bytes from then on. */
  constructor(private readonly emit: (bytes: Buffer) => void) {}

  /** A row of values, in the order of the COPY's columns. */
  row(values: readonly Value[]): void {
    for (let i = 0; i < values.length; i++) {
      if (i > 0) this.tab();
      this.value(values[i] ?? null);
    }
    this.endRow();
  }

  value(value: Value): void {
    if (value === null) this.text(null);
    else if (typeof value === 'number') this.integer(value);
    else if (typeof value === 'boolean') this.byte(value ? 0x74 : 0x66);
    else this.text(value);
  }

  /** A whole number (ids, money, counts). */
  integer(value: number): void {
    if (!Number.isSafeInteger(value)) {
      this.text(String(value));
      return;
    }
    this.room(17);
    let n = value;
    if (n < 0) {
      this.chunk[this.at++] = 0x2d;
      n = -n;
    }
    let digits = 1;
    for (let rest = n; rest >= 10; rest = Math.floor(rest / 10)) digits++;
    let at = this.at + digits;
    this.at = at;
    do {
      this.chunk[--at] = ZERO + (n % 10);
      n = Math.floor(n / 10);
    } while (n > 0);
  }

  /** A text (or NULL), escaped as COPY reads it. */
  text(value: string | null): void {
    if (value === null) {
      this.room(2);
      this.chunk[this.at++] = BACKSLASH;
      this.chunk[this.at++] = 0x4e;
      return;
    }
    const known = this.known.get(value);
    if (known !== undefined) {
      this.room(known.length);
      this.chunk.set(known, this.at);
      this.at += known.length;
      return;
    }
    // UTF-8 takes at most 3 bytes per UTF-16 unit (a surrogate pair: 4 for 2); an escape doubles a byte.
    this.room(value.length * 3);
    const start = this.at;
    // Short ASCII texts (dates, most phones and e-mails) byte by byte: a call into the encoder costs more.
    if (value.length <= 32) {
      let i = 0;
      for (; i < value.length; i++) {
        const code = value.charCodeAt(i);
        if (code >= 0x80 || code === BACKSLASH || code === TAB || code === LINE_FEED || code === CARRIAGE_RETURN) break;
        this.chunk[start + i] = code;
      }
      if (i === value.length) {
        this.at = start + i;
        return;
      }
    }
    const written = this.chunk.write(value, start, 'utf8');
    this.at = start + written;
    // The four characters to escape are ASCII, so they appear as themselves in UTF-8 and nowhere inside a longer
    // sequence: scanning the bytes finds them.
    for (let i = start; i < start + written; i++) {
      const byte = this.chunk[i]!;
      if (byte === BACKSLASH || byte === TAB || byte === LINE_FEED || byte === CARRIAGE_RETURN) {
        this.at = start;
        this.escaped(value);
        break;
      }
    }
    if (value.length <= KNOWN_LENGTH && this.known.size < KNOWN_TEXTS) {
      this.known.set(value, Buffer.from(this.chunk.subarray(start, this.at)));
    }
  }

  tab(): void {
    this.byte(TAB);
  }

  endRow(): void {
    this.byte(LINE_FEED);
    this.rowStart = this.at;
    if (this.at >= CHUNK - 256) this.handOn(Buffer.allocUnsafe(CHUNK));
  }

  /** Hands on what is written (whole rows only). */
  end(): void {
    if (this.at !== this.rowStart) throw new Error('a COPY row was left unfinished');
    if (this.at > 0) this.handOn(Buffer.allocUnsafe(0));
  }

  private escaped(value: string): void {
    const text = value.replace(/[\\\t\n\r]/g, (c) =>
      c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
    );
    this.room(text.length * 3);
    this.at += this.chunk.write(text, this.at, 'utf8');
  }

  private byte(value: number): void {
    this.room(1);
    this.chunk[this.at++] = value;
  }

  /** Makes room for `bytes` more in the chunk: the row so far moves to a new one, bigger when the row needs it. */
  private room(bytes: number): void {
    if (this.at + bytes <= this.chunk.length) return;
    const row = this.chunk.subarray(this.rowStart, this.at);
    const next = Buffer.allocUnsafe(Math.max(CHUNK, row.length + bytes + 1));
    row.copy(next);
    this.handOn(next, row.length);
  }

  /** Hands on the whole rows of the chunk and continues in `next`, whose first `carried` bytes are already written. */
  private handOn(next: Buffer, carried = 0): void {
    if (this.rowStart > 0) this.emit(this.chunk.subarray(0, this.rowStart));
    this.chunk = next;
    this.at = carried;
    this.rowStart = 0;
  }
}
