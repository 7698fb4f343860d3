/**
 * Terminal tables for people: a header, one rule under it, rows without rules or borders, fitted to the width the
 * way a person reads them (text wraps; numbers, amounts, phones and dates never do).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateDisplay, showDate } from '../../src/i18n/dates.js';
import { m, useLanguage } from '../../src/i18n/index.js';
import { render, renderTerminalTable } from '../../src/render/render.js';
import { outputWidth } from '../../src/render/terminal.js';
import { textWidth, wrapProse, wrapText } from '../../src/render/text-width.js';
import type { Renderable, TableData } from '../../src/render/types.js';

const CLIENTS: TableData = {
  columns: [
    { key: 'id', header: 'id', align: 'right', kind: 'id' },
    { key: 'name', header: 'name' },
    { key: 'phone', header: 'phone', kind: 'phone' },
    { key: 'last', header: 'last visit', kind: 'date' },
    { key: 'amount', header: 'amount, ₽', align: 'right', kind: 'money' },
    { key: 'note', header: 'note' },
  ],
  rows: Array.from({ length: 12 }, (_, i) => ({
    id: 1000 + i,
    name: `Константинопольская Виктория Александровна ${i}`,
    phone: `+7947439${String(i).padStart(4, '0')}`,
    last: `2026-05-${String(10 + i).padStart(2, '0')}`,
    amount: `22\u00a0365,${String(10 + i)}`,
    note: 'пришла по рекомендации подруги, просила перезвонить после отпуска в конце месяца',
  })),
};

const lines = (text: string) => text.split('\n');

describe('renderTerminalTable', () => {
  it('draws the header, one rule under it and the rows, without borders or rules between rows', () => {
    const out = lines(renderTerminalTable(CLIENTS, { width: Number.POSITIVE_INFINITY, dates: 'iso' }));
    expect(out).toHaveLength(2 + CLIENTS.rows.length);
    expect(out[1]).toMatch(/^[─ ]+$/);
    expect(out.filter((line) => /─/.test(line))).toHaveLength(1);
    expect(out.join('\n')).not.toMatch(/[│┌┐└┘├┤┼]/);
    expect(out[0]).toMatch(/^ {2}id {2}name/);
    expect(out[2]).toMatch(
      /^1000 {2}Константинопольская Виктория Александровна 0 +\+79474390000 {2}2026-05-10 {2}22\u00a0365,10 {2}пришла/,
    );
  });

  it.each([80, 100])('fits %i columns by wrapping names and notes, never a number, phone, date or amount', (width) => {
    const out = renderTerminalTable(CLIENTS, { width, dates: 'iso' });
    for (const line of lines(out)) expect(textWidth(line)).toBeLessThanOrEqual(width);
    for (const row of CLIENTS.rows) {
      const line = lines(out).find((l) => l.includes(String(row.phone)));
      expect(line, `the row of ${row.phone}`).toBeDefined();
      for (const whole of [row.id, row.last, row.amount]) expect(line).toContain(String(whole));
    }
    // Names wrapped at spaces: a line holding only the continuation of a name.
    expect(out).toMatch(/\n {4,}(Виктория|Александровна)/);
  });

  it('is wider than the width rather than cut a number', () => {
    const data: TableData = {
      columns: [
        { key: 'a', header: 'a', kind: 'phone' },
        { key: 'b', header: 'b', kind: 'money', align: 'right' },
      ],
      rows: [{ a: '+79474395123', b: '1\u00a0000\u00a0000,00' }],
    };
    expect(renderTerminalTable(data, { width: 10 })).toContain('+79474395123  1\u00a0000\u00a0000,00');
  });

  it('breaks a word longer than its column, and keeps control characters from acting', () => {
    const data: TableData = {
      columns: [
        { key: 'id', header: 'id', align: 'right' },
        { key: 'note', header: 'note' },
      ],
      rows: [{ id: 1, note: `https://example.com/${'x'.repeat(60)} \x1b[31mred` }],
    };
    const out = renderTerminalTable(data, { width: 30 });
    for (const line of lines(out)) expect(textWidth(line)).toBeLessThanOrEqual(30);
    expect(out).not.toContain('\x1b');
    expect(out).toContain('\\x1b[31mred');
  });

  it('measures wide characters and emoji as two columns, combining marks as none', () => {
    const data: TableData = {
      columns: [
        { key: 'a', header: 'name' },
        { key: 'b', header: 'n', align: 'right' },
      ],
      rows: [
        { a: 'Zhang Wei 张伟', b: 1 },
        { a: '🙂 Анна', b: 22 },
        { a: 'José', b: 333 },
      ],
    };
    const out = lines(renderTerminalTable(data, { width: Number.POSITIVE_INFINITY }));
    const widths = out.filter((line) => !/─/.test(line)).map(textWidth);
    expect(new Set(widths).size).toBe(1);
  });

  it('never draws a line wider than the width when the table can fit, whatever the text', () => {
    const word = fc.constantFrom('Анна', 'Смирнова', 'x', 'очень-длинное-слово-без-пробелов', '张伟', '🙂', 'a\u0301');
    const text = fc.array(word, { minLength: 1, maxLength: 8 }).map((words) => words.join(' '));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(text, text), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 40, max: 120 }),
        (rows, width) => {
          const data: TableData = {
            columns: [
              { key: 'n', header: 'n', align: 'right' },
              { key: 'a', header: 'name' },
              { key: 'b', header: 'note' },
            ],
            rows: rows.map(([a, b], i) => ({ n: i, a, b })),
          };
          for (const line of lines(renderTerminalTable(data, { width }))) {
            expect(textWidth(line)).toBeLessThanOrEqual(width);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('writes dates the locale’s way in date columns only', () => {
    const data: TableData = {
      columns: [
        { key: 'd', header: 'date', kind: 'date' },
        { key: 'note', header: 'note' },
      ],
      rows: [{ d: '2026-05-17', note: '2026-05-17' }],
    };
    expect(renderTerminalTable(data, { dates: 'dotted' })).toContain('17.05.2026  2026-05-17');
    expect(renderTerminalTable(data, { dates: 'iso' })).toContain('2026-05-17  2026-05-17');
  });
});

describe('which text column gives way', () => {
  it('one column narrowed alone when it can take the whole excess, the one that wraps the fewest rows', () => {
    const data: TableData = {
      columns: [
        { key: 'name', header: 'name' },
        { key: 'email', header: 'email' },
        { key: 'tags', header: 'tags' },
      ],
      rows: [
        { name: 'Иванова Мария Петровна', email: 'maria.ivanova@mail.ru', tags: 'VIP' },
        { name: 'Орлова Вера Николаевна', email: 'dasha.sokolova@gmail.com', tags: 'VIP, новый' },
        { name: 'Smith, John', email: 'john@example.com', tags: 'VIP, regular, Partners' },
      ],
    };
    // Natural: 22 + 2 + 24 + 2 + 22 = 72; two columns too many for 70.
    const out = lines(renderTerminalTable(data, { width: 70 }));
    expect(out.length).toBe(2 + 3 + 1);
    expect(out).toContain(`${'Smith, John'.padEnd(22)}  ${'john@example.com'.padEnd(24)}  VIP, regular,`);
    expect(out.join('\n')).toContain('dasha.sokolova@gmail.com');
    expect(out.join('\n')).toContain('Иванова Мария Петровна');
  });
});

describe('headers of figures too wide for the width', () => {
  const figures: TableData = {
    columns: [
      { key: 'period', header: 'period', kind: 'id' },
      { key: 'a', header: 'won / leads', align: 'right' },
      { key: 'b', header: 'cycle days, median', align: 'right' },
      { key: 'c', header: 'cycle days, mean', align: 'right' },
      { key: 'd', header: 'lost: Уехали в отпуск', align: 'right' },
      { key: 'e', header: 'lost: Не отвечает', align: 'right' },
    ],
    rows: [{ period: '2026-01', a: '0,0 %', b: '16', c: '10,2', d: '1', e: '0' }],
  };

  it('wrap a few at a time into two lines, rather than one into a word a line', () => {
    // Natural: 7 + 11 + 18 + 16 + 21 + 17 + 5 gaps = 100; 14 columns too many for 86.
    const out = lines(renderTerminalTable(figures, { width: 86 }));
    const rule = out.findIndex((line) => /^─/.test(line));
    expect(rule).toBe(2);
    for (const line of out) expect(textWidth(line)).toBeLessThanOrEqual(86);
  });

  it('take only the width their wrapped lines and cells need', () => {
    const out = lines(renderTerminalTable(figures, { width: 86 }));
    const rule = out.find((line) => /^─/.test(line))!;
    const widths = rule.split('  ').map((dashes) => dashes.length);
    const shown = out.filter((line) => line !== rule);
    widths.forEach((width, i) => {
      const start = widths.slice(0, i).reduce((a, b) => a + b + 2, 0);
      const texts = shown.map((line) => line.slice(start, start + width).trim());
      expect(Math.max(...texts.map(textWidth)), `column ${i}`).toBe(width);
    });
  });
});

describe('a split report too wide for the width', () => {
  const periods = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);
  const wide: TableData = {
    columns: [
      { key: 'metric', header: 'metric' },
      ...periods.map((p) => ({ key: p, header: p, align: 'right' as const })),
    ],
    rows: [
      { metric: 'revenue, ₽', ...Object.fromEntries(periods.map((p) => [p, '22\u00a0365,50'])) },
      { metric: 'purchases', ...Object.fromEntries(periods.map((p) => [p, '6'])) },
    ],
  };
  const transposed: TableData = {
    columns: [
      { key: 'period', header: 'period', kind: 'id' },
      { key: 'revenue', header: 'revenue, ₽', align: 'right', kind: 'money' },
      { key: 'purchases', header: 'purchases', align: 'right' },
    ],
    rows: periods.map((period) => ({ period, revenue: '22\u00a0365,50', purchases: '6' })),
  };
  const report: Renderable = { json: {}, table: wide, transposed };

  it('turns periods into rows', () => {
    const out = render(report, 'table', { width: 100 });
    expect(lines(out)[0]).toMatch(/^period\s+revenue, ₽\s+purchases$/);
    expect(lines(out)).toHaveLength(2 + periods.length + 1);
    for (const line of lines(out)) expect(textWidth(line)).toBeLessThanOrEqual(100);
  });

  it('keeps periods as columns when they fit', () => {
    expect(lines(render(report, 'table', { width: Number.POSITIVE_INFINITY }))[0]).toMatch(/^metric\s+2026-01/);
  });
});

describe('a table too wide to fit without breaking words', () => {
  const words = ['Свадебная', 'причёска', 'и', 'макияж', 'Instagram', 'Сарафанное', 'радио', 'квалифицирована', '2ГИС'];
  const deals: TableData = {
    columns: [
      { key: 'id', header: 'номер сделки', align: 'right', kind: 'id' },
      { key: 'title', header: 'название' },
      { key: 'client', header: 'клиент' },
      { key: 'source', header: 'источник' },
      { key: 'amount', header: 'сумма, ₽', align: 'right', kind: 'money' },
      { key: 'stage', header: 'этап' },
      { key: 'created', header: 'создана', kind: 'date' },
      { key: 'qualified', header: 'квалифицирована', kind: 'date' },
      { key: 'won', header: 'выиграна', kind: 'date' },
      { key: 'lost', header: 'проиграна', kind: 'date' },
      { key: 'reason', header: 'причина проигрыша' },
    ],
    rows: Array.from({ length: 5 }, (_, i) => ({
      id: 10 + i,
      title: words.slice(0, 4 + (i % 3)).join(' '),
      client: 'Григорьева Юлия',
      source: i % 2 ? 'Instagram' : 'Сарафанное радио',
      amount: '15\u00a0000,00',
      stage: 'квалифицирована',
      created: '2026-10-07',
      qualified: '2026-10-08',
      won: i % 2 ? '2026-10-13' : null,
      lost: i === 4 ? '2026-10-20' : null,
      reason: i % 2 ? null : 'Уехали в отпуск',
    })),
  };
  /** The parts of a table shown in parts: blank lines apart. */
  const parts = (out: string) => out.split('\n\n');

  it.each([80, 100])('shows its columns in parts of %i columns, each with the first, and breaks no word', (width) => {
    const out = renderTerminalTable(deals, { width, dates: 'iso' });
    for (const line of lines(out)) expect(textWidth(line)).toBeLessThanOrEqual(width);
    expect(parts(out).length).toBeGreaterThan(1);
    // Each part begins with the first column, its header wrapped or not.
    for (const part of parts(out)) expect(part).toMatch(/^ *номер( сделки)? {2}/);
    // Each column's header in one part only: the lines above its rule.
    const headers = parts(out).map((part) => part.slice(0, part.indexOf('─')));
    for (const { header } of deals.columns.slice(1)) {
      const word = header.split(' ').at(-1)!;
      expect(
        headers.filter((text) => text.includes(word)),
        header,
      ).toHaveLength(1);
    }
    for (const row of deals.rows) {
      for (const cell of Object.values(row)) {
        for (const word of String(cell ?? '').split(' ')) expect(out).toContain(word);
      }
    }
  });

  it('leaves out the columns with nothing in any row, and says which, when the table is too wide', () => {
    const open: TableData = {
      ...deals,
      rows: deals.rows.map((row) => ({ ...row, won: null, lost: null, reason: null })),
    };
    const out = renderTerminalTable(open, { width: 80, dates: 'iso' });
    for (const line of lines(out)) expect(textWidth(line)).toBeLessThanOrEqual(80);
    const headers = parts(out)
      .map((part) => part.slice(0, part.indexOf('─')))
      .join('\n');
    for (const header of ['выиграна', 'проиграна', 'проигрыша']) expect(headers).not.toContain(header);
    expect(lines(out).at(-1)).toBe('(left out, nothing in them: выиграна, проиграна, причина проигрыша)');
    expect(parts(out).length).toBeLessThanOrEqual(
      parts(renderTerminalTable(deals, { width: 80, dates: 'iso' })).length,
    );
    // A table that fits keeps them: nothing to save.
    expect(renderTerminalTable(open, { width: Number.POSITIVE_INFINITY })).toContain('проиграна');
  });

  it('parts as few as fit, about as wide as each other', () => {
    const figures: TableData = {
      columns: [
        { key: 'period', header: 'период', kind: 'id' },
        ...Array.from({ length: 7 }, (_, i) => ({ key: `f${i}`, header: `показатель ${i}`, align: 'right' as const })),
      ],
      rows: [
        {
          period: '2026-01',
          ...Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`f${i}`, '1\u00a0008\u00a0100,00'])),
        },
      ],
    };
    // 7 + 7 × (2 + 12) = 105 columns: two parts of 80, of four and three figures, not six and one.
    const shown = parts(renderTerminalTable(figures, { width: 80 }));
    expect(shown.map((part) => (lines(part)[0]!.match(/показатель/g) ?? []).length)).toEqual([4, 3]);
  });

  it('stays whole a column too wide, one gap narrower where the texts stay two spaces apart on every line', () => {
    const due: TableData = {
      columns: [
        { key: 'name', header: 'имя' },
        { key: 'phone', header: 'телефон', kind: 'phone' },
        { key: 'expected', header: 'ожидаем', kind: 'date' },
        { key: 'days', header: 'дней просрочки', align: 'right', kind: 'number' },
        { key: 'service', header: 'обычная услуга' },
      ],
      rows: [
        { name: 'Кузнецова Мария', phone: '+79125904630', expected: '2026-11-29', days: '-7', service: 'Окрашивание' },
        { name: 'Зайцев Максим', phone: '+79120159023', expected: '2026-12-04', days: '-12', service: 'Стрижка' },
      ],
    };
    // At their narrowest (words whole): 9 + 12 + 10 + 9 + 11 + 4 gaps of 2 = 59.
    const out = renderTerminalTable(due, { width: 58, dates: 'iso' });
    expect(parts(out)).toHaveLength(1);
    for (const line of lines(out)) expect(textWidth(line)).toBeLessThanOrEqual(58);
    expect(out).toContain('Окрашивание');
    expect(out).toContain('Кузнецова');
    // The one narrower gap is where the days, right-aligned, leave room: before them.
    expect(lines(out).find((line) => line.startsWith('─'))).toBe(
      `${'─'.repeat(9)}  ${'─'.repeat(12)}  ${'─'.repeat(10)} ${'─'.repeat(9)}  ${'─'.repeat(11)}`,
    );
    expect(out).toMatch(/2026-11-29 {2,}-7/);
    expect(out).toMatch(/ожидаем {2,}дней/);
    // Two columns too wide: no two gaps have the room, so the table is shown in parts.
    expect(parts(renderTerminalTable(due, { width: 57, dates: 'iso' })).length).toBeGreaterThan(1);
  });

  it('stays whole when wrapping text at spaces is enough, and in a pipe', () => {
    expect(parts(renderTerminalTable(CLIENTS, { width: 80, dates: 'iso' }))).toHaveLength(1);
    expect(parts(renderTerminalTable(deals, { width: Number.POSITIVE_INFINITY }))).toHaveLength(1);
  });

  it('never draws a line wider than the width, nor breaks a word, whatever the columns', () => {
    const word = fc.constantFrom('Анна', 'Смирнова', 'x', 'квалифицирована', '张伟', '🙂', 'a\u0301', 'Instagram');
    const text = fc.array(word, { minLength: 1, maxLength: 5 }).map((list) => list.join(' '));
    const figure = fc.integer({ min: 0, max: 10_000_000 }).map(String);
    fc.assert(
      fc.property(
        fc.array(fc.boolean(), { minLength: 2, maxLength: 14 }),
        fc.array(fc.tuple(text, figure), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 40, max: 120 }),
        (textColumns, rows, width) => {
          const data: TableData = {
            columns: [
              { key: 'n', header: 'n', align: 'right' },
              ...textColumns.map((isText, i) =>
                isText
                  ? { key: `c${i}`, header: `text ${i}` }
                  : { key: `c${i}`, header: `figure ${i}`, align: 'right' as const },
              ),
            ],
            rows: rows.map(([t, f], r) => ({
              n: r,
              ...Object.fromEntries(textColumns.map((isText, i) => [`c${i}`, isText ? t : f])),
            })),
          };
          const out = renderTerminalTable(data, { width });
          for (const line of lines(out)) expect(textWidth(line)).toBeLessThanOrEqual(width);
          const texts = textColumns.some((isText) => isText);
          const figures = textColumns.some((isText) => !isText);
          for (const [t, f] of rows) {
            for (const piece of [...(texts ? t.split(' ') : []), ...(figures ? [f] : [])]) expect(out).toContain(piece);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('shows a split report by periods or by metrics, whichever takes fewer parts', () => {
    const periods = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);
    const metrics = Array.from({ length: 16 }, (_, i) => `показатель номер ${i}`);
    const table: TableData = {
      columns: [
        { key: 'metric', header: 'показатель' },
        ...periods.map((period) => ({ key: period, header: period, align: 'right' as const })),
      ],
      rows: metrics.map((metric) => ({ metric, ...Object.fromEntries(periods.map((period) => [period, '100,0 %'])) })),
    };
    const transposed: TableData = {
      columns: [
        { key: 'period', header: 'период', kind: 'id' },
        ...metrics.map((metric, i) => ({ key: `m${i}`, header: metric, align: 'right' as const })),
      ],
      rows: periods.map((period) => ({ period, ...Object.fromEntries(metrics.map((_, i) => [`m${i}`, '100,0 %'])) })),
    };
    const out = render({ json: {}, table, transposed }, 'table', { width: 80 });
    expect(lines(out)[0]).toMatch(/^показатель +2026-01/);
    expect(parts(out.trimEnd())).toHaveLength(2);
    for (const line of lines(out)) expect(textWidth(line)).toBeLessThanOrEqual(80);
  });
});

describe('a title in bold', () => {
  const bold = (text: string) => `\x1b[1m${text}\x1b[22m`;
  const title = 'Кому позвонить · 22.11.2026 (визит в ближайшие 7 дней, окно оттока 90 дней)';

  it('is measured by what it shows: the escapes of its style take no column', () => {
    expect(textWidth(bold(title))).toBe(75);
    expect(textWidth(bold('张伟'))).toBe(4);
  });

  it('stays on one line when what it shows fits', () => {
    expect(wrapProse(bold(title), 80)).toBe(bold(title));
    expect(wrapProse(bold(title), 74).split('\n')).toHaveLength(2);
  });
});

describe('a note that tells a person a command to paste', () => {
  const commandsIn = (text: string) => text.replace(/\n */g, ' ').match(/crm [^)'\n]*/g) ?? [];

  it('keeps each command on one line wherever the note wraps', () => {
    const notes = [
      'импорт 1234 (отменить: crm import undo 1234)',
      "already stored as client 1234 Иванова Мария; see it with 'crm client show 1234', change it with 'crm client edit 1234'",
    ];
    for (const note of notes) {
      for (let width = 30; width <= textWidth(note); width++) {
        const wrapped = wrapProse(note, width);
        const lines = wrapped.split('\n');
        for (const command of commandsIn(note)) {
          expect(
            lines.some((line) => line.includes(command)),
            `${command} at ${width}:\n${wrapped}`,
          ).toBe(true);
        }
        for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(width);
      }
    }
  });

  it('keeps each step of a refused undo on one line: the order to undo the later imports in', async () => {
    for (const language of ['ru', 'en'] as const) {
      await useLanguage(language);
      const words = m.store.batches;
      const note = words.cannotUndoBecause({
        id: 1,
        reasons: words.laterImports({
          imports: '3 (декабрь.csv), 2 (ноябрь.csv)',
          steps: [3, 2, 1].map((id) => words.undoStep({ id })).join(words.stepsBetween),
        }),
      });
      for (let width = 40; width <= textWidth(note); width++) {
        const lines = wrapProse(note, width).split('\n');
        for (const id of [3, 2, 1])
          expect(lines.some((line) => line.includes(`crm import undo ${id}`), `${language} at ${width}`)).toBe(true);
      }
    }
    await useLanguage('en');
  });

  it('keeps a command that ends the note on one line: the merge a namesake warning gives', async () => {
    for (const language of ['ru', 'en'] as const) {
      await useLanguage(language);
      const note = m.said.warning({
        text: m.said.client.namesake({ id: 10, name: 'Новикова Елена Викторовна', added: 11 }),
      });
      for (let width = 40; width <= textWidth(note); width++) {
        const lines = wrapProse(note, width).split('\n');
        expect(
          lines.some((line) => line.includes('crm client merge 10 11')),
          `${language} at ${width}`,
        ).toBe(true);
      }
    }
    await useLanguage('en');
  });

  it('keeps a bare command that ends a note on one line, within its clause', () => {
    const notes: Array<[string, string]> = [
      ['/tmp/crm.sqlite: здесь ещё нет базы данных: начните с crm import clients ФАЙЛ', 'crm import clients ФАЙЛ'],
      ['базы данных «crm» нет; создайте её (createdb) и выполните crm init', 'crm init'],
      [
        'в файл .csv помещается одна таблица; только клиентов: crm client list -o clients.csv',
        'crm client list -o clients.csv',
      ],
    ];
    for (const [note, command] of notes) {
      for (let width = 32; width <= textWidth(note); width++) {
        const lines = wrapProse(note, width).split('\n');
        expect(
          lines.some((line) => line.includes(command)),
          `${command} at ${width}`,
        ).toBe(true);
      }
    }
  });

  it('wraps a usage line in a sentence as prose: it has no end to keep whole', () => {
    const usage = 'crm client merge KEEP OTHER keeps the first and moves everything of the second into it';
    expect(wrapProse(usage, 40).split('\n')[0]).toBe('crm client merge KEEP OTHER keeps the');
  });
});

describe('a phone, an amount or a date in wrapped text', () => {
  const phones = ['8 (912) 345-67-89', '+7 903 555-44-33', '+7 (903) 555 44 33', '8 912 345 67 89 доб. 102'];
  const amounts = ['1 500,00 ₽', '$ 1,500.00', '12 500 руб.', '1 500 000'];
  const dates = ['17 мая 2026 г.', '17 May 2026', 'May 17, 2026', '07.12.2026 22:45', '2026-12-07 22:45:10'];
  const whole = [...phones, ...amounts, ...dates];
  const note = `#7 Константин Константинопольский-Старший ${phones.join(' и ')}, оплачено ${amounts.join(' и ')} ${dates.join(' или ')}`;

  it('is kept on one line by wrapProse at every width it fits', () => {
    for (let width = 30; width <= textWidth(note); width++) {
      const wrapped = wrapProse(note, width);
      const lines = wrapped.split('\n');
      for (const text of whole) {
        expect(
          lines.some((line) => line.includes(text)),
          `${text} at ${width}:\n${wrapped}`,
        ).toBe(true);
      }
      for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(width);
      expect(wrapped.replaceAll(/\n {2}/g, ' ')).toBe(note);
    }
  });

  it('is kept whole in a table’s text column, which is made as wide as the longest of them', () => {
    const rows = phones.map((phone, i) => ({ client: `#${i + 1} Анастасия Владимировна Петрова-Водкина ${phone}` }));
    for (const width of [24, 30, 40]) {
      const drawn = renderTerminalTable({ columns: [{ key: 'client', header: 'client' }], rows }, { width });
      for (const phone of phones) {
        expect(
          drawn.split('\n').some((line) => line.includes(phone)),
          `${phone} at ${width}:\n${drawn}`,
        ).toBe(true);
      }
    }
  });

  it('longer than the line, is broken at its own spaces rather than inside a number', () => {
    expect(wrapText('позвонить 8 912 345 67 89 доб. 102', 20)).toEqual(['позвонить', '8 912 345 67 89 доб.', '102']);
  });
});

describe('outputWidth', () => {
  it('takes COLUMNS when it is set, also when stdout is no terminal', () => {
    expect(outputWidth({ isTTY: false }, { COLUMNS: '80' })).toBe(80);
    expect(outputWidth({ isTTY: true, columns: 200 }, { COLUMNS: '100' })).toBe(100);
  });

  it('takes the terminal’s width, else no limit (a pipe, cron)', () => {
    expect(outputWidth({ isTTY: true, columns: 132 }, {})).toBe(132);
    expect(outputWidth({ isTTY: false }, {})).toBe(Number.POSITIVE_INFINITY);
    expect(outputWidth({ isTTY: undefined }, { COLUMNS: 'wide' })).toBe(Number.POSITIVE_INFINITY);
    expect(outputWidth({ isTTY: false }, { COLUMNS: '0' })).toBe(Number.POSITIVE_INFINITY);
  });

  it('leaves a piped table unwrapped', () => {
    const out = renderTerminalTable(CLIENTS, { width: outputWidth({ isTTY: false }, {}) });
    expect(lines(out)).toHaveLength(2 + CLIENTS.rows.length);
  });
});

describe('dates and plurals for people', () => {
  it('writes dates day first with dots in a Russian locale, ISO elsewhere', () => {
    expect(dateDisplay({ LC_ALL: 'ru_RU.UTF-8' })).toBe('dotted');
    expect(dateDisplay({ LC_TIME: 'ru_RU.UTF-8', LANG: 'en_US.UTF-8' })).toBe('dotted');
    expect(dateDisplay({ LC_ALL: 'C.UTF-8', LANG: 'ru_RU.UTF-8' })).toBe('iso');
    expect(dateDisplay({ LANG: 'en_GB.UTF-8' })).toBe('iso');
    expect(dateDisplay({})).toBe('iso');
    expect(showDate('2026-05-17', 'dotted')).toBe('17.05.2026');
    expect(showDate('2026-05-17 10:30:00', 'dotted')).toBe('17.05.2026 10:30:00');
    expect(showDate('2026-05', 'dotted')).toBe('2026-05');
  });

  it('says 1 visit, 2 visits', () => {
    expect(m.counts.visits(1)).toBe('1 visit');
    expect(m.counts.visits(2)).toBe('2 visits');
    expect(m.counts.purchases(0)).toBe('0 purchases');
  });
});

describe('what gives way first: names or headers', () => {
  const names = ['Смирнова Татьяна', 'Николаев Сергей', 'Гарипова Алсу', 'Зайнуллина Лейсан', 'Кузнецова Мария'];
  const listing = (rows: string[]): TableData => ({
    columns: [
      { key: 'name', header: 'имя' },
      { key: 'phone', header: 'телефон', kind: 'phone' },
      { key: 'last', header: 'последний визит', kind: 'date' },
      { key: 'expected', header: 'ожидаемый визит', kind: 'date' },
      { key: 'days', header: 'дней просрочки', align: 'right', kind: 'number' },
      { key: 'service', header: 'обычная услуга' },
    ],
    rows: rows.map((name, i) => ({
      name,
      phone: `+7917222335${i}`,
      last: '2026-09-09',
      expected: '2026-10-09',
      days: String(40 + i),
      service: 'Стрижка мужская',
    })),
  });

  it('wraps two headers (one line more) rather than every name (a line more a row)', () => {
    // Natural: 17 + 12 + 15 + 15 + 14 + 15 + 5 gaps of 2 = 98.
    const out = renderTerminalTable(listing(names), { width: 90, dates: 'iso' });
    for (const line of lines(out)) expect(textWidth(line)).toBeLessThanOrEqual(90);
    for (const name of names) expect(out).toContain(name);
    // Five rows of one line each, under a header of two lines and its rule.
    expect(lines(out.trimEnd())).toHaveLength(2 + 1 + names.length);
  });

  it('wraps the one long name rather than the headers when only it would wrap', () => {
    const rows = ['Анна Ли', 'Олег Ким', 'Ия Ван', 'Зайнуллина Лейсан Ильдаровна'];
    const out = renderTerminalTable(listing(rows), { width: 100, dates: 'iso' });
    expect(lines(out)[0]).toMatch(/последний визит/);
    expect(lines(out.trimEnd())).toHaveLength(1 + 1 + rows.length + 1);
  });
});

describe('a long path in a sentence', () => {
  it('is never cut when the sentence wraps: it takes a line of its own, which the terminal wraps as it is', () => {
    const path = '/home/marina/crm/rejects-Журнал 2026.csv-20261207-203828.csv-20261207-203833.csv'.replaceAll(
      ' ',
      '_',
    );
    const note = `rejected rows were written to ${path}: fix them there and import that file again`;
    const wrapped = wrapProse(note, 80);
    expect(wrapped.split('\n').some((line) => line.trim() === `${path}:`)).toBe(true);
    expect(wrapped.replaceAll(/\n {2}/g, ' ')).toBe(note);
  });
});
