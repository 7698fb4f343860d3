/**
 * What an import says of its rows (why one was rejected, what is worth a look, how a column was read) is said in the
 * person's language in the table, the summary and the rejects file, and in English, the same in every language, in
 * its JSON: the JSON of these imports is byte for byte what crm wrote before the reasons were translated
 * (test/golden/import-reasons.json).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli-harness.js';
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

/** The imports, in order, each on the database the ones before it filled. */
const IMPORTS: string[][] = [
  ['clients', 'clients.csv'],
  ['clients', 'clients-again.csv'],
  ['clients', 'cards.vcf'],
  ['visits', 'journal.csv'],
  ['visits', 'journal.csv'],
  ['visits', fixture('spreadsheets/salon-edge.ods')],
  ['deals', 'deals.csv'],
  ['deals', 'deals-again.csv'],
  ['deals', 'deals-conflict.csv'],
  ['deals', 'deals-named.csv'],
  ['nps', 'nps.csv'],
  ['nps', 'nps.csv'],
];

interface Run {
  dir: string;
  /** Each import's JSON, with what differs between two runs (the folder, the time taken) made the same. */
  json: string[];
  /** Each import's table and notes, as a person reads them. */
  tables: string[];
  rejects: string[];
}

async function importAll(language: 'en' | 'ru'): Promise<Run> {
  const dir = tempDir('crm-reasons-');
  for (const [name, text] of Object.entries(FILES)) writeFileSync(join(dir, name), text);
  const db = join(dir, 'crm.sqlite');
  const run: Run = { dir, json: [], tables: [], rejects: [] };
  for (const [i, [kind, file]] of IMPORTS.entries()) {
    const path = file!.startsWith('/') ? file! : join(dir, file!);
    const args = ['--lang', language, 'import', kind!, path, '--rejects', join(dir, `rejects-${i}.csv`)];
    const dry = await runCli([...args.slice(0, 5), '--dry-run'], { db, env: LOCALE, columns: 400 });
    expect(dry.code, dry.stderr).toBe(0);
    run.tables.push(dry.stdout);
    const done = await runCli([...args, '--json'], { db, env: LOCALE });
    expect(done.code, done.stderr).toBe(0);
    run.json.push(done.stdout.replaceAll(dir, '<dir>').replace(/"seconds": [\d.]+/g, '"seconds": 0'));
    const rejects = join(dir, `rejects-${i}.csv`);
    run.rejects.push(existsSync(rejects) ? readFileSync(rejects, 'utf8') : '');
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

  it('has a rejects file for every import that rejected rows', () => {
    expect(readdirSync(english.dir).filter((name) => name.startsWith('rejects-')).length).toBeGreaterThan(5);
  });
});
