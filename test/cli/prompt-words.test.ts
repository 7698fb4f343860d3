/**
 * The words inquirer writes itself under crm's questions (the keys line under a menu, yes and no, what it says to an
 * answer it cannot take) are the language's: asked here in this process, on streams a test types into and reads.
 */
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { type PromptStreams, promptChoice, promptClient, promptConfirm, promptText } from '../../src/cli/prompts.js';
import { CancelledError } from '../../src/errors.js';
import { useLanguage } from '../../src/i18n/index.js';
import { clientDraft } from '../builders.js';
import { openTestStore, screenText } from '../helpers.js';

/** A terminal in this process: what the prompt shows, and keys typed once something has appeared. */
function terminal() {
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = '';
  output.on('data', (chunk: Buffer) => {
    shown += chunk.toString('utf8');
  });
  const screen = () => screenText(shown);
  return {
    streams: { input, output } as PromptStreams,
    screen,
    /** What was written, escapes and all. */
    raw: () => shown,
    /** Waits until `text` is on the screen, then types `keys`. */
    async answer(text: RegExp, keys: string) {
      for (let waited = 0; !text.test(screen()); waited += 10) {
        if (waited > 5000) throw new Error(`never shown: ${text}; screen:\n${screen()}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      input.write(keys);
    },
  };
}

/** What the terminal showed, a piece per line or cursor move, colours and escapes left out. */
function screenPieces(raw: string): string[] {
  return raw
    .replace(/\x1b\[[0-9;?]*[mhl]/g, '')
    .replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b[78]|\r/g, '\n')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

describe('questions in Russian', () => {
  afterEach(() => useLanguage('en'));

  it('a yes-or-no question hints д/Н, refuses another answer in Russian, and takes д', async () => {
    await useLanguage('ru');
    const t = terminal();
    const asked = promptConfirm('Добавить ещё одного клиента?', false, t.streams);
    await t.answer(/Добавить ещё одного клиента\? \(д\/Н\)/, 'q\r');
    await t.answer(/> Ответьте «Да» или «Нет»/, '\x15д\r');
    expect(await asked).toBe(true);
    expect(t.screen()).toMatch(/Добавить ещё одного клиента\? Да/);
  });

  it('a menu names its keys in Russian', async () => {
    await useLanguage('ru');
    const t = terminal();
    const asked = promptChoice(
      'Который?',
      [
        { name: '1 Иванова Мария', value: 1 },
        { name: '2 Иванова Ольга', value: 2 },
      ],
      t.streams,
    );
    await t.answer(/↑↓ перейти • ⏎ выбрать/, '\x1b[B');
    await t.answer(/❯ 2 Иванова Ольга/, '\r');
    expect(await asked).toBe(2);
  });

  it('the client search names its keys in Russian', async () => {
    await useLanguage('ru');
    const store = openTestStore();
    await store.clients.insert(clientDraft('Иванова Мария'));
    const t = terminal();
    const asked = promptClient(store, t.streams);
    await t.answer(/↑↓ перейти • ⏎ выбрать/, 'Ив');
    await t.answer(/\+ новый клиент: Ив/, '\r');
    expect(await asked).toEqual({ query: '#1', createNew: false });
    await store.close();
  });

  it('an answer that must be given says so in Russian, and Ctrl-C cancels in Russian', async () => {
    await useLanguage('ru');
    const t = terminal();
    const asked = promptText('Сумма:', { required: true }, t.streams);
    await t.answer(/Сумма:/, '\r');
    await t.answer(/> Нужно что-нибудь ввести/, '\x03');
    const cancelled = await asked.catch((error: unknown) => error);
    expect(cancelled).toBeInstanceOf(CancelledError);
    expect((cancelled as Error).message).toBe('отменено; ничего не записано');
  });

  it('the same questions in English say what inquirer says', async () => {
    const t = terminal();
    const asked = promptConfirm('Add another?', true, t.streams);
    await t.answer(/Add another\? \(Y\/n\)/, 'q\r');
    await t.answer(/> You must answer with "Yes" or "No"/, '\x15n\r');
    expect(await asked).toBe(false);
  });
});

describe('a menu of long names and phones, at inquirer’s 80 columns', () => {
  afterEach(() => useLanguage('en'));

  it('wraps its lines at spaces: no phone is cut, neither in a choice nor in the answer line', async () => {
    await useLanguage('ru');
    const message = "Под 'Федоров' подходят несколько клиентов: который?";
    // `✔ ` and the question take 54 columns: the 80th falls inside the phone, `… 8 (912) 34` / `5-67-89`.
    const choices = [
      { name: '1 Игорь Федоров 8 (912) 345-67-89', value: 1 },
      { name: '2 Игорь Федоров-Младший 8 (912) 345-67-89', value: 2 },
      { name: `3 Федорова Ирина ${'Александровна-'.repeat(4)}Длинная +7 903 555-44-33`, value: 3 },
    ];
    const t = terminal();
    const asked = promptChoice(message, choices, t.streams);
    await t.answer(/↑↓ перейти/, '\r');
    expect(await asked).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const pieces = screenPieces(t.raw());
    for (const piece of pieces) expect(piece.length, pieces.join('\n')).toBeLessThanOrEqual(80);
    for (const phone of ['8 (912) 345-67-89', '+7 903 555-44-33']) {
      const begun = pieces.filter((piece) => piece.includes(phone.slice(0, 5)));
      expect(begun.length).toBeGreaterThan(0);
      for (const piece of begun) expect(piece, pieces.join('\n')).toContain(phone);
    }
    expect(pieces.join('\n')).toMatch(/✔ Под 'Федоров'[^❯]*1 Игорь Федоров\s+8 \(912\) 345-67-89/);
  });
});

describe('the client search at inquirer’s 80 columns', () => {
  it('shows a long name’s phone whole, in the list and in the answer', async () => {
    const store = openTestStore();
    const name = `Федорова Ирина ${'Александровна-'.repeat(3)}Длинная`;
    await store.clients.insert({
      ...clientDraft(name),
      phones: [{ value: '+79123456789', raw: '8 (912) 345-67-89', label: null, valid: true }],
    });
    const t = terminal();
    const asked = promptClient(store, t.streams);
    await t.answer(/navigate/, 'Фед');
    await t.answer(/new client: Фед/, '\r');
    expect(await asked).toEqual({ query: '#1', createNew: false });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const pieces = screenPieces(t.raw());
    for (const piece of pieces) expect(piece.length, pieces.join('\n')).toBeLessThanOrEqual(80);
    const begun = pieces.filter((piece) => piece.includes('8 (9'));
    expect(begun.length, pieces.join('\n')).toBeGreaterThan(1);
    for (const piece of begun) expect(piece, pieces.join('\n')).toContain('8 (912) 345-67-89');
    await store.close();
  });
});
