import type { Client } from '../domain/client.js';
import { type ClientCard, clientStats } from '../reports/client-card.js';
import type { Db } from '../store/db.js';
import { listDeals } from '../store/deals.js';
import { listNpsAnswers } from '../store/nps.js';
import { listVisits } from '../store/visits.js';
import { today } from './context.js';

export function clientCardOf(db: Db, client: Client, lastVisits = 10): ClientCard {
  const visits = listVisits(db, { clientId: client.id });
  const deals = listDeals(db, { clientId: client.id });
  const day = today();
  return {
    client,
    stats: clientStats(
      visits,
      deals.map((d) => ({ amount: d.amount, won: d.history.find((e) => e.stage === 'won')?.date ?? null })),
      day,
    ),
    openDeals: deals.filter((d) => d.stage === 'lead' || d.stage === 'qualified' || d.stage === 'deal'),
    nps: listNpsAnswers(db, { clientId: client.id }),
    lastVisits: visits.slice(-lastVisits),
    today: day,
  };
}
