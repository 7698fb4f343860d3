import type { Progress } from '../app/import-visits.js';
import { m } from '../i18n/index.js';

/** A progress bar on a terminal (stderr), nothing at all otherwise: cron logs stay clean. */
export async function progressBar(): Promise<{ update: (progress: Progress) => void; stop: () => void }> {
  if (!process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  // A CommonJS package: in the bundle its exports sit on `default` only (named imports came out undefined).
  const { SingleBar, Presets } = (await import('cli-progress')).default;
  const bar = new SingleBar(
    {
      format: m.said.import.progress,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
      noTTYOutput: false,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update({ bytes, total, rows }) {
      const payload = { rows, mb: (bytes / 1e6).toFixed(1), totalMb: (total / 1e6).toFixed(1) };
      if (!started) {
        bar.start(total, bytes, payload);
        started = true;
      } else bar.update(bytes, payload);
    },
    stop: () => started && bar.stop(),
  };
}
