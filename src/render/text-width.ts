/**
 * How many terminal columns text takes, and word-wrapping by that measure. Most cells are one column per code unit
 * (Latin, Cyrillic, digits, currency signs, box drawing): those are measured by their length, without a per-character
 * pass. East Asian wide characters and emoji take two columns; combining marks, zero-width characters and variation
 * selectors none.
 */

/**
 * Characters that a terminal shows one column wide and JavaScript counts as one code unit: printable ASCII, Latin,
 * Cyrillic, dashes and quotes, currency signs, box drawing and block elements (the bars), and the glue that stands
 * for a space while text is wrapped (GLUE).
 */
const ONE_COLUMN_TEXT =
  /^[\u0020-\u007e\u00a0-\u024f\u0400-\u04ff\u2010-\u2027\u2030-\u203b\u20a0-\u20bf\u2500-\u259f\ue000]*$/;

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
  for (const word of keepTogether(text).split(/[ \n]+/)) widest = Math.max(widest, textWidth(word));
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
 * `text` in lines at most `width` columns wide: broken at spaces, never inside a phone, an amount, a date or a
 * command to paste (keepTogether), a word longer than a line cut where the line ends (or, with `wholeWords`, left
 * whole on a line of its own: a path in a sentence, which the terminal wraps without the indent that would break it
 * when copied). Line breaks in the text are kept.
 */
export function wrapText(text: string, width: number, wholeWords = false): string[] {
  const glued = keepTogether(text);
  const lines = wrapWords(glued, width, wholeWords);
  return glued === text ? lines : lines.map(unglue);
}

/** wrapText of a text already glued, its glue left in. */
function wrapWords(text: string, width: number, wholeWords: boolean): string[] {
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
      // What was kept together but cannot be on one line is broken at its own spaces first.
      const pieces = word.includes(GLUE) ? wrapWords(unglue(word), width, false) : breakWord(word, width);
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
  const glued = keepTogether(note);
  const [first = '', ...rest] = wrapWords(glued, width, true);
  const lines = [first, ...(rest.length ? wrapWords(rest.join(' '), width - 2, true).map((line) => `  ${line}`) : [])];
  return glued === note ? lines.join('\n') : unglue(lines.join('\n'));
}

/** Holds words together while a text is wrapped: a space again once it is. */
const GLUE = '\ue000';

const unglue = (text: string) => text.replaceAll(GLUE, ' ');

/**
 * A command a note tells a person to paste, `(отменить: crm import undo 12)` or `'crm client show 5'`: from `crm` to
 * the bracket or quote that closes it. A command in the middle of a sentence, with no such end, is a usage line to
 * read (`crm client merge KEEP OTHER keeps…`), and wraps as prose.
 */
const PASTED_COMMAND = /(?<=[(':\s—]|^)crm [^()'\n]*(?=[)'])/g;

/**
 * A command that ends a note after a word of it (`…; create the database and run crm init`, `…: crm client list -o
 * clients.csv`): to paste too. Within its clause: a usage line that starts the note is prose (PASTED_COMMAND).
 */
const ENDING_COMMAND = /(?<=\s)crm [^()'\n:;]*$/;

/**
 * Digits with the brackets, dashes and spaces between them, from a digit, a sign or a bracket to a digit: a phone as
 * people write it when it holds seven digits or more (`8 (912) 345-67-89`, `+7 903 555 44 33`, `(495) 123-45-67
 * доб. 102`), an amount when its digits are grouped by spaces (`1 500,00`, `12 000`, `-1 500.5`); see glueNumber.
 * Its edges are told by Latin and Cyrillic letters and digits, not \p{L}: a Unicode class costs this scan of every
 * cell of a table twice the time.
 */
const NUMBER_RUN =
  /(?<![0-9A-Za-zА-Яа-яЁё])[-−+]?[\d(][\d()\- ]*\d(?:[.,]\d+)?(?:,? (?:доб|ext|x)\.? ?\d+)?(?![0-9A-Za-zА-Яа-яЁё])/gi;
const GROUPED_NUMBER = /^[-−]?\d{1,3}(?: \d{3})+(?:[.,]\d+)?$/;
const glueNumber = (found: string) =>
  (found.match(/\d/g)?.length ?? 0) >= 7 || GROUPED_NUMBER.test(found) ? glueSpaces(found) : found;

/** The space between an amount and the currency after it: `1 500,00 ₽`, `500 руб.`, `1 500 RUB`. */
const CURRENCY_AFTER = /(?<=\d) (?=(?:[₽$€£¥₸₴₾₺₹]|руб\.?|р\.|[A-Z]{3})(?![\p{L}\p{N}]))/gu;

/** The space between a currency sign and the amount after it, `$ 1,500.00`; not a sign that ends an amount. */
const CURRENCY_BEFORE = /(?<=(?<![\p{L}\p{N}\ue000])[₽$€£¥₸₴₾₺₹]) (?=[-−]?\d)/gu;
const CURRENCY = /[₽$€£¥₸₴₾₺₹]|руб|р\.| [A-Z]{3}/;

/** A date written with its month's name: `17 мая 2026 г.`, `17 May 2026`, `May 17, 2026`. */
const MONTHS = 'янв|фев|мар|апр|ма[йя]|июн|июл|авг|сен|окт|ноя|дек|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec';
const NAMED_DATE = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:\\d{1,2} (?:${MONTHS})\\p{L}*\\.?(?: \\d{4}(?: г\\.)?)?|(?:${MONTHS})\\p{L}*\\.? \\d{1,2}(?:, \\d{4})?)(?![\\p{L}\\p{N}])`,
  'giu',
);
/** A date and its time of day: `07.12.2026 22:45`, `2026-12-07 22:45:10`. */
const DATE_TIME = /(?<![\d./-])(?:\d{4}-\d\d-\d\d|\d{1,2}[./]\d{1,2}[./]\d{2,4}) \d{1,2}:\d\d(?::\d\d)?(?![\d:])/g;

const MONTH = new RegExp(`\\d (?:${MONTHS})|(?:${MONTHS})[a-zа-яё]*\\.? \\d`, 'i');

/**
 * A space that may be inside one of them: between digits (or a bracket), a number and a currency or a month, a month
 * and a day. Tested first, so that a cell of words (most names) pays one scan, not one per rule: a table of a hundred
 * thousand clients measures every name.
 */
const SPACE_TO_KEEP = new RegExp(
  `[\\d)] [-−\\d(+]|\\d (?:[₽$€£¥₸₴₾₺₹]|руб|р\\.|[A-Z]{3}|${MONTHS})|[₽$€£¥₸₴₾₺₹] [-−\\d]|(?:${MONTHS})[a-zа-яё]*\\.? \\d`,
  'i',
);

const glueSpaces = (text: string) => text.replaceAll(' ', GLUE);

/**
 * The text with the spaces inside what must not be cut over two lines made a character the wrapping does not break
 * at: a command to paste (half of it pasted is an error), a phone (half of it dialled or searched for is another
 * number), an amount and its currency, a date with its month's name or its time of day. A text that holds that character itself is left
 * as it is.
 */
/** A command's words held together; the spaces after it stay spaces. */
function glueCommand(command: string): string {
  const words = command.trimEnd();
  return glueSpaces(words) + command.slice(words.length);
}

function keepTogether(text: string): string {
  if (text.includes(GLUE)) return text;
  let glued = text;
  if (/\d/.test(glued) && SPACE_TO_KEEP.test(glued)) {
    glued = glued.replace(NUMBER_RUN, glueNumber);
    if (glued.includes(':')) glued = glued.replace(DATE_TIME, glueSpaces);
    if (CURRENCY.test(glued)) glued = glued.replace(CURRENCY_AFTER, GLUE).replace(CURRENCY_BEFORE, GLUE);
    if (MONTH.test(glued)) glued = glued.replace(NAMED_DATE, glueSpaces);
  }
  if (glued.includes('crm ')) {
    glued = glued.replace(PASTED_COMMAND, glueCommand).replace(ENDING_COMMAND, glueCommand);
  }
  return glued;
}
