import type { Command } from 'commander';
import { m } from '../i18n/index.js';
import { escapeControls } from '../render/escape.js';
import { chooser, emit, type OutputOptions, requireArguments, tell, withOutputOptions, withStore } from './context.js';

export function registerNpsCommands(program: Command): void {
  const h = m.help.nps;
  const { common } = m.help;
  const nps = program.command('nps').description(h.description);

  nps
    .command('add')
    .description(h.add.description)
    .argument('[client]', common.newClientQuery)
    .argument('[score]', h.add.score)
    .option('--improve <text>', h.add.improve)
    .option('--liked <text>', h.add.liked)
    .option('--date <date>', common.when)
    .option('--new', common.newClient)
    .action(
      async (
        clientArg: string | undefined,
        scoreArg: string | undefined,
        options: { improve?: string; liked?: string; date?: string; new?: boolean },
        command: Command,
      ) => {
        const [{ parsedBy, promptClient, promptText }, { addNps }, { alert }, { parseScoreArgument }] =
          await Promise.all([
            import('./prompts.js'),
            import('../app/records.js'),
            import('../render/colour.js'),
            import('../domain/records.js'),
          ]);
        requireArguments('nps add', [...(clientArg ? [] : ['CLIENT']), ...(scoreArg ? [] : ['SCORE'])]);
        const result = await withStore(command, async (store) => {
          const picked = clientArg ? { query: clientArg, createNew: options.new ?? false } : await promptClient(store);
          const score =
            scoreArg ??
            (await promptText(m.said.prompts.score, { required: true, validate: parsedBy(parseScoreArgument) }));
          return addNps(store, { ...options, client: picked.query, score, createNew: picked.createNew }, chooser());
        });
        const { answer, client, detractor } = result;
        const name = client.name || `#${client.id}`;
        tell(m.said.nps.recorded({ id: answer.id, client: name, score: answer.score }));
        if (detractor) {
          const first = client.phones[0];
          const phone = first ? (first.valid ? first.value : first.raw) : '';
          const said = m.said.nps.detractor({
            client: name,
            score: answer.score,
            complaint: answer.improve ?? '',
            phone,
          });
          // Escaped before the colour: the alert's own colour codes must act.
          process.stdout.write(`${alert(escapeControls(said))}\n`);
        }
      },
    );

  withOutputOptions(
    nps
      .command('list')
      .description(h.list.description)
      .option('--detractors', h.list.detractors)
      .option('--client <client>', common.onlyClient)
      .option('--from <date>', common.fromDate)
      .option('--to <date>', common.toDate)
      .option('-p, --period <period>', common.listPeriod),
  ).action(
    async (
      options: OutputOptions & { detractors?: boolean; client?: string; from?: string; to?: string; period?: string },
      command: Command,
    ) => {
      const [{ findNps }, { resolveClient }, { npsListing }, { periodFilter }] = await Promise.all([
        import('../app/records.js'),
        import('../app/clients.js'),
        import('../render/records.js'),
        import('../app/period-filter.js'),
      ]);
      const { answers, names } = await withStore(command, async (store) =>
        findNps(store, {
          detractors: options.detractors,
          clientId: options.client ? (await resolveClient(store, options.client, chooser())).id : undefined,
          ...periodFilter(options),
        }),
      );
      await emit(npsListing(answers, names), options);
    },
  );
}
