import { m } from '../i18n/index.js';
import { DEAL_SERVICE_KEY } from '../reports/arpu.js';
import { NONE_KEY } from '../reports/numbers.js';

/**
 * A report group's key as people read it: the group of records without a value and the group of won deals in the
 * person's language; a source, tag, service or reason as the data writes it. JSON and CSV keep the key.
 */
export function groupLabel(key: string): string {
  if (key === NONE_KEY) return m.reports.columns.none;
  if (key === DEAL_SERVICE_KEY) return m.reports.columns.dealGroup;
  return key;
}
