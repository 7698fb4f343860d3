import type { Command } from 'commander';

/** `crm report arpu|repeat|churn|funnel|nps|cohorts|rfm|monthly` (being written). */
export function registerReportCommands(_program: Command): void {}
