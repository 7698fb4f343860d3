import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { readVcard } from '../../src/importers/vcard.js';

// test/importers/vcard.test.ts reads back names and notes folded at 75 octets, and proves arbitrary bytes only ever
// give an InputError. These fold anywhere, break quoted-printable anywhere, and use both charsets phones write.

const CRLF = '\r\n';

/** What a vCard 3.0/4.0 writer does to a text value. */
const escape30 = (value: string) =>
  value.replace(/\\/g, '\\\\').replace(/,/g, '\\,').replace(/;/g, '\\;').replace(/\n/g, '\\n');

/** Text of any script; no lone surrogates (they have no UTF-8), no CR (a line break is written as \n). */
const anyText = fc.string({ unit: 'grapheme', maxLength: 60 }).map((text) => text.replace(/[\r\0]/g, ''));
const nonBlank = (text: fc.Arbitrary<string>) => text.filter((value) => value.trim() !== '');

/** Cuts `text` before each of the given positions (between UTF-16 code units that are not a surrogate pair). */
function cutAt(text: string, positions: number[]): string[] {
  const cuts = [...new Set(positions.map((p) => p % (text.length + 1)).filter((p) => p > 0 && p < text.length))].sort(
    (a, b) => a - b,
  );
  const safe = cuts.filter((p) => !(text.charCodeAt(p) >= 0xdc00 && text.charCodeAt(p) <= 0xdfff));
  const pieces: string[] = [];
  let from = 0;
  for (const cut of safe) {
    pieces.push(text.slice(from, cut));
    from = cut;
  }
  pieces.push(text.slice(from));
  return pieces;
}

function card(version: string, ...lines: string[]): string {
  return ['BEGIN:VCARD', `VERSION:${version}`, ...lines, 'END:VCARD', ''].join(CRLF);
}

function readOne(bytes: Buffer) {
  const { records, problems } = readVcard(bytes);
  expect(problems).toEqual([]);
  expect(records).toHaveLength(1);
  return records[0]!;
}

/** What the reader gives back for a written text value: line breaks as \n, outer whitespace trimmed. */
const asRead = (text: string) => text.replace(/\r\n?/g, '\n').trim();

describe('vCard folding', () => {
  it('unfolds 3.0 and 4.0 lines folded at any position, with a space or a tab', () => {
    fc.assert(
      fc.property(
        nonBlank(anyText),
        anyText,
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.constantFrom('3.0', '4.0'),
        fc.constantFrom(' ', '\t'),
        (name, note, positions, version, indent) => {
          const fold = (line: string) => cutAt(line, positions).join(CRLF + indent);
          const record = readOne(
            Buffer.from(card(version, fold(`FN:${escape30(name)}`), fold(`NOTE:${escape30(note)}`)), 'utf8'),
          );
          expect(record.name).toBe(asRead(name));
          expect(record.note).toBe(asRead(note) || undefined);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('unfolds lines folded at any octet, inside a multi-byte character too (RFC 6350 3.2)', () => {
    fc.assert(
      fc.property(nonBlank(anyText), fc.array(fc.nat(), { minLength: 1, maxLength: 12 }), (name, positions) => {
        const line = Buffer.from(`FN:${escape30(name)}`, 'utf8');
        const cuts = [...new Set(positions.map((p) => 1 + (p % line.length)))].sort((a, b) => a - b);
        const pieces = cuts.map((cut, i) => line.subarray(i === 0 ? 0 : cuts[i - 1], cut));
        pieces.push(line.subarray(cuts[cuts.length - 1]));
        const folded = Buffer.concat(
          pieces.flatMap((piece, i) => (i === 0 ? [piece] : [Buffer.from(`${CRLF} `), piece])),
        );
        const [head, tail] = card('4.0', '@', 'TEL:+79123456789').split('@');
        const record = readOne(Buffer.concat([Buffer.from(head!), folded, Buffer.from(tail!)]));
        expect(record.name).toBe(asRead(name));
      }),
      { numRuns: 300 },
    );
  });

  it('unfolds 2.1 lines folded before any of their spaces, the space kept', () => {
    const words = fc.array(fc.constantFrom('Анна', 'Smith', 'ёж', 'O’Neil', '😀', '-', '1'), {
      minLength: 1,
      maxLength: 12,
    });
    fc.assert(
      fc.property(words, fc.array(fc.boolean(), { maxLength: 12 }), (parts, folds) => {
        const name = parts.join(' ');
        const folded = parts.map((part, i) => (i > 0 && folds[i] ? `${CRLF} ${part}` : i > 0 ? ` ${part}` : part));
        const record = readOne(Buffer.from(card('2.1', `FN:${folded.join('')}`, 'TEL:+79123456789'), 'utf8'));
        expect(record.name).toBe(name);
      }),
      { numRuns: 300 },
    );
  });
});

/** Quoted-printable tokens of `bytes`: printable ASCII as itself (but `=`, `:` and spaces at a line end), else =XX. */
function qpTokens(bytes: Buffer): string[] {
  return [...bytes].map((byte, i) => {
    const printable = byte >= 0x21 && byte <= 0x7e && byte !== 0x3d && byte !== 0x3a;
    // ':' is escaped too, so that no broken-off line can read `END:VCARD`.
    const space = byte === 0x20 && i < bytes.length - 1;
    return printable || space ? String.fromCharCode(byte) : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  });
}

/** Joins tokens with a soft line break (`=` CRLF) before each chosen token: anywhere an encoder may break. */
function withSoftBreaks(tokens: string[], breaks: number[]): string {
  const at = new Set(breaks.map((b) => b % (tokens.length + 1)));
  return tokens.map((token, i) => (at.has(i) ? `=${CRLF}${token}` : token)).join('');
}

const CHARSETS = [
  { param: 'UTF-8', encoding: 'utf8' },
  { param: 'utf-8', encoding: 'utf8' },
  { param: 'WINDOWS-1251', encoding: 'cp1251' },
  { param: 'windows-1251', encoding: 'cp1251' },
] as const;

/** Text Windows-1251 can hold: Russian and Latin letters, digits, punctuation, line breaks. No backslash: 2.1 has
 * no way to write one before `;` or `,`. */
const cp1251Text = fc.string({
  unit: fc.constantFrom(...'абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВЁЖЯ abcXYZ0189.,;:!?=-"\'«»№\n\t'),
  maxLength: 80,
});

describe('vCard 2.1 quoted-printable', () => {
  it('reads back any text in either charset, with soft line breaks anywhere between escapes', () => {
    const text = fc.constantFrom(...CHARSETS).chain((charset) =>
      fc.record({
        charset: fc.constant(charset),
        name: nonBlank(charset.encoding === 'utf8' ? anyText : cp1251Text).map((t) => t.replace(/\\/g, '/')),
        note: (charset.encoding === 'utf8' ? anyText : cp1251Text).map((t) => t.replace(/\\/g, '/')),
        nameBreaks: fc.array(fc.nat(), { maxLength: 10 }),
        noteBreaks: fc.array(fc.nat(), { maxLength: 10 }),
      }),
    );
    fc.assert(
      fc.property(text, ({ charset, name, note, nameBreaks, noteBreaks }) => {
        const encode = (value: string, breaks: number[]) =>
          withSoftBreaks(qpTokens(iconv.encode(value.replace(/\n/g, CRLF), charset.encoding)), breaks);
        const params = `;CHARSET=${charset.param};ENCODING=QUOTED-PRINTABLE`;
        const record = readOne(
          Buffer.from(
            card('2.1', `FN${params}:${encode(name, nameBreaks)}`, `NOTE${params}:${encode(note, noteBreaks)}`),
            'latin1',
          ),
        );
        expect(record.name).toBe(asRead(name));
        expect(record.note).toBe(asRead(note) || undefined);
      }),
      { numRuns: 300 },
    );
  });

  it('reads raw 8-bit Windows-1251 cards, as old phones write them', () => {
    const words = fc.array(
      fc.constantFrom('Иванова', 'Мария', 'Петровна', 'стрижка', 'ещё', 'VIP', 'Щукин', 'подъезд'),
      {
        minLength: 1,
        maxLength: 5,
      },
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(words, words), { minLength: 1, maxLength: 5 }), (cards) => {
        const text = cards
          .map(([name, note]) =>
            card('2.1', `FN;CHARSET=WINDOWS-1251:${name.join(' ')}`, `NOTE;CHARSET=WINDOWS-1251:${note.join(' ')}`),
          )
          .join('');
        const { records, problems, detected } = readVcard(iconv.encode(text, 'cp1251'));
        expect(problems).toEqual([]);
        expect(detected.encoding).toBe(/[а-яё]/i.test(text) ? 'cp1251' : 'utf8');
        expect(records.map((r) => [r.name, r.note])).toEqual(
          cards.map(([name, note]) => [name.join(' '), note.join(' ')]),
        );
      }),
      { numRuns: 200 },
    );
  });
});
