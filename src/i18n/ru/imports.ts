import type { imports as English } from '../en/imports.js';
import { numberIn } from '../numbers.js';

/** A count in a sentence, grouped as Russian writes it (`2 999`), as the row counts beside it are. */
const n = (count: number) => numberIn('ru', count);

export const imports: typeof English = {
  file: (p) => `файл: ${p.file}`,
  detected: (p) => `определено: ${p.parts}`,
  encoding: (p) => `кодировка ${p.encoding}${p.bom ? ' с BOM' : ''}`,
  delimiter: (p) => `разделитель ${p.delimiter}`,
  tab: 'табуляция',
  formats: {
    csv: 'CSV',
    vcard: 'vCard',
    ods: 'таблица OpenDocument',
    fods: 'плоская таблица OpenDocument (.fods)',
    xlsx: 'книга Excel',
    xls: 'книга Excel 97–2003',
    html: 'HTML-таблица («Excel»-выгрузка веб-приложения)',
  },
  sheet: (p) => `лист «${p.name}»`,
  sheets: (p) => `листы ${p.names}`,
  sheetName: (p) => `«${p.name}»`,
  sheetsLeftOut: (p) => `не прочитаны листы с другими столбцами: ${p.sheets} (прочитать такой лист: --sheet ИМЯ)`,
  headerRow: (p) => `заголовок в строке ${p.row}`,
  hiddenImported: (p) => `загружены ${p.rows}`,
  binaryLeftOut: (p) => `фото (и логотипы, звуки, ключи) не переносятся: пропущены в ${p.cards}`,
  totalsSkipped: (p) => `итоги таблицы не загружены — ${p.rows} (подпись «Итого», «Всего» и суммы): ${p.where}`,
  headers: (p) => `заголовки ${p.language}`,
  headerLanguages: {
    ru: 'на русском',
    en: 'на английском',
    google: 'как в Google Контактах',
    outlook: 'как в Outlook',
    mixed: 'на русском и английском',
  },
  dates: (p) => `даты ${p.style}`,
  dateStyles: { dmy: 'дд.мм.гггг (сначала день)', mdy: 'мм/дд/гггг (сначала месяц)', ymd: 'гггг-мм-дд' },
  lineEndings: (p) => `концы строк ${p.endings}`,
  lineEndingKinds: {
    lf: 'LF (Unix)',
    crlf: 'CRLF (Windows)',
    cr: 'CR (старый Mac)',
    mixed: 'разные',
    none: 'не встретились',
  },
  columns: (p) => `столбцы: ${p.columns}`,
  phonesGivenPlus: (p) =>
    `телефоны: ${p.numbers} без «+», который теряет таблица (447911123456), прочитаны как международные (+447911123456)`,
  currencySignsLost: (p) =>
    `суммы: «?» на месте знака ${p.sign}, потерянного в кодировке файла (${p.encoding}), прочитан как ${p.sign} (${p.amounts})`,
  noName: '(без имени)',
  newClient: (p) => `новый: ${p.name}`,
  possibleDuplicateOf: (p) => `возможный дубль ${p.clients}`,
  /** With «тот же» agreeing with each noun (та же фамилия, то же имя): the messages put nothing before it. */
  matchedBy: {
    phone: 'тот же телефон',
    email: 'тот же e-mail',
    name: 'то же имя',
    'surname and first name': 'та же фамилия и имя',
  },
  sameAs: (p) => `${p.by}, что у ${p.client}: ${p.changes}`,
  sameNothingNew: (p) => `${p.by}, что у ${p.client}: ничего нового`,
  kept: (p) => `оставлено: ${p.field} '${p.stored}', в файле '${p.incoming}'`,
  planned: { create: 'создать', update: 'обновить', duplicate: 'дубль', reject: 'отклонить' },
  done: { create: 'создан', update: 'обновлён', duplicate: 'дубль', reject: 'отклонена' },
  tableColumns: {
    line: 'строка',
    row: 'строка листа',
    action: 'действие',
    client: 'клиент',
    details: 'подробности',
    record: { visits: 'визит', deals: 'сделка', nps: 'ответ' },
  },
  clientSummary: (p) =>
    `${p.dryRun ? 'будет создано' : 'создано'} ${n(p.created)}, ${p.dryRun ? 'будет обновлено' : 'обновлено'} ${n(p.updated)}, дублей ${n(p.duplicates)}, отклонено ${n(p.rejected)} из ${p.rows}`,
  recordNouns: { visits: 'визитов', deals: 'сделок', nps: 'ответов' },
  recordSummary: (p) =>
    `${p.dryRun ? 'будет создано' : 'создано'} ${p.records}: ${n(p.created)}${p.deals ? `, ${p.dryRun ? 'будет передвинуто' : 'передвинуто'} ${n(p.moved)}` : ''}, дублей ${n(p.duplicates)}, отклонено ${n(p.rejected)} из ${p.rows}; новых клиентов ${n(p.newClients)}`,
  sameDayVisits: (p) =>
    `в день, когда у клиента уже есть визит с другой суммой или услугой, добавлено: ${p.visits} — исправления? (см. их строки)`,
  notListed: (p) => `ещё ${p.rows} не в списке (числа выше учитывают все)`,
  speed: (p) => `${p.rows} за ${p.seconds} с (${p.perSecond} строк/с)`,
  batch: (p) => `импорт ${p.batch} (отменить: crm import undo ${p.batch})`,
  nothingNew: 'ничего нового: база данных не изменилась',
  allRejected: (p) =>
    `${p.file}: ничего не импортировано: отклонены все строки (${p.count})${p.line ? ` (первая: ${p.sheetRow || `строка ${p.line}`}${p.field ? `, поле ${p.field}` : ''}: ${p.reason})` : ''}` +
    (p.otherSheets ? `; другие листы книги: ${p.otherSheets} (выберите лист: --sheet ИМЯ)` : '') +
    (p.rejectsFile ? `; все строки с причинами: ${p.rejectsFile}` : ''),
  rejectsToFix: (p) =>
    `внимание: ${p.rows} — в файле ${p.file}, как были, с номером строки и причиной в конце: исправьте их там и импортируйте этот файл снова`,
  rejectsColumns: { line: 'отклонено: строка', reason: 'отклонено: причина' },
  rejectedCard: (p) => `строка ${p.line}: ${p.reason}`,
  moreRefusals: (p) => `и ещё отклонённых строк в этой карточке: ${p.count}`,
  dryRun: 'пробный запуск: ничего не записано',
  worthALook: (p) => `(здесь не показаны ещё ${p.rows}; их покажет --json, каждую строку — --dry-run)`,
  savedProfile: (p) => `настройки сохранены как '${p.name}'`,
};
