import type { Client } from '../domain/client.js';
import { type ClientCard, clientStats } from '../reports/client-card.js';
import type { StoreAccess } from '../store/store.js';
import { today } from './context.js';
import { dueDefaultGapDays, type MoneySettings, moneySettings } from './settings.js';

/** A client's card, with how the person's tables write money (the card's amounts carry its currency sign). */
export async function clientCardOf(
  store: StoreAccess,
  client: Client,
  lastVisits = 10,
): Promise<ClientCard & { money: MoneySettings }> {
  const visits = await store.visits.list({ clientId: client.id });
  const deals = await store.deals.list({ clientId: client.id });
  const day = today();
  return {
    client,
    stats: clientStats(
      visits,
      deals.map((d) => ({ amount: d.amount, won: d.history.find((e) => e.stage === 'won')?.date ?? null })),
      day,
      { defaultGapDays: await dueDefaultGapDays(store) },
    ),
    openDeals: deals.filter((d) => d.stage === 'lead' || d.stage === 'qualified' || d.stage === 'deal'),
    nps: await store.nps.list({ clientId: client.id }),
    lastVisits: visits.slice(-lastVisits),
    today: day,
    money: await moneySettings(store),
  };
}
