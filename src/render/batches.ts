import { m } from '../i18n/index.js';
import type { Batch } from '../store/batches.js';
import type { Column, Renderable } from './types.js';

/**
 * The table names a file by its name alone: a whole path squeezed into a column of an 80-column terminal wraps into
 * unreadable pieces. JSON and CSV keep the path as it was given.
 */
function fileName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1) || path;
}

export function batchListing(batches: Batch[]): Renderable {
  const labels = m.records.columns;
  const columns: Column[] = [
    { key: 'id', header: 'batch', label: labels.batch, align: 'right', kind: 'id' },
    { key: 'kind', header: 'kind', label: labels.kind },
    { key: 'file', header: 'file', label: labels.file },
    { key: 'started_at', header: 'when', label: labels.when, kind: 'date' },
    { key: 'status', header: 'status', label: labels.status },
    { key: 'created', header: 'created', label: labels.created, align: 'right' },
    { key: 'updated', header: 'updated', label: labels.updated, align: 'right' },
    { key: 'unchanged', header: 'duplicates', label: labels.duplicates, align: 'right' },
    { key: 'rejected', header: 'rejected', label: labels.rejected, align: 'right' },
  ];
  const rows = batches.map((b) => ({ ...b, started_at: b.started_at.replace('T', ' ').slice(0, 19) }));
  // To the minute in the table: the seconds would take the width the file name needs.
  const shown = rows.map((row) => ({ ...row, started_at: row.started_at.slice(0, 16) }));
  return {
    json: batches.map((b) => ({ ...b, settings: JSON.parse(b.settings) })),
    table: {
      // Every finished import would say "done": the column is shown when one is not, which leaves the file its width.
      columns: batches.every((b) => b.status === 'done') ? columns.filter((c) => c.key !== 'status') : columns,
      rows: shown.map((row) => ({
        ...row,
        file: fileName(row.file),
        kind: m.records.kinds[row.kind],
        status: m.records.statuses[row.status],
      })),
    },
    // Programs read the kind and the status as their tokens (`visits`, `done`) in every language.
    csv: { columns, rows },
  };
}
