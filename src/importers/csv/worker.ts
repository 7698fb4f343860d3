// Reads a CSV file (and annotates its rows, when asked to) in a thread of its own, beside the import's database work.
import { parentPort, workerData } from 'node:worker_threads';
import { annotated, loadAnnotation } from './annotate.js';
import { type CsvJob, IN_FLIGHT, type Message, parseCsvFile } from './stream.js';

// The annotation modules the thread was started to expect load while it waits for its job (CsvThread.start); one
// that fails to load fails again, with its reason, when the job asks for it.
for (const name of (workerData as { preload?: string[] } | undefined)?.preload ?? []) {
  loadAnnotation(name).catch(() => {});
}
// The file comes in the first message: the thread may be started before it is known (CsvThread).
const { path, settings, annotate } = await new Promise<CsvJob>((resolve) => parentPort!.once('message', resolve));
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
await parseCsvFile(path, settings, await annotated(annotate, post), {
  paused: () => inFlight >= IN_FLIGHT,
  onResume: (go) => {
    resume = go;
  },
});
