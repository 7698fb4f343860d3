import { detectedInEnglish } from '../domain/input.js';
import type { RecordImportPlan, RecordImportReport, RecordPlanRow } from '../domain/record-import.js';
import { type RecordSummary, type RowNote, sayNotes, sayRecord } from '../domain/row-notes.js';
import { type DateDisplay, dateDisplay, showDate } from '../i18n/dates.js';
import { currentLanguage, fixedIn, m, numberIn } from '../i18n/index.js';
import { escapeControls } from './escape.js';
import { allRejectedInEnglish, chosenWords, describeDetected, english, positionColumn, type Words } from './import.js';
import type { Renderable } from './types.js';

/** A row's record with its dates written as the person's tables write them (`25.05.2026`); JSON keeps `2026-05-25`. */
function shownSummary(summary: RecordSummary, dates: DateDisplay): RecordSummary {
  if (typeof summary === 'string') return showDate(summary, dates);
  if (summary.code === 'deal') return { ...summary, created: showDate(summary.created, dates) };
  return { ...summary, date: showDate(summary.date, dates) };
}

/** A row's notes with the dates they name (all read from the file as dates) written as the person's tables write them. */
function shownNotes(notes: RowNote[], dates: DateDisplay): RowNote[] {
  if (dates === 'iso') return notes;
  const show = (date: string) => showDate(date, dates);
  return notes.map((note) => {
    switch (note.code) {
      case 'dealMoved':
        return { ...note, moves: note.moves.map((move) => ({ ...move, date: show(move.date) })) };
      case 'stageConflict':
        return { ...note, since: show(note.since), on: show(note.on) };
      case 'stageBefore':
        return { ...note, date: show(note.date), earlierDate: show(note.earlierDate) };
      case 'closedBeforeCreated':
        return { ...note, closed: show(note.closed), created: show(note.created) };
      default:
        return note;
    }
  });
}

export function recordImportReport(view: RecordImportReport, dates: DateDisplay = dateDisplay()): Renderable {
  const chosen = chosenWords();
  const words = chosen.imports;
  const idOf = (id: number | null) => (id === null ? null : id > 0 ? id : (view.createdClientIds.get(id) ?? null));
  // People read the row in their language; the JSON says it in English, the same in every language.
  const clientLabel = (id: number | null, said: Words = chosen) => {
    if (id === null) return '';
    const name = view.clientNames.get(id) || said.imports.noName;
    const stored = idOf(id);
    return stored ? `#${stored} ${name}` : said.imports.newClient({ name });
  };
  const detailsOf = (row: RecordPlanRow, said: Words = chosen, shown = false) => {
    const notes = sayNotes(shown ? shownNotes(row.details, dates) : row.details, said.rows);
    return row.action === 'reject' && row.field ? `${row.field}: ${notes}` : notes;
  };
  const verb = (action: RecordPlanRow['action']) => (view.dryRun ? words.planned : words.done)[action];
  const position = positionColumn(view.detected);
  const rows = view.plan.rows.map((row) => ({
    line: position.of(row.line),
    action: verb(row.action),
    client: clientLabel(row.clientId),
    record: sayRecord(shownSummary(row.summary, dates), chosen.rows),
    details: detailsOf(row, chosen, true),
  }));
  // The table's words serve the JSON as they are when they are its words: English, dates as stored.
  const inEnglish = chosen.imports === english.imports && chosen.rows === english.rows && dates === 'iso';
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
      rows: m.counts.ofRows(counts.read),
      newClients: counts.new_clients,
    }),
  ];
  notes.push(...stageNotes(view.plan), ...currencyNotes(view.plan));
  if (view.plan.sameDayVisits) notes.push(words.sameDayVisits({ visits: m.counts.visits(view.plan.sameDayVisits) }));
  if (view.omittedRows > 0) notes.push(words.notListed({ rows: m.counts.moreRows(view.omittedRows) }));
  if (view.seconds >= 0.5) {
    const language = currentLanguage() ?? 'en';
    notes.push(
      words.speed({
        rows: m.counts.rows(counts.read),
        seconds: fixedIn(language, view.seconds, 1),
        perSecond: numberIn(language, Math.round(counts.read / view.seconds)),
      }),
    );
  }
  const refused = allRejectedInEnglish(view, counts, view.plan.rows, (row) =>
    row.action === 'reject'
      ? { line: row.line, field: row.field, reason: sayNotes(row.details, english.rows) }
      : undefined,
  );
  if (view.batchId !== null) notes.push(words.batch({ batch: view.batchId }));
  else if (!view.dryRun && !refused) notes.push(words.nothingNew);
  if (view.rejectsFile) {
    notes.push(words.rejectsToFix({ rows: m.counts.rejectedRows(counts.rejected), file: view.rejectsFile }));
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
      detected: detectedInEnglish(view.detected),
      dry_run: view.dryRun,
      batch: view.batchId,
      counts,
      rejects_file: view.rejectsFile,
      ...(refused ? { error: refused } : {}),
      rows_not_listed: view.omittedRows,
      ...(view.plan.stageNames ? { stage_names: view.plan.stageNames } : {}),
      ...(view.plan.otherCurrencies ? { other_currencies: view.plan.otherCurrencies } : {}),
      ...(view.plan.sameDayVisits ? { same_day_visits: view.plan.sameDayVisits } : {}),
      seconds: Math.round(view.seconds * 1000) / 1000,
      rows: view.plan.rows.map((row, i) => ({
        ...position.json(row.line),
        action: row.action,
        client_id: idOf(row.clientId),
        client: clientLabel(row.clientId, english) || null,
        record: (inEnglish ? rows[i]!.record : sayRecord(row.summary, english.rows)) || null,
        details: (inEnglish ? rows[i]!.details : detailsOf(row, english)) || null,
      })),
    },
    table: {
      columns: [
        position.column,
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

/**
 * Where a deals file's stage names went (`'Сделка успешна' → won (2 deals)`), and the names nobody placed, imported
 * as open leads, with the `--stage` that places them.
 */
function stageNotes(plan: RecordImportPlan<unknown>): string[] {
  const said = m.rows.stages;
  const names = plan.stageNames ?? [];
  const deals = (rows: number) => m.counts.deals(rows);
  const placed = names.filter((n) => n.stage !== null);
  const unknown = names.filter((n) => n.stage === null);
  const notes: string[] = [];
  if (placed.length) {
    const stages = placed
      .map((n) => said.place({ name: escapeControls(n.name), stage: n.stage!, chosen: n.chosen, deals: deals(n.rows) }))
      .join(', ');
    notes.push(said.placed({ stages }));
  }
  if (unknown.length) {
    const first = escapeControls(unknown[0]!.name).replace(/"/g, '\\"');
    const list = unknown.map((n) => said.unknownName({ name: escapeControls(n.name), deals: deals(n.rows) }));
    notes.push(said.unknown({ names: list.join(', '), first }));
  }
  return notes;
}

/** Amounts in another currency than the database's: said, since they are kept as written and not converted. */
function currencyNotes(plan: RecordImportPlan<unknown>): string[] {
  const other = plan.otherCurrencies;
  if (!other) return [];
  const found = other.found
    .map((c) => m.rows.currencyDeals({ currency: c.currency, deals: m.counts.deals(c.rows) }))
    .join(', ');
  return [m.rows.otherCurrencies({ found, database: other.database })];
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
