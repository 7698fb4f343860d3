import { numberIn } from '../numbers.js';

/** What commands say as they work (on stderr, or a line of result), their prompts, and the CLI's own refusals. */
export const said = {
  warning: (p: { text: string }) => `warning: ${p.text}`,
  backupBefore: (p: { path: string }) => `backup of the state before: ${p.path}`,
  nothingChanged: 'nothing changed',
  region: {
    /** `from`: the locale variable (LANG, LC_ALL) or the file the region was taken from. */
    learned: (p: { region: string; from: string }) =>
      `phone region ${p.region} taken from ${p.from} and saved for this database (to change it: crm config set region XX)`,
    readAgain: (p: { region: string; phones: number; duplicates: number }) =>
      `phones kept as written, read again in region ${p.region}: ${numberIn('en', p.phones)}; possible duplicates: ${numberIn('en', p.duplicates)}${p.duplicates > 0 ? ' (to look at them: crm client merge)' : ''}`,
  },

  client: {
    added: (p: { id: number; name: string }) => `added client ${p.id} ${p.name} (crm client show ${p.id})`,
    nothingAdded: 'nothing added',
    namesake: (p: { id: number; name: string; added: number }) =>
      `client ${p.id} is named ${p.name} too; if it is the same person: 'crm client merge ${p.id} ${p.added}'`,
    updated: (p: { id: number; name: string }) => `updated client ${p.id} ${p.name} (crm client show ${p.id})`,
    keptAside: (p: { key: string; value: string }) => `kept differing value in extra: ${p.key} = ${p.value}`,
    merged: (p: { id: number; name: string }) => `merged into client ${p.id} ${p.name} (crm client show ${p.id})`,
    restored: (p: { id: number; name: string }) => `restored client ${p.id} ${p.name}`,
    archived: (p: { id: number; name: string }) =>
      `archived client ${p.id} ${p.name} (to bring it back: crm client archive ${p.id} --restore)`,
    needsName: 'crm client add needs a NAME (or --phone / --email); prompts only appear on a terminal',
    mergePlan: (p: { keep: number; keepName: string; other: number; otherName: string }) =>
      `#${p.other} ${p.otherName} goes into #${p.keep} ${p.keepName}: its visits, deals, answers, phones and e-mails move there, and #${p.other} is removed (a backup is made first)`,
    confirmMerge: 'Merge them?',
    mergeNeedsBoth: 'crm client merge needs KEEP and OTHER (or no argument to list candidates)',
  },
  visit: {
    recorded: (p: { id: number; client: string; date: string; amount: string; service: string }) =>
      `visit #${p.id}: ${p.client}, ${p.date}, ${p.amount}${p.service ? `, ${p.service}` : ''}`,
    changed: (p: { id: number; date: string; amount: string; service: string }) =>
      `visit #${p.id}: ${p.date}, ${p.amount}${p.service ? `, ${p.service}` : ''}`,
    removed: (p: { id: number; date: string }) => `removed visit #${p.id} of ${p.date}`,
  },
  deal: {
    opened: (p: { id: number; title: string; clientId: number; client: string }) =>
      `deal #${p.id} (lead): ${p.title}, client #${p.clientId} ${p.client}`,
    moved: (p: { id: number; stage: string; date: string; reason: string }) =>
      `deal #${p.id} is ${p.stage} since ${p.date}${p.reason ? ` (${p.reason})` : ''}`,
  },
  nps: {
    recorded: (p: { id: number; client: string; score: number }) =>
      `recorded answer #${p.id}: ${p.client} scored ${p.score}`,
    detractor: (p: { client: string; score: number; complaint: string; phone: string }) =>
      `DETRACTOR: ${p.client} scored ${p.score}${p.complaint ? `: "${p.complaint}"` : ''}. React now: call${p.phone ? ` ${p.phone}` : ''} today.`,
  },
  import: {
    undone: (p: { batch: number; file: string; removed: string; restored: string }) =>
      `undid batch ${p.batch} (${p.file}): removed ${p.removed || 'nothing'}, restored ${p.restored}`,
    removedRows: (p: { count: number; table: string }) => `${p.count} ${p.table}`,
    /** The tables an undo removes rows from, by their names in the database. */
    tables: {
      clients: 'clients',
      visits: 'visits',
      deals: 'deals',
      deal_stages: 'deal_stages',
      nps_answers: 'nps_answers',
      client_tags: 'client_tags',
      client_contacts: 'client_contacts',
      tags: 'tags',
      duplicate_candidates: 'duplicate_candidates',
    } as Record<string, string>,
    keptLaterEdit: (p: { table: string; row: number; column: string }) =>
      `kept a later edit: ${p.table} #${p.row} ${p.column} was changed again after the import`,
    mapExpects: (p: { pair: string }) => `--map expects "Header=field", got '${p.pair}'`,
    mapNoHeader: (p: { pair: string }) => `--map '${p.pair}': no column header before '='`,
    mapNoField: (p: { pair: string; header: string }) =>
      `--map '${p.pair}': no field after '=' (to keep the column as it is, write "${p.header}=extra")`,
    mapReserved: (p: { pair: string; header: string }) =>
      `--map '${p.pair}': '${p.header}' cannot be used as a column name; rename the column in the file`,
    mapUnknownField: (p: { pair: string; field: string; kind: string; fields: string }) =>
      `--map '${p.pair}': unknown field '${p.field}' for ${p.kind} (valid: ${p.fields}, or extra)`,
    progress: 'importing [{bar}] {percentage}% | {rows} rows | {mb}/{totalMb} MB',
  },
  backup: {
    written: (p: { path: string; size: string }) => `backup written: ${p.path} (${p.size})`,
    onePlace: (p: { file: string; output: string }) =>
      `the backup goes to one place: '${p.file}' and --output '${p.output}' differ`,
    kilobytes: (p: { size: number }) => `${p.size} KB`,
    megabytes: (p: { size: number }) => `${numberIn('en', p.size, 1)} MB`,
    contents: (p: { clients: string; visits: string; deals: string; answers: string }) =>
      `${p.clients}, ${p.visits}, ${p.deals}, ${p.answers}`,
    restoreNeedsYes: 'crm restore replaces the database: add --yes to confirm',
    backupLine: (p: { file: string; contents: string }) => `backup:   ${p.file} (${p.contents})`,
    replacesLine: (p: { path: string; contents: string }) =>
      `replaces: ${p.path}${p.contents ? ` (${p.contents})` : ''}`,
    dumpLine: (p: { file: string; schema: number; database: string; createdAt: string }) =>
      `backup:   ${p.file} (schema ${p.schema}, dumped from ${p.database} at ${p.createdAt})`,
    intoEmpty: 'into a database with no crm tables yet',
    confirmRestore: 'Replace the database with the backup?',
    restored: (p: { path: string; file: string; contents: string }) =>
      `restored ${p.path} from ${p.file} (${p.contents})`,
    replacedKept: (p: { path: string }) => `the replaced database is kept as ${p.path}`,
  },
  export: {
    spreadsheetLocale: (p: { locale: string }) =>
      `spreadsheet locale: ${p.locale} (crm config set locale to change it)`,
    wrote: (p: { path: string; holds: string }) => `wrote ${p.path}: ${p.holds}`,
    fileEach: (p: { clients: string }) => `${p.clients}, one file each`,
    vcardContradicts: (p: { format: string }) => `'crm export vcard' writes vCard; --format ${p.format} contradicts it`,
    vcardOnly: '--vcard-version and --one-per-client apply to crm export vcard only',
    csvOnly: '--for and --encoding apply to CSV files only',
  },
  report: {
    grainsCombined: (p: { options: string }) => `${p.options} cannot be combined: choose one`,
    atLeast: (p: { option: string; minimum: number; text: string }) =>
      `${p.option} must be at least ${p.minimum}, got ${p.text}`,
    byWithSplit: '--by cannot be combined with --monthly/--quarterly/--yearly',
    monthlyNeedsMonth: (p: { period: string }) =>
      `crm report monthly needs one calendar month (e.g. -p 2026-10), got ${p.period}`,
    unknownMetric: (p: { metric: string; known: string }) => `unknown metric '${p.metric}' (known: ${p.known})`,
  },
  context: {
    twoOutputs: (p: { output: string; out: string }) =>
      `--output '${p.output}' and --out '${p.out}' name two places: give one`,
    formatUnknown: (p: { file: string; extensions: string }) =>
      `cannot tell the format of '${p.file}' from its extension: name it ${p.extensions}, or add --format`,
    needsArguments: (p: { command: string; missing: string }) =>
      `crm ${p.command} needs ${p.missing}; prompts only appear on a terminal`,
    and: ' and ',
    wholeNumber: (p: { what: string; text: string }) => `${p.what} must be a whole number, got '${p.text}'`,
    waitingForWriter: 'another crm is writing (an import?): waiting for it to finish, up to a minute…',
  },
  prompts: {
    name: 'Name:',
    namesake: (p: { id: number; name: string }) =>
      `Client ${p.id} is also called ${p.name}. Add another client of this name?`,
    phone: 'Phone (empty to skip):',
    email: 'E-mail (empty to skip):',
    emailNeedsAt: 'an e-mail has an @ in it',
    source: 'Source, e.g. Instagram (empty to skip):',
    alreadyStored: (p: { id: number; name: string }) =>
      `already stored as client ${p.id} ${p.name} (crm client show ${p.id}); Enter again adds it anyway (a phone or e-mail two people share), as --allow-duplicate does; or change it`,
    amount: 'Amount:',
    service: 'Service (empty to skip):',
    title: 'Title:',
    score: 'Score 0-10:',
    client: 'Client (type part of a name, phone or e-mail):',
    noName: '(no name)',
    newClient: (p: { typed: string }) => `+ new client: ${p.typed}`,
    /** The words inquirer writes itself (its defaults are these English ones), given to it in the language. */
    keys: { navigate: 'navigate', select: 'select' } as Record<string, string>,
    yes: 'Yes',
    no: 'No',
    answerYesOrNo: (p: { yes: string; no: string }) => `You must answer with "${p.yes}" or "${p.no}"`,
    required: 'You must provide a value',
    noResults: 'No results found',
  },
  /** What src/cli/main.ts says when a command ends otherwise than well. */
  main: {
    databaseProblem: (p: { problem: string }) =>
      `the database ${p.problem}; nothing was changed (crm restore can bring back a backup)`,
    corrupt: 'file is damaged (corrupt)',
    readOnly: 'file is read-only',
    full: "file's disk is full",
    io: 'file could not be read or written (I/O error)',
    internal: (p: { error: string }) => `internal error (please report it): ${p.error}`,
    interrupted: 'interrupted; nothing unfinished was saved',
  },
  db: {
    checked: (p: { figures: number }) =>
      `checked on both sides: ${p.figures} figures (every table's rows, revenue, ARPU, churn, NPS, repeat)`,
    copied: (p: { rows: number; target: string }) => `done: ${p.rows} rows copied to ${p.target}; both databases agree`,
  },
  init: {
    ready: (p: { where: string }) => `database ready: ${p.where}`,
    roles:
      'roles ready: crm_owner (tables), crm_user (read and write), crm_reports (read only); grant one to each login',
  },
};
