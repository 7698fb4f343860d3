import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { TypedRow } from '../../src/domain/input.js';
import { useLanguage } from '../../src/i18n/index.js';
import { allRows, readRows } from '../../src/importers/read-rows.js';
import { describeDetected } from '../../src/render/import.js';
import { fixture, tempDir } from '../helpers.js';

// Calc saved her `1 500,00 ₽` in Windows-1251, which has no ₽: the file holds `1 500,00 ?` on lines 8 and 22
// (fixtures/visits/hairdresser/README.md).
const CSV = fixture('visits/hairdresser/journal-2026-cp1251.csv');

const amountOn = (rows: TypedRow[], line: number) => rows.find((row) => row.line === line)?.money.amount;

function journal(text: string, encoding = 'cp1251'): string {
  const file = join(tempDir(), 'journal.csv');
  writeFileSync(file, iconv.encode(`Дата;Клиент;Сумма\n${text}`, encoding));
  return file;
}

describe('a currency sign a single-byte code page lost', () => {
  it('is read where it stood in Calc’s Windows-1251 journal, streamed or whole, and counted for the summary', async () => {
    for (const bytes of [undefined, readFileSync(CSV)]) {
      const read = await allRows(await readRows({ name: CSV, bytes }, { kind: 'visits' }));
      expect(amountOn(read.rows, 8)).toBe(150000);
      expect(amountOn(read.rows, 22)).toBe(150000);
      expect(read.problems.map((problem) => problem.line)).toEqual([21, 37]);
      expect(read.detected.currencySignsLost).toEqual({ sign: '₽', amounts: 2 });
    }
  });

  it('may stand before the number, with or without a space', async () => {
    const read = await allRows(
      await readRows(
        { name: journal('01.02.2026;Анна;?1 500\n02.02.2026;Анна;? 700,50\n03.02.2026;Анна;900?\n') },
        {
          kind: 'visits',
        },
      ),
    );
    expect(read.rows.map((row) => row.money.amount)).toEqual([150000, 70050, 90000]);
    expect(read.detected.currencySignsLost).toEqual({ sign: '₽', amounts: 3 });
  });

  it('is no reason to read a `?` that stands elsewhere, in UTF-8, or for a currency whose sign the page holds', async () => {
    const elsewhere = await allRows(
      await readRows(
        { name: journal('01.02.2026;Анна;1?500\n02.02.2026;Анна;??\n03.02.2026;Анна;1500\n') },
        {
          kind: 'visits',
        },
      ),
    );
    expect(elsewhere.problems.map((problem) => [problem.line, problem.reason.code])).toEqual([
      [2, 'badAmount'],
      [3, 'badAmount'],
    ]);
    expect(elsewhere.detected.currencySignsLost).toBeUndefined();
    const utf8 = await allRows(
      await readRows({ name: journal('01.02.2026;Анна;1500 ?\n', 'utf8') }, { kind: 'visits' }),
    );
    expect(utf8.problems.map((problem) => problem.reason.code)).toEqual(['badAmount']);
    const dollars = await allRows(
      await readRows({ name: journal('01.02.2026;Анна;1500 ?\n') }, { kind: 'visits', context: { currency: 'USD' } }),
    );
    expect(dollars.problems.map((problem) => problem.reason.code)).toEqual(['badAmount']);
  });

  it('is said in one line of the summary, in the interface language', async () => {
    const read = await allRows(await readRows({ name: CSV }, { kind: 'visits' }));
    await useLanguage('ru');
    try {
      expect(describeDetected(read.detected)).toContain(
        'суммы: «?» на месте знака ₽, потерянного в кодировке файла (cp1251), прочитан как ₽ (2 суммы)',
      );
    } finally {
      await useLanguage('en');
    }
    expect(describeDetected(read.detected)).toContain(
      "amounts: '?' where a ₽ sign stood, lost in the file's encoding (cp1251), read as ₽ (2 amounts)",
    );
  });
});
