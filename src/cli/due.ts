import type { Command } from 'commander';
import { type OutputOptions, withOutputOptions } from './context.js';
import { parseDays, runReport } from './report.js';

/** `crm due`: who to call, today. */
export function registerDueCommand(program: Command): void {
  withOutputOptions(
    program
      .command('due')
      .description('clients due for a visit (by their usual rhythm) and recent NPS detractors: who to call today')
      .option('--within <days>', 'list clients expected within this many days from today', '7')
      .option('--window <days>', 'skip clients without a purchase in this many days (churned)', '90'),
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
