import type { store as English } from '../en/store.js';
import { russianPlural } from '../plural.js';

/** «3 таблицы», «5 таблиц»: a count of tables after «держит». */
const tables = (count: number) =>
  `${count} ${russianPlural(count, { one: 'таблицу', few: 'таблицы', many: 'таблиц', other: 'таблицы' })}`;

export const store: typeof English = {
  sqliteProblems: {
    SQLITE_NOTADB: 'файл — не база данных',
    SQLITE_CORRUPT: 'образ базы данных повреждён',
    SQLITE_CANTOPEN: 'не удалось открыть файл',
    SQLITE_READONLY: 'файл можно только читать',
    SQLITE_IOERR: 'не удалось прочитать или записать диск',
    SQLITE_FULL: 'диск заполнен',
    SQLITE_PERM: 'нет доступа',
    SQLITE_BUSY: 'база данных занята',
    SQLITE_LOCKED: 'база данных заблокирована',
  },

  file: {
    cannotCreate: (p) => `${p.path}: здесь не удалось создать базу данных (${p.problem})`,
    readOnly: (p) => `${p.path}: файл базы данных только для чтения (нет права записи); ничего не изменено`,
    notADatabase: (p) => `${p.path}: не база данных или она повреждена (${p.problem}); файл не изменён`,
    cannotOpen: (p) => `${p.path}: не удалось открыть (${p.problem}); проверьте права на файл и его папку`,
    corrupt: (p) => `${p.path}: база данных повреждена (${p.problem}); файл не изменён`,
    isADirectory: (p) => `${p.path}: это папка, а не файл базы данных`,
    notRegular: (p) => `${p.path}: это не обычный файл`,
    noDatabaseYet: (p) =>
      `${p.path}: здесь ещё нет базы данных (ничего не импортировано): начните с crm import clients ФАЙЛ или посмотрите crm demo`,
    anotherProgram: (p) =>
      `${p.path}: не база pocket-crm: это база SQLite другой программы (${p.evidence}); crm не будет её менять`,
    applicationId: (p) => `application_id ${p.id}`,
    schemaObjects: (p) => `объектов схемы: ${p.count}, ни один не принадлежит crm`,
    userVersion: (p) => `user_version ${p.version}`,
    newer: (p) =>
      `${p.path}: записана более новой версией pocket-crm (схема ${p.version}, эта версия знает до ${p.latest}); обновите crm, файл не изменён`,
    upgradeNeedsWriting: (p) =>
      `${p.path}: нужно обновление до схемы ${p.latest}, а файл только для чтения; запустите crm один раз с правом записи`,
  },

  check: {
    noSuchFile: (p) => `${p.path}: нет такого файла`,
    notAFile: (p) => `${p.path}: это не файл`,
    notSqlite: (p) => `${p.path}: не база данных SQLite`,
    cannotOpen: (p) => `${p.path}: не удалось открыть как базу данных (${p.problem})`,
    notOurs: (p) => `${p.path}: база данных SQLite, но не pocket-crm`,
    newer: (p) =>
      `${p.path}: записана более новой версией pocket-crm (схема ${p.version}, этот crm знает до ${p.latest}); сначала обновите crm`,
    noTables: (p) => `${p.path}: база pocket-crm без единой таблицы`,
    damaged: (p) => `${p.path}: повреждена (проверка целостности: ${p.report})`,
    noAnswer: 'нет ответа',
    notADatabaseOrDamaged: (p) => `${p.path}: не база данных или повреждена (${p.problem})`,
  },

  snapshot: {
    diskFull: (p) => `диск папки ${p.folder} заполнен`,
    noPermission: (p) => `нет права записи в ${p.folder}`,
    notWritten: (p) => `не удалось записать в ${p.folder} (${p.problem})`,
    cannotWrite: (p) =>
      `${p.target}: не удалось записать резервную копию: ${p.problem}; база данных только читалась и не изменена`,
    failedIntegrity: (p) => `резервная копия не прошла проверку целостности (${p.report})`,
    noFreeName: 'нет свободного имени файла для резервной копии',
    replacedExists: (p) => `${p.path} уже существует`,
  },

  batches: {
    noBatch: (p) => `импорта ${p.id} нет (список — crm import list)`,
    undoneAlready: (p) => `импорт ${p.id} уже отменён ${p.date}; отменять нечего (список — crm import list)`,
    cannotUndo: (p) =>
      `импорт ${p.id} нельзя отменить: записи, добавленные после него (вручную или более поздним импортом), относятся к созданным им клиентам; сначала отмените более поздние импорты или удалите эти записи`,
    cannotUndoBecause: (p) => `импорт ${p.id} нельзя отменить: ${p.reasons}`,
    laterImports: (p) =>
      `более поздние импорты добавили записи к созданным им клиентам: ${p.imports}; сначала отмените их, начиная с последнего: ${p.steps}`,
    laterImport: (p) => `${p.id} (${p.file})`,
    undoStep: (p) => `'crm import undo ${p.id}'`,
    stepsBetween: ', затем ',
    byHand: (p) => `к созданным им клиентам добавлены записи вручную (${p.clients}): сначала удалите их`,
    moreClients: (p) => `и ещё ${p.clients}`,
  },

  otherServer: (p) =>
    `${p.named}${p.scheme}//… похоже на адрес сервера; crm хранит данные в файле SQLite или на сервере PostgreSQL (postgres://пользователь@сервер/база)`,
  sqliteHasNoRoles: (p) =>
    `${p.address}: у файла SQLite нет учётных записей и ролей; crm init --roles — для базы PostgreSQL (--db postgres://…)`,
  serverIsNotAFile: {
    open: 'базу PostgreSQL нельзя открыть как файл; crm backup и crm restore выгружают и загружают её иначе',
    inspect: 'базу PostgreSQL нельзя проверить как файл; crm backup и crm restore выгружают и загружают её иначе',
    replace: 'базу PostgreSQL нельзя заменить файлом; crm backup и crm restore выгружают и загружают её иначе',
    copy: 'базу PostgreSQL нельзя скопировать как файл; crm backup и crm restore выгружают и загружают её иначе',
  },

  server: {
    notUsableAddress: (p) => `${p.address}: этим адресом нельзя воспользоваться`,
    refused: 'не удалось подключиться (в соединении отказано): запущен ли там сервер PostgreSQL и слушает ли он?',
    unknownHost: 'не удалось подключиться: имя сервера неизвестно',
    noAnswer: 'не удалось подключиться: сервер не отвечает (время вышло или он недоступен)',
    timedOut: 'не удалось подключиться: сервер не отвечает (время вышло)',
    lost: 'связь с сервером потеряна; то, что команда не успела закончить, не сохранено',
    startingOrStopping: 'сервер запускается или останавливается; попробуйте чуть позже',
    tooManyClients: 'у сервера нет свободных подключений (слишком много клиентов); попробуйте позже',
    wrongPassword: (p) => `сервер отказал во входе: неверный пароль пользователя «${p.user}»`,
    noRole: (p) => `сервер отказал во входе: пользователя «${p.user}» на нём нет`,
    notAllowed: (p) =>
      `сервер отказал во входе: его pg_hba.conf не разрешает вход с адреса «${p.host}» пользователю «${p.user}» в базу «${p.database}»`,
    loginRefused: (p) => `сервер отказал во входе: ${p.message}`,
    noDatabase: (p) => `базы данных «${p.database}» нет; создайте её (createdb) и выполните crm init`,
    noDatabaseSaid: (p) => `${p.message}; создайте базу (createdb) и выполните crm init`,
    readOnlySession: 'открыто только для чтения (отчёт или выгрузка), здесь ничего нельзя изменить',
    readOnlyLogin: 'эта учётная запись базы может только читать (crm_reports); для записи нужна crm_user',
    noRightsHere:
      'у этой учётной записи нет прав на таблицы crm в этой базе: владельцу базы нужно выполнить crm init --roles и выдать ей роль crm_user (или crm_reports — только для чтения)',
    permissionDenied: (p) => `нет прав на ${p.what}; попросите владельца базы дать crm нужные права`,
    permissionDeniedSaid: (p) => `нет прав: ${p.message}; попросите владельца базы дать crm нужные права`,
    objectKinds: {
      table: 'таблицу',
      relation: 'таблицу',
      sequence: 'последовательность',
      schema: 'схему',
      database: 'базу данных',
      function: 'функцию',
      view: 'представление',
    },
    objectOfKind: (p) => `${p.kind} ${p.name}`,
    lockWait: 'другой crm пишет в базу (импорт?) и не закончил за минуту; ничего не изменено, попробуйте ещё раз',
    deadlock:
      'две записи заблокировали друг друга (взаимная блокировка); ничего из этой команды не сохранено, попробуйте ещё раз',
    diskFull: 'диск сервера заполнен; ничего из этой команды не сохранено',
    cannotStoreText: (p) => `текст, который сервер не может сохранить (${p.message})`,
    asksForPassword: 'сервер спрашивает пароль: укажите его в ~/.pgpass или PGPASSWORD',
    noSsl: 'сервер не поддерживает SSL; уберите sslmode из адреса',
    unknownSslMode: (p) => `sslmode «${p.mode}» — не из списка: ${p.modes}`,
    verifyCaNeedsRoot:
      'sslmode=verify-ca проверяет сертификат по центру сертификации: укажите его файл в sslrootcert=ФАЙЛ (или положите в ~/.postgresql/root.crt) либо задайте sslmode=require, чтобы шифровать без проверки',
    sslFileUnreadable: (p) => `${p.path}: не удалось прочитать (${p.problem})`,
    certificateRefused: (p) =>
      `сертификат сервера не принят (${p.reason}): укажите файл центра сертификации, который его подписал, в sslrootcert=ФАЙЛ или задайте sslmode=require, чтобы шифровать без проверки`,
    certificateForAnotherHost: (p) =>
      `сертификат сервера выдан не на имя «${p.host}»: подключайтесь по имени, на которое он выдан, или задайте sslmode=verify-ca, чтобы проверять только подпись`,
    noSchema: 'нет схемы для таблиц crm (search_path не называет ни одной существующей)',
    anotherProgram: (p) =>
      `не база pocket-crm: схема ${p.schema} держит ${tables(p.count)} другой программы; crm не будет её менять`,
    noTablesYet: 'в этой базе ещё нет таблиц crm; чтобы их создать, выполните crm init (с тем же --db)',
    newer: (p) =>
      `записана более новой версией pocket-crm (схема ${p.version}, эта версия знает до ${p.latest}); обновите crm, база не изменена`,
    upgradeNotAllowed: (p) =>
      `нужно обновление до схемы ${p.latest}, а этому пользователю оно не разрешено; запустите crm один раз от имени владельца базы`,
  },

  dump: {
    programMissing: (p) => `${p.program} не найден: установите клиент PostgreSQL (Debian: postgresql-client)`,
    cannotStart: (p) => `не удалось запустить ${p.program} (${p.problem})`,
    noMessage: 'без сообщения',
    dumpFailed: (p) => `${p.address}: pg_dump не удался: ${p.problem}`,
    dumpNotAllowed: (p) =>
      `${p.address}: этой учётной записи нельзя читать все таблицы crm, а для резервной копии это нужно; делайте её от имени владельца базы или учётной записи с ролью crm_user или crm_reports (после того как владелец выполнит crm init --roles)`,
    sqliteBackup: (p) =>
      `${p.path}: резервная копия базы SQLite, а не серверной (crm --db этот-файл db copy --to АДРЕС переносит её записи на сервер)`,
    notServerBackup: (p) => `${p.path}: не резервная копия серверной базы (pg_restore: ${p.problem})`,
    cannotRead: (p) => `${p.path}: не удалось прочитать (pg_restore: ${p.problem})`,
    notOurs: (p) => `${p.path}: не выгрузка базы pocket-crm (в ней нет таблицы schema_migrations от crm)`,
    unreadableVersions: (p) => `${p.path}: не удалось прочитать версии её схемы`,
    newer: (p) =>
      `${p.path}: записана более новой версией pocket-crm (схема ${p.version}, этот crm знает до ${p.latest}); сначала обновите crm`,
    noTables: (p) => `${p.path}: выгрузка pocket-crm без единой таблицы`,
    restoreFailed: (p) => `${p.address}: pg_restore не удался, ничего не изменено: ${p.problem}`,
    restoreNeedsOwner: (p) =>
      `${p.address}: crm restore заменяет таблицы crm, а это может только их владелец: выполните восстановление от имени владельца базы (учётной записи с ролью crm_owner); ничего не изменено`,
    restoreIntoForeign: (p) =>
      `${p.where}: не база pocket-crm: схема ${p.schema} держит ${tables(p.count)} другой программы; crm restore не будет их заменять`,
  },

  copy: {
    noSource: (p) => `${p.path}: здесь нет базы данных, копировать нечего`,
    sameDatabase: (p) => `${p.address}: это и есть копируемая база`,
    targetExists: (p) => `${p.address}: уже существует; crm db copy --to пишет в новый файл`,
    notEmpty: (p) => `${p.path}: не пуста (${p.contents}); crm db copy пишет только в пустую базу`,
    rowsIn: (p) => `${p.table}: ${p.count}`,
    mismatch: (p) => `${p.target}: копия не совпадает с ${p.source} (${p.figures}); ничего не записано`,
    rowsOf: (p) => `строки ${p.table}`,
    allTimeRevenue: 'выручка за всё время',
    allTimeArpu: 'ARPU за всё время',
    churnOverYear: (p) => `отток за год по ${p.day}`,
    allTimeNps: 'NPS за всё время',
    repeatRate: (p) => `доля повторных покупок на ${p.day}`,
  },
};
