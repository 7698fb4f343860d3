import type { Client } from '../domain/client.js';
import { m } from '../i18n/index.js';
import type { Renderable } from './types.js';

function contact(client: Client): string {
  return client.phones[0]?.raw ?? client.emails[0]?.value ?? '';
}

export function duplicateListing(pairs: Array<{ client: Client; other: Client; reason: string }>): Renderable {
  const labels = m.records.columns;
  return {
    json: pairs.map((p) => ({ client_id: p.client.id, other_id: p.other.id, reason: p.reason })),
    table: {
      columns: [
        { key: 'client', header: 'client', label: labels.client },
        { key: 'other', header: 'possible duplicate of', label: labels.possibleDuplicateOf },
        { key: 'reason', header: 'why', label: labels.why },
        { key: 'merge', header: 'to merge them', label: labels.toMerge },
      ],
      rows: pairs.map((p) => ({
        client: `#${p.client.id} ${p.client.name} ${contact(p.client)}`.trim(),
        other: `#${p.other.id} ${p.other.name} ${contact(p.other)}`.trim(),
        reason: p.reason,
        merge: `crm client merge ${p.other.id} ${p.client.id}`,
      })),
    },
    notes: pairs.length ? [m.records.mergeHint] : [],
  };
}
