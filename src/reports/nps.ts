import { ratio, roundHalfAwayFromZero } from './numbers.js';
import type { Period } from './period.js';
import { periodJson } from './types.js';

/** How many clients' latest answer in the period was `score`. */
export interface ScoreCount {
  score: number;
  clients: number;
}

export type NpsCategory = 'promoter' | 'passive' | 'detractor';

export function npsCategory(score: number): NpsCategory {
  if (score >= 9) return 'promoter';
  if (score >= 7) return 'passive';
  return 'detractor';
}

export interface NpsReport {
  period: Period;
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** −100..100; null without responses. */
  nps: number | null;
  /** Clients whose latest answer was each score, 0 to 10 (eleven counts): what a chart of the answers draws. */
  distribution: number[];
}

export function npsReport(period: Period, scores: ScoreCount[]): NpsReport {
  const count = (category: NpsCategory) =>
    scores.reduce((sum, row) => sum + (npsCategory(row.score) === category ? row.clients : 0), 0);
  const promoters = count('promoter');
  const passives = count('passive');
  const detractors = count('detractor');
  const responses = promoters + passives + detractors;
  const share = ratio(100 * (promoters - detractors), responses);
  const distribution = Array.from({ length: 11 }, (_, score) =>
    scores.reduce((sum, row) => sum + (row.score === score ? row.clients : 0), 0),
  );
  return {
    period,
    responses,
    promoters,
    passives,
    detractors,
    nps: share === null ? null : roundHalfAwayFromZero(share),
    distribution,
  };
}

export function npsJson(report: NpsReport) {
  return {
    period: periodJson(report.period),
    responses: report.responses,
    promoters: report.promoters,
    passives: report.passives,
    detractors: report.detractors,
    nps: report.nps ?? 0,
  };
}
