// Parses a CSV file in a thread of its own, so that an import's database work goes on beside csv-parse.
import { parentPort, workerData } from 'node:worker_threads';
import { type CsvStreamSettings, IN_FLIGHT, type Message, parseCsvFile, typingMessages } from './csv-stream.js';
import type { TypingSettings } from './typed-batch.js';

const { path, settings, typing } = workerData as {
  path: string;
  settings: CsvStreamSettings;
  typing?: TypingSettings;
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
  if (message.kind === 'batch' || message.kind === 'typed') inFlight++;
  parentPort!.postMessage(message);
};
await parseCsvFile(path, settings, typing ? typingMessages(typing, post) : post, {
  paused: () => inFlight >= IN_FLIGHT,
  onResume: (go) => {
    resume = go;
  },
});
