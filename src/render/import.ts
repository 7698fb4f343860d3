import type { ClientImportPlan, PlannedRow } from '../domain/client-import.js';
import { type Detected, detectedInEnglish, type MappedColumn, positionIn, sheetRow } from '../domain/input.js';
import type { ClientChanges, Conflict } from '../domain/matching.js';
import { sayMeaning, sayNote } from '../domain/row-notes.js';
import { type Catalogue, englishImports, englishRows, m } from '../i18n/index.js';
import { escapeControls } from './escape.js';
import type { Renderable } from './types.js';

/**
 * The words of an import report: the chosen language's for people, English for its JSON (the same everywhere), both
 * what it says of the import (`imports`) and of its rows (`rows`).
 */
export interface Words {
  imports: Catalogue['imports'];
  rows: Catalogue['rows'];
}

export const english: Words = { imports: englishImports, rows: englishRows };

/** The chosen language's words; read when a report is made, never before a language is chosen. */
export function chosenWords(): Words {
  return { imports: m.imports, rows: m.rows };
}

/** What the reader found out about the file, in the words a user checks before trusting the import. */
export function describeDetected(detected: Detected): string[] {
  const words = m.imports;
  const lines: string[] = [];
  const delimiters: Record<string, string> = { ';': "';'", ',': "','", '\t': words.tab };
  const dateStyles: Record<string, string> = words.dateStyles;
  const parts = [
    ...(detected.layout ? [m.rows.layouts[detected.layout] ?? detected.layout] : []),
    detected.format === 'vcard'
      ? `vCard ${detected.versions?.join(', ') ?? ''}`.trim()
      : words.formats[detected.format],
  ];
  if (detected.sheets && detected.sheets.length > 1) {
    parts.push(
      words.sheets({ names: detected.sheets.map((sheet) => words.sheetName({ name: sheet.name })).join(', ') }),
    );
  } else if (detected.sheet !== undefined) parts.push(words.sheet({ name: detected.sheet }));
  if (detected.headerRow !== undefined) parts.push(words.headerRow({ row: detected.headerRow }));
  if (detected.hiddenRows) parts.push(words.hiddenImported({ rows: m.counts.hiddenRows(detected.hiddenRows) }));
  if (detected.encoding) parts.push(words.encoding({ encoding: detected.encoding, bom: Boolean(detected.bom) }));
  if (detected.delimiter)
    parts.push(words.delimiter({ delimiter: delimiters[detected.delimiter] ?? detected.delimiter }));
  if (detected.headerLanguage) {
    parts.push(words.headers({ language: words.headerLanguages[detected.headerLanguage] ?? detected.headerLanguage }));
  }
  if (detected.dateStyle) parts.push(words.dates({ style: dateStyles[detected.dateStyle] ?? detected.dateStyle }));
  if (detected.lineEndings) {
    parts.push(words.lineEndings({ endings: words.lineEndingKinds[detected.lineEndings] ?? detected.lineEndings }));
  }
  lines.push(words.detected({ parts: parts.join(', ') }));
  if (detected.mapping?.length) {
    const columns = detected.mapping.map(sayColumn).join('; ');
    lines.push(words.columns({ columns }));
  }
  if (detected.totalsRows?.length) {
    const where = detected.totalsRows.map((line) => positionIn(line, detected)).join(', ');
    lines.push(words.totalsSkipped({ rows: m.counts.totalsRows(detected.totalsRows.length), where }));
  }
  if (detected.otherSheets?.length) {
    lines.push(words.sheetsLeftOut({ sheets: detected.otherSheets.join(', ') }));
  }
  if (detected.binaryLeftOut) {
    lines.push(words.binaryLeftOut({ cards: m.counts.cards(detected.binaryLeftOut) }));
  }
  if (detected.phonesGivenPlus) {
    lines.push(words.phonesGivenPlus({ numbers: m.counts.numbers(detected.phonesGivenPlus) }));
  }
  if (detected.currencySignsLost) {
    const { sign, amounts } = detected.currencySignsLost;
    lines.push(
      words.currencySignsLost({ sign, encoding: detected.encoding ?? '', amounts: m.counts.amounts(amounts) }),
    );
  }
  // Headers come from the file: escaped, as the lines are printed as they are.
  return lines.map(escapeControls);
}

/**
 * A column as the `columns:` line shows it: the field's token, which `--map "Header=field"` takes, with its name in
 * the person's language beside it where the two differ (`Дата → date (дата)`), and why, for a header of two meanings.
 */
function sayColumn(column: MappedColumn): string {
  const words = m.rows;
  return words.column({
    header: column.header,
    field: column.field ?? 'extra',
    name: column.field === null ? words.extra : (words.fields[column.field] ?? column.field),
    reason: column.reason ? sayMeaning(column.reason, words) : '',
  });
}

function who(id: number, names: Map<number, string>, createdIds: Map<number, number>, words: Words): string {
  const name = names.get(id) || words.imports.noName;
  if (id > 0) return `#${id} ${name}`;
  const created = createdIds.get(id);
  return created ? `#${created} ${name}` : words.imports.newClient({ name });
}

/** What a matched client gets from the row: `source=Instagram, +email maria@example.ru, +tag VIP, Мастер=Оля`. */
function describeChanges(changes: ClientChanges, words: Words['rows']): string {
  const said = words.changes;
  const parts: string[] = [];
  for (const [field, value] of Object.entries(changes.fill)) parts.push(said.fill({ field, value }));
  for (const phone of changes.addPhones) parts.push(said.phone({ phone: phone.valid ? phone.value : phone.raw }));
  for (const email of changes.addEmails) parts.push(said.email({ email: email.value }));
  for (const tag of changes.addTags) parts.push(said.tag({ tag }));
  for (const [key, value] of Object.entries(changes.addExtra)) parts.push(`${key}=${value}`);
  return parts.join(', ');
}

/** A field the client keeps: by its name in the language; an extra value by its key, as the file's header named it. */
function keptField(conflict: Conflict, words: Words['rows']): string {
  return conflict.extra ? conflict.field : (words.fields[conflict.field] ?? conflict.field);
}

function details(row: PlannedRow, names: Map<number, string>, createdIds: Map<number, number>, words: Words): string {
  const said = words.imports;
  const notes: string[] = [];
  const client = (id: number) => who(id, names, createdIds, words);
  const by = (matched: string) => said.matchedBy[matched] ?? matched;
  switch (row.action) {
    case 'create':
      if (row.possibleDuplicates.length) {
        notes.push(said.possibleDuplicateOf({ clients: row.possibleDuplicates.map(client).join(', ') }));
      }
      break;
    case 'update': {
      const changes = describeChanges(row.changes, words.rows);
      notes.push(said.sameAs({ by: by(row.by), client: client(row.target), changes }));
      break;
    }
    case 'duplicate':
      notes.push(said.sameNothingNew({ by: by(row.by), client: client(row.target) }));
      break;
    case 'reject': {
      const reason = sayNote(row.reason, words.rows);
      notes.push(row.field ? `${row.field}: ${reason}` : reason);
      if (row.moreInCard) notes.push(words.imports.moreRefusals({ count: row.moreInCard }));
      break;
    }
  }
  if (row.action === 'update' || row.action === 'duplicate') {
    for (const c of row.conflicts)
      notes.push(said.kept({ field: keptField(c, words.rows), stored: c.stored, incoming: c.incoming }));
  }
  for (const warning of row.warnings) notes.push(sayNote(warning, words.rows));
  return notes.join('; ');
}

function clientOf(row: PlannedRow, names: Map<number, string>, createdIds: Map<number, number>, words: Words): string {
  if (row.action === 'create') {
    return createdIds.has(row.ref) ? who(row.ref, names, createdIds, words) : row.draft.name || words.imports.noName;
  }
  if (row.action === 'reject') return '';
  return who(row.target, names, createdIds, words);
}

/**
 * The error of an import that refused every row, in English for its JSON (crm says it on stderr in the person's
 * language): the first refused row (`rejected` tells one, with its reason in English) and the rejects file.
 * Undefined when some row was not refused.
 */
export function allRejectedInEnglish<Row>(
  view: { file: string; detected: Detected; rejectsFile: string | null },
  counts: { read: number; rejected: number },
  rows: readonly Row[],
  rejected: (row: Row) => { line: number; field?: string; reason: string } | undefined,
): string | undefined {
  if (counts.read === 0 || counts.rejected < counts.read) return undefined;
  let first: { line: number; field?: string; reason: string } | undefined;
  for (const row of rows) {
    first = rejected(row);
    if (first) break;
  }
  const { detected } = view;
  return english.imports.allRejected({
    file: view.file,
    count: counts.read,
    line: first?.line ?? 0,
    sheetRow: first && detected.sheet !== undefined ? positionIn(first.line, detected) : '',
    field: first?.field ?? '',
    reason: first?.reason ?? '',
    otherSheets: detected.otherSheets?.join(', ') ?? '',
    rejectsFile: view.rejectsFile ?? '',
  });
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

/**
 * The table column that says where a row is: `line` for a text file, `row` (`Клиенты!12`, as the spreadsheet shows
 * it) for a workbook's sheet.
 */
export function positionColumn(detected: Detected): {
  column: { key: 'line'; header: string; label: string; align: 'right' };
  of: (line: number) => number | string;
  /** Where the row is, as the JSON says it: its line, and its sheet in a workbook read sheet after sheet. */
  json: (line: number) => { line: number; sheet?: string };
} {
  const words = m.imports.tableColumns;
  const json = detected.sheets?.length
    ? (line: number) => {
        const { sheet, row } = sheetRow(line, detected);
        return { line: row, sheet };
      }
    : (line: number) => ({ line });
  return detected.sheet === undefined
    ? { column: { key: 'line', header: 'line', label: words.line, align: 'right' }, of: (line) => line, json }
    : {
        column: { key: 'line', header: 'row', label: words.row, align: 'right' },
        of: (line) => positionIn(line, detected),
        json,
      };
}

/**
 * Whether a real import lists the row: all but plain duplicates. A duplicate that says something (a warning, a
 * field the client keeps against the file's, another name above all) is listed: the import merged it.
 */
function listed(row: PlannedRow): boolean {
  return row.action !== 'duplicate' || row.warnings.length > 0 || row.conflicts.length > 0;
}

/** Up to this many rows, a real import lists every row that is not a plain duplicate. */
const LONG_LIST = 100;

/**
 * The rows a real import lists: every row but plain duplicates, or for a longer list (a phone's whole address book)
 * what needs a person: rejections, then changes to stored clients and rows with warnings, then the first new clients.
 * A list of 130,000 new clients took seconds to print and helped no one read it.
 */
function worthALook<T>(rows: T[], plan: PlannedRow[]): T[] {
  const shown = rows.filter((_row, i) => listed(plan[i]!));
  if (shown.length <= LONG_LIST) return shown;
  const picked = (test: (row: PlannedRow) => boolean, most: number) =>
    rows.filter((_row, i) => test(plan[i]!)).slice(0, most);
  const chosen = new Set([
    ...picked((row) => row.action === 'reject', 50),
    ...picked(
      (row) =>
        row.action === 'update' ||
        (row.action === 'duplicate' && row.conflicts.length > 0) ||
        (row.action === 'create' && row.possibleDuplicates.length > 0) ||
        (row.action !== 'reject' && row.warnings.length > 0),
      30,
    ),
    ...picked((row) => row.action === 'create', 20),
  ]);
  return rows.filter((row) => chosen.has(row));
}

export function importReport(view: ImportView): Renderable {
  const { plan } = view;
  const chosen = chosenWords();
  const words = chosen.imports;
  const position = positionColumn(view.detected);
  const rows = plan.rows.map((row) => ({
    line: position.of(row.line),
    action: (view.dryRun ? words.planned : words.done)[row.action],
    client: clientOf(row, view.names, view.createdIds, chosen),
    details: details(row, view.names, view.createdIds, chosen),
  }));
  const jsonRows =
    words === english.imports && chosen.rows === english.rows
      ? rows
      : plan.rows.map((row) => ({
          client: clientOf(row, view.names, view.createdIds, english),
          details: details(row, view.names, view.createdIds, english),
        }));
  // A real import lists only the rows worth a look; a dry run lists every row.
  const shown = view.dryRun ? rows : worthALook(rows, plan.rows);
  const hidden = view.dryRun ? 0 : plan.rows.filter(listed).length - shown.length;
  const { counts } = plan;
  const summary = words.clientSummary({
    dryRun: view.dryRun,
    created: counts.created,
    updated: counts.updated,
    duplicates: counts.duplicate,
    rejected: counts.rejected,
    rows: m.counts.ofRows(counts.read),
  });
  const notes = [summary];
  const refused = allRejectedInEnglish(view, counts, plan.rows, (row) =>
    row.action === 'reject'
      ? { line: row.line, field: row.field, reason: sayNote(row.reason, english.rows) }
      : undefined,
  );
  if (view.batchId !== null) notes.push(words.batch({ batch: view.batchId }));
  else if (!view.dryRun && !refused) notes.push(words.nothingNew);
  if (view.rejectsFile) {
    notes.push(words.rejectsToFix({ rows: m.counts.rejectedRows(counts.rejected), file: view.rejectsFile }));
  }
  if (view.dryRun) notes.push(words.dryRun);
  if (hidden > 0) notes.unshift(words.worthALook({ rows: m.counts.moreRows(hidden) }));
  return {
    title: [words.file({ file: escapeControls(view.file) }), ...describeDetected(view.detected)].join('\n'),
    json: {
      file: view.file,
      detected: detectedInEnglish(view.detected),
      dry_run: view.dryRun,
      batch: view.batchId,
      counts: counts,
      rejects_file: view.rejectsFile,
      ...(refused ? { error: refused } : {}),
      rows: plan.rows.map((row, i) => ({
        ...position.json(row.line),
        action: row.action,
        client_id:
          row.action === 'create'
            ? (view.createdIds.get(row.ref) ?? null)
            : row.action === 'reject'
              ? null
              : row.target > 0
                ? row.target
                : (view.createdIds.get(row.target) ?? null),
        client: jsonRows[i]!.client || null,
        details: jsonRows[i]!.details || null,
      })),
    },
    table: {
      columns: [
        position.column,
        { key: 'action', header: 'action', label: words.tableColumns.action },
        { key: 'client', header: 'client', label: words.tableColumns.client },
        { key: 'details', header: 'details', label: words.tableColumns.details },
      ],
      rows: shown,
    },
    notes,
    emptyText: '',
  };
}
