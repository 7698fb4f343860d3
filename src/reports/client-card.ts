import { daysBetween } from '../domain/calendar.js';
import type { Client } from '../domain/client.js';
import type { Deal, NpsAnswer, Visit } from '../domain/stored-records.js';
import { DEFAULT_GAP_DAYS, expectedNextVisit } from './due.js';
import { median } from './numbers.js';

/** What `crm client show` shows: the client, the figures of their history, open deals, answers and last visits. */
export interface ClientCard {
  client: Client;
  stats: ClientStats;
  openDeals: Deal[];
  nps: NpsAnswer[];
  lastVisits: Visit[];
  today: string;
}

/** What the card needs of a client's history: visits, and deals with the date each was won (if it was). */
export interface CardVisit {
  date: string;
  amount: number;
  service: string | null;
}

export interface CardDeal {
  amount: number | null;
  won: string | null;
}

export interface ClientStats {
  visits: number;
  purchases: number;
  /** Minor units; a purchase is a visit with amount > 0 or a won deal, dated the day it was won. */
  revenue_this_year: number;
  revenue_last_year: number;
  revenue_lifetime: number;
  first_visit: string | null;
  last_visit: string | null;
  /** Median days between consecutive visit days; null with fewer than two. */
  usual_gap_days: number | null;
  /**
   * When `crm due` expects the client next (docs/METRICS.md, due): the last purchase day up to today + the median
   * gap between purchase days, rounded half up, or the default gap after a single one; null without a purchase.
   */
  expected_visit: string | null;
  favourite_services: Array<{ service: string; visits: number }>;
}

export function clientStats(
  visits: CardVisit[],
  deals: CardDeal[],
  today: string,
  { favourites = 3, defaultGapDays = DEFAULT_GAP_DAYS }: { favourites?: number; defaultGapDays?: number } = {},
): ClientStats {
  const year = today.slice(0, 4);
  const lastYear = String(Number(year) - 1);
  const purchases = [
    ...visits.filter((v) => v.amount > 0).map((v) => ({ date: v.date, amount: v.amount })),
    ...deals.filter((d) => d.won !== null).map((d) => ({ date: d.won!, amount: d.amount ?? 0 })),
  ];
  const revenueIn = (prefix: string) =>
    purchases.filter((p) => p.date.startsWith(prefix)).reduce((sum, p) => sum + p.amount, 0);
  const days = [...new Set(visits.map((v) => v.date))].sort();
  const gaps = days.slice(1).map((day, i) => daysBetween(days[i]!, day));
  const counts = new Map<string, number>();
  for (const visit of visits) if (visit.service) counts.set(visit.service, (counts.get(visit.service) ?? 0) + 1);
  const favourite = [...counts]
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b, 'ru'))
    .slice(0, favourites)
    .map(([service, n]) => ({ service, visits: n }));
  return {
    visits: visits.length,
    purchases: purchases.length,
    revenue_this_year: revenueIn(year),
    revenue_last_year: revenueIn(lastYear),
    revenue_lifetime: purchases.reduce((sum, p) => sum + p.amount, 0),
    first_visit: days[0] ?? null,
    last_visit: days[days.length - 1] ?? null,
    usual_gap_days: median(gaps),
    // As crm due: from the purchase days up to today (a visit booked ahead is no rhythm yet).
    expected_visit: expectedNextVisit(
      [...new Set(purchases.filter((p) => p.date <= today).map((p) => p.date))].sort(),
      defaultGapDays,
    ),
    favourite_services: favourite,
  };
}
