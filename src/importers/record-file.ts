import { parseMoney, sniffDecimalSeparator } from '../domain/money.js';
import { InputError, UsageError } from '../errors.js';
import { localeDateStyle } from './client-file.js';
import { readCsv } from './csv.js';
import { type DateStyle, isEmptyDateMarker, isSerialColumn, parseDate, sniffDateStyle } from './dates.js';
import { type ColumnMapping, mapHeaders, type RecordKind, splitValues } from './headers.js';
import type { Detected, RowProblem } from './types.js';

/** Visits, deals and NPS answers come from CSV only; the same overrides as a client import apply. */
export interface RecordSettings {
  encoding?: string;
  delimiter?: string;
  map?: Record<string, string>;
  dateStyle?: DateStyle;
}

type FieldType = 'text' | 'date' | 'money' | 'score';

const FIELD_TYPES: Record<Exclude<RecordKind, 'clients'>, Record<string, FieldType>> = {
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
    reason: 'text',
  },
  nps: { date: 'date', client: 'text', phone: 'text', email: 'text', score: 'score', improve: 'text', liked: 'text' },
};

const REQUIRED: Record<Exclude<RecordKind, 'clients'>, string[]> = {
  visits: ['date', 'amount'],
  deals: ['created'],
  nps: ['date', 'score'],
};

/** One row with every field parsed: dates `YYYY-MM-DD`, money in minor units, a score 0..10, text trimmed. */
export interface TypedRow {
  line: number;
  text: Record<string, string>;
  dates: Record<string, string>;
  money: Record<string, number>;
  score?: number;
  phones: string[];
  emails: string[];
  extra: Record<string, string>;
}

export interface RecordFileRead {
  detected: Detected;
  rows: TypedRow[];
  problems: RowProblem[];
}

interface ColumnReader {
  column: ColumnMapping;
  type: FieldType;
  dateStyle?: DateStyle;
  serial?: boolean;
  decimal?: ',' | '.';
}

function columnReaders(
  kind: Exclude<RecordKind, 'clients'>,
  columns: ColumnMapping[],
  cells: string[][],
  settings: RecordSettings,
) {
  const readers: ColumnReader[] = [];
  const seen = new Set<string>();
  for (const column of columns) {
    if (column.field === null || column.labelFor !== undefined || column.ignored) continue;
    // A second column of a single-valued field is kept in extra, as the client import does.
    if (seen.has(column.field) && column.field !== 'phone' && column.field !== 'email') continue;
    seen.add(column.field);
    const type = FIELD_TYPES[kind][column.field] ?? 'text';
    const values = cells.map((row) => (row[column.index] ?? '').trim()).filter((v) => v && !isEmptyDateMarker(v));
    readers.push({
      column,
      type,
      dateStyle: type === 'date' ? (settings.dateStyle ?? sniffDateStyle(values, localeDateStyle())) : undefined,
      serial: type === 'date' ? isSerialColumn(values) : undefined,
      decimal: type === 'money' ? sniffDecimalSeparator(values) : undefined,
    });
  }
  return readers;
}

function parseScoreCell(text: string): number | undefined {
  return /^\d{1,2}$/.test(text) && Number(text) <= 10 ? Number(text) : undefined;
}

/**
 * Reads a visits, deals or NPS journal: maps the headers, sniffs each date and amount column, and parses every row.
 * A row with an unreadable value, or without a required one, becomes a problem naming its line and column.
 */
export function readRecordFile(
  buf: Buffer,
  kind: Exclude<RecordKind, 'clients'>,
  settings: RecordSettings = {},
): RecordFileRead {
  if (buf.length === 0) throw new InputError('empty file');
  const table = readCsv(buf, { encoding: settings.encoding, delimiter: settings.delimiter });
  const mapping = mapHeaders(kind, table.headers, settings.map);
  if (mapping.unknownOverrides.length) {
    throw new UsageError(
      `--map names ${mapping.unknownOverrides.map((h) => `'${h}'`).join(', ')}, not a header of this file (headers: ${table.headers.join(', ')})`,
    );
  }
  const readers = columnReaders(
    kind,
    mapping.columns,
    table.rows.map((r) => r.cells),
    settings,
  );
  const mapped = new Set(readers.map((r) => r.column.field));
  const missing = REQUIRED[kind].filter((field) => !mapped.has(field));
  if (missing.length) {
    throw new InputError(
      `no column for ${missing.join(', ')} (headers: ${table.headers.join(', ')}); name it with --map "Header=${missing[0]}"`,
    );
  }
  const hasIdentity = ['client', 'phone', 'email'].some((field) => mapped.has(field));
  if (kind !== 'deals' && !hasIdentity) {
    throw new InputError(`no client, phone or e-mail column (headers: ${table.headers.join(', ')})`);
  }
  const readerColumns = new Set(readers.map((r) => r.column.index));

  const rows: TypedRow[] = [];
  const problems: RowProblem[] = [...table.problems];
  nextRow: for (const { line, cells } of table.rows) {
    const row: TypedRow = { line, text: {}, dates: {}, money: {}, phones: [], emails: [], extra: {} };
    for (const reader of readers) {
      const field = reader.column.field!;
      const text = (cells[reader.column.index] ?? '').trim();
      if (!text || (reader.type === 'date' && isEmptyDateMarker(text))) continue;
      const fail = (reason: string) => problems.push({ line, field: reader.column.header, reason });
      switch (reader.type) {
        case 'date': {
          const iso = parseDate(text, reader.dateStyle!, { serial: reader.serial });
          if (!iso) {
            fail(`'${text}' is not a date`);
            continue nextRow;
          }
          row.dates[field] = iso;
          break;
        }
        case 'money': {
          const parsed = parseMoney(text, { decimal: reader.decimal });
          if ('error' in parsed) {
            fail(`'${text}': ${parsed.error}`);
            continue nextRow;
          }
          if (parsed.minor < 0) {
            fail(`'${text}' is negative`);
            continue nextRow;
          }
          row.money[field] = parsed.minor;
          break;
        }
        case 'score': {
          const score = parseScoreCell(text);
          if (score === undefined) {
            fail(`'${text}' is not a score from 0 to 10`);
            continue nextRow;
          }
          row.score = score;
          break;
        }
        default:
          if (field === 'phone') row.phones.push(...splitValues(text, reader.column));
          else if (field === 'email') row.emails.push(...splitValues(text, reader.column));
          else row.text[field] ??= text;
      }
    }
    for (const field of REQUIRED[kind]) {
      const present = field in row.dates || field in row.money || (field === 'score' && row.score !== undefined);
      if (!present) {
        const header = readers.find((r) => r.column.field === field)!.column.header;
        problems.push({ line, field: header, reason: `no ${field}` });
        continue nextRow;
      }
    }
    for (const column of mapping.columns) {
      if (readerColumns.has(column.index) || column.labelFor !== undefined || column.ignored) continue;
      const value = (cells[column.index] ?? '').trim();
      if (value) row.extra[column.header] = value;
    }
    rows.push(row);
  }

  const firstDate = readers.find((r) => r.type === 'date');
  return {
    detected: {
      ...table.detected,
      headerLanguage: mapping.language,
      mapping: mapping.columns
        .filter((c) => c.labelFor === undefined && !c.ignored)
        .map((c) => ({ header: c.header, field: readerColumns.has(c.index) ? c.field : null })),
      dateStyle: firstDate?.dateStyle,
    },
    rows,
    problems,
  };
}
