import { type DateDisplay, dateDisplay } from '../i18n/dates.js';

/**
 * How wide a table may be: `COLUMNS` when it holds a positive whole number (a person's choice, honoured through a
 * pipe too), else the width of the terminal stdout is, else no limit (a pipe, a file, cron: nothing to fit, and
 * wrapping would only spoil the lines for grep).
 */
export function outputWidth(
  stream: { isTTY?: boolean; columns?: number } = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
): number {
  const fromEnv = env.COLUMNS?.trim();
  if (fromEnv && /^\d+$/.test(fromEnv) && Number(fromEnv) > 0) return Number(fromEnv);
  if (stream.isTTY && stream.columns && stream.columns > 0) return stream.columns;
  return Number.POSITIVE_INFINITY;
}

/** What a terminal table is fitted to: the width it may take and how it writes dates. */
export interface TableLayout {
  width: number;
  dates: DateDisplay;
}

export function terminalLayout(overrides: Partial<TableLayout> = {}): TableLayout {
  return { width: overrides.width ?? outputWidth(), dates: overrides.dates ?? dateDisplay() };
}
