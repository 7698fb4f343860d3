// Reads a CSV file (and numbers a journal's phones) in a thread of its own, beside the import's database work.
import { parentPort, workerData } from 'node:worker_threads';
import {
  type CsvStreamSettings,
  IN_FLIGHT,
  type Message,
  numberingPhones,
  type PhoneNumbering,
  parseCsvFile,
} from './csv-stream.js';

const { path, settings, numbering } = workerData as {
  path: string;
  settings: CsvStreamSettings;
  numbering?: PhoneNumbering;
};
let inFlight = 0;
let resume: (() => void) | undefined;
parentPort!.on('message', () => {
  inFlight--;
  if (inFlight < IN_FLIGHT && resume) {
    const go = resume;
    resume = undefined;
    go();
  }
});
const post = (message: Message) => {
  if (message.kind === 'batch') inFlight++;
  parentPort!.postMessage(message);
};
await parseCsvFile(path, settings, numbering ? numberingPhones(numbering, post) : post, {
  paused: () => inFlight >= IN_FLIGHT,
  onResume: (go) => {
    resume = go;
  },
});
