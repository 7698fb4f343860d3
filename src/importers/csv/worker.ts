// Reads a CSV file (and numbers a journal's phones) in a thread of its own, beside the import's database work.
import { parentPort } from 'node:worker_threads';
import { type CsvJob, IN_FLIGHT, type Message, numberingPhones, parseCsvFile } from './stream.js';

// The file comes in the first message: the thread may be started before it is known (CsvThread).
const { path, settings, numbering } = await new Promise<CsvJob>((resolve) => parentPort!.once('message', resolve));
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
