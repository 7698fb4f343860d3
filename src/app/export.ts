import { existsSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { Client } from '../domain/client.js';
import { InputError, UsageError } from '../errors.js';
import {
  type CsvDialect,
  DEFAULT_DIALECT,
  type ExportEncoding,
  spreadsheetDialect,
  UnencodableError,
  writeCsv,
} from '../exporters/csv.js';
import { type ExportData, jsonDocuments, writeJson } from '../exporters/json.js';
import {
  allRows,
  clientRows,
  clientsTable,
  dealRows,
  dealsTable,
  importRows,
  importsTable,
  npsRows,
  npsTable,
  type TableRows,
  visitRows,
  visitsTable,
} from '../exporters/tables.js';
import type { TypedCell } from '../exporters/typed-cells.js';
import { type VcardVersion, vcardFileBytes, vcardFileName, writeVcard } from '../exporters/vcard.js';
import { type Sheet, type WorkbookType, workbookTypeOf, writeWorkbook } from '../exporters/workbook.js';
import { type DateDisplay, dateDisplay } from '../i18n/dates.js';
import { m } from '../i18n/index.js';
import type { Store, StoreAccess } from '../store/store.js';
import { fileStamp } from './backup.js';
import { regionIn, today } from './context.js';
import { writeOutputDirectory, writeOutputFile } from './output-files.js';

export type ExportFormat = 'csv' | 'json' | 'vcard';
export type SpreadsheetTarget = 'calc' | 'excel';

export interface ExportOptions {
  out?: string;
  format?: ExportFormat;
  /** `crm export vcard`. */
  vcard?: boolean;
  vcardVersion?: VcardVersion;
  onePerClient?: boolean;
  /** A spreadsheet dialect in the configured locale instead of the plain one. */
  for?: SpreadsheetTarget;
  encoding?: ExportEncoding;
  force?: boolean;
}

export interface VcardExportOptions {
  out?: string;
  version?: VcardVersion;
  onePerClient?: boolean;
  force?: boolean;
}

export interface WrittenFile {
  path: string;
  /** What it holds: `42 clients`. */
  holds: string;
}

export interface ExportResult {
  /** The directory (or the single vCard file or workbook) written. */
  out: string;
  files: WrittenFile[];
  /** The spreadsheet locale a `--for` export was written for. */
  locale?: string;
}

/** Everything in one read transaction: a crm writing meanwhile cannot leave a visit whose client is missing. */
function readAll(store: Store): Promise<ExportData> {
  return store.snapshot(async (tx) => ({
    clients: await tx.clients.load(),
    visits: await tx.visits.list(),
    deals: await tx.deals.list(),
    answers: await tx.nps.list(),
    batches: await tx.batches.list(),
  }));
}

/** The configured locale, else the one of LC_ALL / LC_NUMERIC / LANG (`ru_RU.UTF-8` → `ru-RU`), else ru-RU. */
export async function exportLocale(store: StoreAccess, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const configured = await store.settings.get('locale');
  if (configured) return configured;
  for (const variable of [env.LC_ALL, env.LC_NUMERIC, env.LANG]) {
    const match = /^([a-z]{2,3})_([A-Z]{2})\b/.exec(variable ?? '');
    if (match) return `${match[1]}-${match[2]}`;
  }
  return 'ru-RU';
}

export function defaultExportDir(): string {
  return `pocket-crm-export-${fileStamp()}`;
}

/** Refuses, before anything is written, to overwrite an earlier export unless --force. */
function checkTargets(paths: string[], force: boolean | undefined): void {
  const existing = paths.filter((path) => existsSync(path));
  if (existing.length && !force) {
    throw new InputError(m.errors.export.exist({ paths: existing.join(', '), count: existing.length }));
  }
  for (const path of existing) {
    if (statSync(path).isDirectory()) throw new InputError(`${path}: ${m.errors.files.isADirectory}`);
  }
}

function csvFile(name: string, table: Iterable<TypedCell[]>, dialect: CsvDialect): Buffer {
  try {
    return writeCsv(table, dialect);
  } catch (error) {
    if (error instanceof UnencodableError) {
      throw new InputError(m.errors.export.unencodable({ file: name, problem: error.message }));
    }
    throw error;
  }
}

function countsOf(data: ExportData) {
  return {
    clients: m.counts.clients(data.clients.length),
    visits: m.counts.visits(data.visits.length),
    deals: m.counts.deals(data.deals.length),
    nps: m.counts.answers(data.answers.length),
    imports: m.counts.imports(data.batches.length),
  };
}

/** The endings of the files a list command writes one table into (`crm client list -o clients.csv`). */
const ONE_TABLE_FILE = /\.(csv|tsv|txt|md|markdown|html?)$/i;

/**
 * What `-o` names, read from its ending as every `-o` of crm reads it: one workbook, one vCard file, one JSON file; or
 * `undefined`, a directory of files (an existing directory stays one whatever its name). A name that ends as a file of
 * one table is refused: the export is five tables, and a directory named `clients.csv` is not what she asked for.
 */
function fileTargetOf(out: string): 'workbook' | 'vcard' | 'json' | undefined {
  // A name ending in / is a directory whatever it looks like (`-o backup.old/`).
  if (/[/\\]$/.test(out) || (existsSync(out) && statSync(out).isDirectory())) return undefined;
  if (out === '-') throw new UsageError(m.errors.export.notToScreen);
  if (workbookTypeOf(out)) return 'workbook';
  const extension = extname(out).toLowerCase();
  if (extension === '.vcf') return 'vcard';
  if (extension === '.json') return 'json';
  if (ONE_TABLE_FILE.test(out)) {
    const stem = out.slice(0, -extension.length);
    throw new UsageError(m.errors.export.oneTableFile({ out, stem, extension: extension.slice(1) }));
  }
  // Any other file's ending (`.xls`, `.pdf`, `.sqlite`): a directory of that name is not what she asked for either.
  if (/^\.(sqlite3?|db)$/i.test(extension)) throw new UsageError(m.errors.export.databaseFile({ out }));
  if (/^\.[a-z][a-z0-9]{0,5}$/i.test(extension)) {
    throw new UsageError(m.errors.export.unknownEnding({ out, extension: extension.slice(1) }));
  }
  return undefined;
}

/** How she asked for a format, to be named back to her. */
function askedFor(options: ExportOptions): string {
  return options.vcard ? 'crm export vcard' : `--format ${options.format}`;
}

/** `crm export -o all.json`: the JSON files' documents as one object, a key per kind. */
async function exportJsonFile(store: Store, out: string, force: boolean | undefined): Promise<ExportResult> {
  checkTargets([out], force);
  const data = await readAll(store);
  const documents = jsonDocuments(data, today());
  writeOutputFile(out, `${JSON.stringify(documents, null, 2)}\n`);
  return { out, files: [{ path: out, holds: Object.values(countsOf(data)).join(', ') }] };
}

/**
 * `crm export`: every client, visit, deal, NPS answer and import, as CSV files `crm import` reads back (or JSON, or
 * a vCard file) in one directory, or as one workbook when `out` is an .xlsx or .ods file. Everything is rendered
 * before the first file is written.
 */
export async function exportAll(store: Store, options: ExportOptions): Promise<ExportResult> {
  const target = options.out === undefined ? undefined : fileTargetOf(options.out);
  if (options.vcard && options.format && options.format !== 'vcard') {
    throw new UsageError(m.said.export.vcardContradicts({ format: options.format }));
  }
  const format = options.vcard
    ? 'vcard'
    : (options.format ?? (target === 'vcard' || target === 'json' ? target : 'csv'));
  if (target === 'workbook') {
    if (options.vcard || options.format === 'vcard') {
      throw new UsageError(m.errors.export.formatContradictsFile({ asked: askedFor(options), out: options.out! }));
    }
    if (options.format) {
      throw new UsageError(m.errors.export.directoryNotWorkbook({ format: options.format, out: options.out! }));
    }
    if (options.vcardVersion || options.onePerClient) throw new UsageError(m.said.export.vcardOnly);
    if (options.for || options.encoding) throw new UsageError(m.said.export.csvOnly);
    return exportWorkbook(store, options.out!, workbookTypeOf(options.out!)!, options.force);
  }
  if (target && target !== format) {
    throw new UsageError(m.errors.export.formatContradictsFile({ asked: askedFor(options), out: options.out! }));
  }
  if (format !== 'vcard' && (options.vcardVersion || options.onePerClient))
    throw new UsageError(m.said.export.vcardOnly);
  if (format !== 'csv' && (options.for || options.encoding)) throw new UsageError(m.said.export.csvOnly);
  if (format === 'vcard') {
    return exportVcards(store, {
      out: options.out,
      version: options.vcardVersion,
      onePerClient: options.onePerClient,
      force: options.force,
    });
  }
  if (target === 'json') return exportJsonFile(store, options.out!, options.force);
  const out = options.out ?? defaultExportDir();
  const data = await readAll(store);
  const counts = {
    clients: m.counts.clients(data.clients.length),
    visits: m.counts.visits(data.visits.length),
    deals: m.counts.deals(data.deals.length),
    nps: m.counts.answers(data.answers.length),
    imports: m.counts.imports(data.batches.length),
  };
  const contents = new Map<string, { content: string | Buffer; holds: string }>();
  let locale: string | undefined;
  if (format === 'json') {
    for (const [kind, document] of Object.entries(jsonDocuments(data, today()))) {
      contents.set(`${kind}.json`, { content: writeJson(document), holds: counts[kind as keyof typeof counts] });
    }
  } else {
    locale = options.for ? await exportLocale(store) : undefined;
    const dialect = locale
      ? spreadsheetDialect(locale, options.encoding, options.for)
      : { ...DEFAULT_DIALECT, encoding: options.encoding ?? 'utf8' };
    const byId = new Map<number, Client>(data.clients.map((client) => [client.id, client]));
    const region = await regionIn(store);
    // Each table made when its file is written, and let go: the rows of every table at once were the most memory.
    const tables: Array<[keyof typeof counts, () => TableRows]> = [
      ['clients', () => clientRows(data.clients, dialect, region)],
      ['visits', () => visitRows(data.visits, byId, dialect)],
      ['deals', () => dealRows(data.deals, byId, dialect)],
      ['nps', () => npsRows(data.answers, byId, dialect)],
      ['imports', () => importRows(data.batches)],
    ];
    for (const [kind, table] of tables) {
      contents.set(`${kind}.csv`, { content: csvFile(`${kind}.csv`, allRows(table()), dialect), holds: counts[kind] });
    }
  }
  const paths = [...contents.keys()].map((name) => join(out, name));
  checkTargets(paths, options.force);
  writeOutputDirectory(
    out,
    [...contents].map(([name, { content }]) => [name, content] as const),
  );
  const files = [...contents].map(([name, { holds }]) => ({ path: join(out, name), holds }));
  return { out, files, locale };
}

/** How a workbook shows its dates: as the configured locale (`crm config set locale`) writes them, else the person's. */
async function workbookDates(store: StoreAccess): Promise<DateDisplay> {
  const locale = await store.settings.get('locale');
  if (!locale) return dateDisplay();
  return /^ru(?:[-_]|$)/i.test(locale) ? 'dotted' : 'iso';
}

/**
 * `crm export --out x.xlsx|x.ods`: one workbook of a sheet per kind, named as `crm import` looks for it (`clients`,
 * `visits`, `deals`, `nps`), and the import history (`imports`). Each sheet has the columns of that kind's CSV file,
 * its dates and amounts typed, and its phones written as in the plain CSV (text cells keep every character), so that
 * the workbook imports back as the CSV files do.
 */
async function exportWorkbook(
  store: Store,
  out: string,
  type: WorkbookType,
  force: boolean | undefined,
): Promise<ExportResult> {
  checkTargets([out], force);
  const data = await readAll(store);
  const byId = new Map<number, Client>(data.clients.map((client) => [client.id, client]));
  const sheets: Sheet[] = [
    { name: 'clients', rows: clientsTable(data.clients, DEFAULT_DIALECT, await regionIn(store)) },
    { name: 'visits', rows: visitsTable(data.visits, byId, DEFAULT_DIALECT) },
    { name: 'deals', rows: dealsTable(data.deals, byId, DEFAULT_DIALECT) },
    { name: 'nps', rows: npsTable(data.answers, byId, DEFAULT_DIALECT) },
    { name: 'imports', rows: importsTable(data.batches) },
  ];
  const bytes = await writeWorkbook(sheets, { type, dates: await workbookDates(store), file: out });
  writeOutputFile(out, bytes);
  return { out, files: [{ path: out, holds: Object.values(countsOf(data)).join(', ') }] };
}

/**
 * `crm export vcard`: every client as vCard 4.0 (or 3.0 for old phones), in one file or one file per client. `out`
 * ending in `.vcf` names the file; otherwise it is a directory (`clients.vcf` inside).
 */
export async function exportVcards(store: StoreAccess, options: VcardExportOptions): Promise<ExportResult> {
  const version = options.version ?? '4.0';
  const clients = await store.clients.load();
  const out = options.out ?? defaultExportDir();
  const singleFile = extname(out).toLowerCase() === '.vcf';
  if (singleFile && options.onePerClient) {
    throw new UsageError(m.errors.export.onePerClientNeedsDirectory);
  }
  if (singleFile) {
    checkTargets([out], options.force);
    writeOutputFile(out, vcardFileBytes(clients, version));
    return { out, files: [{ path: out, holds: m.counts.clients(clients.length) }] };
  }
  if (!options.onePerClient) {
    const path = join(out, 'clients.vcf');
    checkTargets([path], options.force);
    writeOutputDirectory(out, [['clients.vcf', vcardFileBytes(clients, version)]]);
    return { out, files: [{ path, holds: m.counts.clients(clients.length) }] };
  }
  const cards = clients.map((client) => ({
    path: join(out, vcardFileName(client)),
    text: writeVcard(client, version),
  }));
  checkTargets(
    cards.map((card) => card.path),
    options.force,
  );
  writeOutputDirectory(
    out,
    cards.map((card) => [basename(card.path), card.text] as const),
  );
  return { out, files: [{ path: out, holds: m.said.export.fileEach({ clients: m.counts.clients(cards.length) }) }] };
}
