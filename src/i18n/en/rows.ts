/**
 * What an import says of its rows and columns (domain/row-notes.ts): why a row was rejected, what about it is worth a
 * look, how a column was read. The import's JSON writes these English words in every language, as it always has.
 */
/** A cell as a note quotes it: whole, or its beginning and its length. */
const quote = (p: { value: string; length?: number }) =>
  p.length === undefined ? `'${p.value}'` : `'${p.value}…' (${p.length} characters)`;

export const rows = {
  notes: {
    tooManyCells: (p: { cells: number; header: number }) => `${p.cells} cells, header has ${p.header}`,
    unclosedQuote: 'unterminated quoted field',
    unreadableCsv: (p: { parser: string }) => `unreadable CSV (${p.parser})`,
    cardNotClosed: 'card not closed (file truncated?)',
    noColon: "property line has no ':'",
    unreadableBirthday: (p: { value: string; length?: number }) => `unreadable birthday ${quote(p)}`,
    notADate: (p: { value: string; length?: number }) => `${quote(p)} is not a date`,
    /** `problem` is said by `amounts`. */
    badAmount: (p: { value: string; length?: number; problem: string }) => `${quote(p)}: ${p.problem}`,
    negativeAmount: (p: { value: string; length?: number }) => `${quote(p)} is negative`,
    notAScore: (p: { value: string; length?: number }) => `${quote(p)} is not a score from 0 to 10`,
    missing: (p: { field: string }) => `no ${p.field}`,
    noNameOrContact: 'no name, phone or e-mail',
    noClient: 'no client name, phone or e-mail',
    leadWithoutClient: 'no client details: a lead without a client',
    phoneRounded: (p: { phone: string }) =>
      `phone '${p.phone}' was rounded by a spreadsheet (scientific notation) and lost digits`,
    phoneInvalid: (p: { phone: string; region: string }) =>
      `phone '${p.phone}' is not a valid number for region ${p.region}; kept as written`,
    phoneWithoutRegion: (p: { phone: string }) =>
      `phone '${p.phone}' has no country code and no region is set (crm config set region RU); kept as written`,
    emailInvalid: (p: { email: string }) => `e-mail '${p.email}' does not look like an address; kept as written`,
    sharedContactOtherRow: (p: { contact: string; name: string }) =>
      `${p.contact} is also ${p.name}'s, whom the file lists as another client (another id): kept as a client of its own`,
    newClient: 'new client',
    alreadyImported: 'already imported',
    sameDayVisit: (p: { client: number; date: string }) =>
      `the client already has a visit that day with another amount or service; if this row corrects it, remove the old one (crm visit list --client ${p.client} --from ${p.date} --to ${p.date}, then crm visit rm <id>)`,
    clientReadAs: (p: { named: string; known: string }) =>
      `client '${p.named}' read as '${p.known}' (same first and last names)`,
    unknownStage: (p: { name: string }) => `unknown stage '${p.name}': imported as an open lead`,
    stageConflict: (p: { stored: string; since: string; incoming: string; on: string }) =>
      `stored deal is ${p.stored} since ${p.since}; file says ${p.incoming} on ${p.on}`,
    /** `moves`: each stage and its date, `won 2026-03-09, lost 2026-03-10`. */
    dealMoved: (p: { id: number; moves: string }) => `deal #${p.id} → ${p.moves}`,
    lostAndJunk: 'both lost and junk dates are filled',
    wonAnd: (p: { ending: string }) => `both won and ${p.ending} dates are filled`,
    junkAfterLead: 'junk is only for a lead that never qualified',
    stageBefore: (p: { stage: string; date: string; earlier: string; earlierDate: string }) =>
      `${p.stage} date ${p.date} is before ${p.earlier} date ${p.earlierDate}`,
    closedBeforeCreated: (p: { closed: string; created: string }) =>
      `closing date ${p.closed} is before the creation date ${p.created}`,
  },
  /** Why a text is not an amount (domain/money.ts). */
  amounts: {
    empty: 'empty amount',
    // Every sayer names the amount as written before these (`amount 'abc': not an amount`): they do not repeat it.
    tooLong: 'not an amount',
    notAnAmount: 'not an amount',
    otherCurrency: (p: { currency: string; database: string }) =>
      `in ${p.currency}, not the database's currency ${p.database}; convert it first`,
    notGrouped: 'digits are not grouped by three',
    noFractionDigits: 'no digits after the decimal separator',
    tooManyFractionDigits: 'more than 2 digits after the decimal separator',
    tooLarge: 'too large (at most 1 000 000 000 000)',
  },
  /**
   * The fields a column is read into, by the token `--map "Header=field"` takes. English shows the token alone; a
   * language whose words differ shows its word beside it.
   */
  fields: {
    name: 'name',
    first_name: 'first_name',
    middle_name: 'middle_name',
    last_name: 'last_name',
    phone: 'phone',
    email: 'email',
    source: 'source',
    tags: 'tags',
    birthday: 'birthday',
    note: 'note',
    created: 'created',
    archived: 'archived',
    phone_region: 'phone_region',
    id: 'id',
    date: 'date',
    client: 'client',
    amount: 'amount',
    service: 'service',
    company: 'company',
    title: 'title',
    currency: 'currency',
    stage: 'stage',
    qualified: 'qualified',
    deal: 'deal',
    won: 'won',
    lost: 'lost',
    junk: 'junk',
    closed: 'closed',
    reason: 'reason',
    score: 'score',
    improve: 'improve',
    liked: 'liked',
  } as Record<string, string>,
  /** The fields a journal cannot be read without (record-file.ts REQUIRED), as `no column for …` names them. */
  requiredFields: { date: 'date', amount: 'amount', created: 'created', score: 'score' } as Record<string, string>,
  /** A column kept as it is, under its header (`--map "Header=extra"`). */
  extra: 'extra',
  /** One column of the `columns:` line: `Сумма → amount`, and why, for a header with two meanings. */
  column: (p: { header: string; field: string; name: string; reason: string }) =>
    `${p.header} → ${p.field}${p.name === p.field ? '' : ` (${p.name})`}${p.reason ? ` (${p.reason})` : ''}`,
  /** Why a header with two meanings was read as one (domain/row-notes.ts MeaningReason), said in parts. */
  meaning: {
    cells: { empty: 'its cells are empty', dates: 'its cells are dates', text: 'its cells are not dates' },
    beside: { date: 'beside the other date columns', stage: 'beside the other stage columns' },
    notBeside: { date: 'not beside other date columns', stage: 'not beside other stage columns' },
    otherTaken: (p: { field: string }) => `another column is the ${p.field}`,
  },
  /** An NPS answer in the `answer` column. */
  answer: (p: { date: string; score: number }) => `${p.date} score ${p.score}`,
  /** A deal row: its creation date, title and the stage it ends at (a token, said as a stage by each language). */
  deal: (p: { created: string; title: string; stage: string }) => `${p.created} ${p.title} → ${p.stage}`,
  /** One stage a stored deal moves on to, in `dealMoved`'s list: `won 2026-03-09`. */
  dealStep: (p: { stage: string; date: string }) => `${p.stage} ${p.date}`,
  /** What a matched client gets from a row: `source=Instagram, +email maria@example.ru, +tag VIP`. */
  changes: {
    fill: (p: { field: string; value: string }) => `${p.field}=${p.value}`,
    phone: (p: { phone: string }) => `+phone ${p.phone}`,
    email: (p: { email: string }) => `+email ${p.email}`,
    tag: (p: { tag: string }) => `+tag ${p.tag}`,
  },
  /**
   * Where a deals file's stage names went, said under its rows: each name with the stage it went to and its deals
   * counted (`'Сделка успешна' → won (2 deals)`), and the names nobody placed.
   */
  stages: {
    placed: (p: { stages: string }) => `stages: ${p.stages}`,
    place: (p: { name: string; stage: string; chosen: boolean; deals: string }) =>
      `'${p.name}' → ${p.stage}${p.chosen ? ' (--stage)' : ''} (${p.deals})`,
    unknown: (p: { names: string; first: string }) =>
      `unknown stages, imported as open leads: ${p.names}; place each with --stage "${p.first}=won|lost|junk|lead|qualified|deal" (--save-profile keeps it)`,
    unknownName: (p: { name: string; deals: string }) => `'${p.name}' (${p.deals})`,
  },
  /** Deals whose amounts are in another currency than the database's: `USD (2 deals)`. */
  otherCurrencies: (p: { found: string; database: string }) =>
    `warning: amounts in ${p.found}, not the database's currency ${p.database}: kept as written, not converted`,
  currencyDeals: (p: { currency: string; deals: string }) => `${p.currency} (${p.deals})`,
  /** Why an import listed a client it created as a possible duplicate of a stored one (domain/matching.ts). */
  duplicates: {
    sameName: 'same name, different phone or e-mail',
    sameNameStart: 'same surname and first name',
    sharedContact: 'same phone or e-mail, another name',
    samePhone: 'the same phone number, read again in the region',
  } as Record<string, string>,
  /** The exports of other CRMs crm recognises by their headers (importers/crm-layouts.ts), by their English names. */
  layouts: {
    'amoCRM leads export': 'amoCRM leads export',
    'Bitrix24 deals export': 'Bitrix24 deals export',
    'Bitrix24 companies export': 'Bitrix24 companies export',
    'Bitrix24 contacts export': 'Bitrix24 contacts export',
  } as Record<string, string>,
};
