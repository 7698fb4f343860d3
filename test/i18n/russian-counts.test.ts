/**
 * Counts in Russian sentences grouped as Russian writes numbers (`2 999`, with a no-break space): the lines under an
 * import, the same way as the row count beside them, with the seconds in a decimal comma; what a workbook cannot hold.
 */
import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en/index.js';
import { fixedIn, numberIn } from '../../src/i18n/numbers.js';
import { ru } from '../../src/i18n/ru/index.js';

const NBSP = '\u00a0';

describe('counts in Russian sentences', () => {
  it('groups the counts of a journal’s summary', () => {
    const line = ru.imports.recordSummary({
      dryRun: false,
      deals: false,
      records: 'визитов',
      created: 2999,
      moved: 0,
      duplicates: 1200,
      rejected: 0,
      rows: ru.counts.ofRows(4199),
      newClients: 2952,
    });
    expect(line).toBe(
      `создано визитов: 2${NBSP}999, дублей 1${NBSP}200, отклонено 0 из 4${NBSP}199 строк; новых клиентов 2${NBSP}952`,
    );
  });

  it('groups the counts of a client list’s summary', () => {
    const line = ru.imports.clientSummary({
      dryRun: true,
      created: 130_000,
      updated: 12,
      duplicates: 0,
      rejected: 1001,
      rows: ru.counts.ofRows(131_013),
    });
    expect(line).toContain(`будет создано 130${NBSP}000`);
    expect(line).toContain(`отклонено 1${NBSP}001 из 131${NBSP}013`);
  });

  it('writes the speed with a decimal comma and grouped rows a second; English as before', () => {
    const speed = (catalogue: typeof en, language: 'en' | 'ru') =>
      catalogue.imports.speed({
        rows: catalogue.counts.rows(2999),
        seconds: fixedIn(language, 0.55, 1),
        perSecond: numberIn(language, 5427),
      });
    expect(speed(ru, 'ru')).toBe(`2${NBSP}999 строк за 0,6 с (5${NBSP}427 строк/с)`);
    expect(speed(en, 'en')).toBe('2999 rows in 0.6 s (5427 rows/s)');
    expect(fixedIn('en', 12, 1)).toBe('12.0');
  });

  it('groups the counts of what a workbook cannot hold', () => {
    const where = { file: 'out.xlsx', sheet: 'Визиты' };
    expect(ru.errors.export.sheetTooLong({ ...where, rows: 1_048_577, most: 1_048_575 })).toContain(
      `строк: 1${NBSP}048${NBSP}577, больше, чем помещается на лист (1${NBSP}048${NBSP}575 под заголовком)`,
    );
    expect(ru.errors.export.cellTooLong({ ...where, row: 2, column: 'B', length: 40_000, most: 32_767 })).toContain(
      `символов: 40${NBSP}000, больше, чем помещается в ячейку книги (32${NBSP}767)`,
    );
    expect(
      ru.errors.export.tooManyCells({ file: 'out.ods', cells: 12_000_000, type: 'ods', most: 10_000_000 }),
    ).toContain(`ячеек (строки × столбцы): 12${NBSP}000${NBSP}000`);
  });
});
