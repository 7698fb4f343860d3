import { type DateStyle, isEmptyDateMarker, isSerialColumn, sniffDateStyle } from '../domain/dates.js';
import { type Detected, listHeaders, type RecordFileRead, type RowProblem, type TypedRow } from '../domain/input.js';
import type { RecordKind } from '../domain/kinds.js';
import {
  type DecimalSeparator,
  localeDecimalSeparator,
  type ParsedMoney,
  parseMoney,
  signLostInCodePage,
  sniffDecimalSeparator,
  withoutLostSign,
} from '../domain/money.js';
import { quoted, type RowNote } from '../domain/row-notes.js';
import { InputError } from '../errors.js';
import { m } from '../i18n/index.js';
import { localeDateStyle } from './client-file.js';
import { readCsv } from './csv.js';
import { isSingleByteCodePage } from './encoding.js';
import { type CellGrid, type GridRow, onlyTypedValues, parseDateCell, writtenHeaders, writtenValues } from './grid.js';
import { headerChooser } from './header-row.js';
import {
  type ColumnMapping,
  isFillerValue,
  layoutFacts,
  mapHeaders,
  maySplitContacts,
  splitContacts,
  splitValues,
  unknownOverridesError,
  withoutTextMark,
} from './headers.js';

/** How a journal is read: the same overrides as a client import. */
export interface RecordSettings {
  encoding?: string;
  delimiter?: string;
  map?: Record<string, string>;
  dateStyle?: DateStyle;
}

/**
 * What the database says about reading a journal, beside the file's own settings (which a profile remembers): its
 * currency, and the locale numbers are written in when the configuration names one.
 */
export interface ReadingContext {
  /** ISO 4217: an amount marked with another currency (`4500 USD`, `€90`) is refused. Unset: any mark is dropped. */
  currency?: string;
  /** `en-US`: a lone `4,500` groups thousands unless the column proves otherwise. Unset: LC_ALL / LC_NUMERIC / LANG. */
  locale?: string;
}

type FieldType = 'text' | 'date' | 'money' | 'score';

const FIELD_TYPES: Record<RecordKind, Record<string, FieldType>> = {
  visits: {
    date: 'date',
    client: 'text',
    phone: 'text',
    email: 'text',
    amount: 'money',
    service: 'text',
    note: 'text',
  },
  deals: {
    created: 'date',
    client: 'text',
    company: 'text',
    phone: 'text',
    email: 'text',
    title: 'text',
    amount: 'money',
    source: 'text',
    stage: 'text',
    qualified: 'date',
    deal: 'date',
    won: 'date',
    lost: 'date',
    junk: 'date',
    closed: 'date',
    reason: 'text',
  },
  nps: { date: 'date', client: 'text', phone: 'text', email: 'text', score: 'score', improve: 'text', liked: 'text' },
};

const REQUIRED: Record<RecordKind, string[]> = {
  visits: ['date', 'amount'],
  deals: ['created'],
  nps: ['date', 'score'],
};

interface ColumnReader {
  column: ColumnMapping;
  type: FieldType;
  dateStyle?: DateStyle;
  serial?: boolean;
  /** A date column whose every date is a workbook's date cell: its style was nobody's guess. */
  typedOnly?: boolean;
  decimal?: ',' | '.';
  /** Parsed values by text: a journal's dates and amounts repeat, and parsing them is most of a row's cost. */
  seen: Map<string, string | ParsedMoney>;
  /** A bit of its own when its field is a required one (REQUIRED), else 0. */
  requiredBit: number;
}

/** Outlook's `0.0.00`: a date that was never set, not a bad one. */
const EMPTY_DATE = '';
/** A text that is no date, remembered as such (a null would read as "not parsed yet" and be parsed again). */
const NOT_A_DATE = '!';

/** Remembers a column's parse of a text (bounded, for columns that never repeat). */
function remember<T extends string | ParsedMoney>(reader: ColumnReader, text: string, value: T): T {
  if (reader.seen.size >= 50_000) reader.seen.clear();
  reader.seen.set(text, value);
  return value;
}

function problemAt(line: number, reader: ColumnReader, reason: RowNote): RowProblem {
  return { line, field: reader.column.header, reason };
}

/** A column read into a field. */
type ReadColumn = ColumnMapping & { field: string };

/** The columns read into fields, in order. */
function readColumns(columns: ColumnMapping[]): ReadColumn[] {
  const read: ReadColumn[] = [];
  const seen = new Set<string>();
  for (const column of columns) {
    if (column.field === null || column.labelFor !== undefined || column.ignored) continue;
    // A second column of a single-valued field is kept in extra, as the client import does.
    if (seen.has(column.field) && column.field !== 'phone' && column.field !== 'email') continue;
    seen.add(column.field);
    read.push(column as ReadColumn);
  }
  return read;
}

/**
 * The journal's phone columns, in the order a typed row lists their phones, when each holds one phone a cell (the
 * phones a reading thread can number by cell); undefined when a column holds several.
 */
export function singlePhoneColumns(
  kind: RecordKind,
  headers: string[],
  settings: RecordSettings,
): number[] | undefined {
  const phones = readColumns(mapHeaders(kind, headers, settings.map).columns).filter((c) => c.field === 'phone');
  return phones.every((c) => c.separator === undefined) ? phones.map((c) => c.index) : undefined;
}

/** The column of a journal's client names, when one column holds them. */
export function clientNameColumn(kind: RecordKind, headers: string[], settings: RecordSettings): number | undefined {
  const names = readColumns(mapHeaders(kind, headers, settings.map).columns).filter((c) => c.field === 'client');
  return names.length === 1 ? names[0]!.index : undefined;
}

function columnReaders(
  kind: RecordKind,
  columns: ColumnMapping[],
  sample: readonly GridRow[],
  settings: RecordSettings,
  decimal: DecimalSeparator,
) {
  const readers: ColumnReader[] = [];
  for (const column of readColumns(columns)) {
    const type = FIELD_TYPES[kind][column.field] ?? 'text';
    // Only dates and amounts have a style to settle: other columns' samples are not gathered.
    const values = type === 'date' || type === 'money' ? writtenValues(sample, column.index) : [];
    // A date style is settled by which forms occur, not how often: each distinct value is looked at once.
    const dates = type === 'date' ? [...new Set(values)] : [];
    readers.push({
      column,
      type,
      dateStyle: type === 'date' ? (settings.dateStyle ?? sniffDateStyle(dates, localeDateStyle())) : undefined,
      serial: type === 'date' ? isSerialColumn(dates) : undefined,
      typedOnly: type === 'date' ? onlyTypedValues(sample, column.index) : undefined,
      decimal: type === 'money' ? sniffDecimalSeparator(values, decimal) : undefined,
      seen: new Map(),
      requiredBit: 0,
    });
  }
  return readers;
}

function parseScoreCell(text: string): number | undefined {
  return /^\d{1,2}$/.test(text) && Number(text) <= 10 ? Number(text) : undefined;
}

/**
 * Types the rows of one journal: maps its header, settles each date and amount column's style from a sample of
 * rows, then parses row after row. A row with an unreadable value, or without a required one, becomes a problem
 * naming its line and column.
 */
export class RowTyper {
  private readonly readers: ColumnReader[];
  /** The reader of each required field, in REQUIRED's order. */
  private readonly required: ColumnReader[];
  private readonly readerColumns: Set<number>;
  private readonly columns: ColumnMapping[];
  /** The columns kept in a row's extra, found once rather than for each of a million rows. */
  private readonly extraColumns: ColumnMapping[];
  readonly language: string;
  private readonly currency: string | undefined;
  private readonly facts: ReturnType<typeof layoutFacts>;
  /** The currency sign a `?` stands for (readSignsLostIn), and how many amounts were read with it. */
  private lostSign: string | undefined;
  private signsLost = 0;

  /**
   * `sample` holds the cells of the rows a column's style is settled from; `sampleTypes`, for a workbook, which of
   * them were typed cells (by row, as GridRow.typed).
   */
  constructor(
    kind: RecordKind,
    headers: string[],
    settings: RecordSettings,
    sample: string[][],
    context: ReadingContext = {},
    sampleTypes?: ReadonlyArray<GridRow['typed']>,
  ) {
    const mapping = mapHeaders(kind, headers, settings.map, sample);
    this.currency = context.currency;
    if (mapping.unknownOverrides.length) {
      throw unknownOverridesError(mapping.unknownOverrides, headers);
    }
    this.columns = mapping.columns;
    this.language = mapping.language;
    this.facts = layoutFacts(mapping);
    const sampleRows = sample.map((cells, i) => ({ line: 0, cells, typed: sampleTypes?.[i] }));
    this.readers = columnReaders(kind, mapping.columns, sampleRows, settings, localeDecimalSeparator(context.locale));
    const mapped = new Set(this.readers.map((r) => r.column.field));
    const missing = REQUIRED[kind].filter((field) => !mapped.has(field));
    if (missing.length) {
      throw new InputError(
        m.errors.read.noColumn({
          fields: missing.map((field) => m.rows.requiredFields[field] ?? field).join(', '),
          headers: listHeaders(writtenHeaders(headers)),
          first: missing[0]!,
        }),
      );
    }
    const hasIdentity = ['client', 'phone', 'email'].some((field) => mapped.has(field));
    if (kind !== 'deals' && !hasIdentity) {
      throw new InputError(m.errors.read.noClientColumn({ headers: listHeaders(writtenHeaders(headers)) }));
    }
    this.readerColumns = new Set(this.readers.map((r) => r.column.index));
    // In REQUIRED's order, so that a row missing two fields names the first, as before.
    this.required = REQUIRED[kind].map((field, i) => {
      const reader = this.readers.find((r) => r.column.field === field)!;
      reader.requiredBit = 1 << i;
      return reader;
    });
    this.extraColumns = this.columns.filter(
      (column) => !this.readerColumns.has(column.index) && column.labelFor === undefined && !column.ignored,
    );
  }

  /**
   * From here on, reads a `?` where an amount's currency sign stands as the sign the file's code page lost, when
   * `encoding` is a single-byte one (Calc saving `1 500,00 ₽` in Windows-1251 writes `1 500,00 ?`).
   */
  readSignsLostIn(encoding: string | undefined): void {
    this.lostSign = isSingleByteCodePage(encoding) ? signLostInCodePage(this.currency) : undefined;
  }

  /** The amounts read so far whose sign the code page lost, for the summary; undefined when there were none. */
  get currencySignsLost(): Detected['currencySignsLost'] {
    return this.signsLost > 0 ? { sign: this.lostSign!, amounts: this.signsLost } : undefined;
  }

  /** An amount its parse refused read again without a `?` where its currency sign stood; undefined if none. */
  private amountWithLostSign(reader: ColumnReader, text: string): { minor: number } | undefined {
    const rest = withoutLostSign(text);
    if (rest === undefined) return undefined;
    const parsed = parseMoney(rest, { decimal: reader.decimal, currency: this.currency });
    if ('error' in parsed) return undefined;
    this.signsLost++;
    return parsed;
  }

  /** Whether rows may carry extra values: the file has columns that map to no field. */
  get keepsExtra(): boolean {
    return this.extraColumns.length > 0;
  }

  /** What the import prints before it writes: each header's field, and the date style settled on. */
  describe(detected: Detected): Detected {
    const firstDate = this.readers.find((r) => r.type === 'date');
    return {
      ...detected,
      headerLanguage: this.language,
      ...this.facts,
      mapping: this.columns
        .filter((c) => c.labelFor === undefined && !c.ignored)
        .map((c) => ({
          header: c.header,
          field: this.readerColumns.has(c.index) ? c.field : null,
          ...(c.reason ? { reason: c.reason } : {}),
        })),
      dateStyle: firstDate && !firstDate.typedOnly ? firstDate.dateStyle : undefined,
    };
  }

  /**
   * Types one row; `cells` as GridRow holds them, trimmed (the readers clean every cell); `typed`, a workbook's
   * typed cells, which are read as what they are rather than by the column's guessed style.
   */
  type(line: number, cells: string[], typed?: GridRow['typed']): TypedRow | RowProblem {
    // phoneIds laid out with the rest, unset: a streamed journal sets it on each row (read-rows.ts), and a property
    // added afterwards costs every row an array of out-of-object properties.
    const row: TypedRow = {
      line,
      text: {},
      dates: {},
      money: {},
      phones: [],
      emails: [],
      extra: {},
      phoneIds: undefined,
      nameHash: undefined,
      cells,
    };
    // The required fields this row has, as bits: asking the records for them (`in`) was a fifth of a row's cost.
    let present = 0;
    for (const reader of this.readers) {
      const field = reader.column.field!;
      const text = cells[reader.column.index] ?? '';
      if (!text) continue;
      // A workbook's typed cell is read as what it is; its text would mean something else to the column's cache.
      const cellType = typed?.[reader.column.index];
      // Parses are looked up before anything is built: this runs for every cell of a million-row journal.
      switch (reader.type) {
        case 'date': {
          const iso =
            cellType !== undefined
              ? (parseDateCell(text, cellType, reader.dateStyle!, reader.serial) ?? NOT_A_DATE)
              : ((reader.seen.get(text) as string | undefined) ??
                remember(
                  reader,
                  text,
                  isEmptyDateMarker(text)
                    ? EMPTY_DATE
                    : (parseDateCell(text, undefined, reader.dateStyle!, reader.serial) ?? NOT_A_DATE),
                ));
          if (iso === EMPTY_DATE) continue;
          if (iso === NOT_A_DATE) return problemAt(line, reader, { code: 'notADate', ...quoted(text) });
          row.dates[field] = iso;
          present |= reader.requiredBit;
          break;
        }
        case 'money': {
          let parsed =
            cellType === 'number'
              ? parseMoney(text, { decimal: '.', currency: this.currency })
              : ((reader.seen.get(text) as ParsedMoney | undefined) ??
                remember(reader, text, parseMoney(text, { decimal: reader.decimal, currency: this.currency })));
          if ('error' in parsed) {
            const withSign = this.lostSign === undefined ? undefined : this.amountWithLostSign(reader, text);
            if (withSign === undefined)
              return problemAt(line, reader, { code: 'badAmount', ...quoted(text), problem: parsed.error });
            parsed = withSign;
          }
          if (parsed.minor < 0) return problemAt(line, reader, { code: 'negativeAmount', ...quoted(text) });
          row.money[field] = parsed.minor;
          present |= reader.requiredBit;
          break;
        }
        case 'score': {
          const score = parseScoreCell(text);
          if (score === undefined) return problemAt(line, reader, { code: 'notAScore', ...quoted(text) });
          row.score = score;
          present |= reader.requiredBit;
          break;
        }
        default:
          if (field === 'phone' || field === 'email') {
            const list = field === 'phone' ? row.phones : row.emails;
            // A column of one value per cell: the trimmed cell is the value, unless it lists several (splitContacts).
            if (reader.column.separator !== undefined)
              for (const value of splitValues(text, reader.column)) list.push(value);
            else if (!maySplitContacts(text)) {
              const value = field === 'phone' ? withoutTextMark(text) : text;
              // A row's first contact starts a list of its size: one pushed to an empty list grows room for sixteen,
              // a million rows' worth.
              if (list.length > 0) list.push(value);
              else if (field === 'phone') row.phones = [value];
              else row.emails = [value];
            } else for (const value of splitContacts(text, field)) list.push(value);
          } else row.text[field] ??= text;
      }
    }
    if (present !== (1 << this.required.length) - 1) {
      const missing = this.required.find((reader) => (present & reader.requiredBit) === 0)!;
      return { line, field: missing.column.header, reason: { code: 'missing', field: missing.column.field! } };
    }
    for (const column of this.extraColumns) {
      const value = cells[column.index] ?? '';
      if (value && !isFillerValue(value)) setExtra(row.extra, column.extraKey ?? column.header, value);
    }
    return row;
  }
}

/**
 * Keeps a column under its header, whatever the header: assigned, `__proto__` would set the row's prototype and the
 * column would vanish. (A row's `extra` stays a plain object: it is made for every row of a million-row journal.)
 */
function setExtra(extra: Record<string, string>, key: string, value: string): void {
  if (key === '__proto__')
    Object.defineProperty(extra, key, { value, enumerable: true, writable: true, configurable: true });
  else extra[key] = value;
}

export function isProblem(value: TypedRow | RowProblem): value is RowProblem {
  return 'reason' in value;
}

/** A journal typed whole, and whether its rows may carry extra values (RowTyper.keepsExtra). */
export type TypedGrid = RecordFileRead & { keepsExtra: boolean; headers: string[] };

/**
 * Types every row of a table of cells (a CSV file, a sheet of a workbook), each column's style settled from all of
 * them.
 */
export function typeGrid(
  table: CellGrid,
  kind: RecordKind,
  settings: RecordSettings = {},
  context: ReadingContext = {},
): TypedGrid {
  const typer = new RowTyper(
    kind,
    table.headers,
    settings,
    table.rows.map((r) => r.cells),
    context,
    table.rows.some((r) => r.typed) ? table.rows.map((r) => r.typed) : undefined,
  );
  typer.readSignsLostIn(table.detected.encoding);
  const rows: TypedRow[] = [];
  const problems: RowProblem[] = [...table.problems];
  for (const { line, cells, typed } of table.rows) {
    const row = typer.type(line, cells, typed);
    if (isProblem(row)) problems.push({ ...row, cells });
    else rows.push(row);
  }
  // In file order, as a streamed journal's: the rows the reader refused among those the typer did.
  problems.sort((a, b) => a.line - b.line);
  const detected = typer.describe(table.detected);
  const currencySignsLost = typer.currencySignsLost;
  if (currencySignsLost) detected.currencySignsLost = currencySignsLost;
  return { detected, rows, problems, keepsExtra: typer.keepsExtra, headers: table.headers };
}

/** Reads a whole (small) CSV journal at once: deals and NPS files, and the tests. Visits stream (read-rows.ts). */
export function readRecordFile(
  buf: Buffer,
  kind: RecordKind,
  settings: RecordSettings = {},
  context: ReadingContext = {},
): TypedGrid {
  if (buf.length === 0) throw new InputError(m.errors.read.emptyFile);
  return typeGrid(
    readCsv(buf, {
      encoding: settings.encoding,
      delimiter: settings.delimiter,
      chooseHeader: headerChooser(kind, settings.map),
    }),
    kind,
    settings,
    context,
  );
}
