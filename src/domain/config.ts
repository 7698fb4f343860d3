import { InputError } from '../errors.js';
import { LANGUAGES, m } from '../i18n/index.js';
import { isKnownRegion } from './phone.js';

interface SettingSpec {
  normalise(value: string): string;
}

function validLocale(value: string): string {
  try {
    return new Intl.Locale(value).toString();
  } catch {
    throw new InputError(m.config.notALocale({ value }));
  }
}

/**
 * The settings a user may set with `crm config set`; anything else is refused so that typos do not pass silently.
 * What each means, people read in their language: `m.config.settings`.
 */
export const SETTINGS = {
  region: {
    normalise(value) {
      const region = value.trim().toUpperCase();
      if (!isKnownRegion(region)) throw new InputError(m.config.notARegion({ value }));
      return region;
    },
  },
  currency: {
    normalise(value) {
      const currency = value.trim().toUpperCase();
      if (!/^[A-Z]{3}$/.test(currency)) throw new InputError(m.config.notACurrency({ value }));
      return currency;
    },
  },
  locale: { normalise: validLocale },
  language: {
    normalise(value) {
      const language = value.trim().toLowerCase();
      if (!(LANGUAGES as readonly string[]).includes(language)) {
        throw new InputError(m.config.notALanguage({ value, known: LANGUAGES.join(', ') }));
      }
      return language;
    },
  },
  'due-default-days': {
    normalise(value) {
      if (!/^\d{1,4}$/.test(value.trim()) || Number(value) < 1)
        throw new InputError(m.config.notDays({ key: 'due-default-days', value }));
      return String(Number(value));
    },
  },
  'backups-keep': {
    normalise(value) {
      if (!/^\d{1,4}$/.test(value.trim())) throw new InputError(m.config.notWhole({ key: 'backups-keep', value }));
      return String(Number(value));
    },
  },
  'business-name': {
    normalise(value) {
      const name = value.trim().replace(/\s+/g, ' ');
      if (name === '') throw new InputError(m.config.emptyName);
      if ([...name].length > 100) throw new InputError(m.config.nameTooLong({ max: 100 }));
      return name;
    },
  },
} satisfies Record<string, SettingSpec>;

export type SettingKey = keyof typeof SETTINGS;

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(SETTINGS, key);
}

export function normaliseSetting(key: string, value: string): string {
  if (!isSettingKey(key)) {
    throw new InputError(m.config.unknownSetting({ key, known: Object.keys(SETTINGS).join(', ') }));
  }
  return SETTINGS[key].normalise(value);
}
