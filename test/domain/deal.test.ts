import { describe, expect, it } from 'vitest';
import { checkMove, historyFromDates, type StageEntry } from '../../src/domain/deal.js';

const lead: StageEntry[] = [{ stage: 'lead', date: '2026-03-01', reason: null }];
const at = (stage: StageEntry['stage'], date = '2026-03-02'): StageEntry[] => [...lead, { stage, date, reason: null }];

describe('checkMove', () => {
  it.each([
    [lead, 'qualified'],
    [lead, 'junk'],
    [lead, 'lost'],
    [at('qualified'), 'deal'],
    [at('qualified'), 'lost'],
    [at('deal'), 'won'],
    [at('deal'), 'lost'],
  ] as const)('allows %#: → %s', (history, to) => {
    expect(() => checkMove(1, [...history], to, '2026-03-05', 'дорого')).not.toThrow();
  });

  it.each([
    [lead, 'won', 'allowed: qualified, junk, lost'],
    [lead, 'deal', 'allowed: qualified, junk, lost'],
    [at('qualified'), 'junk', 'allowed: deal, lost'],
    [at('qualified'), 'lead', 'allowed: deal, lost'],
    [at('deal'), 'qualified', 'allowed: won, lost'],
    [at('won'), 'lost', 'a won deal is closed'],
    [at('lost'), 'won', 'a lost deal is closed'],
    [at('junk'), 'qualified', 'a junk deal is closed'],
  ] as const)('refuses %#: → %s, listing the allowed moves', (history, to, listed) => {
    expect(() => checkMove(7, [...history], to, '2026-03-05', 'дорого')).toThrow(
      new RegExp(`deal #7 cannot move from \\w+ to ${to} \\(${listed}\\)`),
    );
  });

  it('needs a reason to lose a deal, and a date not before the last move', () => {
    expect(() => checkMove(1, [...lead], 'lost', '2026-03-05', null)).toThrow(/needs --reason/);
    expect(() => checkMove(1, [...lead], 'qualified', '2026-02-28', null)).toThrow(/cannot be dated 2026-02-28/);
  });
});

describe('historyFromDates', () => {
  it('orders the filled stages and ends with lost or junk', () => {
    expect(
      historyFromDates('2026-01-15', { qualified: '2026-01-16', deal: '2026-02-02', lost: '2026-02-10' }, 'Дорого')
        .history,
    ).toEqual([
      { stage: 'lead', date: '2026-01-15', reason: null },
      { stage: 'qualified', date: '2026-01-16', reason: null },
      { stage: 'deal', date: '2026-02-02', reason: null },
      { stage: 'lost', date: '2026-02-10', reason: 'Дорого' },
    ]);
  });

  it('accepts a won date with skipped stage dates', () => {
    expect(historyFromDates('2026-01-15', { won: '2026-01-20' }, null).history.map((e) => e.stage)).toEqual([
      'lead',
      'won',
    ]);
  });

  it.each([
    [
      { won: '2026-02-01', lost: '2026-02-02' },
      { code: 'wonAnd', ending: 'lost' },
    ],
    [{ lost: '2026-02-01', junk: '2026-02-02' }, { code: 'lostAndJunk' }],
    [{ qualified: '2026-02-01', junk: '2026-02-02' }, { code: 'junkAfterLead' }],
    [
      { qualified: '2026-01-10' },
      { code: 'stageBefore', stage: 'qualified', date: '2026-01-10', earlier: 'lead', earlierDate: '2026-01-15' },
    ],
  ])('rejects impossible rows: %o', (dates, problem) => {
    expect(historyFromDates('2026-01-15', dates, null).problem).toEqual(problem);
  });
});
