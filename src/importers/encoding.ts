import iconv from 'iconv-lite';
import { InputError } from '../errors.js';

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
  throw new InputError(`unknown encoding '${name}' (try utf8, cp1251, utf16le, or any name iconv-lite knows)`);
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

/** Picks the single-byte Cyrillic code page under which the bytes read as the most Russian-looking text. */
function guessSingleByte(buf: Buffer): string {
  const sample = buf.subarray(0, 64 * 1024);
  let best = 'cp1251';
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const candidate of ['cp1251', 'koi8-r', 'cp866']) {
    const score = russianScore(iconv.decode(sample, candidate));
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

/**
 * Works out how a file's bytes are encoded. The rule held on every spreadsheet sample we measured:
 * a BOM decides; else bytes that decode as strict UTF-8 are UTF-8; else a Cyrillic single-byte code page
 * (Windows-1251 unless the text reads far better as KOI8-R or CP866).
 */
export function sniffEncoding(buf: Buffer): { encoding: string; bom: boolean } {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { encoding: 'utf8', bom: true };
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return { encoding: 'utf16le', bom: true };
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return { encoding: 'utf16be', bom: true };
  if (looksLikeUtf16le(buf)) return { encoding: 'utf16le', bom: false };
  try {
    strictUtf8.decode(buf);
    return { encoding: 'utf8', bom: false };
  } catch {
    return { encoding: guessSingleByte(buf), bom: false };
  }
}

/** Decodes a whole file; `forced` (a user's `--encoding`) overrides the guess. A BOM is always stripped. */
export function decodeBuffer(buf: Buffer, forced?: string): DecodedText {
  const sniffed = sniffEncoding(buf);
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
