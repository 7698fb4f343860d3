import { rateValue, ratio } from './numbers.js';
import type { Period } from './period.js';
import { periodJson } from './types.js';

/** How many clients have made `purchases` purchases up to the period's end (the query caps the count at 2). */
export interface PurchaseCountGroup {
  purchases: number;
  clients: number;
}

export interface RepeatReport {
  period: Period;
  buyers: number;
  repeatBuyers: number;
  repeatRate: number | null;
}

export function isRepeatBuyer(purchases: number): boolean {
  return purchases >= 2;
}

export function repeatReport(period: Period, groups: PurchaseCountGroup[]): RepeatReport {
  const buyers = groups.reduce((sum, group) => sum + (group.purchases >= 1 ? group.clients : 0), 0);
  const repeatBuyers = groups.reduce((sum, group) => sum + (isRepeatBuyer(group.purchases) ? group.clients : 0), 0);
  return { period, buyers, repeatBuyers, repeatRate: ratio(repeatBuyers, buyers) };
}

export function repeatJson(report: RepeatReport) {
  return {
    period: periodJson(report.period),
    buyers: report.buyers,
    repeat_buyers: report.repeatBuyers,
    repeat_rate: rateValue(report.repeatRate),
  };
}
