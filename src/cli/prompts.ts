import { emitKeypressEvents } from 'node:readline';
import { styleText } from 'node:util';
import { CancelledError } from '../errors.js';
import { m } from '../i18n/index.js';
import { escapeControls } from '../render/escape.js';
import { wrapProse, wrapText } from '../render/text-width.js';
import type { Store } from '../store/store.js';

type Inquirer = typeof import('@inquirer/prompts');

/** Where a prompt asks and is answered: the process's terminal unless given (a test types into streams). */
export interface PromptStreams {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

interface PromptContext extends Partial<PromptStreams> {
  signal: AbortSignal;
}

/**
 * Runs one prompt so that every way of leaving it ends the same way: a CancelledError (one line, exit 130).
 * Inquirer rejects on Ctrl-C itself, but on Ctrl-D or a closed terminal its readline just closes, the event loop
 * empties and the process exits 0 under a prompt that never settled; an abort on those keeps the ending ours.
 */
export async function ask<T>(
  prompt: (inquirer: Inquirer, context: PromptContext) => Promise<T>,
  streams?: PromptStreams,
): Promise<T> {
  const inquirer = await import('@inquirer/prompts');
  const controller = new AbortController();
  const stdin = streams?.input ?? process.stdin;
  const onKeypress = (_: string, key?: { ctrl?: boolean; name?: string }) => {
    if (key?.ctrl && key.name === 'd') controller.abort();
  };
  const onEnd = () => controller.abort();
  emitKeypressEvents(stdin);
  stdin.on('keypress', onKeypress);
  stdin.once('end', onEnd);
  stdin.once('close', onEnd);
  try {
    return await prompt(inquirer, { signal: controller.signal, ...streams });
  } catch (error) {
    if (error instanceof Error && /^(Exit|Abort|Cancel)PromptError$/.test(error.name)) throw new CancelledError();
    throw error;
  } finally {
    stdin.off('keypress', onKeypress);
    stdin.off('end', onEnd);
    stdin.off('close', onEnd);
  }
}

/*
 * Inquirer writes a few words of its own, in English, and lets a theme give most of them: the keys line under a
 * menu (`↑↓ navigate • ⏎ select`, through the function that styles it), the yes and no of a question and what it
 * says to an answer that is neither. Its "You must provide a value" for a required answer cannot be given: crm checks
 * for an empty answer itself. Its "No results found" under a search can only be recognised where it is styled.
 */

/** The keys line under a menu, styled as inquirer styles it, its actions in the language's words. */
function keysHelpTip(keys: Array<[key: string, action: string]>): string {
  const actions = m.said.prompts.keys;
  return keys
    .map(([key, action]) => `${styleText('bold', key)} ${styleText('dim', actions[action] ?? action)}`)
    .join(styleText('dim', ' • '));
}

/** What inquirer's search says when nothing matches, which it hands to its error style in English. */
const INQUIRER_NO_RESULTS = 'No results found';

/** An error under a prompt, styled as inquirer styles it. */
function errorLine(text: string): string {
  return styleText('red', `> ${text === INQUIRER_NO_RESULTS ? m.said.prompts.noResults : text}`);
}

export type TextCheck = (answer: string) => true | string | Promise<true | string>;

/**
 * A check of a prompt's answer by the parser the command applies to it afterwards: its error is said under the
 * prompt and the question asked again, instead of the command failing after every other answer was given.
 */
export function parsedBy(parse: (answer: string) => unknown): TextCheck {
  return (answer) => {
    try {
      parse(answer);
      return true;
    } catch (error) {
      if (error instanceof Error) return error.message;
      throw error;
    }
  };
}

/**
 * What is said under a prompt, wrapped at spaces to the terminal after inquirer's `> `, its later lines under its
 * first: inquirer cuts a line too long at the last column, in the middle of a command or a phone.
 */
function underPrompt(text: string, width: number): string {
  return wrapProse(`> ${text}`, width).slice(2);
}

export function promptText(
  message: string,
  options: { required?: boolean; default?: string; validate?: TextCheck } = {},
  streams?: PromptStreams,
): Promise<string> {
  const validate = async (answer: string) => {
    if (options.required && answer === '') return m.said.prompts.required;
    const verdict = options.validate ? await options.validate(answer) : true;
    return verdict === true ? verdict : underPrompt(verdict, promptWidth(streams));
  };
  return ask(({ input }, context) => input({ message, default: options.default, validate }, context), streams);
}

export function promptConfirm(message: string, defaultAnswer = false, streams?: PromptStreams): Promise<boolean> {
  const words = m.said.prompts;
  const keywords = { yes: words.yes, no: words.no, error: words.answerYesOrNo };
  // Room kept on the last line for the hint inquirer adds, ` (y/N)`, and the answer.
  const shown = menuLaidOut(message, [], promptWidth(streams) - 8).message;
  return ask(
    ({ confirm }, context) => confirm({ message: shown, default: defaultAnswer, theme: { keywords } }, context),
    streams,
  );
}

/** The columns inquirer lays a prompt out to: its terminal's, 80 where it cannot tell (as inquirer does). */
function promptWidth(streams?: PromptStreams): number {
  const { columns } = (streams?.output ?? process.stdout) as { columns?: number };
  return columns && columns > 0 ? columns : 80;
}

/**
 * A menu's question and choices wrapped at spaces before inquirer shows them, never inside a phone, an amount or a
 * command (wrapText): inquirer cuts a line longer than the terminal at its last column, in the middle of a number
 * (`… 8 (912) 34` / `5-67-89`). The question is wrapped after inquirer's one-column mark and a space, a choice after
 * the cursor and a space, its later lines under its first; the answer line (`✔ question answer`) goes on from where
 * the question ends, as inquirer writes it.
 */
export function menuLaidOut<T>(
  message: string,
  choices: Array<{ name: string; value: T }>,
  width: number,
): { message: string; choices: Array<{ name: string; value: T; short: string }> } {
  const questionLines = wrapText(`? ${escapeControls(message)}`, width);
  const lastLine = questionLines[questionLines.length - 1]!;
  const answerAfterQuestion = (answer: string): string => {
    const [first = '', ...rest] = wrapText(`${lastLine} ${answer}`, width);
    if (first === lastLine) return `\n${rest.join('\n')}`;
    if (first.startsWith(`${lastLine} `)) return [first.slice(lastLine.length + 1), ...rest].join('\n');
    return `\n${wrapText(answer, width).join('\n')}`;
  };
  return {
    message: questionLines.join('\n').slice(2),
    choices: choices.map((choice) => {
      const name = escapeControls(choice.name);
      return { ...choice, name: wrapText(name, width - 2).join('\n  '), short: answerAfterQuestion(name) };
    }),
  };
}

/** A menu; the names in it (clients found by a search) are escaped as in a table. */
export function promptChoice<T>(
  message: string,
  choices: Array<{ name: string; value: T }>,
  streams?: PromptStreams,
): Promise<T> {
  const menu = menuLaidOut(message, choices, promptWidth(streams));
  return ask(
    ({ select }, context) =>
      select({ message: menu.message, choices: menu.choices, theme: { style: { keysHelpTip } } }, context),
    streams,
  );
}

/** What the client picker answers: a stored client's id, or the text typed for a new client. */
export type PickedClient = { query: string; createNew: boolean };

/**
 * Client search as you type. Whatever is typed can also become a new client, offered last, so that a first-time
 * visitor does not send the person back to `crm client add`.
 */
export async function promptClient(store: Store, streams?: PromptStreams): Promise<PickedClient> {
  const { findClients, listClients } = await import('../app/clients.js');
  const message = m.said.prompts.client;
  return ask(
    ({ search }, context) =>
      search<PickedClient>(
        {
          message: menuLaidOut(message, [], promptWidth(streams)).message,
          theme: { style: { keysHelpTip, error: errorLine } },
          source: async (term) => {
            const typed = term?.trim() ?? '';
            const clients = typed
              ? await findClients(store, typed, false)
              : (await listClients(store)).slice(-15).reverse();
            const stored = clients.slice(0, 15).map((c) => ({
              name: `${c.name || m.said.prompts.noName}${c.phones[0] ? `  ${c.phones[0].raw}` : ''}`,
              value: { query: `#${c.id}`, createNew: false },
            }));
            const offered = typed
              ? [...stored, { name: m.said.prompts.newClient({ typed }), value: { query: typed, createNew: true } }]
              : stored;
            return menuLaidOut(message, offered, promptWidth(streams)).choices;
          },
        },
        context,
      ),
    streams,
  );
}
