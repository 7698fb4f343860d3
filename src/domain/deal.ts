import { InputError } from '../errors.js';
import { m } from '../i18n/index.js';
import type { RowNote } from './row-notes.js';

export const STAGES = ['lead', 'qualified', 'deal', 'won', 'lost', 'junk'] as const;
export type Stage = (typeof STAGES)[number];

/** Where a deal may go from each stage: forward one step, junk only from a fresh lead, lost until it is won. */
export const TRANSITIONS: Record<Stage, readonly Stage[]> = {
  lead: ['qualified', 'junk', 'lost'],
  qualified: ['deal', 'lost'],
  deal: ['won', 'lost'],
  won: [],
  lost: [],
  junk: [],
};

/** Progress along the pipeline; lost and junk end a deal without progress of their own. */
export const STAGE_RANK: Record<Stage, number> = { lead: 0, qualified: 1, deal: 2, won: 3, lost: -1, junk: -1 };

export const OPEN_STAGES: readonly Stage[] = ['lead', 'qualified', 'deal'];

export function isStage(text: string): text is Stage {
  return (STAGES as readonly string[]).includes(text);
}

export function parseStage(text: string): Stage {
  const stage = text.trim().toLowerCase();
  if (!isStage(stage)) throw new InputError(m.errors.unknownStage({ stage: text, stages: STAGES.join(', ') }));
  return stage;
}

export interface StageEntry {
  stage: Stage;
  date: string;
  reason: string | null;
}

/** Checks one move of a deal; throws with the allowed moves listed when it is not one. */
export function checkMove(dealId: number, history: StageEntry[], to: Stage, date: string, reason: string | null): void {
  const current = history[history.length - 1]!;
  const allowed = TRANSITIONS[current.stage];
  if (!allowed.includes(to)) {
    throw new InputError(m.errors.cannotMove({ id: dealId, from: current.stage, to, allowed: allowed.join(', ') }));
  }
  if (date < current.date) {
    throw new InputError(m.errors.moveBefore({ id: dealId, stage: current.stage, entered: current.date, date }));
  }
  if (to === 'lost' && !reason?.trim()) throw new InputError(m.errors.lostNeedsReason({ id: dealId }));
}

/**
 * Stage history from an imported row's stage dates: the lead on its creation date, then every stage with a date, in
 * pipeline order. The furthest filled stage is the current one; lost and junk end it.
 */
export function historyFromDates(
  created: string,
  dates: Partial<Record<Exclude<Stage, 'lead'>, string>>,
  reason: string | null,
): { history: StageEntry[]; problem?: RowNote } {
  const history: StageEntry[] = [{ stage: 'lead', date: created, reason: null }];
  for (const stage of ['qualified', 'deal', 'won'] as const) {
    const date = dates[stage];
    if (date) history.push({ stage, date, reason: null });
  }
  const endings = (['lost', 'junk'] as const).filter((stage) => dates[stage]);
  if (endings.length > 1) return { history, problem: { code: 'lostAndJunk' } };
  if (endings.length === 1 && dates.won) return { history, problem: { code: 'wonAnd', ending: endings[0]! } };
  if (endings[0] === 'junk' && history.length > 1) return { history, problem: { code: 'junkAfterLead' } };
  if (endings[0])
    history.push({ stage: endings[0], date: dates[endings[0]]!, reason: endings[0] === 'lost' ? reason : null });
  for (let i = 1; i < history.length; i++) {
    if (history[i]!.date < history[i - 1]!.date) {
      const [earlier, later] = [history[i - 1]!, history[i]!];
      return {
        history,
        problem: {
          code: 'stageBefore',
          stage: later.stage,
          date: later.date,
          earlier: earlier.stage,
          earlierDate: earlier.date,
        },
      };
    }
  }
  return { history };
}

export function currentStage(history: StageEntry[]): Stage {
  return history[history.length - 1]!.stage;
}
