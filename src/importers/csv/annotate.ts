/**
 * A row annotation: a module that rewrites the reader's messages where the file is read (in its thread), named
 * because a worker cannot be handed a function. Such a module lives beside this folder (src/importers/NAME.ts)
 * and, bundled, is an entry of its own (dist/NAME.js); it exports `annotator(options, emit)`, which returns what
 * takes each message instead of `emit`. Its batches carry what it adds as `annotation`.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface RowAnnotation {
  /** The module's name: letters and dashes. */
  module: string;
  /** What its annotator is given first: structured-clonable, as it may cross to the reading thread. */
  options: unknown;
}

/** The reader's messages (stream.ts Message), which this module is generic over: the reader imports it. */
type Annotator = <M>(options: unknown, emit: (message: M) => void) => (message: M) => void;

/** The module's file: bundled beside the file that loads this (dist/ or dist/chunks/), else the source. */
function moduleFile(name: string): string {
  if (!/^[a-z][a-z-]*$/.test(name)) throw new Error(`not a row annotation module: ${name}`);
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, `${name}.js`), join(here, '..', `${name}.js`), join(here, '..', `${name}.ts`)];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`row annotation module ${name} not found beside ${here}`);
  return found;
}

/** Loads a named module early (a reading thread does so before its job arrives), so that its job need not wait. */
export function loadAnnotation(name: string): Promise<{ annotator: Annotator }> {
  return import(pathToFileURL(moduleFile(name)).href);
}

/** `emit` as the annotation rewrites it, or `emit` itself without one. */
export async function annotated<M>(
  annotation: RowAnnotation | undefined,
  emit: (message: M) => void,
): Promise<(message: M) => void> {
  if (!annotation) return emit;
  const { annotator } = await loadAnnotation(annotation.module);
  return annotator(annotation.options, emit);
}
