/** `crm config`: what each setting means and what the command says. */
export const config = {
  settings: {
    region: 'country for phone numbers written without a country code (e.g. RU)',
    currency: 'currency of amounts, ISO 4217 (e.g. RUB)',
    locale: 'how tables write numbers and dates (e.g. ru-RU)',
    language: 'the language crm writes in, en or ru (before LANGUAGE, LC_ALL, LC_MESSAGES and LANG)',
    'due-default-days': 'expected days between visits for a client with a single purchase (crm due)',
    'backups-keep': 'automatic backups (before merge, import undo, upgrade) to keep; 0 takes none (default 10)',
    'business-name': 'the name an HTML report is headed with (e.g. Салон «Лада»)',
  },
  columns: { key: 'key', value: 'value', meaning: 'meaning' },
  wasSet: (p: { key: string; value: string }) => `${p.key} set to ${p.value}`,
  wasUnset: (p: { key: string }) => `${p.key} unset`,
  wasNotSet: (p: { key: string }) => `${p.key} was not set`,
  notSet: (p: { key: string }) => `'${p.key}' is not set`,
  unknownSetting: (p: { key: string; known: string }) => `unknown setting '${p.key}' (known: ${p.known})`,
  notALocale: (p: { value: string }) => `locale '${p.value}' is not a locale tag (e.g. ru-RU, en-US)`,
  notARegion: (p: { value: string }) =>
    `region '${p.value}' is not a country code with phone numbering (e.g. RU, KZ, US)`,
  notACurrency: (p: { value: string }) => `currency '${p.value}' is not an ISO 4217 code (e.g. RUB, USD)`,
  notALanguage: (p: { value: string; known: string }) =>
    `language '${p.value}' is not one crm speaks (known: ${p.known})`,
  notDays: (p: { key: string; value: string }) => `${p.key} must be a whole number of days, got '${p.value}'`,
  notWhole: (p: { key: string; value: string }) => `${p.key} must be a whole number, got '${p.value}'`,
  emptyName: 'business-name must not be empty (crm config unset business-name removes it)',
  nameTooLong: (p: { max: number }) => `business-name is longer than ${p.max} characters`,
};
