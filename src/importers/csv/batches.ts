/**
 * A CSV file read as an async iterable of batches: the reader's messages (from its thread, or from the reading
 * in-line) queued until the consumer takes them, with at most IN_FLIGHT batches read ahead of it, so that a file of
 * a million rows never sits in memory however slow the consumer is.
 */
import { MessageChannel } from 'node:worker_threads';
import type { Detected, RowProblem } from '../../domain/input.js';
import { InputError } from '../../errors.js';
import { m } from '../../i18n/index.js';
import type { CsvRow } from '../csv.js';
import { annotated, type RowAnnotation } from './annotate.js';
import { handOffCounters, IN_FLIGHT, MessageReceiver } from './handoff.js';
import {
  type CsvJob,
  type CsvStreamSettings,
  type Message,
  parseCsvFile,
  type ReadingStop,
  type SniffedCsv,
  sniffCsvFile,
  unpackRows,
} from './stream.js';
import { CsvThread } from './thread.js';

/** A batch as the consumer takes it: rows and problems in file order, how far the reader is, what an annotation added. */
export interface CsvBatch {
  rows: CsvRow[];
  problems: RowProblem[];
  /** Bytes of the file read when the batch was sent. */
  bytes: number;
  /** What a row annotation added to the batch (annotate.ts), if one did. */
  annotation?: unknown;
}

/** A CSV file being read: what its head told and the sample, known once it is open; then its batches. */
export interface CsvStream {
  /** Encoding, BOM, delimiter and line endings, from the head of the file. */
  detected: Detected;
  /** The file's size in bytes. */
  size: number;
  headers: string[];
  /**
   * The cells of the first rows (the reader's first batch with rows, SAMPLE_ROWS of them in a big file), to settle
   * each column's style from before any row is typed; empty for a file without rows.
   */
  sample: string[][];
  /** The batches, in file order, once. A file that cannot be read on throws InputError from here. */
  batches: AsyncIterable<CsvBatch>;
  /** The file's SHA-256 once the last batch was taken; '' when a record that could not be read ended the reading. */
  sha256(): string;
  /** Stops the reading (and its thread), at any point, as often as called. */
  close(): Promise<void>;
}

export interface CsvStreamOptions {
  encoding?: string;
  delimiter?: string;
  /** Read in this thread rather than in a thread of its own. */
  inline?: boolean;
  /** A module to annotate the batches where the file is read (see annotate.ts). */
  annotate?: RowAnnotation;
  /** A reading thread started earlier (CsvThread.start); by default one is started here. */
  thread?: CsvThread;
  /** The head of the file as sniffCsvFile read it, when the caller did already. */
  sniffed?: SniffedCsv;
}

/** Batches of refused records held while the sample is awaited (each the size of a sample, SAMPLE_ROWS records). */
const EARLY_BATCHES = 4;

/** Where the consumer takes the reader's messages from, one at a time, in order. */
interface MessageSource {
  take(): Promise<Message>;
}

/**
 * The messages of a reading done in-line, in this thread, queued as they come until the consumer takes them; the
 * reading pauses while IN_FLIGHT batches wait.
 */
class Inbox implements MessageSource {
  private readonly messages: Message[] = [];
  private wake: (() => void) | undefined;
  private failure: { error: unknown } | undefined;
  /** Batches arrived and not yet taken. */
  batches = 0;
  /** Called as each batch is taken: the reader may read another. */
  onTaken: () => void = () => {};

  put(message: Message): void {
    this.messages.push(message);
    if (message.kind === 'batch') this.batches++;
    this.wakeUp();
  }

  /** The reading failed: what is queued is still taken first. */
  fail(error: unknown): void {
    this.failure ??= { error };
    this.wakeUp();
  }

  async take(): Promise<Message> {
    while (this.messages.length === 0) {
      if (this.failure) throw this.failure.error;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
    const message = this.messages.shift()!;
    if (message.kind === 'batch') {
      this.batches--;
      this.onTaken();
    }
    return message;
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

/** Reads in the thread given, or in-line: where the messages come from, and how to stop the reading. */
async function startReading(
  path: string,
  settings: CsvStreamSettings,
  options: CsvStreamOptions,
): Promise<{ source: MessageSource; stop: () => Promise<unknown> }> {
  if (options.inline) void options.thread?.stop();
  const thread = options.inline ? undefined : (options.thread ?? CsvThread.start());
  if (thread) {
    const { port1, port2 } = new MessageChannel();
    const counters = handOffCounters();
    const receiver = new MessageReceiver(port1, counters);
    const job: CsvJob = { path, settings, annotate: options.annotate, port: port2, counters };
    const worker = thread.run(job, [port2]);
    worker.on('error', (error) => receiver.fail(error));
    worker.on('exit', (code) => receiver.fail(new Error(`CSV worker stopped with code ${code}`)));
    return {
      source: receiver,
      stop: async () => {
        await thread.stop();
        port1.close();
      },
    };
  }
  const inbox = new Inbox();
  let resume: (() => void) | undefined;
  let stopped = false;
  const resumeReading = () => {
    const go = resume;
    resume = undefined;
    go?.();
  };
  inbox.onTaken = () => {
    if (inbox.batches < IN_FLIGHT) resumeReading();
  };
  const emit = await annotated(options.annotate, (message: Message) => inbox.put(message));
  parseCsvFile(path, settings, emit, {
    paused: () => stopped || inbox.batches >= IN_FLIGHT,
    onResume: (go) => {
      resume = go;
    },
    stopped: () => stopped,
  }).catch((error) => inbox.fail(error));
  return {
    source: inbox,
    stop: async () => {
      stopped = true;
      resumeReading();
    },
  };
}

function unpacked(message: Extract<Message, { kind: 'batch' }>): CsvBatch {
  return {
    rows: unpackRows(message.rows),
    problems: message.problems,
    bytes: message.bytes,
    annotation: message.annotation,
  };
}

/** A message for every reason a reading stops, taking its values: a code without one fails tsc. */
type StopMessages = { [C in ReadingStop['code']]: string | ((p: Extract<ReadingStop, { code: C }>) => string) };

/** Why the file could not be read on, in the person's language (the reading thread has none): an InputError. */
function failure({ stop }: Extract<Message, { kind: 'error' }>): InputError {
  const messages: StopMessages = m.errors.read;
  const message = messages[stop.code] as string | ((p: ReadingStop) => string);
  return new InputError(typeof message === 'string' ? message : message(stop));
}

/**
 * Starts reading a CSV file, never whole, and returns once its header and sample are known. Throws InputError for
 * a file that cannot be read at all; problems with single rows come with the batches.
 */
export async function openCsvStream(path: string, options: CsvStreamOptions = {}): Promise<CsvStream> {
  const { settings, detected, size } = options.sniffed ?? sniffCsvFile(path, options);
  const { source, stop } = await startReading(path, settings, options);
  let closing: Promise<unknown> | undefined;
  const close = async () => {
    closing ??= stop();
    await closing;
  };

  let headers: string[] | undefined;
  let sample: string[][] | undefined;
  // Batches of refused records only, before the first row: the sample is the first batch with rows. Held up to
  // EARLY_BATCHES, then the styles are settled without a sample (a file that bad is all refused anyway).
  const early: CsvBatch[] = [];
  let first: CsvBatch | undefined;
  let sha256: string | undefined;
  try {
    while (sample === undefined) {
      const message = await source.take();
      if (message.kind === 'error') throw failure(message);
      if (message.kind === 'head') headers = message.headers;
      else if (message.kind === 'sample') sample = unpackRows(message.rows).map((row) => row.cells);
      else if (message.kind === 'end') {
        sha256 = message.sha256;
        sample = [];
      } else {
        const batch = unpacked(message);
        if (batch.rows.length > 0) {
          first = batch;
          sample = batch.rows.map((row) => row.cells);
        } else {
          early.push(batch);
          if (early.length >= EARLY_BATCHES) sample = [];
        }
      }
    }
  } catch (error) {
    await close();
    throw error;
  }
  const batches = async function* (): AsyncGenerator<CsvBatch> {
    try {
      yield* early.splice(0);
      if (first) yield first;
      first = undefined;
      while (sha256 === undefined) {
        const message = await source.take();
        if (message.kind === 'batch') yield unpacked(message);
        else if (message.kind === 'end') sha256 = message.sha256;
        else if (message.kind === 'error') throw failure(message);
      }
    } finally {
      await close();
    }
  };
  return {
    detected,
    size,
    headers: headers ?? [],
    sample,
    batches: { [Symbol.asyncIterator]: batches },
    sha256: () => {
      if (sha256 === undefined) throw new Error('the file is not read to its end yet');
      return sha256;
    },
    close,
  };
}
