import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

/** Builds dist/ from the sources as they are now, before any test spawns bin/crm.js. */
export default function setup(project: TestProject): void {
  execFileSync(process.execPath, [join(import.meta.dirname, '..', 'scripts', 'build.mjs')], { stdio: 'inherit' });
  project.provide('builtCli', true);
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set by this setup once dist/ is built: only the `process` project's files may spawn the CLI. */
    builtCli: boolean;
  }
}
