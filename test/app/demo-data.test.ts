import { describe, expect, it } from 'vitest';
import { type DemoYear, demoYear } from '../../src/app/demo-data.js';
import { addDays, daysBetween, monthOf } from '../../src/domain/calendar.js';

const TODAYS = ['2026-11-22', '2027-03-10', '2026-08-05', '2028-01-01'];

/** Visits per calendar month, for the months the year covers whole. */
function visitsByWholeMonth(year: DemoYear): Map<string, number> {
  const counts = new Map<string, number>();
  for (const visit of year.visits) counts.set(monthOf(visit.date), (counts.get(monthOf(visit.date)) ?? 0) + 1);
  counts.delete(monthOf(year.from));
  counts.delete(monthOf(year.to));
  return counts;
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

describe('demoYear', () => {
  it('is the same year on every call for the same day and language', () => {
    expect(demoYear('2026-11-22', 'ru')).toEqual(demoYear('2026-11-22', 'ru'));
    expect(demoYear('2026-11-22', 'en')).toEqual(demoYear('2026-11-22', 'en'));
    expect(demoYear('2026-11-22', 'ru')).not.toEqual(demoYear('2026-11-23', 'ru'));
  });

  it.each(TODAYS)('on %s: about 40 clients and 600 visits, all in the 12 months before the day', (today) => {
    const year = demoYear(today, 'ru');
    expect(year.from).toBe(addDays(today, -365));
    expect(year.to).toBe(addDays(today, -1));
    expect(year.clients).toHaveLength(40);
    expect(year.visits.length).toBeGreaterThanOrEqual(540);
    expect(year.visits.length).toBeLessThanOrEqual(660);
    const dates = [
      ...year.visits.map((visit) => visit.date),
      ...year.answers.map((answer) => answer.date),
      ...year.deals.flatMap((deal) => [deal.created, deal.qualified, deal.deal, deal.won, deal.lost, deal.junk]),
    ].filter((date): date is string => date !== null);
    for (const date of dates) {
      expect(date >= year.from && date <= year.to, date).toBe(true);
    }
    expect(new Set(year.clients.map((client) => client.name)).size).toBe(40);
    expect(new Set(year.clients.map((client) => client.phone)).size).toBe(40);
  });

  it.each(TODAYS)('on %s: fewer visits in January and in summer than in the months around them', (today) => {
    const byMonth = visitsByWholeMonth(demoYear(today, 'en'));
    const of = (month: number) => [...byMonth].filter(([key]) => Number(key.slice(5)) === month).map(([, n]) => n);
    const usual = mean([2, 3, 4, 5, 9, 10, 11, 12].flatMap(of));
    for (const dip of [1, 7]) for (const visits of of(dip)) expect(visits).toBeLessThan(0.75 * usual);
    expect(mean([6, 7, 8].flatMap(of))).toBeLessThan(0.8 * usual);
  });

  it.each(TODAYS)('on %s: a few clients lost for months, and one who came back after months away', (today) => {
    const year = demoYear(today, 'ru');
    const datesOf = (client: number) => year.visits.filter((visit) => visit.client === client).map((v) => v.date);
    const lost = year.clients.filter((_, client) => {
      const dates = datesOf(client);
      return dates.length >= 4 && daysBetween(dates[dates.length - 1]!, today) > 120;
    });
    expect(lost.length).toBeGreaterThanOrEqual(3);
    const returned = year.clients.filter((_, client) => {
      const dates = datesOf(client);
      return dates.some((date, i) => i > 0 && daysBetween(dates[i - 1]!, date) > 120 && i < dates.length - 1);
    });
    expect(returned.length).toBeGreaterThanOrEqual(1);
  });

  it('has deals at every stage, won ones with an amount, and junk from nobody', () => {
    const { deals } = demoYear('2026-11-22', 'en');
    const stage = (deal: (typeof deals)[number]) =>
      deal.junk
        ? 'junk'
        : deal.won
          ? 'won'
          : deal.lost
            ? 'lost'
            : deal.deal
              ? 'deal'
              : deal.qualified
                ? 'qualified'
                : 'lead';
    expect(new Set(deals.map(stage))).toEqual(new Set(['lead', 'qualified', 'deal', 'won', 'lost', 'junk']));
    for (const deal of deals.filter((d) => d.won)) expect(deal.amount).toBeGreaterThan(0);
    for (const deal of deals.filter((d) => d.lost || d.junk)) expect(deal.reason).toBeTruthy();
    expect(deals.filter((d) => d.junk).every((d) => d.client === null)).toBe(true);
  });

  it('has NPS answers of every kind, each complaint with its comment, some in the last month and weeks', () => {
    const today = '2026-11-22';
    const { answers } = demoYear(today, 'ru');
    const detractors = answers.filter((answer) => answer.score <= 6);
    expect(detractors.length).toBeGreaterThanOrEqual(4);
    for (const answer of detractors) expect(answer.improve).toMatch(/\S/);
    expect(answers.some((answer) => answer.score >= 9)).toBe(true);
    expect(answers.some((answer) => answer.score === 7 || answer.score === 8)).toBe(true);
    expect(detractors.filter((answer) => monthOf(answer.date) === '2026-10').length).toBeGreaterThanOrEqual(2);
    expect(detractors.some((answer) => answer.date >= addDays(today, -30))).toBe(true);
  });

  it('speaks the language it is given: Russian names, services and comments, or English ones', () => {
    const ru = demoYear('2026-11-22', 'ru');
    const en = demoYear('2026-11-22', 'en');
    const cyrillic = /^[А-ЯЁа-яё\- ]+$/;
    expect(ru.clients.every((client) => cyrillic.test(client.name))).toBe(true);
    expect(ru.visits.every((visit) => cyrillic.test(visit.service))).toBe(true);
    expect(en.clients.every((client) => /^[A-Za-z' -]+$/.test(client.name))).toBe(true);
    expect(en.visits.some((visit) => /[А-Яа-я]/.test(visit.service))).toBe(false);
    expect(ru.settings).toEqual({ region: 'RU', locale: 'ru-RU', currency: 'RUB' });
    expect(en.settings.currency).toBe('GBP');
  });
});
