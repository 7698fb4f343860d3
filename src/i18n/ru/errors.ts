import type { errors as English } from '../en/errors.js';
import { numberIn } from '../numbers.js';
import { russianPlural } from '../plural.js';
import { kind, ofKind } from './kinds.js';
import { stage } from './stages.js';

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** What an OpenDocument file is, by the type its `mimetype` names. */
const OPEN_DOCUMENTS: Record<string, string> = {
  text: 'текстовый документ OpenDocument',
  presentation: 'презентация OpenDocument',
  graphics: 'рисунок OpenDocument',
  drawing: 'рисунок OpenDocument',
  chart: 'диаграмма OpenDocument',
  formula: 'формула OpenDocument',
  image: 'изображение OpenDocument',
  database: 'база данных OpenDocument',
};

export const errors: typeof English = {
  fileProblems: {
    ENOENT: 'нет такого файла или папки',
    ENOTDIR: 'часть пути — файл, а не папка',
    EISDIR: 'это папка',
    EACCES: 'нет доступа',
    EPERM: 'не разрешено',
    EROFS: 'файловая система только для чтения',
    ENOSPC: 'диск заполнен',
    EDQUOT: 'превышена квота диска',
    EEXIST: 'уже существует',
    ELOOP: 'слишком много символических ссылок (ссылки по кругу?)',
    ENAMETOOLONG: 'слишком длинное имя',
    EFBIG: 'файл слишком велик для этой файловой системы',
    EIO: 'ошибка ввода-вывода',
    EXDEV: 'на другой файловой системе',
    EMFILE: 'открыто слишком много файлов',
    EBUSY: 'занят',
    EPIPE: 'программа, которая его читала, закрыла его',
  },
  fileSystemRefused: (p) => `файловая система отказала (${p.code})`,
  cancelled: 'отменено; ничего не записано',

  unknownStage: (p) => `неизвестный этап '${p.stage}' (этапы: ${p.stages})`,
  cannotMove: (p) =>
    `сделку #${p.id} нельзя перевести с этапа «${stage(p.from)}» на «${stage(p.to)}» (${p.allowed ? `можно: ${p.allowed}` : `сделка ${stage(p.from)} и закрыта`})`,
  moveBefore: (p) =>
    `сделка #${p.id} перешла на этап «${stage(p.stage)}» ${p.entered}: переход нельзя датировать ${p.date}, раньше этого`,
  lostNeedsReason: (p) => `чтобы сделка #${p.id} стала проигранной (lost), нужна --reason`,
  amount: (p) => `сумма '${p.text}': ${p.problem} (пишите, например, 1500 или 1 500,50)`,
  negativeAmount: (p) => `сумма '${p.text}' отрицательна: возврат запишите заметкой, суммы — 0 и больше`,
  notADate: (p) => `'${p.text}' — не дата (пишите дд.мм.гггг, гггг-мм-дд, сегодня или вчера)`,
  notAScore: (p) => `оценка '${p.text}' — не целое число от 0 до 10`,

  period: {
    forms: '03.2026, 2026Q1, 2026, 05.03.2026 или от одного до другого: 05.03.2026..20.03.2026; годится и 2026-03-05',
    notAPeriod: (p) => `${p.option}: '${p.text}' — не период (пишите ${p.forms})`,
    endsBeforeStart: (p) => `${p.option}: '${p.text}' заканчивается раньше, чем начинается`,
    notADate: (p) => `${p.option}: '${p.text}' — не дата (пишите ДД.ММ.ГГГГ или ГГГГ-ММ-ДД)`,
    oneWay: (p) => `${p.options} нельзя указывать вместе: задайте период одним способом`,
    notAMonth: (p) => `--month: '${p.text}' — не месяц (пишите ММ.ГГГГ или ГГГГ-ММ)`,
    notAYear: (p) => `--year: '${p.text}' — не год (пишите ГГГГ)`,
    toNeedsFrom: '--to нужен --from',
    fromAfterTo: (p) => `--from ${p.from} позже, чем --to ${p.to}`,
    tooManyColumns: (p) =>
      `${p.flag} за ${p.from}..${p.to} дал бы столбцов: ${p.count} (не больше ${p.most}); возьмите период короче или разбивку крупнее`,
    periodOrRange: 'укажите -p или --from/--to, но не то и другое',
  },
  crmToday: (p) => `CRM_TODAY='${p.value}' — не дата: укажите настоящий день как ГГГГ-ММ-ДД или уберите переменную`,

  client: {
    setExpects: (p) => `--set ждёт ключ=значение, а получено '${p.pair}'`,
    birthday: (p) => `день рождения '${p.text}' — не дата (пишите дд.мм.гггг или гггг-мм-дд)`,
    needsNameOrContact: 'у клиента должно быть имя, телефон или e-mail',
    alreadyStored: (p) =>
      `уже есть: клиент ${p.id} ${p.name} (${p.by}); посмотреть — 'crm client show ${p.id}', изменить — 'crm client edit ${p.id}', или добавьте --allow-duplicate`,
    gone: (p) => `клиента #${p.id} нет (его объединили или удалили)`,
    noExtraField: (p) => `у клиента ${p.id} нет доп. поля '${p.key}' (список — crm client show ${p.id})`,
    noNumber: (p) => `клиента ${p.id} нет (список — crm client list)`,
    noMatch: (p) => `ни один клиент не подходит под '${p.query}' (что есть — покажет crm client find)`,
    whichOne: (p) => `Под '${p.query}' подходят несколько клиентов: который?`,
    noName: '(без имени)',
    andMore: (p) => `; и ещё ${p.count}`,
    matchesMany: (p) =>
      `под '${p.query}' подходят клиенты (${p.count}): ${p.shown}${p.more}; назовите одного по номеру, например ${p.example}`,
    mergeIntoItself: 'нельзя объединить клиента с самим собой',
    /** With «тот же» agreeing with each noun (та же фамилия, то же имя): the messages put nothing before it. */
    matchedBy: {
      phone: 'тот же телефон',
      email: 'тот же e-mail',
      name: 'то же имя',
      'surname and first name': 'та же фамилия и имя',
    },
  },
  records: {
    newNeedsClient: '--new нужно имя, телефон или e-mail клиента',
    alreadyClient: (p) => `'${p.query}' — уже клиент ${p.id} ${p.name} (${p.by}): уберите --new`,
    noVisit: (p) => `визита #${p.id} нет (список — crm visit list)`,
    nothingToChange: 'нечего менять: укажите --amount, --date, --service, --note или --client',
    dealNeedsTitle: 'у сделки должно быть название (--title)',
    noDeal: (p) => `сделки #${p.id} нет (список — crm deal list)`,
    wonNeedsAmount: (p) => `у сделки #${p.id} нет суммы: выигранная сделка — это покупка, укажите --amount`,
  },
  files: {
    noSuchDirectory: (p) => `нет такой папки (${p.dir})`,
    notADirectory: (p) => `${p.dir} — файл, а не папка`,
    isADirectory: 'это папка',
    outputTakesFile: 'здесь -o ждёт имя файла (report.html, report.xlsx, … или - для экрана)',
    databaseFiles: {
      '': 'сама база данных',
      '-wal': 'файл -wal базы данных (её последние изменения)',
      '-shm': 'файл -shm базы данных',
      '-journal': 'файл -journal базы данных',
    },
    thatIs: (p) => `${p.path}: это ${p.what}; запишите в другой файл`,
    beingRead: (p) => `${p.path}: это читаемый файл (${p.input}); запишите в другой файл`,
    existsNotDirectory: 'уже есть и это не папка',
    cannotCreateDirectory: (p) => `не удалось создать там папку (${p.problem})`,
  },
  import: {
    noSuchFile: (p) => `${p.file}: нет такого файла`,
    directoryNotFile: (p) => `${p.file}: это папка, а не файл`,
    notRegular: (p) => `${p.file}: ${p.problem}`,
    notRegularProblems: {
      directory: 'это папка, а не файл',
      fifo: 'это именованный канал (FIFO), а не обычный файл; сначала сохраните его содержимое в файл',
      device: 'это устройство, а не обычный файл',
      socket: 'это сокет, а не обычный файл',
      other: 'это не обычный файл',
    },
    tooBig: (p) => `${p.file}: ${p.size} МБ — больше, чем crm читает за раз (${p.most} МБ); разбейте файл на части`,
    cannotRead: (p) => `${p.file}: не удалось прочитать (${p.problem})`,
    noProfile: (p) => `нет сохранённых настроек импорта '${p.name}' (список — crm import profiles)`,
    profileKind: (p) => `настройки '${p.name}' — для ${ofKind(p.kind)}, а не для ${ofKind(p.wanted)}`,
    otherSheets: (p) => `; другие листы книги: ${p.sheets} (выберите лист: --sheet ИМЯ)`,
    noClientRows: (p) => `${p.file}: нет строк с клиентами (ни одного знакомого столбца и ни одной строки)`,
    csvOnly: (p) => `${capitalised(kind(p.kind))} читаются только из файлов CSV и рабочих книг`,
    nothingToImport: (p) => `${p.file}: импортировать нечего (только заголовок, строк ${ofKind(p.kind)} нет)`,
    stageExpects: (p) => `--stage ждёт "Название=этап", а получено '${p.pair}'`,
    stageNoName: (p) => `--stage '${p.pair}': нет названия этапа перед '='`,
    stageUnknown: (p) => `--stage '${p.pair}': '${p.stage}' — не этап (${p.stages})`,
    sheetWithoutSheets: (p) =>
      `--sheet: ${p.file} прочитан как ${p.format}, а в нём нет листов (--sheet — для рабочих книг)`,
  },
  read: {
    emptyFile: 'пустой файл',
    binaryCsv: 'двоичные данные, а не текстовый CSV-файл',
    binaryVcard: 'двоичные данные, а не файл vCard',
    noBeginVcard: "не файл vCard: нет строки 'BEGIN:VCARD'",
    vcardForKind: (p) => `это файл vCard, а ${kind(p.kind)} читаются только из CSV-файлов и рабочих книг`,
    formatOption: (p) => `--format может быть только csv или vcard, а получено '${p.format}'`,
    openDocument: (p) => `это ${OPEN_DOCUMENTS[p.type] ?? 'файл OpenDocument'}, а не таблица`,
    wordDocument: 'это документ Word или презентация PowerPoint, а не таблица',
    unknownEncoding: (p) =>
      `неизвестная кодировка '${p.name}' (попробуйте utf8, cp1251, utf16le или любое имя, которое знает iconv-lite)`,
    mixedEncodings: (p) =>
      `в файле смешаны кодировки: строка ${p.utf8Line} в UTF-8, а строка ${p.otherLine} — нет (Windows-1251?); сохраните файл в одной кодировке или выберите её через --encoding`,
    delimiter: (p) => `недопустимый разделитель '${p.value}' (нужен один символ или tab, semicolon, comma)`,
    firstLineTooLong: (p) =>
      `первая строка длиной ${p.millions} млн символов — это не заголовок CSV (точно ли это CSV-файл?)`,
    unclosedHeaderQuote: (p) => `в заголовке не закрыта кавычка (строка ${p.line})`,
    unreadableHeader: (p) => `не удалось прочитать заголовок (${p.parser})`,
    nulByte: (p) =>
      `двоичные данные (нулевой байт между байтами ${p.from} и ${p.to}, после строки ${p.line}), а не текстовый CSV-файл`,
    turnsUtf8: (p) =>
      `в файле смешаны кодировки: он начинается в ${p.encoding}, но между байтами ${p.from} и ${p.to}, после строки ${p.line}, идёт UTF-8; укажите --encoding`,
    invalidUtf8: (p) =>
      `недопустимый UTF-8 между байтами ${p.from} и ${p.to}, после строки ${p.line}: в файле смешаны кодировки; укажите --encoding`,
    invalidUtf8AtEnd: (p) => `недопустимый UTF-8 в конце файла (строка ${p.line}); укажите --encoding`,
    lineTooLong: (p) => `строка ${p.line} длиннее ${p.millions} млн символов: таблицы таких CSV не пишут`,
    noColumn: (p) =>
      `нет столбца для ${p.fields} (заголовки: ${p.headers}); укажите его через --map "Заголовок=${p.first}"`,
    noClientColumn: (p) => `нет столбца с клиентом, телефоном или e-mail (заголовки: ${p.headers})`,
    mapNotHeader: (p) => `--map называет ${p.names}, а в файле такого заголовка нет (заголовки: ${p.headers})`,
    unknownField: (p) => `неизвестное поле '${p.field}' для ${ofKind(p.kind)} (допустимы: ${p.fields} или extra)`,
    longHeader: (p) =>
      `${p.beginning}… (${numberIn('ru', p.length)} ${russianPlural(p.length, { one: 'символ', few: 'символа', many: 'символов', other: 'символа' })})`,
    andMore: (p) => ` и ещё ${p.count}`,
    workbookTooBig: (p) =>
      `${p.size} МБ — больше, чем crm читает из рабочей книги за раз (${p.format}: не больше ${p.most} МБ); сохраните лист как CSV: CSV-файл crm читает любого размера`,
    notAWorkbook: (p) => `файл не читается как ${p.format}: он повреждён или его имя не соответствует содержимому`,
    noSheets: (p) => `в файле нет листов (${p.format})`,
    emptyTable: 'таблица пуста',
    emptySheet: (p) => `лист "${p.name}" пуст${p.sheets ? ` (листы: ${p.sheets}; выберите нужный через --sheet)` : ''}`,
    passwordProtected:
      'книга защищена паролем: сохраните копию без пароля (Файл → Сохранить как, снимите пароль) и импортируйте её',
    damagedWorkbook: (p) =>
      `файл не читается как ${p.format}: он повреждён или его имя не соответствует содержимому (ошибка: '${p.message}')`,
    noSheet: (p) => `${p.file}: нет листа '${p.sheet}' (листы: ${p.sheets})`,
  },
  export: {
    exist: (p) =>
      `${p.count === 1 ? 'уже существует' : 'уже существуют'}: ${p.paths}; чтобы перезаписать, добавьте --force`,
    unencodable: (p) => `${p.file} ${p.problem}; выгрузите с --encoding utf8`,
    unknownEnding: (p) =>
      `crm export не пишет файлы .${p.extension}: -o принимает папку (если в её имени есть точка, добавьте в конце /), книгу .xlsx или .ods, файл .json или .vcf`,
    databaseFile: (p) => `crm export пишет таблицы, а не базу данных: копию базы делает crm backup ${p.out}`,
    notToScreen:
      'crm export пишет файлы, а не на экран: укажите в -o папку или файл; таблицу на экран выводят crm client list и crm visit list',
    oneTableFile: (p) =>
      `crm export пишет пять таблиц (клиенты, визиты, сделки, ответы NPS, импорты), а в файл .${p.extension} помещается одна: -o ${p.stem} запишет их папкой, -o ${p.stem}.xlsx или .ods — одной книгой; только клиентов: crm client list -o ${p.out}`,
    formatContradictsFile: (p) =>
      `${p.asked} противоречит имени ${p.out}, окончание которого называет другой формат: измените одно из них`,
    onePerClientNeedsDirectory: '--one-per-client пишет папку файлов: укажите в --out папку, а не файл .vcf',
    notInCodePage: (p) => `строка ${p.line}: '${p.character}' нельзя записать в Windows-1251`,
    directoryNotWorkbook: (p) => `--format ${p.format} пишет папку файлов, а ${p.out} — имя рабочей книги`,
    sheetTooLong: (p) =>
      `${p.file}: на листе ${p.sheet} строк: ${numberIn('ru', p.rows)}, больше, чем помещается на лист (${numberIn('ru', p.most)} под заголовком); выгрузите в CSV`,
    cellTooLong: (p) =>
      `${p.file}: лист ${p.sheet}, строка ${p.row}, ${p.column}: символов: ${numberIn('ru', p.length)}, больше, чем помещается в ячейку книги (${numberIn('ru', p.most)}); выгрузите в CSV`,
    columnNumber: (p) => `столбец ${p.number}`,
    tooManyCells: (p) =>
      `${p.file}: ячеек (строки × столбцы): ${numberIn('ru', p.cells)}, больше, чем crm пишет в одну книгу .${p.type} (${numberIn('ru', p.most)}); выгрузите в CSV`,
  },
  backup: {
    noDatabase: (p) => `${p.path}: здесь ещё нет базы данных, копировать нечего`,
    exists: (p) => `${p.file}: уже существует; укажите новый файл или папку`,
    noSuchDirectory: (p) => `${p.dir}: нет такой папки`,
    cannotWrite: (p) => `не удалось записать туда копию (${p.problem})`,
    isTheDatabase: (p) => `${p.file}: это сама база данных`,
    noFreeName: (p) => `рядом с базой нет свободного имени для ${p.stem}`,
    restoredNoTables: (p) => `${p.file}: восстановлено, но в базе не нашлось таблиц crm`,
  },
};
