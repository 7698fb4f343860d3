/**
 * Listings of clients, visits, deals, NPS answers, imports and possible duplicates, and the client and deal
 * cards: column labels and the words around the figures. CSV keeps its own headers (`Column.header`).
 */
export const records = {
  columns: {
    id: 'id',
    name: 'name',
    phone: 'phone',
    email: 'email',
    source: 'source',
    tags: 'tags',
    date: 'date',
    client: 'client',
    service: 'service',
    amount: 'amount',
    note: 'note',
    created: 'created',
    title: 'title',
    stage: 'stage',
    days: 'days',
    reason: 'reason',
    score: 'score',
    improve: 'what to improve',
    liked: 'what they liked',
    field: 'field',
    value: 'value',
    batch: '#',
    kind: 'kind',
    file: 'file',
    when: 'when',
    status: 'status',
    updated: 'updated',
    duplicates: 'duplicates',
    rejected: 'rejected',
    undone: 'undone',
    possibleDuplicateOf: 'possible duplicate of',
    why: 'why',
    toMerge: 'to merge them',
    settings: 'settings',
    saved: 'saved',
  },
  /** What a table with no rows prints. */
  none: '(none)',
  /** Under a terminal table too wide for the screen, the columns left out because nothing is in them. */
  emptyColumnsLeftOut: (p: { columns: string }) => `(left out, nothing in them: ${p.columns})`,
  /** A deal's stage in a table or a sentence; JSON, CSV and what a person types keep the token (`won`). */
  stages: { lead: 'lead', qualified: 'qualified', deal: 'deal', won: 'won', lost: 'lost', junk: 'junk' },
  /** What an import read (`crm import list`); JSON and CSV keep the token. */
  kinds: { clients: 'clients', visits: 'visits', deals: 'deals', nps: 'nps' },
  /** Where an import stands (`crm import list`): still writing (or stopped mid-way), or done. */
  statuses: { running: 'running', done: 'done' },
  /** An import undone (`crm import undo`), in the status column: its number stays taken, and this says why. */
  undoneOn: (p: { date: string }) => `undone ${p.date}`,
  archived: (p: { name: string }) => `${p.name} (archived)`,
  visitsInAll: (p: { visits: string; total: string }) => `${p.visits}, ${p.total} in all`,
  lostBecause: (p: { reason: string }) => `lost: ${p.reason}`,
  detractorScore: (p: { score: number }) => `${p.score} (detractor)`,
  dealTitle: (p: {
    id: number;
    title: string;
    stage: string;
    amount: string;
    client: string;
    source: string;
    days: string;
    closed: boolean;
  }) =>
    `deal #${p.id} ${p.title}: ${p.stage}${p.amount ? `, ${p.amount}` : ''}; client ${p.client}${p.source ? `, source ${p.source}` : ''}; ${p.days} ${p.closed ? 'to close' : 'open'}`,
  noDuplicates:
    'no possible duplicates: an import lists here the clients it could not tell apart (same name, or a shared phone with another name)',
  mergeHint: 'crm client merge KEEP OTHER keeps the first and moves everything of the second into it',
  card: {
    id: 'id',
    name: 'name',
    phone: 'phone',
    phoneNumbered: (p: { n: number }) => `phone ${p.n}`,
    notValid: (p: { raw: string }) => `${p.raw} (not a valid number)`,
    writtenAs: (p: { raw: string }) => ` (written ${p.raw})`,
    email: 'email',
    emailNumbered: (p: { n: number }) => `email ${p.n}`,
    source: 'source',
    tags: 'tags',
    birthday: 'birthday',
    note: 'note',
    added: 'added',
    archived: 'archived',
    yes: 'yes',
    visits: 'visits',
    visitsValue: (p: { visits: number; purchases: string }) => `${p.visits} (${p.purchases})`,
    revenueIn: (p: { year: string }) => `revenue ${p.year}`,
    revenueLifetime: 'revenue, lifetime',
    firstVisit: 'first visit',
    lastVisit: 'last visit',
    usualGap: 'usual gap',
    /** When crm due expects the client next (the last purchase + the median gap between purchase days). */
    expectedVisit: 'expected next visit',
    favouriteServices: 'favourite services',
    openDeal: (p: { id: number }) => `open deal #${p.id}`,
    openDealValue: (p: { title: string; stage: string; since: string; amount: string }) =>
      `${p.title}: ${p.stage} since ${p.since}${p.amount ? `, ${p.amount}` : ''}`,
    nps: (p: { date: string }) => `NPS ${p.date}`,
    npsValue: (p: { score: number; detractor: boolean; improve: string; liked: string }) =>
      `${p.score}${p.detractor ? ' (detractor)' : ''}${p.improve ? `; improve: ${p.improve}` : ''}${p.liked ? `; liked: ${p.liked}` : ''}`,
    lastVisits: (p: { visits: string }) => `last ${p.visits}:`,
    /**
     * A value a merge kept aside, stored under `name (from #41)` in the client's extra fields: `field` is the
     * client field's label here, or the extra key as it is.
     */
    keptAside: (p: { field: string; id: number }) => `${p.field} (from #${p.id})`,
    /**
     * A vCard property kept as an extra field (`NICKNAME`, `ADR (home)`), by its name, as the card shows it: the key
     * itself stays as the card came, so that an export writes it back.
     */
    vcardFields: {
      NICKNAME: 'nickname',
      ORG: 'organisation',
      TITLE: 'job title',
      ROLE: 'role',
      ADR: 'address',
      URL: 'website',
      BDAY: 'birthday (no year)',
      ANNIVERSARY: 'anniversary',
      IMPP: 'messenger',
    } as Record<string, string>,
    /**
     * A phone's or e-mail's label as the card shows it, by the label in lower case: the types vCard, Google, Outlook,
     * Bitrix24 and amoCRM write (`cell`, `Mobile`, `work`). A label not here is shown as the file wrote it.
     */
    contactLabels: {
      cell: 'mobile',
      mobile: 'mobile',
      iphone: 'iPhone',
      work: 'work',
      business: 'work',
      home: 'home',
      personal: 'personal',
      main: 'main',
      primary: 'main',
      voice: 'voice',
      other: 'other',
      fax: 'fax',
      'work fax': 'work fax',
      'home fax': 'home fax',
      pager: 'pager',
      car: 'car',
      mailing: 'mailing',
    } as Record<string, string>,
  },
};
