import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { looksLikeVcard, readVcard as readCardsAsRead } from '../../src/importers/vcard.js';

/** The reader without the lines each card was read from (a rejects file gives a card back with them: tested below). */
function readVcard(...args: Parameters<typeof readCardsAsRead>) {
  const read = readCardsAsRead(...args);
  return {
    ...read,
    records: read.records.map(({ card: _, ...record }) => record),
    problems: read.problems.map(({ card: _, ...problem }) => problem),
  };
}

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/clients/${name}`, import.meta.url));
const read = (text: string) => readVcard(Buffer.from(text, 'utf8'));
const card = (...lines: string[]) => ['BEGIN:VCARD', 'VERSION:3.0', ...lines, 'END:VCARD'].join('\r\n');

/** What a vCard 3.0 writer does to a text value. */
const escape30 = (value: string) =>
  value.replace(/\\/g, '\\\\').replace(/,/g, '\\,').replace(/;/g, '\\;').replace(/\n/g, '\\n');

/** Folds at 75 octets without splitting a character, continuation lines starting with one space. */
function fold(line: string): string {
  const chunks: string[] = [];
  let current = '';
  for (const char of line) {
    const limit = chunks.length === 0 ? 75 : 74;
    if (Buffer.byteLength(current + char) > limit) {
      chunks.push(current);
      current = '';
    }
    current += char;
  }
  chunks.push(current);
  return chunks.join('\r\n ');
}

describe('vcard fixtures', () => {
  it('reads Android 2.1 quoted-printable UTF-8 cards', () => {
    const { detected, records, problems } = readVcard(fixture('vcard-android-21-qp.vcf'));
    expect(detected).toEqual({ format: 'vcard', encoding: 'utf8', bom: false, versions: ['2.1'], lineEndings: 'crlf' });
    expect(problems).toEqual([]);
    expect(records).toEqual([
      {
        line: 1,
        name: 'Анна Сергеевна Смирнова',
        phones: [
          { value: '8 916 234-56-78', label: 'cell' },
          { value: '8(495)321-54-76', label: 'home' },
        ],
        emails: [{ value: 'anna.smirnova@mail.ru', label: 'home' }],
        tags: [],
        birthday: '1988-03-14',
        note: 'Окрашивание только безаммиачное.\nАллергия на хну!',
        extra: {},
      },
      {
        line: 16,
        name: 'Дмитрий Козлов',
        phones: [
          { value: '+79161237788', label: 'cell' },
          { value: '8 903 765-43-21', label: 'cell' },
        ],
        emails: [{ value: 'd.kozlov@yandex.ru' }],
        tags: [],
        extra: { 'X-ANDROID-CUSTOM': 'vnd.android.cursor.item/nickname;Дима;1;;;;;;;;;;;;;' },
      },
      {
        line: 31,
        name: 'Елена Викторовна Петрова',
        phones: [{ value: '+7 (843) 211-22-33', label: 'work' }],
        emails: [],
        tags: [],
        birthday: '1975-09-23',
        extra: {},
      },
      {
        line: 38,
        name: 'Ирина Волкова',
        phones: [{ value: '89261112233', label: 'cell' }],
        emails: [{ value: 'irina.volkova@salon-lokon.ru', label: 'work' }],
        tags: [],
        note: 'Сестра Ольги',
        extra: { ORG: 'Салон «Локон»', TITLE: 'Администратор' },
      },
      {
        line: 52,
        name: 'Цветочный магазин «Ромашка»',
        phones: [{ value: '8(495)987-65-43', label: 'work' }],
        emails: [],
        tags: [],
        extra: { ORG: 'Цветочный магазин «Ромашка»' },
      },
    ]);
  });

  it('reads Nokia 2.1 cards in Windows-1251, quoted-printable and raw', () => {
    const { detected, records, problems } = readVcard(fixture('vcard-nokia-21-cp1251.vcf'));
    expect(detected).toEqual({
      format: 'vcard',
      encoding: 'cp1251',
      bom: false,
      versions: ['2.1'],
      lineEndings: 'crlf',
    });
    expect(problems).toEqual([]);
    expect(records).toEqual([
      {
        line: 1,
        name: 'Павел Кузнецов',
        phones: [
          { value: '+79057778899', label: 'cell' },
          { value: '8 3452 23-45-67', label: 'work' },
        ],
        emails: [],
        tags: [],
        birthday: '1982-03-15',
        extra: {},
      },
      {
        line: 8,
        name: 'Ольга Морозова',
        phones: [{ value: '8-922-456-78-90', label: 'cell' }],
        emails: [],
        tags: [],
        note: 'Маникюр по четвергам, мастер Света.\nПредпочитает звонок, не СМС. Бонусная карта №0417.',
        extra: {},
      },
      {
        line: 19,
        name: 'Наталья Федорова',
        phones: [{ value: '8-917-222-33-44', label: 'cell' }],
        emails: [],
        tags: [],
        note: 'Стрижка раз в 6 недель; скидка 10%',
        extra: { 'ADR (home)': 'ул. Мира 7, Тюмень, 625000, Россия' },
      },
    ]);
  });

  it('reads iPhone 3.0 cards: groups, Apple labels, folding, escapes, skipped PHOTO', () => {
    const { detected, records, problems } = readVcard(fixture('vcard-iphone-30.vcf'));
    expect(detected).toEqual({
      format: 'vcard',
      encoding: 'utf8',
      bom: false,
      versions: ['3.0'],
      lineEndings: 'lf',
      binaryLeftOut: 1,
    });
    expect(problems).toEqual([]);
    expect(records).toEqual([
      {
        line: 1,
        name: 'Анна Смирнова',
        phones: [{ value: '+7 (916) 234-56-78', label: 'Mobile' }],
        emails: [{ value: 'anya.smirnova@gmail.com', label: 'home' }],
        tags: [],
        extra: { BDAY: '--03-14' },
      },
      {
        line: 11,
        name: 'Виктория Андреевна Лебедева',
        phones: [
          { value: '+7 926 555-12-34', label: 'cell' },
          { value: '+7 (495) 765-43-21', label: 'Рабочий' },
        ],
        emails: [
          { value: 'vika.lebedeva@yandex.ru', label: 'home' },
          { value: 'v.lebedeva@stroymarket.ru', label: 'work' },
        ],
        tags: ['VIP', 'Стрижка'],
        birthday: '1991-07-02',
        note:
          'Любит кофе без сахара, пьёт капучино. Мастер: Оксана; запись только на субботу, с утра. ' +
          'Скидка 15% по карте клиента.',
        extra: {
          ORG: 'ООО «СтройМаркет», Отдел закупок',
          TITLE: 'Менеджер',
          'ADR (home)': 'ул. Ленина, д. 5, кв. 12, Казань, 420111, Россия',
          'X-ABADR': 'ru',
        },
      },
      {
        line: 35,
        name: 'Сергей Орлов',
        phones: [{ value: '+7 (999) 123-45-67', label: 'cell' }],
        emails: [],
        tags: ['Барбершоп'],
        extra: {
          NICKNAME: 'Серёга',
          'URL (HomePage)': 'https://vk.com/orlov_barber',
          'X-ABDATE (Anniversary)': '2019-06-01',
          'IMPP (home)': 'x-apple:orlov_s',
        },
      },
    ]);
  });

  it('shares one client phone between the iPhone and Android exports, written differently', () => {
    const digits = (value: string) => value.replace(/\D/g, '').slice(-10);
    const android = readVcard(fixture('vcard-android-21-qp.vcf')).records.flatMap((r) => r.phones.map((p) => p.value));
    const iphone = readVcard(fixture('vcard-iphone-30.vcf')).records.flatMap((r) => r.phones.map((p) => p.value));
    const shared = iphone.filter((phone) => android.some((other) => digits(other) === digits(phone)));
    expect(shared).toEqual(['+7 (916) 234-56-78']);
    expect(android).toContain('8 916 234-56-78');
  });

  it('reads 4.0 cards with a BOM, tel: URIs, PREF=1 and dates without a year', () => {
    const { detected, records, problems } = readVcard(fixture('vcard-google-40.vcf'));
    expect(detected).toEqual({ format: 'vcard', encoding: 'utf8', bom: true, versions: ['4.0'], lineEndings: 'crlf' });
    expect(problems).toEqual([]);
    expect(records).toEqual([
      {
        line: 1,
        name: 'Татьяна Ковалёва',
        phones: [
          { value: '+7-912-555-01-02', label: 'cell' },
          { value: '+7-495-111-22-33', label: 'work' },
        ],
        emails: [{ value: 't.kovaleva@example.ru', label: 'work' }],
        tags: [],
        note: 'Окрашивание: 7/1, тонирование.\nПросит напоминание за день.',
        extra: { BDAY: '--05-17' },
      },
      {
        line: 12,
        name: 'Алексей Новиков',
        phones: [{ value: '+79031234455', label: 'cell' }],
        emails: [{ value: 'novikov.a@gmail.com' }, { value: 'alexey@novikov-shop.ru' }],
        tags: ['Опт, крупный', 'Постоянный'],
        birthday: '1985-04-12',
        extra: { ANNIVERSARY: '20100612', 'RELATED (spouse)': 'Мария Новикова' },
      },
      {
        line: 25,
        name: 'Марина Гусева',
        phones: [{ value: '8 (800) 200-11-22', label: 'work' }],
        emails: [],
        tags: [],
        extra: {
          ORG: 'ИП Гусева',
          'ADR (work)': 'пр-т Мира, 15, Москва, 129090, Россия',
          URL: 'https://guseva-flowers.ru',
          'X-INSTAGRAM': 'guseva.flowers',
        },
      },
    ]);
  });

  it('keeps the cards before a truncated one and reports the truncated card at its BEGIN line', () => {
    const { records, problems } = readVcard(fixture('vcard-broken-truncated.vcf'));
    expect(records.map((r) => [r.line, r.name, r.phones])).toEqual([
      [1, 'Григорий Сафонов', [{ value: '+7 905 333-21-10', label: 'cell' }]],
      [7, 'Людмила Егорова', [{ value: '8 (812) 456-78-90', label: 'home' }]],
    ]);
    expect(records[1].emails).toEqual([{ value: 'l.egorova@mail.ru' }]);
    expect(problems).toEqual([{ line: 14, reason: { code: 'cardNotClosed' } }]);
  });
});

describe('readVcard line handling', () => {
  it('joins QP soft line breaks before unfolding, including continuations that start with "=" or a space', () => {
    const text = [
      'BEGIN:VCARD',
      'VERSION:2.1',
      'FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D0=9E=D0=BB=D0=B5=D0=B3=',
      '=20=D0=A1=D0=B8=D0=BD=D0=B8=D1=86=D1=8B=D0=BD',
      'NOTE;QUOTED-PRINTABLE;CHARSET=UTF-8:first=',
      ' line=0D=0Asecond =',
      '',
      'TEL;CELL:8 999 000-11-22',
      'END:VCARD',
    ].join('\r\n');
    const [record] = read(text).records;
    expect(record.name).toBe('Олег Синицын');
    expect(record.note).toBe('first line\nsecond');
    expect(record.phones).toEqual([{ value: '8 999 000-11-22', label: 'cell' }]);
  });

  it('decodes QP bytes with the declared charset even when the file is UTF-8', () => {
    const qp = [...iconv.encode('Жанна', 'cp1251')].map((b) => `=${b.toString(16).toUpperCase()}`).join('');
    const text = `BEGIN:VCARD\nVERSION:2.1\nFN;CHARSET=WINDOWS-1251;ENCODING=QUOTED-PRINTABLE:${qp}\nNOTE:ёжик\nEND:VCARD\n`;
    const [record] = read(text).records;
    expect(record.name).toBe('Жанна');
    expect(record.note).toBe('ёжик');
  });

  it('removes one whitespace char when unfolding 3.0 and keeps it in 2.1', () => {
    const v30 = read(card('FN:Алла Ю', ' рьевна', 'NOTE:два', '\t пробела'));
    expect(v30.records[0].name).toBe('Алла Юрьевна');
    expect(v30.records[0].note).toBe('два пробела');
    const v21 = read('BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Алла\r\n Юрьевна\r\nEND:VCARD\r\n');
    expect(v21.records[0].name).toBe('Алла Юрьевна');
  });

  it('reads mixed CRLF, LF and CR line endings without stray carriage returns', () => {
    const text =
      'BEGIN:VCARD\r\nVERSION:3.0\nFN:Роза Ким\rTEL:+7 900 111-22-33\r\nEND:VCARD\n\n\r\nBEGIN:VCARD\rFN:Ли\rEND:VCARD';
    const { detected, records } = read(text);
    expect(detected.lineEndings).toBe('mixed');
    expect(records.map((r) => [r.line, r.name, r.phones])).toEqual([
      [1, 'Роза Ким', [{ value: '+7 900 111-22-33' }]],
      [8, 'Ли', []],
    ]);
  });

  it('reads UTF-16LE with and without a BOM, and UTF-16BE with a BOM', () => {
    const text = card('FN:Вера Шмидт', 'TEL;TYPE=cell:+7 911 222-33-44', 'NOTE:строка 1\\nстрока 2');
    const expected = {
      line: 1,
      name: 'Вера Шмидт',
      phones: [{ value: '+7 911 222-33-44', label: 'cell' }],
      emails: [],
      tags: [],
      note: 'строка 1\nстрока 2',
      extra: {},
    };
    const withBom = readVcard(iconv.encode(text, 'utf16le', { addBOM: true }));
    expect(withBom.detected).toMatchObject({ encoding: 'utf16le', bom: true });
    expect(withBom.records).toEqual([expected]);
    const bare = readVcard(iconv.encode(text, 'utf16le'));
    expect(bare.detected).toMatchObject({ encoding: 'utf16le', bom: false });
    expect(bare.records).toEqual([expected]);
    const bigEndian = readVcard(iconv.encode(text, 'utf16be', { addBOM: true }));
    expect(bigEndian.records).toEqual([expected]);
  });

  it('skips empty cards and blank lines silently', () => {
    const text = `\n\nBEGIN:VCARD\nEND:VCARD\n\n${card('N:;;;;', 'NOTE:только заметка')}\n\n${card('FN:Тимур')}\n`;
    const { records, problems } = read(text);
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.line, r.name])).toEqual([[12, 'Тимур']]);
  });

  it('reports a card left open by the next BEGIN and keeps the next card', () => {
    const text = ['BEGIN:VCARD', 'FN:Без конца', 'BEGIN:VCARD', 'FN:Целая', 'END:VCARD'].join('\n');
    const { records, problems } = read(text);
    expect(records.map((r) => r.name)).toEqual(['Целая']);
    expect(problems).toEqual([{ line: 1, reason: { code: 'cardNotClosed' } }]);
  });

  it('skips an unindented 2.1 base64 PHOTO that ends with a blank line', () => {
    const text = [
      'BEGIN:VCARD',
      'VERSION:2.1',
      'FN:Зоя',
      'PHOTO;ENCODING=BASE64;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD',
      'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      'AAAA==',
      '',
      'TEL;CELL:89001112233',
      'END:VCARD',
    ].join('\r\n');
    const { records, problems } = read(text);
    expect(problems).toEqual([]);
    expect(records).toEqual([
      { line: 1, name: 'Зоя', phones: [{ value: '89001112233', label: 'cell' }], emails: [], tags: [], extra: {} },
    ]);
  });
});

describe('readVcard values', () => {
  it('unescapes \\; \\, \\\\ and \\n, splitting N and ADR only on unescaped semicolons', () => {
    const { records } = read(
      card(
        'N:Иванов\\;Петров;Сергей;;;',
        'NOTE:путь C:\\\\temp\\; потом\\, может\\Nбыть',
        'ADR;TYPE=work:;офис 3\\;4;ул. Садовая\\, 1;;;;',
        'ORG:Рога\\, копыта',
        'ORG:Второе место',
      ),
    );
    expect(records).toEqual([
      {
        line: 1,
        name: 'Сергей Иванов;Петров',
        phones: [],
        emails: [],
        tags: [],
        note: 'путь C:\\temp; потом, может\nбыть',
        extra: { 'ADR (work)': 'офис 3;4, ул. Садовая, 1', ORG: 'Рога, копыта ::: Второе место' },
      },
    ]);
  });

  it('builds the name from N as Given Middle Family, else from ORG', () => {
    const fromN = read(card('N:Соколова;Мария;Ивановна;;', 'TEL:1'));
    expect(fromN.records[0].name).toBe('Мария Ивановна Соколова');
    const fromOrg = read(card('FN:', 'ORG:Ателье «Игла»;Пошив', 'TEL:2'));
    expect(fromOrg.records[0].name).toBe('Ателье «Игла», Пошив');
  });

  it('puts preferred phones and emails first, whatever way PREF is written', () => {
    const { records } = read(
      card(
        'TEL;TYPE=home:1',
        'TEL;PREF=2;TYPE=work:2',
        'TEL;TYPE=cell,pref:3',
        'EMAIL;TYPE=INTERNET:a@x.ru',
        'EMAIL;TYPE=INTERNET,PREF:b@x.ru',
      ),
    );
    expect(records[0].phones).toEqual([
      { value: '3', label: 'cell' },
      { value: '2', label: 'work' },
      { value: '1', label: 'home' },
    ]);
    expect(records[0].emails).toEqual([{ value: 'b@x.ru' }, { value: 'a@x.ru' }]);
  });

  it('reads birthdays in every common shape and rejects a card with an unreadable one', () => {
    const birthday = (value: string) => read(card('FN:Кира', `BDAY:${value}`));
    expect(birthday('1990-05-17').records[0].birthday).toBe('1990-05-17');
    expect(birthday('19900517').records[0].birthday).toBe('1990-05-17');
    expect(birthday('1990-05-17T00:00:00Z').records[0].birthday).toBe('1990-05-17');
    expect(birthday('19900517T000000').records[0].birthday).toBe('1990-05-17');
    expect(birthday('2000-02-29').records[0].birthday).toBe('2000-02-29');
    expect(birthday('--05-17').records[0]).toMatchObject({ extra: { BDAY: '--05-17' } });
    expect(birthday('--05-17').records[0].birthday).toBeUndefined();
    for (const bad of ['17.05.1990', '1990-02-30', '1900-02-29', '--13-01', 'скоро']) {
      const { records, problems } = birthday(bad);
      expect(records).toEqual([]);
      expect(problems).toEqual([{ line: 1, field: 'BDAY', reason: { code: 'unreadableBirthday', value: bad } }]);
    }
  });

  it('rejects a card with a property line that has no colon, keeping the other cards', () => {
    const text = `${card('FN:Хорошая')}\r\n${card('FN:Плохая', 'это просто текст без двоеточия, длинный')}`;
    const { records, problems } = read(text);
    expect(records.map((r) => r.name)).toEqual(['Хорошая']);
    expect(problems).toEqual([{ line: 5, field: 'это просто текст без двоеточия', reason: { code: 'noColon' } }]);
  });

  it('lists distinct versions in the order seen', () => {
    const text = [
      'BEGIN:VCARD\nVERSION:2.1\nFN:А\nEND:VCARD',
      'BEGIN:VCARD\nVERSION:4.0\nFN:Б\nEND:VCARD',
      'BEGIN:VCARD\nVERSION:2.1\nFN:В\nEND:VCARD',
    ].join('\n');
    expect(read(text).detected.versions).toEqual(['2.1', '4.0']);
  });
});

describe('not a vCard', () => {
  it('throws InputError for text without BEGIN:VCARD and for binary data', () => {
    expect(() => read('Имя;Телефон\nАнна;89001234567\n')).toThrow(
      new InputError('not a vCard file: no BEGIN:VCARD line'),
    );
    expect(() => readVcard(Buffer.alloc(0))).toThrow(InputError);
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]), Buffer.from('BEGIN:VCARD\n')]);
    expect(() => readVcard(png)).toThrow(new InputError('binary data, not a vCard file'));
  });

  it('looksLikeVcard checks the first non-blank line', () => {
    expect(looksLikeVcard('\uFEFF\r\n  \r\nbegin:vcard\r\nVERSION:3.0')).toBe(true);
    expect(looksLikeVcard('BEGIN:VCARD')).toBe(true);
    expect(looksLikeVcard('Name,Phone\nBEGIN:VCARD')).toBe(false);
    expect(looksLikeVcard('')).toBe(false);
  });
});

describe('readVcard properties', () => {
  const fragments = [
    'BEGIN:VCARD',
    'END:VCARD',
    'VERSION:2.1',
    'VERSION:3.0',
    '\r\n',
    '\n',
    '\r',
    ' ',
    '\t',
    '=',
    '=D0',
    '=9F',
    '=\r\n',
    ';',
    ':',
    ',',
    '"',
    '\\',
    '.',
    'FN',
    'N',
    'TEL',
    'EMAIL',
    'BDAY',
    'NOTE',
    'CATEGORIES',
    'PHOTO',
    'item1.',
    'X-ABLabel',
    ';ENCODING=QUOTED-PRINTABLE',
    ';QUOTED-PRINTABLE',
    ';CHARSET=__proto__',
    ';CHARSET=constructor',
    ';ENCODING=b',
    ';PREF=x',
    ';TYPE="cell,voice"',
    ';X-APPLE-OMIT-YEAR=1604',
    '1604-03-14',
    '--0230',
    'tel:',
    '_$!<Mobile>!$_',
    'Анна',
    '\uFEFF',
  ];
  const vcardish = fc
    .array(fc.oneof(fc.constantFrom(...fragments), fc.string()), { maxLength: 60 })
    .map((parts) => parts.join(''));

  const expectOnlyInputError = (input: Buffer) => {
    try {
      const { records, problems } = readVcard(input);
      const rejected = new Set(problems.map((p) => p.line));
      for (const record of records) expect(rejected.has(record.line)).toBe(false);
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
    }
  };

  it('never throws anything but InputError on arbitrary bytes or vCard-like text', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => expectOnlyInputError(Buffer.from(bytes))));
    fc.assert(
      fc.property(vcardish, (text) => expectOnlyInputError(Buffer.from(text, 'utf8'))),
      { numRuns: 500 },
    );
  });

  it('reads back any name and note a 3.0 writer escaped and folded', () => {
    const alphabet = [...'abcXYZ019 ,;:\\=."\'<>!?-_АбвЖжЁё№«»😀'];
    const text = (extra: string[]) =>
      fc.array(fc.constantFrom(...alphabet, ...extra), { maxLength: 200 }).map((chars) => chars.join(''));
    const name = text([]).filter((value) => value.trim() !== '');
    fc.assert(
      fc.property(name, text(['\n']), (fn, note) => {
        const { records, problems } = read(card(fold(`FN:${escape30(fn)}`), fold(`NOTE:${escape30(note)}`)));
        expect(problems).toEqual([]);
        expect(records).toHaveLength(1);
        expect(records[0].name).toBe(fn.trim());
        expect(records[0].note).toBe(note.trim() || undefined);
      }),
      { numRuns: 300 },
    );
  });
});
