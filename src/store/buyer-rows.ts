/**
 * A period's buyers as both engines hand them to ARPU, from the purchase columns each reads its own way: the clients
 * with a purchase, and the won deals without a client as one buyer (slot 0).
 */
import type { BuyerRow } from '../reports/arpu.js';
import type { PurchaseColumns } from './purchase-columns.js';

/** Clients (slots above 0) with a purchase in the columns. */
export function buyersOf(columns: PurchaseColumns): number[] {
  const buyers: number[] = [];
  for (let id = 1; id < columns.slots; id++) if (columns.purchases[id]! > 0) buyers.push(id);
  return buyers;
}

/** Whether the columns hold purchases of won deals without a client (slot 0). */
export function hasBuyerWithoutClient(columns: PurchaseColumns): boolean {
  return columns.purchases[0]! > 0;
}

/**
 * Buyer rows, client ids ascending, with their purchases and revenue in the period and their first purchase ever
 * (`firsts`, by client id); last, the won deals without a client, whose first purchase is `firstWithoutClient` (the
 * first of them in the period), when there are any.
 */
export function buyerRowsOf(
  columns: PurchaseColumns,
  buyers: number[],
  firsts: ReadonlyArray<string | undefined>,
  firstWithoutClient: string | undefined,
): BuyerRow[] {
  const rows: BuyerRow[] = buyers.map((id) => ({
    clientId: id,
    purchases: columns.purchases[id]!,
    revenue: columns.revenue[id]!,
    firstPurchase: firsts[id]!,
  }));
  if (hasBuyerWithoutClient(columns)) {
    rows.push({
      clientId: null,
      purchases: columns.purchases[0]!,
      revenue: columns.revenue[0]!,
      firstPurchase: firstWithoutClient!,
    });
  }
  return rows;
}
