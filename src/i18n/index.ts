/**
 * The words crm prints, in the person's language. One catalogue per language (`en/`, `ru/`), loaded alone: a
 * process loads the catalogue of the language it speaks and never the other. The command line chooses the language
 * once (src/cli/language.ts) and calls `useLanguage` before anything is printed; everything else reads `m`, the
 * chosen catalogue (`m.errors.notFound(...)`, `m.help.client.add.description`).
 *
 * `Catalogue` is the shape of the English catalogue: the Russian one is typed as it, so that a missing or extra key,
 * or a message whose placeholders differ in type, fails `tsc`; test/i18n/catalogue.test.ts checks that both use the
 * same placeholders.
 */
import type { Catalogue } from './en/index.js';
import { isLanguage, type Language } from './language.js';

/**
 * The English words of an import report and of what it says of its rows, which its JSON is written in whatever the
 * language (the same for every reader). Part of this module, not of the English catalogue alone: both catalogues'
 * chunks then find everything they import loaded already, and the one of the chosen language loads in one step.
 */
export { imports as englishImports } from './en/imports.js';
export { rows as englishRows } from './en/rows.js';
export { isLanguage, LANGUAGES, type Language, resolveLanguage } from './language.js';
export { fixedIn, numberIn } from './numbers.js';
export { type EnglishForms, englishPlural, type RussianForms, russianPlural } from './plural.js';
export type { Catalogue };

const loaded: Partial<Record<Language, Catalogue>> = {};
let chosen: Language | undefined;

/** Stands in until a language is chosen: reading a message before then is a bug, said as such. */
const NOT_CHOSEN = new Proxy({} as Catalogue, {
  get(_, key) {
    throw new Error(`a message (${String(key)}) was read before the interface language was chosen (useLanguage)`);
  },
});

/** The chosen language's catalogue. A live binding: it is the new catalogue as soon as useLanguage returns. */
export let m: Catalogue = NOT_CHOSEN;

async function load(language: Language): Promise<Catalogue> {
  if (language === 'ru') return (await import('./ru/index.js')).ru;
  return (await import('./en/index.js')).en;
}

/** Makes `language` the one every message is written in (loading its catalogue the first time). */
export async function useLanguage(language: Language): Promise<void> {
  if (!isLanguage(language)) throw new Error(`not an interface language: ${String(language)}`);
  loaded[language] ??= await load(language);
  m = loaded[language];
  chosen = language;
}

/** The language messages are written in; undefined before one is chosen. */
export function currentLanguage(): Language | undefined {
  return chosen;
}
