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

interface AddOptions {
  date?: string;
  service?: string;
  note?: string;
  new?: boolean;
}

export function registerVisitCommands(program: Command): void {
  const h = m.help.visit;
  const { common } = m.help;
  const visit = program.command('visit').description(h.description);

  visit
    .command('add')
    .description(h.add.description)
    .argument('[client]', common.newClientQuery)
    .argument('[amount]', h.add.amount)
    .option('--date <date>', h.add.date)
    .option('--service <service>', h.add.service)
    .option('--note <text>', common.note)
    .option('--new', common.newClient)
    .action(
      async (clientArg: string | undefined, amountArg: string | undefined, options: AddOptions, command: Command) => {
        const [{ parsedBy, promptClient, promptText }, { addVisit }, { money }, { parseAmountArgument }] =
          await Promise.all([
            import('./prompts.js'),
            import('../app/records.js'),
            import('../domain/record-import.js'),
            import('../domain/records.js'),
          ]);
        requireArguments('visit add', [...(clientArg ? [] : ['CLIENT']), ...(amountArg ? [] : ['AMOUNT'])]);
        const { visit: added, client } = await withStore(command, async (store) => {
          const picked = clientArg ? { query: clientArg, createNew: options.new ?? false } : await promptClient(store);
          const amount =
            amountArg ??
            (await promptText(m.said.prompts.amount, { required: true, validate: parsedBy(parseAmountArgument) }));
          const service = options.service ?? (amountArg ? undefined : await promptText(m.said.prompts.service));
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
          m.said.visit.recorded({
            id: added.id,
            client: client.name || `#${client.id}`,
            date: shownDate(added.date),
            amount: money(added.amount),
            service: added.service ?? '',
          }),
        );
      },
    );

  withOutputOptions(
    visit
      .command('list')
      .description(h.list.description)
      .option('--client <client>', common.onlyClient)
      .option('--from <date>', common.fromDate)
      .option('--to <date>', common.toDate)
      .option('-p, --period <period>', common.listPeriod)
      .option('--service <service>', h.list.service)
      .option('--last <n>', h.list.last),
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
    .description(h.edit.description)
    .argument('<id>', h.edit.id)
    .option('--amount <amount>', h.edit.amount)
    .option('--date <date>', h.edit.date)
    .option('--service <service>', h.edit.service)
    .option('--note <text>', h.edit.note)
    .option('--client <client>', h.edit.client)
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
          m.said.visit.changed({
            id: edited.id,
            date: shownDate(edited.date),
            amount: money(edited.amount),
            service: edited.service ?? '',
          }),
        );
      },
    );

  visit
    .command('rm')
    .alias('delete')
    .description(h.rm.description)
    .argument('<id>', h.edit.id)
    .action(async (idText: string, _options: unknown, command: Command) => {
      const { removeVisit } = await import('../app/records.js');
      const id = parseIntegerArgument(idText, 'ID');
      const removed = await withStore(command, (store) => removeVisit(store, id));
      say(m.said.visit.removed({ id: removed.id, date: shownDate(removed.date) }));
    });
}
