import type { rows as English } from '../en/rows.js';
import { numberIn } from '../numbers.js';
import { russianPlural } from '../plural.js';
import { stage } from './stages.js';

const characters = (count: number) =>
  `${numberIn('ru', count)} ${russianPlural(count, { one: 'символ', few: 'символа', many: 'символов', other: 'символа' })}`;

const quote = (p: { value: string; length?: number }) =>
  p.length === undefined ? `'${p.value}'` : `'${p.value}…' (${characters(p.length)})`;

const fields: Record<string, string> = {
  name: 'имя',
  first_name: 'личное имя',
  middle_name: 'отчество',
  last_name: 'фамилия',
  phone: 'телефон',
  email: 'e-mail',
  source: 'источник',
  tags: 'метки',
  birthday: 'день рождения',
  note: 'заметка',
  created: 'дата создания',
  archived: 'в архиве',
  phone_region: 'регион телефонов',
  id: 'номер клиента в файле',
  date: 'дата',
  client: 'клиент',
  amount: 'сумма',
  service: 'услуга',
  company: 'компания',
  title: 'название',
  currency: 'валюта',
  stage: 'этап',
  qualified: 'дата квалификации',
  deal: 'дата сделки',
  won: 'дата выигрыша',
  lost: 'дата проигрыша',
  junk: 'дата отсева',
  closed: 'дата закрытия',
  reason: 'причина',
  score: 'оценка',
  improve: 'что улучшить',
  liked: 'что понравилось',
};

/** The date column of a stage, as a note names it: a lead's date is the deal's creation date. */
const stageDate = (token: string) => (token === 'lead' ? fields.created : (fields[token] ?? token));

/** The fields a row may lack (record-file.ts REQUIRED), in the genitive: `нет суммы`. */
const missingField: Record<string, string> = {
  date: 'даты',
  amount: 'суммы',
  created: 'даты создания',
  score: 'оценки',
};

export const rows: typeof English = {
  notes: {
    tooManyCells: (p) =>
      `${numberIn('ru', p.cells)} ${russianPlural(p.cells, { one: 'ячейка', few: 'ячейки', many: 'ячеек', other: 'ячейки' })}, а в заголовке ${numberIn('ru', p.header)}`,
    unclosedQuote: 'кавычка не закрыта',
    unreadableCsv: (p) => `CSV не читается (${p.parser})`,
    cardNotClosed: 'карточка не закрыта (файл обрезан?)',
    noColon: "в строке свойства нет ':'",
    unreadableBirthday: (p) => `день рождения не читается: ${quote(p)}`,
    notADate: (p) => `${quote(p)} — не дата`,
    badAmount: (p) => `${quote(p)}: ${p.problem}`,
    negativeAmount: (p) => `${quote(p)} — сумма меньше нуля`,
    notAScore: (p) => `${quote(p)} — не оценка от 0 до 10`,
    missing: (p) =>
      missingField[p.field] ? `нет ${missingField[p.field]}` : `не заполнено поле «${fields[p.field] ?? p.field}»`,
    noNameOrContact: 'нет ни имени, ни телефона, ни e-mail',
    noClient: 'нет ни имени клиента, ни телефона, ни e-mail',
    leadWithoutClient: 'нет данных клиента: лид без клиента',
    phoneRounded: (p) => `телефон '${p.phone}' округлён таблицей (экспоненциальная запись) и потерял цифры`,
    phoneInvalid: (p) => `телефон '${p.phone}' — не номер региона ${p.region}; сохранён как написан`,
    phoneWithoutRegion: (p) =>
      `у телефона '${p.phone}' нет кода страны, а регион не задан (crm config set region RU); сохранён как написан`,
    emailInvalid: (p) => `e-mail '${p.email}' не похож на адрес; сохранён как написан`,
    sharedContactOtherRow: (p) =>
      `${p.contact} есть и у клиента «${p.name}», а файл называет его другим клиентом (у строк разные номера): записан отдельным клиентом`,
    newClient: 'новый клиент',
    alreadyImported: 'уже импортировано',
    sameDayVisit: (p) =>
      `у клиента уже есть визит в этот день с другой суммой или услугой; если строка его исправляет, удалите старый (crm visit list --client ${p.client} --from ${p.date} --to ${p.date}, затем crm visit rm <номер>)`,
    clientReadAs: (p) => `клиент '${p.named}' прочитан как '${p.known}' (те же имя и фамилия)`,
    unknownStage: (p) => `неизвестный этап '${p.name}': сделка загружена открытым лидом`,
    stageConflict: (p) =>
      `в базе сделка на этапе «${stage(p.stored)}» с ${p.since}; в файле — «${stage(p.incoming)}» ${p.on}`,
    dealMoved: (p) => `сделка #${p.id} → ${p.moves}`,
    lostAndJunk: `заполнены и ${fields.lost}, и ${fields.junk}`,
    wonAnd: (p) => `заполнены и ${fields.won}, и ${stageDate(p.ending)}`,
    junkAfterLead: `${fields.junk} — только у лида, которого не квалифицировали`,
    stageBefore: (p) => `${stageDate(p.stage)} ${p.date} раньше, чем ${stageDate(p.earlier)} ${p.earlierDate}`,
    closedBeforeCreated: (p) => `дата закрытия ${p.closed} раньше даты создания ${p.created}`,
  },
  amounts: {
    empty: 'пустая сумма',
    tooLong: 'не сумма',
    notAnAmount: 'не сумма',
    otherCurrency: (p) => `в ${p.currency}, а валюта базы — ${p.database}; сначала пересчитайте`,
    notGrouped: 'цифры не разбиты на группы по три',
    noFractionDigits: 'нет цифр после десятичного разделителя',
    tooManyFractionDigits: 'больше двух цифр после десятичного разделителя',
    tooLarge: 'слишком большая сумма (не больше 1 000 000 000 000)',
  },
  fields,
  requiredFields: missingField,
  extra: 'дополнительное поле',
  column: (p) => `${p.header} → ${p.field} (${p.name}${p.reason ? `: ${p.reason}` : ''})`,
  meaning: {
    cells: { empty: 'ячейки пусты', dates: 'в ячейках даты', text: 'в ячейках не даты' },
    beside: { date: 'рядом с другими столбцами дат', stage: 'рядом с другими столбцами этапов' },
    notBeside: { date: 'не рядом с другими столбцами дат', stage: 'не рядом с другими столбцами этапов' },
    otherTaken: (p) => `«${fields[p.field] ?? p.field}» — в другом столбце`,
  },
  answer: (p) => `${p.date} оценка ${p.score}`,
  deal: (p) => `${p.created} ${p.title} → ${stage(p.stage)}`,
  dealStep: (p) => `${stage(p.stage)} ${p.date}`,
  changes: {
    fill: (p) => `${fields[p.field] ?? p.field}=${p.value}`,
    phone: (p) => `+телефон ${p.phone}`,
    email: (p) => `+e-mail ${p.email}`,
    tag: (p) => `+метка ${p.tag}`,
  },
  stages: {
    placed: (p) => `этапы: ${p.stages}`,
    place: (p) => `'${p.name}' → ${stage(p.stage)}${p.chosen ? ' (--stage)' : ''} (${p.deals})`,
    unknown: (p) =>
      `неизвестные этапы, сделки загружены открытыми лидами: ${p.names}; укажите этап каждому: --stage "${p.first}=won|lost|junk|lead|qualified|deal" (--save-profile запомнит)`,
    unknownName: (p) => `'${p.name}' (${p.deals})`,
  },
  otherCurrencies: (p) =>
    `внимание: суммы в ${p.found}, а валюта базы — ${p.database}: сохранены как написаны, без пересчёта`,
  currencyDeals: (p) => `${p.currency} (${p.deals})`,
  duplicates: {
    sameName: 'то же имя, но другой телефон или e-mail',
    sameNameStart: 'те же фамилия и имя',
    sharedContact: 'тот же телефон или e-mail, другое имя',
    samePhone: 'тот же номер телефона, прочитанный заново в регионе',
  },
  layouts: {
    'amoCRM leads export': 'выгрузка сделок amoCRM',
    'Bitrix24 deals export': 'выгрузка сделок Битрикс24',
    'Bitrix24 companies export': 'выгрузка компаний Битрикс24',
    'Bitrix24 contacts export': 'выгрузка контактов Битрикс24',
  },
};
