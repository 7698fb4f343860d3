/**
 * A count and its noun in the right number: `1 visit`, `3 visits`. English only for now: the one place the choice is
 * made, so that another language's rules (Russian has three forms) can replace it.
 */
export function counted(count: number, singular: string, shown = String(count), plural = `${singular}s`): string {
  return `${shown} ${nounFor(count, singular, plural)}`;
}

/** The noun alone, for a count written elsewhere in the sentence. */
export function nounFor(count: number, singular: string, plural = `${singular}s`): string {
  return Math.abs(count) === 1 ? singular : plural;
}
