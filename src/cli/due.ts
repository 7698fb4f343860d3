import type { Command } from 'commander';
import { m } from '../i18n/index.js';
import { type OutputOptions, withOutputOptions } from './context.js';
import { parseDays, runReport } from './report.js';

/** `crm due`: who to call, today. */
export function registerDueCommand(program: Command): void {
  const h = m.help.due;
  withOutputOptions(
    program
      .command('due')
      .description(h.description)
      .option('--within <days>', h.within, '7')
      .option('--window <days>', h.window, '90'),
  ).action(async (flags: OutputOptions & { within: string; window: string }, command: Command) => {
    const withinDays = parseDays(flags.within, '--within', 0);
    const windowDays = parseDays(flags.window, '--window', 1);
    await runReport(command, flags, async (context) =>
      context.views.dueView(
        await context.app.due(context.store, { today: context.today, withinDays, windowDays }),
        context.view,
      ),
    );
  });
}
