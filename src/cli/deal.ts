import type { Command } from 'commander';
import { m } from '../i18n/index.js';
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
  const h = m.help.deal;
  const { common } = m.help;
  const deal = program.command('deal').description(h.description);

  deal
    .command('add')
    .description(h.add.description)
    .argument('[client]', common.newClientQuery)
    .argument('[title]', h.add.titleArgument)
    .option('--title <title>', h.add.title)
    .option('--amount <amount>', h.add.amount)
    .option('--source <source>', h.add.source)
    .option('--date <date>', h.add.date)
    .option('--new', common.newClient)
    .action(
      async (
        clientArg: string | undefined,
        titleArg: string | undefined,
        flags: { title?: string; amount?: string; source?: string; date?: string; new?: boolean },
        command: Command,
      ) => {
        // `crm deal add Иванова "Свадьба"`, as people write it, or --title.
        const options = { ...flags, title: titleArg ?? flags.title };
        const [{ promptClient, promptText }, { addDeal }] = await Promise.all([
          import('./prompts.js'),
          import('../app/records.js'),
        ]);
        requireArguments('deal add', [...(clientArg ? [] : ['CLIENT']), ...(options.title ? [] : ['--title'])]);
        const { deal: added, client } = await withStore(command, async (store) => {
          const picked = clientArg ? { query: clientArg, createNew: options.new ?? false } : await promptClient(store);
          const title = options.title ?? (await promptText(m.said.prompts.title, { required: true }));
          return addDeal(store, { ...options, client: picked.query, title, createNew: picked.createNew }, chooser());
        });
        say(m.said.deal.opened({ id: added.id, title: added.title, clientId: client.id, client: client.name }));
      },
    );

  deal
    .command('move')
    .description(h.move.description)
    .argument('<id>', h.move.id)
    .argument('<stage>', h.move.stage)
    .option('--date <date>', common.when)
    .option('--reason <reason>', h.move.reason)
    .option('--amount <amount>', h.move.amount)
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
          m.said.deal.moved({
            id: moved.id,
            stage: m.records.stages[moved.stage],
            date: shownDate(entry.date),
            reason: entry.reason ?? '',
          }),
        );
      },
    );

  withOutputOptions(
    deal
      .command('list')
      .description(h.list.description)
      .option('--stage <stage>', h.list.stage)
      .option('--open', h.list.open)
      .option('--client <client>', h.list.client),
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

  withOutputOptions(deal.command('show').description(h.show.description).argument('<id>', h.move.id)).action(
    async (idText: string, options: OutputOptions, command: Command) => {
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
    },
  );
}
