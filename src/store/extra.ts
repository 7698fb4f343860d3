/**
 * A row's `extra` column (JSON of the columns an import kept, keyed by their headers) as an object without a
 * prototype: a header such as `constructor` or `__proto__` is a key like any other, and a missing one reads as
 * undefined, never as a property every object inherits.
 */
export function parseExtra(json: string | null): Record<string, string> {
  // Most rows have none: no parse for them (a hundred thousand in a listing).
  if (json === null || json === '{}') return Object.create(null) as Record<string, string>;
  return Object.assign(Object.create(null) as Record<string, string>, JSON.parse(json ?? '{}'));
}
