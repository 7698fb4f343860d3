import type { RecordImportReport, RecordPlanRow } from '../domain/record-import.js';
import { type Catalogue, englishImports as english, m } from '../i18n/index.js';
import { escapeControls } from './escape.js';
import { describeDetected } from './import.js';
import type { Renderable } from './types.js';

export function recordImportReport(view: RecordImportReport): Renderable {
  const words = m.imports;
  const idOf = (id: number | null) => (id === null ? null : id > 0 ? id : (view.createdClientIds.get(id) ?? null));
  // People read the client in their language; the JSON says it in English, the same in every language.
  const clientLabel = (id: number | null, said: Catalogue['imports'] = words) => {
    if (id === null) return '';
    const name = view.clientNames.get(id) || said.noName;
    const stored = idOf(id);
    return stored ? `#${stored} ${name}` : said.newClient({ name });
  };
  const verb = (action: RecordPlanRow['action']) => (view.dryRun ? words.planned : words.done)[action];
  const rows = view.plan.rows.map((row) => ({
    line: row.line,
    action: verb(row.action),
    client: clientLabel(row.clientId),
    record: row.summary,
    details: row.action === 'reject' && row.field ? `${row.field}: ${row.details.join('; ')}` : row.details.join('; '),
  }));
  const { counts } = view.plan;
  const notes = [
    words.recordSummary({
      dryRun: view.dryRun,
      deals: view.kind === 'deals',
      records: words.recordNouns[view.kind],
      created: counts.created,
      moved: counts.updated,
      duplicates: counts.duplicate,
      rejected: counts.rejected,
      rows: m.counts.rows(counts.read),
      newClients: counts.new_clients,
    }),
  ];
  if (view.omittedRows > 0) notes.push(words.notListed({ rows: m.counts.moreRows(view.omittedRows) }));
  if (view.seconds >= 0.5) {
    notes.push(
      words.speed({
        rows: m.counts.rows(counts.read),
        seconds: view.seconds.toFixed(1),
        perSecond: String(Math.round(counts.read / view.seconds)),
      }),
    );
  }
  if (view.batchId !== null) notes.push(words.batch({ batch: view.batchId }));
  else if (!view.dryRun) notes.push(words.nothingNew);
  if (view.rejectsFile) {
    notes.push(words.rejectsWritten({ rows: m.counts.rejectedRows(counts.rejected), file: view.rejectsFile }));
  }
  if (view.dryRun) notes.push(words.dryRun);
  // A real import of a long journal lists only the rows worth a look.
  const shown = view.dryRun ? rows : worthALook(rows, view.plan.rows);
  const hidden = view.dryRun ? 0 : rows.length - shown.length;
  if (hidden > 0) notes.unshift(words.worthALook({ rows: m.counts.moreRows(hidden) }));
  return {
    title: [words.file({ file: escapeControls(view.file) }), ...describeDetected(view.detected)].join('\n'),
    json: {
      kind: view.kind,
      file: view.file,
      detected: view.detected,
      dry_run: view.dryRun,
      batch: view.batchId,
      counts,
      rejects_file: view.rejectsFile,
      rows_not_listed: view.omittedRows,
      seconds: Math.round(view.seconds * 1000) / 1000,
      rows: view.plan.rows.map((row, i) => ({
        line: row.line,
        action: row.action,
        client_id: idOf(row.clientId),
        client: clientLabel(row.clientId, english) || null,
        record: row.summary || null,
        details: rows[i]!.details || null,
      })),
    },
    table: {
      columns: [
        { key: 'line', header: 'line', label: words.tableColumns.line, align: 'right' },
        { key: 'action', header: 'action', label: words.tableColumns.action },
        { key: 'client', header: 'client', label: words.tableColumns.client },
        {
          key: 'record',
          header: view.kind === 'nps' ? 'answer' : view.kind.slice(0, -1),
          label: words.tableColumns.record[view.kind],
        },
        { key: 'details', header: 'details', label: words.tableColumns.details },
      ],
      rows: shown,
    },
    notes,
    emptyText: '',
  };
}

/** A real import of a long journal lists what needs a person: every kind of rejection first, a few new clients. */
function worthALook<T extends { details: string }>(rows: T[], plan: RecordPlanRow[]): T[] {
  const rejected = rows.filter((_row, i) => plan[i]!.action === 'reject').slice(0, 50);
  const others = rows
    .filter((r, i) => plan[i]!.action !== 'reject' && plan[i]!.action !== 'duplicate' && r.details)
    .slice(0, 20);
  const chosen = new Set([...rejected, ...others]);
  return rows.filter((row) => chosen.has(row));
}
