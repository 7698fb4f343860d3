import { extname } from 'node:path';
import { type DateStyle, isEmptyDateMarker, isSerialColumn, sniffDateStyle } from '../domain/dates.js';
import type { ClientRecord, Detected, RawContact, RowProblem } from '../domain/input.js';
import { composeName, NICKNAME_KEYS, nameKey } from '../domain/names.js';
import { isKnownRegion } from '../domain/phone.js';
import { quoted } from '../domain/row-notes.js';
import { InputError, UsageError } from '../errors.js';
import { timeLocale } from '../i18n/dates.js';
import { m } from '../i18n/index.js';
import { readCsv } from './csv.js';
import { decodeBuffer } from './encoding.js';
import { type CellGrid, type GridRow, onlyTypedValues, parseDateCell, writtenValues } from './grid.js';
import { headerChooser } from './header-row.js';
import {
  type ColumnMapping,
  cleanLabel,
  isFillerValue,
  isOutlookFiller,
  layoutFacts,
  mapHeaders,
  splitValues,
  unknownOverridesError,
} from './headers.js';
import { looksLikeVcard, readVcard } from './vcard.js';

/** What a user can override (and a profile remembers) about how a file is read. */
export interface ImportSettings {
  format?: 'csv' | 'vcard';
  encoding?: string;
  delimiter?: string;
  /** header → field, from `--map "Header=field"`. */
  map?: Record<string, string>;
  dateStyle?: DateStyle;
  /** A workbook's sheet: its name, or its number from 1. */
  sheet?: string;
}

/** `archived` comes only from our own export (its `archived` column); other files never archive anyone. */
export type ClientFileRecord = ClientRecord & { archived?: boolean };

export interface ClientFileRead {
  detected: Detected;
  records: ClientFileRecord[];
  problems: RowProblem[];
  /** A table's header, as its rows' cells are laid out; absent for a vCard. */
  headers?: string[];
}

const VCARD_EXTENSIONS = new Set(['.vcf', '.vcard']);
const CSV_EXTENSIONS = new Set(['.csv', '.tsv', '.txt', '.tab']);

/** Day-first everywhere but in US-style locales, where a slashed date is month-first. */
export function localeDateStyle(env: NodeJS.ProcessEnv = process.env): DateStyle {
  return /^en_(US|PH)\b/.test(timeLocale(env)) ? 'mdy' : 'dmy';
}

export function chooseFormat(buf: Buffer, fileName: string, forced?: string): 'csv' | 'vcard' {
  if (forced) {
    if (forced !== 'csv' && forced !== 'vcard') throw new UsageError(m.errors.read.formatOption({ format: forced }));
    return forced;
  }
  const extension = extname(fileName).toLowerCase();
  if (VCARD_EXTENSIONS.has(extension)) return 'vcard';
  if (CSV_EXTENSIONS.has(extension)) return 'csv';
  return looksLikeVcard(decodeBuffer(buf.subarray(0, 4096)).text) ? 'vcard' : 'csv';
}

export function readClientFile(buf: Buffer, fileName: string, settings: ImportSettings = {}): ClientFileRead {
  if (buf.length === 0) throw new InputError(m.errors.read.emptyFile);
  if (chooseFormat(buf, fileName, settings.format) === 'vcard') {
    const read = readVcard(buf, { encoding: settings.encoding });
    return { ...read, records: read.records.map(withExportedExtraKeys) };
  }
  return clientRecordsOf(
    readCsv(buf, {
      encoding: settings.encoding,
      delimiter: settings.delimiter,
      chooseHeader: headerChooser('clients', settings.map),
    }),
    settings,
  );
}

interface DateColumn {
  column: ColumnMapping;
  style: DateStyle;
  serial: boolean;
  /** Every date in it is a workbook's date cell: no style was guessed. */
  typedOnly: boolean;
}

function dateColumns(columns: ColumnMapping[], rows: GridRow[], settings: ImportSettings): Map<string, DateColumn> {
  const result = new Map<string, DateColumn>();
  for (const field of ['birthday', 'created']) {
    const column = columns.find((c) => c.field === field);
    if (!column) continue;
    const values = writtenValues(rows, column.index);
    result.set(field, {
      column,
      style: settings.dateStyle ?? sniffDateStyle(values, localeDateStyle()),
      serial: isSerialColumn(values),
      typedOnly: onlyTypedValues(rows, column.index),
    });
  }
  return result;
}

function contacts(columns: ColumnMapping[], field: 'phone' | 'email', cells: string[]): RawContact[] {
  const found: RawContact[] = [];
  for (const column of columns) {
    if (column.field !== field) continue;
    const cell = cells[column.index] ?? '';
    const label = column.labelColumn !== undefined ? cleanLabel(cells[column.labelColumn] ?? '') : column.label;
    for (const value of splitValues(cell, column)) found.push(label ? { value, label } : { value });
  }
  return found;
}

function firstValue(columns: ColumnMapping[], field: string, cells: string[]): string | undefined {
  const column = columns.find((c) => c.field === field);
  const value = column ? (cells[column.index] ?? '').trim() : '';
  return value && !isFillerValue(value) ? value : undefined;
}

/**
 * Name from a name column, else from its parts in the order the file puts them (Фамилия Имя Отчество or First Last),
 * else, for a contact that is a company, the company's name.
 */
function nameOfRow(columns: ColumnMapping[], cells: string[]): string | undefined {
  return personName(columns, cells) ?? companyName(columns, cells);
}

function companyName(columns: ColumnMapping[], cells: string[]): string | undefined {
  for (const column of columns) {
    if (!column.names) continue;
    const value = (cells[column.index] ?? '').trim();
    if (value && !isFillerValue(value)) return value;
  }
  return undefined;
}

function personName(columns: ColumnMapping[], cells: string[]): string | undefined {
  const full = firstValue(columns, 'name', cells);
  if (full) return full;
  const parts = ['first_name', 'middle_name', 'last_name']
    .map((field) => columns.find((c) => c.field === field))
    .filter((c): c is ColumnMapping => c !== undefined);
  const first = parts.find((c) => c.field === 'first_name');
  const last = parts.find((c) => c.field === 'last_name');
  const familyFirst = first !== undefined && last !== undefined && last.index < first.index;
  const name = composeName(
    {
      given: firstValue(columns, 'first_name', cells),
      middle: firstValue(columns, 'middle_name', cells),
      family: firstValue(columns, 'last_name', cells),
    },
    familyFirst,
  );
  return name || undefined;
}

/** `--05-17` (Google, vCard) or `17.05`: a day of the year with no year, which a calendar date cannot hold. */
function isYearlessDate(text: string): boolean {
  return /^--\d{2}-?\d{2}$/.test(text) || /^\d{1,2}[./]\d{1,2}\.?$/.test(text);
}

/**
 * Our vCard export writes an extra field that is no vCard property as `itemN.X-PCRM-EXTRA` labelled with its key
 * (`X-ABLabel`), which the vCard reader keeps as `X-PCRM-EXTRA (key)`, and a nickname of another source (Google's
 * `Nickname`, a list's `Прозвище`) as `itemN.NICKNAME` labelled so, kept as `NICKNAME (Прозвище)`: the key is given
 * back its own name.
 */
const EXPORTED_EXTRA = /^(?:X-PCRM-EXTRA|NICKNAME) \((.+)\)$/;

function exportedKey(key: string): string | undefined {
  const match = EXPORTED_EXTRA.exec(key);
  if (!match) return undefined;
  return key.startsWith('X-PCRM-EXTRA') || NICKNAME_KEYS.includes(nameKey(match[1]!)) ? match[1] : undefined;
}

function withExportedExtraKeys(record: ClientRecord): ClientRecord {
  if (!Object.keys(record.extra).some((key) => exportedKey(key) !== undefined)) return record;
  const extra: Record<string, string> = Object.create(null);
  for (const [key, value] of Object.entries(record.extra)) extra[exportedKey(key) ?? key] = value;
  return { ...record, extra };
}

const ARCHIVED_YES = new Set(['yes', 'да', 'true', '1', 'x']);

/** The clients of a table of cells (a CSV file, a sheet of a workbook): its header mapped, each row's values read. */
export function clientRecordsOf(table: CellGrid, settings: ImportSettings): ClientFileRead {
  const cellsOf = table.rows.map((r) => r.cells);
  const mapping = mapHeaders('clients', table.headers, settings.map, cellsOf);
  if (mapping.unknownOverrides.length) {
    throw unknownOverridesError(mapping.unknownOverrides, table.headers);
  }
  const { columns } = mapping;
  const isFiller = mapping.language === 'outlook' ? isOutlookFiller : isFillerValue;
  const dates = dateColumns(columns, table.rows, settings);
  const records: ClientFileRecord[] = [];
  const problems: RowProblem[] = [...table.problems];

  rows: for (const row of table.rows) {
    const parsedDates: Record<string, string | undefined> = {};
    const extra: Record<string, string> = Object.create(null);
    for (const [field, date] of dates) {
      const text = (row.cells[date.column.index] ?? '').trim();
      if (!text || isEmptyDateMarker(text)) continue;
      const type = row.typed?.[date.column.index];
      if (type === undefined && isYearlessDate(text)) {
        extra[date.column.header] = text;
        continue;
      }
      const iso = parseDateCell(text, type, date.style, date.serial);
      if (!iso) {
        problems.push({
          line: row.line,
          field: date.column.header,
          reason: { code: 'notADate', ...quoted(text) },
          cells: row.cells,
        });
        continue rows;
      }
      parsedDates[field] = iso;
    }
    for (const column of columns) {
      if (column.field !== null || column.labelFor !== undefined || column.ignored) continue;
      const value = (row.cells[column.index] ?? '').trim();
      if (value && !isFiller(value)) extra[column.extraKey ?? column.header] = value;
    }
    const tags = columns.filter((c) => c.field === 'tags').flatMap((c) => splitValues(row.cells[c.index] ?? '', c));
    const archived = firstValue(columns, 'archived', row.cells);
    const phoneRegion = firstValue(columns, 'phone_region', row.cells)?.toUpperCase();
    const fileId = firstValue(columns, 'id', row.cells);
    records.push({
      line: row.line,
      name: nameOfRow(columns, row.cells),
      phones: contacts(columns, 'phone', row.cells),
      emails: contacts(columns, 'email', row.cells),
      source: firstValue(columns, 'source', row.cells),
      tags,
      birthday: parsedDates.birthday,
      note: firstValue(columns, 'note', row.cells),
      created: parsedDates.created,
      extra,
      ...(archived === undefined ? {} : { archived: ARCHIVED_YES.has(archived.toLowerCase()) }),
      ...(phoneRegion && isKnownRegion(phoneRegion) ? { region: phoneRegion } : {}),
      ...(fileId ? { fileId } : {}),
      cells: row.cells,
    });
  }

  const birthday = dates.get('birthday') ?? dates.get('created');
  return {
    detected: {
      ...table.detected,
      headerLanguage: mapping.language,
      ...layoutFacts(mapping),
      mapping: columns
        .filter((c) => c.labelFor === undefined && !c.ignored)
        .map((c) => ({ header: c.header, field: c.field, ...(c.reason ? { reason: c.reason } : {}) })),
      dateStyle: birthday && !birthday.typedOnly ? birthday.style : undefined,
    },
    records,
    problems,
    headers: table.headers,
  };
}
