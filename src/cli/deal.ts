import type { Command } from 'commander';
import {
  chooser,
  emit,
  type OutputOptions,
  parseIntegerArgument,
  requireArguments,
  say,
  shownDate,
  withOutputOptions,
  withStore,
} from './context.js';

export function registerDealCommands(program: Command): void {
  const deal = program.command('deal').description('deals: lead → qualified → deal → won, or lost / junk');

  deal
    .command('add')
    .description('open a deal (a lead) for a client')
    .argument('[client]', 'number (12), name, phone or e-mail (with --new: the new client)')
    .option('--title <title>', 'what the deal is about')
    .option('--amount <amount>', 'expected amount')
    .option('--source <source>', 'where the lead came from (default: the client’s source)')
    .option('--date <date>', 'when the lead came (default: today)')
    .option('--new', 'CLIENT is a new client: create it')
    .action(
      async (
        clientArg: string | undefined,
        options: { title?: string; amount?: string; source?: string; date?: string; new?: boolean },
        command: Command,
      ) => {
        const [{ promptClient, promptText }, { addDeal }] = await Promise.all([
          import('./prompts.js'),
          import('../app/records.js'),
        ]);
        requireArguments('deal add', [...(clientArg ? [] : ['CLIENT']), ...(options.title ? [] : ['--title'])]);
        const { deal: added, client } = await withStore(command, async (store) => {
          const picked = clientArg ? { query: clientArg, createNew: options.new ?? false } : await promptClient(store);
          const title = options.title ?? (await promptText('Title:', { required: true }));
          return addDeal(store, { ...options, client: picked.query, title, createNew: picked.createNew }, chooser());
        });
        say(`deal #${added.id} (lead): ${added.title}, client #${client.id} ${client.name}`);
      },
    );

  deal
    .command('move')
    .description('move a deal to its next stage; lost needs --reason, won an amount')
    .argument('<id>', 'deal number')
    .argument('<stage>', 'qualified, deal, won, lost or junk')
    .option('--date <date>', 'when (default: today)')
    .option('--reason <reason>', 'why it was lost')
    .option('--amount <amount>', 'the final amount (for won)')
    .action(
      async (
        idText: string,
        stage: string,
        options: { date?: string; reason?: string; amount?: string },
        command: Command,
      ) => {
        const { moveDealTo } = await import('../app/records.js');
        const id = parseIntegerArgument(idText, 'ID');
        const moved = await withStore(command, (store) => moveDealTo(store, id, { stage, ...options }));
        const entry = moved.history[moved.history.length - 1]!;
        say(
          `deal #${moved.id} is ${moved.stage} since ${shownDate(entry.date)}${entry.reason ? ` (${entry.reason})` : ''}`,
        );
      },
    );

  withOutputOptions(
    deal
      .command('list')
      .description('deals with days open')
      .option('--stage <stage>', 'only deals now at this stage')
      .option('--open', 'only open deals (lead, qualified, deal)')
      .option('--client <client>', 'only this client’s deals'),
  ).action(async (options: OutputOptions & { stage?: string; open?: boolean; client?: string }, command: Command) => {
    const [{ findDeals }, { resolveClient }, { today }, { parseStage }, { dealListing }] = await Promise.all([
      import('../app/records.js'),
      import('../app/clients.js'),
      import('../app/context.js'),
      import('../domain/deal.js'),
      import('../render/records.js'),
    ]);
    const stage = options.stage ? parseStage(options.stage) : undefined;
    const { deals, names } = await withStore(command, async (store) =>
      findDeals(store, {
        stage,
        open: options.open,
        clientId: options.client ? (await resolveClient(store, options.client, chooser())).id : undefined,
      }),
    );
    await emit(dealListing(deals, names, today()), options);
  });

  withOutputOptions(
    deal.command('show').description('a deal with its stage history').argument('<id>', 'deal number'),
  ).action(async (idText: string, options: OutputOptions, command: Command) => {
    const [{ requireDeal, clientNames }, { today }, { dealCard }] = await Promise.all([
      import('../app/records.js'),
      import('../app/context.js'),
      import('../render/records.js'),
    ]);
    const id = parseIntegerArgument(idText, 'ID');
    const { found, names } = await withStore(command, async (store) => {
      const found = await requireDeal(store, id);
      return { found, names: await clientNames(store, [found.client_id]) };
    });
    await emit(dealCard(found, names, today()), options);
  });
}
