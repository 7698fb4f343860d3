/** Text folding for matching and search: pure string work, kept apart from the phone code so that the store loads light. */

/** Printable ASCII and the Cyrillic alphabet without ё: text NFKC leaves as it is. */
const PLAIN = /^[\u0020-\u007e\u0410-\u044f]*$/;

/**
 * Case-folded name for matching and search (SQLite here folds no Cyrillic, so this is done in JS). Plain
 * toLowerCase: only Turkic and Lithuanian need locale rules, and the locale-aware call costs ten times as much.
 */
export function nameKey(name: string): string {
  // A new client's name is folded by the matching, by the index and for the row, one after the other: the last
  // answer is kept (a journal's 100,000 new clients: 0.3 s of folding -> 0.1 s).
  if (name === lastName) return lastKey;
  const folded = (PLAIN.test(name) ? name : name.normalize('NFKC')).toLowerCase().replace(/ё/g, 'е');
  lastKey =
    folded.includes('  ') || folded !== folded.trim() || /[\t\n\r]/.test(folded)
      ? folded.replace(/\s+/g, ' ').trim()
      : folded;
  lastName = name;
  return lastKey;
}

let lastName: string | undefined;
let lastKey = '';

export function tagKey(tag: string): string {
  return nameKey(tag);
}
