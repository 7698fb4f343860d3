import { defaultRegion } from '../domain/phone.js';
import type { Db } from '../store/db.js';
import { getSetting } from '../store/settings.js';

export { today } from './today.js';

export function regionOf(db: Db): string | undefined {
  return defaultRegion(getSetting(db, 'region'));
}

/** What a journal's reader needs of the database: its currency (RUB unless configured) and configured locale. */
export function readingContextOf(db: Db): { currency: string; locale?: string } {
  const locale = getSetting(db, 'locale');
  return { currency: getSetting(db, 'currency') ?? 'RUB', ...(locale ? { locale } : {}) };
}
