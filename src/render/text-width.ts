/**
 * How many terminal columns text takes, and word-wrapping by that measure. Most cells are one column per code unit
 * (Latin, Cyrillic, digits, currency signs, box drawing): those are measured by their length, without a per-character
 * pass. East Asian wide characters and emoji take two columns; combining marks, zero-width characters and variation
 * selectors none.
 */

/**
 * Characters that a terminal shows one column wide and JavaScript counts as one code unit: printable ASCII, Latin,
 * Cyrillic, dashes and quotes, currency signs, box drawing and block elements (the bars).
 */
const ONE_COLUMN_TEXT =
  /^[\u0020-\u007e\u00a0-\u024f\u0400-\u04ff\u2010-\u2027\u2030-\u203b\u20a0-\u20bf\u2500-\u259f]*$/;

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}\u2028\u2029]$/u;
const EMOJI = /^\p{Extended_Pictographic}$/u;

/** East Asian Wide and Fullwidth ranges (Unicode's EastAsianWidth.txt, the blocks that matter in names and notes). */
function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0x303e) ||
    (code >= 0x3041 && code <= 0x33ff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0xa000 && code <= 0xa4cf) ||
    (code >= 0xa960 && code <= 0xa97f) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe10 && code <= 0xfe19) ||
    (code >= 0xfe30 && code <= 0xfe6f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1f64f) ||
    (code >= 0x1f900 && code <= 0x1f9ff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

/** Columns one character (one code point) takes. */
export function charWidth(char: string): number {
  const code = char.codePointAt(0)!;
  if (code < 0x300) return 1;
  if (ZERO_WIDTH.test(char)) return 0;
  if (isWide(code) || (code > 0xffff && EMOJI.test(char))) return 2;
  return 1;
}

/** Columns a line of text takes on a terminal. */
/** The escapes of crm's own styling (bold, colour) in a text it measures: they take no column. */
const STYLE = /\x1b\[[0-9;]*m/g;

export function textWidth(line: string): number {
  if (ONE_COLUMN_TEXT.test(line)) return line.length;
  const shown = line.includes('\x1b') ? line.replace(STYLE, '') : line;
  if (ONE_COLUMN_TEXT.test(shown)) return shown.length;
  let width = 0;
  for (const char of shown) width += charWidth(char);
  return width;
}

/** The widest line of a cell. */
export function cellWidth(text: string): number {
  if (!text.includes('\n')) return textWidth(text);
  let widest = 0;
  for (const line of text.split('\n')) widest = Math.max(widest, textWidth(line));
  return widest;
}

/** The widest word of a cell: the narrowest its column can be without breaking a word. */
export function longestWord(text: string): number {
  if (!text.includes(' ') && !text.includes('\n')) return textWidth(text);
  let widest = 0;
  for (const word of text.split(/[ \n]+/)) widest = Math.max(widest, textWidth(word));
  return widest;
}

/** `word` cut into pieces at most `width` columns wide. */
function breakWord(word: string, width: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  let used = 0;
  for (const char of word) {
    const w = charWidth(char);
    if (used + w > width && piece !== '') {
      pieces.push(piece);
      piece = '';
      used = 0;
    }
    piece += char;
    used += w;
  }
  if (piece !== '' || pieces.length === 0) pieces.push(piece);
  return pieces;
}

/**
 * `text` in lines at most `width` columns wide: broken at spaces, a word longer than a line cut where the line ends
 * (or, with `wholeWords`, left whole on a line of its own: a path in a sentence, which the terminal wraps without
 * the indent that would break it when copied). Line breaks in the text are kept.
 */
export function wrapText(text: string, width: number, wholeWords = false): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    if (textWidth(paragraph) <= width) {
      lines.push(paragraph);
      continue;
    }
    let line = '';
    let used = 0;
    for (const word of paragraph.split(' ')) {
      if (word === '') continue;
      const w = textWidth(word);
      if (line !== '' && used + 1 + w <= width) {
        line += ` ${word}`;
        used += 1 + w;
        continue;
      }
      if (line !== '') lines.push(line);
      if (w <= width || wholeWords) {
        line = word;
        used = w;
        continue;
      }
      const pieces = breakWord(word, width);
      for (let i = 0; i < pieces.length - 1; i++) lines.push(pieces[i]!);
      line = pieces[pieces.length - 1]!;
      used = textWidth(line);
    }
    lines.push(line);
  }
  return lines;
}

/** `text` padded with spaces to `width` columns, on the right or (for numbers) on the left. */
export function pad(text: string, width: number, align: 'left' | 'right'): string {
  const room = Math.max(0, width - textWidth(text));
  return align === 'right' ? ' '.repeat(room) + text : text + ' '.repeat(room);
}

/**
 * A note of one line is prose: wrapped at spaces to the width, so that the terminal does not break its words, its
 * later lines indented so that each note stays one thing to read. A note of several lines is a block drawn already
 * (a second table of the monthly report) and is left as drawn.
 */
export function wrapProse(note: string, width: number): string {
  if (note.trim().includes('\n') || !Number.isFinite(width) || textWidth(note) <= width) return note;
  const glued = glueCommands(note);
  const [first = '', ...rest] = wrapText(glued, width, true);
  const lines = [first, ...(rest.length ? wrapText(rest.join(' '), width - 2, true).map((line) => `  ${line}`) : [])];
  return glued === note ? lines.join('\n') : lines.join('\n').replaceAll(GLUE, ' ');
}

/** Holds a command's words together while its note is wrapped; a space again once it is. */
const GLUE = '\ue000';

/**
 * A command a note tells a person to paste, `(отменить: crm import undo 12)` or `'crm client show 5'`: from `crm` to
 * the bracket or quote that closes it. A command in the middle of a sentence, with no such end, is a usage line to
 * read (`crm client merge KEEP OTHER keeps…`), and wraps as prose.
 */
const PASTED_COMMAND = /(?<=[(':\s—]|^)crm [^()'\n]*(?=[)'])/g;

/**
 * The note with the spaces of each command to paste made a character wrapText does not break at: a command cut
 * over two lines pastes as an error. A note that holds that character itself is left as it is.
 */
function glueCommands(note: string): string {
  if (note.includes(GLUE)) return note;
  return note.replace(
    PASTED_COMMAND,
    (command) => command.trimEnd().replaceAll(' ', GLUE) + command.slice(command.trimEnd().length),
  );
}
