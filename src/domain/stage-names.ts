import { STAGES, type Stage, type StageEntry } from './deal.js';
import type { RowNote } from './row-notes.js';

/**
 * The stage names other CRMs give their default pipelines, in their Russian and English interfaces, and where each
 * stands in ours. A file with a current-stage column and no stage dates (a Bitrix24 deals or amoCRM leads export)
 * is placed by these; any other name is the user's to place with `--stage "Name=won"`.
 */
const DEFAULT_STAGES: ReadonlyArray<readonly [Stage, readonly string[]]> = [
  [
    'lead',
    [
      // Bitrix24
      'Новая',
      'New',
      // amoCRM / Kommo
      'Неразобранное',
      'Первичный контакт',
      'Incoming leads',
      'Incoming',
      'Initial contact',
    ],
  ],
  [
    'qualified',
    [
      'Подготовка документов',
      'Preparing documents',
      'Create papers',
      // Bitrix24's older default pipeline
      'Уточнение информации',
      'Get more info',
      'Предложение',
      'Quote',
      'Переговоры',
      'Negotiation',
      'Offer made',
    ],
  ],
  [
    'deal',
    [
      // Bitrix24 ships this one with a Latin C: both spellings are its.
      'Cчёт на предоплату',
      'Счёт на предоплату',
      'Prepayment invoice',
      'Invoice',
      'В работе',
      'In progress',
      'Финальный счёт',
      'Final invoice',
      'Переговоры в процессе',
      'Negotiate',
      'Принимают решение',
      'Decision making',
      'Согласование договора',
      'Contract discussion',
    ],
  ],
  [
    'won',
    [
      'Сделка успешна',
      'Deal won',
      'Deal successful',
      'Успешно реализовано',
      'Closed - won',
      'Won',
      'Выиграна',
      'Успешна',
    ],
  ],
  [
    'lost',
    [
      'Сделка провалена',
      'Deal lost',
      'Deal failed',
      'Анализ причины провала',
      'Analyze failure',
      'Analysis of failure',
      'Закрыто и не реализовано',
      'Closed - lost',
      'Lost',
      'Проиграна',
    ],
  ],
  ['junk', ['Junk', 'Нецелевой', 'Нецелевая']],
];

/** A stage name reduced to what tells names apart: case, spaces, punctuation and ё/е do not matter. */
export function stageNameKey(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

const DEFAULT_BY_KEY = new Map<string, Stage>();
for (const [stage, names] of DEFAULT_STAGES) for (const name of names) DEFAULT_BY_KEY.set(stageNameKey(name), stage);
for (const stage of STAGES) DEFAULT_BY_KEY.set(stage, stage);

/** How the rows of one stage name were placed. */
export interface StageNameCount {
  /** The name as the file first wrote it. */
  name: string;
  /** Where its rows went; null: nowhere known, imported as open leads until the user places it. */
  stage: Stage | null;
  /** Placed by the user's `--stage` rather than by the defaults. */
  chosen: boolean;
  rows: number;
}

/**
 * Places stage names: the user's choices (`--stage`, a profile) first, then the defaults. Counts every name it is
 * asked, for the import summary.
 */
export class StagePlacer {
  private readonly chosen = new Map<string, Stage>();
  private readonly counts = new Map<string, StageNameCount>();

  constructor(choices: Readonly<Record<string, Stage>> = {}) {
    for (const [name, stage] of Object.entries(choices)) this.chosen.set(stageNameKey(name), stage);
  }

  place(name: string): Stage | null {
    const key = stageNameKey(name);
    const chosen = this.chosen.get(key);
    const stage = chosen ?? DEFAULT_BY_KEY.get(key) ?? null;
    const count = this.counts.get(key);
    if (count) count.rows++;
    else this.counts.set(key, { name: name.trim(), stage, chosen: chosen !== undefined, rows: 1 });
    return stage;
  }

  /** Every name placed, in the order first met. */
  names(): StageNameCount[] {
    return [...this.counts.values()];
  }
}

/**
 * Stage history of a deal a file gives only the current stage of: the lead on its creation date; an open stage
 * reached that day too (the file does not say when); a won, lost or junk deal on its closing date, else on its
 * creation date.
 */
export function historyFromCurrentStage(
  created: string,
  stage: Stage,
  closed: string | undefined,
  reason: string | null,
): { history: StageEntry[]; problem?: RowNote } {
  const history: StageEntry[] = [{ stage: 'lead', date: created, reason: null }];
  if (stage === 'lead') return { history };
  const ends = stage === 'won' || stage === 'lost' || stage === 'junk';
  const date = ends && closed ? closed : created;
  if (date < created) return { history, problem: { code: 'closedBeforeCreated', closed: date, created } };
  history.push({ stage, date, reason: stage === 'lost' ? reason : null });
  return { history };
}
