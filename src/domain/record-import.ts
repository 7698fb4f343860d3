import { type Client, type ClientDraft, draftFromRecord, nameKey } from './client.js';
import { historyFromDates, STAGE_RANK, type Stage, type StageEntry, TRANSITIONS } from './deal.js';
import type { Detected, RecordFileRead, RowProblem, TypedRow } from './input.js';
import type { RecordKind } from './kinds.js';
import {
  type ClientIndex,
  type DuplicateReason,
  matchClient,
  type NameAlias,
  SAME_NAME,
  SHARED_CONTACT,
  storedClientIndex,
} from './matching.js';
import { currencyOfMark, formatMoney } from './money.js';
import { nameHash, namesClearlyDiffer } from './names.js';
import { type NormalisedPhone, normalisedSpelling, normalisePhone, PhoneCache, type PhoneNumbers } from './phone.js';
import type { RegionLearned } from './phones-read-again.js';
import { ALREADY_IMPORTED, NEW_CLIENT, NO_CLIENT, type RecordSummary, type RowNote } from './row-notes.js';
import { historyFromCurrentStage, type StageNameCount, StagePlacer } from './stage-names.js';

/** Negative client ids stand for clients the import creates (-1 is the first). */
export interface RecordPlanRow {
  line: number;
  action: 'create' | 'update' | 'duplicate' | 'reject';
  clientId: number | null;
  /** The column a rejected row failed on. */
  field?: string;
  /** What the row is, in a few words: `2026-01-22 Педикюр 2 200,00`. */
  summary: RecordSummary;
  details: RowNote[];
}

export interface PlannedVisit {
  clientId: number;
  date: string;
  amount: number;
  service: string | null;
  note: string | null;
  extra: Record<string, string>;
}

export interface PlannedDeal {
  clientId: number | null;
  title: string;
  amount: number | null;
  source: string | null;
  created: string;
  extra: Record<string, string>;
  history: StageEntry[];
}

export interface PlannedMove {
  dealId: number;
  entries: StageEntry[];
}

export interface PlannedAnswer {
  clientId: number;
  date: string;
  score: number;
  improve: string | null;
  liked: string | null;
  extra: Record<string, string>;
}

export interface RecordImportPlan<T> {
  rows: RecordPlanRow[];
  newClients: Map<number, ClientDraft>;
  /** Clients created beside stored ones their row's name could not tell apart (RowClients.possibleDuplicates). */
  possibleDuplicates: Array<{ clientId: number; others: number[]; reason?: DuplicateReason }>;
  inserts: T[];
  moves: PlannedMove[];
  counts: { read: number; created: number; updated: number; duplicate: number; rejected: number; new_clients: number };
  /** Deals of a file that gives each one's current stage by name: the names met and where their rows went. */
  stageNames?: StageNameCount[];
  /** Deals whose amount is in a currency other than the database's: kept as written, not converted. */
  otherCurrencies?: { database: string; found: Array<{ currency: string; rows: number }> };
  /** Visits added on a day their client already had a stored visit of another amount or service: corrections? */
  sameDayVisits?: number;
}

/** An amount in words and tables: `1 500,00`, grouped by a no-break space, so that wrapping never splits it. */
export function money(minor: number): string {
  return formatMoney(minor, { decimal: ',', thousands: '\u00a0' });
}

/** Finds (or creates, through `create`) the client of each row, the way a client import matches: phone, e-mail, name. */
export class RowClients {
  private readonly index: ClientIndex;
  /** Drafts of the clients created, by the id `create` gave them (kept only when the plan is written later). */
  readonly created = new Map<number, ClientDraft>();
  /** Names of the clients created, for the report (kept only with the drafts: a written import reads them back). */
  readonly createdNames = new Map<number, string>();
  /** How many clients were created. */
  createdCount = 0;
  /**
   * Clients created although the row's two words (`Иванова Мария`) start the names of stored clients (several of
   * them, or one whose phone or e-mail disagrees), with those clients: for `crm client merge` to list.
   */
  readonly possibleDuplicates: Array<{ clientId: number; others: number[]; reason?: DuplicateReason }> = [];
  /**
   * Rows name their client the same way again and again: the same name, phones and e-mails resolve to the same
   * client (matching is deterministic and the index only grows), so a journal's millionth row costs a map lookup.
   * Valid phones are keyed by their number, so that the spellings of one number share an entry; a row's own
   * warnings (an invalid phone, quoted as written) keep it keyed by its text. The value is the id alone when the
   * row needs no words: a million rows' worth of objects would not be.
   */
  private readonly resolved = new Map<string, number | { id: number | null; created: boolean; warnings: RowNote[] }>();
  /** By phone number id (PhoneNumbers.idOf): the first client with that number, once there is one. */
  private readonly clientByNumber: number[] = [];
  /**
   * By phone number id: the hash (nameHash) of the name its last row gave it, once that name was found to name the
   * number's first client and not someone else: the next rows of that client cost a hash of their name, no comparison.
   */
  private readonly agreedName: number[] = [];

  constructor(
    existing: Client[],
    private readonly region: string | undefined,
    private readonly today: string,
    private readonly create: (draft: ClientDraft) => number = refs(),
    private readonly keepDrafts = true,
    /**
     * The rows' phones as number ids: by default normalised here; a streamed journal's come numbered by the thread
     * that read them (NumberBook).
     */
    private readonly numbers: PhoneNumbers = new PhoneCache(region),
    aliases: readonly NameAlias[] = [],
  ) {
    this.index = storedClientIndex(existing, aliases, false);
  }

  /**
   * A phone of the row as the client rules normalise it, from its number id. `positions` finds the phone's place in a
   * row of many (a cell listing thousands): searching the row for each of its phones would take their square.
   */
  private normalise(row: TypedRow, raw: string, positions?: Map<string, number>): NormalisedPhone {
    const i = positions ? (positions.get(raw) ?? -1) : row.phones.indexOf(raw);
    if (i < 0) return normalisePhone(raw.trim(), this.region);
    const id = this.numbers.idOf(row, i);
    return normalisedSpelling(raw.trim(), id >= 0 ? this.numbers.numberOf(id) : undefined, this.region);
  }

  resolve(row: TypedRow): { id: number | null; created: boolean; warnings: RowNote[] } {
    const stored = this.storedByPhone(row);
    if (stored !== undefined) return { id: stored, created: false, warnings: NO_DETAILS };
    return this.resolveUnstored(row);
  }

  /**
   * The client of most rows of a journal, the one a phone of theirs already has (storedByPhone), found without
   * building anything; undefined for a row `resolve` must look at.
   */
  knownByPhone(row: TypedRow): number | undefined {
    return this.storedByPhone(row);
  }

  /** `resolve` for a row `knownByPhone` found nothing for. */
  resolveUnstored(row: TypedRow): { id: number | null; created: boolean; warnings: RowNote[] } {
    const identity = this.identity(row);
    const known = this.resolved.get(identity);
    if (typeof known === 'number') return { id: known, created: false, warnings: NO_DETAILS };
    if (known) return known;
    const { settled, ...found } = this.resolveAnew(row);
    // The next row of a client found (or created) by a valid phone is found by that phone again, uncached.
    if (!settled || (found.id !== null && this.storedByPhone(row) === found.id)) return found;
    if (this.resolved.size >= 200_000) this.resolved.clear();
    this.resolved.set(
      identity,
      found.id !== null && found.warnings.length === 0
        ? found.id
        : { id: found.id, created: false, warnings: found.warnings },
    );
    return found;
  }

  /**
   * The common row of a journal: valid phones and no e-mail, one of them already a client's. matchClient would
   * match it by that phone, and nothing about it needs words: no draft, no cache entry.
   */
  private storedByPhone(row: TypedRow): number | undefined {
    if (row.phones.length === 0 || row.emails.length > 0) return undefined;
    let found: number | undefined;
    let foundBy = -1;
    for (let i = 0; i < row.phones.length; i++) {
      const number = this.numbers.idOf(row, i);
      if (number < 0) return undefined;
      if (found === undefined) {
        found = this.firstWithNumber(number);
        foundBy = number;
      }
    }
    if (found === undefined) return undefined;
    const name = row.text.client;
    if (name === undefined) return found;
    const hash = row.nameHash ?? nameHash(name);
    if (this.agreedName[foundBy] === hash) return found;
    // A family's phone: the husband's row is not his wife's visit. Left to resolveAnew, which finds or makes his.
    if (this.namesSomeoneElse(found, name)) return undefined;
    this.agreedName[foundBy] = hash;
    return found;
  }

  /** Whether `name` clearly names someone other than the client `id` (names.ts), an alias of theirs aside. */
  private namesSomeoneElse(id: number, name: string): boolean {
    return namesClearlyDiffer(this.index.nameOf(id) ?? '', name) && !this.index.knownAs(id, name);
  }

  /** The index's first client with a number, by the number's id: an array read instead of a lookup by text. */
  private firstWithNumber(number: number): number | undefined {
    const known = this.clientByNumber[number];
    if (known !== undefined) return known;
    // A number's first client never changes once there is one (the index only grows): remembered from then on.
    const found = this.index.firstWithPhone(this.numbers.numberOf(number));
    if (found !== undefined) this.clientByNumber[number] = found;
    return found;
  }

  private identity(row: TypedRow): string {
    let numbers = '';
    for (let i = 0; i < row.phones.length; i++) {
      const number = this.numbers.idOf(row, i);
      if (number < 0)
        return `${row.text.client ?? ''}\u0001${row.phones.join('\u0002')}\u0001${row.emails.join('\u0002')}`;
      numbers += `\u0002${this.numbers.numberOf(number)}`;
    }
    return `${row.text.client ?? ''}\u0003${numbers}\u0001${row.emails.join('\u0002')}`;
  }

  /** The row's client, and whether the answer is `settled`: the same for the same row whatever clients come later. */
  private resolveAnew(row: TypedRow): { id: number | null; created: boolean; warnings: RowNote[]; settled: boolean } {
    const positions = row.phones.length > 8 ? firstPositions(row.phones) : undefined;
    const { draft, warnings } = draftFromRecord(
      {
        line: row.line,
        name: row.text.client,
        phones: row.phones.map((value) => ({ value })),
        emails: row.emails.map((value) => ({ value })),
        tags: [],
        extra: {},
      },
      this.region,
      this.today,
      (raw) => this.normalise(row, raw, positions),
    );
    if (!draft) return { id: null, created: false, warnings, settled: true };
    // Clients a phone or e-mail led to whose name the row's clearly tells apart: listed beside the one the row becomes.
    const namedApart: number[] = [];
    let match = matchClient(this.index, draft, false);
    // Matched again, refusing those, only when the first match is one: most rows' is not (and the refusing costs).
    if (
      match.kind === 'match' &&
      (match.by === 'phone' || match.by === 'email') &&
      this.namesSomeoneElse(match.id, draft.name)
    ) {
      match = matchClient(this.index, draft, false, (id, contact) => {
        if (contact === undefined || !this.namesSomeoneElse(id, draft.name)) return true;
        if (!namedApart.includes(id)) namedApart.push(id);
        return false;
      });
    }
    if (match.kind === 'match')
      return {
        id: match.id,
        created: false,
        warnings,
        // Found by the start of a stored name: a client created later under the row's very name would come first.
        settled: match.by !== 'surname and first name' && this.settled(draft, match.id),
      };
    // A client first seen in a journal became a client on the day of that record, not on import day. (The draft
    // is this row's own: set rather than copied, for a journal's hundred thousand new clients.)
    const client = draft;
    client.created = row.dates.date ?? row.dates.created ?? this.today;
    // One stored client of this very name with another phone: listed for crm client merge. A name of one word (a
    // journal's `Анна`) or one that many clients share says too little to pair them.
    const namesakes = match.kind === 'none' && /\S\s\S/.test(draft.name) ? this.index.namedExactly(draft.name) : [];
    const namesake = namesakes.length === 1 ? namesakes[0]! : undefined;
    const id = this.create(client);
    this.createdCount++;
    if (match.possibleDuplicates.length > 0)
      this.possibleDuplicates.push({ clientId: id, others: match.possibleDuplicates });
    if (namesake !== undefined && !match.possibleDuplicates.includes(namesake))
      this.possibleDuplicates.push({ clientId: id, others: [namesake], reason: SAME_NAME });
    const apart = namedApart.filter((other) => !match.possibleDuplicates.includes(other));
    if (apart.length > 0) this.possibleDuplicates.push({ clientId: id, others: apart, reason: SHARED_CONTACT });
    if (this.keepDrafts) {
      this.created.set(id, client);
      this.createdNames.set(id, displayName(client));
    }
    this.index.addNew(id, draft);
    return { id, created: true, warnings, settled: true };
  }

  /**
   * matchClient tries each phone, then each e-mail, then the name, and takes the first client any of them has. A
   * match on anything but the first contact tried can change: a client added later with that contact comes first.
   * (Matched on it, it cannot: the first client with a contact stays the first. A created client owns them all.)
   */
  private settled(draft: ClientDraft, id: number): boolean {
    const agrees = (candidate: number) => !draft.name || !this.namesSomeoneElse(candidate, draft.name);
    const [phone] = draft.phones;
    if (phone) return this.index.withPhone(phone.value).find(agrees) === id;
    const [email] = draft.emails;
    if (email) return this.index.withEmail(email.value).find(agrees) === id;
    return true;
  }
}

/** What a client created from a record is called in a report: its name, else its first phone or e-mail. */
function displayName(client: ClientDraft): string {
  return client.name || client.phones[0]?.raw || client.emails[0]?.value || '';
}

const ALREADY_IMPORTED_DETAILS: RowNote[] = [ALREADY_IMPORTED];
const NO_DETAILS: RowNote[] = [];

/** Negative ids for clients a dry run (or a plan written later) would create: -1, -2, ... */
export function refs(): (draft: ClientDraft) => number {
  let next = -1;
  return () => next--;
}

/** Counts occurrences of a key in the file, so that the n-th identical row matches the n-th stored record. */
class Occurrences {
  private readonly seen = new Map<string, number>();
  next(key: string): number {
    const n = (this.seen.get(key) ?? 0) + 1;
    this.seen.set(key, n);
    return n;
  }
}

export function rejectRow(problem: RowProblem): RecordPlanRow {
  return {
    line: problem.line,
    action: 'reject',
    clientId: null,
    field: problem.field,
    summary: '',
    details: [problem.reason],
  };
}

/** Counts every planned row and keeps those to show: all of them up to `limit`, or only the ones worth a look. */
export class PlanLog {
  readonly rows: RecordPlanRow[] = [];
  readonly counts = { read: 0, created: 0, updated: 0, duplicate: 0, rejected: 0, new_clients: 0 };
  /** Rows not kept because of the limit. */
  omitted = 0;

  constructor(
    private readonly keepAll: boolean,
    private readonly limit = Number.POSITIVE_INFINITY,
  ) {}

  /** The hot path of a big journal: the row (and its summary text) is only built when it is kept. */
  record<T>(
    action: RecordPlanRow['action'],
    line: number,
    clientId: number | null,
    details: RowNote[],
    summary: (of: T) => RecordSummary,
    of: T,
  ): void {
    if (this.keepAll && this.rows.length < this.limit) {
      this.add({ line, action, clientId, summary: summary(of), details });
      return;
    }
    if (
      !this.keepAll &&
      (action === 'reject' ||
        action === 'update' ||
        (action === 'create' && details.length > 0 && details.some((d) => d.code !== 'newClient')))
    ) {
      this.add({ line, action, clientId, summary: summary(of), details });
      return;
    }
    this.counts.read++;
    this.counts[
      ({ create: 'created', update: 'updated', duplicate: 'duplicate', reject: 'rejected' } as const)[action]
    ]++;
    if (this.keepAll) this.omitted++;
  }

  add(row: RecordPlanRow): void {
    this.counts.read++;
    this.counts[
      ({ create: 'created', update: 'updated', duplicate: 'duplicate', reject: 'rejected' } as const)[row.action]
    ]++;
    // A new client alone is counted in the summary; a warning (a phone that is no number) needs a person.
    const worthALook =
      row.action === 'reject' ||
      row.action === 'update' ||
      (row.action === 'create' && row.details.some((detail) => detail.code !== 'newClient'));
    if (!this.keepAll && !worthALook) return;
    if (this.rows.length < this.limit) this.rows.push(row);
    else this.omitted++;
  }
}

function finish<T>(log: PlanLog, clients: RowClients, inserts: T[], moves: PlannedMove[]): RecordImportPlan<T> {
  log.rows.sort((a, b) => a.line - b.line);
  log.counts.new_clients = clients.createdCount;
  return {
    rows: log.rows,
    newClients: clients.created,
    possibleDuplicates: clients.possibleDuplicates,
    inserts,
    moves,
    counts: log.counts,
  };
}

export interface PlanContext {
  existingClients: Client[];
  aliases?: readonly NameAlias[];
  region: string | undefined;
  today: string;
  /** Deals: where the user placed stage names (`--stage "Замер=qualified"`), before the default names. */
  stages?: Readonly<Record<string, Stage>>;
  /** Deals: the database's currency (ISO 4217), to tell which amounts are in another. */
  currency?: string;
}

function clientOrReject(clients: RowClients, row: TypedRow, log: PlanLog, unstored = false) {
  const client = unstored ? clients.resolveUnstored(row) : clients.resolve(row);
  if (client.id === null) {
    log.add({
      line: row.line,
      action: 'reject',
      clientId: null,
      summary: '',
      details: [NO_CLIENT],
    });
    return undefined;
  }
  if (!client.created && client.warnings.length === 0) return { id: client.id, created: false, details: NO_DETAILS };
  const details = [...client.warnings];
  if (client.created) details.unshift(NEW_CLIENT);
  return { id: client.id, created: client.created, details };
}

/** What a visit is, in a few words (RecordPlanRow.summary). */
function visitSummary(visit: PlannedVisit): RecordSummary {
  // Runs of white space in the service as one space; the amount's no-break spaces stay.
  const service = (visit.service ?? '').replace(/[ \t\r\n]+/g, ' ').trim();
  return [visit.date, service, money(visit.amount)].filter(Boolean).join(' ');
}

/**
 * Visits, one row at a time, so that a journal of millions of rows streams through: a row already imported is
 * recognised by client, date, amount and service (the n-th identical row of the file matches the n-th stored
 * visit); the others go to `insert` at once.
 */
export class VisitPlanner {
  private readonly occurrences = new Occurrences();
  /** Visits added on a day their client already had a stored visit of another content (sameDayVisit). */
  sameDayVisits = 0;

  /**
   * `storedOnDay`: how many visits a client has stored on a day; asked only of a row whose content none of them has
   * (a corrected amount, a renamed service), never of a new client's.
   */
  constructor(
    readonly clients: RowClients,
    readonly log: PlanLog,
    private readonly storedCount: (clientId: number, date: string, amount: number, service: string | null) => number,
    private readonly insert: (visit: PlannedVisit) => void,
    private readonly storedOnDay: (clientId: number, date: string) => number = () => 0,
  ) {}

  reject(problem: RowProblem): void {
    this.log.add(rejectRow(problem));
  }

  add(row: TypedRow): void {
    // Most rows of a journal: a client found by phone, with nothing to say about it (no objects made for the match).
    const known = this.clients.knownByPhone(row);
    let clientId: number;
    let created = false;
    let details = NO_DETAILS;
    if (known !== undefined) clientId = known;
    else {
      const client = clientOrReject(this.clients, row, this.log, true);
      if (!client) return;
      ({ id: clientId, created, details } = client);
    }
    const visit: PlannedVisit = {
      clientId,
      date: row.dates.date!,
      amount: row.money.amount!,
      service: row.text.service ?? null,
      note: row.text.note ?? null,
      extra: row.extra,
    };
    // Occurrences are counted only for rows that have stored twins: a fresh journal of a million rows keeps no map.
    const stored =
      visit.clientId > 0 && !created ? this.storedCount(visit.clientId, visit.date, visit.amount, visit.service) : 0;
    const key =
      stored > 0
        ? `${visit.clientId}\u0000${visit.date}\u0000${visit.amount}\u0000${nameKey(visit.service ?? '')}`
        : '';
    if (stored > 0 && this.occurrences.next(key) <= stored) {
      this.log.record('duplicate', row.line, visit.clientId, ALREADY_IMPORTED_DETAILS, visitSummary, visit);
      return;
    }
    this.insert(visit);
    // Two visits a day are real, so the row is imported; but a corrected row imported again looks the same.
    if (stored === 0 && visit.clientId > 0 && !created && this.storedOnDay(visit.clientId, visit.date) > 0) {
      this.sameDayVisits++;
      details = [...details, { code: 'sameDayVisit', client: visit.clientId, date: visit.date }];
    }
    this.log.record('create', row.line, visit.clientId, details, visitSummary, visit);
  }
}

/** The clients of a deals or NPS file: found among the stored ones and their aliases, new ones numbered from -1. */
function rowClientsOf(context: PlanContext): RowClients {
  return new RowClients(
    context.existingClients,
    context.region,
    context.today,
    refs(),
    true,
    new PhoneCache(context.region),
    context.aliases,
  );
}

/** NPS answers: a row already imported is recognised by client, date and score. */
export function planNpsImport(
  read: RecordFileRead,
  context: PlanContext,
  storedCounts: (clientId: number, date: string, score: number) => number,
): RecordImportPlan<PlannedAnswer> {
  const clients = rowClientsOf(context);
  const log = new PlanLog(true);
  for (const problem of read.problems) log.add(rejectRow(problem));
  const inserts: PlannedAnswer[] = [];
  const occurrences = new Occurrences();
  for (const row of read.rows) {
    const client = clientOrReject(clients, row, log);
    if (!client) continue;
    const answer: PlannedAnswer = {
      clientId: client.id,
      date: row.dates.date!,
      score: row.score!,
      improve: row.text.improve ?? null,
      liked: row.text.liked ?? null,
      extra: row.extra,
    };
    const summary: RecordSummary = { code: 'answer', date: answer.date, score: answer.score };
    const nth = occurrences.next(`${answer.clientId}\u0000${answer.date}\u0000${answer.score}`);
    if (answer.clientId > 0 && nth <= storedCounts(answer.clientId, answer.date, answer.score)) {
      log.add({
        line: row.line,
        action: 'duplicate',
        clientId: answer.clientId,
        summary,
        details: [ALREADY_IMPORTED],
      });
      continue;
    }
    inserts.push(answer);
    log.add({ line: row.line, action: 'create', clientId: answer.clientId, summary, details: client.details });
  }
  return finish(log, clients, inserts, []);
}

export interface StoredDeal {
  id: number;
  client_id: number | null;
  created: string;
  title: string;
  history: StageEntry[];
}

export function dealKey(clientId: number | null, created: string, title: string): string {
  return `${clientId ?? ''}\u0000${created}\u0000${nameKey(title)}`;
}

/**
 * Stages the file has reached beyond what is stored, when the stored deal can still make those moves; else why not.
 * A deal moved on in crm further than the file says is left alone.
 */
function newStages(stored: StageEntry[], incoming: StageEntry[]): { entries: StageEntry[]; conflict?: RowNote } {
  const have = new Set(stored.map((e) => e.stage));
  const fresh = incoming.filter((e) => !have.has(e.stage));
  if (fresh.length === 0) return { entries: [] };
  let current = stored[stored.length - 1]!;
  for (const entry of fresh) {
    const reachable =
      TRANSITIONS[current.stage].includes(entry.stage) ||
      (STAGE_RANK[entry.stage] > STAGE_RANK[current.stage] && STAGE_RANK[current.stage] >= 0);
    if (!reachable || entry.date < current.date) {
      return {
        entries: [],
        conflict: {
          code: 'stageConflict',
          stored: current.stage,
          since: current.date,
          incoming: entry.stage,
          on: entry.date,
        },
      };
    }
    current = entry;
  }
  return { entries: fresh };
}

const STAGE_DATES = ['qualified', 'deal', 'won', 'lost', 'junk'] as const;

/**
 * A deal's stage history from its row: its stage dates when it has any; else, when it names its current stage (a
 * CRM's export), that stage placed by name and dated by the closing date; else a lead. A stage name nobody placed
 * makes an open lead, said in `details`.
 */
function rowHistory(row: TypedRow, placer: StagePlacer, details: RowNote[]) {
  const created = row.dates.created!;
  const reason = row.text.reason ?? null;
  const name = row.text.stage;
  if (name === undefined || STAGE_DATES.some((stage) => row.dates[stage])) {
    return historyFromDates(created, row.dates, reason);
  }
  const stage = placer.place(name);
  if (stage === null) details.push({ code: 'unknownStage', name });
  return historyFromCurrentStage(created, stage ?? 'lead', row.dates.closed, reason);
}

/** The deal's row with its company as the client, when it names no person: a company is a client too. */
function withCompanyAsClient(row: TypedRow): TypedRow {
  return row.text.client || !row.text.company ? row : { ...row, text: { ...row.text, client: row.text.company } };
}

/**
 * Stored clients by their first and last words, for the three-word names: Bitrix24 names a deal's contact by its
 * site's name format, `Мария Иванова`, where its contacts export gave `Мария Петровна Иванова`. (`Иванова Мария`
 * already finds `Иванова Мария Петровна`: see matchClient.)
 */
class NamesWithoutMiddle {
  private readonly stored = new Set<string>();
  private readonly byEnds = new Map<string, Client[]>();

  constructor(clients: readonly Client[]) {
    for (const client of clients) {
      const key = nameKey(client.name);
      this.stored.add(key);
      const words = key.split(' ');
      if (words.length !== 3) continue;
      const ends = endsKey(words[0]!, words[2]!);
      this.byEnds.set(ends, [...(this.byEnds.get(ends) ?? []), client]);
    }
  }

  /**
   * The one stored client a row naming its client by two words alone (no phone, no e-mail) means, when no stored
   * client has the row's very name.
   */
  find(row: TypedRow): Client | undefined {
    const name = row.text.client;
    if (!name || row.phones.length || row.emails.length) return undefined;
    const key = nameKey(name);
    const words = key.split(' ');
    if (words.length !== 2 || this.stored.has(key)) return undefined;
    const found = this.byEnds.get(endsKey(words[0]!, words[1]!));
    return found?.length === 1 ? found[0] : undefined;
  }
}

function endsKey(a: string, b: string): string {
  return a < b ? `${a} ${b}` : `${b} ${a}`;
}

/**
 * Deals: a row already imported is recognised by client, creation date and title; new stage dates move it on. A row
 * may give its current stage by name instead of stage dates (see `rowHistory`), its amount a currency of its own.
 */
export function planDealImport(
  read: RecordFileRead,
  context: PlanContext,
  stored: StoredDeal[],
): RecordImportPlan<PlannedDeal> {
  const clients = rowClientsOf(context);
  const log = new PlanLog(true);
  for (const problem of read.problems) log.add(rejectRow(problem));
  const inserts: PlannedDeal[] = [];
  const moves: PlannedMove[] = [];
  const storedByKey = new Map<string, StoredDeal[]>();
  for (const deal of stored) {
    const key = dealKey(deal.client_id, deal.created, deal.title);
    storedByKey.set(key, [...(storedByKey.get(key) ?? []), deal]);
  }
  const placer = new StagePlacer(context.stages);
  const otherCurrencies = new Map<string, number>();
  const withoutMiddle = new NamesWithoutMiddle(context.existingClients);
  const occurrences = new Occurrences();
  for (const fileRow of read.rows) {
    let row = withCompanyAsClient(fileRow);
    const named = row.text.client;
    const known = withoutMiddle.find(row);
    if (known) row = { ...row, text: { ...row.text, client: known.name } };
    const hasIdentity = row.text.client || row.phones.length || row.emails.length;
    const client = hasIdentity
      ? clientOrReject(clients, row, log)
      : { id: null, details: [{ code: 'leadWithoutClient' } satisfies RowNote] };
    if (!client) continue;
    const created = row.dates.created!;
    const title = row.text.title ?? '';
    const details = [...client.details];
    if (known) details.push({ code: 'clientReadAs', named: named!, known: known.name });
    const { history, problem } = rowHistory(row, placer, details);
    if (problem) {
      log.add({ line: row.line, action: 'reject', clientId: null, summary: '', details: [problem] });
      continue;
    }
    const currency = amountCurrency(row, read.detected.amountCurrency);
    if (currency && context.currency && currency !== context.currency.toUpperCase())
      otherCurrencies.set(currency, (otherCurrencies.get(currency) ?? 0) + 1);
    const current = history[history.length - 1]!;
    const summary: RecordSummary = { code: 'deal', created, title, stage: current.stage };
    const key = dealKey(client.id, created, title);
    const nth = occurrences.next(key);
    const match = client.id === null || client.id > 0 ? storedByKey.get(key)?.[nth - 1] : undefined;
    if (!match) {
      inserts.push({
        clientId: client.id,
        title,
        amount: row.money.amount ?? null,
        source: row.text.source ?? null,
        created,
        extra: row.extra,
        history,
      });
      log.add({ line: row.line, action: 'create', clientId: client.id, summary, details });
      continue;
    }
    const { entries, conflict } = newStages(match.history, history);
    if (entries.length === 0) {
      log.add({
        line: row.line,
        action: 'duplicate',
        clientId: client.id,
        summary,
        details: [conflict ?? ALREADY_IMPORTED],
      });
      continue;
    }
    moves.push({ dealId: match.id, entries });
    log.add({
      line: row.line,
      action: 'update',
      clientId: client.id,
      summary,
      details: [{ code: 'dealMoved', id: match.id, moves: entries.map((e) => ({ stage: e.stage, date: e.date })) }],
    });
  }
  const names = placer.names();
  return {
    ...finish(log, clients, inserts, moves),
    ...(names.length ? { stageNames: names } : {}),
    ...(otherCurrencies.size && context.currency
      ? {
          otherCurrencies: {
            database: context.currency.toUpperCase(),
            found: [...otherCurrencies].map(([currency, rows]) => ({ currency, rows })),
          },
        }
      : {}),
  };
}

/** The currency of a row's amount: its currency column's (`USD`, `руб.`), else the amount header's; none without an amount. */
function amountCurrency(row: TypedRow, headerCurrency: string | undefined): string | undefined {
  if (row.money.amount === undefined) return undefined;
  const written = row.text.currency?.trim();
  return written ? currencyOfMark(written) : headerCurrency;
}

/** Where each value first stands in `values`. */
function firstPositions(values: readonly string[]): Map<string, number> {
  const positions = new Map<string, number>();
  for (let i = 0; i < values.length; i++) if (!positions.has(values[i]!)) positions.set(values[i]!, i);
  return positions;
}

/** What `crm import visits|deals|nps` did (or, in a dry run, would do). */
export interface RecordImportReport {
  kind: RecordKind;
  file: string;
  detected: Detected;
  plan: RecordImportPlan<PlannedVisit | PlannedDeal | PlannedAnswer>;
  /** Client names by id; negative ids are clients a dry run would create. */
  clientNames: Map<number, string>;
  createdClientIds: Map<number, number>;
  batchId: number | null;
  rejectsFile: string | null;
  dryRun: boolean;
  /** Rows counted but not kept for display (a journal of a million rows). */
  omittedRows: number;
  seconds: number;
  /** The region the import read phones in, stored as the database's since it had none. */
  regionLearned?: RegionLearned;
}
