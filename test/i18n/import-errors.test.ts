/**
 * Every error an import gives about a whole file, as the Russian catalogue says it, has no English words but the
 * names and what a person types: the errors a test cannot easily cause (a workbook without sheets, a line of
 * sixteen million characters) included. test/cli/import-errors.test.ts causes the others on real files.
 */
import { describe, expect, it } from 'vitest';
import { STAGES } from '../../src/domain/deal.js';
import { ru } from '../../src/i18n/ru/index.js';
import { FIELDS } from '../../src/importers/headers.js';
import { englishWords } from '../english-words.js';

/** What a person types and these messages name as typed: fields, stages, the delimiter's names, formats, commands. */
const TYPED = new Set([
  ...Object.values(FIELDS).flat(),
  ...STAGES,
  'csv',
  'vcard',
  'tab',
  'semicolon',
  'comma',
  'crm',
  'import',
  'profiles',
]);

/** A message said with a stand-in for each value: a number, so that a value adds no word of its own. */
function said(message: unknown): string {
  if (typeof message === 'string') return message;
  const values = new Proxy({}, { get: () => ({ toString: () => '7', valueOf: () => 7 }) });
  return String((message as (p: unknown) => unknown)(values));
}

const messages = [
  ...Object.entries(ru.errors.read).map(([key, message]) => [`read.${key}`, message] as const),
  ...Object.entries(ru.errors.import)
    .filter(([, message]) => typeof message !== 'object')
    .map(([key, message]) => [`import.${key}`, message] as const),
];

describe('the Russian words of an import that cannot read a file', () => {
  it.each(messages)('%s', (_, message) => {
    const text = said(message).replace(/--[a-z-]+/g, ' ');
    // A message of values alone (`file: problem`) has no words of its own.
    if (/[a-zа-яё]/i.test(text)) expect(text).toMatch(/[а-яё]/);
    expect(englishWords(text, TYPED)).toEqual([]);
  });

  it('say the kind of file in Russian, not as the command’s word', () => {
    expect(ru.errors.read.vcardForKind({ kind: 'visits' })).toBe(
      'это файл vCard, а визиты читаются только из CSV-файлов и рабочих книг',
    );
    expect(ru.errors.import.nothingToImport({ file: 'deals.csv', kind: 'deals' })).toBe(
      'deals.csv: импортировать нечего (только заголовок, строк сделок нет)',
    );
    expect(ru.errors.read.unknownField({ field: 'cost', kind: 'nps', fields: 'date, client' })).toBe(
      "неизвестное поле 'cost' для ответов NPS (допустимы: date, client или extra)",
    );
  });
});
