import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { m } from '../i18n/index.js';
import { type PeriodFlags, parseDays, runReport, withPeriodOptions } from './report.js';

/** `crm explain METRIC`: the clients or deals behind a report's number. */
/**
 * What `crm explain` takes, as help lists them: written out, since the reports' modules are not loaded for help
 * (test/cli/explain.test.ts keeps it equal to EXPLAIN_METRICS).
 */
export const METRIC_NAMES =
  'active_clients, new_clients, returning_clients, buyers, repeat_buyers, at_start, churned, reactivated, promoters, passives, detractors, leads, qualified, deal, won, lost, junk, open';

export function registerExplainCommand(program: Command): void {
  const h = m.help.explain;
  withPeriodOptions(
    program
      .command('explain')
      .description(h.description)
      .argument('<metric>', h.metric({ metrics: METRIC_NAMES }))
      .option('--window <days>', h.window, '90'),
    false,
  ).action(async (metric: string, flags: PeriodFlags & { window: string }, command: Command) => {
    const { EXPLAIN_METRICS, isExplainMetric } = await import('../reports/explain.js');
    if (!isExplainMetric(metric)) {
      throw new UsageError(m.said.report.unknownMetric({ metric, known: EXPLAIN_METRICS.join(', ') }));
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
