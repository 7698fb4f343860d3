import type { Client } from '../domain/client.js';
import type { DuplicateReason } from '../domain/matching.js';
import { englishRows, m } from '../i18n/index.js';
import type { Renderable } from './types.js';

function contact(client: Client): string {
  return client.phones[0]?.raw ?? client.emails[0]?.value ?? '';
}

/** Pairs a person decides on; `reason` a DuplicateReason, or a text no version of crm wrote, shown as it is. */
export function duplicateListing(
  pairs: Array<{ client: Client; other: Client; reason: DuplicateReason | string }>,
): Renderable {
  const labels = m.records.columns;
  // Programs read the reason in the English words it was once stored in, the same in every language.
  const said = (reason: string, words: Record<string, string>) => words[reason] ?? reason;
  return {
    json: pairs.map((p) => ({
      client_id: p.client.id,
      other_id: p.other.id,
      reason: said(p.reason, englishRows.duplicates),
    })),
    table: {
      columns: [
        { key: 'client', header: 'client', label: labels.client },
        { key: 'other', header: 'possible duplicate of', label: labels.possibleDuplicateOf },
        { key: 'reason', header: 'why', label: labels.why },
        { key: 'merge', header: 'to merge them', label: labels.toMerge, kind: 'command' },
      ],
      rows: pairs.map((p) => ({
        client: `#${p.client.id} ${p.client.name} ${contact(p.client)}`.trim(),
        other: `#${p.other.id} ${p.other.name} ${contact(p.other)}`.trim(),
        reason: said(p.reason, m.rows.duplicates),
        merge: `crm client merge ${p.other.id} ${p.client.id}`,
      })),
    },
    notes: [pairs.length ? m.records.mergeHint : m.records.noDuplicates],
  };
}
