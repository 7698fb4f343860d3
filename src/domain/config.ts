import { InputError } from '../errors.js';
import { isKnownRegion } from './phone.js';

interface SettingSpec {
  description: string;
  normalise(value: string): string;
}

function validLocale(value: string): string {
  try {
    return new Intl.Locale(value).toString();
  } catch {
    throw new InputError(`locale '${value}' is not a locale tag (e.g. ru-RU, en-US)`);
  }
}

/** The settings a user may set with `crm config set`; anything else is refused so that typos do not pass silently. */
export const SETTINGS: Record<string, SettingSpec> = {
  region: {
    description: 'country for phone numbers written without a country code (e.g. RU)',
    normalise(value) {
      const region = value.trim().toUpperCase();
      if (!isKnownRegion(region))
        throw new InputError(`region '${value}' is not a country code with phone numbering (e.g. RU, KZ, US)`);
      return region;
    },
  },
  currency: {
    description: 'currency of amounts, ISO 4217 (e.g. RUB)',
    normalise(value) {
      const currency = value.trim().toUpperCase();
      if (!/^[A-Z]{3}$/.test(currency))
        throw new InputError(`currency '${value}' is not an ISO 4217 code (e.g. RUB, USD)`);
      return currency;
    },
  },
  locale: {
    description: 'how tables write numbers and dates (e.g. ru-RU)',
    normalise: validLocale,
  },
  'due-default-days': {
    description: 'expected days between visits for a client with a single purchase (crm due)',
    normalise(value) {
      if (!/^\d{1,4}$/.test(value.trim()) || Number(value) < 1)
        throw new InputError(`due-default-days must be a whole number of days, got '${value}'`);
      return String(Number(value));
    },
  },
  'backups-keep': {
    description: 'automatic backups (before merge, import undo, upgrade) to keep; 0 takes none (default 10)',
    normalise(value) {
      if (!/^\d{1,4}$/.test(value.trim())) throw new InputError(`backups-keep must be a whole number, got '${value}'`);
      return String(Number(value));
    },
  },
  'business-name': {
    description: 'the name an HTML report is headed with (e.g. Салон «Лада»)',
    normalise(value) {
      const name = value.trim().replace(/\s+/g, ' ');
      if (name === '')
        throw new InputError('business-name must not be empty (crm config unset business-name removes it)');
      if ([...name].length > 100) throw new InputError('business-name is longer than 100 characters');
      return name;
    },
  },
};

export function normaliseSetting(key: string, value: string): string {
  const spec = SETTINGS[key];
  if (!spec) throw new InputError(`unknown setting '${key}' (known: ${Object.keys(SETTINGS).join(', ')})`);
  return spec.normalise(value);
}
