/**
 * The JSON of a long listing is written in pieces (render/json-text.ts) and must be, byte for byte, what
 * JSON.stringify(json, null, 2) and a newline are: every value a name or a service can hold, every place a piece or a
 * pack of bytes can end.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientListing } from '../../src/render/clients.js';
import {
  arrayJson,
  elementJson,
  listingJson,
  objectRowJson,
  packed,
  type Scalar,
  scalarJson,
  sliced,
} from '../../src/render/json-text.js';
import { visitListing } from '../../src/render/records.js';
import { render, renderPieces } from '../../src/render/render.js';
import { dueView, explainView, PLAIN_VIEW } from '../../src/render/reports.js';
import type { DueEntry } from '../../src/reports/due.js';
import type { ExplainItem } from '../../src/reports/explain.js';
import { client, contact } from '../builders.js';

/** Texts JSON.stringify escapes or leaves as they are: quotes, controls, emoji, lone surrogates, U+2028, Cyrillic. */
const awkward = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    '',
    'Анна "Лада"',
    'back\\slash',
    'tab\there',
    'line\nbreak',
    '😀 smile',
    '\ud83d',
    '\ude00x',
    '\u2028',
  ),
);
const scalar: fc.Arbitrary<Scalar> = fc.oneof(
  awkward,
  fc.double(),
  fc.integer(),
  fc.constantFrom(null, true, false, -0, Number.NaN, Number.POSITIVE_INFINITY),
);

/** The pieces' bytes decoded: long texts compared as texts (a diff of MB of bytes takes minutes). */
const bytesOf = (pieces: Iterable<Uint8Array>) => Buffer.concat([...pieces]).toString('utf8');
/** What writing the text at once puts out: its UTF-8 bytes, decoded. */
const utf8 = (text: string) => Buffer.from(text).toString('utf8');

describe('listing JSON in pieces', () => {
  it('writes each scalar as JSON.stringify does', () => {
    fc.assert(
      fc.property(scalar, (value) => {
        expect(scalarJson(value)).toBe(JSON.stringify(value));
      }),
    );
  });

  it('writes a document with its list last as JSON.stringify(document, null, 2) and a newline', () => {
    const row = fc.dictionary(fc.oneof(awkward, fc.constantFrom('client_id', 'name')), scalar, { maxKeys: 6 });
    fc.assert(
      fc.property(
        fc.record({ metric: awkward, count: fc.integer(), period: fc.record({ from: awkward, to: awkward }) }),
        fc.array(row, { maxLength: 8 }),
        (head, rows) => {
          const pieces = listingJson(head, 'items', rows.map(objectRowJson));
          expect(bytesOf(packed(pieces))).toEqual(utf8(`${JSON.stringify({ ...head, items: rows }, null, 2)}\n`));
        },
      ),
    );
  });

  it('packs pieces into bytes of up to a MB without cutting a character, whatever their lengths', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(awkward, fc.constantFrom('😀'.repeat(300_001), 'я'.repeat(400_000), 'ᚠ'.repeat(350_001))), {
          maxLength: 12,
        }),
        (pieces) => {
          expect(bytesOf(packed(pieces))).toEqual(utf8(pieces.join('')));
        },
      ),
      { numRuns: 12 },
    );
  });

  it('keeps an emoji whole when one piece ends with its first half and the next begins with its second', () => {
    expect(bytesOf(packed(['\ud83d', '\ude00x']))).toBe('😀x');
    expect(bytesOf(packed(['a\ud83d', '', '\ude00']))).toBe('a😀');
    expect(bytesOf(packed(['a\ud83d']))).toBe(utf8('a\ud83d'));
    expect(bytesOf(packed(['\ud83d', 'b']))).toBe(utf8('\ud83db'));
  });

  it('slices a long text between characters, never between the halves of an emoji', () => {
    for (const before of [(1 << 18) - 1, 1 << 18, (1 << 18) + 1]) {
      const text = `${'a'.repeat(before)}😀${'б'.repeat(1 << 18)}😀`;
      const slices = [...sliced(text)];
      expect(slices.join('')).toBe(text);
      expect(bytesOf(packed(slices))).toEqual(utf8(text));
    }
  });
});

const entry = (clientId: number, name: string, extra: Partial<DueEntry> = {}): DueEntry => ({
  clientId,
  reason: 'due',
  lastVisit: '2026-10-01',
  expected: '2026-11-01',
  daysOverdue: -3,
  npsScore: null,
  npsDate: null,
  name,
  phone: '+79161234567',
  usualService: 'Стрижка',
  ...extra,
});

describe('views that write their JSON in pieces', () => {
  it('writes crm due --json as its JSON, with every kind of name, phone and service', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(awkward, fc.option(awkward), fc.option(awkward)), { maxLength: 6 }), (clients) => {
        const view = dueView(
          {
            options: { today: '2026-11-22', withinDays: 7, windowDays: 90, defaultGapDays: 30 },
            entries: clients.map(([name, phone, service], i) =>
              entry(i + 1, name, {
                phone,
                usualService: service,
                ...(i % 2 ? { reason: 'detractor', npsScore: 3, npsDate: '2026-11-20', expected: null } : {}),
              }),
            ),
          },
          { ...PLAIN_VIEW, format: 'json' },
        );
        expect(bytesOf(renderPieces(view, 'json'))).toEqual(utf8(render(view, 'json')));
      }),
    );
  });

  it('writes crm explain --json as its JSON, and every other format as render does', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ client_id: fc.integer(), name: fc.option(awkward), revenue: fc.double() }), {
          maxLength: 6,
        }),
        (items: ExplainItem[]) => {
          const view = explainView(
            { metric: 'new_clients', period: { from: '2026-01-01', to: '2026-12-31' }, items },
            { ...PLAIN_VIEW, format: 'json' },
          );
          expect(bytesOf(renderPieces(view, 'json'))).toEqual(utf8(render(view, 'json')));
          for (const format of ['table', 'csv', 'md'] as const) {
            expect(bytesOf(renderPieces(view, format))).toEqual(utf8(render(view, format)));
          }
        },
      ),
    );
  });
});

describe('listings of clients and visits', () => {
  const extra = fc.dictionary(awkward, awkward, { maxKeys: 2 });

  it('writes an array document as JSON.stringify(items, null, 2) and a newline, empty or not', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(scalar, fc.dictionary(awkward, scalar), fc.array(scalar)), { maxLength: 5 }),
        (items) => {
          expect([...arrayJson(items.map(elementJson))].join('')).toBe(`${JSON.stringify(items, null, 2)}\n`);
        },
      ),
    );
  });

  it('writes client list --json as its JSON, and every format as render does', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(awkward, fc.option(awkward), extra, fc.boolean()), { maxLength: 5 }), (rows) => {
        const listing = clientListing(
          rows.map(([name, phone, fields, archived], i) =>
            client({
              id: i + 1,
              name,
              phones: phone === null ? [] : [contact('+79123456789', phone, phone, i % 2 === 0)],
              tags: archived ? [name] : [],
              extra: fields,
              archived,
            }),
          ),
        );
        for (const format of ['json', 'csv', 'table', 'md'] as const) {
          expect(bytesOf(renderPieces(listing, format))).toEqual(utf8(render(listing, format)));
        }
        expect(JSON.parse(render(listing, 'json'))).toEqual(JSON.parse(JSON.stringify(listing.json)));
      }),
    );
  });

  it('writes visit list --json as its JSON, and every format as render does', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.option(awkward), fc.option(awkward), extra, fc.integer()), { maxLength: 5 }),
        (rows) => {
          const visits = rows.map(([service, note, fields, amount], i) => ({
            id: i + 1,
            client_id: (i % 2) + 1,
            date: '2026-03-16',
            amount,
            service,
            note,
            extra: fields,
          }));
          const listing = visitListing(visits, new Map([[1, 'Анна "Лада"']]));
          for (const format of ['json', 'csv', 'table', 'md'] as const) {
            expect(bytesOf(renderPieces(listing, format))).toEqual(utf8(render(listing, format)));
          }
        },
      ),
    );
  });

  it('hands the CSV and JSON of a long listing on in pieces, never as one text of its whole length', () => {
    const visits = Array.from({ length: 60_000 }, (_, i) => ({
      id: i + 1,
      client_id: 1,
      date: '2026-03-16',
      amount: 150_050,
      service: 'Стрижка',
      note: null,
      extra: {},
    }));
    const listing = visitListing(visits, new Map([[1, 'Анна']]));
    for (const format of ['csv', 'json'] as const) {
      const pieces = [...renderPieces(listing, format)];
      const whole = render(listing, format);
      expect(Buffer.concat(pieces).toString('utf8')).toBe(whole);
      // Written a piece at a time: no piece holds more than a small part of the listing.
      expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThan(Buffer.byteLength(whole) / 2);
    }
  });
});
