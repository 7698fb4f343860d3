/** Text folding for matching and search: pure string work, kept apart from the phone code so that the store loads light. */

/**
 * A client's name as stored and shown: runs of white space (a double space, a tab, a line break inside a cell) become
 * one space, and the ends are trimmed. Every way a client gets a name (an import, `crm client add`, an edit) stores it
 * so; nameKey folds further for matching.
 */
export function tidyName(name: string): string {
  return name.replace(/\s+/g, ' ').trim();
}

/** The parts of a person's name, as a contacts file gives them apart. */
export interface NameParts {
  prefix?: string;
  given?: string;
  middle?: string;
  family?: string;
  suffix?: string;
}

/**
 * A person's name from its parts: given name first (`Мария Петровна Иванова`, `Mary Smith`), or family name first
 * (`Иванова Мария Петровна`) when the source writes it so; empty parts are left out.
 */
export function composeName(parts: NameParts, familyFirst = false): string {
  const core = familyFirst ? [parts.family, parts.given, parts.middle] : [parts.given, parts.middle, parts.family];
  return [parts.prefix, ...core, parts.suffix].filter(Boolean).join(' ');
}

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
