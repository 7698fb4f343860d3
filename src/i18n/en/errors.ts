/**
 * The errors a person can cause, as crm says them (one line; src/cli/main.ts prints them after `crm: `). Each names
 * the file, line, field or value it is about, as given.
 */
export const errors = {
  /** The file system's refusal codes (src/errors.ts), in words a person reading one line understands. */
  fileProblems: {
    ENOENT: 'no such file or directory',
    ENOTDIR: 'a part of the path is a file, not a directory',
    EISDIR: 'is a directory',
    EACCES: 'permission denied',
    EPERM: 'not permitted',
    EROFS: 'the file system is read-only',
    ENOSPC: 'disk is full',
    EDQUOT: 'disk quota exceeded',
    EEXIST: 'already exists',
    ELOOP: 'too many symbolic links (a link loop?)',
    ENAMETOOLONG: 'name too long',
    EFBIG: 'file too large for this file system',
    EIO: 'input/output error',
    EXDEV: 'on another file system',
    EMFILE: 'too many open files',
    EBUSY: 'busy',
    EPIPE: 'the program reading it has closed it',
  } as Record<string, string>,
  fileSystemRefused: (p: { code: string }) => `the file system refused it (${p.code})`,
  cancelled: 'cancelled; nothing was written',

  unknownStage: (p: { stage: string; stages: string }) => `unknown stage '${p.stage}' (stages: ${p.stages})`,
  cannotMove: (p: { id: number; from: string; to: string; allowed: string }) =>
    `deal #${p.id} cannot move from ${p.from} to ${p.to} (${p.allowed ? `allowed: ${p.allowed}` : `a ${p.from} deal is closed`})`,
  moveBefore: (p: { id: number; stage: string; entered: string; date: string }) =>
    `deal #${p.id} entered ${p.stage} on ${p.entered}: a move cannot be dated ${p.date}, before that`,
  lostNeedsReason: (p: { id: number }) => `moving deal #${p.id} to lost needs --reason`,
  amount: (p: { text: string; problem: string }) => `amount '${p.text}': ${p.problem} (write it as 1500 or 1 500.50)`,
  negativeAmount: (p: { text: string }) =>
    `amount '${p.text}' is negative: record a refund as a note, amounts are 0 or more`,
  notADate: (p: { text: string }) => `date '${p.text}' is not a date (use dd.mm.yyyy, yyyy-mm-dd, today or yesterday)`,
  notAScore: (p: { text: string }) => `score '${p.text}' is not a whole number from 0 to 10`,

  period: {
    forms:
      '2026-03, 2026Q1, 2026, 2026-03-05, or from one to another: 2026-03-05..2026-03-20; 05.03.2026 and 03.2026 do too',
    notAPeriod: (p: { option: string; text: string; forms: string }) =>
      `${p.option}: '${p.text}' is not a period (use ${p.forms})`,
    endsBeforeStart: (p: { option: string; text: string }) => `${p.option}: '${p.text}' ends before it starts`,
    notADate: (p: { option: string; text: string }) =>
      `${p.option}: '${p.text}' is not a date (use YYYY-MM-DD or DD.MM.YYYY)`,
    oneWay: (p: { options: string }) => `${p.options} cannot be combined: give the period one way`,
    notAMonth: (p: { text: string }) => `--month: '${p.text}' is not a month (use YYYY-MM)`,
    notAYear: (p: { text: string }) => `--year: '${p.text}' is not a year (use YYYY)`,
    toNeedsFrom: '--to needs --from',
    fromAfterTo: (p: { from: string; to: string }) => `--from ${p.from} is after --to ${p.to}`,
    tooManyColumns: (p: { flag: string; from: string; to: string; count: number; most: number }) =>
      `${p.flag} over ${p.from}..${p.to} would make ${p.count} columns (at most ${p.most}); choose a shorter period or a coarser split`,
    periodOrRange: 'give either -p or --from/--to, not both',
  },
  crmToday: (p: { value: string }) =>
    `CRM_TODAY='${p.value}' is not a date: give a real day as YYYY-MM-DD, or unset it`,

  client: {
    setExpects: (p: { pair: string }) => `--set expects key=value, got '${p.pair}'`,
    birthday: (p: { text: string }) => `birthday '${p.text}' is not a date (use dd.mm.yyyy or yyyy-mm-dd)`,
    needsNameOrContact: 'a client needs a name, a phone or an e-mail',
    alreadyStored: (p: { id: number; name: string; by: string }) =>
      `already stored as client ${p.id} ${p.name} (same ${p.by}); see it with 'crm client show ${p.id}', change it with 'crm client edit ${p.id}', or add --allow-duplicate`,
    gone: (p: { id: number }) => `no client #${p.id} (merged or removed meanwhile)`,
    noExtraField: (p: { id: number; key: string }) =>
      `client ${p.id} has no extra field '${p.key}' (crm client show ${p.id} lists them)`,
    noNumber: (p: { id: string }) => `no client ${p.id} (crm client list shows them)`,
    noMatch: (p: { query: string }) => `no client matches '${p.query}' (crm client find shows what is stored)`,
    whichOne: (p: { query: string }) => `Several clients match '${p.query}': which one?`,
    noName: '(no name)',
    andMore: (p: { count: number }) => `; and ${p.count} more`,
    matchesMany: (p: { query: string; count: number; shown: string; more: string; example: number }) =>
      `'${p.query}' matches ${p.count} clients: ${p.shown}${p.more}; name one by its number, e.g. ${p.example}`,
    mergeIntoItself: 'cannot merge a client into itself',
    /** What a stored client was found by: the same phone, e-mail or name. */
    matchedBy: {
      phone: 'phone',
      email: 'email',
      name: 'name',
      'surname and first name': 'surname and first name',
    } as Record<string, string>,
  },
  records: {
    newNeedsClient: '--new needs a client name, phone or e-mail',
    alreadyClient: (p: { query: string; id: number; name: string; by: string }) =>
      `'${p.query}' is already client ${p.id} ${p.name} (same ${p.by}): drop --new`,
    noVisit: (p: { id: number }) => `no visit #${p.id} (crm visit list shows them)`,
    nothingToChange: 'nothing to change: give --amount, --date, --service, --note or --client',
    dealNeedsTitle: 'a deal needs a --title',
    noDeal: (p: { id: number }) => `no deal #${p.id} (crm deal list shows them)`,
    wonNeedsAmount: (p: { id: number }) => `deal #${p.id} has no amount: a won deal is a purchase, give --amount`,
  },
  files: {
    noSuchDirectory: (p: { dir: string }) => `no such directory (${p.dir})`,
    notADirectory: (p: { dir: string }) => `${p.dir} is a file, not a directory`,
    isADirectory: 'is a directory',
    outputTakesFile: '-o takes a file name here (report.html, report.xlsx, …, or - for the screen)',
    databaseFiles: {
      '': 'the database',
      '-wal': "the database's -wal file (its latest changes)",
      '-shm': "the database's -shm file",
      '-journal': "the database's -journal file",
    } as Record<string, string>,
    thatIs: (p: { path: string; what: string }) => `${p.path}: that is ${p.what}; write to another file`,
    beingRead: (p: { path: string; input: string }) =>
      `${p.path}: that is the file being read (${p.input}); write to another file`,
    existsNotDirectory: 'exists and is not a directory',
    cannotCreateDirectory: (p: { problem: string }) => `cannot create a directory there (${p.problem})`,
  },
  import: {
    noSuchFile: (p: { file: string }) => `${p.file}: no such file`,
    directoryNotFile: (p: { file: string }) => `${p.file}: is a directory, not a file`,
    notRegular: (p: { file: string; problem: string }) => `${p.file}: ${p.problem}`,
    /** What a path that is not a regular file is. */
    notRegularProblems: {
      directory: 'is a directory, not a file',
      fifo: 'is a named pipe (FIFO), not a regular file; save what it carries to a file first',
      device: 'is a device, not a regular file',
      socket: 'is a socket, not a regular file',
      other: 'is not a regular file',
    },
    tooBig: (p: { file: string; size: number; most: number }) =>
      `${p.file}: ${p.size} MB is more than crm reads at once (${p.most} MB); split the file into parts`,
    cannotRead: (p: { file: string; problem: string }) => `${p.file}: cannot be read (${p.problem})`,
    noProfile: (p: { name: string }) => `no import profile '${p.name}' (crm import profiles lists them)`,
    profileKind: (p: { name: string; kind: string; wanted: string }) =>
      `profile '${p.name}' is for ${p.kind}, not ${p.wanted}`,
    /** After a refusal of a workbook of several sheets read without --sheet. */
    otherSheets: (p: { sheets: string }) => `; the workbook's other sheets: ${p.sheets} (choose one with --sheet NAME)`,
    noClientRows: (p: { file: string }) => `${p.file}: no client rows found (no column crm knows, and no rows)`,
    csvOnly: (p: { kind: string }) => `${p.kind} are read from CSV files and workbooks only`,
    /** Not an error: said on stdout, and the import ends with status 0 (an export of a business with no visits). */
    nothingToImport: (p: { file: string; kind: string }) =>
      `${p.file}: nothing to import (a header and no ${p.kind} rows)`,
    stageExpects: (p: { pair: string }) => `--stage expects "Name=stage", got '${p.pair}'`,
    stageNoName: (p: { pair: string }) => `--stage '${p.pair}': no stage name before '='`,
    stageUnknown: (p: { pair: string; stage: string; stages: string }) =>
      `--stage '${p.pair}': '${p.stage}' is not a stage (${p.stages})`,
    sheetWithoutSheets: (p: { file: string; format: string }) =>
      `--sheet: ${p.file} was read as ${p.format}, which has no sheets (--sheet is for workbooks)`,
  },
  /**
   * A file an import cannot read at all, said after its name (`visits.csv: empty file`): what is wrong with it, and
   * where, when a line or the bytes around it are known.
   */
  read: {
    emptyFile: 'empty file',
    binaryCsv: 'binary data, not a text CSV file',
    binaryVcard: 'binary data, not a vCard file',
    noBeginVcard: 'not a vCard file: no BEGIN:VCARD line',
    vcardForKind: (p: { kind: string }) => `a vCard file; ${p.kind} are read from CSV files and workbooks only`,
    formatOption: (p: { format: string }) => `--format must be csv or vcard, got '${p.format}'`,
    /** `type`: the OpenDocument type a file's `mimetype` names (`text`, `presentation`), or `file`. */
    openDocument: (p: { type: string }) => `an OpenDocument ${p.type}, not a spreadsheet`,
    wordDocument: 'a Word or PowerPoint document, not a spreadsheet',
    unknownEncoding: (p: { name: string }) =>
      `unknown encoding '${p.name}' (try utf8, cp1251, utf16le, or any name iconv-lite knows)`,
    mixedEncodings: (p: { utf8Line: number; otherLine: number }) =>
      `mixed encodings: line ${p.utf8Line} is UTF-8 but line ${p.otherLine} is not (Windows-1251?); save the file in one encoding, or choose one with --encoding`,
    delimiter: (p: { value: string }) => `invalid delimiter '${p.value}' (use one character, or tab, semicolon, comma)`,
    firstLineTooLong: (p: { millions: number }) =>
      `the first line is ${p.millions} million characters long: not a CSV header (is this a CSV file?)`,
    unclosedHeaderQuote: (p: { line: number }) => `unterminated quoted field in the header (line ${p.line})`,
    /** `parser`: the CSV parser's code for what stopped it (an unclosed quote has its own message). */
    unreadableHeader: (p: { parser: string }) => `cannot read the header (${p.parser})`,
    // Where a streamed file stops being readable: `from` and `to` are the bytes of the part read, `line` the last
    // line read before it.
    nulByte: (p: { from: number; to: number; line: number }) =>
      `binary data (a NUL byte between bytes ${p.from} and ${p.to}, after line ${p.line}), not a text CSV file`,
    turnsUtf8: (p: { encoding: string; from: number; to: number; line: number }) =>
      `mixed encodings: the file starts in ${p.encoding} but is UTF-8 between bytes ${p.from} and ${p.to}, after line ${p.line}; give --encoding`,
    invalidUtf8: (p: { from: number; to: number; line: number }) =>
      `invalid UTF-8 between bytes ${p.from} and ${p.to}, after line ${p.line}: the file mixes encodings; give --encoding`,
    invalidUtf8AtEnd: (p: { line: number }) => `invalid UTF-8 at the end of the file (line ${p.line}); give --encoding`,
    lineTooLong: (p: { line: number; millions: number }) =>
      `line ${p.line} is over ${p.millions} M characters long: not a spreadsheet's CSV`,
    /** `headers`: the file's headers, as `listHeaders` gives them. */
    /** `fields`: rows.requiredFields' words for the fields no column is read into; `first` the token `--map` takes. */
    noColumn: (p: { fields: string; headers: string; first: string }) =>
      `no column for ${p.fields} (headers: ${p.headers}); name it with --map "Header=${p.first}"`,
    noClientColumn: (p: { headers: string }) => `no client, phone or e-mail column (headers: ${p.headers})`,
    mapNotHeader: (p: { names: string; headers: string }) =>
      `--map names ${p.names}, not a header of this file (headers: ${p.headers})`,
    unknownField: (p: { field: string; kind: string; fields: string }) =>
      `unknown field '${p.field}' for ${p.kind} (valid: ${p.fields}, or extra)`,
    /** A header too long to list whole: its beginning, and its length. */
    longHeader: (p: { beginning: string; length: number }) => `${p.beginning}… (${p.length} characters)`,
    /** The end of a list of headers cut short: `A, B, C, and 5 more`. */
    andMore: (p: { count: number }) => `, and ${p.count} more`,
    workbookTooBig: (p: { size: number; most: number; format: string }) =>
      `${p.size} MB is more than crm reads from a workbook at once (${p.most} MB for ${p.format}); save the sheet as CSV, which crm reads at any size`,
    notAWorkbook: (p: { format: string }) =>
      `not a readable ${p.format}: the file is damaged or not what its name says`,
    noSheets: (p: { format: string }) => `the ${p.format} has no sheets`,
    emptyTable: 'the table is empty',
    emptySheet: (p: { name: string; sheets: string }) =>
      `sheet "${p.name}" is empty${p.sheets ? ` (sheets: ${p.sheets}; choose one with --sheet)` : ''}`,
    passwordProtected:
      'the workbook is protected by a password: save a copy without one (File > Save As, untick the password) and import that',
    /** `message`: what the workbook library said, in its words (English). */
    damagedWorkbook: (p: { format: string; message: string }) =>
      `cannot be read as ${p.format}: the file is damaged or not what its name says (${p.message})`,
    noSheet: (p: { file: string; sheet: string; sheets: string }) =>
      `${p.file}: no sheet '${p.sheet}' (sheets: ${p.sheets})`,
  },
  export: {
    exist: (p: { paths: string; count: number }) =>
      `${p.paths} already exist${p.count === 1 ? 's' : ''}; add --force to overwrite`,
    unencodable: (p: { file: string; problem: string }) =>
      `${p.file} ${p.problem}; export with --encoding utf8 instead`,
    unknownEnding: (p: { out: string; extension: string }) =>
      `crm export does not write .${p.extension} files: -o takes a directory (end it with / if its name has a dot), an .xlsx or .ods workbook, a .json or a .vcf file`,
    databaseFile: (p: { out: string }) =>
      `crm export writes tables, not a database: a copy of the database is crm backup ${p.out}`,
    notToScreen:
      'crm export writes files, not the screen: give -o a directory or a file; crm client list or crm visit list print a table to the screen',
    oneTableFile: (p: { out: string; stem: string; extension: string }) =>
      `crm export writes five tables (clients, visits, deals, NPS answers, imports) and a .${p.extension} file holds one: -o ${p.stem} writes a directory of them, -o ${p.stem}.xlsx or .ods one workbook; the clients alone: crm client list -o ${p.out}`,
    formatContradictsFile: (p: { asked: string; out: string }) =>
      `${p.asked} contradicts ${p.out}, whose ending names another format: change one of them`,
    onePerClientNeedsDirectory: '--one-per-client writes a directory of files: give --out a directory, not a .vcf file',
    notInCodePage: (p: { line: number; character: string }) =>
      `line ${p.line}: '${p.character}' cannot be written in Windows-1251`,
    directoryNotWorkbook: (p: { format: string; out: string }) =>
      `--format ${p.format} writes a directory of files; ${p.out} names a workbook`,
    sheetTooLong: (p: { file: string; sheet: string; rows: number; most: number }) =>
      `${p.file}: sheet ${p.sheet} has ${p.rows} rows, more than a sheet holds (${p.most} under its header); use CSV instead`,
    cellTooLong: (p: { file: string; sheet: string; row: number; column: string; length: number; most: number }) =>
      `${p.file}: sheet ${p.sheet}, row ${p.row}, ${p.column}: ${p.length} characters, more than a workbook cell holds (${p.most}); use CSV instead`,
    columnNumber: (p: { number: number }) => `column ${p.number}`,
    tooManyCells: (p: { file: string; cells: number; type: string; most: number }) =>
      `${p.file}: ${p.cells} cells (rows × columns) are more than crm writes into one .${p.type} workbook (${p.most}); use CSV instead`,
  },
  backup: {
    noDatabase: (p: { path: string }) => `${p.path}: no database here yet, nothing to back up`,
    exists: (p: { file: string }) => `${p.file}: already exists; name a new file or a directory`,
    noSuchDirectory: (p: { dir: string }) => `${p.dir}: no such directory`,
    cannotWrite: (p: { problem: string }) => `cannot write the backup there (${p.problem})`,
    isTheDatabase: (p: { file: string }) => `${p.file}: that is the database itself`,
    noFreeName: (p: { stem: string }) => `no free name for ${p.stem} beside the database`,
    restoredNoTables: (p: { file: string }) => `${p.file}: restored, but no crm tables are found in the database`,
  },
};
