/**
 * The exports of the CRMs small businesses leave (Bitrix24, amoCRM / Kommo), as those systems write them in their
 * Russian and English interfaces: the headers that tell one apart, and the headers they give a meaning of their own.
 * Data only: headers.ts recognises a layout and maps its columns (see `mapHeaders`).
 *
 * Sources: Bitrix24's CRM list components and language files (crm.contact.list, crm.company.list, crm.deal.list,
 * crm_field_multi: one column per phone and e-mail type, `"value";` cells, several values joined by ", "); amoCRM's
 * lead export (`Название сделки`, `Бюджет ₽`, `Этап сделки`, `Полное имя контакта`, `Компания контакта`, typed phone
 * and e-mail columns) and Kommo's field names for the same export in English.
 */
import type { FileKind } from '../domain/kinds.js';

/**
 * What a header of the layout means when its file is imported as a kind: a field, or null for a column of the
 * export that is not about what the kind keeps (a lead's budget in a clients import): not read, not kept in extra.
 */
export type LayoutColumns = Readonly<Record<string, string | null>>;

export interface CrmLayout {
  /** What the import summary calls it: `detected: Bitrix24 contacts export`. */
  name: string;
  /** One of these must be a header of the file (the entity the export is of: a person's name, a company's...). */
  requires: readonly string[];
  /** Headers this export writes and other files seldom do: `minimum` of them, beside a required one, tell it. */
  signature: readonly string[];
  minimum: number;
  /** Headers none of these may be: another export of the same system (a company's name in a contacts export). */
  excludes?: readonly string[];
  /** Headers read differently in this export than in other files, by the kind it is imported as. */
  columns: Partial<Record<FileKind, LayoutColumns>>;
}

/** Bitrix24 bookkeeping every list export carries, in Russian and English. */
const BITRIX_COMMON = [
  'Ответственный',
  'Кем создан',
  'Кем создана',
  'Кем изменен',
  'Кем изменена',
  'Дата изменения',
  'Доступен для всех',
  'Responsible',
  'Created by',
  'Modified by',
  'Modified',
];

/** Bitrix24's phone and e-mail columns by type, the ones no other program writes with these names. */
const BITRIX_CONTACT_TYPES = [
  'Частный e-mail',
  'E-mail для рассылок',
  'Телефон для рассылок',
  'Номер факса',
  'Номер пейджера',
  'Home E-mail',
  'Newsletters email',
  'SMS marketing phone',
  'Other Phone Number',
  'Pager Number',
];

/** amoCRM's lead columns: a clients import reads the contact of each lead, and none of these is about the contact. */
const AMO_LEAD_ONLY: LayoutColumns = {
  'Название сделки': null,
  Бюджет: null,
  'Этап сделки': null,
  Воронка: null,
  'Дата закрытия': null,
  'Кем создана сделка': null,
  'Дата редактирования': null,
  'Кем редактирована': null,
  ID: null,
  'Lead name': null,
  'Lead title': null,
  Sale: null,
  Budget: null,
  'Lead stage': null,
  'Lead status': null,
  Pipeline: null,
  'Closed at': null,
  'Closing date': null,
};

export const CRM_LAYOUTS: readonly CrmLayout[] = [
  {
    name: 'amoCRM leads export',
    requires: [
      'Полное имя контакта',
      'Дата создания сделки',
      'Этап сделки',
      'Contact full name',
      'Lead name',
      'Lead title',
      'Lead stage',
      'Lead status',
    ],
    signature: [
      'Название сделки',
      'Бюджет',
      'Этап сделки',
      'Дата создания сделки',
      'Кем создана сделка',
      'Дата редактирования',
      'Кем редактирована',
      'Дата закрытия',
      'Воронка',
      'Полное имя контакта',
      'Компания контакта',
      'Ответственный за контакт',
      'Рабочий прямой телефон',
      'Рабочий email',
      'Личный email',
      'Lead name',
      'Lead title',
      'Sale',
      'Lead stage',
      'Lead status',
      'Lead created',
      'Pipeline',
      'Closed at',
      'Closing date',
      'Contact full name',
      'Contact company',
      'Contact responsible',
    ],
    minimum: 3,
    columns: {
      deals: {
        'Lead name': 'title',
        'Lead title': 'title',
        Sale: 'amount',
        'Lead stage': 'stage',
        'Lead status': 'stage',
        'Lead created': 'created',
        'Closed at': 'closed',
        'Closing date': 'closed',
        'Contact full name': 'client',
        'Contact company': 'company',
      },
      clients: {
        ...AMO_LEAD_ONLY,
        'Дата создания сделки': 'created',
        'Lead created': 'created',
        'Contact full name': 'name',
      },
    },
  },
  {
    name: 'Bitrix24 deals export',
    requires: ['Стадия сделки', 'Название сделки', 'Deal Name', 'Stage'],
    signature: [
      ...BITRIX_COMMON,
      'Стадия сделки',
      'Сделка закрыта',
      'Предполагаемая дата закрытия',
      'Дата начала',
      'Валюта',
      'Вероятность',
      'Направление',
      'Группа стадий',
      'Повторная сделка',
      'Повторное обращение',
      'Состояние',
      'Closed',
      'Assumed close date',
      'Start date',
      'Currency',
      'Probability, %',
      'Deal status',
      'Income',
      'Repeat deal',
      'Repeat inquiry',
    ],
    minimum: 3,
    excludes: ['Полное имя контакта', 'Этап сделки', 'Дата создания сделки'],
    columns: {
      deals: {
        // Bitrix24 writes the day a deal was closed here when it closes it; the date of an open deal is only hoped
        // for, and is read for won and lost deals alone.
        'Предполагаемая дата закрытия': 'closed',
        'Assumed close date': 'closed',
        Income: 'amount',
      },
    },
  },
  {
    name: 'Bitrix24 companies export',
    requires: ['Название компании', 'Company name'],
    signature: [
      ...BITRIX_COMMON,
      ...BITRIX_CONTACT_TYPES,
      'Рабочий e-mail',
      'Рабочий телефон',
      'Тип компании',
      'Сфера деятельности',
      'Годовой оборот',
      'Кол-во сотрудников',
      'Фактический адрес',
      'Юридический адрес',
      'Банковские реквизиты',
      'Логотип',
      'Work E-mail',
      'Work Phone',
      'Company type',
      'Industry',
      'Annual revenue',
      'Employees',
    ],
    minimum: 2,
    excludes: ['Имя', 'Фамилия', 'First Name', 'Last Name'],
    columns: { clients: { 'Название компании': 'name', 'Company name': 'name' } },
  },
  {
    name: 'Bitrix24 contacts export',
    requires: ['Имя', 'Фамилия', 'First Name', 'Last Name'],
    signature: [
      ...BITRIX_COMMON,
      ...BITRIX_CONTACT_TYPES,
      'Рабочий e-mail',
      'Другой e-mail',
      'Тип контакта',
      'Обращение',
      'Дополнительно об источнике',
      'Участвует в экспорте контактов',
      'Work E-mail',
      'Other E-mail',
      'Contact Type',
      'Salutation',
      'Source information',
      'Included in export',
    ],
    minimum: 2,
    columns: {},
  },
];
