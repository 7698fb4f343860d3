import type { Command } from 'commander';

/** `crm explain METRIC` (being written). */
export function registerExplainCommand(_program: Command): void {}
