import { defaultRegion } from '../domain/phone.js';
import type { Db } from '../store/db.js';
import { getSetting } from '../store/settings.js';
import type { StoreAccess } from '../store/store.js';

export { today } from './today.js';

/** The configured region (`crm config set region RU`), for phone numbers written without a country code. */
export async function regionIn(store: StoreAccess): Promise<string | undefined> {
  return defaultRegion(await store.settings.get('region'));
}

/** regionIn for the import use cases, which still take the connection (known exception, docs/ARCHITECTURE.md). */
export function regionOf(db: Db): string | undefined {
  return defaultRegion(getSetting(db, 'region'));
}

/** What a journal's reader needs of the database: its currency (RUB unless configured) and configured locale. */
export function readingContextOf(db: Db): { currency: string; locale?: string } {
  const locale = getSetting(db, 'locale');
  return { currency: getSetting(db, 'currency') ?? 'RUB', ...(locale ? { locale } : {}) };
}
