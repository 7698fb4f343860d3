// Runs Biome's binary for this machine. The registry these machines reach serves only Biome's Linux builds, so the
// @biomejs/biome wrapper (which names every platform's build) cannot be locked for `npm ci`; the project depends on
// the Linux builds directly and this finds the one that installed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const candidates = [
  `@biomejs/cli-${process.platform}-${process.arch}`,
  `@biomejs/cli-${process.platform}-${process.arch}-musl`,
];
let binary;
for (const name of candidates) {
  try {
    const path = join(dirname(require.resolve(`${name}/package.json`)), 'biome');
    if (existsSync(path)) {
      binary = path;
      break;
    }
  } catch {
    // Not installed for this platform.
  }
}
if (!binary) {
  console.error(
    `no Biome build for ${process.platform}-${process.arch} is installed (the project depends on its Linux builds)`,
  );
  process.exit(1);
}
const result = spawnSync(binary, process.argv.slice(2), { stdio: 'inherit' });
process.exit(result.status ?? 1);
