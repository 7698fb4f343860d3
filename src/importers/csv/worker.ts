// Reads a CSV file (and annotates its rows, when asked to) in a thread of its own, beside the import's database work.
import { parentPort, workerData } from 'node:worker_threads';
import { annotated, loadAnnotation } from './annotate.js';
import { MessageSender } from './handoff.js';
import { type CsvJob, type Message, parseCsvFile } from './stream.js';

// The annotation modules the thread was started to expect load while it waits for its job (CsvThread.start); one
// that fails to load fails again, with its reason, when the job asks for it.
for (const name of (workerData as { preload?: string[] } | undefined)?.preload ?? []) {
  loadAnnotation(name).catch(() => {});
}
// The file comes in the first message: the thread may be started before it is known (CsvThread).
const { path, settings, annotate, port, counters } = await new Promise<CsvJob>((resolve) =>
  parentPort!.once('message', resolve),
);
const sender = new MessageSender(port, counters);
await parseCsvFile(path, settings, await annotated(annotate, (message: Message) => sender.post(message)), {
  // Waits here, in the thread, until the taker has room: nothing else runs in it meanwhile.
  paused: () => {
    sender.waitForRoom();
    return false;
  },
  onResume: () => {},
});
port.close();
