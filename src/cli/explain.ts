import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { type PeriodFlags, parseDays, runReport, withPeriodOptions } from './report.js';

/** `crm explain METRIC`: the clients or deals behind a report's number. */
export function registerExplainCommand(program: Command): void {
  withPeriodOptions(
    program
      .command('explain')
      .description('list the clients (or deals) behind a figure, e.g. crm explain churned -p 2026-03')
      .argument(
        '<metric>',
        'active_clients, new_clients, returning_clients, buyers, repeat_buyers, at_start, churned, reactivated, promoters, passives, detractors, leads, qualified, deal, won, lost, junk, open',
      )
      .option('--window <days>', 'churn window for at_start, churned, reactivated', '90'),
    false,
  ).action(async (metric: string, flags: PeriodFlags & { window: string }, command: Command) => {
    const { EXPLAIN_METRICS, isExplainMetric } = await import('../reports/explain.js');
    if (!isExplainMetric(metric)) {
      throw new UsageError(`unknown metric '${metric}' (known: ${EXPLAIN_METRICS.join(', ')})`);
    }
    const windowDays = parseDays(flags.window, '--window', 1);
    await runReport(command, flags, async (context) =>
      context.views.explainView(
        await context.app.explain(context.store, metric, context.period(), windowDays),
        context.view,
      ),
    );
  });
}
