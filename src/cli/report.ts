import { type Command, Option } from 'commander';
import { UsageError } from '../errors.js';
import { m } from '../i18n/index.js';
import type { ReportView } from '../render/reports.js';
import type { Renderable } from '../render/types.js';
import type { Grain, Period, PeriodOptions } from '../reports/period.js';
import type { StoreAccess } from '../store/store.js';
import {
  chooseFormat,
  emit,
  type OutputOptions,
  parseIntegerArgument,
  withOutputOptions,
  withStore,
} from './context.js';

export interface PeriodFlags extends PeriodOptions, OutputOptions {
  monthly?: boolean;
  quarterly?: boolean;
  yearly?: boolean;
  transpose?: boolean;
}

/** -p/--period, --from/--to, --month, --year; with `split`, also --monthly/--quarterly/--yearly. */
export function withPeriodOptions(command: Command, split = true): Command {
  const h = m.help.period;
  command
    .option('-p, --period <period>', h.period)
    .option('--from <date>', h.from)
    .option('--to <date>', h.to)
    .option('--month <month>', h.month)
    .option('--year <year>', h.year);
  if (split) {
    command
      .option('--monthly', h.monthly)
      .option('--quarterly', h.quarterly)
      .option('--yearly', h.yearly)
      .option('--transpose', h.transpose);
  }
  return withOutputOptions(command);
}

export function splitGrain(flags: PeriodFlags): Grain | undefined {
  const grains = (['monthly', 'quarterly', 'yearly'] as const).filter((flag) => flags[flag]);
  if (grains.length > 1) {
    throw new UsageError(
      m.said.report.grainsCombined({ options: grains.map((grain) => `--${grain}`).join(m.said.context.and) }),
    );
  }
  return ({ monthly: 'month', quarterly: 'quarter', yearly: 'year' } as const)[grains[0]!];
}

export function parseDays(text: string, option: string, minimum: number): number {
  const days = parseIntegerArgument(text, option);
  if (days < minimum) throw new UsageError(m.said.report.atLeast({ option, minimum, text }));
  return days;
}

/** No colour unless a terminal reads the table: not with -o, not through a pipe, not when NO_COLOR is set. */
export function colourWanted(options: OutputOptions): boolean {
  return chooseFormat(options) === 'table' && !options.output && Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
}

export interface ReportContext {
  store: StoreAccess;
  app: typeof import('../app/reports.js');
  views: typeof import('../render/reports.js');
  periods: typeof import('../reports/period.js');
  view: ReportView;
  today: string;
  /** The period the options name, else `fallback` (default: the last full month). */
  period(fallback?: (today: string) => Period): Period;
}

/** Opens the database read-only, builds the report with `build`, and prints or writes it. */
export async function runReport(
  command: Command,
  flags: PeriodFlags,
  build: (context: ReportContext) => Promise<Renderable>,
): Promise<void> {
  const format = chooseFormat(flags);
  const runtime = await import('./report-runtime.js');
  const { app, views, periods } = runtime;
  const today = runtime.today();
  const colours = colourWanted(flags) ? (await import('chalk')).default : undefined;
  const renderable = await withStore(
    command,
    async (store) =>
      build({
        store,
        app,
        views,
        periods,
        today,
        view: {
          format,
          style: await app.moneySettings(store),
          emphasis: colours?.bold,
          colours,
          transpose: flags.transpose,
          // A file is read later, in an editor or a mail: its charts are not sized to this terminal.
          ...(flags.output ? { width: Number.POSITIVE_INFINITY } : {}),
          ...(format === 'html' ? { business: await app.businessName(store) } : {}),
        },
        period: (fallback) => periods.resolvePeriod(flags, today, fallback),
      }),
    true,
    runtime,
  );
  await emit(renderable, flags, runtime.renderPieces);
}

/** Runs `one` over the period, or over each sub-period and the whole when --monthly/--quarterly/--yearly is given. */
function splitOrSingle<R>(context: ReportContext, flags: PeriodFlags, one: (period: Period) => Promise<R>) {
  const period = context.period();
  const grain = splitGrain(flags);
  return grain ? context.app.split(period, grain, one) : one(period);
}

export function registerReportCommands(program: Command): void {
  const h = m.help.report;
  const report = program.command('report').description(h.description);

  withPeriodOptions(
    report
      .command('arpu')
      .description(h.arpu.description)
      .addOption(new Option('--by <group>', h.arpu.by).choices(['source', 'tag', 'service'])),
  ).action(async (flags: PeriodFlags & { by?: 'source' | 'tag' | 'service' }, command: Command) => {
    if (flags.by && splitGrain(flags)) throw new UsageError(m.said.report.byWithSplit);
    await runReport(command, flags, async (context) =>
      context.views.arpuView(
        await splitOrSingle(context, flags, (period) => context.app.arpu(context.store, period, flags.by)),
        context.view,
      ),
    );
  });

  withPeriodOptions(report.command('repeat').description(h.repeat.description)).action(
    async (flags: PeriodFlags, command: Command) => {
      await runReport(command, flags, async (context) =>
        context.views.repeatView(
          await splitOrSingle(context, flags, (period) => context.app.repeat(context.store, period)),
          context.view,
        ),
      );
    },
  );

  withPeriodOptions(
    report.command('churn').description(h.churn.description).option('--window <days>', h.churn.window, '90'),
  ).action(async (flags: PeriodFlags & { window: string }, command: Command) => {
    const window = parseDays(flags.window, '--window', 1);
    await runReport(command, flags, async (context) =>
      context.views.churnView(
        await splitOrSingle(context, flags, (period) => context.app.churn(context.store, period, window)),
        context.view,
      ),
    );
  });

  withPeriodOptions(
    report
      .command('funnel')
      .description(h.funnel.description)
      .addOption(new Option('--by <group>', h.funnel.by).choices(['source'])),
  ).action(async (flags: PeriodFlags & { by?: 'source' }, command: Command) => {
    if (flags.by && splitGrain(flags)) throw new UsageError(m.said.report.byWithSplit);
    await runReport(command, flags, async (context) =>
      context.views.funnelView(
        await splitOrSingle(context, flags, (period) => context.app.funnel(context.store, period, flags.by)),
        context.view,
      ),
    );
  });

  withPeriodOptions(report.command('nps').description(h.nps.description)).action(
    async (flags: PeriodFlags, command: Command) => {
      await runReport(command, flags, async (context) =>
        context.views.npsView(
          await splitOrSingle(context, flags, (period) => context.app.nps(context.store, period)),
          context.view,
        ),
      );
    },
  );

  withPeriodOptions(
    report.command('cohorts').description(h.cohorts.description).option('--counts', h.cohorts.counts),
    false,
  ).action(async (flags: PeriodFlags & { counts?: boolean }, command: Command) => {
    await runReport(command, flags, async (context) =>
      context.views.cohortsView(
        await context.app.cohorts(
          context.store,
          context.period((today) => context.periods.lastFullMonths(today, 12)),
        ),
        context.view,
        flags.counts ?? false,
      ),
    );
  });

  withPeriodOptions(
    report.command('rfm').description(h.rfm.description).option('--clients', h.rfm.clients),
    false,
  ).action(async (flags: PeriodFlags & { clients?: boolean }, command: Command) => {
    await runReport(command, flags, async (context) =>
      context.views.rfmView(
        await context.app.rfm(context.store, context.period(), flags.clients ?? false),
        context.view,
      ),
    );
  });

  withPeriodOptions(report.command('monthly').description(h.monthly.description), false).action(
    async (flags: PeriodFlags, command: Command) => {
      await runReport(command, flags, async (context) => {
        const month = context.period();
        if (!context.periods.isWholeMonth(month)) {
          throw new UsageError(m.said.report.monthlyNeedsMonth({ period: context.periods.periodLabel(month) }));
        }
        // A page draws more of the year (churn, cohorts, detractors): gathered only for it.
        const withPage = context.view.format === 'html';
        return context.views.monthlyView(await context.app.monthly(context.store, month, withPage), context.view);
      });
    },
  );
}
