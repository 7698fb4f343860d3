import { PhoneCache } from '../domain/phone.js';
import type { PackedRows } from './csv-stream.js';
import {
  type CellProblem,
  isCellProblem,
  type JournalKind,
  type RecordSettings,
  RowTyper,
  type TypedRow,
} from './record-file.js';
import type { Detected, RowProblem } from './types.js';

/**
 * A journal's rows typed where they were read (the CSV worker), handed over as columns of integers into one table of
 * distinct strings: on a million rows, typing and finding each phone's number were a third of the main thread's
 * work, and rows as objects cost more to copy between threads than to type again.
 */
export interface TypedBatch {
  lines: Int32Array;
  values: string[];
  /** Each row's `text`, `dates` and `extra` as (key, value) pairs of indexes into `values`, from `*Starts[row]`. */
  textStarts: Int32Array;
  text: Int32Array;
  dateStarts: Int32Array;
  dates: Int32Array;
  extraStarts: Int32Array;
  extra: Int32Array;
  /** Each row's `money` as keys into `values` and amounts in minor units. */
  moneyStarts: Int32Array;
  moneyKeys: Int32Array;
  money: Float64Array;
  /** A score 0..10, or -1. */
  scores: Int8Array;
  /** Each row's phones as written (indexes into `values`) and the id of the number each spells, -1 for none. */
  phoneStarts: Int32Array;
  phones: Int32Array;
  phoneIds: Int32Array;
  emailStarts: Int32Array;
  emails: Int32Array;
  /** E.164 of the numbers first met in this batch: ids `firstNumber`, `firstNumber` + 1, ... */
  firstNumber: number;
  numbers: string[];
  /** Rows the reader or the typer refused. */
  problems: RowProblem[];
}

/** What the import reports of how it read the journal, known once the first batch (the sample) is typed. */
export type TypedMapping = Pick<Detected, 'headerLanguage' | 'mapping' | 'dateStyle'>;

export interface TypingSettings {
  kind: JournalKind;
  settings: RecordSettings;
  /** For phone numbers written without a country code. */
  region: string | undefined;
}

/** An Int32Array that grows: a batch's pairs are counted as they come. */
class Int32Builder {
  private data = new Int32Array(4096);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  take(): Int32Array {
    const taken = this.data.slice(0, this.length);
    this.length = 0;
    return taken;
  }
}

/** How a distinct value of a batch reads in one column (ColumnReadings.state). */
const UNREAD = 0;
/** A text, date or e-mail (its value index), an amount or score, or a phone (its value index and number id). */
const ONE = 1;
/** Empty, or a date that counts as none. */
const SKIPPED = 2;
const REFUSED = 3;
/** Several phones or e-mails in one cell. */
const MANY = 4;

/** A column's readings of a batch's distinct values, kept in typed arrays reused from batch to batch. */
class ColumnReadings {
  state = new Uint8Array(0);
  index = new Int32Array(0);
  number = new Float64Array(0);
  /** MANY: phones as (value index, number id) pairs, e-mails as value indexes. */
  readonly many = new Map<number, Int32Array>();
  readonly refused = new Map<number, CellProblem>();

  reset(size: number): void {
    if (this.state.length < size) {
      const length = Math.max(size, this.state.length * 2);
      this.state = new Uint8Array(length);
      this.index = new Int32Array(length);
      this.number = new Float64Array(length);
    } else this.state.fill(UNREAD, 0, size);
    this.many.clear();
    this.refused.clear();
  }
}

/**
 * Types the rows of a batch of cells column by column: each distinct value is read once per column (RowTyper's rules
 * for one cell), and a row is only its values' readings copied, the first problem in column order refusing it. Nothing
 * is allocated per row or per value but the strings the typed batch adds (a date's ISO text, a field name).
 */
class PackedTyping {
  private values: string[] = [];
  private readonly indexes = new Map<string, number>();
  private readonly readers: RowTyper['fieldReaders'];
  private readonly readings: ColumnReadings[];
  private fieldKeys: number[] = [];
  private extraKeys: Array<{ index: number; key: number }> = [];
  /** The row being typed: each column's state and value index. */
  private readonly rowState: Uint8Array;
  private readonly rowValue: Int32Array;
  private lines: number[] = [];
  private scores: number[] = [];
  private money: number[] = [];
  private readonly text = new Int32Builder();
  private readonly dates = new Int32Builder();
  private readonly extra = new Int32Builder();
  private readonly moneyKeys = new Int32Builder();
  private readonly phones = new Int32Builder();
  private readonly phoneIds = new Int32Builder();
  private readonly emails = new Int32Builder();
  private starts = { text: [0], dates: [0], extra: [0], money: [0], phones: [0], emails: [0] };

  constructor(
    private readonly typer: RowTyper,
    private readonly phoneCache: PhoneCache,
  ) {
    this.readers = typer.fieldReaders;
    this.readings = this.readers.map(() => new ColumnReadings());
    this.rowState = new Uint8Array(this.readers.length);
    this.rowValue = new Int32Array(this.readers.length);
  }

  /** The index of a string the batch's values may not hold yet (a field name, a date, one of several phones). */
  private index(value: string): number {
    let index = this.indexes.get(value);
    if (index === undefined) {
      index = this.values.length;
      this.values.push(value);
      this.indexes.set(value, index);
    }
    return index;
  }

  private read(column: number, valueIndex: number): number {
    const readings = this.readings[column]!;
    const reader = this.readers[column]!;
    const raw = this.values[valueIndex]!;
    const text = raw.trim();
    const cell = text ? this.typer.readCell(reader, text) : undefined;
    // The cell's own value where the reading is the cell as it stands: most are, and a second copy would travel too.
    const indexOf = (value: string) => (value === raw ? valueIndex : this.index(value));
    let state: number = ONE;
    if (cell === undefined) state = SKIPPED;
    else if (isCellProblem(cell)) {
      state = REFUSED;
      readings.refused.set(valueIndex, cell);
    } else if (typeof cell === 'number') readings.number[valueIndex] = cell;
    else if (typeof cell === 'string') readings.index[valueIndex] = indexOf(cell);
    else if (cell.length === 0) state = SKIPPED;
    else if (cell.length === 1) {
      readings.index[valueIndex] = indexOf(cell[0]!);
      if (reader.column.field === 'phone') readings.number[valueIndex] = this.phoneCache.numberId(cell[0]!);
    } else {
      state = MANY;
      readings.many.set(
        valueIndex,
        Int32Array.from(
          reader.column.field === 'phone'
            ? cell.flatMap((phone) => [indexOf(phone), this.phoneCache.numberId(phone)])
            : cell.map(indexOf),
        ),
      );
    }
    readings.state[valueIndex] = state;
    return state;
  }

  /** Types every row of a batch: rows refused go to `refused`; `take` then hands the typed rows over. */
  typeRows(packed: PackedRows, refused: RowProblem[]): void {
    this.values = packed.values;
    this.indexes.clear();
    for (const readings of this.readings) readings.reset(packed.values.length);
    this.fieldKeys = this.readers.map((reader) => this.index(reader.column.field!));
    this.extraKeys = this.typer.extraKeys.map(({ index, key }) => ({ index, key: this.index(key) }));
    const { readers, rowState, rowValue } = this;
    const has = (field: string) =>
      readers.some((reader, column) => reader.column.field === field && rowState[column] !== SKIPPED);
    for (let row = 0; row < packed.lines.length; row++) {
      const line = packed.lines[row]!;
      const first = packed.starts[row]!;
      let problem: RowProblem | undefined;
      for (let column = 0; column < readers.length; column++) {
        const valueIndex = packed.cells[first + readers[column]!.column.index]!;
        let state = this.readings[column]!.state[valueIndex]!;
        if (state === UNREAD) state = this.read(column, valueIndex);
        if (state === REFUSED) {
          problem = this.typer.problemAt(line, readers[column]!, this.readings[column]!.refused.get(valueIndex)!);
          break;
        }
        rowState[column] = state;
        rowValue[column] = valueIndex;
      }
      problem ??= this.typer.missingField(line, has);
      if (problem) refused.push(problem);
      else this.add(line, packed.cells, first);
    }
  }

  private add(line: number, cells: Int32Array, first: number): void {
    const { readers, rowState, rowValue } = this;
    this.lines.push(line);
    let score = -1;
    for (let column = 0; column < readers.length; column++) {
      const state = rowState[column]!;
      if (state === SKIPPED) continue;
      const reader = readers[column]!;
      const readings = this.readings[column]!;
      const value = rowValue[column]!;
      if (reader.type === 'money') {
        this.moneyKeys.push(this.fieldKeys[column]!);
        this.money.push(readings.number[value]!);
      } else if (reader.type === 'score') score = readings.number[value]!;
      else if (reader.column.field === 'phone') {
        if (state === ONE) {
          this.phones.push(readings.index[value]!);
          this.phoneIds.push(readings.number[value]!);
        } else {
          const pairs = readings.many.get(value)!;
          for (let at = 0; at < pairs.length; at += 2) {
            this.phones.push(pairs[at]!);
            this.phoneIds.push(pairs[at + 1]!);
          }
        }
      } else if (reader.column.field === 'email') {
        if (state === ONE) this.emails.push(readings.index[value]!);
        else for (const email of readings.many.get(value)!) this.emails.push(email);
      } else {
        // One column per text or date field (RowTyper keeps a second one in extra), so no field is set twice.
        const into = reader.type === 'date' ? this.dates : this.text;
        into.push(this.fieldKeys[column]!);
        into.push(readings.index[value]!);
      }
    }
    this.scores.push(score);
    for (const { index, key } of this.extraKeys) {
      const value = this.values[cells[first + index]!]!;
      const text = value.trim();
      if (!text) continue;
      this.extra.push(key);
      this.extra.push(text === value ? cells[first + index]! : this.index(text));
    }
    this.starts.text.push(this.text.length);
    this.starts.dates.push(this.dates.length);
    this.starts.extra.push(this.extra.length);
    this.starts.money.push(this.moneyKeys.length);
    this.starts.phones.push(this.phones.length);
    this.starts.emails.push(this.emails.length);
  }

  /** The rows typed since the last `take`, as one batch; starts afresh. */
  take(problems: RowProblem[], firstNumber: number, numbers: string[]): TypedBatch {
    const batch: TypedBatch = {
      lines: Int32Array.from(this.lines),
      values: this.values,
      textStarts: Int32Array.from(this.starts.text),
      text: this.text.take(),
      dateStarts: Int32Array.from(this.starts.dates),
      dates: this.dates.take(),
      extraStarts: Int32Array.from(this.starts.extra),
      extra: this.extra.take(),
      moneyStarts: Int32Array.from(this.starts.money),
      moneyKeys: this.moneyKeys.take(),
      money: Float64Array.from(this.money),
      scores: Int8Array.from(this.scores),
      phoneStarts: Int32Array.from(this.starts.phones),
      phones: this.phones.take(),
      phoneIds: this.phoneIds.take(),
      emailStarts: Int32Array.from(this.starts.emails),
      emails: this.emails.take(),
      firstNumber,
      numbers,
      problems,
    };
    this.values = [];
    this.lines = [];
    this.scores = [];
    this.money = [];
    this.starts = { text: [0], dates: [0], extra: [0], money: [0], phones: [0], emails: [0] };
    return batch;
  }
}

/**
 * Types the batches of one journal as the reader hands them on: the first batch is the sample each date and amount
 * column's style is settled from (RowTyper), and every phone is looked up in one PhoneCache, whose number ids stay
 * good for the whole file.
 */
export class BatchTyper {
  private typer: RowTyper | undefined;
  private packed: PackedTyping | undefined;
  private headers: string[] = [];
  private readonly phoneCache: PhoneCache;
  private numbersSent = 0;

  constructor(private readonly typing: TypingSettings) {
    this.phoneCache = new PhoneCache(typing.region);
  }

  head(headers: string[]): void {
    this.headers = headers;
  }

  /** The batch typed; with the first, how the journal's columns were read. Throws what RowTyper throws for a bad header. */
  type(packed: PackedRows, problems: RowProblem[]): { batch: TypedBatch; mapping?: TypedMapping } {
    let mapping: TypedMapping | undefined;
    if (!this.typer) {
      this.typer = new RowTyper(this.typing.kind, this.headers, this.typing.settings, unpackCells(packed));
      const { headerLanguage, mapping: columns, dateStyle } = this.typer.describe({} as Detected);
      mapping = { headerLanguage, mapping: columns, dateStyle };
    }
    this.packed ??= new PackedTyping(this.typer, this.phoneCache);
    const typing = this.packed;
    const refused = [...problems];
    typing.typeRows(packed, refused);
    const numbers = this.phoneCache.numbersFrom(this.numbersSent);
    const batch = typing.take(refused, this.numbersSent, numbers);
    this.numbersSent += numbers.length;
    return { batch, mapping };
  }
}

function unpackCells({ lines, starts, values, cells }: PackedRows): string[][] {
  const rows: string[][] = new Array(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const row: string[] = new Array(starts[i + 1]! - starts[i]!);
    for (let at = starts[i]!, k = 0; at < starts[i + 1]!; at++, k++) row[k] = values[cells[at]!]!;
    rows[i] = row;
  }
  return rows;
}

/** The E.164 text of each number id a journal's batches have named so far (ids are handed out in order). */
export class NumberBook {
  private readonly texts: string[] = [];

  learn(batch: Pick<TypedBatch, 'firstNumber' | 'numbers'>): void {
    if (batch.firstNumber !== this.texts.length) throw new Error('number ids out of order');
    for (const text of batch.numbers) this.texts.push(text);
  }

  numberOf(id: number): string {
    return this.texts[id]!;
  }
}

/** A typed row with the number id of each of its phones (-1 for a phone that is no valid number). */
export interface NumberedRow extends TypedRow {
  phoneIds: number[];
}

function pairsOf(starts: Int32Array, data: Int32Array, values: string[], row: number): Record<string, string> {
  const record: Record<string, string> = {};
  for (let at = starts[row]!; at < starts[row + 1]!; at += 2) record[values[data[at]!]!] = values[data[at + 1]!]!;
  return record;
}

/** The rows of a typed batch as RowTyper gives them, each with its phones' number ids. */
export function unpackTypedRows(batch: TypedBatch): NumberedRow[] {
  const { values } = batch;
  const rows: NumberedRow[] = new Array(batch.lines.length);
  for (let i = 0; i < rows.length; i++) {
    const money: Record<string, number> = {};
    for (let at = batch.moneyStarts[i]!; at < batch.moneyStarts[i + 1]!; at++)
      money[values[batch.moneyKeys[at]!]!] = batch.money[at]!;
    const phones: string[] = [];
    const phoneIds: number[] = [];
    for (let at = batch.phoneStarts[i]!; at < batch.phoneStarts[i + 1]!; at++) {
      phones.push(values[batch.phones[at]!]!);
      phoneIds.push(batch.phoneIds[at]!);
    }
    const emails: string[] = [];
    for (let at = batch.emailStarts[i]!; at < batch.emailStarts[i + 1]!; at++) emails.push(values[batch.emails[at]!]!);
    const row: NumberedRow = {
      line: batch.lines[i]!,
      text: pairsOf(batch.textStarts, batch.text, values, i),
      dates: pairsOf(batch.dateStarts, batch.dates, values, i),
      money,
      phones,
      emails,
      extra: pairsOf(batch.extraStarts, batch.extra, values, i),
      phoneIds,
    };
    if (batch.scores[i]! >= 0) row.score = batch.scores[i]!;
    rows[i] = row;
  }
  return rows;
}
