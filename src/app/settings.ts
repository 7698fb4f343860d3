import { DEFAULT_GAP_DAYS } from '../reports/due.js';
import type { Store, StoreAccess } from '../store/store.js';
import { readStoredPhonesAgain } from './region.js';

// `crm config`: a setting is read and written as stored; the command checks a new value (domain/config.ts) before
// it opens the database.

export function getSetting(store: StoreAccess, key: string): Promise<string | undefined> {
  return store.settings.get(key);
}

/**
 * Sets a setting. The region (`crm config set region RU`) also reads again the stored phones kept as written that
 * are numbers there, in the same transaction: what that did is returned, for the person to be told.
 */
export async function setSetting(
  store: Store,
  key: string,
  value: string,
): Promise<{ phonesReadAgain: number; possibleDuplicates: number } | undefined> {
  if (key !== 'region') {
    await store.settings.set(key, value);
    return undefined;
  }
  return store.write(async (tx) => {
    await tx.settings.set(key, value);
    const read = await readStoredPhonesAgain(tx, value.toUpperCase());
    return { phonesReadAgain: read.phones.length, possibleDuplicates: read.pairs.length };
  });
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
