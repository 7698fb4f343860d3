import { defaultRegion } from '../domain/phone.js';
import type { Db } from '../store/db.js';
import { getSetting } from '../store/settings.js';

export { today } from './today.js';

export function regionOf(db: Db): string | undefined {
  return defaultRegion(getSetting(db, 'region'));
}
