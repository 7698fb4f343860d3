import type { Command } from 'commander';

/** `crm due` (being written). */
export function registerDueCommand(_program: Command): void {}
