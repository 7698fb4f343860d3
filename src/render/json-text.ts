/**
 * JSON text of a listing written in pieces, the same bytes as `JSON.stringify(document, null, 2)` and a newline: a
 * listing of tens of thousands of clients (`crm due`, `crm explain`) is 10–20 MB of text, which as one string cost as
 * much again to encode and write, and its objects and string as much in garbage collection.
 */

/** The bytes handed on at a time (packed): large enough that writes are few, small enough to stay in cache. */
const PACK = 1 << 20;
/** A listing's rows are handed on this many characters at a time (listingJson): a few dozen rows. */
const PIECE = 1 << 14;
/** The characters of a slice of a long text (sliced). */
const SLICE = 1 << 18;

/** What may be a value of a listed row: a row is flat. */
export type Scalar = string | number | boolean | null;

/** Text that JSON.stringify would escape (quotes, backslashes, controls, lone surrogates): left to it. */
const NEEDS_ESCAPING = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A scalar as JSON.stringify writes it. */
export function scalarJson(value: Scalar | undefined): string {
  if (typeof value === 'string') return NEEDS_ESCAPING.test(value) ? JSON.stringify(value) : `"${value}"`;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (value === null || value === undefined) return 'null';
  return value ? 'true' : 'false';
}

/** One flat object's text at a row's depth, its keys as they come (JSON.stringify's order). */
export function objectRowJson(row: Readonly<Record<string, Scalar | undefined>>): string {
  let text = '';
  for (const key in row) {
    const value = row[key];
    if (value === undefined) continue;
    text += `${text === '' ? '' : ','}\n      ${JSON.stringify(key)}: ${scalarJson(value)}`;
  }
  return text === '' ? '    {}' : `    {${text}\n    }`;
}

/**
 * The pieces of a document whose last key (`listKey`) holds the rows: `head` is the document without that key (its
 * values written by JSON.stringify), `rows` the text of each row at its depth (objectRowJson, or a template of the
 * same shape). Pieces of a few dozen rows: packed turns them into bytes without joining them all first.
 */
export function* listingJson(
  head: Readonly<Record<string, unknown>>,
  listKey: string,
  rows: Iterable<string>,
): Generator<string> {
  // The head written with an empty list, which is then opened: JSON.stringify writes `[]` for it.
  const whole = JSON.stringify({ ...head, [listKey]: [] }, null, 2);
  const closing = '[]\n}';
  if (!whole.endsWith(closing)) throw new Error(`${listKey} is not the last key of the listing`);
  yield* itemPieces(`${whole.slice(0, -closing.length)}[`, rows, ']\n}\n', '\n  ]\n}\n');
}

/** `opening`, the rows a line each, comma-separated, and the closing for none or some, in pieces of about PIECE. */
function* itemPieces(
  opening: string,
  rows: Iterable<string>,
  closingEmpty: string,
  closing: string,
): Generator<string> {
  let piece = opening;
  let first = true;
  for (const row of rows) {
    piece += first ? `\n${row}` : `,\n${row}`;
    first = false;
    if (piece.length >= PIECE) {
      yield piece;
      piece = '';
    }
  }
  yield `${piece}${first ? closingEmpty : closing}`;
}

/**
 * The pieces of a document that is an array (`JSON.stringify(items, null, 2)` and a newline), `rows` the text of each
 * item at its depth (elementJson): a listing of a hundred thousand clients never becomes one string or one array of
 * objects.
 */
export function* arrayJson(rows: Iterable<string>): Generator<string> {
  yield* itemPieces('[', rows, ']\n', '\n]\n');
}

/**
 * An item of an array document as JSON.stringify writes it there, two spaces in: its own text indented, which is
 * safe because JSON.stringify escapes every line break inside a string.
 */
export function elementJson(item: unknown): string {
  return `  ${JSON.stringify(item, null, 2).replaceAll('\n', '\n  ')}`;
}

/**
 * Text pieces as UTF-8 bytes, about a MB at a time, each piece written straight into them: joined into one string
 * first, the many pieces of a listing cost twice as much to flatten and encode (Node 20), measured. Each array handed
 * on is new (a stream may keep it until it is written).
 */
export function* packed(pieces: Iterable<string>): Generator<Uint8Array> {
  let bytes = Buffer.allocUnsafe(PACK);
  let used = 0;
  // A piece that ends in the first half of a character outside the BMP (an emoji) leaves it for the next piece,
  // which may begin with the second: encoded apart, each half would become U+FFFD.
  let held = '';
  for (const next of pieces) {
    let piece = held ? held + next : next;
    held = '';
    const last = piece.charCodeAt(piece.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      held = piece.slice(-1);
      piece = piece.slice(0, -1);
    }
    // A UTF-16 unit takes at most 3 bytes.
    if (used + piece.length * 3 > bytes.length) {
      if (used > 0) yield bytes.subarray(0, used);
      bytes = Buffer.allocUnsafe(Math.max(PACK, piece.length * 3));
      used = 0;
    }
    used += bytes.write(piece, used);
  }
  if (held) {
    if (used + 3 > bytes.length) {
      yield bytes.subarray(0, used);
      bytes = Buffer.allocUnsafe(3);
      used = 0;
    }
    used += bytes.write(held, used);
  }
  if (used > 0) yield bytes.subarray(0, used);
}

/**
 * A long text in slices (of the string, not copied) of about a quarter of a MB, for packed; never between the two
 * halves of a character outside the BMP (an emoji), which encoded apart would each become U+FFFD.
 */
export function* sliced(text: string): Generator<string> {
  let at = 0;
  while (at < text.length) {
    let end = Math.min(text.length, at + SLICE);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    yield text.slice(at, end);
    at = end;
  }
}
