/**
 * A noun or phrase in the form its count asks for, by the language's CLDR rules (Intl.PluralRules): English has
 * `one` (1) and `other` (0, 2, 1.5); Russian `one` (1, 21, 101), `few` (2–4, 22–24), `many` (0, 5–20, 25) and
 * `other` (fractions: 1,5 клиента). Each catalogue calls the one of its language, so that a form left out fails tsc.
 * The rules are made on first use: `--help` prints no count and never pays for them.
 */

export interface EnglishForms {
  one: string;
  other: string;
}

export interface RussianForms {
  one: string;
  few: string;
  many: string;
  other: string;
}

const rules: { en?: Intl.PluralRules; ru?: Intl.PluralRules } = {};

export function englishPlural(count: number, forms: EnglishForms): string {
  rules.en ??= new Intl.PluralRules('en');
  return rules.en.select(count) === 'one' ? forms.one : forms.other;
}

export function russianPlural(count: number, forms: RussianForms): string {
  rules.ru ??= new Intl.PluralRules('ru');
  const form = rules.ru.select(count);
  return form === 'one' || form === 'few' || form === 'many' ? forms[form] : forms.other;
}
