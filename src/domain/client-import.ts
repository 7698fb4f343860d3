import { type Client, type ClientDraft, draftFromRecord } from './client.js';
import type { ClientRecord, RowProblem } from './input.js';
import {
  applyChanges,
  type ClientChanges,
  type Conflict,
  hasChanges,
  matchClient,
  type NameAlias,
  planMerge,
  storedClientIndex,
} from './matching.js';
import { namesClearlyDiffer } from './names.js';
import { PhoneCache } from './phone.js';
import type { RowNote } from './row-notes.js';

interface PlannedBase {
  line: number;
  warnings: RowNote[];
}

/** Client ids below zero stand for clients this import creates (-1 is the first). */
export type PlannedRow =
  | (PlannedBase & { action: 'create'; ref: number; draft: ClientDraft; possibleDuplicates: number[] })
  | (PlannedBase & {
      action: 'update';
      target: number;
      by: string;
      changes: ClientChanges;
      conflicts: Conflict[];
    })
  | (PlannedBase & { action: 'duplicate'; target: number; by: string; conflicts: Conflict[] })
  | (PlannedBase & {
      action: 'reject';
      field?: string;
      reason: RowNote;
      /** The vCard's card the refused line is of: a card refused for several of its lines is one record refused. */
      card?: readonly string[];
      /** More refused lines of the card than are listed (RowProblem). */
      moreInCard?: number;
    });

export interface ClientImportPlan {
  rows: PlannedRow[];
  /** Final content of each client to create, after later rows of the same file were merged into it. */
  /** `sharingContacts`: those of `possibleDuplicates` that have a phone or e-mail of the row under another name. */
  creates: Map<number, ClientDraft & { possibleDuplicates: number[]; sharingContacts: number[] }>;
  /** Accumulated changes per stored client. */
  updates: Map<number, ClientChanges>;
  counts: { read: number; created: number; updated: number; duplicate: number; rejected: number };
}

function mergeChanges(a: ClientChanges | undefined, b: ClientChanges): ClientChanges {
  if (!a) return b;
  return {
    fill: { ...b.fill, ...a.fill },
    addPhones: [...a.addPhones, ...b.addPhones.filter((p) => !a.addPhones.some((q) => q.value === p.value))],
    addEmails: [...a.addEmails, ...b.addEmails.filter((e) => !a.addEmails.some((q) => q.value === e.value))],
    addTags: [...a.addTags, ...b.addTags.filter((t) => !a.addTags.includes(t))],
    addExtra: { ...b.addExtra, ...a.addExtra },
  };
}

/**
 * Decides, row by row, what importing `records` into a store holding `existing` would do. Pure: the same plan
 * drives `--dry-run` and the real write, so what the dry run shows is what happens.
 */
export function planClientImport(
  records: ClientRecord[],
  readProblems: RowProblem[],
  existing: Client[],
  region: string | undefined,
  today: string,
  aliases: readonly NameAlias[] = [],
): ClientImportPlan {
  const index = storedClientIndex(existing, aliases);
  const rows: PlannedRow[] = readProblems.map((p) => ({
    line: p.line,
    action: 'reject',
    field: p.field,
    reason: p.reason,
    warnings: [],
    ...(p.card ? { card: p.card } : {}),
    ...(p.moreInCard ? { moreInCard: p.moreInCard } : {}),
  }));
  const creates = new Map<number, ClientDraft & { possibleDuplicates: number[]; sharingContacts: number[] }>();
  const updates = new Map<number, ClientChanges>();
  let nextRef = -1;
  /** Which of the file's ids (`ClientRecord.fileId`) took each client: a row of another id never merges into it. */
  const claims = new Map<number, string>();

  // Each region's phones read through a cache of its own: a list of a hundred thousand clients parsed each number
  // with libphonenumber, a fifth of its import.
  const phoneCaches = new Map<string | undefined, PhoneCache>();
  const phonesIn = (phoneRegion: string | undefined): PhoneCache => {
    let cache = phoneCaches.get(phoneRegion);
    if (cache === undefined) {
      cache = new PhoneCache(phoneRegion);
      phoneCaches.set(phoneRegion, cache);
    }
    return cache;
  };

  for (const record of records) {
    const phones = phonesIn(record.region ?? region);
    const { draft, problem, warnings } = draftFromRecord(record, region, today, (raw) => phones.normalise(raw));
    if (!draft) {
      rows.push({ line: record.line, action: 'reject', field: problem.field, reason: problem.reason, warnings });
      continue;
    }
    // The first client a phone or e-mail of the row led to and that was passed over, with why: said on the row.
    let passedOver: RowNote | undefined;
    const fileId = record.fileId;
    // Clients a phone or e-mail led to whose name the row's clearly tells apart (a family's phone): listed beside the
    // client the row becomes, for crm client merge.
    const namedApart: number[] = [];
    const accept = (id: number, contact?: string): boolean => {
      const claimedBy = fileId === undefined ? undefined : claims.get(id);
      if (claimedBy === undefined || claimedBy === fileId) {
        const name = index.get(id)?.name ?? '';
        if (contact === undefined || index.knownAs(id, draft.name) || !namesClearlyDiffer(name, draft.name))
          return true;
        if (!namedApart.includes(id)) namedApart.push(id);
        return false;
      }
      if (contact !== undefined && passedOver === undefined) {
        passedOver = { code: 'sharedContactOtherRow', contact, name: index.get(id)?.name ?? '' };
      }
      return false;
    };
    const match = matchClient(index, draft, true, accept);
    if (match.kind === 'none')
      for (const id of namedApart) if (!match.possibleDuplicates.includes(id)) match.possibleDuplicates.push(id);
    // Said only of a row that became a client of its own: one matched after all has no news in a passed-over client.
    if (passedOver && match.kind === 'none') warnings.push(passedOver);
    const claim = (id: number) => {
      if (fileId !== undefined && !claims.has(id)) claims.set(id, fileId);
    };
    if (match.kind === 'none') {
      const ref = nextRef--;
      creates.set(ref, { ...draft, possibleDuplicates: match.possibleDuplicates, sharingContacts: namedApart });
      index.addNew(ref, draft);
      claim(ref);
      rows.push({
        line: record.line,
        action: 'create',
        ref,
        draft,
        possibleDuplicates: match.possibleDuplicates,
        warnings,
      });
      continue;
    }
    const stored = index.get(match.id)!;
    claim(match.id);
    // A name the client goes by (an alias, or its surname and first name) is no conflict with its full name.
    const known = index.knownAs(match.id, draft.name);
    const { changes, conflicts } = planMerge(stored, known ? { ...draft, name: '' } : draft);
    if (!hasChanges(changes)) {
      rows.push({ line: record.line, action: 'duplicate', target: match.id, by: match.by, conflicts, warnings });
      continue;
    }
    const merged = applyChanges(stored, changes);
    index.replace(match.id, merged);
    if (match.id < 0) creates.set(match.id, { ...creates.get(match.id)!, ...merged });
    else updates.set(match.id, mergeChanges(updates.get(match.id), changes));
    rows.push({ line: record.line, action: 'update', target: match.id, by: match.by, changes, conflicts, warnings });
  }

  rows.sort((a, b) => a.line - b.line);
  const count = (action: PlannedRow['action']) => rows.filter((r) => r.action === action).length;
  // Records, not the lines refused in them: each of a card's refused lines is listed, the card counted once.
  const rejected = new Set(rows.flatMap((row) => (row.action === 'reject' ? [row.card ?? row] : []))).size;
  return {
    rows,
    creates,
    updates,
    counts: {
      read: rows.length - count('reject') + rejected,
      created: count('create'),
      updated: count('update'),
      duplicate: count('duplicate'),
      rejected,
    },
  };
}
