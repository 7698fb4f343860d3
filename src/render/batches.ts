import type { Batch } from '../store/batches.js';
import type { Renderable } from './types.js';

export function batchListing(batches: Batch[]): Renderable {
  return {
    json: batches.map((b) => ({ ...b, settings: JSON.parse(b.settings) })),
    table: {
      columns: [
        { key: 'id', header: 'batch', align: 'right', kind: 'id' },
        { key: 'kind', header: 'kind' },
        { key: 'file', header: 'file' },
        { key: 'started_at', header: 'when', kind: 'date' },
        { key: 'status', header: 'status' },
        { key: 'created', header: 'created', align: 'right' },
        { key: 'updated', header: 'updated', align: 'right' },
        { key: 'unchanged', header: 'duplicates', align: 'right' },
        { key: 'rejected', header: 'rejected', align: 'right' },
      ],
      rows: batches.map((b) => ({ ...b, started_at: b.started_at.replace('T', ' ').slice(0, 19) })),
    },
  };
}
