import { emitKeypressEvents } from 'node:readline';
import { CancelledError } from '../errors.js';
import { m } from '../i18n/index.js';
import { escapeControls } from '../render/escape.js';
import type { Store } from '../store/store.js';

type Inquirer = typeof import('@inquirer/prompts');

/**
 * Runs one prompt so that every way of leaving it ends the same way: a CancelledError (one line, exit 130).
 * Inquirer rejects on Ctrl-C itself, but on Ctrl-D or a closed terminal its readline just closes, the event loop
 * empties and the process exits 0 under a prompt that never settled; an abort on those keeps the ending ours.
 */
export async function ask<T>(prompt: (inquirer: Inquirer, context: { signal: AbortSignal }) => Promise<T>): Promise<T> {
  const inquirer = await import('@inquirer/prompts');
  const controller = new AbortController();
  const stdin = process.stdin;
  const onKeypress = (_: string, key?: { ctrl?: boolean; name?: string }) => {
    if (key?.ctrl && key.name === 'd') controller.abort();
  };
  const onEnd = () => controller.abort();
  emitKeypressEvents(stdin);
  stdin.on('keypress', onKeypress);
  stdin.once('end', onEnd);
  stdin.once('close', onEnd);
  try {
    return await prompt(inquirer, { signal: controller.signal });
  } catch (error) {
    if (error instanceof Error && /^(Exit|Abort|Cancel)PromptError$/.test(error.name)) throw new CancelledError();
    throw error;
  } finally {
    stdin.off('keypress', onKeypress);
    stdin.off('end', onEnd);
    stdin.off('close', onEnd);
  }
}

export type TextCheck = (answer: string) => true | string | Promise<true | string>;

export function promptText(
  message: string,
  options: { required?: boolean; default?: string; validate?: TextCheck } = {},
): Promise<string> {
  return ask(({ input }, context) =>
    input({ message, required: options.required, default: options.default, validate: options.validate }, context),
  );
}

export function promptConfirm(message: string, defaultAnswer = false): Promise<boolean> {
  return ask(({ confirm }, context) => confirm({ message: escapeControls(message), default: defaultAnswer }, context));
}

/** A menu; the names in it (clients found by a search) are escaped as in a table. */
export function promptChoice<T>(message: string, choices: Array<{ name: string; value: T }>): Promise<T> {
  const shown = choices.map((choice) => ({ ...choice, name: escapeControls(choice.name) }));
  return ask(({ select }, context) => select({ message: escapeControls(message), choices: shown }, context));
}

/** What the client picker answers: a stored client's id, or the text typed for a new client. */
export type PickedClient = { query: string; createNew: boolean };

/**
 * Client search as you type. Whatever is typed can also become a new client, offered last, so that a first-time
 * visitor does not send the person back to `crm client add`.
 */
export async function promptClient(store: Store): Promise<PickedClient> {
  const { findClients, listClients } = await import('../app/clients.js');
  return ask(({ search }, context) =>
    search<PickedClient>(
      {
        message: m.said.prompts.client,
        source: async (term) => {
          const typed = term?.trim() ?? '';
          const clients = typed
            ? await findClients(store, typed, false)
            : (await listClients(store)).slice(-15).reverse();
          const stored = clients.slice(0, 15).map((c) => ({
            name: `${c.name || m.said.prompts.noName}${c.phones[0] ? `  ${c.phones[0].raw}` : ''}`,
            value: { query: `#${c.id}`, createNew: false },
          }));
          return typed
            ? [...stored, { name: m.said.prompts.newClient({ typed }), value: { query: typed, createNew: true } }]
            : stored;
        },
      },
      context,
    ),
  );
}
