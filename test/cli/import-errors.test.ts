/**
 * A file an import cannot read at all is said in one line that names it, in the person's language: in Russian with
 * no English words but the file's own and what a person types, in English as before, with the same exit code in
 * both. The streamed journal's reasons come from its reader as codes and are said where they are taken (run here
 * in-line; test/cli/process.test.ts runs them in the built CLI's reading thread).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { STAGES } from '../../src/domain/deal.js';
import { FIELDS } from '../../src/importers/headers.js';
import { runCli } from '../cli-harness.js';
import { englishWords } from '../english-words.js';
import { fixture, tempDir } from '../helpers.js';

/** Rows enough that the reading is past its first chunks (and a file's head, 256 KB) when it meets what stops it. */
function journalRows(count: number): string {
  let text = '';
  for (let i = 0; i < count; i++) text += `01.02.2026;Клиент ${i};100\n`;
  return text;
}

/** An archive's first entry, as an OpenDocument file begins: its `mimetype`, stored, the next entry after it. */
function openDocument(type: string): Buffer {
  const mimetype = Buffer.from(`mimetypeapplication/vnd.oasis.opendocument.${type}`);
  const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
  return Buffer.concat([zip, Buffer.alloc(26), mimetype, zip, Buffer.alloc(26), Buffer.from('content.xml')]);
}

/** The files, by name: broken the ways files people bring are. */
function files(): Record<string, string | Buffer> {
  const header = 'Дата;Клиент;Сумма\n';
  return {
    'empty.csv': '',
    'blank.csv': '\n\n  \n',
    'binary.csv': Buffer.concat([Buffer.from(header), Buffer.from([0, 1, 2, 0, 0, 3])]),
    'nul-later.csv': Buffer.concat([Buffer.from(header + journalRows(20_000)), Buffer.from('01.02.2026;\0;1\n')]),
    'cp1251-later.csv': Buffer.concat([
      Buffer.from(header + journalRows(20_000)),
      iconv.encode('01.02.2026;Мария Иванова;100\n', 'cp1251'),
    ]),
    'utf8-later.csv': Buffer.concat([
      iconv.encode(header + journalRows(20_000), 'cp1251'),
      Buffer.from('01.02.2026;Мария Иванова;100\n'),
    ]),
    'cut-at-end.csv': Buffer.concat([Buffer.from(`${header}01.02.2026;Мария;100\nЖ`), Buffer.from([0xd0])]),
    'mixed.csv': Buffer.concat([
      Buffer.from('Создана;Клиент;Название\n01.03.2026;Мария;Стрижка\n'),
      iconv.encode('02.03.2026;Ольга;Укладка\n', 'cp1251'),
    ]),
    'quote-in-header.csv': '"Дата;Клиент;Сумма\n01.02.2026;Мария;100\n',
    'no-amount.csv': 'Дата;Клиент;Телефон\n01.02.2026;Мария;+79123456789\n',
    'no-client.csv': 'Дата;Сумма\n01.02.2026;100\n',
    'wide.csv': `${[...Array.from({ length: 24 }, (_, i) => `Столбец ${i + 1}`), 'П'.repeat(70)].join(';')}\n${'x;'.repeat(24)}x\n`,
    'cards.vcf': 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ольга\r\nEND:VCARD\r\n',
    'garbage.vcf': Buffer.concat([Buffer.from('BEGIN:VCARD\r\n'), Buffer.from([0, 0, 1, 2, 0])]),
    'big.xlsx': Buffer.concat([Buffer.from('PK\x03\x04xl/'), Buffer.alloc(11 * 1024 * 1024)]),
    'not-a-book.xlsx': Buffer.concat([Buffer.from('\0\x01 not a workbook '), Buffer.alloc(64)]),
    'letter.xlsx': Buffer.concat([
      Buffer.from([0x50, 0x4b, 0x03, 0x04]),
      Buffer.alloc(26),
      Buffer.from('word/document.xml'),
    ]),
    'notes.ods': openDocument('text'),
    'empty-table.xls': '<table></table>',
  };
}

interface Case {
  /** What is wrong with the file. */
  name: string;
  args: string[];
  code: number;
  /** What the Russian line says (after `crm: FILE: ` where it names a file). */
  russian: RegExp;
  /** What the English line said before it was translated, which it still says. */
  english: RegExp;
  /** Whether the line names the file first (a wrong option is said without it). */
  namesFile?: boolean;
}

const sheets = (name: string) => fixture(`spreadsheets/${name}`);

const CASES: Case[] = [
  {
    name: 'an empty file',
    args: ['visits', 'empty.csv'],
    code: 1,
    russian: /: пустой файл$/,
    english: /: empty file$/,
  },
  {
    name: 'a file of blank lines, streamed',
    args: ['visits', 'blank.csv'],
    code: 1,
    russian: /: пустой файл$/,
    english: /: empty file$/,
  },
  {
    name: 'binary data',
    args: ['visits', 'binary.csv'],
    code: 1,
    russian: /: двоичные данные, а не текстовый CSV-файл$/,
    english: /: binary data, not a text CSV file$/,
  },
  {
    name: 'a NUL byte far into a streamed journal',
    args: ['visits', 'nul-later.csv'],
    code: 1,
    russian: /: двоичные данные \(нулевой байт между байтами \d+ и \d+, после строки \d+\), а не текстовый CSV-файл$/,
    english: /: binary data \(a NUL byte between bytes \d+ and \d+, after line \d+\), not a text CSV file$/,
  },
  {
    name: 'Windows-1251 far into a UTF-8 journal',
    args: ['visits', 'cp1251-later.csv'],
    code: 1,
    russian:
      /: недопустимый UTF-8 между байтами \d+ и \d+, после строки \d+: в файле смешаны кодировки; укажите --encoding$/,
    english: /: invalid UTF-8 between bytes \d+ and \d+, after line \d+: the file mixes encodings; give --encoding$/,
  },
  {
    name: 'UTF-8 far into a Windows-1251 journal',
    args: ['visits', 'utf8-later.csv'],
    code: 1,
    russian:
      /: в файле смешаны кодировки: он начинается в cp1251, но между байтами \d+ и \d+, после строки \d+, идёт UTF-8; укажите --encoding$/,
    english:
      /: mixed encodings: the file starts in cp1251 but is UTF-8 between bytes \d+ and \d+, after line \d+; give --encoding$/,
  },
  {
    name: 'a journal cut inside a character',
    args: ['visits', 'cut-at-end.csv'],
    code: 1,
    russian: /: недопустимый UTF-8 в конце файла \(строка 3\); укажите --encoding$/,
    english: /: invalid UTF-8 at the end of the file \(line 3\); give --encoding$/,
  },
  {
    name: 'two encodings in a file read whole',
    args: ['deals', 'mixed.csv'],
    code: 1,
    russian:
      /: в файле смешаны кодировки: строка 1 в UTF-8, а строка 3 — нет \(Windows-1251\?\); сохраните файл в одной кодировке или выберите её через --encoding$/,
    english: /: mixed encodings: line 1 is UTF-8 but line 3 is not \(Windows-1251\?\)/,
  },
  {
    name: 'an unclosed quote in a streamed header',
    args: ['visits', 'quote-in-header.csv'],
    code: 1,
    russian: /: в заголовке не закрыта кавычка \(строка 1\)$/,
    english: /: unterminated quoted field in the header \(line 1\)$/,
  },
  {
    name: 'an unclosed quote in a header read whole',
    args: ['deals', 'quote-in-header.csv'],
    code: 1,
    russian: /: в заголовке не закрыта кавычка \(строка 1\)$/,
    english: /: unterminated quoted field in the header \(line 1\)$/,
  },
  {
    name: 'no amount column',
    args: ['visits', 'no-amount.csv'],
    code: 1,
    russian:
      /: нет столбца для суммы \(заголовки: Дата, Клиент, Телефон\); укажите его через --map "Заголовок=amount"$/,
    english: /: no column for amount \(headers: Дата, Клиент, Телефон\); name it with --map "Header=amount"$/,
  },
  {
    name: 'no client column',
    args: ['visits', 'no-client.csv'],
    code: 1,
    russian: /: нет столбца с клиентом, телефоном или e-mail \(заголовки: Дата, Сумма\)$/,
    english: /: no client, phone or e-mail column \(headers: Дата, Сумма\)$/,
  },
  {
    name: 'more headers than are listed, a long one among them',
    args: ['visits', 'wide.csv'],
    code: 1,
    russian: /\(заголовки: Столбец 1, .*, Столбец 20 и ещё 5\); укажите/,
    english: /\(headers: Столбец 1, .*, Столбец 20, and 5 more\); name it/,
  },
  {
    name: '--map naming a header the file lacks',
    args: ['visits', 'no-amount.csv', '--map', 'Стоимость=amount'],
    code: 2,
    russian: /^crm: --map называет 'Стоимость', а в файле такого заголовка нет \(заголовки: Дата, Клиент, Телефон\)$/,
    english: /^crm: --map names 'Стоимость', not a header of this file \(headers: Дата, Клиент, Телефон\)$/,
    namesFile: false,
  },
  {
    name: 'a vCard file for a journal',
    args: ['visits', 'cards.vcf'],
    code: 1,
    russian: /: это файл vCard, а визиты читаются только из CSV-файлов и рабочих книг$/,
    english: /: a vCard file; visits are read from CSV files and workbooks only$/,
  },
  {
    name: 'binary data named .vcf',
    args: ['clients', 'garbage.vcf'],
    code: 1,
    russian: /: двоичные данные, а не файл vCard$/,
    english: /: binary data, not a vCard file$/,
  },
  {
    name: 'a CSV file read as a vCard',
    args: ['clients', 'no-client.csv', '--format', 'vcard'],
    code: 1,
    russian: /: не файл vCard: нет строки 'BEGIN:VCARD'$/,
    english: /: not a vCard file: no BEGIN:VCARD line$/,
  },
  {
    name: 'a damaged workbook',
    args: ['visits', sheets('damaged.xlsx')],
    code: 1,
    russian:
      /: файл не читается как книга Excel: он повреждён или его имя не соответствует содержимому \(ошибка: '.+'\)$/,
    english: /: cannot be read as Excel workbook: the file is damaged or not what its name says \(.+\)$/,
  },
  {
    name: 'binary bytes under a workbook’s name',
    args: ['visits', 'not-a-book.xlsx'],
    code: 1,
    russian: /: файл не читается как книга Excel: он повреждён или его имя не соответствует содержимому$/,
    english: /: not a readable Excel workbook: the file is damaged or not what its name says$/,
  },
  {
    name: 'a workbook with a password',
    args: ['visits', sheets('password.xlsx')],
    code: 1,
    russian:
      /: книга защищена паролем: сохраните копию без пароля \(Файл → Сохранить как, снимите пароль\) и импортируйте её$/,
    english: /: the workbook is protected by a password/,
  },
  {
    name: 'a workbook too big to read at once',
    args: ['visits', 'big.xlsx'],
    code: 1,
    russian:
      /: 11 МБ — больше, чем crm читает из рабочей книги за раз \(книга Excel: не больше 10 МБ\); сохраните лист как CSV: CSV-файл crm читает любого размера$/,
    english:
      /: 11 MB is more than crm reads from a workbook at once \(10 MB for Excel workbook\); save the sheet as CSV/,
  },
  {
    name: 'a Word document',
    args: ['visits', 'letter.xlsx'],
    code: 1,
    russian: /: это документ Word или презентация PowerPoint, а не таблица$/,
    english: /: a Word or PowerPoint document, not a spreadsheet$/,
  },
  {
    name: 'an OpenDocument text',
    args: ['visits', 'notes.ods'],
    code: 1,
    russian: /: это текстовый документ OpenDocument, а не таблица$/,
    english: /: an OpenDocument text, not a spreadsheet$/,
  },
  {
    name: 'an empty HTML table',
    args: ['visits', 'empty-table.xls'],
    code: 1,
    russian: /: таблица пуста$/,
    english: /: the table is empty$/,
  },
  {
    name: 'an empty sheet',
    args: ['visits', sheets('salon-edge.xlsx'), '--sheet', 'Пусто'],
    code: 1,
    russian: /: лист "Пусто" пуст \(листы: Справка, Клиенты, Визиты, Пусто; выберите нужный через --sheet\)$/,
    english: /: sheet "Пусто" is empty \(sheets: Справка, Клиенты, Визиты, Пусто; choose one with --sheet\)$/,
  },
  {
    name: 'a sheet the workbook lacks',
    args: ['visits', sheets('salon-edge.xlsx'), '--sheet', 'Касса'],
    code: 2,
    russian: /: нет листа 'Касса' \(листы: Справка, Клиенты, Визиты, Пусто\)$/,
    english: /: no sheet 'Касса' \(sheets: Справка, Клиенты, Визиты, Пусто\)$/,
  },
  {
    name: '--sheet for a CSV file',
    args: ['visits', 'no-client.csv', '--sheet', '2'],
    code: 2,
    russian: /^crm: --sheet: .*no-client\.csv прочитан как CSV, а в нём нет листов \(--sheet — для рабочих книг\)$/,
    english: /^crm: --sheet: .*no-client\.csv was read as CSV, which has no sheets \(--sheet is for workbooks\)$/,
    namesFile: false,
  },
  {
    name: 'an encoding nobody knows',
    args: ['visits', 'no-client.csv', '--encoding', 'klingon'],
    code: 1,
    russian:
      /: неизвестная кодировка 'klingon' \(попробуйте utf8, cp1251, utf16le или любое имя, которое знает iconv-lite\)$/,
    english: /: unknown encoding 'klingon' \(try utf8, cp1251, utf16le, or any name iconv-lite knows\)$/,
  },
  {
    name: 'a delimiter of two characters',
    args: ['visits', 'no-client.csv', '--delimiter', ';;'],
    code: 2,
    russian: /^crm: недопустимый разделитель ';;' \(нужен один символ или tab, semicolon, comma\)$/,
    english: /^crm: invalid delimiter ';;' \(use one character, or tab, semicolon, comma\)$/,
    namesFile: false,
  },
  {
    name: 'a delimiter of two characters, in a file read whole',
    args: ['deals', 'no-client.csv', '--delimiter', ';;'],
    code: 2,
    russian: /^crm: .*недопустимый разделитель ';;'/,
    english: /^crm: .*invalid delimiter ';;'/,
    namesFile: false,
  },
  {
    name: '--stage without a stage',
    args: ['deals', 'no-client.csv', '--stage', 'Думает'],
    code: 2,
    russian: /^crm: --stage ждёт "Название=этап", а получено 'Думает'$/,
    english: /^crm: --stage expects "Name=stage", got 'Думает'$/,
    namesFile: false,
  },
  {
    name: '--stage without a name',
    args: ['deals', 'no-client.csv', '--stage', '=won'],
    code: 2,
    russian: /^crm: --stage '=won': нет названия этапа перед '='$/,
    english: /^crm: --stage '=won': no stage name before '='$/,
    namesFile: false,
  },
  {
    name: '--stage naming no stage',
    args: ['deals', 'no-client.csv', '--stage', 'Думает=потом'],
    code: 2,
    russian: /^crm: --stage 'Думает=потом': 'потом' — не этап \(lead, qualified, deal, won, lost, junk\)$/,
    english: /^crm: --stage 'Думает=потом': 'потом' is not a stage \(lead, qualified, deal, won, lost, junk\)$/,
    namesFile: false,
  },
];

/**
 * What a person reads as it is in these lines: the files' own words, what they type (flags, fields, stages, the
 * delimiter's and format's names), the encodings and the stage codes the parser names.
 */
const TYPED = new Set([
  ...Object.values(FIELDS).flat(),
  ...STAGES,
  'csv',
  'vcard',
  'tab',
  'semicolon',
  'comma',
  'koi8-r',
  'cp866',
  'klingon',
]);

describe('crm import of a file it cannot read, in Russian and in English', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('crm-import-errors-');
    for (const [name, content] of Object.entries(files())) writeFileSync(join(dir, name), content);
  });

  const run = async (language: string, [kind, file, ...rest]: string[]) => {
    const path = file!.startsWith('/') ? file! : join(dir, file!);
    const result = await runCli(['--lang', language, 'import', kind!, path, ...rest], {
      db: join(tempDir(), 'crm.sqlite'),
      columns: 80,
    });
    return { ...result, path, line: result.stderr.trimEnd() };
  };

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const russian = await run('ru', c.args);
    const english = await run('en', c.args);
    expect(russian.code, russian.stderr).toBe(c.code);
    expect(english.code, english.stderr).toBe(c.code);
    for (const said of [russian, english]) {
      expect(said.line.split('\n')).toHaveLength(1);
      if (c.namesFile !== false) expect(said.line.startsWith(`crm: ${said.path}: `), said.line).toBe(true);
    }
    expect(russian.line).toMatch(c.russian);
    expect(english.line).toMatch(c.english);
    // Options are what a person types.
    const words = russian.line
      .replaceAll(russian.path, ' ')
      .replace(/^crm: /, '')
      .replace(/--[a-z-]+/g, ' ');
    expect(englishWords(words, TYPED)).toEqual([]);
  });
});

describe('crm nps add with a score that is none', () => {
  it('says so in the person’s language', async () => {
    const db = join(tempDir(), 'crm.sqlite');
    expect((await runCli(['client', 'add', 'Мария'], { db })).code).toBe(0);
    const russian = await runCli(['--lang', 'ru', 'nps', 'add', 'Мария', '11'], { db });
    expect(russian.code).toBe(1);
    expect(russian.stderr.trimEnd()).toBe("crm: оценка '11' — не целое число от 0 до 10");
    const english = await runCli(['--lang', 'en', 'nps', 'add', 'Мария', '11'], { db });
    expect(english.stderr.trimEnd()).toBe("crm: score '11' is not a whole number from 0 to 10");
  });
});

describe('--format offers what each kind reads', () => {
  it('vCard for clients only: a journal’s help does not offer it, and asking for it is a usage error', async () => {
    for (const kind of ['visits', 'deals', 'nps']) {
      const help = await runCli(['import', kind, '--help']);
      expect(help.stdout).toMatch(/--format <format>.*\(choices: "csv"\)/s);
      expect(help.stdout).not.toContain('vcard');
      const asked = await runCli(['import', kind, fixture('visits/visits-calc-ru.csv'), '--format', 'vcard']);
      expect(asked.code).toBe(2);
    }
    expect((await runCli(['import', 'clients', '--help'])).stdout).toMatch(/choices: "csv", "vcard"/);
  });
});
