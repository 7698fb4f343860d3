import { dateDisplay, showDate } from '../i18n/dates.js';
import { m } from '../i18n/index.js';
import type { Batch, UndoneImport } from '../store/batches.js';
import type { Cell, Column, Renderable } from './types.js';

/**
 * The table names a file by its name alone: a whole path squeezed into a column of an 80-column terminal wraps into
 * unreadable pieces. JSON and CSV keep the path as it was given.
 */
function fileName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1) || path;
}

/** A stored time as the list writes it: `2026-12-07 23:53:02`. */
function shownTime(iso: string): string {
  return iso.replace('T', ' ').slice(0, 19);
}

/**
 * Every import, and every import undone in its place among them (`undone`, by number): its number is never given
 * again, and the owner sees why it is missing. An undone import says what it was and when it was undone; what it
 * imported is gone with it.
 */
export function batchListing(batches: Batch[], undone: UndoneImport[] = []): Renderable {
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
  const undoneRows = undone.map((u) => ({
    id: u.id,
    kind: u.kind,
    file: u.file,
    started_at: null,
    status: 'undone' as const,
    created: null,
    updated: null,
    unchanged: null,
    rejected: null,
    undone_at: shownTime(u.undone_at),
  }));
  const rows: Array<Record<string, Cell> & { id: number; kind: Batch['kind']; status: Batch['status'] | 'undone' }> = [
    ...batches.map((b) => ({ ...b, started_at: shownTime(b.started_at), undone_at: null })),
    ...undoneRows,
  ].sort((a, b) => a.id - b.id);
  const dates = dateDisplay();
  return {
    json: [
      ...batches.map((b) => ({ ...b, settings: JSON.parse(b.settings), undone_at: null })),
      ...undone.map((u) => ({
        id: u.id,
        kind: u.kind,
        file: u.file,
        file_sha256: null,
        started_at: null,
        finished_at: null,
        status: 'undone',
        undone_at: u.undone_at,
        rows_read: null,
        created: null,
        updated: null,
        unchanged: null,
        rejected: null,
        settings: null,
      })),
    ].sort((a, b) => a.id - b.id),
    table: {
      // Every finished import would say "done": the column is shown when one is not, which leaves the file its width.
      columns: rows.every((row) => row.status === 'done') ? columns.filter((c) => c.key !== 'status') : columns,
      rows: rows.map((row) => ({
        ...row,
        file: fileName(String(row.file)),
        kind: m.records.kinds[row.kind],
        // To the minute in the table: the seconds would take the width the file name needs.
        started_at: typeof row.started_at === 'string' ? row.started_at.slice(0, 16) : null,
        status:
          row.status === 'undone'
            ? m.records.undoneOn({ date: showDate(String(row.undone_at).slice(0, 10), dates) })
            : m.records.statuses[row.status],
      })),
    },
    // Programs read the kind and the status as their tokens (`visits`, `done`, `undone`) in every language, and when
    // an import was undone in a column of its own.
    csv: { columns: [...columns, { key: 'undone_at', header: 'undone', label: labels.undone, kind: 'date' }], rows },
  };
}
