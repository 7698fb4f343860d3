import type { config as English } from '../en/config.js';

export const config: typeof English = {
  settings: {
    region: 'страна для телефонов без кода страны (например, RU)',
    currency: 'валюта сумм, код ISO 4217 (например, RUB)',
    locale: 'как таблицы пишут числа и даты (например, ru-RU)',
    language: 'язык, на котором пишет crm: en или ru (важнее LANGUAGE, LC_ALL, LC_MESSAGES и LANG)',
    'due-default-days': 'сколько дней ждать следующего визита клиента с одной покупкой (crm due)',
    'backups-keep':
      'сколько автоматических копий (перед слиянием, отменой импорта, обновлением) хранить; 0 — не делать (по умолчанию 10)',
    'business-name': 'название, которым озаглавлен HTML-отчёт (например, Салон «Лада»)',
  },
  columns: { key: 'ключ', value: 'значение', meaning: 'что значит' },
  wasSet: (p) => `${p.key}: настройка задана, теперь ${p.value}`,
  wasUnset: (p) => `${p.key}: настройка убрана`,
  wasNotSet: (p) => `${p.key}: настройка не была задана`,
  notSet: (p) => `настройка '${p.key}' не задана`,
  unknownSetting: (p) => `неизвестная настройка '${p.key}' (известные: ${p.known})`,
  notALocale: (p) => `'${p.value}' — не обозначение локали (например, ru-RU, en-US)`,
  notARegion: (p) => `'${p.value}' — не код страны с телефонной нумерацией (например, RU, KZ, US)`,
  notACurrency: (p) => `'${p.value}' — не код валюты ISO 4217 (например, RUB, USD)`,
  notALanguage: (p) => `язык '${p.value}' crm не знает (известные: ${p.known})`,
  notDays: (p) => `${p.key} — целое число дней, а получено '${p.value}'`,
  emptyName: 'business-name не может быть пустым (crm config unset business-name убирает его)',
  nameTooLong: (p) => `business-name длиннее ${p.max} символов`,
  notWhole: (p) => `${p.key} — целое число, а получено '${p.value}'`,
};
