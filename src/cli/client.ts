import type { Command } from 'commander';
import type { ClientInput } from '../app/clients.js';
import { UsageError } from '../errors.js';
import type { Store } from '../store/store.js';
import {
  chooser,
  collect,
  emit,
  isInteractive,
  type OutputOptions,
  say,
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
    throw new UsageError('crm client add needs a NAME (or --phone / --email); prompts only appear on a terminal');
  }
  const [{ promptConfirm, promptText }, { storedClientLike }] = await Promise.all([
    import('./prompts.js'),
    import('../app/clients.js'),
  ]);
  const notStored = async (input: ClientInput): Promise<true | string> => {
    const stored = await storedClientLike(store, input);
    return stored
      ? `already stored as client ${stored.client.id} ${stored.client.name} (crm client show ${stored.client.id})`
      : true;
  };
  const asked = await promptText('Name:', { required: true });
  const namesake = await storedClientLike(store, { name: asked });
  if (namesake) {
    const another = await promptConfirm(
      `Client ${namesake.client.id} is also called ${namesake.client.name}. Add another client of this name?`,
    );
    if (!another) return undefined;
  }
  const phone = await promptText('Phone (empty to skip):', {
    validate: (answer) => !answer.trim() || notStored({ phones: [answer] }),
  });
  const email = await promptText('E-mail (empty to skip):', {
    validate: (answer) =>
      !answer.trim() || (answer.includes('@') ? notStored({ emails: [answer] }) : 'an e-mail has an @ in it'),
  });
  const source = options.source ?? (await promptText('Source, e.g. Instagram (empty to skip):'));
  return {
    name: asked,
    options: {
      ...options,
      phone: phone ? [phone] : [],
      email: email ? [email] : [],
      source: source || undefined,
      // The person has just confirmed that a namesake is another client.
      allowDuplicate: options.allowDuplicate || Boolean(namesake),
    },
  };
}

export function registerClientCommands(program: Command): void {
  const client = program.command('client').description('add, list, show, edit, find, merge and archive clients');

  client
    .command('add')
    .description('add a client (asks for what is missing when run on a terminal)')
    .argument('[name]', 'full name')
    .option('--phone <phone>', 'phone, any format (repeatable)', collect)
    .option('--email <email>', 'e-mail (repeatable)', collect)
    .option('--source <source>', 'where the client came from')
    .option('--tag <tag>', 'tag (repeatable)', collect)
    .option('--birthday <date>', 'dd.mm.yyyy or yyyy-mm-dd')
    .option('--note <text>', 'free text')
    .option('--set <key=value>', 'an extra field (repeatable)', collect)
    .option('--allow-duplicate', 'add even when a client with the same phone, e-mail or name exists')
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
        say('nothing added');
        return;
      }
      const { client: added, warnings } = result;
      for (const warning of warnings) say(`warning: ${warning}`);
      say(`added client ${added.id} ${added.name} (crm client show ${added.id})`);
    });

  withOutputOptions(
    client
      .command('list')
      .description('list clients')
      .option('--archived', 'include archived clients')
      .option('--tag <tag>', 'only clients with this tag')
      .option('--source <source>', 'only clients from this source'),
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
      .description('find clients by part of a name, phone digits in any format, or e-mail')
      .argument('<query>', 'text to look for')
      .option('--archived', 'include archived clients'),
  ).action(async (query: string, options: OutputOptions & { archived?: boolean }, command: Command) => {
    const [{ findClients }, { clientListing }] = await Promise.all([
      import('../app/clients.js'),
      import('../render/clients.js'),
    ]);
    const clients = await withStore(command, (store) => findClients(store, query, options.archived ?? false));
    await emit(clientListing(clients), options);
  });

  withOutputOptions(
    client.command('show').description("a client's card").argument('<client>', 'number (12), name, phone or e-mail'),
  ).action(async (query: string, options: OutputOptions, command: Command) => {
    const [{ resolveClient }, { clientCardOf }, { clientCard }] = await Promise.all([
      import('../app/clients.js'),
      import('../app/client-card.js'),
      import('../render/clients.js'),
    ]);
    const card = await withStore(command, async (store) =>
      clientCardOf(store, await resolveClient(store, query, chooser())),
    );
    await emit(clientCard(card), options);
  });

  client
    .command('edit')
    .description('change a client; --phone/--email replace, --add-phone/--add-email/--tag add')
    .argument('<client>', 'number (12), name, phone or e-mail')
    .option('--name <name>', 'new name')
    .option('--phone <phone>', 'replace phones with these (repeatable)', collect)
    .option('--add-phone <phone>', 'add a phone (repeatable)', collect)
    .option('--email <email>', 'replace e-mails with these (repeatable)', collect)
    .option('--add-email <email>', 'add an e-mail (repeatable)', collect)
    .option('--source <source>', 'new source (empty to clear)')
    .option('--tag <tag>', 'add a tag (repeatable)', collect)
    .option('--untag <tag>', 'remove a tag (repeatable)', collect)
    .option('--birthday <date>', 'dd.mm.yyyy or yyyy-mm-dd (empty to clear)')
    .option('--note <text>', 'new note (empty to clear)')
    .option('--set <key=value>', 'set an extra field (repeatable)', collect)
    .option('--unset <key>', 'remove an extra field (repeatable)', collect)
    .action(async (query: string, options: Record<string, string | string[] | undefined>, command: Command) => {
      const { resolveClient, editClient } = await import('../app/clients.js');
      const edited = await withStore(command, async (store) =>
        editClient(store, await resolveClient(store, query, chooser()), {
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
        }),
      );
      say(`updated client ${edited.id} ${edited.name} (crm client show ${edited.id})`);
    });

  withOutputOptions(
    client
      .command('merge')
      .description('merge OTHER into KEEP (without arguments: list possible duplicates found by imports)')
      .argument('[keep]', 'the client that stays')
      .argument('[other]', 'the client merged into it and removed'),
  ).action(
    async (keepQuery: string | undefined, otherQuery: string | undefined, options: OutputOptions, command: Command) => {
      const app = await import('../app/clients.js');
      if (!keepQuery) {
        const { duplicateListing } = await import('../render/duplicates.js');
        const pairs = await withStore(command, (store) => app.duplicateCandidates(store));
        await emit(duplicateListing(pairs), options);
        return;
      }
      if (!otherQuery)
        throw new UsageError('crm client merge needs KEEP and OTHER (or no argument to list candidates)');
      const result = await withStore(command, async (store) =>
        app.mergeClients(
          store,
          await app.resolveClient(store, keepQuery, chooser()),
          await app.resolveClient(store, otherQuery, chooser()),
        ),
      );
      if (result.backup) say(`backup of the state before: ${result.backup}`);
      for (const [key, value] of Object.entries(result.keptAside))
        say(`kept differing value in extra: ${key} = ${value}`);
      say(`merged into client ${result.client.id} ${result.client.name} (crm client show ${result.client.id})`);
    },
  );

  client
    .command('archive')
    .description('archive a client (hidden from lists, history kept); --restore brings it back')
    .argument('<client>', 'number (12), name, phone or e-mail')
    .option('--restore', 'un-archive')
    .action(async (query: string, options: { restore?: boolean }, command: Command) => {
      const { resolveClient, archiveClient } = await import('../app/clients.js');
      const found = await withStore(command, async (store) => {
        const target = await resolveClient(store, query, chooser());
        await archiveClient(store, target, !options.restore);
        return target;
      });
      say(
        options.restore
          ? `restored client ${found.id} ${found.name}`
          : `archived client ${found.id} ${found.name} (to bring it back: crm client archive ${found.id} --restore)`,
      );
    });
}
