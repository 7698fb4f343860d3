/**
 * RFM scores against their plain definition (1 + ⌊5 · buyers strictly worse / buyers⌋), on random columns of every
 * kind rfmScores counts its own way: dates, integers close together, integers far apart, fractions, and text that is
 * no date.
 */
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/calendar.js';
import { quintileScore, rfmScores } from '../../src/reports/rfm.js';
import { randomSource } from './large-seed.js';

/** The score of each value, counting the strictly smaller values one by one. */
function plainScores(values: Array<string | number>): number[] {
  return values.map((value) => quintileScore(values.filter((other) => other < value).length, values.length));
}

describe.each([1, 2, 3, 4, 5, 6, 7, 8])('rfmScores, random buyers %i', (seed) => {
  const random = randomSource(seed);
  const buyers = 1 + Math.floor(random() * 400);
  const pick = (n: number) => Math.floor(random() * n);
  const column = <T>(value: () => T) => Array.from({ length: buyers }, value);
  const cases: Array<[string, Array<string | number>]> = [
    ['dates of a few years', column(() => addDays('2024-01-01', pick(900)))],
    ['dates centuries apart', column(() => addDays('1900-01-01', pick(50_000) * (random() < 0.5 ? 1 : 30)))],
    ['purchase counts', column(() => 1 + pick(12))],
    ['amounts far apart', column(() => pick(3) * 10 ** pick(12))],
    ['fractions', column(() => Math.round(random() * 1000) / 8)],
    ['text that is no date', column(() => ['2024-1-5', 'вчера', '2024-01-05', ''][pick(4)]!)],
  ];

  it.each(cases)('scores %s as the definition does', (_, values) => {
    const facts = {
      clientIds: values.map((_, i) => i + 1),
      lastPurchase: values.map(String),
      frequency: values.map((value) => (typeof value === 'number' ? value : value.length)),
      monetary: values.map((value) => (typeof value === 'number' ? -value : value.length * 100)),
    };
    const scores = rfmScores(facts, true);
    expect(Array.from(scores.r)).toEqual(plainScores(facts.lastPurchase));
    expect(Array.from(scores.f)).toEqual(plainScores(facts.frequency));
    expect(Array.from(scores.m!)).toEqual(plainScores(facts.monetary));
  });
});
