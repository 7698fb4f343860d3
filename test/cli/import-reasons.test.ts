/**
 * What an import says of its rows (why one was rejected, what is worth a look, how a column was read) is said in the
 * person's language in the table, the summary and the rejects file, and in English, the same in every language, in
 * its JSON: the JSON of these imports is byte for byte what crm wrote before the reasons were translated
 * (test/golden/import-reasons.json).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { STAGES } from '../../src/domain/deal.js';
import { FIELDS } from '../../src/importers/headers.js';
import { REJECTED_PROPERTY } from '../../src/importers/vcard.js';
import { runCli } from '../cli-harness.js';
import { englishWords } from '../english-words.js';
import { fixture, tempDir } from '../helpers.js';

const UPDATE = process.env.UPDATE_GOLDEN === '1';
if (UPDATE && process.env.CI) throw new Error('UPDATE_GOLDEN must not be set in CI: golden files are reviewed by hand');
const GOLDEN = join(import.meta.dirname, '..', 'golden', 'import-reasons.json');

/** The locale stays Russian in both languages: it decides how phones and dates are read, which is not the language's. */
const LOCALE = { LANG: 'ru_RU.UTF-8' };
const LONG = 'x'.repeat(70);

/** Files with a row for every reason an import gives, written as the programs people use write them. */
const FILES: Record<string, string> = {
  'clients.csv': [
    'ФИО;Телефон;E-mail;Дата рождения;Метки',
    'Иванова Мария Петровна;+7 912 345-67-89;;12.05.1990;VIP',
    'Петров Сергей;12345;sergey@;;',
    'Смирнова Елена;7,91234E+10;;;',
    'Кузнецов Алексей;+7 912 777-00-00;;31.02.1990;',
    ';;;;VIP',
    `Козлова Анна;+7 916 000-11-22;;${LONG};`,
    'Морозов Иван;+7 912 555-44-33;ivan@example.ru;;',
    'Ксения Олеговна Фёдорова;;;;',
  ].join('\n'),
  'clients-again.csv': [
    'ФИО;Телефон;E-mail;Источник;Метки',
    'Иванова Мария;+7 912 345-67-89;maria@example.ru;Instagram;Постоянная',
    'Морозов Иван Ильич;+7 912 555-44-33;;;',
    'Морозов Иван;+7 912 555-44-33;ivan@example.ru;;',
    'Иванова Мария Петровна;+7 912 345-67-89;;Сайт;',
  ].join('\n'),
  'cards.vcf': [
    'BEGIN:VCARD',
    'VERSION:3.0',
    'FN:Григорий Сафонов',
    'TEL:+7 912 111-22-33',
    'END:VCARD',
    'BEGIN:VCARD',
    'VERSION:3.0',
    'FN:Людмила Егорова',
    'TEL:+7 912 111-22-44',
    'BDAY:когда-то весной',
    'END:VCARD',
    'BEGIN:VCARD',
    'VERSION:3.0',
    'FN:Ольга Лебедева',
    'a line without a colon',
    'END:VCARD',
    'BEGIN:VCARD',
    'VERSION:3.0',
    'FN:Дарья Соколова',
    'TEL:+7 926 123-45-67',
  ].join('\r\n'),
  'journal.csv': [
    'Дата;Клиент;Телефон;Сумма;Услуга',
    '01.02.2026;Иванова Мария Петровна;+7 912 345-67-89;1500;Стрижка',
    'вчера;Петров Сергей;;200;',
    '03.02.2026;;;300;',
    '04.02.2026;Вера;;abc;',
    '05.02.2026;Глеб;;-100;',
    '06.02.2026;Дина;;100;Стрижка;лишнее;ещё',
    '07.02.2026;Егор;;1,5,5;',
    '08.02.2026;Жанна;+7 912 000-00-01;;',
    '09.02.2026;Зоя;;4500 USD;',
    '10.02.2026;Инна;;1,2345;',
    '10.02.2026;Инна;;2 000 000 000 000;',
    `10.02.2026;Инна;;${'1'.repeat(120)};`,
    '11.02.2026;Кира;;1500,',
    `${LONG};Лев;;100;`,
    '12.02.2026;Нина;12-34;700;Маникюр',
    '13.02.2026;Ольга;;"100',
  ].join('\n'),
  'deals.csv': [
    'Создана;Клиент;Телефон;Название;Сумма;Квалифицирована;Сделка;Выиграна;Проиграна;Нецелевой;Причина',
    '01.03.2026;Мария Иванова;;Абонемент;15 000;02.03.2026;05.03.2026;;;;',
    '02.03.2026;;;Звонок без имени;;;;;;02.03.2026;Спам',
    '03.03.2026;Петров Сергей;;Корпоратив;90 000;04.03.2026;;;10.03.2026;11.03.2026;',
    '04.03.2026;Смирнова Елена;;Свадьба;8 000;05.03.2026;;06.03.2026;07.03.2026;;Дорого',
    '05.03.2026;Козлова Анна;;Курс;5 000;06.03.2026;;;;07.03.2026;',
    '06.03.2026;Морозов Иван;;Клуб;18 000;01.03.2026;;;;;',
    '07.03.2026;Ксения Фёдорова;;Выпускной;7 000;;;;;;',
  ].join('\n'),
  'deals-again.csv': [
    'Создана;Клиент;Телефон;Название;Сумма;Квалифицирована;Сделка;Выиграна;Проиграна;Нецелевой;Причина',
    '01.03.2026;Мария Иванова;;Абонемент;15 000;02.03.2026;05.03.2026;09.03.2026;;;',
    '01.03.2026;Мария Иванова;;Абонемент;15 000;02.03.2026;05.03.2026;;;;',
  ].join('\n'),
  'deals-conflict.csv': [
    'Создана;Клиент;Телефон;Название;Сумма;Квалифицирована;Сделка;Выиграна;Проиграна;Нецелевой;Причина',
    '01.03.2026;Мария Иванова;;Абонемент;15 000;02.03.2026;05.03.2026;;10.03.2026;;Дорого',
  ].join('\n'),
  'deals-named.csv': [
    'Название сделки;Стадия сделки;Сумма;Валюта;Контакт;Дата создания;Предполагаемая дата закрытия',
    'Окрашивание;Думает;4 000;RUB;Лебедева Ольга;10.04.2026;20.04.2026',
    'Стрижка;Сделка успешна;1 500;USD;Фёдорова Ксения;11.04.2026;09.04.2026',
    'Укладка;Сделка успешна;1 000;USD;Фёдорова Ксения;12.04.2026;13.04.2026',
  ].join('\n'),
  'nps.csv': [
    'Дата;Клиент;Телефон;Оценка;Что улучшить',
    '20.01.2026;Иванова Мария Петровна;+7 912 345-67-89;10;',
    '21.01.2026;Петров Сергей;;11;Парковка',
    '22.01.2026;Смирнова Елена;;;',
    '23.01.2026;Морозов Иван;+7 912 555-44-33;девять;',
  ].join('\n'),
};

/** The imports, in order, each on the database the ones before it filled: what a test calls it, its kind, its file. */
const IMPORTS: Array<[string, string, string]> = [
  ['clients', 'clients', 'clients.csv'],
  ['clients again', 'clients', 'clients-again.csv'],
  ['cards', 'clients', 'cards.vcf'],
  ['journal', 'visits', 'journal.csv'],
  ['journal again', 'visits', 'journal.csv'],
  ['workbook', 'visits', fixture('spreadsheets/salon-edge.ods')],
  ['deals', 'deals', 'deals.csv'],
  ['deals again', 'deals', 'deals-again.csv'],
  ['deals in conflict', 'deals', 'deals-conflict.csv'],
  ['deals by stage name', 'deals', 'deals-named.csv'],
  ['answers', 'nps', 'nps.csv'],
  ['answers again', 'nps', 'nps.csv'],
];

interface Run {
  dir: string;
  /** Each import's JSON, with what differs between two runs (the folder, the time taken) made the same. */
  json: string[];
  /** Each import's table and notes, as a person reads them (a dry run: every row), by the import's name. */
  tables: Map<string, string>;
  /** Each import's rejects file, by the import's name ('' when it rejected nothing). */
  rejects: Map<string, string>;
}

async function importAll(language: 'en' | 'ru'): Promise<Run> {
  const dir = tempDir('crm-reasons-');
  for (const [name, text] of Object.entries(FILES)) writeFileSync(join(dir, name), text);
  const db = join(dir, 'crm.sqlite');
  const run: Run = { dir, json: [], tables: new Map(), rejects: new Map() };
  for (const [i, [name, kind, file]] of IMPORTS.entries()) {
    const path = file.startsWith('/') ? file : join(dir, file);
    const args = ['--lang', language, 'import', kind, path, '--rejects', join(dir, `rejects-${i}.csv`)];
    const dry = await runCli([...args.slice(0, 5), '--dry-run'], { db, env: LOCALE, columns: 400 });
    expect(dry.code, dry.stderr).toBe(0);
    run.tables.set(name, dry.stdout);
    const done = await runCli([...args, '--json'], { db, env: LOCALE });
    expect(done.code, done.stderr).toBe(0);
    run.json.push(
      done.stdout
        .replaceAll(dir, '<dir>')
        .replaceAll(fixture(''), '<fixtures>')
        .replace(/"seconds": [\d.]+/g, '"seconds": 0'),
    );
    const rejects = join(dir, `rejects-${i}.csv`);
    run.rejects.set(name, existsSync(rejects) ? readFileSync(rejects, 'utf8') : '');
  }
  return run;
}

describe('an import in English and in Russian', () => {
  let english: Run;
  let russian: Run;
  beforeAll(async () => {
    english = await importAll('en');
    russian = await importAll('ru');
  });

  it('writes the JSON it wrote before its reasons were translated, in both languages', () => {
    if (UPDATE) writeFileSync(GOLDEN, `${JSON.stringify(english.json, null, 2)}\n`);
    const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as string[];
    expect(english.json).toEqual(golden);
    expect(russian.json).toEqual(golden);
  });

  /** The details of the row at `position` (`3`, `Визиты!8`) of an import's table: its last column. */
  const detailsOf = (run: Run, name: string, position: string) => {
    const row = run.tables
      .get(name)!
      .split('\n')
      .find((line) => line.trimStart().startsWith(`${position}  `));
    return row
      ?.trim()
      .split(/\s{2,}/)
      .at(-1);
  };

  it.each([
    ['journal', '3', "Дата: 'вчера' — не дата"],
    ['journal', '15', "Дата: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…' (70 символов) — не дата"],
    ['journal', '4', 'нет ни имени клиента, ни телефона, ни e-mail'],
    ['journal', '5', "Сумма: 'abc': не сумма"],
    ['journal', '6', "Сумма: '-100' — сумма меньше нуля"],
    ['journal', '7', '7 ячеек, а в заголовке 5'],
    ['journal', '8', "Сумма: '1,5,5': цифры не разбиты на группы по три"],
    ['journal', '9', 'Сумма: нет суммы'],
    ['journal', '10', "Сумма: '4500 USD': в USD, а валюта базы — RUB; сначала пересчитайте"],
    ['journal', '11', "Сумма: '1,2345': больше двух цифр после десятичного разделителя"],
    ['journal', '12', "Сумма: '2 000 000 000 000': слишком большая сумма (не больше 1 000 000 000 000)"],
    ['journal', '13', "Сумма: '1111111111111111111111111111111111111111…' (120 символов): не сумма"],
    ['journal', '14', "Сумма: '1500,': нет цифр после десятичного разделителя"],
    ['journal', '16', "новый клиент; телефон '12-34' — не номер региона RU; сохранён как написан"],
    ['journal', '17', 'кавычка не закрыта'],
    ['journal again', '2', 'уже импортировано'],
    ['workbook', 'Визиты!8', "Сумма: 'бесплатно': не сумма"],
    [
      'clients',
      '3',
      "телефон '12345' — не номер региона RU; сохранён как написан; e-mail 'sergey@' не похож на адрес; сохранён как написан",
    ],
    ['clients', '4', "телефон '7,91234E+10' округлён таблицей (экспоненциальная запись) и потерял цифры"],
    ['clients', '5', "Дата рождения: '31.02.1990' — не дата"],
    ['clients', '6', 'нет ни имени, ни телефона, ни e-mail'],
    [
      'clients again',
      '2',
      'тот же телефон, что у #1 Иванова Мария Петровна: источник=Instagram, +e-mail maria@example.ru, +метка Постоянная',
    ],
    [
      'clients again',
      '5',
      "тот же телефон, что у #1 Иванова Мария Петровна: ничего нового; оставлено: источник 'Instagram', в файле 'Сайт'",
    ],
    ['cards', '6', "BDAY: день рождения не читается: 'когда-то весной'"],
    ['cards', '12', "a line without a colon: в строке свойства нет ':'"],
    ['cards', '17', 'карточка не закрыта (файл обрезан?)'],
    ['deals', '3', 'нет данных клиента: лид без клиента'],
    ['deals', '4', 'заполнены и дата проигрыша, и дата отсева'],
    ['deals', '5', 'заполнены и дата выигрыша, и дата проигрыша'],
    ['deals', '6', 'дата отсева — только у лида, которого не квалифицировали'],
    ['deals', '7', 'дата квалификации 01.03.2026 раньше, чем дата создания 06.03.2026'],
    ['deals', '8', "клиент 'Ксения Фёдорова' прочитан как 'Ксения Олеговна Фёдорова' (те же имя и фамилия)"],
    ['deals again', '2', 'сделка #1 → выиграна 09.03.2026'],
    ['deals in conflict', '2', 'в базе сделка на этапе «выиграна» с 09.03.2026; в файле — «проиграна» 10.03.2026'],
    ['deals by stage name', '2', "новый клиент; неизвестный этап 'Думает': сделка загружена открытым лидом"],
    ['deals by stage name', '3', 'дата закрытия 09.04.2026 раньше даты создания 11.04.2026'],
    ['answers', '3', "Оценка: '11' — не оценка от 0 до 10"],
    ['answers', '4', 'Оценка: нет оценки'],
  ])('%s, row %s: %s', (name, position, said) => {
    expect(detailsOf(russian, name, position)).toBe(said);
  });

  it('says an NPS answer, and where a deals file’s stage names and currencies went, in Russian', () => {
    expect(russian.tables.get('answers')).toMatch(
      /^\s+2\s+создать\s+#1 Иванова Мария Петровна\s+20.01.2026 оценка 10\s+—$/m,
    );
    const notes = russian.tables.get('deals by stage name')!;
    expect(notes).toContain("\nэтапы: 'Сделка успешна' → выиграна (2 сделки)\n");
    expect(notes).toContain(
      '\nнеизвестные этапы, сделки загружены открытыми лидами: \'Думает\' (1 сделка); укажите этап каждому: --stage "Думает=won|lost|junk|lead|qualified|deal" (--save-profile запомнит)\n',
    );
    expect(notes).toContain(
      '\nвнимание: суммы в USD (1 сделка), а валюта базы — RUB: сохранены как написаны, без пересчёта\n',
    );
    expect(notes).toMatch(/^определено: выгрузка сделок Битрикс24, CSV/m);
  });

  it('shows each column’s field as --map takes it, with its Russian name beside it; English shows the field alone', () => {
    expect(russian.tables.get('journal')).toContain(
      '\nстолбцы: Дата → date (дата); Клиент → client (клиент); Телефон → phone (телефон); Сумма → amount (сумма); Услуга → service (услуга)\n',
    );
    expect(english.tables.get('journal')).toContain(
      '\ncolumns: Дата → date; Клиент → client; Телефон → phone; Сумма → amount; Услуга → service\n',
    );
    expect(russian.tables.get('deals')).toContain(
      'Сделка → deal (дата сделки: в ячейках даты, рядом с другими столбцами этапов, «название» — в другом столбце)',
    );
    expect(english.tables.get('deals')).toContain(
      'Сделка → deal (its cells are dates, beside the other stage columns, another column is the title)',
    );
  });

  it('says in Russian what language the headers are in and what ends the lines; English names them by their codes', () => {
    expect(russian.tables.get('journal')).toMatch(
      /^определено: CSV, кодировка utf8, разделитель ';', заголовки на русском, даты .+, концы строк LF \(Unix\)$/m,
    );
    expect(russian.tables.get('cards')).toMatch(
      /^определено: vCard 3\.0, кодировка utf8, концы строк CRLF \(Windows\)$/m,
    );
    expect(english.tables.get('journal')).toMatch(/^detected: CSV, .*, headers ru, dates .+, line endings lf$/m);
  });

  it('writes a journal’s rejected rows under its own header, with the line and the reason in Russian after them', () => {
    // In the journal's own dialect: its cells are separated by ';'.
    expect(russian.rejects.get('journal')!.split('\n').slice(0, 3)).toEqual([
      'Дата;Клиент;Телефон;Сумма;Услуга;отклонено: строка;отклонено: причина',
      "вчера;Петров Сергей;;200;;3;Дата: 'вчера' — не дата",
      '03.02.2026;;;300;;4;нет ни имени клиента, ни телефона, ни e-mail',
    ]);
    expect(russian.rejects.get('workbook')!.split('\n')[0]).toBe(
      'Дата,Клиент,Телефон,Услуга,Сумма,Примечание,отклонено: строка,отклонено: причина',
    );
    expect(russian.rejects.get('workbook')).toContain(",Визиты!8,Сумма: 'бесплатно': не сумма\n");
    expect(english.rejects.get('journal')!.split('\n').slice(0, 2)).toEqual([
      'Дата;Клиент;Телефон;Сумма;Услуга;rejected: line;rejected: reason',
      "вчера;Петров Сергей;;200;;3;Дата: 'вчера' is not a date",
    ]);
  });

  it('leaves no English words in a Russian import’s table, its notes or its rejects file', () => {
    // Words the person typed or reads as they are: the file's own (headers, values), the fields and stages --map
    // and --stage take, and the region code `crm config set region` takes.
    const typed = new Set([
      ...Object.values(FILES).flatMap((text) => text.split(/[\s,;()[\]<>:/.…=]+/)),
      LONG.slice(0, 40),
      ...Object.values(FIELDS).flat(),
      ...STAGES,
      'extra',
      '--stage',
      '--save-profile',
      '--sheet',
      'RU',
      // A vCard's rejects file: the property that says each card's line and reason, named as vCard properties are.
      REJECTED_PROPERTY,
    ]);
    const texts = [...russian.tables.values(), ...russian.rejects.values()].map((text) =>
      text.replace(/^(файл|file): .*$/gm, ''),
    );
    for (const text of texts) expect(englishWords(text, typed)).toEqual([]);
    // It would find them: the English tables have plenty.
    expect(englishWords([...english.tables.values()].join('\n'), typed)).toEqual(
      expect.arrayContaining(['not', 'negative', 'rejected', 'cells']),
    );
  });
});
