import { UsageError } from '../errors.js';
import type { Db } from '../store/db.js';
import { isInteractive } from './context.js';

/** Refuses, in words a script's author understands, to wait for input that no terminal can give. */
export function requireArguments(command: string, missing: string[]): void {
  if (missing.length && !isInteractive()) {
    throw new UsageError(`crm ${command} needs ${missing.join(' and ')}; prompts only appear on a terminal`);
  }
}

/** Client search as you type; the answer is `#id`, which every CLIENT argument accepts. */
export async function promptClient(db: Db): Promise<string> {
  const [{ search }, { findClients }, { listClients }] = await Promise.all([
    import('@inquirer/prompts'),
    import('../app/clients.js'),
    import('../store/clients.js'),
  ]);
  return search({
    message: 'Client (type part of a name, phone or e-mail):',
    source: async (term) => {
      const clients = term?.trim() ? findClients(db, term, false) : listClients(db).slice(-15).reverse();
      return clients.slice(0, 15).map((c) => ({
        name: `${c.name || '(no name)'}${c.phones[0] ? `  ${c.phones[0].raw}` : ''}`,
        value: `#${c.id}`,
      }));
    },
  });
}

export async function promptText(
  message: string,
  options: { required?: boolean; default?: string; validate?: (v: string) => true | string } = {},
): Promise<string> {
  const { input } = await import('@inquirer/prompts');
  return input({ message, required: options.required, default: options.default, validate: options.validate });
}
