/**
 * A journal's phones numbered where its file is read (the CSV reader's thread, which has time to spare), so that
 * the main thread finds a row's client by a number id instead of parsing the phone: on a million rows that was a
 * sixth of its work. The CSV reader loads this module by name (`annotate: { module: 'journal-phones', options }`):
 * a worker cannot be handed a function, and the reader knows nothing of phones.
 */
import type { RecordKind } from '../domain/kinds.js';
import { nameHash } from '../domain/names.js';
import { PhoneCache } from '../domain/phone.js';
import { BATCH_ROWS, type CsvBatchMessage, type CsvMessage, packRows, unpackRows } from './csv/index.js';
import { clientNameColumn, type RecordSettings, singlePhoneColumns } from './record-file.js';

/** Which journal's phones to number: its kind and mapping settings, and the region. */
export interface PhoneNumbering {
  kind: RecordKind;
  settings: RecordSettings;
  region: string | undefined;
}

/** A batch's phones as the reading thread numbered them, and the E.164 texts of the ids it is the first to name. */
export interface NumberedPhones {
  /** Phone columns per row: row `r`'s ids are at `r × columns` up to the next row's, in the order a typed row lists them. */
  columns: number;
  /** The number id of each (row, phone column), -1 for no valid number, EMPTY_PHONE for an empty cell. */
  ids: Int32Array;
  /** E.164 of the ids first named in this batch: `firstNumber`, `firstNumber` + 1, ... */
  firstNumber: number;
  numbers: string[];
  /** The nameHash of each row's client cell, where the journal has one column of client names. */
  nameHashes?: Int32Array;
}

const EMPTY_PHONE = -3;
const UNNUMBERED = -2;

/** The number ids of row `row` of a numbered batch, one a phone the row lists (empty cells list none). */
export function phoneIdsOf(phones: NumberedPhones, row: number): number[] {
  // One phone column, the common journal: an array of the size it needs (one pushed to grows room for sixteen).
  if (phones.columns === 1) {
    const id = phones.ids[row]!;
    return id === EMPTY_PHONE ? [] : [id];
  }
  const ids: number[] = [];
  for (let at = row * phones.columns, end = at + phones.columns; at < end; at++) {
    const id = phones.ids[at]!;
    if (id !== EMPTY_PHONE) ids.push(id);
  }
  return ids;
}

/**
 * Numbers the phones of each batch, only when each phone column holds one phone a cell; otherwise the batches go
 * on as they are. The batch annotation is a NumberedPhones.
 *
 * The first batch (the sample the date and amount styles are settled from) holds only numbers not met before, and
 * numbering it took the worker 0.2 s, all of it before the main thread could start. So a batch of more than
 * `batchRows` rows goes on first unnumbered, as a `sample`, and then again in numbered batches of `batchRows`: the
 * main thread settles the styles and types the first of them while the rest are numbered.
 */
export function annotator(
  numbering: PhoneNumbering,
  emit: (message: CsvMessage) => void,
  batchRows = BATCH_ROWS,
): (message: CsvMessage) => void {
  let columns: number[] | undefined;
  let nameColumn: number | undefined;
  let cache: PhoneCache | undefined;
  let sent = 0;
  const numbered = (batch: CsvBatchMessage): CsvBatchMessage => {
    const { starts, values, cells } = batch.rows;
    const byValue = new Int32Array(values.length).fill(UNNUMBERED);
    const count = columns!.length;
    const ids = new Int32Array((starts.length - 1) * count);
    for (let row = 0, at = 0; row + 1 < starts.length; row++) {
      for (const column of columns!) {
        const value = cells[starts[row]! + column]!;
        let id = byValue[value]!;
        if (id === UNNUMBERED) {
          const text = values[value]!.trim();
          id = text ? cache!.numberId(text) : EMPTY_PHONE;
          byValue[value] = id;
        }
        ids[at++] = id;
      }
    }
    const numbers = cache!.numbersFrom(sent);
    sent += numbers.length;
    const phones: NumberedPhones = { columns: count, ids, firstNumber: sent - numbers.length, numbers };
    if (nameColumn !== undefined) phones.nameHashes = nameHashes(batch, nameColumn);
    return { ...batch, annotation: phones };
  };
  return (message) => {
    if (message.kind === 'head') {
      columns = singlePhoneColumns(numbering.kind, message.headers, numbering.settings);
      nameColumn = clientNameColumn(numbering.kind, message.headers, numbering.settings);
      if (columns?.length) cache = new PhoneCache(numbering.region);
    } else if (message.kind === 'batch' && cache && columns) {
      if (message.rows.lines.length <= batchRows) {
        emit(numbered(message));
        return;
      }
      emit({ kind: 'sample', rows: message.rows });
      for (const part of splitBatch(message, batchRows)) emit(numbered(part));
      return;
    }
    emit(message);
  };
}

/**
 * The nameHash of each row's cell in `column`, hashed once a distinct value of the batch: the main thread then tells
 * a row that names its phone's client as the last did by comparing two numbers (RowClients).
 */
function nameHashes(batch: CsvBatchMessage, column: number): Int32Array {
  const { starts, values, cells } = batch.rows;
  const byValue = new Int32Array(values.length).fill(-1);
  const hashes = new Int32Array(starts.length - 1);
  for (let row = 0; row + 1 < starts.length; row++) {
    const value = cells[starts[row]! + column];
    if (value === undefined) continue;
    let hash = byValue[value]!;
    if (hash < 0) {
      hash = nameHash(values[value]!);
      byValue[value] = hash;
    }
    hashes[row] = hash;
  }
  return hashes;
}

/** A batch cut into batches of `size` rows, each problem with the rows of its line (after the last: the last). */
function splitBatch(batch: CsvBatchMessage, size: number): CsvBatchMessage[] {
  const rows = unpackRows(batch.rows);
  const parts: CsvBatchMessage[] = [];
  for (let at = 0; at < rows.length; at += size) {
    parts.push({ kind: 'batch', rows: packRows(rows.slice(at, at + size)), problems: [], bytes: batch.bytes });
  }
  for (const problem of batch.problems) {
    const part = parts.find((p) => p.rows.lines[p.rows.lines.length - 1]! >= problem.line) ?? parts[parts.length - 1]!;
    part.problems.push(problem);
  }
  return parts;
}
