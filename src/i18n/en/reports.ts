/**
 * The words of `crm report`, `crm due` and `crm explain` tables: titles, row and column labels, and the one-line
 * definitions under each table (docs/METRICS.md quotes the English ones; a test keeps the two in step). CSV and
 * JSON never use these: they keep their keys in every language.
 */
export const reports = {
  definitions: {
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
  },
  /** A metric's row label, by its JSON key. */
  lines: {
    revenue: 'revenue',
    active_clients: 'active clients',
    purchases: 'purchases',
    arpu: 'ARPU',
    average_check: 'average check',
    new_clients: 'new clients',
    returning_clients: 'returning clients',
    buyers: 'buyers',
    repeat_buyers: 'repeat buyers',
    repeat_rate: 'repeat rate',
    at_start: 'alive at start',
    churned: 'churned',
    churn_rate: 'churn rate',
    reactivated: 'reactivated',
    revenue_churn: 'revenue churn',
    responses: 'responses',
    promoters: 'promoters',
    passives: 'passives',
    detractors: 'detractors',
    nps: 'NPS',
    leads: 'leads',
    qualified: 'qualified',
    deal: 'deal',
    won: 'won',
    lost: 'lost',
    junk: 'junk',
    open: 'open',
    'conversion.qualified': 'qualified / leads',
    'conversion.deal': 'deal / qualified',
    'conversion.won': 'won / deal',
    'conversion.overall': 'won / leads',
    'cycle_days.median': 'cycle days, median',
    'cycle_days.mean': 'cycle days, mean',
  },
  lostReason: (p: { reason: string }) => `lost: ${p.reason}`,
  /** An amount's label names the currency its cells leave out: `revenue, ₽`. */
  withCurrency: (p: { label: string; currency: string }) => `${p.label}, ${p.currency}`,
  names: {
    arpu: 'ARPU',
    repeat: 'Repeat purchase',
    nps: 'NPS',
    funnel: 'Funnel',
    churn: (p: { window: string }) => `Churn (window ${p.window})`,
  },
  columns: {
    metric: 'metric',
    section: 'section',
    period: 'period',
    total: 'total',
    all: '(all)',
    /** The group of records without a value (no source, no tag); JSON and CSV write `(none)`. */
    none: '(none)',
    /** The group of won deals in ARPU by service (a deal has no service); JSON and CSV write `(deal)`. */
    dealGroup: '(deal)',
    group: 'group',
    source: 'source',
    tag: 'tag',
    service: 'service',
    cohort: 'cohort',
    clients: 'clients',
    segment: 'segment',
    share: 'share',
    name: 'name',
    rfm: 'R F M',
    lastPurchase: 'last purchase',
    daysSince: 'days since',
    month: 'month',
  },
  arpuBy: (p: { by: string; period: string }) => `ARPU by ${p.by} · ${p.period}`,
  groupedByTag: 'A client with several tags counts in each of their groups: groups do not add up to (all).',
  groupedByService:
    'Won deals have no service: they form the group (deal). A client counts in each group they bought in.',
  groupedBySource: 'Grouped by the client’s source.',
  funnelBySource: (p: { period: string }) => `Funnel by source · ${p.period}`,
  groupedByDealSource: 'Grouped by the deal’s source.',
  cohortsTitle: (p: { period: string; counts: boolean; wholePercents: boolean }) =>
    `Cohorts · ${p.period} (${p.counts ? 'clients buying' : p.wholePercents ? '% of the cohort buying' : 'share of the cohort buying'} in month m0, m1, ...)`,
  rfmTitle: (p: { date: string; buyers: string }) => `RFM · as of ${p.date} (${p.buyers})`,
  segments: {
    champions: 'champions',
    loyal: 'loyal',
    potential: 'potential',
    new: 'new',
    at_risk: 'at risk',
    hibernating: 'hibernating',
    lost: 'lost',
  },
  due: {
    title: (p: { date: string; within: string; window: string }) =>
      `Who to call · ${p.date} (due within ${p.within}, churn window ${p.window})`,
    columns: {
      name: 'name',
      phone: 'phone',
      last_visit: 'last visit',
      expected: 'expected date',
      days_overdue: 'days overdue',
      usual_service: 'usual service',
      reason: 'reason',
      nps_score: 'NPS',
    },
    /** Why a client is listed, as the table says it (JSON and CSV keep `due`, `detractor`). */
    reasons: { due: 'due', detractor: 'detractor' },
    /** A client expected in a few days, in the days overdue column (JSON and CSV keep the negative number). */
    daysLeft: (p: { days: string }) => `in ${p.days}`,
    /**
     * The table's reason for a detractor, with the score: one column fewer, so that the table fits 80 columns (a
     * no-break space keeps `NPS 5` on one line when it wraps).
     */
    detractorScored: (p: { score: number }) => `detractor (NPS\u00a0${p.score})`,
  },
  explain: {
    window: (p: { window: string }) => ` (window ${p.window})`,
    /** Column headers by item key; a key without one is shown with spaces for underscores. */
    columns: {
      client_id: 'client id',
      name: 'name',
      purchases: 'purchases',
      revenue: 'revenue',
      first_purchase: 'first purchase',
      last_purchase: 'last purchase',
      previous_purchase: 'previous purchase',
      first_purchase_in_period: 'first purchase in period',
      purchases_in_period: 'purchases in period',
      revenue_in_period: 'revenue in period',
      last_purchase_before: 'last purchase before',
      revenue_in_window: 'revenue in window',
      last_purchase_in_period: 'last purchase in period',
      date: 'date',
      score: 'score',
      deal_id: 'deal id',
      title: 'title',
      client: 'client',
      source: 'source',
      amount: 'amount',
      stage: 'stage',
      created: 'created',
      qualified: 'qualified',
      deal: 'deal',
      won: 'won',
      lost: 'lost',
      junk: 'junk',
      lost_reason: 'lost reason',
    },
  },
  monthly: {
    title: (p: { month: string }) => `Monthly report · ${p.month}`,
    sections: {
      arpu: 'ARPU',
      repeat: 'Repeat purchase',
      churn: 'Churn, 90-day window',
      funnel: 'Funnel',
      nps: 'NPS',
    },
    vsMonth: 'vs month',
    vsYear: 'vs year',
    points: (p: { change: string }) => `${p.change} pp`,
    revenue12: (p: { currency: string }) => `revenue, ${p.currency}, last 12 months`,
    notShown: (p: { sections: string }) =>
      `Not shown, no figures in these months: ${p.sections} (--json and --format csv have them).`,
    changes:
      'vs month / vs year: change against the previous month and the same month a year before (% for amounts and counts, pp or points for rates and NPS).',
    trendColumn: '12 months',
    trendTable: 'last 12 months',
    trendNote: (p: { from: string; to: string }) =>
      `12 months: ${p.from} – ${p.to}, a character a month, from ▁ (none) to █ (the highest).`,
  },
};
