/**
 * The language crm speaks in this process, chosen once, before the program's help text is built: `--lang`, else
 * `crm config set language` (read from the database only when no `--lang` is given), else the environment
 * (src/i18n/language.ts).
 */
import { isLanguage, type Language, resolveLanguage, useLanguage } from '../i18n/index.js';
import { peekSetting, releasePeekConnection } from '../store/peek-setting.js';

/** The value of a program option in `argv` (`--lang ru`, `--lang=ru`), before a `--`; the last one given wins. */
export function programOption(argv: string[], name: string): string | undefined {
  let value: string | undefined;
  const words = argv.slice(2);
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word === '--') break;
    if (word === name) value = words[++i];
    else if (word.startsWith(`${name}=`)) value = word.slice(name.length + 1);
  }
  return value;
}

/**
 * The language `crm config set language` stored in the database that `--db` (or CRM_DB, or the default) names,
 * read without opening the store; undefined without a database or a setting.
 */
export function configuredLanguage(
  dbOption: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
  return peekSetting(dbOption, 'language', env);
}

export async function chooseLanguage(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<Language> {
  const flag = programOption(argv, '--lang');
  if (isLanguage(flag)) return flag;
  return resolveLanguage({ env, configured: await configuredLanguage(programOption(argv, '--db'), env) });
}

/** Chooses the language of `argv` and loads its words; English when the choice itself fails (a bug). */
export async function speakLanguageOf(argv: string[]): Promise<Language> {
  const language = await chooseLanguage(argv).catch((): Language => 'en');
  await useLanguage(language);
  return language;
}

/** At the end of a command: what reading the language kept open for it, closed (store/peek-setting.ts). */
export function releaseLanguageConnection(): Promise<void> {
  return releasePeekConnection();
}
