import { type Command, Option } from 'commander';
import { UsageError } from '../errors.js';
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

const PERIOD_HELP = 'period: 2026-03, 2026Q1, 2026, 2026-03-05..2026-03-20 (default: the last full month)';

/** -p/--period, --from/--to, --month, --year; with `split`, also --monthly/--quarterly/--yearly. */
export function withPeriodOptions(command: Command, split = true): Command {
  command
    .option('-p, --period <period>', PERIOD_HELP)
    .option('--from <date>', 'first day, YYYY-MM-DD (with --to; alone: up to today)')
    .option('--to <date>', 'last day, YYYY-MM-DD')
    .option('--month <month>', 'a calendar month, YYYY-MM')
    .option('--year <year>', 'a calendar year, YYYY');
  if (split) {
    command
      .option('--monthly', 'one column per month of the period, plus the total')
      .option('--quarterly', 'one column per quarter of the period, plus the total')
      .option('--yearly', 'one column per year of the period, plus the total')
      .option('--transpose', 'with --monthly/--quarterly/--yearly: one row per period (the default when too wide)');
  }
  return withOutputOptions(command);
}

export function splitGrain(flags: PeriodFlags): Grain | undefined {
  const grains = (['monthly', 'quarterly', 'yearly'] as const).filter((flag) => flags[flag]);
  if (grains.length > 1) throw new UsageError(`--${grains.join(' and --')} cannot be combined: choose one`);
  return ({ monthly: 'month', quarterly: 'quarter', yearly: 'year' } as const)[grains[0]!];
}

export function parseDays(text: string, option: string, minimum: number): number {
  const days = parseIntegerArgument(text, option);
  if (days < minimum) throw new UsageError(`${option} must be at least ${minimum}, got ${text}`);
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
  await emit(renderable, flags, runtime.render);
}

/** Runs `one` over the period, or over each sub-period and the whole when --monthly/--quarterly/--yearly is given. */
function splitOrSingle<R>(context: ReportContext, flags: PeriodFlags, one: (period: Period) => Promise<R>) {
  const period = context.period();
  const grain = splitGrain(flags);
  return grain ? context.app.split(period, grain, one) : one(period);
}

export function registerReportCommands(program: Command): void {
  const report = program
    .command('report')
    .description('ARPU, repeat purchase, churn, funnel, NPS, cohorts, RFM and the monthly report');

  withPeriodOptions(
    report
      .command('arpu')
      .description('revenue, active clients, ARPU, average check, new and returning clients')
      .addOption(
        new Option('--by <group>', 'break down by the client’s source, tag, or service').choices([
          'source',
          'tag',
          'service',
        ]),
      ),
  ).action(async (flags: PeriodFlags & { by?: 'source' | 'tag' | 'service' }, command: Command) => {
    if (flags.by && splitGrain(flags))
      throw new UsageError('--by cannot be combined with --monthly/--quarterly/--yearly');
    await runReport(command, flags, async (context) =>
      context.views.arpuView(
        await splitOrSingle(context, flags, (period) => context.app.arpu(context.store, period, flags.by)),
        context.view,
      ),
    );
  });

  withPeriodOptions(
    report.command('repeat').description('buyers up to the period end, repeat buyers and the repeat rate'),
  ).action(async (flags: PeriodFlags, command: Command) => {
    await runReport(command, flags, async (context) =>
      context.views.repeatView(
        await splitOrSingle(context, flags, (period) => context.app.repeat(context.store, period)),
        context.view,
      ),
    );
  });

  withPeriodOptions(
    report
      .command('churn')
      .description('clients alive at the start, churned, reactivated, revenue churn')
      .option('--window <days>', 'days without a purchase after which a client counts as churned', '90'),
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
      .description('deals created in the period by the furthest stage reached, conversion, cycle, lost reasons')
      .addOption(new Option('--by <group>', 'break down by the deal’s source').choices(['source'])),
  ).action(async (flags: PeriodFlags & { by?: 'source' }, command: Command) => {
    if (flags.by && splitGrain(flags))
      throw new UsageError('--by cannot be combined with --monthly/--quarterly/--yearly');
    await runReport(command, flags, async (context) =>
      context.views.funnelView(
        await splitOrSingle(context, flags, (period) => context.app.funnel(context.store, period, flags.by)),
        context.view,
      ),
    );
  });

  withPeriodOptions(
    report.command('nps').description('promoters, passives, detractors and NPS from each client’s latest answer'),
  ).action(async (flags: PeriodFlags, command: Command) => {
    await runReport(command, flags, async (context) =>
      context.views.npsView(
        await splitOrSingle(context, flags, (period) => context.app.nps(context.store, period)),
        context.view,
      ),
    );
  });

  withPeriodOptions(
    report
      .command('cohorts')
      .description(
        'clients by month of first purchase: who buys again in each following month (default: last 12 months)',
      )
      .option('--counts', 'clients instead of shares'),
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
    report
      .command('rfm')
      .description('recency, frequency, monetary scores 1-5 and segments, as of the period end')
      .option('--clients', 'list every client with its scores and segment'),
    false,
  ).action(async (flags: PeriodFlags & { clients?: boolean }, command: Command) => {
    await runReport(command, flags, async (context) =>
      context.views.rfmView(
        await context.app.rfm(context.store, context.period(), flags.clients ?? false),
        context.view,
      ),
    );
  });

  withPeriodOptions(
    report
      .command('monthly')
      .description('the month’s reports beside the previous month and the same month last year (for cron)'),
    false,
  ).action(async (flags: PeriodFlags, command: Command) => {
    await runReport(command, flags, async (context) => {
      const month = context.period();
      if (!context.periods.isWholeMonth(month)) {
        throw new UsageError(
          `crm report monthly needs one calendar month (e.g. -p 2026-10), got ${context.periods.periodLabel(month)}`,
        );
      }
      // A page draws more of the year (churn, cohorts, detractors): gathered only for it.
      const withPage = context.view.format === 'html';
      return context.views.monthlyView(await context.app.monthly(context.store, month, withPage), context.view);
    });
  });
}
