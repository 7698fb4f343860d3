/**
 * `crm --help` and commander's own words: every command's description and each of its options and arguments, keyed
 * as the command line names them (`help.client.add.phone` is `crm client add --phone`).
 */
export const help = {
  /** commander's headings, the words of its usage lines, and what it adds after a description. */
  headings: {
    usage: 'Usage:',
    arguments: 'Arguments:',
    options: 'Options:',
    globalOptions: 'Global Options:',
    commands: 'Commands:',
  },
  usage: { options: '[options]', command: '[command]' },
  /**
   * The names of values in usage lines and option terms (`--db <path>`, `crm client show <client>`), by the name
   * the code gives them.
   */
  placeholders: {
    path: 'path',
    file: 'file',
    format: 'format',
    language: 'language',
    command: 'command',
    name: 'name',
    phone: 'phone',
    email: 'email',
    source: 'source',
    tag: 'tag',
    date: 'date',
    text: 'text',
    'key=value': 'key=value',
    key: 'key',
    value: 'value',
    query: 'query',
    client: 'client',
    keep: 'keep',
    other: 'other',
    amount: 'amount',
    service: 'service',
    period: 'period',
    n: 'n',
    id: 'id',
    title: 'title',
    stage: 'stage',
    reason: 'reason',
    score: 'score',
    days: 'days',
    metric: 'metric',
    month: 'month',
    year: 'year',
    group: 'group',
    what: 'what',
    spreadsheet: 'spreadsheet',
    encoding: 'encoding',
    version: 'version',
    char: 'char',
    'Header=field': 'Header=field',
    style: 'style',
    batch: 'batch',
    'name|N': 'name|N',
    'Name=stage': 'Name=stage',
    address: 'address',
  },
  defaultValue: (p: { value: string }) => `default: ${p.value}`,
  choices: (p: { values: string }) => `choices: ${p.values}`,

  program: {
    description: 'pocket-crm: clients, visits, deals and NPS in one local SQLite file, or on a PostgreSQL server',
    db: 'database file, or postgres://user@host:port/db (default: $CRM_DB, else a file in the per-user data directory)',
    lang: 'language of what crm prints (default: crm config set language, else LANGUAGE, LC_ALL, LC_MESSAGES, LANG)',
    help: 'display help for command',
    helpCommand: 'display help for command',
    version: 'output the version number',
    afterError: 'add --help for usage',
  },

  /** Options that several commands share. */
  output: {
    format: 'output format',
    json: 'short for --format json',
    file: (p: { extensions: string }) =>
      `write to FILE (format from its extension when --format is absent: ${p.extensions})`,
    out: 'the same as --output',
  },
  period: {
    period: 'period: 2026-03, 2026Q1, 2026, 2026-03-05..2026-03-20, 2026-01..2026-06 (default: the last full month)',
    from: 'first day, YYYY-MM-DD (with --to; alone: up to today)',
    to: 'last day, YYYY-MM-DD',
    month: 'a calendar month, YYYY-MM',
    year: 'a calendar year, YYYY',
    monthly: 'one column per month of the period, plus the total',
    quarterly: 'one column per quarter of the period, plus the total',
    yearly: 'one column per year of the period, plus the total',
    transpose: 'with --monthly/--quarterly/--yearly: one row per period (the default when too wide)',
  },
  /** Arguments and options whose words recur across commands. */
  common: {
    clientQuery: 'number (12), name, phone or e-mail',
    newClientQuery: 'number (12), name, phone or e-mail (with --new: the new client)',
    newClient: 'CLIENT is a new client: create it',
    note: 'free text',
    onlyClient: 'only this client',
    fromDate: 'from this date',
    toDate: 'to this date',
    listPeriod: '2026-03, 2026Q1, 2026 ...',
    when: 'when (default: today)',
  },

  client: {
    description: 'add, list, show, edit, find, merge and archive clients',
    add: {
      description: 'add a client (asks for what is missing when run on a terminal)',
      name: 'full name',
      phone: 'phone, any format (repeatable)',
      email: 'e-mail (repeatable)',
      source: 'where the client came from',
      tag: 'tag (repeatable)',
      birthday: 'dd.mm.yyyy or yyyy-mm-dd',
      set: 'an extra field (repeatable)',
      allowDuplicate: 'add even when a client with the same phone, e-mail or name exists',
    },
    list: {
      description: 'list clients',
      archived: 'include archived clients',
      tag: 'only clients with this tag',
      source: 'only clients from this source',
    },
    find: {
      description: 'find clients by part of a name, phone digits in any format, or e-mail',
      query: 'text to look for',
    },
    show: { description: "a client's card" },
    edit: {
      description: 'change a client; --phone/--email replace, --add-phone/--add-email/--tag add',
      name: 'new name',
      phone: 'replace phones with these (repeatable)',
      addPhone: 'add a phone (repeatable)',
      email: 'replace e-mails with these (repeatable)',
      addEmail: 'add an e-mail (repeatable)',
      source: 'new source (empty to clear)',
      tag: 'add a tag (repeatable)',
      untag: 'remove a tag (repeatable)',
      birthday: 'dd.mm.yyyy or yyyy-mm-dd (empty to clear)',
      note: 'new note (empty to clear)',
      set: 'set an extra field (repeatable)',
      unset: 'remove an extra field (repeatable)',
      allowDuplicate: 'give the client a phone or e-mail another client has too',
    },
    merge: {
      description: 'merge OTHER into KEEP (without arguments: list possible duplicates found by imports)',
      keep: 'the client that stays',
      other: 'the client merged into it and removed',
      yes: 'merge without asking (on a terminal crm asks first)',
    },
    archive: {
      description: 'archive a client (hidden from lists, history kept); --restore brings it back',
      restore: 'un-archive',
    },
  },

  visit: {
    description: 'record visits (purchases): add, list, edit, remove',
    add: {
      description: 'record a visit; amount 0 for a free one (asks for what is missing on a terminal)',
      amount: '1500, 1 500,50, 1500.50 or 1 500 ₽',
      date: 'dd.mm.yyyy, yyyy-mm-dd, today or yesterday (default: today)',
      service: 'what was done or sold',
    },
    list: {
      description: 'visits, oldest first',
      service: 'only this service',
      last: 'only the last N visits',
    },
    edit: {
      description: 'change a visit',
      id: 'visit number from crm visit list',
      amount: 'new amount',
      date: 'new date',
      service: 'new service (empty to clear)',
      note: 'new note (empty to clear)',
      client: 'move the visit to another client',
    },
    rm: { description: 'remove a visit' },
  },

  deal: {
    description: 'deals: lead → qualified → deal → won, or lost / junk',
    add: {
      description: 'open a deal (a lead) for a client',
      title: 'what the deal is about',
      titleArgument: 'what the deal is about (or --title)',
      amount: 'expected amount',
      source: 'where the lead came from (default: the client’s source)',
      date: 'when the lead came (default: today)',
    },
    move: {
      description: 'move a deal to its next stage; lost needs --reason, won an amount',
      id: 'deal number',
      stage: 'qualified, deal, won, lost or junk',
      reason: 'why it was lost',
      amount: 'the final amount (for won)',
    },
    list: {
      description: 'deals with days open',
      stage: 'only deals now at this stage',
      open: 'only open deals (lead, qualified, deal)',
      client: 'only this client’s deals',
    },
    show: { description: 'a deal with its stage history' },
  },

  nps: {
    description: 'NPS answers: how likely is the client to recommend you, 0-10',
    add: {
      description: 'record an answer; a detractor (0-6) is flagged at once',
      score: '0 to 10',
      improve: 'what could we improve?',
      liked: 'what did you like?',
    },
    list: { description: 'NPS answers', detractors: 'only scores 0-6' },
  },

  import: {
    description:
      'bring in clients (CSV, vCard, workbook), visits, deals and NPS answers (CSV, workbook); list and undo imports',
    encoding: 'utf8, cp1251, utf16le, or any name iconv-lite knows (default: detected)',
    delimiter: "';', ',', 'tab' (default: detected)",
    format: 'file format (default: from extension and content)',
    map: 'read a column as a field, or as extra with "Header=extra" (repeatable)',
    dateStyle: 'order of day and month (default: detected)',
    sheet:
      "a workbook's sheet, by name or number from 1 (default: the one named after what is imported, else the first)",
    stage:
      "where a stage name of the file goes: lead, qualified, deal, won, lost or junk (repeatable; Bitrix24's and amoCRM's default names are known)",
    dryRun: 'show what each row would do; write nothing',
    rejects: 'where rejected rows go (default: beside the database)',
    profile: 'reuse settings saved with --save-profile',
    saveProfile: 'remember these settings under NAME',
    json: 'print the import report as JSON',
    clients: {
      description:
        'import a client list: CSV/TSV or a workbook (.ods, .xlsx, .xls) from Calc, Excel, Google or Outlook, or vCard from a phone',
      file: 'the file to read',
    },
    visits: {
      description: 'import visits (purchases) from a journal: date, client, phone, e-mail, amount, service, note',
    },
    deals: { description: 'import deals: created, client, title, amount, source, one date per stage reached, reason' },
    nps: {
      description: 'import NPS answers: date, client, phone, e-mail, score 0-10, what to improve, what they liked',
    },
    journalFile: 'the CSV file or workbook (.ods, .xlsx, .xls) to read',
    list: { description: 'imports done so far' },
    undo: {
      description: 'remove what an import created and restore what it changed',
      batch: 'batch number from crm import list',
    },
    profiles: { description: 'saved import profiles' },
  },

  report: {
    description: 'ARPU, repeat purchase, churn, funnel, NPS, cohorts, RFM and the monthly report',
    arpu: {
      description: 'revenue, active clients, ARPU, average check, new and returning clients',
      by: 'break down by the client’s source, tag, or service',
    },
    repeat: { description: 'buyers up to the period end, repeat buyers and the repeat rate' },
    churn: {
      description: 'clients alive at the start, churned, reactivated, revenue churn',
      window: 'days without a purchase after which a client counts as churned',
    },
    funnel: {
      description: 'deals created in the period by the furthest stage reached, conversion, cycle, lost reasons',
      by: 'break down by the deal’s source',
    },
    nps: { description: 'promoters, passives, detractors and NPS from each client’s latest answer' },
    cohorts: {
      description:
        'clients by month of first purchase: who buys again in each following month (default: last 12 months)',
      counts: 'clients instead of shares',
    },
    rfm: {
      description: 'recency, frequency, monetary scores 1-5 and segments, as of the period end',
      clients: 'list every client with its scores and segment',
    },
    monthly: {
      description: 'the month’s reports beside the previous month and the same month last year (for cron)',
    },
  },

  due: {
    description: 'clients due for a visit (by their usual rhythm) and recent NPS detractors: who to call today',
    within: 'list clients expected within this many days from today',
    window: 'skip clients without a purchase in this many days (churned)',
  },

  explain: {
    description: 'list the clients (or deals) behind a figure, e.g. crm explain churned -p 2026-03',
    metric: (p: { metrics: string }) => `one of: ${p.metrics}`,
    window: 'churn window for at_start, churned, reactivated',
  },

  export: {
    description:
      'write out everything: CSV files or one .xlsx/.ods workbook that crm import reads back, JSON, or vCard',
    what: "'vcard': a contacts file for phones (as --format vcard)",
    output:
      'directory to write into (default: ./pocket-crm-export-YYYYMMDD-HHMMSS); or one file, its format from its ending: an .xlsx/.ods workbook, .json, .vcf (vCard)',
    format: 'what to write (default: csv)',
    for: "CSV a spreadsheet in the configured locale opens (';', 1500,50, 17.05.2026)",
    encoding: 'CSV encoding (default: utf8; with a BOM when --for)',
    vcardVersion: 'vCard version (default: 4.0; 3.0 for old phones)',
    onePerClient: 'vCard: one file per client in the directory',
    force: 'overwrite the files of an earlier export',
  },

  backup: {
    description: 'a consistent copy of the database, safe while other crm commands run',
    file: 'file or directory to write (default: crm-backup-YYYYMMDD-HHMMSS.sqlite beside the database)',
    output: 'the same as FILE',
  },
  restore: {
    description: 'replace the database with a backup; the replaced one is kept beside it',
    file: 'a backup written by crm backup (or any pocket-crm database file)',
    yes: 'do not ask for confirmation (required without a terminal)',
  },

  config: {
    description: 'settings stored in the database (region, currency, locale, language)',
    set: { description: 'set a setting', key: (p: { keys: string }) => `one of: ${p.keys}`, value: 'its value' },
    get: { description: 'print a setting', key: 'the setting' },
    unset: { description: 'remove a setting (its default applies again)', key: 'the setting' },
    list: { description: 'all settings' },
  },

  demo: {
    description: 'import a generated year of a small salon into a throw-away database and show its monthly report',
    keep: 'keep the demo database and print its path',
  },
  db: {
    description: 'the database as a whole: copy it to a server or back to a file',
    copy: {
      description:
        'copy every record (ids and import history included) into an empty PostgreSQL database or a new SQLite file, and check the copy against this one',
      to: 'postgres://user@host:port/db (empty), or a new FILE.sqlite',
    },
  },
  init: {
    description:
      'create the database: on a PostgreSQL server (--db postgres://user@host/db), crm’s tables in a database that exists; a SQLite file is created by any command',
    roles: 'also create the roles crm_owner (holds the tables), crm_user (read and write), crm_reports (read only)',
    print: 'with --roles: print the SQL instead of running it',
  },
};

/**
 * commander's own parse errors, which it writes in English before crm sees them; src/cli/commander-words.ts reads
 * each back and writes it with these.
 */
export const commander = {
  unknownOption: (p: { option: string }) => `unknown option '${p.option}'`,
  unknownCommand: (p: { command: string }) => `unknown command '${p.command}'`,
  missingArgument: (p: { argument: string }) => `missing required argument '${p.argument}'`,
  optionMissingArgument: (p: { option: string }) => `option '${p.option}' argument missing`,
  tooManyArguments: (p: { command: string; expected: number; received: number }) =>
    `too many arguments${p.command ? ` for '${p.command}'` : ''}: expected ${p.expected} argument${p.expected === 1 ? '' : 's'} but got ${p.received}`,
  invalidOptionValue: (p: { option: string; value: string; choices: string }) =>
    `option '${p.option}' argument '${p.value}' is invalid: allowed choices are ${p.choices}`,
  fileAfterOutput: (p: { file: string }) => `a file to write goes after -o: -o ${p.file}`,
  invalidArgumentValue: (p: { argument: string; value: string; choices: string }) =>
    `command-argument value '${p.value}' is invalid for argument '${p.argument}': allowed choices are ${p.choices}`,
  didYouMean: (p: { candidates: string }) => `did you mean ${p.candidates}?`,
  didYouMeanOneOf: (p: { candidates: string }) => `did you mean one of ${p.candidates}?`,
};
