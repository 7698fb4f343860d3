/**
 * The one-line definitions printed under each report's table. docs/METRICS.md quotes the same lines as its short
 * definitions (a test keeps the two in step).
 */
export const DEFINITIONS = {
  purchase:
    'Purchase: a visit with amount > 0, or a deal whose stage is won (dated the day it was won, amount = the deal amount).',
  arpu: 'Revenue = purchases in the period; active clients = clients with one; ARPU = revenue / active clients; average check = revenue / purchases.',
  newClients: 'New = active clients whose first purchase ever is in the period; returning = active − new.',
  repeat:
    'Buyers = clients with a purchase up to the period end; repeat buyers = with 2 or more; repeat rate = repeat buyers / buyers.',
  churn:
    'Alive on day d = a purchase in the W days ending d; at start = alive the day before the period; churned = at start, not alive on its last day; churn rate = churned / at start.',
  churnMore:
    'Reactivated = not alive the day before, a purchase in the period and one before it; revenue churn = share of at-start revenue (W days before) that churned clients brought.',
  funnel:
    'Deals created in the period at the furthest stage reached by now; leads = all (junk too); qualified, deal = reached it or further; open = not won, lost or junk.',
  conversion:
    'Conversion: qualified/leads, deal/qualified, won/deal, overall won/leads; cycle = days from created to won over won deals.',
  nps: 'Latest answer per client in the period: promoters 9–10, passives 7–8, detractors 0–6; NPS = round(100 × (promoters − detractors) / responses).',
  cohorts:
    'Cohort = month of the first purchase ever; month k = clients of the cohort with a purchase k months later (share of the cohort, or count).',
  rfm: 'Over purchases up to the period end: R = days since the last, F = count, M = revenue; score = 1 + ⌊5 × clients strictly worse / clients⌋.',
  segments:
    'Segments by (R, F), first match: champions 4–5/4–5, new 5/1, potential 4–5/1–2, loyal 3–5/3–5, at risk 1–2/3–5, hibernating 2–3/1–2, lost 1/1–2.',
  due: 'Due = last purchase within the churn window and expected visit (last purchase + median gap between purchase days) by today + within.',
  detractor: 'Detractor = latest NPS answer of the last 30 days scored 0–6; listed whether due or not.',
  undefinedRate: '— = not defined (division by zero); JSON and CSV give 0.',
} as const;

export type DefinitionKey = keyof typeof DEFINITIONS;

export const REPORT_DEFINITIONS = {
  arpu: ['purchase', 'arpu', 'newClients'],
  repeat: ['purchase', 'repeat'],
  churn: ['purchase', 'churn', 'churnMore'],
  funnel: ['funnel', 'conversion'],
  nps: ['nps'],
  cohorts: ['purchase', 'cohorts'],
  rfm: ['purchase', 'rfm', 'segments'],
  due: ['due', 'detractor'],
} as const satisfies Record<string, readonly DefinitionKey[]>;

export function definitionLines(report: keyof typeof REPORT_DEFINITIONS): string[] {
  return REPORT_DEFINITIONS[report].map((key) => DEFINITIONS[key]);
}
