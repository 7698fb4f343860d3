import type { Command } from 'commander';
import type { ClientInput } from '../app/clients.js';
import { UsageError } from '../errors.js';
import { m } from '../i18n/index.js';
import type { Store } from '../store/store.js';
import {
  chooser,
  collect,
  emit,
  isInteractive,
  type OutputOptions,
  say,
  sayRegionLearned,
  withOutputOptions,
  withStore,
} from './context.js';

interface AddOptions {
  phone?: string[];
  email?: string[];
  source?: string;
  tag?: string[];
  birthday?: string;
  note?: string;
  set?: string[];
  allowDuplicate?: boolean;
}

/**
 * On a terminal, asks for the client field by field, each answer checked as it is given: a phone or e-mail that
 * is already stored is said at once, while the person still has the client in front of them.
 */
async function askForMissing(
  store: Store,
  name: string | undefined,
  options: AddOptions,
): Promise<{ name?: string; options: AddOptions } | undefined> {
  if (name || options.phone?.length || options.email?.length) return { name, options };
  if (!isInteractive()) {
    throw new UsageError(m.said.client.needsName);
  }
  const [{ promptConfirm, promptText }, { storedClientLike }] = await Promise.all([
    import('./prompts.js'),
    import('../app/clients.js'),
  ]);
  const words = m.said.prompts;
  // A phone or e-mail refused as stored and given again (Enter again: inquirer keeps the answer) is one two people
  // share: added, as --allow-duplicate adds it.
  const refused = new Set<string>();
  let shared = false;
  const notStored = async (answer: string, input: ClientInput): Promise<true | string> => {
    if (options.allowDuplicate) return true;
    if (refused.has(answer.trim())) {
      shared = true;
      return true;
    }
    const stored = await storedClientLike(store, input);
    if (!stored) return true;
    refused.add(answer.trim());
    return words.alreadyStored({ id: stored.client.id, name: stored.client.name });
  };
  const asked = await promptText(words.name, { required: true });
  const namesake = await storedClientLike(store, { name: asked });
  if (namesake) {
    const another = await promptConfirm(words.namesake({ id: namesake.client.id, name: namesake.client.name }));
    if (!another) return undefined;
  }
  const phone = await promptText(words.phone, {
    validate: (answer) => !answer.trim() || notStored(answer, { phones: [answer] }),
  });
  const email = await promptText(words.email, {
    validate: (answer) =>
      !answer.trim() || (answer.includes('@') ? notStored(answer, { emails: [answer] }) : words.emailNeedsAt),
  });
  const source = options.source ?? (await promptText(words.source));
  return {
    name: asked,
    options: {
      ...options,
      phone: phone ? [phone] : [],
      email: email ? [email] : [],
      source: source || undefined,
      // The person has just confirmed that a namesake is another client, or typed a stored phone or e-mail again.
      allowDuplicate: options.allowDuplicate || Boolean(namesake) || shared,
    },
  };
}

export function registerClientCommands(program: Command): void {
  const h = m.help.client;
  const { common } = m.help;
  const client = program.command('client').description(h.description);

  client
    .command('add')
    .description(h.add.description)
    .argument('[name]', h.add.name)
    .option('--phone <phone>', h.add.phone, collect)
    .option('--email <email>', h.add.email, collect)
    .option('--source <source>', h.add.source)
    .option('--tag <tag>', h.add.tag, collect)
    .option('--birthday <date>', h.add.birthday)
    .option('--note <text>', common.note)
    .option('--set <key=value>', h.add.set, collect)
    .option('--allow-duplicate', h.add.allowDuplicate)
    .action(async (name: string | undefined, options: AddOptions, command: Command) => {
      const { addClient } = await import('../app/clients.js');
      const result = await withStore(command, async (store) => {
        const asked = await askForMissing(store, name, options);
        if (!asked) return undefined;
        return addClient(
          store,
          {
            name: asked.name,
            phones: asked.options.phone,
            emails: asked.options.email,
            source: asked.options.source,
            tags: asked.options.tag,
            birthday: asked.options.birthday,
            note: asked.options.note,
            extra: asked.options.set,
          },
          asked.options.allowDuplicate,
        );
      });
      if (!result) {
        say(m.said.client.nothingAdded);
        return;
      }
      const { client: added, warnings, regionLearned } = result;
      sayRegionLearned(regionLearned);
      for (const warning of warnings) say(m.said.warning({ text: warning }));
      say(m.said.client.added({ id: added.id, name: added.name }));
    });

  withOutputOptions(
    client
      .command('list')
      .description(h.list.description)
      .option('--archived', h.list.archived)
      .option('--tag <tag>', h.list.tag)
      .option('--source <source>', h.list.source),
  ).action(async (options: OutputOptions & { archived?: boolean; tag?: string; source?: string }, command: Command) => {
    const [{ listClients }, { clientListing }] = await Promise.all([
      import('../app/clients.js'),
      import('../render/clients.js'),
    ]);
    const clients = await withStore(command, (store) =>
      listClients(store, { includeArchived: options.archived, tag: options.tag, source: options.source }),
    );
    await emit(clientListing(clients), options);
  });

  withOutputOptions(
    client
      .command('find')
      .description(h.find.description)
      .argument('<query>', h.find.query)
      .option('--archived', h.list.archived),
  ).action(async (query: string, options: OutputOptions & { archived?: boolean }, command: Command) => {
    const [{ findClients }, { clientListing }] = await Promise.all([
      import('../app/clients.js'),
      import('../render/clients.js'),
    ]);
    const clients = await withStore(command, (store) => findClients(store, query, options.archived ?? false));
    await emit(clientListing(clients), options);
  });

  withOutputOptions(
    client.command('show').description(h.show.description).argument('<client>', common.clientQuery),
  ).action(async (query: string, options: OutputOptions, command: Command) => {
    const [{ resolveClient }, { clientCardOf }, { clientCard }] = await Promise.all([
      import('../app/clients.js'),
      import('../app/client-card.js'),
      import('../render/clients.js'),
    ]);
    const card = await withStore(command, async (store) =>
      clientCardOf(store, await resolveClient(store, query, chooser())),
    );
    await emit(clientCard(card, undefined, card.money), options);
  });

  client
    .command('edit')
    .description(h.edit.description)
    .argument('<client>', common.clientQuery)
    .option('--name <name>', h.edit.name)
    .option('--phone <phone>', h.edit.phone, collect)
    .option('--add-phone <phone>', h.edit.addPhone, collect)
    .option('--email <email>', h.edit.email, collect)
    .option('--add-email <email>', h.edit.addEmail, collect)
    .option('--source <source>', h.edit.source)
    .option('--tag <tag>', h.edit.tag, collect)
    .option('--untag <tag>', h.edit.untag, collect)
    .option('--birthday <date>', h.edit.birthday)
    .option('--note <text>', h.edit.note)
    .option('--set <key=value>', h.edit.set, collect)
    .option('--unset <key>', h.edit.unset, collect)
    .option('--allow-duplicate', h.edit.allowDuplicate)
    .action(
      async (query: string, options: Record<string, string | string[] | boolean | undefined>, command: Command) => {
        const { resolveClient, editClient } = await import('../app/clients.js');
        const {
          client: edited,
          warnings,
          regionLearned,
        } = await withStore(command, async (store) =>
          editClient(
            store,
            await resolveClient(store, query, chooser()),
            {
              name: options.name as string | undefined,
              phones: options.phone as string[] | undefined,
              addPhones: options.addPhone as string[] | undefined,
              emails: options.email as string[] | undefined,
              addEmails: options.addEmail as string[] | undefined,
              source: options.source as string | undefined,
              tags: options.tag as string[] | undefined,
              untag: options.untag as string[] | undefined,
              birthday: options.birthday as string | undefined,
              note: options.note as string | undefined,
              extra: options.set as string[] | undefined,
              unset: options.unset as string[] | undefined,
            },
            options.allowDuplicate === true,
          ),
        );
        sayRegionLearned(regionLearned);
        for (const warning of warnings) say(m.said.warning({ text: warning }));
        say(m.said.client.updated({ id: edited.id, name: edited.name }));
      },
    );

  withOutputOptions(
    client
      .command('merge')
      .description(h.merge.description)
      .argument('[keep]', h.merge.keep)
      .argument('[other]', h.merge.other)
      .option('--yes', h.merge.yes),
  ).action(
    async (
      keepQuery: string | undefined,
      otherQuery: string | undefined,
      options: OutputOptions & { yes?: boolean },
      command: Command,
    ) => {
      const app = await import('../app/clients.js');
      if (!keepQuery) {
        const { duplicateListing } = await import('../render/duplicates.js');
        const pairs = await withStore(command, (store) => app.duplicateCandidates(store));
        await emit(duplicateListing(pairs), options);
        return;
      }
      if (!otherQuery) throw new UsageError(m.said.client.mergeNeedsBoth);
      const [keep, other] = await withStore(command, async (store) => [
        await app.resolveClient(store, keepQuery, chooser()),
        await app.resolveClient(store, otherQuery, chooser()),
      ]);
      // A person at a terminal (who may have pasted the command a listing gave) sees what goes where first.
      if (isInteractive() && !options.yes) {
        say(m.said.client.mergePlan({ keep: keep.id, keepName: keep.name, other: other.id, otherName: other.name }));
        const { promptConfirm } = await import('./prompts.js');
        if (!(await promptConfirm(m.said.client.confirmMerge))) {
          say(m.said.nothingChanged);
          return;
        }
      }
      const result = await withStore(command, (store) => app.mergeClients(store, keep, other));
      if (result.backup) say(m.said.backupBefore({ path: result.backup }));
      const { extraFieldLabel } = await import('../render/clients.js');
      for (const [key, value] of Object.entries(result.keptAside)) {
        say(m.said.client.keptAside({ key: extraFieldLabel(key), value }));
      }
      say(m.said.client.merged({ id: result.client.id, name: result.client.name }));
    },
  );

  client
    .command('archive')
    .description(h.archive.description)
    .argument('<client>', common.clientQuery)
    .option('--restore', h.archive.restore)
    .action(async (query: string, options: { restore?: boolean }, command: Command) => {
      const { resolveClient, archiveClient } = await import('../app/clients.js');
      const found = await withStore(command, async (store) => {
        const target = await resolveClient(store, query, chooser());
        await archiveClient(store, target, !options.restore);
        return target;
      });
      const shown = { id: found.id, name: found.name };
      say(options.restore ? m.said.client.restored(shown) : m.said.client.archived(shown));
    });
}
