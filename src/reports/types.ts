import type { Grain, Period } from './period.js';

export interface PeriodJson {
  from: string;
  to: string;
}

export function periodJson(period: Period): PeriodJson {
  return { from: period.from, to: period.to };
}

/** A report run for each sub-period of `period` (`--monthly`, `--quarterly`, `--yearly`) and for all of it. */
export interface Split<R> {
  period: Period;
  grain: Grain;
  columns: Array<{ label: string; report: R }>;
  /** The report over the whole period: not a sum of the columns (a client active in two months counts once). */
  total: R;
}

export function splitJson<R>(split: Split<R>, toJson: (report: R) => object) {
  return {
    period: periodJson(split.period),
    columns: split.columns.map((column) => toJson(column.report)),
    total: toJson(split.total),
  };
}
