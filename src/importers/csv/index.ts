/**
 * The streaming CSV reader: a file read in batches of rows (openCsvStream, an async iterable with a bounded number
 * read ahead), in a thread of its own where the build has one. How it reads (the byte reader, value interning, the
 * worker and how it hands its messages over) is this folder's business; readers outside it use what this module
 * exports. The one other door is thread.ts, which `crm import` loads alone to start the thread early (it must not
 * wait for the reader's own modules).
 */
export type { RowAnnotation } from './annotate.js';
export {
  type CsvBatch,
  type CsvStream,
  type CsvStreamOptions,
  openCsvStream,
} from './batches.js';
export {
  BATCH_ROWS,
  type BatchMessage as CsvBatchMessage,
  type CsvStreamSettings,
  type Message as CsvMessage,
  packRows,
  SAMPLE_ROWS,
  sniffCsvFile,
  unpackRows,
} from './stream.js';
export type { CsvThread } from './thread.js';
