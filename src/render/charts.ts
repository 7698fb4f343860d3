/** Terminal charts for table mode only: JSON, CSV and Markdown never carry them. */

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
export function bar(value: number, max: number, width = 20): string {
  if (max <= 0 || value <= 0) return '';
  const eighths = Math.round((Math.min(value, max) / max) * width * 8);
  return '█'.repeat(Math.floor(eighths / 8)) + BAR_EIGHTHS[eighths % 8];
}
