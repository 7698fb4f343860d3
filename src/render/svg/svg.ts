/**
 * What every hand-written SVG chart needs: text escaped for XML, coordinates written the same way on every run, and
 * an estimate of how wide a label will be when no browser is there to measure it.
 */
import { escapeControls } from '../escape.js';

/** A lone surrogate, or U+FFFE / U+FFFF: characters XML 1.0 has no place for. */
const NOT_XML = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|[\ufffe\uffff]/g;

/**
 * Text for an XML text node or a double-quoted attribute. Control characters are shown as `\xNN` (XML 1.0 forbids
 * most of them, and a strict parser would reject the whole chart over one imported name), a lone surrogate as U+FFFD.
 */
export function xmlText(text: string): string {
  return escapeControls(text.replace(NOT_XML, '\ufffd'))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A coordinate or length to one decimal: enough for a screen and a printer, and the same text on every run. */
export function coordinate(value: number): string {
  if (!Number.isFinite(value)) return '0';
  // String(-0) is "0"; adding 0 also turns the -0 of rounding -0.04 into 0.
  return String(Math.round(value * 10) / 10 + 0);
}

/**
 * Widths of characters in ems, close to DejaVu Sans (the widest of the usual system fonts, and the one Linux falls
 * back to): a label laid out by them fits in Segoe UI, Roboto or Helvetica too. Cyrillic letters are as wide as Latin
 * ones of the same shape, not one em each as a naive estimate of "non-ASCII" would make them.
 */
const NARROW = new Set([..."il.,:;'|!`ıІіЇї"]);
const SEMI_NARROW = new Set([...'fjrt()[]{}-/"Iг']);
const WIDE_LOWER = new Set([...'mwжшщюмыфМ']);
const WIDE_UPPER = new Set([...'MWЖШЩЮЫФ%@']);

function charEms(char: string): number {
  if (char === ' ' || char === '\u00a0') return 0.32;
  if (char === '\u202f' || char === '\u2009') return 0.2;
  if (NARROW.has(char)) return 0.3;
  if (SEMI_NARROW.has(char)) return 0.4;
  if (WIDE_UPPER.has(char)) return 0.95;
  if (WIDE_LOWER.has(char)) return 0.88;
  if (char >= '0' && char <= '9') return 0.64;
  if (char >= 'a' && char <= 'z') return 0.6;
  if (char >= 'A' && char <= 'Z') return 0.7;
  // Cyrillic: lower case а..я ё, upper case А..Я Ё and the letters of other Cyrillic alphabets.
  if (char >= 'а' && char <= 'я') return 0.6;
  if (char === 'ё') return 0.6;
  if (char >= 'А' && char <= 'Я') return 0.72;
  if (char >= '\u0400' && char <= '\u04ff') return 0.66;
  if (char === '—' || char === '−') return 0.84;
  if (char === '–') return 0.5;
  if (char === '₽' || char === '$' || char === '€' || char === '£') return 0.64;
  const code = char.codePointAt(0)!;
  // East Asian and emoji: a full em.
  if (code >= 0x1100) return 1;
  return 0.62;
}

/** Estimated width in user units of `text` at `fontSize`. */
export function textWidth(text: string, fontSize: number): number {
  let ems = 0;
  for (const char of text) ems += charEms(char);
  return ems * fontSize;
}

/** `text` cut to `width` with an ellipsis (a label never runs into the bars beside it). */
export function fitText(text: string, width: number, fontSize: number): string {
  if (textWidth(text, fontSize) <= width) return text;
  const chars = [...text];
  while (chars.length > 0 && textWidth(`${chars.join('')}…`, fontSize) > width) chars.pop();
  return chars.length > 0 ? `${chars.join('').trimEnd()}…` : '';
}

/** An element with attributes in the order given; `undefined` attributes are left out. */
export function element(
  name: string,
  attributes: Record<string, string | number | undefined>,
  content?: string,
): string {
  const written = Object.entries(attributes)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => ` ${key}="${typeof value === 'number' ? coordinate(value) : xmlText(value!)}"`)
    .join('');
  return content === undefined ? `<${name}${written}/>` : `<${name}${written}>${content}</${name}>`;
}
