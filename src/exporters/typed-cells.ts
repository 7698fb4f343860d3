/**
 * A value of a table crm writes to a file: text as it is, or a figure that each format writes its own way. CSV writes
 * a figure as text in its dialect (`17.05.2026`, `1500,50`); a workbook as a typed cell, a date or a number that a
 * spreadsheet sorts and adds up. Text stays text in every format: a phone never becomes a number.
 */
export type TypedCell = string | number | null | DateCell | MoneyCell | PercentCell;

/** A calendar date, `YYYY-MM-DD`. */
export interface DateCell {
  date: string;
}

/** An amount in integer minor units (kopecks). */
export interface MoneyCell {
  minor: number;
}

/** A share (0.25 is 25 %). */
export interface PercentCell {
  fraction: number;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A stored date as a cell: a date when it is `YYYY-MM-DD`, the text as stored otherwise, empty when there is none. */
export function dateCell(value: string | null | undefined): TypedCell {
  if (!value) return null;
  return ISO_DATE.test(value) ? { date: value } : value;
}

export function moneyCell(minor: number | null | undefined): TypedCell {
  return minor === null || minor === undefined ? null : { minor };
}
