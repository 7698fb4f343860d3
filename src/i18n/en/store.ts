/**
 * What crm says about the database as a whole (src/store, and the use cases that copy, back up and restore it):
 * a file or server it cannot open or will not change, an upgrade, a backup or a dump, an undo, and what a PostgreSQL
 * server or the network answered. One line each, naming the file or the server (never with its password).
 */
import { englishPlural } from '../plural.js';

const tables = (count: number) => `${count} ${englishPlural(count, { one: 'table', other: 'tables' })}`;

export const store = {
  /** SQLite's result codes (their first two words: `SQLITE_CANTOPEN_ISDIR` is `SQLITE_CANTOPEN`), said briefly. */
  sqliteProblems: {
    SQLITE_NOTADB: 'the file is not a database',
    SQLITE_CORRUPT: 'the database image is malformed',
    SQLITE_CANTOPEN: 'unable to open the file',
    SQLITE_READONLY: 'the file may only be read',
    SQLITE_IOERR: 'the disk could not be read or written',
    SQLITE_FULL: 'the disk is full',
    SQLITE_PERM: 'access denied',
    SQLITE_BUSY: 'the database is busy',
    SQLITE_LOCKED: 'the database is locked',
  } as Record<string, string>,

  /** A SQLite database file, as a command opens it (src/store/db.ts). */
  file: {
    cannotCreate: (p: { path: string; problem: string }) =>
      `${p.path}: cannot create the database there (${p.problem})`,
    readOnly: (p: { path: string }) =>
      `${p.path}: the database file is read-only (no permission to write it); nothing was changed`,
    notADatabase: (p: { path: string; problem: string }) =>
      `${p.path}: not a database or corrupt (${p.problem}); it was not modified`,
    cannotOpen: (p: { path: string; problem: string }) =>
      `${p.path}: cannot be opened (${p.problem}); check the permissions of the file and its folder`,
    corrupt: (p: { path: string; problem: string }) =>
      `${p.path}: corrupt database (${p.problem}); it was not modified`,
    isADirectory: (p: { path: string }) => `${p.path}: is a directory, not a database file`,
    notRegular: (p: { path: string }) => `${p.path}: not a regular file`,
    noDatabaseYet: (p: { path: string }) =>
      `${p.path}: no database here yet (nothing has been imported): start with crm import clients FILE, or look around in crm demo`,
    anotherProgram: (p: { path: string; evidence: string }) =>
      `${p.path}: not a pocket-crm database: it is another program's SQLite database (${p.evidence}); crm will not change it`,
    /** What shows that a SQLite file is another program's (the evidence above). */
    applicationId: (p: { id: number }) => `application_id ${p.id}`,
    schemaObjects: (p: { count: number }) =>
      `${p.count} ${englishPlural(p.count, { one: 'schema object', other: 'schema objects' })}, none of them crm's`,
    userVersion: (p: { version: number }) => `user_version ${p.version}`,
    newer: (p: { path: string; version: number; latest: number }) =>
      `${p.path}: written by a newer pocket-crm (schema ${p.version}, this version knows up to ${p.latest}); upgrade crm, the file was not modified`,
    upgradeNeedsWriting: (p: { path: string; latest: number }) =>
      `${p.path}: needs an upgrade to schema ${p.latest}, and the file is read-only; run crm once with write access`,
  },

  /** A database file checked before it is restored or copied (src/store/backup.ts). */
  check: {
    noSuchFile: (p: { path: string }) => `${p.path}: no such file`,
    notAFile: (p: { path: string }) => `${p.path}: not a file`,
    notSqlite: (p: { path: string }) => `${p.path}: not a SQLite database`,
    cannotOpen: (p: { path: string; problem: string }) => `${p.path}: cannot be opened as a database (${p.problem})`,
    notOurs: (p: { path: string }) => `${p.path}: a SQLite database, but not a pocket-crm one`,
    newer: (p: { path: string; version: number; latest: number }) =>
      `${p.path}: written by a newer pocket-crm (schema ${p.version}, this crm knows up to ${p.latest}); upgrade crm first`,
    noTables: (p: { path: string }) => `${p.path}: a pocket-crm database without any tables`,
    damaged: (p: { path: string; report: string }) => `${p.path}: damaged (integrity check: ${p.report})`,
    noAnswer: 'no answer',
    notADatabaseOrDamaged: (p: { path: string; problem: string }) =>
      `${p.path}: not a database or damaged (${p.problem})`,
  },

  /** A copy of the database being written (crm backup, and the backups before an upgrade, an undo or a merge). */
  snapshot: {
    diskFull: (p: { folder: string }) => `the disk of ${p.folder} is full`,
    noPermission: (p: { folder: string }) => `no permission to write in ${p.folder}`,
    notWritten: (p: { folder: string; problem: string }) => `${p.folder} could not be written (${p.problem})`,
    cannotWrite: (p: { target: string; problem: string }) =>
      `${p.target}: cannot write the backup: ${p.problem}; the database was only read and is unchanged`,
    failedIntegrity: (p: { report: string }) => `the backup failed its integrity check (${p.report})`,
    noFreeName: 'no free file name for the backup',
    replacedExists: (p: { path: string }) => `${p.path} already exists`,
  },

  batches: {
    noBatch: (p: { id: number }) => `no import batch ${p.id} (crm import list shows them)`,
    undoneAlready: (p: { id: number; date: string }) =>
      `import ${p.id} was undone on ${p.date}; nothing to undo (crm import list shows the imports there are)`,
    cannotUndo: (p: { id: number }) =>
      `cannot undo batch ${p.id}: records added after it (by hand or by a later import) belong to clients it created; undo the later batches or remove those records first`,
    /** An undo refused for what others added to the clients it created: `reasons`, laterImports and byHand. */
    cannotUndoBecause: (p: { id: number; reasons: string }) => `cannot undo import ${p.id}: ${p.reasons}`,
    laterImports: (p: { imports: string; steps: string }) =>
      `later imports added records to clients it created: ${p.imports}; undo them first, newest first: ${p.steps}`,
    /** A later import in that list: its number and file. */
    laterImport: (p: { id: number; file: string }) => `${p.id} (${p.file})`,
    /** Quoted, so that a note wrapped at a terminal keeps each command to paste on one line. */
    undoStep: (p: { id: number }) => `'crm import undo ${p.id}'`,
    /** Between two steps of the undo order. */
    stepsBetween: ', then ',
    byHand: (p: { clients: string }) =>
      `records added by hand belong to clients it created (${p.clients}): remove those first`,
    moreClients: (p: { clients: string }) => `${p.clients} more`,
  },

  /** `--db` or CRM_DB naming a server crm does not store in. */
  otherServer: (p: { named: string; scheme: string }) =>
    `${p.named}${p.scheme}//… looks like a server address; crm stores data in a SQLite file or on a PostgreSQL server (postgres://user@host/db)`,
  sqliteHasNoRoles: (p: { address: string }) =>
    `${p.address}: a SQLite file has no logins or roles; crm init --roles is for a PostgreSQL database (--db postgres://…)`,
  /** What a server database cannot be, where only a file will do. */
  serverIsNotAFile: {
    open: 'a PostgreSQL database cannot be opened as a file; crm backup and crm restore dump and load it instead',
    inspect: 'a PostgreSQL database cannot be inspected as a file; crm backup and crm restore dump and load it instead',
    replace: 'a PostgreSQL database cannot be replaced by a file; crm backup and crm restore dump and load it instead',
    copy: 'a PostgreSQL database cannot be copied as a file; crm backup and crm restore dump and load it instead',
  },

  /** What a PostgreSQL server or the network answered (src/store/postgres/errors.ts), after `address: `. */
  server: {
    notUsableAddress: (p: { address: string }) => `${p.address}: not a usable address`,
    refused: 'cannot connect (connection refused): is the PostgreSQL server running and listening there?',
    unknownHost: 'cannot connect: the host name is not known',
    noAnswer: 'cannot connect: the server does not answer (timed out or unreachable)',
    timedOut: 'cannot connect: the server does not answer (timed out)',
    lost: 'the connection to the server was lost; what this command had not finished was not saved',
    startingOrStopping: 'the server is starting up or shutting down; try again in a moment',
    tooManyClients: 'the server has no free connection (too many clients); try again later',
    wrongPassword: (p: { user: string }) =>
      `the server refused the login: password authentication failed for user "${p.user}"`,
    noRole: (p: { user: string }) => `the server refused the login: role "${p.user}" does not exist`,
    notAllowed: (p: { host: string; user: string; database: string }) =>
      `the server refused the login: no pg_hba.conf entry for host "${p.host}", user "${p.user}", database "${p.database}"`,
    loginRefused: (p: { message: string }) => `the server refused the login: ${p.message}`,
    noDatabase: (p: { database: string }) =>
      `database "${p.database}" does not exist; create it (createdb) and run crm init`,
    noDatabaseSaid: (p: { message: string }) => `${p.message}; create it (createdb) and run crm init`,
    readOnlySession: 'opened read-only (a report or an export), so nothing can be changed here',
    readOnlyLogin: 'this database login may only read (crm_reports); writes need crm_user',
    noRightsHere:
      "this database login has no rights on crm's tables here: the database's owner should run crm init --roles and grant it crm_user (or crm_reports, to read only)",
    permissionDenied: (p: { what: string }) =>
      `permission denied for ${p.what}; ask the database's owner for the rights crm needs`,
    permissionDeniedSaid: (p: { message: string }) =>
      `permission denied: ${p.message}; ask the database's owner for the rights crm needs`,
    /** What a right was refused on (`permission denied for table clients`). */
    objectKinds: {
      table: 'table',
      relation: 'table',
      sequence: 'sequence',
      schema: 'schema',
      database: 'database',
      function: 'function',
      view: 'view',
    } as Record<string, string>,
    objectOfKind: (p: { kind: string; name: string }) => `${p.kind} ${p.name}`,
    lockWait: 'another crm is writing (an import?) and did not finish within a minute; nothing was changed, try again',
    deadlock: 'two writers blocked each other (deadlock); nothing of this command was saved, try again',
    diskFull: "the server's disk is full; nothing of this command was saved",
    cannotStoreText: (p: { message: string }) => `a text the server cannot store (${p.message})`,
    asksForPassword: 'the server asks for a password: put it in ~/.pgpass or PGPASSWORD',
    noSsl: 'the server does not support SSL connections; drop sslmode from the address',
    unknownSslMode: (p: { mode: string; modes: string }) => `sslmode "${p.mode}" is not one of ${p.modes}`,
    verifyCaNeedsRoot:
      'sslmode=verify-ca checks the certificate against its authority: name it with sslrootcert=FILE (or put it in ~/.postgresql/root.crt), or set sslmode=require to encrypt without checking',
    sslFileUnreadable: (p: { path: string; problem: string }) => `${p.path}: cannot be read (${p.problem})`,
    /** A certificate the check refused; `reason` is the TLS library's words (`self-signed certificate`). */
    certificateRefused: (p: { reason: string }) =>
      `the server's certificate was not accepted (${p.reason}): name the authority that signed it with sslrootcert=FILE, or set sslmode=require to encrypt without checking it`,
    certificateForAnotherHost: (p: { host: string }) =>
      `the server's certificate is not for the host name "${p.host}": connect by the name it was made for, or set sslmode=verify-ca to check only who signed it`,
    noSchema: "no schema to keep crm's tables in (the search_path names none that exists)",
    anotherProgram: (p: { schema: string; count: number }) =>
      `not a pocket-crm database: schema ${p.schema} holds ${tables(p.count)} of another program; crm will not change it`,
    noTablesYet: 'no crm tables in this database yet; run crm init (with the same --db) to create them',
    newer: (p: { version: number; latest: number }) =>
      `written by a newer pocket-crm (schema ${p.version}, this version knows up to ${p.latest}); upgrade crm, the database was not modified`,
    upgradeNotAllowed: (p: { latest: number }) =>
      `needs an upgrade to schema ${p.latest}, which this user may not make; run crm once as the database's owner`,
  },

  /** `crm backup` and `crm restore` of a server database: pg_dump and pg_restore (src/store/postgres/dump.ts). */
  dump: {
    programMissing: (p: { program: string }) =>
      `${p.program} not found: install the PostgreSQL client (Debian: postgresql-client)`,
    cannotStart: (p: { program: string; problem: string }) => `${p.program} could not be started (${p.problem})`,
    noMessage: 'no message',
    dumpFailed: (p: { address: string; problem: string }) => `${p.address}: pg_dump failed: ${p.problem}`,
    dumpNotAllowed: (p: { address: string }) =>
      `${p.address}: this login may not read all of crm's tables for a backup; take it as the database's owner, or as a login granted crm_user or crm_reports after the owner has run crm init --roles`,
    sqliteBackup: (p: { path: string }) =>
      `${p.path}: a backup of a SQLite database, not of a server one (crm --db that-file db copy --to ADDRESS moves its records to a server)`,
    notServerBackup: (p: { path: string; problem: string }) =>
      `${p.path}: not a backup of a server database (pg_restore: ${p.problem})`,
    cannotRead: (p: { path: string; problem: string }) => `${p.path}: cannot be read (pg_restore: ${p.problem})`,
    notOurs: (p: { path: string }) =>
      `${p.path}: not a dump of a pocket-crm database (no crm schema_migrations table in it)`,
    unreadableVersions: (p: { path: string }) => `${p.path}: its schema versions cannot be read`,
    newer: (p: { path: string; version: number; latest: number }) =>
      `${p.path}: written by a newer pocket-crm (schema ${p.version}, this crm knows up to ${p.latest}); upgrade crm first`,
    noTables: (p: { path: string }) => `${p.path}: a pocket-crm dump without any tables`,
    restoreFailed: (p: { address: string; problem: string }) =>
      `${p.address}: pg_restore failed, nothing was changed: ${p.problem}`,
    restoreNeedsOwner: (p: { address: string }) =>
      `${p.address}: crm restore replaces crm's tables, which only their owner may do: run it as the database's owner (a login in crm_owner); nothing was changed`,
    restoreIntoForeign: (p: { where: string; schema: string; count: number }) =>
      `${p.where}: not a pocket-crm database: schema ${p.schema} holds ${tables(p.count)} of another program; crm restore will not replace them`,
  },

  /** `crm db copy` (src/app/db-copy.ts). */
  copy: {
    noSource: (p: { path: string }) => `${p.path}: no database here, nothing to copy`,
    sameDatabase: (p: { address: string }) => `${p.address}: that is the database being copied`,
    targetExists: (p: { address: string }) => `${p.address}: already exists; crm db copy --to writes a new file`,
    notEmpty: (p: { path: string; contents: string }) =>
      `${p.path}: not empty (${p.contents}); crm db copy writes only into an empty database`,
    rowsIn: (p: { count: number; table: string }) => `${p.count} ${p.table}`,
    mismatch: (p: { target: string; source: string; figures: string }) =>
      `${p.target}: the copy does not match ${p.source} (${p.figures}); nothing was written`,
    /** The figures both databases must agree on, as a mismatch names them. */
    rowsOf: (p: { table: string }) => `rows of ${p.table}`,
    allTimeRevenue: 'all-time revenue',
    allTimeArpu: 'all-time ARPU',
    churnOverYear: (p: { day: string }) => `churn over the year to ${p.day}`,
    allTimeNps: 'all-time NPS',
    repeatRate: (p: { day: string }) => `repeat purchase rate at ${p.day}`,
  },
};
