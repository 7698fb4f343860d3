/**
 * Which one-line definitions each report prints under its table. The lines themselves are words of the language
 * (`m.reports.definitions`); docs/METRICS.md quotes the English ones as its short definitions (a test keeps the
 * two in step).
 */
import { type Catalogue, m } from '../i18n/index.js';

export type DefinitionKey = keyof Catalogue['reports']['definitions'];

export const REPORT_DEFINITIONS = {
  arpu: ['purchase', 'arpu', 'newClients'],
  repeat: ['purchase', 'repeat'],
  churn: ['purchase', 'churn', 'churnMore'],
  funnel: ['funnel', 'conversion'],
  nps: ['nps'],
  cohorts: ['purchase', 'cohorts'],
  rfm: ['purchase', 'rfm', 'segments'],
  due: ['due', 'detractor'],
} as const satisfies Record<string, readonly DefinitionKey[]>;

/** A definition in the chosen language. */
export function definition(key: DefinitionKey): string {
  return m.reports.definitions[key];
}

export function definitionLines(report: keyof typeof REPORT_DEFINITIONS): string[] {
  return REPORT_DEFINITIONS[report].map(definition);
}
