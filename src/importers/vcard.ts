import { isUtf8 } from 'node:buffer';
import {
  type ClientRecord,
  type Detected,
  MOST_PROBLEMS_A_CARD,
  type RawContact,
  type RowProblem,
} from '../domain/input.js';
import { composeName } from '../domain/names.js';
import { quoted } from '../domain/row-notes.js';
import { InputError } from '../errors.js';
import { m } from '../i18n/index.js';
import { decodeBuffer, decodeCharset } from './encoding.js';

interface Property {
  group?: string;
  /** Upper-cased property name without its group. */
  name: string;
  /** Lower-cased TYPE values, 2.1 bare types included, `pref` excluded. */
  types: string[];
  /** Lower is more preferred; undefined when the property is not marked preferred. */
  pref?: number;
  quotedPrintable: boolean;
  charset?: string;
  params: Record<string, string>;
  value: string;
}

interface RawCard {
  beginLine: number;
  closed: boolean;
  lines: string[];
}

/** The property a rejects file adds to a card it gives back (its line and why it was rejected), read past here. */
export const REJECTED_PROPERTY = 'X-PCRM-REJECTED';

const ENCODING_WORDS = new Set(['QUOTED-PRINTABLE', 'BASE64', 'B', '8BIT', '7BIT']);
const NOT_A_LABEL = new Set(['pref', 'voice', 'internet']);
// Bookkeeping of the writing app, or used elsewhere in the record (N, FN, X-ABLabel), not client data.
const SKIPPED = new Set([
  'VERSION',
  'BEGIN',
  'END',
  'PRODID',
  'UID',
  'REV',
  'N',
  'FN',
  'X-ABLABEL',
  'CLIENTPIDMAP',
  // A rejects file's line and reason on a card given back to be fixed (app/rejects-file.ts): no part of the client.
  REJECTED_PROPERTY,
]);
// Binary blobs (base64 images, sounds, keys): no use in a CRM's text fields and they would bloat `extra`.
const BINARY = new Set(['PHOTO', 'LOGO', 'SOUND', 'KEY']);
const EXTRA_SEPARATOR = ' ::: ';

export function looksLikeVcard(text: string): boolean {
  const firstLine = text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .find((line) => line.trim() !== '');
  return firstLine !== undefined && /^BEGIN:VCARD$/i.test(firstLine.trim());
}

export function readVcard(
  buf: Buffer,
  options: { encoding?: string } = {},
): { detected: Detected; records: ClientRecord[]; problems: RowProblem[] } {
  const forced = options.encoding ?? (looksLikeBomlessUtf16be(buf) ? 'utf16be' : undefined);
  const { text, encoding, bom } = decodeBuffer(forced ? buf : rejoinSplitCharacters(buf), forced);
  if (!encoding.startsWith('utf16') && buf.includes(0)) {
    throw new InputError(m.errors.read.binaryVcard);
  }
  const physical = text.split(/\r\n|\r|\n/);
  if (!physical.some((line) => /^BEGIN:VCARD\s*$/i.test(line))) {
    throw new InputError(m.errors.read.noBeginVcard);
  }

  const versions: string[] = [];
  const records: ClientRecord[] = [];
  const problems: RowProblem[] = [];
  let binaryLeftOut = 0;
  for (const card of splitCards(physical)) {
    const version = card.lines.map((line) => /^VERSION:\s*(\S+)/i.exec(line)?.[1]).find(Boolean);
    if (version && !versions.includes(version)) versions.push(version);
    const built = buildRecord(card, version ?? '3.0');
    if (built.binary) binaryLeftOut++;
    if (!card.closed) problems.push({ line: card.beginLine, reason: { code: 'cardNotClosed' }, card: card.lines });
    const listed = built.problems.slice(0, MOST_PROBLEMS_A_CARD);
    const more = built.problems.length - listed.length;
    for (const [i, problem] of listed.entries()) {
      const last = more > 0 && i === listed.length - 1;
      problems.push({ ...problem, card: card.lines, ...(last ? { moreInCard: more } : {}) });
    }
    if (card.closed && built.problems.length === 0 && built.record) records.push(built.record);
  }
  const detected: Detected = {
    format: 'vcard',
    encoding,
    bom,
    versions,
    lineEndings: lineEndingsOf(text),
    ...(binaryLeftOut > 0 ? { binaryLeftOut } : {}),
  };
  return { detected, records, problems };
}

/** Whether the bytes before `end` stop inside a multi-byte UTF-8 character. */
function endsInsideCharacter(buf: Buffer, end: number): boolean {
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const byte = buf[end - back]!;
    if (byte >= 0x80 && byte <= 0xbf) continue;
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back;
  }
  return false;
}

/**
 * RFC 6350 (3.2) warns that simple writers fold lines in the middle of a multi-byte UTF-8 character and asks readers
 * to restore it: such folds (a line break and one space or tab between the bytes of one character) are joined on
 * the bytes, before decoding. Only when that turns bytes that are not UTF-8 into UTF-8.
 */
function rejoinSplitCharacters(buf: Buffer): Buffer {
  if (isUtf8(buf)) return buf;
  const pieces: Buffer[] = [];
  // The last bytes joined so far: one character may have been folded more than once.
  let joinedTail = Buffer.alloc(0);
  let from = 0;
  for (let i = buf.indexOf(0x0a); i !== -1; i = buf.indexOf(0x0a, i + 1)) {
    const indent = buf[i + 1];
    const next = buf[i + 2];
    if ((indent !== 0x20 && indent !== 0x09) || next === undefined || next < 0x80 || next > 0xbf) continue;
    const breakAt = buf[i - 1] === 0x0d ? i - 1 : i;
    const before = Buffer.concat([joinedTail, buf.subarray(Math.max(from, breakAt - 3), breakAt)]);
    if (!endsInsideCharacter(before, before.length)) continue;
    pieces.push(buf.subarray(from, breakAt));
    joinedTail = before.subarray(-3);
    from = i + 2;
  }
  if (pieces.length === 0) return buf;
  const joined = Buffer.concat([...pieces, buf.subarray(from)]);
  return isUtf8(joined) ? joined : buf;
}

function looksLikeBomlessUtf16be(buf: Buffer): boolean {
  // decodeBuffer spots BOM-less UTF-16LE only; a BE file has its zero (or 0x04 Cyrillic) bytes first instead.
  const sample = Math.min(buf.length - (buf.length % 2), 4096);
  if (sample < 4 || buf[0] !== 0) return false;
  let highZero = 0;
  for (let i = 0; i < sample; i += 2) if (buf[i] === 0 || buf[i] === 4) highZero++;
  return highZero / (sample / 2) > 0.9;
}

function lineEndingsOf(text: string): string {
  const kinds = new Set<string>();
  for (const match of text.matchAll(/\r\n|\r|\n/g))
    kinds.add(match[0] === '\r\n' ? 'crlf' : match[0] === '\r' ? 'cr' : 'lf');
  if (kinds.size > 1) return 'mixed';
  return kinds.values().next().value ?? 'lf';
}

/** Groups physical lines into cards; a BEGIN before the previous card's END leaves that card unclosed. */
function splitCards(physical: string[]): RawCard[] {
  const cards: RawCard[] = [];
  let current: RawCard | undefined;
  physical.forEach((line, index) => {
    if (/^BEGIN:VCARD\s*$/i.test(line)) {
      current = { beginLine: index + 1, closed: false, lines: [] };
      cards.push(current);
    } else if (/^END:VCARD\s*$/i.test(line)) {
      if (current) current.closed = true;
      current = undefined;
    } else if (current) {
      current.lines.push(line);
    }
  });
  return cards;
}

/** Physical lines of one card to logical property lines. */
function unfold(lines: string[], version: string): string[] {
  // Each logical line is kept as its pieces and joined once at the end: a folded PHOTO or a long quoted-printable
  // NOTE can be megabytes over thousands of physical lines, and rewriting the whole line per piece is quadratic.
  const logical: string[][] = [];
  // Tested on the physical line and cached per logical line.
  let softBreak = false;
  let quotedPrintable = false;
  let base64 = false;
  for (const line of lines) {
    const pieces = logical[logical.length - 1];
    if (pieces && softBreak && quotedPrintable) {
      // A QP soft line break: joined first, as its continuation may start with '=' or whitespace that is data.
      pieces[pieces.length - 1] = pieces[pieces.length - 1]!.replace(/=[ \t]*$/, '');
      pieces.push(line);
    } else if (pieces && /^[ \t]/.test(line)) {
      // 2.1 folds before existing whitespace, which stays; 3.0 and 4.0 insert one whitespace char, which goes.
      pieces.push(version === '2.1' ? line : line.slice(1));
    } else if (pieces && base64 && /^[A-Za-z0-9+/=]+$/.test(line)) {
      // Some 2.1 writers do not indent base64 continuation lines; ':' never occurs in base64.
      pieces.push(line);
    } else if (line.trim() !== '') {
      logical.push([line]);
      const head = line.slice(0, Math.max(colonOutsideQuotes(line), 0));
      quotedPrintable = /;(ENCODING=)?QUOTED-PRINTABLE(;|$)/i.test(head);
      base64 = /;(ENCODING=)?(BASE64|B)(;|$)/i.test(head);
    }
    softBreak = /=[ \t]*$/.test(line);
  }
  return logical.map((pieces) => pieces.join(''));
}

function colonOutsideQuotes(line: string): number {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"') quoted = !quoted;
    else if (line[i] === ':' && !quoted) return i;
  }
  return -1;
}

function parseProperty(line: string): Property | undefined {
  const colon = colonOutsideQuotes(line);
  if (colon <= 0) return undefined;
  const [qualifiedName = '', ...rawParams] = line.slice(0, colon).match(/(?:[^;"]|"[^"]*")+/g) ?? [];
  const dot = qualifiedName.lastIndexOf('.');
  const property: Property = {
    group: dot > 0 ? qualifiedName.slice(0, dot).trim().toLowerCase() : undefined,
    name: qualifiedName
      .slice(dot + 1)
      .trim()
      .toUpperCase(),
    types: [],
    quotedPrintable: false,
    params: {},
    value: line.slice(colon + 1),
  };
  if (property.name === '') return undefined;
  for (const rawParam of rawParams) {
    const equals = rawParam.indexOf('=');
    const key = (equals < 0 ? '' : rawParam.slice(0, equals)).trim().toUpperCase();
    const paramValue = (equals < 0 ? rawParam : rawParam.slice(equals + 1)).trim().replace(/^"(.*)"$/, '$1');
    if (key === 'ENCODING' || (key === '' && ENCODING_WORDS.has(paramValue.toUpperCase()))) {
      property.quotedPrintable ||= paramValue.toUpperCase() === 'QUOTED-PRINTABLE';
    } else if (key === 'CHARSET') {
      property.charset = paramValue;
    } else if (key === 'PREF') {
      property.pref = Number.parseInt(paramValue, 10) || 1;
    } else if (key === 'TYPE' || key === '') {
      for (const type of paramValue.split(',').map((word) => word.trim().toLowerCase())) {
        if (type === 'pref') property.pref ??= 1;
        else if (type !== '' && !property.types.includes(type)) property.types.push(type);
      }
    } else {
      property.params[key] = paramValue;
    }
  }
  return property;
}

/** QP escapes become bytes decoded with the declared charset; stray non-ASCII chars are already text. */
function decodeQuotedPrintable(value: string, charset: string | undefined): string {
  let text = '';
  let bytes: number[] = [];
  const flush = () => {
    if (bytes.length > 0) text += decodeCharset(Buffer.from(bytes), charset);
    bytes = [];
  };
  for (let i = 0; i < value.length; i++) {
    const hex = value[i] === '=' ? /^[0-9A-Fa-f]{2}/.exec(value.slice(i + 1, i + 3)) : null;
    if (hex) {
      bytes.push(Number.parseInt(hex[0], 16));
      i += 2;
    } else if (value.charCodeAt(i) < 0x80) {
      bytes.push(value.charCodeAt(i));
    } else {
      flush();
      text += value[i];
    }
  }
  flush();
  return text;
}

/** Splits on separators not preceded by a backslash escape; the parts keep their escapes. */
function splitUnescaped(value: string, separator: string): string[] {
  const parts: string[] = [];
  let part = '';
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '\\' && i + 1 < value.length) {
      part += value[i] + value[++i];
    } else if (value[i] === separator) {
      parts.push(part);
      part = '';
    } else {
      part += value[i];
    }
  }
  parts.push(part);
  return parts;
}

function unescapeText(value: string, version: string): string {
  // 2.1 had no backslash escapes beyond '\;' and '\,' (line breaks came as QP), so other backslashes are literal.
  const escapes = version === '2.1' ? /\\([;,])/g : /\\([\\;,nN])/g;
  return value
    .replace(escapes, (_, char: string) => (char === 'n' || char === 'N' ? '\n' : char))
    .replace(/\r\n?/g, '\n')
    .trim();
}

function parseBirthday(value: string, params: Record<string, string>): { date?: string; noYear?: string } | undefined {
  const noYear = /^--(\d{2})-?(\d{2})$/.exec(value);
  if (noYear) return isRealDate(2000, noYear[1], noYear[2]) ? { noYear: `--${noYear[1]}-${noYear[2]}` } : undefined;
  const full = /^(\d{4})-?(\d{2})-?(\d{2})(T\d{2}(:?\d{2}(:?\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/.exec(value);
  if (!full || !isRealDate(Number(full[1]), full[2], full[3])) return undefined;
  // iOS stores a birthday without a year as that placeholder year (usually 1604) and says so in this parameter.
  if (params['X-APPLE-OMIT-YEAR'] === full[1]) return { noYear: `--${full[2]}-${full[3]}` };
  return { date: `${full[1]}-${full[2]}-${full[3]}` };
}

function isRealDate(year: number, month: string, day: string): boolean {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][Number(month) - 1];
  return daysInMonth !== undefined && Number(day) >= 1 && Number(day) <= daysInMonth;
}

function apple(label: string): string {
  return label.replace(/^_\$!<(.*)>!\$_$/, '$1').trim();
}

function buildRecord(
  card: RawCard,
  version: string,
): { record?: ClientRecord; problems: RowProblem[]; binary?: boolean } {
  const problems: RowProblem[] = [];
  const properties: Property[] = [];
  for (const line of unfold(card.lines, version)) {
    const property = parseProperty(line);
    if (property) properties.push(property);
    else problems.push({ line: card.beginLine, field: line.slice(0, 30), reason: { code: 'noColon' } });
  }
  const text = (property: Property) =>
    property.quotedPrintable ? decodeQuotedPrintable(property.value, property.charset) : property.value;
  const components = (property: Property) =>
    splitUnescaped(text(property), ';')
      .map((part) => unescapeText(part, version))
      .filter((part) => part !== '');

  const groupLabels = new Map<string, string>();
  for (const property of properties) {
    if (property.name !== 'X-ABLABEL' || !property.group) continue;
    const label = apple(unescapeText(text(property), version));
    if (label) groupLabels.set(property.group, label);
  }
  const labelOf = (property: Property) =>
    (property.group && groupLabels.get(property.group)) ||
    property.types.filter((type) => !NOT_A_LABEL.has(type)).join(',') ||
    undefined;

  let formattedName = '';
  let structuredName = '';
  let organisation = '';
  let uid = '';
  const phones: Array<RawContact & { pref: number }> = [];
  const emails: Array<RawContact & { pref: number }> = [];
  const tags: string[] = [];
  const notes: string[] = [];
  let birthday: string | undefined;
  const extra: Record<string, string> = Object.create(null);
  const addExtra = (key: string, value: string) => {
    if (value !== '') extra[key] = extra[key] === undefined ? value : extra[key] + EXTRA_SEPARATOR + value;
  };

  for (const property of properties) {
    const { name } = property;
    if (name === 'UID') {
      uid ||= unescapeText(text(property), version);
    } else if (name === 'FN') {
      formattedName ||= unescapeText(text(property), version);
    } else if (name === 'N') {
      // Family;Given;Middle;Prefix;Suffix; each may list several values separated by commas.
      const parts = splitUnescaped(text(property), ';').map((part) =>
        splitUnescaped(part, ',')
          .map((word) => unescapeText(word, version))
          .filter(Boolean)
          .join(' '),
      );
      const [family = '', given = '', middle = '', prefix = '', suffix = ''] = parts;
      structuredName ||= composeName({ prefix, given, middle, family, suffix });
    } else if (name === 'TEL' || name === 'EMAIL') {
      let value = unescapeText(text(property), version);
      if (name === 'TEL') value = value.replace(/^tel:/i, '');
      const contact = { value, label: labelOf(property), pref: property.pref ?? Number.POSITIVE_INFINITY };
      if (value !== '') (name === 'TEL' ? phones : emails).push(contact);
    } else if (name === 'BDAY') {
      const value = unescapeText(text(property), version);
      const parsed = value === '' ? {} : parseBirthday(value, property.params);
      if (!parsed)
        problems.push({
          line: card.beginLine,
          field: 'BDAY',
          reason: { code: 'unreadableBirthday', ...quoted(value) },
        });
      else if (parsed.noYear) addExtra('BDAY', parsed.noYear);
      else birthday ??= parsed.date;
    } else if (name === 'NOTE') {
      const note = unescapeText(text(property), version);
      if (note) notes.push(note);
    } else if (name === 'CATEGORIES') {
      for (const tag of splitUnescaped(text(property), ',').map((word) => unescapeText(word, version))) {
        if (tag && !tags.includes(tag)) tags.push(tag);
      }
    } else if (!SKIPPED.has(name) && !BINARY.has(name)) {
      const qualifier = labelOf(property);
      const key = qualifier ? `${name} (${qualifier})` : name;
      const structured = name === 'ADR' || name === 'ORG';
      const value = structured ? components(property).join(', ') : unescapeText(text(property), version);
      if (name === 'ORG') organisation ||= value;
      addExtra(key, value);
    }
  }

  // A card a phone's owner saved under a nickname alone (`Мастер Лена`) is that client's name.
  const nickname = Object.entries(extra)
    .find(([key]) => key.startsWith('NICKNAME'))?.[1]
    ?.split(EXTRA_SEPARATOR)[0];
  const name = formattedName || structuredName || organisation || nickname || '';
  const binary = properties.some((property) => BINARY.has(property.name));
  if (!name && phones.length === 0 && emails.length === 0) return { problems, binary };
  const byPreference = (list: Array<RawContact & { pref: number }>): RawContact[] =>
    list
      .map((contact, index) => ({ contact, index }))
      .sort((a, b) => a.contact.pref - b.contact.pref || a.index - b.index)
      .map(({ contact: { value, label } }) => (label ? { value, label } : { value }));
  const record: ClientRecord = {
    line: card.beginLine,
    ...(name ? { name } : {}),
    phones: byPreference(phones),
    emails: byPreference(emails),
    tags,
    ...(birthday ? { birthday } : {}),
    ...(notes.length > 0 ? { note: notes.join('\n') } : {}),
    ...(uid ? { fileId: uid } : {}),
    extra,
    card: card.lines,
  };
  return { record, problems, binary };
}
