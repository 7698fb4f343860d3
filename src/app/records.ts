import { type Client, type ClientDraft, normaliseEmail } from '../domain/client.js';
import { checkMove, OPEN_STAGES, parseStage, type StageEntry } from '../domain/deal.js';
import { ClientIndex, matchClient } from '../domain/matching.js';
import { normalisePhone } from '../domain/phone.js';
import { isDetractor, parseAmountArgument, parseDateArgument, parseScoreArgument } from '../domain/records.js';
import type { Deal, NpsAnswer, Visit } from '../domain/stored-records.js';
import { InputError, NotFoundError } from '../errors.js';
import { m } from '../i18n/index.js';
import type { DealFilter, NewVisit, NpsFilter, Store, StoreAccess, VisitFilter } from '../store/store.js';
import { type ChooseClient, resolveClient } from './clients.js';
import { regionIn, today } from './context.js';

/** A stored client, or one to create in the same transaction as the record. */
type ClientChoice = { client: Client } | { draft: ClientDraft };

/**
 * The client a record is for. With `createNew` the argument names a new client (a phone, an e-mail or a name);
 * it is refused when that client is already stored, so that a typo cannot split one client in two. May prompt, so
 * it runs before the write transaction opens.
 */
export async function chooseClient(
  store: StoreAccess,
  query: string,
  createNew: boolean,
  choose: ChooseClient | undefined,
): Promise<ClientChoice> {
  if (!createNew) return { client: await resolveClient(store, query, choose, false) };
  const text = query.trim();
  const region = await regionIn(store);
  const phone = /^[+\d\s()-]{6,}$/.test(text) ? normalisePhone(text, region) : undefined;
  const draft: ClientDraft = {
    name: phone || text.includes('@') ? '' : text,
    phones: phone ? [{ value: phone.value, raw: phone.raw, label: null, valid: phone.valid }] : [],
    emails: text.includes('@') ? [normaliseEmail(text)] : [],
    source: null,
    tags: [],
    birthday: null,
    note: null,
    extra: {},
    created: today(),
  };
  if (!draft.name && draft.phones.length === 0 && draft.emails.length === 0)
    throw new InputError(m.errors.records.newNeedsClient);
  const index = new ClientIndex();
  for (const client of await store.clients.load()) index.add(client.id, client);
  const match = matchClient(index, draft);
  if (match.kind === 'match') {
    const by = m.errors.client.matchedBy[match.by] ?? match.by;
    throw new InputError(m.errors.records.alreadyClient({ query, id: match.id, name: index.get(match.id)!.name, by }));
  }
  return { draft };
}

/** Inside the write transaction: the chosen client, created now if it is new. */
async function clientOf(tx: StoreAccess, choice: ClientChoice): Promise<Client> {
  return 'client' in choice ? choice.client : (await tx.clients.get(await tx.clients.insert(choice.draft)))!;
}

export interface VisitInput {
  client: string;
  amount: string;
  date?: string;
  service?: string;
  note?: string;
  createNew?: boolean;
}

export async function addVisit(
  store: Store,
  input: VisitInput,
  choose: ChooseClient | undefined,
): Promise<{ visit: Visit; client: Client }> {
  const amount = parseAmountArgument(input.amount);
  const date = input.date ? parseDateArgument(input.date, today()) : today();
  const choice = await chooseClient(store, input.client, input.createNew ?? false, choose);
  return store.write(async (tx) => {
    const client = await clientOf(tx, choice);
    const id = await tx.visits.insert({
      client_id: client.id,
      date,
      amount,
      service: input.service?.trim() || null,
      note: input.note?.trim() || null,
      extra: {},
    });
    return { visit: (await tx.visits.get(id))!, client };
  });
}

export async function requireVisit(store: StoreAccess, id: number): Promise<Visit> {
  const visit = await store.visits.get(id);
  if (!visit) throw new NotFoundError(m.errors.records.noVisit({ id }));
  return visit;
}

export interface VisitEdits {
  client?: string;
  amount?: string;
  date?: string;
  service?: string;
  note?: string;
}

export async function editVisit(
  store: Store,
  id: number,
  edits: VisitEdits,
  choose: ChooseClient | undefined,
): Promise<Visit> {
  await requireVisit(store, id);
  const fields: Partial<Omit<NewVisit, 'extra'>> = {};
  if (edits.amount !== undefined) fields.amount = parseAmountArgument(edits.amount);
  if (edits.date !== undefined) fields.date = parseDateArgument(edits.date, today());
  if (edits.service !== undefined) fields.service = edits.service.trim() || null;
  if (edits.note !== undefined) fields.note = edits.note.trim() || null;
  if (edits.client !== undefined) fields.client_id = (await resolveClient(store, edits.client, choose, false)).id;
  if (Object.keys(fields).length === 0) throw new InputError(m.errors.records.nothingToChange);
  // Checked again holding the write lock: the visit may have been removed while the client was being chosen.
  return store.write(async (tx) => {
    await requireVisit(tx, id);
    await tx.visits.update(id, fields);
    return requireVisit(tx, id);
  });
}

export function removeVisit(store: Store, id: number): Promise<Visit> {
  return store.write(async (tx) => {
    const visit = await requireVisit(tx, id);
    await tx.visits.delete(id);
    return visit;
  });
}

export async function clientNames(store: StoreAccess, ids: Array<number | null>): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  return new Map(
    (await store.clients.load(wanted)).map((c) => [c.id, c.name || c.phones[0]?.raw || c.emails[0]?.value || '']),
  );
}

export async function findVisits(
  store: StoreAccess,
  filter: VisitFilter,
): Promise<{ visits: Visit[]; names: Map<number, string> }> {
  const visits = await store.visits.list(filter);
  return {
    visits,
    names: await clientNames(
      store,
      visits.map((v) => v.client_id),
    ),
  };
}

export interface DealInput {
  client: string;
  title: string;
  amount?: string;
  source?: string;
  date?: string;
  createNew?: boolean;
}

export async function addDeal(
  store: Store,
  input: DealInput,
  choose: ChooseClient | undefined,
): Promise<{ deal: Deal; client: Client }> {
  const title = input.title.trim();
  if (!title) throw new InputError(m.errors.records.dealNeedsTitle);
  const amount = input.amount !== undefined ? parseAmountArgument(input.amount) : null;
  const created = input.date ? parseDateArgument(input.date, today()) : today();
  const choice = await chooseClient(store, input.client, input.createNew ?? false, choose);
  return store.write(async (tx) => {
    const client = await clientOf(tx, choice);
    const id = await tx.deals.insert(
      {
        client_id: client.id,
        title,
        amount,
        source: input.source?.trim() || client.source,
        created,
        note: null,
        extra: {},
      },
      [{ stage: 'lead', date: created, reason: null }],
    );
    return { deal: (await tx.deals.get(id))!, client };
  });
}

export async function requireDeal(store: StoreAccess, id: number): Promise<Deal> {
  const deal = await store.deals.get(id);
  if (!deal) throw new NotFoundError(m.errors.records.noDeal({ id }));
  return deal;
}

export interface MoveInput {
  stage: string;
  date?: string;
  reason?: string;
  amount?: string;
}

/** Moves a deal one step; winning needs an amount, since a won deal is a purchase of that amount on the won date. */
export async function moveDealTo(store: Store, id: number, input: MoveInput): Promise<Deal> {
  const stage = parseStage(input.stage);
  const date = input.date ? parseDateArgument(input.date, today()) : today();
  const reason = input.reason?.trim() || null;
  const amount = input.amount !== undefined ? parseAmountArgument(input.amount) : null;
  const entry: StageEntry = { stage, date, reason: stage === 'lost' ? reason : null };
  // The history is read and checked holding the write lock: two moves at once run one after the other, and the
  // second is checked against the first's stage, never both against the same stale one.
  return store.write(async (tx) => {
    const deal = await requireDeal(tx, id);
    checkMove(id, deal.history, stage, date, reason);
    if (stage === 'won' && amount === null && deal.amount === null) {
      throw new InputError(m.errors.records.wonNeedsAmount({ id }));
    }
    await tx.deals.move(id, entry, amount);
    return requireDeal(tx, id);
  });
}

export async function findDeals(
  store: StoreAccess,
  filter: DealFilter,
): Promise<{ deals: Deal[]; names: Map<number, string> }> {
  const deals = await store.deals.list(filter);
  return {
    deals,
    names: await clientNames(
      store,
      deals.map((d) => d.client_id),
    ),
  };
}

export function isOpen(deal: Deal): boolean {
  return OPEN_STAGES.includes(deal.stage);
}

export interface NpsInput {
  client: string;
  score: string;
  improve?: string;
  liked?: string;
  date?: string;
  createNew?: boolean;
}

export async function addNps(
  store: Store,
  input: NpsInput,
  choose: ChooseClient | undefined,
): Promise<{ answer: NpsAnswer; client: Client; detractor: boolean }> {
  const score = parseScoreArgument(input.score);
  const date = input.date ? parseDateArgument(input.date, today()) : today();
  const choice = await chooseClient(store, input.client, input.createNew ?? false, choose);
  return store.write(async (tx) => {
    const client = await clientOf(tx, choice);
    const id = await tx.nps.insert({
      client_id: client.id,
      date,
      score,
      improve: input.improve?.trim() || null,
      liked: input.liked?.trim() || null,
      extra: {},
    });
    const answer = (await tx.nps.list({ clientId: client.id })).find((a) => a.id === id)!;
    return { answer, client, detractor: isDetractor(score) };
  });
}

export async function findNps(
  store: StoreAccess,
  filter: NpsFilter,
): Promise<{ answers: NpsAnswer[]; names: Map<number, string> }> {
  const answers = await store.nps.list(filter);
  return {
    answers,
    names: await clientNames(
      store,
      answers.map((a) => a.client_id),
    ),
  };
}
