import { isEmptyDateMarker, parseDate } from '../domain/dates.js';
import { type Detected, listHeaders } from '../domain/input.js';
import type { FileKind } from '../domain/kinds.js';
import { currencyNamedIn } from '../domain/money.js';
import type { MeaningReason } from '../domain/row-notes.js';
import { InputError, UsageError } from '../errors.js';
import { m } from '../i18n/index.js';
import { CRM_LAYOUTS, type CrmLayout } from './crm-layouts.js';

export type HeaderLanguage = 'ru' | 'en' | 'google' | 'outlook' | 'mixed';

/** The fields each kind of record can be read into, in the order help texts list them. */
export const FIELDS: Readonly<Record<FileKind, readonly string[]>> = {
  clients: [
    'name',
    'first_name',
    'middle_name',
    'last_name',
    'phone',
    'email',
    'source',
    'tags',
    'birthday',
    'note',
    'created',
  ],
  visits: ['date', 'client', 'phone', 'email', 'amount', 'service', 'note'],
  deals: [
    'created',
    'client',
    'company',
    'phone',
    'email',
    'title',
    'amount',
    'currency',
    'source',
    'stage',
    'qualified',
    'deal',
    'won',
    'lost',
    'junk',
    'closed',
    'reason',
  ],
  nps: ['date', 'client', 'phone', 'email', 'score', 'improve', 'liked'],
};

/**
 * Fields only our own export writes (clients.csv's `archived`): read when their column is there, but not offered to
 * `--map` or listed among the fields a user picks from.
 */
const EXPORT_FIELDS: Readonly<Partial<Record<FileKind, readonly string[]>>> = {
  clients: ['archived', 'phone_region', 'id'],
};

/** Fields several columns may fill together (three phone columns are three phones); others take the first column. */
const MULTI_VALUED = new Set(['phone', 'email', 'tags']);

export interface ColumnMapping {
  index: number;
  header: string;
  /** The field the column fills, or null: its non-empty values are kept in `extra` under `header`. */
  field: string | null;
  /** A label every phone/e-mail of this column gets (Outlook `Mobile Phone` → 'mobile'). */
  label?: string;
  /** Index of the column holding the label of this column's phone/e-mail (Google `Phone 1 - Label`). */
  labelColumn?: number;
  /** This column is the label of column `labelFor`'s value: neither a field nor kept in `extra`. */
  labelFor?: number;
  /** Bookkeeping a layout writes for every contact (Outlook `E-mail Type` = SMTP): neither a field nor `extra`. */
  ignored?: boolean;
  /** One cell holds several values joined by this: Google ` ::: `, Outlook categories `;`. See `splitValues`. */
  separator?: string;
  /** Set by an override: the user chose this mapping. */
  overridden?: boolean;
  /**
   * Why a header with two meanings (`Deal`: the deal's title, or the date it reached the deal stage) was read as
   * `field`: what its cells and its neighbours said. The import summary prints it.
   */
  reason?: MeaningReason;
  /** A company column (kept in extra): a contact with no name of its own is named by it. */
  names?: boolean;
  /** The `extra` key of a column our exporter wrote as `extra: KEY` (its bare name would read as a field). */
  extraKey?: string;
}

export interface HeaderMapping {
  columns: ColumnMapping[];
  language: HeaderLanguage;
  /** Override headers that are not in the file (the caller reports them). */
  unknownOverrides: string[];
  /** The export of another CRM the headers were recognised as (`Bitrix24 contacts export`): see crm-layouts.ts. */
  layout?: string;
  /** The currency the amount column's header names (`Бюджет ₽` → RUB). */
  amountCurrency?: string;
}

/** What the headers told of the file beyond its columns, as `Detected` says it: the CRM export, the header currency. */
export function layoutFacts(mapping: HeaderMapping): Pick<Detected, 'layout' | 'amountCurrency'> {
  return {
    ...(mapping.layout ? { layout: mapping.layout } : {}),
    ...(mapping.amountCurrency ? { amountCurrency: mapping.amountCurrency } : {}),
  };
}

/** The dates each kind has: a header with two meanings beside them is more likely one of them. */
const DATE_FIELDS: Readonly<Record<FileKind, ReadonlySet<string>>> = {
  clients: new Set(['birthday', 'created']),
  visits: new Set(['date']),
  deals: new Set(['created', 'qualified', 'deal', 'won', 'lost', 'junk', 'closed']),
  nps: new Set(['date']),
};

/**
 * Headers that name two fields of a kind: a text one and a date one. `Deal` in an English pipeline table is the date
 * the deal stage was reached when it stands among Qualified and Won, and the deal's name elsewhere; Bitrix and amoCRM
 * call the deal's name "Сделка", the README's pipeline table its date. `usual` is taken when nothing tells.
 */
const TWO_MEANINGS: Partial<Record<FileKind, Record<string, { text: string; date: string; usual: string }>>> = {
  deals: {
    Deal: { text: 'title', date: 'deal', usual: 'title' },
    Сделка: { text: 'title', date: 'deal', usual: 'deal' },
  },
};

/** Header text reduced to what tells names apart: case, spaces, punctuation and ё/е do not matter. */
/** Longer than any header crm knows by many times: past it, only the start is normalised (see normalizeHeader). */
const LONGEST_HEADER = 1000;

export function normalizeHeader(header: string): string {
  // A header of megabytes (a file with no line break) is no column crm knows; normalising all of it took seconds, at
  // every one of the header's lookups. Its key ends in a character that no normalised header holds, so it never
  // equals a known one.
  if (header.length > LONGEST_HEADER) return `${normalizeHeader(header.slice(0, LONGEST_HEADER))}…`;
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

type Synonyms = Record<string, readonly string[]>;

const CONTACT_SYNONYMS: Synonyms = {
  phone: [
    'Phone',
    'Phone number',
    'Tel',
    'Tel.',
    'Telephone',
    'Mobile',
    'Mobile phone',
    'Cell',
    'Cell phone',
    'Телефон',
    'Тел.',
    'Тел',
    'Моб.',
    'Моб. телефон',
    'Мобильный',
    'Мобильный телефон',
    'Номер телефона',
    'Сотовый',
  ],
  email: [
    'Email',
    'E-mail',
    'Mail',
    'Email address',
    'E-mail address',
    'Почта',
    'Эл. почта',
    'Электронная почта',
    'Адрес электронной почты',
    'Емейл',
    'Имейл',
  ],
};

/**
 * Contact columns named by their type, as Bitrix24, amoCRM and Outlook write them: the type is kept as the label of
 * each phone or e-mail read from the column.
 */
const TYPED_CONTACTS: Record<'phone' | 'email', Record<string, readonly string[]>> = {
  phone: {
    work: [
      'Рабочий телефон',
      'Телефон рабочий',
      'Рабочий прямой телефон',
      'Work phone',
      'Work direct phone',
      'Business phone',
      'Office phone',
    ],
    mobile: [
      'Мобильный телефон',
      'Телефон мобильный',
      'Мобильный',
      'Моб. телефон',
      'Моб.',
      'Сотовый',
      'Сотовый телефон',
      'Телефон переносной',
      'Mobile',
      'Mobile phone',
      'Cell',
      'Cell phone',
    ],
    home: ['Домашний телефон', 'Телефон домашний', 'Home phone'],
    other: ['Другой телефон', 'Other phone', 'Other phone number'],
    mailing: ['Телефон для рассылок', 'SMS marketing phone'],
    fax: ['Номер факса', 'Факс', 'Fax', 'Fax number'],
    pager: ['Номер пейджера', 'Pager number'],
  },
  email: {
    work: ['Рабочий e-mail', 'Рабочая почта', 'Work e-mail', 'Work email', 'Business e-mail', 'Business email'],
    home: [
      'Частный e-mail',
      'Личный e-mail',
      'Личная почта',
      'Personal e-mail',
      'Personal email',
      'Home e-mail',
      'Home email',
    ],
    mailing: ['E-mail для рассылок', 'Email для рассылок', 'Newsletters email'],
    other: ['Другой e-mail', 'Other e-mail', 'Other email'],
  },
};

/** A company's name: a contact with no person's name is named by it (the column itself stays in extra). */
const COMPANY = [
  'Company',
  'Contact company',
  'Компания контакта',
  'Company name',
  'Organization',
  'Organisation',
  'Organization name',
  'Организация',
  'Компания',
  'Название компании',
  'Название организации',
];

const CLIENT_NAME = [
  'Client',
  'Customer',
  'Client name',
  'Customer name',
  'Клиент',
  'Имя клиента',
  'ФИО',
  'Ф.И.О.',
  'ФИО клиента',
  'Покупатель',
];

const NOTE = [
  'Note',
  'Notes',
  'Comment',
  'Comments',
  'Примечание',
  'Примечания',
  'Комментарий',
  'Комментарии',
  'Заметки',
  'Заметка',
];
const AMOUNT = ['Amount', 'Sum', 'Total', 'Price', 'Сумма', 'Стоимость', 'Цена', 'Итого', 'Сумма, руб.'];
const SOURCE = [
  'Source',
  'Channel',
  'Lead source',
  'Источник',
  'Канал',
  'Откуда узнал',
  'Откуда узнал(а)',
  'Откуда узнала',
  'Откуда пришёл',
  'Откуда пришел',
  'Откуда пришла',
  'Откуда пришёл(а)',
  'Откуда пришел(а)',
  'Откуда клиент',
  'Как узнал',
  'Как узнала',
  'Как узнал(а)',
  'Рекламный канал',
];

const SYNONYMS: Record<FileKind, Synonyms> = {
  clients: {
    ...CONTACT_SYNONYMS,
    name: [
      ...CLIENT_NAME,
      'Name',
      'Full name',
      'Display name',
      'Contact',
      'Contact name',
      'Contact full name',
      'Имя и фамилия',
      'Полное имя контакта',
    ],
    first_name: ['First name', 'Given name', 'Имя'],
    middle_name: ['Middle name', 'Additional name', 'Отчество'],
    last_name: ['Last name', 'Family name', 'Surname', 'Фамилия'],
    source: SOURCE,
    tags: [
      'Tags',
      'Tag',
      'Labels',
      'Groups',
      'Group',
      'Group Membership',
      'Categories',
      'Метки',
      'Теги',
      'Группа',
      'Группы',
    ],
    birthday: ['Birthday', 'Date of birth', 'Birth date', 'DOB', 'Дата рождения', 'ДР', 'День рождения'],
    note: NOTE,
    created: [
      'Created',
      'Created at',
      'Date created',
      'Created date',
      'Creation date',
      'Дата создания',
      'Since',
      'Client since',
      'Customer since',
      'Date added',
      'Дата добавления',
      'Клиент с',
      'Дата регистрации',
    ],
    archived: ['Archived', 'В архиве', 'Архив'],
    phone_region: ['Phone region'],
    id: ['ID'],
  },
  visits: {
    ...CONTACT_SYNONYMS,
    date: ['Date', 'Visit date', 'Дата', 'Дата визита', 'Дата посещения'],
    client: [...CLIENT_NAME, 'Name', 'Full name', 'Имя'],
    amount: AMOUNT,
    service: ['Service', 'Item', 'Product', 'Услуга', 'Товар', 'Процедура'],
    note: NOTE,
  },
  deals: {
    ...CONTACT_SYNONYMS,
    created: [
      'Created',
      'Created at',
      'Date created',
      'Created date',
      'Date',
      'Создана',
      'Дата создания',
      'Дата создания сделки',
      'Дата',
    ],
    client: [
      ...CLIENT_NAME,
      'Name',
      'Имя',
      'Contact',
      'Contact name',
      'Contact full name',
      'Контакт',
      'Полное имя контакта',
    ],
    // A company's name: the client of a deal that names no person.
    company: COMPANY,
    // `Deal` and `Сделка` name either field: see TWO_MEANINGS.
    title: ['Title', 'Deal name', 'Deal title', 'Название', 'Название сделки'],
    deal: ['Deal date', 'Дата сделки'],
    // amoCRM writes the account's currency sign after `Бюджет` (`Бюджет ₽`), which the header's reduction drops.
    amount: [...AMOUNT, 'Budget', 'Бюджет', 'Сумма сделки'],
    currency: ['Currency', 'Валюта'],
    source: SOURCE,
    stage: [
      'Stage',
      'Status',
      'Deal stage',
      'Стадия',
      'Этап',
      'Статус',
      'Стадия сделки',
      'Этап сделки',
      'Статус сделки',
    ],
    qualified: ['Qualified', 'Квалифицирована', 'Квалифицированная'],
    won: ['Won', 'Выиграна', 'Успешна'],
    lost: ['Lost', 'Проиграна'],
    junk: ['Junk', 'Нецелевой', 'Нецелевая'],
    reason: ['Reason', 'Lost reason', 'Причина', 'Причина отказа', 'Причина проигрыша'],
    closed: ['Closed at', 'Closing date', 'Close date', 'Date closed', 'Дата закрытия', 'Дата закрытия сделки'],
  },
  nps: {
    ...CONTACT_SYNONYMS,
    date: ['Date', 'Дата', 'Дата опроса'],
    client: [...CLIENT_NAME, 'Name', 'Имя'],
    score: ['Score', 'NPS', 'Rating', 'Оценка', 'Балл'],
    improve: ['Improve', 'What could we improve', 'What could we improve?', 'Что улучшить', 'Что можно улучшить'],
    liked: ['Liked', 'What did you like', 'What did you like?', 'Что понравилось'],
  },
};

/** Spelled the same in Russian and English files, so they say nothing about the file's language. */
const LANGUAGE_NEUTRAL = new Set(['email', 'nps', 'id']);

interface Lookup {
  /** The field; '' for a header with two meanings (`meanings`), decided once the other columns are mapped. */
  field: string;
  language: 'ru' | 'en' | null;
  /** The type of phone or e-mail the header names (`Рабочий e-mail` → work). */
  label?: string;
  meanings?: { text: string; date: string; usual: string };
}

function languageOf(key: string): 'ru' | 'en' | null {
  return LANGUAGE_NEUTRAL.has(key) ? null : /[а-я]/.test(key) ? 'ru' : 'en';
}

const LOOKUPS = new Map<FileKind, Map<string, Lookup>>(
  (Object.keys(SYNONYMS) as FileKind[]).map((kind) => {
    const table = new Map<string, Lookup>();
    for (const [field, names] of Object.entries(SYNONYMS[kind])) {
      for (const name of names)
        table.set(normalizeHeader(name), { field, language: languageOf(normalizeHeader(name)) });
    }
    for (const [field, types] of Object.entries(TYPED_CONTACTS)) {
      for (const [label, names] of Object.entries(types)) {
        for (const name of names) {
          const key = normalizeHeader(name);
          table.set(key, { field, label, language: languageOf(key) });
        }
      }
    }
    for (const [name, meanings] of Object.entries(TWO_MEANINGS[kind] ?? {})) {
      const key = normalizeHeader(name);
      table.set(key, { field: '', meanings, language: languageOf(key) });
    }
    return [kind, table];
  }),
);

const COMPANY_KEYS = new Set(COMPANY.map(normalizeHeader));
/** Google's `Organization 1 - Name`. */
const GOOGLE_COMPANY = /^organization \d+ - name$/i;

/** Google Contacts: `Phone 1 - Value`, `E-mail 2 - Label` (older exports: `- Type`). */
const GOOGLE_NUMBERED =
  /^(phone|e-?mail|address|organization|website|relation|event|im|custom field|external id) (\d+) - (.+)$/i;
const GOOGLE_SEPARATOR = ' ::: ';
const GOOGLE_SIGNATURE = ['given name', 'family name', 'additional name', 'group membership', 'labels', 'file as'];

/** Outlook's standard export (English and Russian Outlook): phone columns carry their label in the header. */
const OUTLOOK_PHONES: Record<string, string> = {
  'mobile phone': 'mobile',
  'home phone': 'home',
  'home phone 2': 'home',
  'business phone': 'work',
  'business phone 2': 'work',
  'company main phone': 'work',
  'primary phone': 'primary',
  'other phone': 'other',
  'car phone': 'car',
  'телефон переносной': 'mobile',
  'домашний телефон': 'home',
  'телефон дом. 2': 'home',
  'рабочий телефон': 'work',
  'телефон раб. 2': 'work',
  'основной телефон организации': 'work',
  'основной телефон': 'primary',
  'другой телефон': 'other',
  'телефон в машине': 'car',
};
const OUTLOOK_EMAILS = [
  'e-mail address',
  'e-mail 2 address',
  'e-mail 3 address',
  'адрес эл. почты',
  'адрес 2 эл. почты',
  'адрес 3 эл. почты',
];
/** The columns a rejects file adds after a row's own (i18n imports.rejectsColumns, in either language). */
const REJECTS_COLUMN = /^(?:rejected|отклонено):/iu;

/** Whether a header is one of the columns a rejects file adds (its line, its reason), which no import reads. */
export function isRejectsColumn(header: string): boolean {
  return REJECTS_COLUMN.test(header.trim());
}

const OUTLOOK_IGNORED = new Set([
  'e-mail type',
  'e-mail 2 type',
  'e-mail 3 type',
  'e-mail display name',
  'e-mail 2 display name',
  'e-mail 3 display name',
  'initials',
  'priority',
  'sensitivity',
  'private',
  'тип эл. почты',
  'тип 2 эл. почты',
  'тип 3 эл. почты',
  'краткое имя эл. почты',
  'краткое 2 имя эл. почты',
  'краткое 3 имя эл. почты',
  'инициалы',
  'важность',
  'пометка',
  'частное',
]);
/** Headers only Outlook writes: three of them make a file an Outlook export. */
const OUTLOOK_SIGNATURE = [
  ...OUTLOOK_EMAILS,
  ...Object.keys(OUTLOOK_PHONES).filter((h) => !['домашний телефон', 'рабочий телефон', 'другой телефон'].includes(h)),
  'business street',
  'job title',
  'categories',
  'тип эл. почты',
  'краткое имя эл. почты',
];
const OUTLOOK_CATEGORIES = new Set(['categories', 'категории']);

const EXTRA = 'extra';

/**
 * `extra: Мастер` is kept in `extra` as `Мастер`. The exporter writes this for an extra field whose bare name would be
 * read as a field (`Note` beside `note`) or would make the file look like a Google or Outlook export.
 */
export const EXTRA_HEADER_PREFIX = 'extra: ';
const EXTRA_HEADER = /^extra:\s*(.+)$/i;

/** `phone 2 label`, `email label`: the label of the phone or e-mail column named before `label`. */
const LABEL_SUFFIX = /^(.+?)(?:label|метка)$/;

/**
 * Throws InputError for an override naming a field `kind` does not have (a profile saved by another version may).
 * A streamed file is checked so before its reading thread maps its headers: that thread has no language to say it in.
 */
export function checkOverrides(kind: FileKind, overrides: Record<string, string> = {}): void {
  const fields = FIELDS[kind];
  for (const target of Object.values(overrides)) {
    const field = target.trim().toLowerCase();
    if (field !== '' && field !== EXTRA && !fields.includes(field)) {
      throw new InputError(m.errors.read.unknownField({ field: target, kind, fields: fields.join(', ') }));
    }
  }
}

/** `--map` naming headers the file does not have: said with the headers it has. */
export function unknownOverridesError(overrides: string[], headers: string[]): UsageError {
  const names = overrides.map((header) => `'${header}'`).join(', ');
  return new UsageError(m.errors.read.mapNotHeader({ names, headers: listHeaders(headers) }));
}

/**
 * Maps a file's headers to the fields of `kind`. Overrides (`header → field`, or '' / 'extra' to keep a column in
 * `extra`) are matched on the header case-insensitively and win over the guess; an override naming a field the kind
 * does not have throws InputError, one naming a header the file lacks comes back in `unknownOverrides`. `sample`
 * (rows of cells) decides the headers with two meanings (see TWO_MEANINGS); without it their neighbours do.
 */
export function mapHeaders(
  kind: FileKind,
  headers: string[],
  overrides: Record<string, string> = {},
  sample: readonly string[][] = [],
): HeaderMapping {
  const fields = FIELDS[kind];
  const readable = [...fields, ...(EXPORT_FIELDS[kind] ?? [])];
  const lowered = headers.map((h) => h.trim().toLowerCase());
  const columns: ColumnMapping[] = headers.map((header, index) => ({ index, header, field: null }));
  const taken = new Set<string>();
  const decided = new Set<number>();

  checkOverrides(kind, overrides);
  const unknownOverrides: string[] = [];
  for (const [header, target] of Object.entries(overrides)) {
    const field = target.trim().toLowerCase();
    const index = lowered.indexOf(header.trim().toLowerCase());
    if (index < 0) {
      unknownOverrides.push(header);
      continue;
    }
    columns[index] = {
      index,
      header: headers[index]!,
      field: field === '' || field === EXTRA ? null : field,
      overridden: true,
    };
    decided.add(index);
    if (field !== '' && field !== EXTRA) taken.add(field);
  }

  headers.forEach((header, index) => {
    const key = EXTRA_HEADER.exec(header.trim())?.[1];
    if (decided.has(index) || key === undefined) return;
    columns[index] = { index, header, field: null, extraKey: key };
    decided.add(index);
  });
  // A rejects file imported again once its rows are fixed: its line and reason are no part of a row.
  headers.forEach((header, index) => {
    if (decided.has(index) || !isRejectsColumn(header)) return;
    columns[index] = { index, header, field: null, ignored: true };
    decided.add(index);
  });

  const layout = detectLayout(lowered.map((header, index) => (columns[index]!.extraKey === undefined ? header : '')));
  const take = (index: number, mapping: Omit<ColumnMapping, 'index' | 'header'>): void => {
    if (decided.has(index)) return;
    const field = mapping.field;
    if (field !== null) {
      if (!readable.includes(field) || (taken.has(field) && !MULTI_VALUED.has(field))) return;
      taken.add(field);
    }
    columns[index] = { index, header: headers[index]!, ...mapping };
    decided.add(index);
  };

  if (layout === 'google') mapGoogle(lowered, take);
  if (layout === 'outlook') mapOutlook(lowered, take);
  const crm = layout
    ? undefined
    : detectCrmLayout(headers.map((header, index) => (columns[index]!.extraKey === undefined ? header : '')));
  const crmColumns = crm?.columns.get(kind);

  const languages = new Set<'ru' | 'en'>();
  const twoMeanings: Array<{ index: number; hit: Lookup }> = [];
  headers.forEach((header, index) => {
    if (decided.has(index)) return;
    // A header the recognised export gives a meaning of its own: that meaning, or not read at all (null).
    const own = crmColumns?.get(normalizeHeader(header));
    if (own !== undefined) {
      take(index, own === null ? { field: null, ignored: true } : { field: own });
      const language = own === null ? null : languageOf(normalizeHeader(header));
      if (language && columns[index]!.field === own) languages.add(language);
      return;
    }
    const hit = lookup(kind, header);
    if (!hit) return;
    if (hit.meanings) {
      twoMeanings.push({ index, hit });
      return;
    }
    const separator = layout === 'google' && hit.field === 'tags' ? GOOGLE_SEPARATOR : undefined;
    take(index, {
      field: hit.field,
      ...(separator ? { separator } : {}),
      ...(hit.label ? { label: hit.label } : {}),
    });
    if (columns[index]!.field === hit.field && hit.language) languages.add(hit.language);
  });
  // Decided once every other column is mapped: their fields are the neighbours and the fields already taken.
  for (const { index, hit } of twoMeanings) {
    const { field, reason } = chooseMeaning(kind, hit.meanings!, index, columns, taken, sample);
    take(index, { field, reason });
    if (columns[index]!.field === field && hit.language) languages.add(hit.language);
  }
  if (!layout) mapLabelColumns(headers, columns, decided);
  if (kind === 'clients') {
    for (const column of columns) {
      if (column.field !== null || column.labelFor !== undefined || column.ignored) continue;
      const header = column.extraKey ?? column.header;
      if (COMPANY_KEYS.has(normalizeHeader(header)) || GOOGLE_COMPANY.test(header.trim())) column.names = true;
    }
  }

  let language: HeaderLanguage;
  if (layout) language = layout;
  else if (languages.size === 2) language = 'mixed';
  else if (languages.has('ru')) language = 'ru';
  else if (languages.has('en')) language = 'en';
  else language = headers.some((h) => /[а-яё]/i.test(h)) ? 'ru' : 'en';

  const amount = columns.find((column) => column.field === 'amount');
  const amountCurrency = amount ? currencyNamedIn(amount.header) : undefined;
  return {
    columns,
    language,
    unknownOverrides,
    ...(crm ? { layout: crm.name } : {}),
    ...(amountCurrency ? { amountCurrency } : {}),
  };
}

/** A CRM layout with its headers reduced as `normalizeHeader` reduces a file's. */
interface KnownLayout {
  name: string;
  requires: ReadonlySet<string>;
  signature: ReadonlySet<string>;
  minimum: number;
  excludes: ReadonlySet<string>;
  columns: ReadonlyMap<FileKind, ReadonlyMap<string, string | null>>;
}

const KNOWN_LAYOUTS: readonly KnownLayout[] = CRM_LAYOUTS.map((layout: CrmLayout) => ({
  name: layout.name,
  requires: new Set(layout.requires.map(normalizeHeader)),
  signature: new Set(layout.signature.map(normalizeHeader)),
  minimum: layout.minimum,
  excludes: new Set((layout.excludes ?? []).map(normalizeHeader)),
  columns: new Map(
    Object.entries(layout.columns).map(([kind, table]) => [
      kind as FileKind,
      new Map(Object.entries(table).map(([header, field]) => [normalizeHeader(header), field])),
    ]),
  ),
}));

/**
 * The CRM export a file's headers are (crm-layouts.ts): one of the headers it requires, none it excludes, and enough
 * of its signature. `headers` has '' for the columns that cannot count (our exporter's `extra: …`).
 */
function detectCrmLayout(headers: readonly string[]): KnownLayout | undefined {
  const present = new Set(headers.filter((header) => header !== '').map(normalizeHeader));
  return KNOWN_LAYOUTS.find((layout) => {
    if (![...layout.requires].some((key) => present.has(key))) return false;
    if ([...layout.excludes].some((key) => present.has(key))) return false;
    let hits = 0;
    for (const key of layout.signature) if (present.has(key)) hits++;
    return hits >= layout.minimum;
  });
}

/** How many of a column's cells the choice between two meanings looks at. */
const MEANING_SAMPLE = 200;

/** A cell that reads as a date in either day order, or Outlook's "no date". */
function looksLikeDate(text: string): boolean {
  return isEmptyDateMarker(text) || parseDate(text, 'dmy') !== null || parseDate(text, 'mdy') !== null;
}

/**
 * Decides a header with two meanings: its cells first (mostly dates, or mostly text), then, for a column with no
 * cells to tell, its neighbours (beside other date columns of the kind it is one of them) and which of the two
 * fields another column already fills; with nothing to tell, the header's usual meaning.
 */
function chooseMeaning(
  kind: FileKind,
  meanings: { text: string; date: string; usual: string },
  index: number,
  columns: ColumnMapping[],
  taken: ReadonlySet<string>,
  sample: readonly string[][],
): { field: string; reason: MeaningReason } {
  let dates = 0;
  let texts = 0;
  for (const row of sample) {
    const cell = (row[index] ?? '').trim();
    if (cell === '' || isFillerValue(cell)) continue;
    if (looksLikeDate(cell)) dates++;
    else texts++;
    if (dates + texts >= MEANING_SAMPLE) break;
  }
  const dateFields = DATE_FIELDS[kind];
  const beside = [columns[index - 1]?.field, columns[index + 1]?.field].some(
    (field) => field != null && field !== meanings.date && dateFields.has(field),
  );
  const cells = dates + texts === 0 ? 'empty' : dates > texts ? 'dates' : 'text';
  let field: string;
  if (dates !== texts) field = dates > texts ? meanings.date : meanings.text;
  else if (beside) field = meanings.date;
  else if (taken.has(meanings.text) && !taken.has(meanings.date)) field = meanings.date;
  else if (taken.has(meanings.date) && !taken.has(meanings.text)) field = meanings.text;
  else field = meanings.usual;
  const other = field === meanings.date ? meanings.text : meanings.date;
  const reason: MeaningReason = { cells, beside, columns: kind === 'deals' ? 'stage' : 'date' };
  if (taken.has(other)) reason.otherTaken = other;
  return { field, reason };
}

function lookup(kind: FileKind, header: string): Lookup | undefined {
  const table = LOOKUPS.get(kind)!;
  const key = normalizeHeader(header);
  const exact = table.get(key);
  if (exact) return exact;
  // `Телефон 2`, `Phone2`, and the `Телефон (2)` that duplicate names become: one more of a multi-valued field.
  const numbered = /^(.*\D)\d+$/.exec(key);
  const base = numbered ? table.get(numbered[1]!) : undefined;
  return base && MULTI_VALUED.has(base.field) ? base : undefined;
}

/**
 * Values Outlook (and some spreadsheets) write into fields nobody filled: `0.0.00` or `0/0/00` for no date,
 * `Unspecified`/`Не указан` for no gender. Empty, not data. (`False`/`Ложь` only in Outlook's flags: see
 * `isOutlookFiller`.)
 */
export function isFillerValue(text: string): boolean {
  // Asked of every extra cell of a journal's rows: most cells are told apart by their first character alone.
  if (text.length > 12) return false;
  const first = text[0];
  if (first === '0') return isEmptyDateMarker(text);
  return (first === 'U' || first === 'u' || first === 'Н' || first === 'н') && FILLER_WORDS.test(text);
}
const FILLER_WORDS = /^(?:unspecified|не указан[оа]?)$/i;

/** In an Outlook export, a `False`/`Ложь` in a flag column nobody set is empty too. */
export function isOutlookFiller(text: string): boolean {
  return isFillerValue(text) || /^(?:false|ложь)$/i.test(text);
}

type Take = (index: number, mapping: Omit<ColumnMapping, 'index' | 'header'>) => void;

function mapLabelColumns(headers: string[], columns: ColumnMapping[], decided: Set<number>): void {
  const contactColumns = new Map<string, ColumnMapping>();
  for (const column of columns) {
    if (column.field === 'phone' || column.field === 'email')
      contactColumns.set(normalizeHeader(column.header), column);
  }
  headers.forEach((header, index) => {
    if (decided.has(index)) return;
    const base = LABEL_SUFFIX.exec(normalizeHeader(header))?.[1];
    const target = base === undefined ? undefined : contactColumns.get(base);
    if (!target || target.labelColumn !== undefined) return;
    target.labelColumn = index;
    columns[index] = { index, header, field: null, labelFor: target.index };
    decided.add(index);
  });
}

/** Whether a header is one of those that, enough of them together, make a file read as a Google or Outlook export. */
export function isLayoutHeader(header: string): boolean {
  const lowered = header.trim().toLowerCase();
  return GOOGLE_NUMBERED.test(lowered) || OUTLOOK_SIGNATURE.includes(lowered) || GOOGLE_SIGNATURE.includes(lowered);
}

function detectLayout(lowered: string[]): 'google' | 'outlook' | undefined {
  if (lowered.some((h) => GOOGLE_NUMBERED.test(h))) return 'google';
  const outlookHits = lowered.filter((h) => OUTLOOK_SIGNATURE.includes(h)).length;
  if (outlookHits >= 3) return 'outlook';
  const googleHits = lowered.filter((h) => GOOGLE_SIGNATURE.includes(h)).length;
  return googleHits >= 2 ? 'google' : undefined;
}

function mapGoogle(lowered: string[], take: Take): void {
  const numbered = lowered.map((h) => GOOGLE_NUMBERED.exec(h));
  // The first label column of each `kind number`, found in one pass: a search per value column is quadratic in a
  // header of thousands of columns.
  const labelColumns = new Map<string, number>();
  numbered.forEach((other, index) => {
    if (!other || (other[3] !== 'label' && other[3] !== 'type')) return;
    const key = `${other[1]!.replace('-', '')} ${other[2]}`;
    if (!labelColumns.has(key)) labelColumns.set(key, index);
  });
  numbered.forEach((match, index) => {
    if (!match) return;
    const kind = match[1]!.replace('-', '');
    const field = kind === 'phone' ? 'phone' : kind === 'email' ? 'email' : null;
    if (!field || match[3] !== 'value') return;
    const labelColumn = labelColumns.get(`${kind} ${match[2]}`) ?? -1;
    if (labelColumn >= 0) take(labelColumn, { field: null, labelFor: index });
    take(
      index,
      labelColumn >= 0 ? { field, labelColumn, separator: GOOGLE_SEPARATOR } : { field, separator: GOOGLE_SEPARATOR },
    );
  });
}

function mapOutlook(lowered: string[], take: Take): void {
  lowered.forEach((header, index) => {
    const phoneLabel = OUTLOOK_PHONES[header];
    if (phoneLabel) take(index, { field: 'phone', label: phoneLabel });
    else if (OUTLOOK_EMAILS.includes(header)) take(index, { field: 'email' });
    else if (OUTLOOK_CATEGORIES.has(header)) take(index, { field: 'tags', separator: ';' });
    else if (OUTLOOK_IGNORED.has(header)) take(index, { field: null, ignored: true });
  });
}

/** Google's own groups every contact is in, not tags anyone chose. */
const GOOGLE_SYSTEM_GROUPS = new Set(['* mycontacts', '* starred']);

/**
 * Splits a cell of a multi-value column (`+7 912 ::: +7 916`, `VIP;Друзья`); tags cells without a layout separator
 * split on ` ::: `, else on ',' and ';' outside double quotes (`VIP, "Опт, крупный"`: the way our exporter writes a
 * tag holding one); phone and e-mail cells as `splitContacts` does. Google's system groups are dropped and its `* `
 * mark of other system groups removed.
 */
export function splitValues(value: string, column: Pick<ColumnMapping, 'field' | 'separator'>): string[] {
  let parts: string[];
  if (column.separator !== undefined) parts = value.split(column.separator);
  else if (column.field === 'tags')
    parts = value.includes(GOOGLE_SEPARATOR) ? value.split(GOOGLE_SEPARATOR) : splitTagCell(value);
  else if (column.field === 'phone' || column.field === 'email') parts = splitContacts(value.trim(), column.field);
  else parts = [value];
  const cleaned = parts
    .map((part) => (column.field === 'phone' ? withoutTextMark(part.trim()) : part.trim()))
    .filter((part) => part !== '');
  if (column.field !== 'tags' || column.separator !== GOOGLE_SEPARATOR) return cleaned;
  return cleaned.filter((tag) => !GOOGLE_SYSTEM_GROUPS.has(tag.toLowerCase())).map((tag) => tag.replace(/^\* /, ''));
}

/** How exports join several phones or e-mails in one cell: Google ` ::: `, Bitrix24 `, `, others `; `. */
const CONTACT_SEPARATORS = [GOOGLE_SEPARATOR, '; ', ', '];
/** Long enough for two phones or two addresses: a shorter cell is never split (the common case, kept cheap). */
export const SHORTEST_CONTACT_PAIR = 13;
const PHONE_PART = /^\+?[\d\s().-]+$/;
const EMAIL_PART = /^(?:mailto:)?[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/i;

function isContactPart(part: string, field: 'phone' | 'email'): boolean {
  if (field === 'email') return EMAIL_PART.test(part);
  if (!PHONE_PART.test(part)) return false;
  const digits = part.replace(/\D/g, '').length;
  return digits >= 7 && digits <= 15;
}

/**
 * The phones or e-mails of one cell (trimmed): split on ` ::: `, `; ` or `, ` only when every part is itself a phone
 * (7 to 15 digits, nothing but digits and `+ ( ) - .`) or an address, so that `+7 495 123-45-67, доб. 102` or a
 * name stays one value. A phone loses the apostrophe that kept it text (`withoutTextMark`).
 */
/** Whether splitContacts may find several contacts in a cell: a cheap test for the common cell, which holds one. */
export function maySplitContacts(cell: string): boolean {
  if (cell.length < SHORTEST_CONTACT_PAIR) return false;
  for (const separator of CONTACT_SEPARATORS) if (cell.includes(separator)) return true;
  return false;
}

export function splitContacts(cell: string, field: 'phone' | 'email'): string[] {
  const clean = field === 'phone' ? withoutTextMark : (part: string) => part;
  if (cell.length < SHORTEST_CONTACT_PAIR) return [clean(cell)];
  for (const separator of CONTACT_SEPARATORS) {
    if (!cell.includes(separator)) continue;
    const parts = cell
      .split(separator)
      .map((part) => clean(part.trim()))
      .filter((part) => part !== '');
    if (parts.length > 1 && parts.every((part) => isContactPart(part, field))) return parts;
  }
  return [clean(cell)];
}

/** The apostrophe before a number that a spreadsheet, and amoCRM's export, write to keep it text: `'+7 912 …`. */
const TEXT_MARK = /^'(?=[+\d(])/;

/** A phone as written without the apostrophe that kept it text (`'+79123456789` → `+79123456789`). */
export function withoutTextMark(phone: string): string {
  return phone.charCodeAt(0) === 39 ? phone.replace(TEXT_MARK, '') : phone;
}

function splitTagCell(value: string): string[] {
  const parts: string[] = [];
  let part = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const char = value[i]!;
    if (quoted) {
      if (char !== '"') part += char;
      else if (value[i + 1] === '"') part += value[++i];
      else quoted = false;
    } else if (char === ',' || char === ';') {
      parts.push(part);
      part = '';
    } else if (char === '"' && part.trim() === '') {
      part = '';
      quoted = true;
    } else {
      part += char;
    }
  }
  parts.push(part);
  return parts;
}

/** Tags written into one cell so that `splitValues` gives them back: a tag holding `,` `;` or `"` is quoted. */
export function joinTags(tags: readonly string[]): string {
  return tags.map((tag) => (/[,;"]/.test(tag) ? `"${tag.replace(/"/g, '""')}"` : tag)).join(', ');
}

/** A phone/e-mail label as Google writes it (`* Mobile`, the star marking the primary one) → `Mobile`. */
export function cleanLabel(label: string): string {
  return label.replace(/^\*\s*/, '').trim();
}
