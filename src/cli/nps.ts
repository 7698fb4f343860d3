import type { Command } from 'commander';
import { escapeControls } from '../render/escape.js';
import { chooser, emit, type OutputOptions, requireArguments, tell, withOutputOptions, withStore } from './context.js';

export function registerNpsCommands(program: Command): void {
  const nps = program.command('nps').description('NPS answers: how likely is the client to recommend you, 0-10');

  nps
    .command('add')
    .description('record an answer; a detractor (0-6) is flagged at once')
    .argument('[client]', 'number (12), name, phone or e-mail (with --new: the new client)')
    .argument('[score]', '0 to 10')
    .option('--improve <text>', 'what could we improve?')
    .option('--liked <text>', 'what did you like?')
    .option('--date <date>', 'when (default: today)')
    .option('--new', 'CLIENT is a new client: create it')
    .action(
      async (
        clientArg: string | undefined,
        scoreArg: string | undefined,
        options: { improve?: string; liked?: string; date?: string; new?: boolean },
        command: Command,
      ) => {
        const [{ promptClient, promptText }, { addNps }, { alert }] = await Promise.all([
          import('./prompts.js'),
          import('../app/records.js'),
          import('../render/colour.js'),
        ]);
        requireArguments('nps add', [...(clientArg ? [] : ['CLIENT']), ...(scoreArg ? [] : ['SCORE'])]);
        const result = await withStore(command, async (store) => {
          const picked = clientArg ? { query: clientArg, createNew: options.new ?? false } : await promptClient(store);
          const score = scoreArg ?? (await promptText('Score 0-10:', { required: true }));
          return addNps(store, { ...options, client: picked.query, score, createNew: picked.createNew }, chooser());
        });
        const { answer, client, detractor } = result;
        tell(`recorded answer #${answer.id}: ${client.name || `#${client.id}`} scored ${answer.score}`);
        if (detractor) {
          const phone = client.phones[0]
            ? ` ${client.phones[0].valid ? client.phones[0].value : client.phones[0].raw}`
            : '';
          const complaint = answer.improve ? `: "${answer.improve}"` : '';
          process.stdout.write(
            // Escaped before the colour: the alert's own colour codes must act.
            `${alert(escapeControls(`DETRACTOR: ${client.name || `#${client.id}`} scored ${answer.score}${complaint}. React now: call${phone} today.`))}\n`,
          );
        }
      },
    );

  withOutputOptions(
    nps
      .command('list')
      .description('NPS answers')
      .option('--detractors', 'only scores 0-6')
      .option('--client <client>', 'only this client')
      .option('--from <date>', 'from this date')
      .option('--to <date>', 'to this date')
      .option('-p, --period <period>', '2026-03, 2026Q1, 2026 ...'),
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
