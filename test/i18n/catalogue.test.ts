/**
 * The Russian catalogue says what the English one says: the same keys (tsc checks this too, as ru is typed as en's
 * shape), the same placeholders in each message (tsc cannot: a message may leave one out), and every count in the
 * form Russian gives it.
 */
import { describe, expect, it } from 'vitest';
import { type Catalogue, en } from '../../src/i18n/en/index.js';
import { ru } from '../../src/i18n/ru/index.js';

type Entry = { path: string; value: unknown };

function entries(node: unknown, path = ''): Entry[] {
  if (node === null || typeof node !== 'object') return [{ path, value: node }];
  return Object.entries(node).flatMap(([key, value]) => entries(value, path ? `${path}.${key}` : key));
}

/**
 * Calls a message with a stand-in for its parameters and returns the names it reads: each a value that is text to
 * a template and a number (7) to a plural rule or a comparison.
 */
function placeholdersOf(message: (...args: never[]) => unknown): string[] {
  const read = new Set<string>();
  const parameters = new Proxy(
    {},
    {
      get(_, name) {
        if (typeof name !== 'string') return undefined;
        read.add(name);
        return { toString: () => `{${name}}`, valueOf: () => 7 };
      },
    },
  );
  (message as (parameters: unknown) => unknown)(parameters);
  return [...read].sort();
}

const english = entries(en);
const russian = entries(ru);

describe('the catalogues', () => {
  it('have the same keys', () => {
    expect(russian.map((entry) => entry.path).sort()).toEqual(english.map((entry) => entry.path).sort());
  });

  it('fill every message', () => {
    for (const { path, value } of [...english, ...russian]) {
      expect(typeof value === 'string' || typeof value === 'function', path).toBe(true);
      if (typeof value === 'string') expect(value.trim(), path).not.toBe('');
    }
  });

  const messages = english.filter((entry) => typeof entry.value === 'function');
  it.each(messages.map((entry) => [entry.path, entry] as const))('%s: the same parameters', (path, entry) => {
    const other = russian.find((candidate) => candidate.path === path)!.value as (...args: never[]) => unknown;
    const message = entry.value as (...args: never[]) => unknown;
    expect(other.length, 'number of parameters').toBe(message.length);
    if (path.startsWith('counts.')) return;
    expect(placeholdersOf(other)).toEqual(placeholdersOf(message));
  });

  it('write every placeholder a message reads into what it says', () => {
    for (const { path, value } of [...english, ...russian]) {
      if (typeof value !== 'function' || path.startsWith('counts.')) continue;
      const shown = String(
        (value as (parameters: unknown) => unknown)(new Proxy({}, { get: (_, name) => `{${String(name)}}` })),
      );
      expect(shown, path).not.toMatch(/undefined|\[object Object\]/);
    }
  });
});

describe('counts', () => {
  const catalogue: Catalogue = ru;

  it('take the Russian forms of one, few, many and other (fractions)', () => {
    expect([1, 2, 5, 21, 1.5, 11, 22, 111, 0].map((n) => catalogue.counts.clients(n))).toEqual([
      '1 клиент',
      '2 клиента',
      '5 клиентов',
      '21 клиент',
      '1,5 клиента',
      '11 клиентов',
      '22 клиента',
      '111 клиентов',
      '0 клиентов',
    ]);
  });

  it('count rows after "из" in the genitive: отклонено 0 из 2 строк, из 21 строки', () => {
    expect([1, 2, 5, 21].map((n) => catalogue.counts.ofRows(n))).toEqual([
      '1 строки',
      '2 строк',
      '5 строк',
      '21 строки',
    ]);
  });

  it('group thousands in Russian, as digits in English', () => {
    expect(ru.counts.rows(1_000_000)).toBe('1\u00a0000\u00a0000 строк');
    expect(en.counts.rows(1_000_000)).toBe('1000000 rows');
  });

  it('take English one only for exactly one', () => {
    expect([1, 2, 0, 21, 1.5].map((n) => en.counts.clients(n))).toEqual([
      '1 client',
      '2 clients',
      '0 clients',
      '21 clients',
      '1.5 clients',
    ]);
  });

  it('write the count as the caller shows it when given', () => {
    expect(ru.counts.buyers(1500, '1 500')).toBe('1 500 покупателей');
  });
});
