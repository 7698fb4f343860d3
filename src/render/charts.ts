import type { ChalkInstance } from 'chalk';

/**
 * Terminal charts, for table mode only: JSON, CSV and Markdown never carry them. Pure: sizes and colours come in as
 * arguments (colour as a chalk instance, given only when the output is a terminal that wants colour).
 */

const SPARK_LEVELS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
const BAR_EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** One character per value, scaled from 0 to the largest value (all zero: a flat line). */
export function sparkline(values: number[]): string {
  const top = values.reduce((most, value) => Math.max(most, value), 0);
  return values
    .map((value) => {
      if (top <= 0 || value <= 0) return SPARK_LEVELS[0];
      return SPARK_LEVELS[Math.min(SPARK_LEVELS.length - 1, Math.round((value / top) * (SPARK_LEVELS.length - 1)))];
    })
    .join('');
}

/** A horizontal bar `width` characters long at `max`, drawn to an eighth of a character. */
export function bar(value: number, max: number, width = DEFAULT_BAR_WIDTH): string {
  if (max <= 0 || value <= 0 || width <= 0) return '';
  const eighths = Math.round((Math.min(value, max) / max) * width * 8);
  return '█'.repeat(Math.floor(eighths / 8)) + BAR_EIGHTHS[eighths % 8];
}

/** Bars through a pipe or into a file, where there is no screen to fill. */
export const DEFAULT_BAR_WIDTH = 20;
/** Longer bars tell nothing more, and leave the numbers far from them. */
const WIDEST_BAR = 50;
/** Shorter bars cannot tell 40 % from 50 %: better none. */
const NARROWEST_BAR = 8;

/**
 * How long the longest bar is beside a table `tableWidth` columns wide (the gap before the bars included) on a
 * screen `width` columns wide: what is left, up to WIDEST_BAR; 0 (no bars) when less than NARROWEST_BAR is left.
 */
export function barWidth(width: number, tableWidth: number): number {
  if (!Number.isFinite(width)) return DEFAULT_BAR_WIDTH;
  const left = width - tableWidth;
  return left < NARROWEST_BAR ? 0 : Math.min(WIDEST_BAR, left);
}

/** A share 0..1 as a heat level: 0 for none (or no share at all), then 1..5 by fifths. */
export function heatLevel(share: number | null | undefined): number {
  if (share === null || share === undefined || !(share > 0)) return 0;
  return Math.min(5, Math.ceil(Math.min(share, 1) * 5));
}

/** Light to dark green on 256-colour terminals; text dark on the light ones, light on the dark ones. */
const HEAT_256 = [194, 157, 114, 71, 28];
/** With 16 colours only three shades tell apart (grey, green, bright green); the lowest level is left plain. */
const HEAT_16 = [undefined, 'bgBlackBright', 'bgGreen', 'bgGreen', 'bgGreenBright'] as const;

/**
 * `text` on the background of its share's heat level: for the cells of a heat map, whose numbers are printed
 * whatever the colour. Plain without `colours`, at chalk level 0 (FORCE_COLOR=0), or for level 0.
 */
export function heat(text: string, share: number | null | undefined, colours?: ChalkInstance): string {
  const level = heatLevel(share);
  if (!colours || colours.level === 0 || level === 0) return text;
  if (colours.level >= 2) {
    const painted = colours.bgAnsi256(HEAT_256[level - 1]!);
    return (level >= 4 ? painted.whiteBright : painted.black)(text);
  }
  const background = HEAT_16[level - 1];
  if (!background) return text;
  return (background === 'bgBlackBright' ? colours[background].whiteBright : colours[background].black)(text);
}
