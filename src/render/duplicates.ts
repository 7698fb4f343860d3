import type { Client } from '../domain/client.js';
import type { Renderable } from './types.js';

function contact(client: Client): string {
  return client.phones[0]?.raw ?? client.emails[0]?.value ?? '';
}

export function duplicateListing(pairs: Array<{ client: Client; other: Client; reason: string }>): Renderable {
  return {
    json: pairs.map((p) => ({ client_id: p.client.id, other_id: p.other.id, reason: p.reason })),
    table: {
      columns: [
        { key: 'client', header: 'client' },
        { key: 'other', header: 'possible duplicate of' },
        { key: 'reason', header: 'why' },
      ],
      rows: pairs.map((p) => ({
        client: `#${p.client.id} ${p.client.name} ${contact(p.client)}`.trim(),
        other: `#${p.other.id} ${p.other.name} ${contact(p.other)}`.trim(),
        reason: p.reason,
      })),
    },
    notes: pairs.length ? ['merge with: crm client merge KEEP OTHER'] : [],
  };
}
