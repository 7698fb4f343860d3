/**
 * The thread a journal is read in (worker.ts, bundled as csv-worker.js), started apart from the reading code so that a command can start
 * it first: a worker takes 0.15–0.2 s to load its modules, which it then does while the command loads its own and
 * opens the database. It waits for its file in its first message.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Transferable, Worker } from 'node:worker_threads';

/** The bundled worker, beside the bundle that loads this module (dist/ or dist/chunks/); none when run from source. */
function workerScript(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  return [join(here, 'csv-worker.js'), join(here, '..', 'csv-worker.js')].find((candidate) => existsSync(candidate));
}

export class CsvThread {
  private readonly worker: Worker;
  /** Why it stopped before it was given a file, if it did (its modules failed to load). */
  private stopped: Error | undefined;

  private constructor(script: string, preload: string[]) {
    // Its young generation small: what it parses is handed on at once, and a default-sized one is RSS for nothing.
    this.worker = new Worker(script, { resourceLimits: { maxYoungGenerationSizeMb: 4 }, workerData: { preload } });
    this.worker.once('error', (error) => {
      this.stopped ??= error;
    });
    this.worker.once('exit', (code) => {
      this.stopped ??= new Error(`CSV worker stopped with code ${code}`);
    });
    // Until it has a file, it must not keep the process alive: a command that fails before reading still ends.
    this.worker.unref();
  }

  /**
   * A thread started now, or none where there is no bundled worker (run from source: the file is read in-line).
   * It loads the row annotation modules named in `preload` (annotate.ts) while it waits for its job.
   */
  static start(preload: string[] = []): CsvThread | undefined {
    const script = workerScript();
    return script ? new CsvThread(script, preload) : undefined;
  }

  /** Gives the thread its job (the first message it waits for, with what it transfers) and returns it to listen to. */
  run(job: unknown, transfer: Transferable[] = []): Worker {
    if (this.stopped) throw this.stopped;
    this.worker.ref();
    this.worker.postMessage(job, transfer);
    return this.worker;
  }

  /** Ends the thread, whether it ran or not. */
  stop(): Promise<number> {
    return this.worker.terminate();
  }
}
