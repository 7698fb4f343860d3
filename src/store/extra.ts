/** What a row without extra fields holds: frozen, as it is shared. */
const NO_EXTRA: Record<string, string> = Object.freeze(Object.create(null) as Record<string, string>);

/**
 * A row's `extra` column (JSON of the columns an import kept, keyed by their headers) as an object without a
 * prototype: a header such as `constructor` or `__proto__` is a key like any other, and a missing one reads as
 * undefined, never as a property every object inherits.
 */
export function parseExtra(json: string | null): Record<string, string> {
  // Most rows have none: one frozen empty object for all of them, not a parse and an object each (an object without a
  // prototype is a hash table: a third of the memory of 200,000 listed visits).
  if (json === null || json === '{}') return NO_EXTRA;
  return Object.assign(Object.create(null) as Record<string, string>, JSON.parse(json));
}
