import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CsvReadTuning, type CsvStreamSettings, parseCsvFile, unpackRows } from '../src/importers/csv/stream.js';
import { tempDir } from './helpers.js';

/** What parseCsvFile emits, with each batch's rows unpacked: two readers agree when these are equal. */
export async function csvMessages(
  path: string,
  settings: CsvStreamSettings,
  tuning: CsvReadTuning = {},
): Promise<unknown[]> {
  const messages: unknown[] = [];
  await parseCsvFile(
    path,
    settings,
    (message) => {
      messages.push(message.kind === 'batch' ? { ...message, rows: unpackRows(message.rows) } : message);
    },
    { paused: () => false, onResume: () => {} },
    tuning,
  );
  return messages;
}

/** The messages of the byte reader and of the text reader for the same file. */
export async function bothReaders(
  path: string,
  settings: CsvStreamSettings,
  tuning: CsvReadTuning = {},
): Promise<{ bytes: unknown[]; text: unknown[] }> {
  return {
    bytes: await csvMessages(path, settings, { ...tuning, reader: 'bytes' }),
    text: await csvMessages(path, settings, { ...tuning, reader: 'text' }),
  };
}

export function settingsFor(encoding: string, delimiter = ';', forced = false): CsvStreamSettings {
  return { encoding, bom: false, delimiter, forced };
}

let directory: string | undefined;

export function csvFile(bytes: Uint8Array | string, name = 'file.csv'): string {
  directory ??= tempDir('crm-csv-bytes-');
  const path = join(directory, name);
  writeFileSync(path, bytes);
  return path;
}
