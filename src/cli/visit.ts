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

interface AddOptions {
  date?: string;
  service?: string;
  note?: string;
  new?: boolean;
}

export function registerVisitCommands(program: Command): void {
  const visit = program.command('visit').description('record visits (purchases): add, list, edit, remove');

  visit
    .command('add')
    .description('record a visit; amount 0 for a free one (asks for what is missing on a terminal)')
    .argument('[client]', 'number (12), name, phone or e-mail (with --new: the new client)')
    .argument('[amount]', '1500, 1 500,50, 1500.50 or 1 500 ₽')
    .option('--date <date>', 'dd.mm.yyyy, yyyy-mm-dd, today or yesterday (default: today)')
    .option('--service <service>', 'what was done or sold')
    .option('--note <text>', 'free text')
    .option('--new', 'CLIENT is a new client: create it')
    .action(
      async (clientArg: string | undefined, amountArg: string | undefined, options: AddOptions, command: Command) => {
        const [{ promptClient, promptText }, { addVisit }, { money }] = await Promise.all([
          import('./prompts.js'),
          import('../app/records.js'),
          import('../domain/record-import.js'),
        ]);
        requireArguments('visit add', [...(clientArg ? [] : ['CLIENT']), ...(amountArg ? [] : ['AMOUNT'])]);
        const { visit: added, client } = await withStore(command, async (store) => {
          const picked = clientArg ? { query: clientArg, createNew: options.new ?? false } : await promptClient(store);
          const amount = amountArg ?? (await promptText('Amount:', { required: true }));
          const service = options.service ?? (amountArg ? undefined : await promptText('Service (empty to skip):'));
          return addVisit(
            store,
            {
              client: picked.query,
              amount,
              date: options.date,
              service,
              note: options.note,
              createNew: picked.createNew,
            },
            chooser(),
          );
        });
        say(
          `visit #${added.id}: ${client.name || `#${client.id}`}, ${shownDate(added.date)}, ${money(added.amount)}${added.service ? `, ${added.service}` : ''}`,
        );
      },
    );

  withOutputOptions(
    visit
      .command('list')
      .description('visits, oldest first')
      .option('--client <client>', 'only this client')
      .option('--from <date>', 'from this date')
      .option('--to <date>', 'to this date')
      .option('-p, --period <period>', '2026-03, 2026Q1, 2026 ...')
      .option('--service <service>', 'only this service')
      .option('--last <n>', 'only the last N visits'),
  ).action(
    async (
      options: OutputOptions & {
        client?: string;
        from?: string;
        to?: string;
        period?: string;
        service?: string;
        last?: string;
      },
      command: Command,
    ) => {
      const [{ findVisits }, { resolveClient }, { visitListing }, { periodFilter }] = await Promise.all([
        import('../app/records.js'),
        import('../app/clients.js'),
        import('../render/records.js'),
        import('../app/period-filter.js'),
      ]);
      const { visits, names } = await withStore(command, async (store) =>
        findVisits(store, {
          clientId: options.client ? (await resolveClient(store, options.client, chooser())).id : undefined,
          ...periodFilter(options),
          service: options.service,
          limit: options.last ? parseIntegerArgument(options.last, '--last') : undefined,
        }),
      );
      await emit(visitListing(visits, names), options);
    },
  );

  visit
    .command('edit')
    .description('change a visit')
    .argument('<id>', 'visit number from crm visit list')
    .option('--amount <amount>', 'new amount')
    .option('--date <date>', 'new date')
    .option('--service <service>', 'new service (empty to clear)')
    .option('--note <text>', 'new note (empty to clear)')
    .option('--client <client>', 'move the visit to another client')
    .action(
      async (
        idText: string,
        options: { amount?: string; date?: string; service?: string; note?: string; client?: string },
        command: Command,
      ) => {
        const [{ editVisit }, { money }] = await Promise.all([
          import('../app/records.js'),
          import('../domain/record-import.js'),
        ]);
        const id = parseIntegerArgument(idText, 'ID');
        const edited = await withStore(command, (store) => editVisit(store, id, options, chooser()));
        say(
          `visit #${edited.id}: ${shownDate(edited.date)}, ${money(edited.amount)}${edited.service ? `, ${edited.service}` : ''}`,
        );
      },
    );

  visit
    .command('rm')
    .description('remove a visit')
    .argument('<id>', 'visit number from crm visit list')
    .action(async (idText: string, _options: unknown, command: Command) => {
      const { removeVisit } = await import('../app/records.js');
      const id = parseIntegerArgument(idText, 'ID');
      const removed = await withStore(command, (store) => removeVisit(store, id));
      say(`removed visit #${removed.id} of ${shownDate(removed.date)}`);
    });
}
