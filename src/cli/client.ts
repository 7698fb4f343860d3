import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { collect, emit, isInteractive, type OutputOptions, say, withDb, withOutputOptions } from './context.js';

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

async function askForMissing(
  name: string | undefined,
  options: AddOptions,
): Promise<{ name?: string; options: AddOptions }> {
  if (name || options.phone?.length || options.email?.length) return { name, options };
  if (!isInteractive()) {
    throw new UsageError('crm client add needs a NAME (or --phone / --email); prompts only appear on a terminal');
  }
  const { input } = await import('@inquirer/prompts');
  const asked = await input({ message: 'Name:', required: true });
  const phone = await input({ message: 'Phone (empty to skip):' });
  const email = await input({ message: 'E-mail (empty to skip):' });
  const source = options.source ?? (await input({ message: 'Source, e.g. Instagram (empty to skip):' }));
  return {
    name: asked,
    options: { ...options, phone: phone ? [phone] : [], email: email ? [email] : [], source: source || undefined },
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
      const asked = await askForMissing(name, options);
      const { addClient } = await import('../app/clients.js');
      const { client: added, warnings } = await withDb(command, (db) =>
        addClient(
          db,
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
        ),
      );
      for (const warning of warnings) say(`warning: ${warning}`);
      say(`added client #${added.id} ${added.name}`);
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
      import('../store/clients.js'),
      import('../render/clients.js'),
    ]);
    const clients = await withDb(command, (db) =>
      listClients(db, { includeArchived: options.archived, tag: options.tag, source: options.source }),
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
    const clients = await withDb(command, (db) => findClients(db, query, options.archived ?? false));
    await emit(clientListing(clients), options);
  });

  withOutputOptions(
    client.command('show').description("a client's card").argument('<client>', '#id, name, phone or e-mail'),
  ).action(async (query: string, options: OutputOptions, command: Command) => {
    const [{ resolveClient }, { clientCardOf }, { clientCard }] = await Promise.all([
      import('../app/clients.js'),
      import('../app/client-card.js'),
      import('../render/clients.js'),
    ]);
    const card = await withDb(command, async (db) => clientCardOf(db, await resolveClient(db, query, isInteractive())));
    await emit(clientCard(card), options);
  });

  client
    .command('edit')
    .description('change a client; --phone/--email replace, --add-phone/--add-email/--tag add')
    .argument('<client>', '#id, name, phone or e-mail')
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
      const edited = await withDb(command, async (db) =>
        editClient(db, await resolveClient(db, query, isInteractive()), {
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
      say(`updated client #${edited.id} ${edited.name}`);
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
        const pairs = await withDb(command, (db) => app.duplicateCandidates(db));
        await emit(duplicateListing(pairs), options);
        return;
      }
      if (!otherQuery)
        throw new UsageError('crm client merge needs KEEP and OTHER (or no argument to list candidates)');
      const result = await withDb(command, async (db, path) =>
        app.mergeClients(
          db,
          await app.resolveClient(db, keepQuery, isInteractive()),
          await app.resolveClient(db, otherQuery, isInteractive()),
          path,
        ),
      );
      if (result.backup) say(`backup of the state before: ${result.backup}`);
      for (const [key, value] of Object.entries(result.keptAside))
        say(`kept differing value in extra: ${key} = ${value}`);
      say(`merged into client #${result.client.id} ${result.client.name}`);
    },
  );

  client
    .command('archive')
    .description('archive a client (hidden from lists, history kept); --restore brings it back')
    .argument('<client>', '#id, name, phone or e-mail')
    .option('--restore', 'un-archive')
    .action(async (query: string, options: { restore?: boolean }, command: Command) => {
      const { resolveClient, archiveClient } = await import('../app/clients.js');
      const found = await withDb(command, async (db) => {
        const target = await resolveClient(db, query, isInteractive());
        archiveClient(db, target, !options.restore);
        return target;
      });
      say(`${options.restore ? 'restored' : 'archived'} client #${found.id} ${found.name}`);
    });
}
