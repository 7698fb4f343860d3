/**
 * Numbers inside sentences (`1 500 клиентов`, `1,5 клиента`, `1,500 clients`), in the language's own way. Tables
 * write theirs with the configured locale (render/money.ts); a message's counts follow the language it is written
 * in. Whole numbers are grouped by hand: the first Intl.NumberFormat of a process costs 18–60 ms, which a message
 * with a count (an import summary, a list's note) should not pay; a fraction goes to Intl, made on first use.
 */
import type { Language } from './language.js';

/** English sentences write a count as digits (`12000 rows`), as crm always has; Russian groups them (`12 000`). */
const SEPARATORS: Record<Language, { group: string; locale: string }> = {
  en: { group: '', locale: 'en-US' },
  ru: { group: '\u00a0', locale: 'ru-RU' },
};

const fractions = new Map<string, Intl.NumberFormat>();

export function numberIn(language: Language, value: number, maximumFractionDigits = 2): string {
  const { group, locale } = SEPARATORS[language];
  if (Number.isSafeInteger(value)) {
    const digits = String(Math.abs(value));
    const grouped = group ? digits.replace(/\B(?=(\d{3})+(?!\d))/g, group) : digits;
    return value < 0 ? `-${grouped}` : grouped;
  }
  const key = `${locale} ${maximumFractionDigits}`;
  let format = fractions.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { maximumFractionDigits });
    fractions.set(key, format);
  }
  return format.format(value);
}

/** `value` with exactly `digits` decimals, in the language's way (`0.6`, `0,6`): a figure's precision kept. */
export function fixedIn(language: Language, value: number, digits: number): string {
  const fixed = value.toFixed(digits);
  return language === 'ru' ? fixed.replace('.', ',') : fixed;
}
