import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FileKind } from '../../src/domain/kinds.js';
import { InputError } from '../../src/errors.js';
import { readCsv } from '../../src/importers/csv.js';
import {
  cleanLabel,
  FIELDS,
  isFillerValue,
  isOutlookFiller,
  mapHeaders,
  maySplitContacts,
  normalizeHeader,
  splitContacts,
  splitValues,
} from '../../src/importers/headers.js';

const headersOf = (path: string) => readCsv(readFileSync(new URL(`../../fixtures/${path}`, import.meta.url))).headers;
const fieldsOf = (kind: FileKind, headers: string[]) => mapHeaders(kind, headers).columns.map((c) => c.field);
const fieldOf = (kind: FileKind, header: string) => mapHeaders(kind, [header]).columns[0]!.field;

describe('normalizeHeader', () => {
  it('ignores case, spaces, punctuation and ё', () => {
    expect(normalizeHeader(' Ф.И.О. ')).toBe('фио');
    expect(normalizeHeader('E-Mail')).toBe('email');
    expect(normalizeHeader('Откуда узнал(а)?')).toBe('откудаузнала');
    expect(normalizeHeader('Клиент с')).toBe('клиентс');
    expect(normalizeHeader('Ёлка')).toBe('елка');
  });

  it('reads only the start of a header of megabytes, and takes it for no known column', () => {
    const line = 'Телефон '.repeat(700_000);
    const timed = (header: string) => {
      let best = Number.POSITIVE_INFINITY;
      for (let run = 0; run < 3; run++) {
        const started = performance.now();
        normalizeHeader(header);
        best = Math.min(best, performance.now() - started);
      }
      return best;
    };
    // Read whole, the 5.6 MB line took thousands of times the first thousand characters' time.
    expect(timed(line)).toBeLessThan(50 * timed(line.slice(0, 1000)) + 5);
    expect(fieldOf('clients', line)).toBeNull();
    expect(fieldOf('clients', `Телефон${'.'.repeat(2000)}`)).toBeNull();
  });
});

describe('mapHeaders on the fixtures', () => {
  it('maps the LibreOffice Calc file; unknown headers stay extra', () => {
    const mapping = mapHeaders('clients', headersOf('clients/csv-calc-cp1251.csv'));
    expect(mapping.language).toBe('ru');
    expect(mapping.unknownOverrides).toEqual([]);
    expect(mapping.columns.map((c) => [c.header, c.field])).toEqual([
      ['ФИО', 'name'],
      ['Телефон', 'phone'],
      ['E-mail', 'email'],
      ['Дата рождения', 'birthday'],
      ['Источник', 'source'],
      ['Метки', 'tags'],
      ['Примечание', 'note'],
      ['Сумма покупок', null],
      ['Любимый мастер', null],
    ]);
    expect(mapping.columns.map((c) => c.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('maps the Excel file with the name split in three', () => {
    const mapping = mapHeaders('clients', headersOf('clients/csv-excel-utf8bom.csv'));
    expect(mapping.language).toBe('ru');
    expect(mapping.columns.map((c) => c.field)).toEqual([
      'last_name',
      'first_name',
      'middle_name',
      'phone',
      'email',
      'created',
      'tags',
      'note',
    ]);
  });

  it('maps the English file', () => {
    const mapping = mapHeaders('clients', headersOf('clients/csv-english-comma.csv'));
    expect(mapping.language).toBe('en');
    expect(mapping.columns.map((c) => c.field)).toEqual([
      'name',
      'phone',
      'email',
      'birthday',
      'source',
      'tags',
      'note',
      null,
    ]);
  });

  it('maps the Excel Unicode text file', () => {
    expect(fieldsOf('clients', headersOf('clients/csv-excel-unicode.txt'))).toEqual([
      'name',
      'phone',
      'email',
      'birthday',
      'note',
    ]);
  });

  it('maps a Google Contacts export: numbered phones and e-mails with their label columns', () => {
    const headers = headersOf('clients/csv-google-contacts.csv');
    const mapping = mapHeaders('clients', headers);
    expect(mapping.language).toBe('google');
    const column = (header: string) => mapping.columns[headers.indexOf(header)]!;
    expect(column('First Name').field).toBe('first_name');
    expect(column('Middle Name').field).toBe('middle_name');
    expect(column('Last Name').field).toBe('last_name');
    expect(column('Birthday').field).toBe('birthday');
    expect(column('Notes').field).toBe('note');
    expect(column('Labels')).toEqual({ index: 16, header: 'Labels', field: 'tags', separator: ' ::: ' });
    expect(column('E-mail 1 - Value')).toEqual({
      index: 18,
      header: 'E-mail 1 - Value',
      field: 'email',
      labelColumn: 17,
      separator: ' ::: ',
    });
    expect(column('E-mail 1 - Label')).toEqual({ index: 17, header: 'E-mail 1 - Label', field: null, labelFor: 18 });
    expect(column('E-mail 2 - Value')).toMatchObject({ field: 'email', labelColumn: 19 });
    expect(column('Phone 1 - Value')).toMatchObject({ field: 'phone', labelColumn: 21, separator: ' ::: ' });
    expect(column('Phone 2 - Value')).toMatchObject({ field: 'phone', labelColumn: 23 });
    expect(column('Phone 2 - Label')).toMatchObject({ field: null, labelFor: 24 });
    for (const header of ['Nickname', 'Address 1 - Formatted', 'Website 1 - Value', 'Photo']) {
      expect(column(header)).toEqual({ index: headers.indexOf(header), header, field: null });
    }
    // Kept in extra, and the name of a contact that has no other.
    expect(column('Organization Name')).toEqual({ index: 10, header: 'Organization Name', field: null, names: true });
  });

  it('maps the older Google layout', () => {
    const headers = [
      'Name',
      'Given Name',
      'Additional Name',
      'Family Name',
      'Birthday',
      'Notes',
      'Group Membership',
      'E-mail 1 - Type',
      'E-mail 1 - Value',
      'Phone 1 - Type',
      'Phone 1 - Value',
      'Phone 2 - Value',
      'Organization 1 - Name',
    ];
    const mapping = mapHeaders('clients', headers);
    expect(mapping.language).toBe('google');
    expect(mapping.columns.map((c) => c.field)).toEqual([
      'name',
      'first_name',
      'middle_name',
      'last_name',
      'birthday',
      'note',
      'tags',
      null,
      'email',
      null,
      'phone',
      'phone',
      null,
    ]);
    expect(mapping.columns[6]!.separator).toBe(' ::: ');
    expect(mapping.columns[8]!.labelColumn).toBe(7);
    expect(mapping.columns[9]!.labelFor).toBe(10);
    expect(mapping.columns[11]!.labelColumn).toBeUndefined();
  });

  it('maps an Outlook export: labelled phone columns, three e-mails, categories, bookkeeping ignored', () => {
    const headers = headersOf('clients/csv-outlook.csv');
    const mapping = mapHeaders('clients', headers);
    expect(mapping.language).toBe('outlook');
    const column = (header: string) => mapping.columns[headers.indexOf(header)]!;
    expect(column('First Name').field).toBe('first_name');
    expect(column('Middle Name').field).toBe('middle_name');
    expect(column('Last Name').field).toBe('last_name');
    expect(column('Mobile Phone')).toMatchObject({ field: 'phone', label: 'mobile' });
    expect(column('Home Phone')).toMatchObject({ field: 'phone', label: 'home' });
    expect(column('Business Phone')).toMatchObject({ field: 'phone', label: 'work' });
    expect(column('Primary Phone')).toMatchObject({ field: 'phone', label: 'primary' });
    expect(column('Other Phone')).toMatchObject({ field: 'phone', label: 'other' });
    expect(column('E-mail Address').field).toBe('email');
    expect(column('E-mail 2 Address').field).toBe('email');
    expect(column('E-mail 3 Address').field).toBe('email');
    expect(column('Categories')).toMatchObject({ field: 'tags', separator: ';' });
    expect(column('Birthday').field).toBe('birthday');
    expect(column('Notes').field).toBe('note');
    for (const header of [
      'E-mail Type',
      'E-mail Display Name',
      'E-mail 2 Type',
      'Priority',
      'Sensitivity',
      'Private',
    ]) {
      expect(column(header)).toMatchObject({ field: null, ignored: true });
    }
    expect(column('Company')).toEqual({ index: 5, header: 'Company', field: null, names: true });
    for (const header of ['Title', 'Job Title', 'Pager', 'Business Fax', 'Gender', 'Anniversary', 'Web Page']) {
      expect(column(header)).toEqual({ index: headers.indexOf(header), header, field: null });
    }
    expect(mapping.columns.filter((c) => c.field === 'phone')).toHaveLength(9);
  });

  it('maps the visits, deals and NPS files', () => {
    expect(fieldsOf('visits', headersOf('visits/visits-calc-ru.csv'))).toEqual([
      'date',
      'client',
      'phone',
      'service',
      'amount',
      'note',
    ]);
    expect(mapHeaders('visits', headersOf('visits/visits-english.csv'))).toMatchObject({ language: 'en' });
    expect(fieldsOf('visits', headersOf('visits/visits-english.csv'))).toEqual([
      'date',
      'client',
      'phone',
      'service',
      'amount',
      'note',
    ]);
    expect(fieldsOf('deals', headersOf('deals/deals-ru.csv'))).toEqual([
      'created',
      'client',
      'phone',
      'title',
      'amount',
      'source',
      'qualified',
      'deal',
      'won',
      'lost',
      'junk',
      'reason',
    ]);
    const nps = mapHeaders('nps', headersOf('nps/nps-ru.csv'));
    expect(nps.language).toBe('ru');
    expect(nps.columns.map((c) => c.field)).toEqual(['date', 'client', 'phone', 'score', 'improve', 'liked']);
  });
});

describe('mapHeaders synonyms', () => {
  const clientSynonyms: Record<string, string[]> = {
    name: ['Name', 'Full name', 'Client', 'Customer', 'Contact', 'ФИО', 'Клиент', 'Имя клиента', 'Ф.И.О.', 'ф. и. о.'],
    first_name: ['First Name', 'Given Name', 'Имя', 'FIRST_NAME'],
    last_name: ['Last Name', 'Family Name', 'Surname', 'Фамилия'],
    middle_name: ['Middle Name', 'Additional Name', 'Отчество'],
    phone: ['Phone', 'Tel', 'Mobile', 'Телефон', 'Тел.', 'Моб. телефон', 'Мобильный', 'ТЕЛЕФОН', 'Телефон 2', 'Phone2'],
    email: ['Email', 'E-mail', 'Mail', 'Почта', 'Эл. почта', 'Электронная почта', 'e-mail'],
    source: ['Source', 'Channel', 'Источник', 'Откуда узнал(а)', 'Откуда узнал', 'Откуда пришёл', 'Как узнала'],
    tags: ['Tags', 'Labels', 'Groups', 'Метки', 'Теги', 'Группа'],
    birthday: ['Birthday', 'Date of birth', 'DOB', 'Дата рождения', 'ДР', 'дата  рождения'],
    note: ['Note', 'Notes', 'Comment', 'Примечание', 'Комментарий', 'Заметки'],
    created: ['Created', 'Since', 'Дата добавления', 'Клиент с'],
  };

  it.each(Object.entries(clientSynonyms))('clients: %s', (field, headers) => {
    for (const header of headers) expect([header, fieldOf('clients', header)]).toEqual([header, field]);
  });

  it('visits', () => {
    const expected: Record<string, string[]> = {
      date: ['Date', 'Visit date', 'Дата', 'Дата визита'],
      client: ['Client', 'Клиент', 'ФИО', 'Name'],
      amount: ['Amount', 'Sum', 'Total', 'Price', 'Сумма', 'Стоимость', 'Цена'],
      service: ['Service', 'Item', 'Product', 'Услуга', 'Товар'],
      note: ['Note', 'Примечание'],
      phone: ['Телефон'],
      email: ['Email'],
    };
    for (const [field, headers] of Object.entries(expected)) {
      for (const header of headers) expect([header, fieldOf('visits', header)]).toEqual([header, field]);
    }
  });

  it('deals: "Сделка" is the stage date, "Название" and "Title" the name', () => {
    const expected: Record<string, string[]> = {
      created: ['Created', 'Создана', 'Дата создания'],
      title: ['Title', 'Deal', 'Название'],
      deal: ['Сделка'],
      qualified: ['Qualified', 'Квалифицирована'],
      won: ['Won', 'Выиграна'],
      lost: ['Lost', 'Проиграна'],
      junk: ['Junk', 'Нецелевой'],
      reason: ['Reason', 'Lost reason', 'Причина'],
      stage: ['Stage', 'Стадия', 'Этап'],
      amount: ['Сумма'],
      source: ['Источник'],
      client: ['Клиент'],
    };
    for (const [field, headers] of Object.entries(expected)) {
      for (const header of headers) expect([header, fieldOf('deals', header)]).toEqual([header, field]);
    }
  });

  it('nps', () => {
    const expected: Record<string, string[]> = {
      score: ['Score', 'NPS', 'Rating', 'Оценка'],
      improve: ['Improve', 'What could we improve', 'What could we improve?', 'Что улучшить'],
      liked: ['Liked', 'What did you like', 'Что понравилось'],
      date: ['Дата'],
    };
    for (const [field, headers] of Object.entries(expected)) {
      for (const header of headers) expect([header, fieldOf('nps', header)]).toEqual([header, field]);
    }
  });

  it('leaves a header of a field the kind does not have as extra', () => {
    expect(fieldOf('clients', 'Сумма')).toBeNull();
    expect(fieldOf('visits', 'Дата рождения')).toBeNull();
    expect(fieldOf('nps', 'Название')).toBeNull();
  });

  it('lists each kind’s fields', () => {
    expect(FIELDS.visits).toEqual(['date', 'client', 'phone', 'email', 'amount', 'service', 'note']);
    expect(FIELDS.nps).toEqual(['date', 'client', 'phone', 'email', 'score', 'improve', 'liked']);
    expect(FIELDS.clients).toHaveLength(11);
    expect(FIELDS.deals).toHaveLength(17);
  });
});

describe('mapHeaders with several candidates', () => {
  it('lets several columns add phones and e-mails, but a single-valued field takes the first column only', () => {
    expect(fieldsOf('clients', ['ФИО', 'Телефон', 'Телефон (2)', 'Клиент', 'Моб.', 'Email', 'Почта'])).toEqual([
      'name',
      'phone',
      'phone',
      null,
      'phone',
      'email',
      'email',
    ]);
  });

  it('tells the language from the headers it recognised', () => {
    expect(mapHeaders('clients', ['Name', 'Телефон']).language).toBe('mixed');
    expect(mapHeaders('clients', ['ФИО', 'E-mail', 'Something']).language).toBe('ru');
    expect(mapHeaders('clients', ['Email', 'Phone']).language).toBe('en');
    expect(mapHeaders('clients', ['Колонка']).language).toBe('ru');
    expect(mapHeaders('clients', ['E-mail']).language).toBe('en');
  });
});

describe('mapHeaders overrides', () => {
  const headers = ['ФИО', 'Телефон', 'Примечание', 'Любимый мастер', 'Источник'];

  it('win over the guess, matched case-insensitively; the guessed column of a taken field becomes extra', () => {
    const mapping = mapHeaders('clients', headers, { 'ЛЮБИМЫЙ МАСТЕР': 'note', источник: 'extra', ' телефон ': '' });
    expect(mapping.columns).toEqual([
      { index: 0, header: 'ФИО', field: 'name' },
      { index: 1, header: 'Телефон', field: null, overridden: true },
      { index: 2, header: 'Примечание', field: null },
      { index: 3, header: 'Любимый мастер', field: 'note', overridden: true },
      { index: 4, header: 'Источник', field: null, overridden: true },
    ]);
    expect(mapping.unknownOverrides).toEqual([]);
  });

  it('returns headers the file does not have', () => {
    expect(mapHeaders('clients', headers, { Мастер: 'note', ФИО: 'name' }).unknownOverrides).toEqual(['Мастер']);
  });

  it('refuses a field the kind does not have, listing the valid ones', () => {
    expect(() => mapHeaders('clients', headers, { ФИО: 'amount' })).toThrow(InputError);
    expect(() => mapHeaders('clients', headers, { ФИО: 'amount' })).toThrow(
      "unknown field 'amount' for clients (valid: name, first_name, middle_name, last_name, phone, email, source, tags, birthday, note, created, or extra)",
    );
    expect(mapHeaders('visits', ['Сумма покупок'], { 'сумма покупок': 'amount' }).columns[0]!.field).toBe('amount');
  });
});

describe('splitValues and cleanLabel', () => {
  it('splits Google multi-values and drops its system groups', () => {
    const labels = { field: 'tags', separator: ' ::: ' };
    expect(splitValues('* myContacts ::: * starred ::: VIP', labels)).toEqual(['VIP']);
    expect(splitValues('* myContacts ::: Friends ::: Клиенты', labels)).toEqual(['Friends', 'Клиенты']);
    expect(splitValues('* myContacts', labels)).toEqual([]);
    expect(splitValues('* friends ::: Коллеги', labels)).toEqual(['friends', 'Коллеги']);
    expect(splitValues('+7 916 123-45-67 ::: +7 916 765-43-21', { field: 'phone', separator: ' ::: ' })).toEqual([
      '+7 916 123-45-67',
      '+7 916 765-43-21',
    ]);
  });

  it('splits Outlook categories on ; and plain tag cells on , and ;', () => {
    expect(splitValues('VIP;Partners', { field: 'tags', separator: ';' })).toEqual(['VIP', 'Partners']);
    expect(splitValues('VIP, постоянный; новый,,', { field: 'tags' })).toEqual(['VIP', 'постоянный', 'новый']);
    expect(splitValues('', { field: 'tags' })).toEqual([]);
    expect(splitValues(' +7 912, доб. 5 ', { field: 'phone' })).toEqual(['+7 912, доб. 5']);
  });

  it('removes Google’s primary mark from labels', () => {
    expect(cleanLabel('* Mobile')).toBe('Mobile');
    expect(cleanLabel('Work')).toBe('Work');
    expect(cleanLabel('')).toBe('');
  });
});

describe('headers with two meanings', () => {
  const documented = 'Created,Client,Phone,Email,Title,Amount,Source,Qualified,Deal,Won,Lost,Junk,Reason'.split(',');
  const row = (deal: string, title = 'Website redesign') => [
    '2026-09-01',
    'Anna Smith',
    '+1 415 555 0132',
    '',
    title,
    '2400',
    'Google Ads',
    '2026-09-03',
    deal,
    '',
    '',
    '',
    '',
  ];
  const columnOf = (mapping: ReturnType<typeof mapHeaders>, header: string) =>
    mapping.columns.find((c) => c.header === header)!;

  it('reads `Deal` among the stage columns of the documented English file as the deal stage date, and says why', () => {
    const mapping = mapHeaders('deals', documented, {}, [row('2026-09-10'), row(''), row('09/15/2026')]);
    expect(columnOf(mapping, 'Title').field).toBe('title');
    expect(columnOf(mapping, 'Deal')).toMatchObject({
      field: 'deal',
      reason: { cells: 'dates', beside: true, columns: 'stage', otherTaken: 'title' },
    });
    // With no cells to tell (no deal at that stage yet), its neighbours do.
    expect(columnOf(mapHeaders('deals', documented, {}, [row('')]), 'Deal').field).toBe('deal');
    expect(columnOf(mapHeaders('deals', documented), 'Deal').field).toBe('deal');
  });

  it('reads `Deal` or `Сделка` holding names as the title, wherever it stands', () => {
    const headers = ['Created', 'Deal', 'Qualified', 'Won'];
    const mapping = mapHeaders('deals', headers, {}, [
      ['2026-09-01', 'Website redesign', '', ''],
      ['2026-09-02', 'Logo', '2026-09-03', ''],
    ]);
    expect(columnOf(mapping, 'Deal')).toMatchObject({
      field: 'title',
      reason: { cells: 'text', beside: true, columns: 'stage' },
    });
    // Bitrix24 and amoCRM name the deal's name "Сделка".
    const bitrix = mapHeaders('deals', ['Сделка', 'Стадия', 'Сумма', 'Дата создания'], {}, [
      ['Поставка оборудования', 'Новая', '100 000', '01.09.2026'],
    ]);
    expect(bitrix.columns.map((c) => c.field)).toEqual(['title', 'stage', 'amount', 'created']);
  });

  it('takes the usual meaning when nothing tells, the other when the usual one is taken', () => {
    expect(fieldOf('deals', 'Deal')).toBe('title');
    expect(fieldOf('deals', 'Сделка')).toBe('deal');
    expect(columnOf(mapHeaders('deals', ['Created', 'Title', 'Amount', 'Deal']), 'Deal').field).toBe('deal');
    expect(columnOf(mapHeaders('deals', ['Создана', 'Стадия', 'Сделка', 'Название']), 'Сделка').field).toBe('deal');
  });

  it('lets --map decide, with no reason given', () => {
    const mapping = mapHeaders('deals', documented, { Deal: 'extra' }, [row('2026-09-10')]);
    expect(columnOf(mapping, 'Deal')).toEqual({ index: 8, header: 'Deal', field: null, overridden: true });
  });
});

describe('columns named by the type of their contact', () => {
  it('maps Bitrix24, amoCRM and Outlook typed columns to phones and e-mails labelled with the type', () => {
    const expected: Array<[string, string, string]> = [
      ['Рабочий e-mail', 'email', 'work'],
      ['Частный e-mail', 'email', 'home'],
      ['E-mail для рассылок', 'email', 'mailing'],
      ['Другой e-mail', 'email', 'other'],
      ['Work e-mail', 'email', 'work'],
      ['Personal email', 'email', 'home'],
      ['Рабочий телефон', 'phone', 'work'],
      ['Мобильный телефон', 'phone', 'mobile'],
      ['Домашний телефон', 'phone', 'home'],
      ['Другой телефон', 'phone', 'other'],
      ['Телефон для рассылок', 'phone', 'mailing'],
      ['Mobile phone', 'phone', 'mobile'],
      ['Home phone', 'phone', 'home'],
      ['Other phone', 'phone', 'other'],
      ['Work phone', 'phone', 'work'],
      ['Мобильный телефон 2', 'phone', 'mobile'],
    ];
    for (const kind of ['clients', 'visits', 'deals', 'nps'] as const) {
      for (const [header, field, label] of expected) {
        expect([kind, header, mapHeaders(kind, [header]).columns[0]]).toMatchObject([kind, header, { field, label }]);
      }
    }
    // Several of them together: a phone of each type, the file's language still told.
    const mapping = mapHeaders('clients', ['Имя', 'Рабочий телефон', 'Мобильный телефон', 'Рабочий e-mail']);
    expect(mapping.columns.map((c) => [c.field, c.label])).toEqual([
      ['first_name', undefined],
      ['phone', 'work'],
      ['phone', 'mobile'],
      ['email', 'work'],
    ]);
    expect(mapping.language).toBe('ru');
  });

  it('reads `Дата создания` and `Date created` as the date a client was created', () => {
    for (const header of ['Дата создания', 'Date created', 'Created date', 'Creation date']) {
      expect([header, fieldOf('clients', header)]).toEqual([header, 'created']);
    }
    expect(fieldOf('deals', 'Date created')).toBe('created');
  });

  it('recognises a Russian Outlook export: its labelled phones, e-mails and bookkeeping', () => {
    const headers = headersOf('clients/csv-outlook-ru.csv');
    const mapping = mapHeaders('clients', headers);
    expect(mapping.language).toBe('outlook');
    const column = (header: string) => mapping.columns[headers.indexOf(header)]!;
    expect(column('Телефон переносной')).toMatchObject({ field: 'phone', label: 'mobile' });
    expect(column('Рабочий телефон')).toMatchObject({ field: 'phone', label: 'work' });
    expect(column('Адрес 2 эл. почты')).toMatchObject({ field: 'email' });
    expect(column('Категории')).toMatchObject({ field: 'tags', separator: ';' });
    for (const header of ['Тип эл. почты', 'Краткое имя эл. почты', 'Инициалы', 'Важность', 'Пометка', 'Частное']) {
      expect(column(header)).toMatchObject({ field: null, ignored: true });
    }
    expect(column('Организация')).toMatchObject({ field: null, names: true });
  });

  it('marks company columns as the name of a contact without one, in client files only', () => {
    for (const header of ['Company', 'Организация', 'Компания', 'Organization 1 - Name']) {
      expect([header, mapHeaders('clients', ['Phone', header]).columns[1]]).toMatchObject([
        header,
        { field: null, names: true },
      ]);
    }
    expect(mapHeaders('deals', ['Created', 'Компания']).columns[1]!.names).toBeUndefined();
  });
});

describe('several contacts in one cell', () => {
  it('splits phones and e-mails on ` ::: `, `; ` and `, ` when every part is one', () => {
    expect(splitContacts('+7 912 345-67-89, +7 916 123-45-67', 'phone')).toEqual([
      '+7 912 345-67-89',
      '+7 916 123-45-67',
    ]);
    expect(splitContacts('8 (912) 345-67-89; 8 (916) 123-45-67', 'phone')).toEqual([
      '8 (912) 345-67-89',
      '8 (916) 123-45-67',
    ]);
    expect(splitContacts('+447911123456 ::: +14155550132', 'phone')).toEqual(['+447911123456', '+14155550132']);
    expect(splitContacts('info@lutik.ru; sales@lutik.ru', 'email')).toEqual(['info@lutik.ru', 'sales@lutik.ru']);
    // One separator a cell: two mixed are not guessed at.
    expect(splitContacts('a@example.com, b@example.com ::: c@example.com', 'email')).toEqual([
      'a@example.com, b@example.com ::: c@example.com',
    ]);
    expect(splitValues('+7 912 345-67-89, +7 916 123-45-67', { field: 'phone' })).toHaveLength(2);
    expect(splitValues('VIP ::: Опт', { field: 'tags' })).toEqual(['VIP', 'Опт']);
  });

  it('passes over a cell splitContacts would keep whole, and no other (the typer’s test before it splits)', () => {
    const piece = fc.constantFrom('+7 912 345-67-89', '8(916)1234567', 'a@example.com', 'доб. 102', ' ', '');
    const separator = fc.constantFrom(' ::: ', '; ', ', ', ',', ';', ':', ' ', '');
    const cell = fc
      .tuple(piece, fc.array(fc.tuple(separator, piece), { maxLength: 3 }))
      .map(([first, rest]) => first + rest.map(([s, p]) => s + p).join(''));
    fc.assert(
      fc.property(cell, fc.constantFrom('phone' as const, 'email' as const), (text, field) => {
        const split = splitContacts(text, field);
        if (!maySplitContacts(text)) expect(split).toEqual([text]);
        if (split.length > 1) expect(maySplitContacts(text)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps one phone or address whole: an extension, a name, digits grouped by commas', () => {
    for (const cell of [
      '+7 495 123-45-67, доб. 102',
      '+7 495 123-45-67, Анна',
      '8,912,345,67,89',
      '+7 912 345-67-89, 102',
      '+7 912 345-67-89',
    ]) {
      expect(splitContacts(cell, 'phone')).toEqual([cell]);
    }
    expect(splitContacts('Анна Петрова, anna@example.com', 'email')).toEqual(['Анна Петрова, anna@example.com']);
  });
});

describe('fillers', () => {
  it('reads Outlook’s never-set values as empty', () => {
    for (const text of ['0.0.00', '0/0/00', 'Unspecified', 'Не указан', 'не указано']) {
      expect([text, isFillerValue(text)]).toEqual([text, true]);
    }
    for (const text of ['False', 'Ложь', '0', 'Unspecified client', '01.02.03', 'Указан']) {
      expect([text, isFillerValue(text)]).toEqual([text, false]);
    }
    expect(isOutlookFiller('False')).toBe(true);
    expect(isOutlookFiller('Ложь')).toBe(true);
    expect(isOutlookFiller('Истина')).toBe(false);
  });
});

describe('the exports of other CRMs', () => {
  const layoutOf = (kind: FileKind, path: string) => mapHeaders(kind, headersOf(path)).layout;

  it('recognises each export by its headers, and names it', () => {
    expect(layoutOf('clients', 'crm-exports/bitrix24-contacts-ru.csv')).toBe('Bitrix24 contacts export');
    expect(layoutOf('clients', 'crm-exports/bitrix24-contacts-ru-cp1251.csv')).toBe('Bitrix24 contacts export');
    expect(layoutOf('clients', 'crm-exports/bitrix24-contacts-en.csv')).toBe('Bitrix24 contacts export');
    expect(layoutOf('clients', 'crm-exports/bitrix24-companies-ru.csv')).toBe('Bitrix24 companies export');
    expect(layoutOf('deals', 'crm-exports/bitrix24-deals-ru.csv')).toBe('Bitrix24 deals export');
    expect(layoutOf('deals', 'crm-exports/amocrm-leads-ru.csv')).toBe('amoCRM leads export');
    expect(layoutOf('clients', 'crm-exports/amocrm-leads-ru.csv')).toBe('amoCRM leads export');
  });

  it('names no export for other files: spreadsheets, Google, Outlook, our own', () => {
    for (const path of [
      'clients/csv-calc-cp1251.csv',
      'clients/csv-google-contacts.csv',
      'clients/csv-outlook-ru.csv',
      'clients/csv-outlook-us.csv',
      'export/nasty-clients.csv',
    ])
      expect([path, layoutOf('clients', path)]).toEqual([path, undefined]);
    for (const path of ['deals/deals-ru.csv', 'deals/deals-english.csv', 'export/nasty-deals.csv'])
      expect([path, layoutOf('deals', path)]).toEqual([path, undefined]);
    // A header alone is not an export: `Ответственный` and `Этап сделки` are any spreadsheet's words too.
    expect(mapHeaders('deals', ['Создана', 'Клиент', 'Этап сделки', 'Ответственный']).layout).toBeUndefined();
  });

  it('reads amoCRM’s lead columns for deals, and leaves them out of a clients import', () => {
    const headers = headersOf('crm-exports/amocrm-leads-ru.csv');
    const deals = new Map(mapHeaders('deals', headers).columns.map((c) => [c.header, c.field]));
    expect(
      Object.fromEntries(
        ['Бюджет ₽', 'Этап сделки', 'Дата создания сделки', 'Дата закрытия'].map((h) => [h, deals.get(h)]),
      ),
    ).toEqual({
      'Бюджет ₽': 'amount',
      'Этап сделки': 'stage',
      'Дата создания сделки': 'created',
      'Дата закрытия': 'closed',
    });
    expect([deals.get('Полное имя контакта'), deals.get('Компания контакта')]).toEqual(['client', 'company']);
    expect(mapHeaders('deals', headers).amountCurrency).toBe('RUB');

    const clients = mapHeaders('clients', headers).columns;
    const ignored = clients.filter((c) => c.ignored).map((c) => c.header);
    expect(ignored).toEqual(
      [
        'ID',
        'Название сделки',
        'Бюджет ₽',
        'Дата редактирования',
        'Кем редактирована',
        'Дата закрытия',
        'Этап сделки',
        'Воронка',
        'Кем создана сделка',
      ].sort((a, b) => headers.indexOf(a) - headers.indexOf(b)),
    );
    expect(clients.find((c) => c.header === 'Полное имя контакта')!.field).toBe('name');
    expect(clients.find((c) => c.header === 'Дата создания сделки')!.field).toBe('created');
  });

  it('reads Kommo’s English lead columns and the currency its budget header names', () => {
    const mapping = mapHeaders('deals', [
      'Lead name',
      'Sale $',
      'Lead status',
      'Pipeline',
      'Created date',
      'Closed at',
      'Contact full name',
      'Contact company',
      'Work phone',
      'Personal email',
    ]);
    expect(mapping.layout).toBe('amoCRM leads export');
    expect(mapping.columns.map((c) => c.field)).toEqual([
      'title',
      'amount',
      'stage',
      null,
      'created',
      'closed',
      'client',
      'company',
      'phone',
      'email',
    ]);
    expect(mapping.amountCurrency).toBe('USD');
    expect(mapping.language).toBe('en');
  });

  it('reads a Bitrix24 company’s title as the client’s name, and its deals’ assumed close date as the closing date', () => {
    const companies = mapHeaders('clients', headersOf('crm-exports/bitrix24-companies-ru.csv'));
    expect(companies.columns.find((c) => c.header === 'Название компании')).toMatchObject({ field: 'name' });
    const deals = mapHeaders('deals', headersOf('crm-exports/bitrix24-deals-ru.csv'));
    expect(deals.columns.find((c) => c.header === 'Предполагаемая дата закрытия')).toMatchObject({ field: 'closed' });
    // Elsewhere a date only hoped for is no closing date.
    expect(fieldOf('deals', 'Предполагаемая дата закрытия')).toBeNull();
  });

  it('reads every phone and e-mail type Bitrix24 and amoCRM write', () => {
    const expected: Array<[string, string, string]> = [
      ['Номер факса', 'phone', 'fax'],
      ['Номер пейджера', 'phone', 'pager'],
      ['Рабочий прямой телефон', 'phone', 'work'],
      ['Факс', 'phone', 'fax'],
      ['Other Phone Number', 'phone', 'other'],
      ['SMS marketing phone', 'phone', 'mailing'],
      ['Newsletters email', 'email', 'mailing'],
      ['Home E-mail', 'email', 'home'],
      ['Рабочий email', 'email', 'work'],
      ['Личный email', 'email', 'home'],
    ];
    for (const [header, field, label] of expected)
      expect([header, mapHeaders('clients', [header]).columns[0]]).toMatchObject([header, { field, label }]);
  });

  it('drops the apostrophe that kept a phone text', () => {
    expect(splitContacts("'+7 912 345-67-89", 'phone')).toEqual(['+7 912 345-67-89']);
    expect(splitContacts("'89123456789", 'phone')).toEqual(['89123456789']);
    expect(splitContacts("'+7 912 345-67-89, '+7 916 123-45-67", 'phone')).toEqual([
      '+7 912 345-67-89',
      '+7 916 123-45-67',
    ]);
    expect(splitValues("'+7 912 345-67-89", { field: 'phone' })).toEqual(['+7 912 345-67-89']);
    // Not a number's mark: kept.
    expect(splitContacts("'quoted'", 'phone')).toEqual(["'quoted'"]);
    expect(splitContacts("'ann@example.com", 'email')).toEqual(["'ann@example.com"]);
  });
});
