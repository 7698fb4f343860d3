import iconv from 'iconv-lite';
import { InputError } from '../errors.js';
import { m } from '../i18n/index.js';

export interface DecodedText {
  text: string;
  /** Canonical name: 'utf8', 'utf16le', 'utf16be', 'cp1251', 'koi8-r', 'cp866', or what the user forced. */
  encoding: string;
  bom: boolean;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Russian letters by how often they occur; a right guess of a single-byte code page yields mostly these. */
const COMMON_RUSSIAN = 'оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъё';

const ALIASES: Record<string, string> = {
  utf8: 'utf8',
  'utf-8': 'utf8',
  utf16: 'utf16le',
  'utf-16': 'utf16le',
  'utf-16le': 'utf16le',
  utf16le: 'utf16le',
  'utf-16be': 'utf16be',
  utf16be: 'utf16be',
  cp1251: 'cp1251',
  'windows-1251': 'cp1251',
  win1251: 'cp1251',
  'koi8-r': 'koi8-r',
  koi8r: 'koi8-r',
  cp866: 'cp866',
};

/** Normalises a user-given encoding name; throws a usage-level InputError for names iconv-lite does not know. */
export function canonicalEncoding(name: string): string {
  const key = name.trim().toLowerCase();
  if (Object.hasOwn(ALIASES, key)) return ALIASES[key]!;
  if (iconv.encodingExists(key)) return key;
  throw new InputError(m.errors.read.unknownEncoding({ name }));
}

function looksLikeUtf16le(buf: Buffer): boolean {
  // Excel "Unicode text" without a BOM: every other byte of Latin/Cyrillic text is 0x00 or 0x04.
  const sample = Math.min(buf.length - (buf.length % 2), 4096);
  if (sample < 4) return false;
  let highZero = 0;
  for (let i = 1; i < sample; i += 2) if (buf[i] === 0 || buf[i] === 4) highZero++;
  return highZero / (sample / 2) > 0.9;
}

function russianScore(text: string): number {
  let score = 0;
  let cyrillic = 0;
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code >= 0x400 && code <= 0x4ff) {
      cyrillic++;
      const rank = COMMON_RUSSIAN.indexOf(ch);
      if (rank >= 0) score += COMMON_RUSSIAN.length - rank;
    } else if (code >= 0x2500 && code <= 0x25ff) {
      // Box-drawing characters: cp1251 bytes read as cp866.
      score -= 20;
    }
  }
  return cyrillic === 0 ? 0 : score;
}

/** Whether text in this encoding was written in a code page of one byte a character (not UTF-8 or UTF-16). */
export function isSingleByteCodePage(encoding: string | undefined): boolean {
  return encoding !== undefined && !encoding.startsWith('utf') && !MULTI_BYTE.test(encoding);
}

const MULTI_BYTE = /^(gb|big5|shift|sjis|euc|cp9[345]\d|iso-?2022)/i;

/** The single-byte Cyrillic code pages a file is guessed to be in, the likeliest first. */
export const CYRILLIC_CODE_PAGES: readonly string[] = ['cp1251', 'koi8-r', 'cp866'];

/** Picks the single-byte Cyrillic code page under which the bytes read as the most Russian-looking text. */
function guessSingleByte(buf: Buffer): string {
  const sample = buf.subarray(0, 64 * 1024);
  let best = CYRILLIC_CODE_PAGES[0]!;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const candidate of CYRILLIC_CODE_PAGES) {
    const score = russianScore(iconv.decode(sample, candidate));
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

/** What the bytes of a file that is not well-formed UTF-8 say, line by line (lines end at LF, CR or CRLF). */
interface Utf8Evidence {
  /** First line with a multi-byte UTF-8 character and no byte UTF-8 forbids. */
  utf8Line?: number;
  /** First line with a byte UTF-8 forbids (a character cut off by the end of the bytes does not count). */
  invalidLine?: number;
}

function isContinuation(byte: number | undefined): boolean {
  return byte !== undefined && byte >= 0x80 && byte <= 0xbf;
}

/** Length of the well-formed UTF-8 sequence starting with a non-ASCII byte at `at`; 0 when it is not one. */
function utf8SequenceLength(buf: Buffer, at: number): number {
  const lead = buf[at]!;
  let length: number;
  let secondMin = 0x80;
  let secondMax = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) length = 2;
  else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead === 0xe0) secondMin = 0xa0;
    if (lead === 0xed) secondMax = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead === 0xf0) secondMin = 0x90;
    if (lead === 0xf4) secondMax = 0x8f;
  } else return 0;
  const second = buf[at + 1];
  if (second === undefined) return buf.length - at;
  if (second < secondMin || second > secondMax) return 0;
  for (let i = 2; i < length; i++) {
    if (at + i >= buf.length) return buf.length - at;
    if (!isContinuation(buf[at + i])) return 0;
  }
  return length;
}

const LF = 0x0a;
const CR = 0x0d;

function utf8Evidence(buf: Buffer): Utf8Evidence {
  const evidence: Utf8Evidence = {};
  let line = 1;
  let multiByte = false;
  let invalid = false;
  const endLine = () => {
    if (multiByte && !invalid) evidence.utf8Line ??= line;
    if (invalid) evidence.invalidLine ??= line;
    line++;
    multiByte = false;
    invalid = false;
  };
  for (let i = 0; i < buf.length; i++) {
    const byte = buf[i]!;
    if (byte === LF || (byte === CR && buf[i + 1] !== LF)) endLine();
    if (byte < 0x80) continue;
    const length = utf8SequenceLength(buf, i);
    if (length === 0) invalid = true;
    else {
      multiByte = true;
      i += length - 1;
    }
    if (evidence.utf8Line !== undefined && evidence.invalidLine !== undefined) return evidence;
  }
  if (multiByte || invalid) endLine();
  return evidence;
}

interface Sniffed {
  encoding: string;
  bom: boolean;
  /** UTF-8 lines and lines in another encoding in one file: no single decoding reads it right. */
  mixed?: { utf8Line: number; otherLine: number };
}

function sniff(buf: Buffer): Sniffed {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { encoding: 'utf8', bom: true };
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return { encoding: 'utf16le', bom: true };
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return { encoding: 'utf16be', bom: true };
  if (looksLikeUtf16le(buf)) return { encoding: 'utf16le', bom: false };
  try {
    strictUtf8.decode(buf);
    return { encoding: 'utf8', bom: false };
  } catch {
    const { utf8Line, invalidLine } = utf8Evidence(buf);
    // UTF-8 whose only flaw is a character cut off at the end: a truncated file, or the first kilobytes of one.
    if (utf8Line !== undefined && invalidLine === undefined) return { encoding: 'utf8', bom: false };
    // NULs make it binary, not text in two encodings: the readers refuse it as such.
    if (utf8Line !== undefined && invalidLine !== undefined && !buf.includes(0)) {
      // Said to be UTF-8 so that a strict UTF-8 decoder (a streaming reader) stops at the first line that is not.
      return { encoding: 'utf8', bom: false, mixed: { utf8Line, otherLine: invalidLine } };
    }
    return { encoding: guessSingleByte(buf), bom: false };
  }
}

/**
 * Works out how a file's bytes are encoded. The rule held on every spreadsheet sample we measured:
 * a BOM decides; else bytes that decode as strict UTF-8 are UTF-8; else a Cyrillic single-byte code page
 * (Windows-1251 unless the text reads far better as KOI8-R or CP866). UTF-8 cut off mid-character at the end is
 * UTF-8; bytes with both UTF-8 lines and lines that are not are called UTF-8 too, so a strict decoder stops at the
 * first line that is not (`decodeBuffer` refuses them outright).
 */
export function sniffEncoding(buf: Buffer): { encoding: string; bom: boolean } {
  const { encoding, bom } = sniff(buf);
  return { encoding, bom };
}

/**
 * Decodes a whole file; `forced` (a user's `--encoding`) overrides the guess. A BOM is always stripped. A file with
 * both UTF-8 lines and lines in another encoding is refused unless forced: any one guess would garble some rows.
 */
export function decodeBuffer(buf: Buffer, forced?: string): DecodedText {
  const sniffed = sniff(buf);
  if (sniffed.mixed && !forced) {
    const { utf8Line, otherLine } = sniffed.mixed;
    throw new InputError(m.errors.read.mixedEncodings({ utf8Line, otherLine }));
  }
  const encoding = forced ? canonicalEncoding(forced) : sniffed.encoding;
  const bom = sniffed.bom && (encoding === sniffed.encoding || !forced);
  let text = iconv.decode(buf, encoding, { stripBOM: true });
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text, encoding, bom };
}

/** Decodes bytes of a known charset (a vCard `CHARSET=` parameter); unknown names fall back to UTF-8. */
export function decodeCharset(bytes: Buffer, charset: string | undefined): string {
  if (!charset) return strictUtf8Or1251(bytes);
  const key = charset.trim().toLowerCase();
  const name = Object.hasOwn(ALIASES, key) ? ALIASES[key]! : key;
  return iconv.encodingExists(name) ? iconv.decode(bytes, name) : strictUtf8Or1251(bytes);
}

function strictUtf8Or1251(bytes: Buffer): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return iconv.decode(bytes, 'cp1251');
  }
}
