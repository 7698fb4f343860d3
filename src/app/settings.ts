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
