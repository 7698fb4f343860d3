import type { said as English } from '../en/said.js';
import { numberIn } from '../numbers.js';
import { ofKind } from './kinds.js';

export const said: typeof English = {
  warning: (p) => `внимание: ${p.text}`,
  backupBefore: (p) => `копия состояния до: ${p.path}`,
  nothingChanged: 'ничего не изменено',
  region: {
    learned: (p) =>
      `регион телефонов ${p.region} взят из ${p.from} и сохранён для этой базы (изменить: crm config set region XX)`,
    readAgain: (p) =>
      `телефонов, сохранённых как написаны, прочитано заново в регионе ${p.region}: ${numberIn('ru', p.phones)}; возможных дублей: ${numberIn('ru', p.duplicates)}${p.duplicates > 0 ? ' (посмотреть: crm client merge)' : ''}`,
  },

  client: {
    added: (p) => `добавлен клиент ${p.id} ${p.name} (crm client show ${p.id})`,
    nothingAdded: 'ничего не добавлено',
    namesake: (p) =>
      `клиента ${p.id} тоже зовут ${p.name}; если это один человек: 'crm client merge ${p.id} ${p.added}'`,
    updated: (p) => `изменён клиент ${p.id} ${p.name} (crm client show ${p.id})`,
    keptAside: (p) => `несовпавшее значение сохранено в доп. полях: ${p.key} = ${p.value}`,
    merged: (p) => `объединено в клиента ${p.id} ${p.name} (crm client show ${p.id})`,
    restored: (p) => `клиент ${p.id} ${p.name} возвращён из архива`,
    archived: (p) => `клиент ${p.id} ${p.name} в архиве (вернуть: crm client archive ${p.id} --restore)`,
    needsName: 'для crm client add нужно ИМЯ (или --phone / --email); вопросы задаются только в терминале',
    mergePlan: (p) =>
      `#${p.other} ${p.otherName} сливается с #${p.keep} ${p.keepName}: визиты, сделки, ответы, телефоны и e-mail переходят к #${p.keep}, а #${p.other} удаляется (перед этим crm делает резервную копию)`,
    confirmMerge: 'Объединить?',
    mergeNeedsBoth: 'для crm client merge нужны ОСНОВНОЙ и ВТОРОЙ (или без аргументов — список кандидатов)',
  },
  visit: {
    recorded: (p) => `визит #${p.id}: ${p.client}, ${p.date}, ${p.amount}${p.service ? `, ${p.service}` : ''}`,
    changed: (p) => `визит #${p.id}: ${p.date}, ${p.amount}${p.service ? `, ${p.service}` : ''}`,
    removed: (p) => `удалён визит #${p.id} от ${p.date}`,
  },
  deal: {
    opened: (p) => `сделка #${p.id} (лид): ${p.title}, клиент #${p.clientId} ${p.client}`,
    moved: (p) => `сделка #${p.id}: этап «${p.stage}» с ${p.date}${p.reason ? ` (${p.reason})` : ''}`,
  },
  nps: {
    recorded: (p) => `записан ответ #${p.id}: ${p.client}, оценка ${p.score}`,
    detractor: (p) =>
      `КРИТИК: ${p.client} поставил(а) ${p.score}${p.complaint ? `: «${p.complaint}»` : ''}. Отреагируйте: позвоните${p.phone ? ` ${p.phone}` : ''} сегодня.`,
  },
  import: {
    undone: (p) =>
      `импорт ${p.batch} отменён (${p.file}): удалено — ${p.removed || 'ничего'}; восстановлено: ${p.restored}`,
    removedRows: (p) => `${p.table}: ${p.count}`,
    tables: {
      clients: 'клиенты',
      visits: 'визиты',
      deals: 'сделки',
      deal_stages: 'этапы сделок',
      nps_answers: 'ответы NPS',
      client_tags: 'метки клиентов',
      client_contacts: 'контакты клиентов',
      tags: 'метки',
      duplicate_candidates: 'возможные дубли',
    },
    keptLaterEdit: (p) => `оставлена поздняя правка: ${p.table} #${p.row} ${p.column} изменено уже после импорта`,
    mapExpects: (p) => `--map ждёт "Заголовок=поле", а получено '${p.pair}'`,
    mapNoHeader: (p) => `--map '${p.pair}': нет заголовка столбца перед '='`,
    mapNoField: (p) =>
      `--map '${p.pair}': нет поля после '=' (чтобы оставить столбец как есть, напишите "${p.header}=extra")`,
    mapReserved: (p) =>
      `--map '${p.pair}': '${p.header}' нельзя использовать как имя столбца; переименуйте столбец в файле`,
    mapUnknownField: (p) =>
      `--map '${p.pair}': неизвестное поле '${p.field}' для ${ofKind(p.kind)} (допустимы: ${p.fields} или extra)`,
    progress: 'импорт [{bar}] {percentage}% | {rows} строк | {mb}/{totalMb} МБ',
  },
  backup: {
    written: (p) => `копия записана: ${p.path} (${p.size})`,
    onePlace: (p) => `копия пишется в одно место: '${p.file}' и --output '${p.output}' различаются`,
    kilobytes: (p) => `${p.size} КБ`,
    megabytes: (p) => `${numberIn('ru', p.size, 1)} МБ`,
    contents: (p) => `${p.clients}, ${p.visits}, ${p.deals}, ${p.answers}`,
    restoreNeedsYes: 'crm restore заменяет базу данных: добавьте --yes, чтобы подтвердить',
    backupLine: (p) => `копия:      ${p.file} (${p.contents})`,
    replacesLine: (p) => `заменяет:   ${p.path}${p.contents ? ` (${p.contents})` : ''}`,
    dumpLine: (p) => `копия:    ${p.file} (схема ${p.schema}, снята с ${p.database} ${p.createdAt})`,
    intoEmpty: 'в базу, где ещё нет таблиц crm',
    confirmRestore: 'Заменить базу данных резервной копией?',
    restored: (p) => `${p.path} восстановлена из ${p.file} (${p.contents})`,
    replacedKept: (p) => `заменённая база сохранена как ${p.path}`,
  },
  export: {
    spreadsheetLocale: (p) => `локаль таблицы: ${p.locale} (изменить: crm config set locale)`,
    wrote: (p) => `записан ${p.path}: ${p.holds}`,
    fileEach: (p) => `${p.clients}, по файлу на каждого`,
    vcardContradicts: (p) => `'crm export vcard' пишет vCard; --format ${p.format} этому противоречит`,
    vcardOnly: '--vcard-version и --one-per-client — только для crm export vcard',
    csvOnly: '--for и --encoding — только для файлов CSV',
  },
  report: {
    grainsCombined: (p) => `${p.options} нельзя указывать вместе: выберите одно`,
    atLeast: (p) => `${p.option} должно быть не меньше ${p.minimum}, а получено ${p.text}`,
    byWithSplit: '--by нельзя указывать вместе с --monthly/--quarterly/--yearly',
    monthlyNeedsMonth: (p) =>
      `для crm report monthly нужен один календарный месяц (например, -p 2026-10), а получено ${p.period}`,
    unknownMetric: (p) => `неизвестный показатель '${p.metric}' (известные: ${p.known})`,
  },
  context: {
    twoOutputs: (p) => `--output '${p.output}' и --out '${p.out}' называют два места: укажите одно`,
    formatUnknown: (p) =>
      `по расширению '${p.file}' не понять формат: назовите файл ${p.extensions} или добавьте --format`,
    needsArguments: (p) => `для crm ${p.command} нужно: ${p.missing}; вопросы задаются только в терминале`,
    and: ' и ',
    wholeNumber: (p) => `${p.what} — целое число, а получено '${p.text}'`,
    waitingForWriter: 'другой crm пишет в базу (импорт?): жду, пока он закончит, не больше минуты…',
  },
  prompts: {
    name: 'Имя:',
    namesake: (p) => `Клиента ${p.id} тоже зовут ${p.name}. Добавить ещё одного клиента с этим именем?`,
    phone: 'Телефон (пусто — пропустить):',
    email: 'E-mail (пусто — пропустить):',
    emailNeedsAt: 'в e-mail должна быть @',
    source: 'Источник, например Instagram (пусто — пропустить):',
    alreadyStored: (p) =>
      `уже есть: клиент ${p.id} ${p.name} (crm client show ${p.id}); Enter ещё раз — добавить всё равно (общий телефон или e-mail), как делает --allow-duplicate; или исправьте`,
    amount: 'Сумма:',
    service: 'Услуга (пусто — пропустить):',
    title: 'Название:',
    score: 'Оценка 0–10:',
    client: 'Клиент (начните вводить имя, телефон или e-mail):',
    noName: '(без имени)',
    newClient: (p) => `+ новый клиент: ${p.typed}`,
    keys: { navigate: 'перейти', select: 'выбрать' },
    yes: 'Да',
    no: 'Нет',
    answerYesOrNo: (p) => `Ответьте «${p.yes}» или «${p.no}»`,
    required: 'Нужно что-нибудь ввести',
    noResults: 'Ничего не найдено',
  },
  main: {
    databaseProblem: (p) => `база данных: ${p.problem}; ничего не изменено (crm restore может вернуть резервную копию)`,
    corrupt: 'файл повреждён',
    readOnly: 'файл только для чтения',
    full: 'диск с файлом заполнен',
    io: 'файл не удалось прочитать или записать (ошибка ввода-вывода)',
    internal: (p) => `внутренняя ошибка (пожалуйста, сообщите о ней): ${p.error}`,
    interrupted: 'прервано; ничего незаконченного не сохранено',
  },
  db: {
    checked: (p) =>
      `сверено с обеих сторон: показателей ${p.figures} (строки каждой таблицы, выручка, ARPU, отток, NPS, повторные)`,
    copied: (p) => `готово: скопировано строк ${p.rows} в ${p.target}; базы совпадают`,
  },
  init: {
    ready: (p) => `база данных готова: ${p.where}`,
    roles:
      'роли готовы: crm_owner (таблицы), crm_user (чтение и запись), crm_reports (только чтение); выдайте каждому входу свою',
  },
};
