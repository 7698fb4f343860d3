import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { handOffCounters, IN_FLIGHT, MessageReceiver } from '../../../src/importers/csv/handoff.js';
import type { Message } from '../../../src/importers/csv/stream.js';
import { tempDir } from '../../helpers.js';

const BATCHES = 60;

/**
 * A reading thread that posts BATCHES batches as fast as the taker lets it, through the real MessageSender, and
 * records the most batches it ever had waiting to be taken. Bundled from source: a worker runs a file, not a module
 * vitest transforms.
 */
async function readingThread(): Promise<string> {
  const dir = tempDir('crm-handoff-');
  const source = join(dir, 'thread.ts');
  const sender = fileURLToPath(new URL('../../../src/importers/csv/handoff.ts', import.meta.url));
  writeFileSync(
    source,
    `import { workerData } from 'node:worker_threads';
import { MessageSender } from ${JSON.stringify(sender)};
const { port, counters, most } = workerData;
const sender = new MessageSender(port, counters);
const seen = new Int32Array(most);
for (let i = 0; i < ${BATCHES}; i++) {
  sender.waitForRoom();
  sender.post({ kind: 'batch', rows: { lines: new Int32Array(0), starts: new Int32Array(1), values: [], cells: new Int32Array(0) }, problems: [], bytes: i });
  Atomics.store(seen, 0, Math.max(Atomics.load(seen, 0), sender.untaken));
}
sender.post({ kind: 'end', sha256: 'done' });
`,
  );
  const bundle = join(dir, 'thread.mjs');
  await build({
    entryPoints: [source],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: bundle,
    logLevel: 'silent',
  });
  return bundle;
}

describe('the hand-off from a reading thread', () => {
  it('keeps at most IN_FLIGHT batches waiting for a slow taker, and hands every message over in order', async () => {
    const { port1, port2 } = new MessageChannel();
    const counters = handOffCounters();
    const most = new SharedArrayBuffer(4);
    const worker = new Worker(await readingThread(), {
      workerData: { port: port2, counters, most },
      transferList: [port2],
    });
    const receiver = new MessageReceiver(port1, counters);
    worker.on('error', (error) => receiver.fail(error));
    try {
      const taken: Message[] = [];
      for (;;) {
        const message = await receiver.take();
        taken.push(message);
        if (message.kind === 'end') break;
        // Slower than the thread, so that it runs ahead as far as it is let.
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      expect(taken.map((m) => (m.kind === 'batch' ? m.bytes : m.kind))).toEqual([
        ...Array.from({ length: BATCHES }, (_, i) => i),
        'end',
      ]);
      const mostWaiting = new Int32Array(most)[0];
      expect(mostWaiting).toBeLessThanOrEqual(IN_FLIGHT);
      // It did run ahead: the bound, not the taker's pace, held it back.
      expect(mostWaiting).toBeGreaterThanOrEqual(IN_FLIGHT - 1);
    } finally {
      await worker.terminate();
      port1.close();
    }
  });

  it('tells the taker that the thread stopped, once the messages it posted are taken', async () => {
    const { port1, port2 } = new MessageChannel();
    const receiver = new MessageReceiver(port1, handOffCounters());
    port2.postMessage({ kind: 'head', headers: ['Дата'] } satisfies Message);
    receiver.fail(new Error('CSV worker stopped with code 1'));
    expect(await receiver.take()).toEqual({ kind: 'head', headers: ['Дата'] });
    await expect(receiver.take()).rejects.toThrow('CSV worker stopped with code 1');
    port1.close();
    port2.close();
  });
});
