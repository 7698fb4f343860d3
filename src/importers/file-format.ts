/**
 * Tells what a file is from its content first and its name second: a workbook's bytes say what it is whatever it is
 * called (an `.xls` from a web CRM is an HTML table, an `.xls` from a web shop often a tab-separated text), and the
 * name then decides between the text formats.
 */
import { extname } from 'node:path';
import type { FileFormat, WorkbookFormat } from '../domain/input.js';
import { InputError } from '../errors.js';
import { m } from '../i18n/index.js';
import { chooseFormat } from './client-file.js';

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** The OLE2 compound file: an `.xls` of Excel 97-2003, or an Excel or Calc workbook saved with a password. */
const OLE2_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
/** An OpenDocument file's first entry, `mimetype`, stored uncompressed: its type is readable at byte 38. */
const ODF_MIMETYPE = 'application/vnd.oasis.opendocument.';

const WORKBOOK_EXTENSIONS: Readonly<Record<string, WorkbookFormat>> = {
  '.ods': 'ods',
  '.ots': 'ods',
  '.fods': 'fods',
  '.xlsx': 'xlsx',
  '.xlsm': 'xlsx',
  '.xltx': 'xlsx',
  '.xls': 'xls',
  '.htm': 'html',
  '.html': 'html',
};

/** How much of a file's beginning tells its format. */
export const FORMAT_SNIFF_BYTES = 64 * 1024;

/**
 * A workbook's format from its bytes (the first FORMAT_SNIFF_BYTES are enough to tell a workbook from a text file),
 * or undefined for a text file. An OpenDocument or Office file that is no spreadsheet is refused here, naming what
 * it is.
 */
export function sniffWorkbook(bytes: Buffer, fileName: string): WorkbookFormat | undefined {
  if (bytes.subarray(0, 4).equals(ZIP_MAGIC)) {
    const format = zipFormat(bytes);
    if (format) return format;
  }
  const head = bytes.subarray(0, FORMAT_SNIFF_BYTES);
  if (head.subarray(0, 8).equals(OLE2_MAGIC)) return 'xls';
  const text = markupStart(head);
  if (text !== undefined) {
    if (/<office:document[\s>]/.test(text)) return 'fods';
    if (/<table[\s>]/i.test(text)) return 'html';
  }
  // Binary bytes under a workbook's name: a damaged workbook (its reader says so), never a text file.
  const named = WORKBOOK_EXTENSIONS[extname(fileName).toLowerCase()];
  if (named && named !== 'html' && head.subarray(0, 8 * 1024).includes(0)) return named;
  return undefined;
}

/**
 * Whether bytes begin as a workbook of `format` does: a file named `.xlsx` whose bytes are not a ZIP archive is
 * damaged, and must not be read as whatever else they might parse as.
 */
export function hasWorkbookSignature(bytes: Buffer, format: WorkbookFormat): boolean {
  switch (format) {
    case 'ods':
    case 'xlsx':
      return bytes.subarray(0, 4).equals(ZIP_MAGIC);
    case 'xls':
      return bytes.subarray(0, 8).equals(OLE2_MAGIC);
    case 'fods':
      return /<office:document[\s>]/.test(markupStart(bytes.subarray(0, FORMAT_SNIFF_BYTES)) ?? '');
    case 'html':
      return markupStart(bytes.subarray(0, FORMAT_SNIFF_BYTES)) !== undefined;
  }
}

/** A ZIP archive's workbook format; undefined for an archive (or bytes that only begin like one) of something else. */
function zipFormat(bytes: Buffer): WorkbookFormat | undefined {
  const start = bytes.subarray(0, 200).toString('latin1');
  const odf = start.indexOf(ODF_MIMETYPE);
  if (odf >= 0) {
    // The type's first word (`text` of `text-template`): the archive's next entry follows it at once (`textPK…`).
    const type = /^[a-z]+/.exec(start.slice(odf + ODF_MIMETYPE.length))?.[0] ?? '';
    if (type === 'spreadsheet') return 'ods';
    throw new InputError(m.errors.read.openDocument({ type: type || 'file' }));
  }
  // An Office Open XML package names its parts in the archive: a workbook has xl/, a Word document word/.
  if (bytes.includes('xl/')) return 'xlsx';
  if (bytes.includes('word/') || bytes.includes('ppt/')) throw new InputError(m.errors.read.wordDocument);
  if (bytes.includes('[Content_Types].xml')) return 'xlsx';
  return undefined;
}

/** The beginning of a file that starts, after a BOM and blank space, with markup (`<?xml`, `<html`, `<meta`...). */
function markupStart(head: Buffer): string | undefined {
  let text: string;
  if (head[0] === 0xff && head[1] === 0xfe) text = head.subarray(2).toString('utf16le');
  else text = head.toString('utf8').replace(/^\uFEFF/, '');
  text = text.trimStart();
  return text.startsWith('<') ? text : undefined;
}

/**
 * A file's format: the one the user forced (csv or vcard), else a workbook's by its content, else CSV or vCard by
 * the name's extension and the content.
 */
export function detectFileFormat(bytes: Buffer, fileName: string, forced?: string): FileFormat {
  if (forced) return chooseFormat(bytes, fileName, forced);
  return sniffWorkbook(bytes, fileName) ?? chooseFormat(bytes, fileName);
}
