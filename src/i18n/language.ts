/** Which language crm speaks: `--lang`, else `crm config set language`, else the environment, as gettext reads it. */

export const LANGUAGES = ['en', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * The language a locale name asks for: `ru`, `ru_RU`, `ru_RU.UTF-8`, `ru-RU` mean Russian; `C`, `POSIX` (with or
 * without a codeset) and every other locale English (the one other language crm has); undefined for an empty value,
 * which says nothing.
 */
export function languageOfLocale(value: string | undefined): Language | undefined {
  const name = value?.trim() ?? '';
  if (name === '') return undefined;
  return /^ru(?:[_.@-]|$)/i.test(name) ? 'ru' : 'en';
}

/**
 * `LANGUAGE` is gettext's list of languages in order of preference (`ru:en`): the first one crm speaks decides; a
 * list of only others (`de:fr`) means English.
 */
function languageOfList(value: string | undefined): Language | undefined {
  const entries = (value ?? '').split(':').filter((entry) => entry.trim() !== '');
  if (entries.length === 0) return undefined;
  for (const entry of entries) {
    if (/^ru(?:[_.@-]|$)/i.test(entry)) return 'ru';
    if (/^(en(?:[_.@-]|$)|C(?:\.|$)|POSIX$)/i.test(entry)) return 'en';
  }
  return 'en';
}

export interface LanguageSources {
  /** `--lang`: honoured when it names a language crm speaks (commander refuses any other value itself). */
  flag?: string;
  /** `crm config set language`, as stored. */
  configured?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * `--lang`, else the configured language (cron runs with no LANG, or LANG=C), else the first of `LANGUAGE`,
 * `LC_ALL`, `LC_MESSAGES`, `LANG` that is set, in gettext's order; English when none is.
 */
export function resolveLanguage({ flag, configured, env = process.env }: LanguageSources): Language {
  if (isLanguage(flag)) return flag;
  if (isLanguage(configured)) return configured;
  return (
    languageOfList(env.LANGUAGE) ??
    languageOfLocale(env.LC_ALL) ??
    languageOfLocale(env.LC_MESSAGES) ??
    languageOfLocale(env.LANG) ??
    'en'
  );
}
