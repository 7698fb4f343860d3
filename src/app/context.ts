import { defaultRegion } from '../domain/phone.js';
import type { StoreAccess } from '../store/store.js';

export { today } from './today.js';

/** The configured region (`crm config set region RU`), for phone numbers written without a country code. */
export async function regionIn(store: StoreAccess): Promise<string | undefined> {
  return defaultRegion(await store.settings.get('region'));
}

/** What a journal's reader needs of the database: its currency (RUB unless configured) and configured locale. */
export async function readingContextIn(store: StoreAccess): Promise<{ currency: string; locale?: string }> {
  const [currency, locale] = await Promise.all([store.settings.get('currency'), store.settings.get('locale')]);
  return { currency: currency ?? 'RUB', ...(locale ? { locale } : {}) };
}
