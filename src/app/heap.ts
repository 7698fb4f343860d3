import { setFlagsFromString } from 'node:v8';

/**
 * For a long import in this process: V8 otherwise grows the heap in big steps, to several times what it keeps (a
 * million-row journal peaked at 290 MB RSS with 50 MB live; 180-200 MB with this). The flag is read each time V8
 * sizes its heap, so setting it at run time takes effect; a smaller young generation was tried too and gained
 * nothing.
 */
export function keepHeapSmall(): void {
  setFlagsFromString('--heap-growing-percent=20');
}
