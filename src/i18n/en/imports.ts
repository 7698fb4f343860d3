/**
 * What `crm import` says of a file: what it detected, each row's action and the summary under the rows. The JSON
 * report writes its `client` and `details` with the English words, the same in every language.
 */
export const imports = {
  file: (p: { file: string }) => `file: ${p.file}`,
  detected: (p: { parts: string }) => `detected: ${p.parts}`,
  encoding: (p: { encoding: string; bom: boolean }) => `encoding ${p.encoding}${p.bom ? ' with BOM' : ''}`,
  delimiter: (p: { delimiter: string }) => `delimiter ${p.delimiter}`,
  tab: 'tab',
  /** Each format as a person who saved the file knows it. */
  formats: {
    csv: 'CSV',
    vcard: 'vCard',
    ods: 'OpenDocument spreadsheet',
    fods: 'flat OpenDocument spreadsheet (.fods)',
    xlsx: 'Excel workbook',
    xls: 'Excel 97-2003 workbook',
    html: 'HTML table (an "Excel" export of a web application)',
  },
  sheet: (p: { name: string }) => `sheet "${p.name}"`,
  /** A workbook whose sheets of the same columns (a journal's months) were read together, in order. */
  sheets: (p: { names: string }) => `sheets ${p.names}`,
  /** `name` of one of `sheets`. */
  sheetName: (p: { name: string }) => `"${p.name}"`,
  /** A line under the summary: the sheets of a workbook not read, as their columns are not the kind's. */
  sheetsLeftOut: (p: { sheets: string }) =>
    `sheets with other columns, not read: ${p.sheets} (to read one: --sheet NAME)`,
  headerRow: (p: { row: number }) => `header on row ${p.row}`,
  hiddenImported: (p: { rows: string }) => `${p.rows} imported`,
  /** `rows`: a count of totals rows; `where`: their positions (`65`, `Клиенты!65`). */
  totalsSkipped: (p: { rows: string; where: string }) =>
    `skipped ${p.rows} (a label such as Итого or Total, and sums): ${p.where}`,
  /** `cards`: a count of vCards whose photo, logo, sound or key was not kept. */
  binaryLeftOut: (p: { cards: string }) => `photos (and logos, sounds, keys) are not kept: left out of ${p.cards}`,
  headers: (p: { language: string }) => `headers ${p.language}`,
  /** The language a file's headers are in (`language` of `headers`), or the program whose export they are. */
  headerLanguages: { ru: 'ru', en: 'en', google: 'google', outlook: 'outlook', mixed: 'mixed' } as Record<
    string,
    string
  >,
  dates: (p: { style: string }) => `dates ${p.style}`,
  dateStyles: { dmy: 'dd.mm.yyyy (day first)', mdy: 'mm/dd/yyyy (month first)', ymd: 'yyyy-mm-dd' },
  lineEndings: (p: { endings: string }) => `line endings ${p.endings}`,
  /** Line endings by kind (`endings` of `lineEndings`). */
  lineEndingKinds: { lf: 'lf', crlf: 'crlf', cr: 'cr', mixed: 'mixed', none: 'none' } as Record<string, string>,
  columns: (p: { columns: string }) => `columns: ${p.columns}`,
  phonesGivenPlus: (p: { numbers: string }) =>
    `phones: ${p.numbers} without the '+' a spreadsheet drops (447911123456) read as international (+447911123456)`,
  /** A currency sign the file's code page has no place for, which the program that saved it wrote as '?'. */
  currencySignsLost: (p: { sign: string; encoding: string; amounts: string }) =>
    `amounts: '?' where a ${p.sign} sign stood, lost in the file's encoding (${p.encoding}), read as ${p.sign} (${p.amounts})`,
  noName: '(no name)',
  newClient: (p: { name: string }) => `new: ${p.name}`,
  possibleDuplicateOf: (p: { clients: string }) => `possible duplicate of ${p.clients}`,
  matchedBy: {
    phone: 'phone',
    email: 'email',
    name: 'name',
    'surname and first name': 'surname and first name',
  } as Record<string, string>,
  sameAs: (p: { by: string; client: string; changes: string }) => `same ${p.by} as ${p.client}: ${p.changes}`,
  sameNothingNew: (p: { by: string; client: string }) => `same ${p.by} as ${p.client}: nothing new`,
  kept: (p: { field: string; stored: string; incoming: string }) =>
    `kept ${p.field} '${p.stored}', file has '${p.incoming}'`,
  /** A row's action as a dry run plans it, and as an import did it. */
  planned: { create: 'create', update: 'update', duplicate: 'duplicate', reject: 'reject' },
  done: { create: 'created', update: 'updated', duplicate: 'duplicate', reject: 'rejected' },
  tableColumns: {
    line: 'line',
    row: 'row',
    action: 'action',
    client: 'client',
    details: 'details',
    record: { visits: 'visit', deals: 'deal', nps: 'answer' },
  },
  clientSummary: (p: {
    dryRun: boolean;
    created: number;
    updated: number;
    duplicates: number;
    rejected: number;
    rows: string;
  }) =>
    `${p.dryRun ? 'would create' : 'created'} ${p.created}, ${p.dryRun ? 'would update' : 'updated'} ${p.updated}, duplicates ${p.duplicates}, rejected ${p.rejected} of ${p.rows}`,
  /** What a journal's rows are, in the summary: `created 12 visits`. */
  recordNouns: { visits: 'visits', deals: 'deals', nps: 'answers' },
  recordSummary: (p: {
    dryRun: boolean;
    deals: boolean;
    records: string;
    created: number;
    moved: number;
    duplicates: number;
    rejected: number;
    rows: string;
    newClients: number;
  }) =>
    `${p.dryRun ? 'would create' : 'created'} ${p.created} ${p.records}${p.deals ? `, ${p.dryRun ? 'would move' : 'moved'} ${p.moved}` : ''}, duplicates ${p.duplicates}, rejected ${p.rejected} of ${p.rows}; new clients ${p.newClients}`,
  /** `visits`: a count of visits (counts.visits). */
  sameDayVisits: (p: { visits: string }) =>
    `${p.visits} added on a day their client already had a visit with another amount or service: corrections? (see their rows)`,
  notListed: (p: { rows: string }) => `${p.rows} not listed (the counts above cover them all)`,
  speed: (p: { rows: string; seconds: string; perSecond: string }) =>
    `${p.rows} in ${p.seconds} s (${p.perSecond} rows/s)`,
  batch: (p: { batch: number }) => `batch ${p.batch} (undo with: crm import undo ${p.batch})`,
  nothingNew: 'nothing new: the database was not changed',
  /**
   * The error of an import that refused every row: the first named where it is (`sheetRow`, a workbook's
   * `Клиенты!6`), a workbook's other sheets, and the rejects file that lists every row with its reason (none for a dry
   * run). In English in the report's JSON too, as `error`.
   */
  allRejected: (p: {
    file: string;
    count: number;
    line: number;
    sheetRow: string;
    field: string;
    reason: string;
    otherSheets: string;
    rejectsFile: string;
  }) =>
    `${p.file}: nothing could be imported: ${p.count === 1 ? 'its one row was' : `all ${p.count} rows were`} rejected${p.line ? ` (first: ${p.sheetRow || `line ${p.line}`}${p.field ? `, field ${p.field}` : ''}: ${p.reason})` : ''}` +
    (p.otherSheets ? `; the workbook's other sheets: ${p.otherSheets} (choose one with --sheet NAME)` : '') +
    (p.rejectsFile ? `; every row with its reason: ${p.rejectsFile}` : ''),
  /** A rejects file: each row (or card) as it was, to be fixed and imported again. */
  rejectsToFix: (p: { rows: string; file: string }) =>
    `warning: ${p.rows} written to ${p.file}, each as it was with its line and reason at the end: fix them there and import that file again`,
  /** The columns a rejects file adds after the row's own; an import reads past any header starting so. */
  rejectsColumns: { line: 'rejected: line', reason: 'rejected: reason' },
  /** What a vCard's rejects file says on a card it gives back (a property vCard readers show as text). */
  rejectedCard: (p: { line: number; reason: string }) => `line ${p.line}: ${p.reason}`,
  moreRefusals: (p: { count: number }) => `and ${p.count} more refused lines in this card`,
  dryRun: 'dry run: nothing was written',
  worthALook: (p: { rows: string }) => `(${p.rows} not listed here: --json lists them, --dry-run shows every row)`,
  savedProfile: (p: { name: string }) => `saved profile '${p.name}'`,
};
