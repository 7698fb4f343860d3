import { DEFAULT_GAP_DAYS } from '../reports/due.js';
import type { StoreAccess } from '../store/store.js';

// `crm config`: a setting is read and written as stored; the command checks a new value (domain/config.ts) before
// it opens the database.

export function getSetting(store: StoreAccess, key: string): Promise<string | undefined> {
  return store.settings.get(key);
}

export function setSetting(store: StoreAccess, key: string, value: string): Promise<void> {
  return store.settings.set(key, value);
}

export function unsetSetting(store: StoreAccess, key: string): Promise<boolean> {
  return store.settings.unset(key);
}

export function listSettings(store: StoreAccess): Promise<Record<string, string>> {
  return store.settings.list();
}

/** How tables write money: `crm config set locale ru-RU`, `crm config set currency RUB`. */
export interface MoneySettings {
  locale: string;
  currency: string;
}

export async function moneySettings(store: StoreAccess): Promise<MoneySettings> {
  const [locale, currency] = [await store.settings.get('locale'), await store.settings.get('currency')];
  return { locale: locale ?? 'ru-RU', currency: currency ?? 'RUB' };
}

/** The gap `crm due` expects after a client's single purchase day: `crm config set due-default-days N`, else 30. */
export async function dueDefaultGapDays(store: StoreAccess): Promise<number> {
  const configured = await store.settings.get('due-default-days');
  return configured ? Number(configured) : DEFAULT_GAP_DAYS;
}
