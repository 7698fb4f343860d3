/** Shared arithmetic for reports: every division, rounding and average goes through here. */

/** `numerator / denominator`, or null when the denominator is 0 (JSON then says 0, a table says "—"). */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/** Rounds halves away from zero (Math.round rounds -2.5 to -2). */
export function roundHalfAwayFromZero(value: number): number {
  // + 0 turns -0 (from rounding -0.3) into 0.
  return Math.sign(value) * Math.round(Math.abs(value)) + 0;
}

export function roundTo(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return roundHalfAwayFromZero(value * scale) / scale;
}

/** A rate as JSON and CSV carry it: a fraction rounded to 4 decimals, 0 when undefined. */
export function rateValue(rate: number | null): number {
  return rate === null ? 0 : roundTo(rate, 4);
}

/** Minor units (kopecks) to major units rounded to cents, as JSON carries money. */
export function majorUnits(minor: number): number {
  return roundHalfAwayFromZero(minor) / 100;
}

/** The median of numbers (the mean of the middle two for an even count); null when there are none. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function mean(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** The label records without a value (no source, no tag, no service) are grouped under. */
export const NONE_KEY = '(none)';
