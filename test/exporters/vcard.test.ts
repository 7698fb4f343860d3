import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Client } from '../../src/domain/client.js';
import {
  escapeText,
  foldLine,
  VCARD_VERSIONS,
  vcardFileName,
  writeVcard,
  writeVcards,
} from '../../src/exporters/vcard.js';
import { readClientFile } from '../../src/importers/client-file.js';
import { readVcard } from '../../src/importers/vcard.js';
import { client, contact } from '../builders.js';

const LONG_NOTE = `${'Очень длинная заметка про клиентку, её мастера и любимый кофе; '.repeat(4)}конец.\nВторая строка, с \\ обратной чертой.`;

const CLIENTS: Client[] = [
  client({
    id: 1,
    name: 'Лебедева Виктория «Вика», мл.',
    phones: [
      contact('+79265551234', '+7 926 555-12-34', 'cell'),
      contact('+74957654321', '8 (495) 765-43-21', 'Рабочий'),
      contact('+74951112233', '+7 495 111-22-33', 'home,work'),
      contact('3456', '34-56', 'voice', false),
    ],
    emails: [contact('vika@example.ru', 'Vika@Example.ru', 'Work'), contact('v@example.com', 'v@example.com')],
    tags: ['VIP', 'Опт, крупный', 'Тег; с точкой', 'back\\slash'],
    birthday: '1991-07-02',
    note: LONG_NOTE,
    extra: {
      ORG: 'ООО «СтройМаркет», Отдел закупок',
      'ADR (home)': 'ул. Ленина, д. 5; кв. 12, Казань',
      'URL (HomePage)': 'https://vk.com/vika',
      'RELATED (spouse)': 'Иван',
      URL: 'https://a.example ::: https://b.example',
      BDAY: '--07-02',
      Мастер: 'Ольга',
      'Сумма покупок': '12 500,00',
      'X-PCRM-EXTRA': 'literal',
      Nickname: 'Вика, Викуля',
      NICKNAME: 'Тори',
    },
  }),
  client({ id: 2, name: '', phones: [contact('+79990000000', '+7 999 000-00-00')] }),
  client({ id: 3, name: 'Без года', extra: { BDAY: '--05-17', Прозвище: 'Лёля; Оля' } }),
];

describe('vCard lines', () => {
  it('escapes backslash, comma, semicolon and line breaks', () => {
    expect(escapeText('a\\b,c;d\ne\r\nf')).toBe('a\\\\b\\,c\\;d\\ne\\nf');
  });

  it('folds at 75 octets without splitting a UTF-8 sequence or a surrogate pair', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'я', '€', '😀', ' ', '\\'), maxLength: 400 });
    fc.assert(
      fc.property(text, (value) => {
        const lines = foldLine(`NOTE:${value}`);
        const strict = new TextDecoder('utf-8', { fatal: true });
        for (const [i, line] of lines.entries()) {
          const bytes = Buffer.from(line, 'utf8');
          expect(bytes.length).toBeLessThanOrEqual(75);
          expect(strict.decode(bytes)).toBe(line);
          if (i > 0) expect(line.startsWith(' ')).toBe(true);
        }
        expect(lines.map((line, i) => (i === 0 ? line : line.slice(1))).join('')).toBe(`NOTE:${value}`);
      }),
    );
  });
});

describe.each(VCARD_VERSIONS)('vCard %s', (version) => {
  const text = writeVcards(CLIENTS, version);

  it('is CRLF-terminated, with every line at most 75 octets', () => {
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(text).toContain(`VERSION:${version}\r\n`);
  });

  it('reads back with the same names, phones, e-mails, labels, birthday, note and tags', () => {
    const read = readVcard(Buffer.from(text, 'utf8'));
    expect(read.problems).toEqual([]);
    expect(read.detected.versions).toEqual([version]);
    expect(read.records).toHaveLength(CLIENTS.length);
    read.records.forEach((record, i) => {
      const original = CLIENTS[i]!;
      expect(record.name ?? '').toBe(original.name);
      expect(record.phones).toEqual(
        original.phones.map((p) => ({ value: p.valid ? p.value : p.raw, ...(p.label ? { label: p.label } : {}) })),
      );
      expect(record.emails).toEqual(
        original.emails.map((e) => ({ value: e.raw, ...(e.label ? { label: e.label } : {}) })),
      );
      expect(record.birthday).toBe(original.birthday ?? undefined);
      expect(record.note).toBe(original.note ?? undefined);
      expect(record.tags).toEqual(original.tags);
    });
  });

  it('gives every extra field back under its key through the client file reader', () => {
    const read = readClientFile(Buffer.from(text, 'utf8'), 'clients.vcf');
    expect(read.records.map((record) => record.extra)).toEqual(CLIENTS.map((c) => c.extra));
  });

  it('writes a nickname of any source as NICKNAME, labelled with its key where that is not NICKNAME', () => {
    expect(text).toContain('NICKNAME:Тори\r\n');
    expect(text).toMatch(/item(\d+)\.NICKNAME:Вика\\, Викуля\r\nitem\1\.X-ABLabel:Nickname\r\n/);
    expect(text).toMatch(/item(\d+)\.NICKNAME:Лёля\\; Оля\r\nitem\1\.X-ABLabel:Прозвище\r\n/);
    expect(text).not.toMatch(/X-PCRM-EXTRA:(Вика|Лёля)/);
  });

  it('writes 4.0 phones as tel: URIs and 3.0 phones as text, with TYPE for old phones', () => {
    if (version === '4.0') expect(text).toContain('TEL;VALUE=uri;TYPE=cell:tel:+79265551234\r\n');
    else expect(text).toContain('TEL;TYPE=cell:+79265551234\r\n');
    expect(text).toMatch(/item\d+\.TEL;(VALUE=uri;)?TYPE=work:(tel:)?\+74957654321\r\nitem\d+\.X-ABLabel:Рабочий\r\n/);
  });
});

describe('vcardFileName', () => {
  it('keeps the name readable and safe for any file system', () => {
    expect(vcardFileName(CLIENTS[0]!)).toBe('00001-Лебедева Виктория «Вика», мл..vcf');
    expect(vcardFileName(client({ id: 12, name: 'a/b:c*?"<>|d' }))).toBe('00012-a b c d.vcf');
    expect(vcardFileName(CLIENTS[1]!)).toBe('00002.vcf');
  });

  it('writes one card per client', () => {
    expect(writeVcard(CLIENTS[2]!, '4.0').match(/BEGIN:VCARD/g)).toHaveLength(1);
    expect(writeVcard(CLIENTS[2]!, '4.0')).toContain('BDAY:--0517\r\n');
    expect(writeVcard(CLIENTS[2]!, '3.0')).toContain('BDAY:--05-17\r\n');
  });
});
