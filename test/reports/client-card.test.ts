import { describe, expect, it } from 'vitest';
import { clientStats } from '../../src/reports/client-card.js';

describe('clientStats', () => {
  it('counts visits, revenue by calendar year with won deals, gaps and favourite services', () => {
    const stats = clientStats(
      [
        { date: '2025-12-20', amount: 100000, service: 'Стрижка' },
        { date: '2026-01-10', amount: 0, service: 'Консультация' },
        { date: '2026-01-10', amount: 150000, service: 'Стрижка' },
        { date: '2026-02-09', amount: 250000, service: 'Окрашивание' },
      ],
      [
        { amount: 1500000, won: '2026-01-20' },
        { amount: 900000, won: null },
        { amount: null, won: '2024-05-01' },
      ],
      '2026-11-22',
    );
    expect(stats).toEqual({
      visits: 4,
      purchases: 5,
      revenue_this_year: 150000 + 250000 + 1500000,
      revenue_last_year: 100000,
      revenue_lifetime: 100000 + 150000 + 250000 + 1500000,
      first_visit: '2025-12-20',
      last_visit: '2026-02-09',
      // Visit days 12-20, 01-10, 02-09: gaps of 21 and 30 days.
      usual_gap_days: 25.5,
      // Purchase days (paid visits and won deals) 2024-05-01, 2025-12-20, 01-10, 01-20, 02-09: gaps 598, 21, 10, 20,
      // median 20.5, rounded half up: 21 days after 02-09, as crm due expects.
      expected_visit: '2026-03-02',
      favourite_services: [
        { service: 'Стрижка', visits: 2 },
        { service: 'Консультация', visits: 1 },
        { service: 'Окрашивание', visits: 1 },
      ],
    });
  });

  it('has no dates or gap for a client with no visits', () => {
    expect(clientStats([], [], '2026-11-22')).toMatchObject({
      visits: 0,
      first_visit: null,
      last_visit: null,
      usual_gap_days: null,
      expected_visit: null,
      favourite_services: [],
    });
  });
});
