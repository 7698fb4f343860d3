import type { ClientImportPlan, PlannedRow } from '../domain/client-import.js';
import { type Detected, FORMAT_NAMES, rowPosition } from '../domain/input.js';
import { describeChanges } from '../domain/matching.js';
import { escapeControls } from './escape.js';
import { counted } from './plural.js';
import type { Renderable } from './types.js';

const DATE_STYLES: Record<string, string> = {
  dmy: 'dd.mm.yyyy (day first)',
  mdy: 'mm/dd/yyyy (month first)',
  ymd: 'yyyy-mm-dd',
};
const DELIMITERS: Record<string, string> = { ';': "';'", ',': "','", '\t': 'tab' };

/** What the reader found out about the file, in the words a user checks before trusting the import. */
export function describeDetected(detected: Detected): string[] {
  const lines: string[] = [];
  const parts = [
    ...(detected.layout ? [detected.layout] : []),
    detected.format === 'vcard' ? `vCard ${detected.versions?.join(', ') ?? ''}`.trim() : FORMAT_NAMES[detected.format],
  ];
  if (detected.sheet !== undefined) parts.push(`sheet "${detected.sheet}"`);
  if (detected.headerRow !== undefined) parts.push(`header on row ${detected.headerRow}`);
  if (detected.hiddenRows) parts.push(`${counted(detected.hiddenRows, 'hidden row')} imported`);
  if (detected.encoding) parts.push(`encoding ${detected.encoding}${detected.bom ? ' with BOM' : ''}`);
  if (detected.delimiter) parts.push(`delimiter ${DELIMITERS[detected.delimiter] ?? detected.delimiter}`);
  if (detected.headerLanguage) parts.push(`headers ${detected.headerLanguage}`);
  if (detected.dateStyle) parts.push(`dates ${DATE_STYLES[detected.dateStyle] ?? detected.dateStyle}`);
  if (detected.lineEndings) parts.push(`line endings ${detected.lineEndings}`);
  lines.push(`detected: ${parts.join(', ')}`);
  if (detected.mapping?.length) {
    lines.push(
      `columns: ${detected.mapping.map((m) => `${m.header} → ${m.field ?? 'extra'}${m.reason ? ` (${m.reason})` : ''}`).join('; ')}`,
    );
  }
  if (detected.phonesGivenPlus) {
    const count = detected.phonesGivenPlus;
    lines.push(
      `phones: ${count} ${count === 1 ? 'number' : 'numbers'} without the '+' a spreadsheet drops (447911123456) read as international (+447911123456)`,
    );
  }
  // Headers come from the file: escaped, as the lines are printed as they are.
  return lines.map(escapeControls);
}

function who(id: number, names: Map<number, string>, createdIds: Map<number, number>): string {
  const name = names.get(id) || '(no name)';
  if (id > 0) return `#${id} ${name}`;
  const created = createdIds.get(id);
  return created ? `#${created} ${name}` : `new: ${name}`;
}

function details(row: PlannedRow, names: Map<number, string>, createdIds: Map<number, number>): string {
  const notes: string[] = [];
  switch (row.action) {
    case 'create':
      if (row.possibleDuplicates.length) {
        notes.push(
          `possible duplicate of ${row.possibleDuplicates.map((id) => who(id, names, createdIds)).join(', ')}`,
        );
      }
      break;
    case 'update':
      notes.push(`same ${row.by} as ${who(row.target, names, createdIds)}: ${describeChanges(row.changes)}`);
      break;
    case 'duplicate':
      notes.push(`same ${row.by} as ${who(row.target, names, createdIds)}: nothing new`);
      break;
    case 'reject':
      notes.push(row.field ? `${row.field}: ${row.reason}` : row.reason);
      break;
  }
  if (row.action === 'update' || row.action === 'duplicate') {
    for (const c of row.conflicts) notes.push(`kept ${c.field} '${c.stored}', file has '${c.incoming}'`);
  }
  for (const warning of row.warnings) notes.push(warning);
  return notes.join('; ');
}

function clientOf(row: PlannedRow, names: Map<number, string>, createdIds: Map<number, number>): string {
  if (row.action === 'create')
    return createdIds.has(row.ref) ? who(row.ref, names, createdIds) : row.draft.name || '(no name)';
  if (row.action === 'reject') return '';
  return who(row.target, names, createdIds);
}

export interface ImportView {
  file: string;
  detected: Detected;
  plan: ClientImportPlan;
  names: Map<number, string>;
  createdIds: Map<number, number>;
  batchId: number | null;
  rejectsFile: string | null;
  dryRun: boolean;
}

const PLANNED: Record<PlannedRow['action'], string> = {
  create: 'create',
  update: 'update',
  duplicate: 'duplicate',
  reject: 'reject',
};
const DONE: Record<PlannedRow['action'], string> = {
  create: 'created',
  update: 'updated',
  duplicate: 'duplicate',
  reject: 'rejected',
};

/**
 * The table column that says where a row is: `line` for a text file, `row` (`Клиенты!12`, as the spreadsheet shows
 * it) for a workbook's sheet.
 */
export function positionColumn(detected: Detected): {
  column: { key: 'line'; header: string; align: 'right' };
  of: (line: number) => number | string;
} {
  const sheet = detected.sheet;
  return sheet === undefined
    ? { column: { key: 'line', header: 'line', align: 'right' }, of: (line) => line }
    : { column: { key: 'line', header: 'row', align: 'right' }, of: (line) => rowPosition(line, sheet) };
}

export function importReport(view: ImportView): Renderable {
  const { plan } = view;
  const position = positionColumn(view.detected);
  const rows = plan.rows.map((row) => ({
    line: position.of(row.line),
    action: (view.dryRun ? PLANNED : DONE)[row.action],
    client: clientOf(row, view.names, view.createdIds),
    details: details(row, view.names, view.createdIds),
  }));
  // A real import lists only the rows worth a look; a dry run lists every row.
  const shown = view.dryRun
    ? rows
    : rows.filter((_row, i) => plan.rows[i]!.action !== 'duplicate' || plan.rows[i]!.warnings.length > 0);
  const { counts } = plan;
  const summary = `${view.dryRun ? 'would create' : 'created'} ${counts.created}, ${view.dryRun ? 'would update' : 'updated'} ${counts.updated}, duplicates ${counts.duplicate}, rejected ${counts.rejected} of ${counted(counts.read, 'row')}`;
  const notes = [summary];
  if (view.batchId !== null) notes.push(`batch ${view.batchId} (undo with: crm import undo ${view.batchId})`);
  else if (!view.dryRun) notes.push('nothing new: the database was not changed');
  if (view.rejectsFile)
    notes.push(`warning: ${counted(counts.rejected, 'rejected row')} written to ${view.rejectsFile}`);
  if (view.dryRun) notes.push('dry run: nothing was written');
  return {
    title: [`file: ${escapeControls(view.file)}`, ...describeDetected(view.detected)].join('\n'),
    json: {
      file: view.file,
      detected: view.detected,
      dry_run: view.dryRun,
      batch: view.batchId,
      counts: counts,
      rejects_file: view.rejectsFile,
      rows: plan.rows.map((row, i) => ({
        line: row.line,
        action: row.action,
        client_id:
          row.action === 'create'
            ? (view.createdIds.get(row.ref) ?? null)
            : row.action === 'reject'
              ? null
              : row.target > 0
                ? row.target
                : (view.createdIds.get(row.target) ?? null),
        client: rows[i]!.client || null,
        details: rows[i]!.details || null,
      })),
    },
    table: {
      columns: [
        position.column,
        { key: 'action', header: 'action' },
        { key: 'client', header: 'client' },
        { key: 'details', header: 'details' },
      ],
      rows: shown,
    },
    notes,
    emptyText: '',
  };
}
