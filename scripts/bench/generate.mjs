// A deterministic visits journal as a busy salon chain writes it in Calc: ';', dd.mm.yyyy, "1 500,00",
// Cyrillic names, phones in five formats. Same seed, same bytes.

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

const FIRST_F = [
  'Анна',
  'Мария',
  'Елена',
  'Ольга',
  'Наталья',
  'Ирина',
  'Светлана',
  'Татьяна',
  'Юлия',
  'Екатерина',
  'Ксения',
];
const FIRST_M = ['Иван', 'Сергей', 'Дмитрий', 'Алексей', 'Андрей', 'Михаил', 'Павел', 'Никита', 'Артём'];
const LAST = [
  'Иванов',
  'Смирнов',
  'Кузнецов',
  'Попов',
  'Васильев',
  'Петров',
  'Соколов',
  'Михайлов',
  'Новиков',
  'Фёдоров',
  'Морозов',
  'Волков',
  'Алексеев',
  'Лебедев',
  'Семёнов',
  'Егоров',
  'Павлов',
  'Козлов',
  'Степанов',
  'Николаев',
  'Орлов',
  'Андреев',
  'Макаров',
  'Никитин',
  'Захаров',
];
const MIDDLE_F = ['Александровна', 'Сергеевна', 'Ивановна', 'Петровна', ''];
const MIDDLE_M = ['Андреевич', 'Сергеевич', 'Викторович', 'Иванович', ''];
const SERVICES = [
  ['Стрижка женская', 180000],
  ['Стрижка мужская', 120000],
  ['Окрашивание', 450000],
  ['Маникюр', 150000],
  ['Педикюр', 220000],
  ['Укладка', 100000],
  ['Уход для волос', 250000],
  ['Консультация', 0],
];
const NOTES = [
  '',
  '',
  '',
  '',
  'Опоздала на 10 минут',
  'Скидка 10%; постоянная клиентка',
  'Просила мастера Ольгу',
  'Оплата картой',
];

/** Mulberry32: small, fast, and the same on every machine. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function phoneFormats(digits) {
  const [a, b, c, d] = [digits.slice(0, 3), digits.slice(3, 6), digits.slice(6, 8), digits.slice(8, 10)];
  return [`8 (${a}) ${b}-${c}-${d}`, `+7 ${a} ${b}${c}${d}`, `8${digits}`, `+7-${a}-${b}-${c}-${d}`, `7${digits}`];
}

function money(minor) {
  const whole = String(Math.floor(minor / 100)).replace(/\B(?=(\d{3})+$)/g, '\u00a0');
  return `${whole},${String(minor % 100).padStart(2, '0')}`;
}

/** The last day of every journal; `years` counts back from it. */
const LAST_DAY = Date.UTC(2026, 9, 31);

/**
 * The first day of a journal spread over `years` years ending on LAST_DAY; without `years`, 2016-01-01 (the import
 * bench's journal, unchanged since its first figures).
 */
function firstDay(years) {
  if (years === undefined) return Date.UTC(2016, 0, 1);
  return Date.UTC(2026 - years, 10, 1);
}

/** The journal's clients: the same seed gives the same names and phones to the journal, its deals and answers. */
function peopleOf(next, clients) {
  const pick = (list) => list[Math.floor(next() * list.length)];
  return Array.from({ length: clients }, (_, i) => {
    const female = next() < 0.6;
    const last = pick(LAST) + (female ? 'а' : '');
    const first = pick(female ? FIRST_F : FIRST_M);
    const middle = pick(female ? MIDDLE_F : MIDDLE_M);
    const digits = `9${String(100_000_000 + ((i * 7_919 + 13) % 900_000_000)).padStart(9, '0')}`;
    return { name: `${last} ${first}${middle ? ` ${middle}` : ''}`, formats: phoneFormats(digits) };
  });
}

/** Writes `rows` lines made by `line(i)` after `header`, in chunks of about 64 KB. */
async function writeLines(path, header, rows, line) {
  const out = createWriteStream(path);
  const write = async (text) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(header);
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    chunk += line(i);
    if (chunk.length > 1 << 16) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  out.end();
  await once(out, 'finish');
}

function dayText(day) {
  return `${String(day.getUTCDate()).padStart(2, '0')}.${String(day.getUTCMonth() + 1).padStart(2, '0')}.${day.getUTCFullYear()}`;
}

export async function generateJournal(path, { rows = 1_000_000, clients = 100_000, seed = 20261122, years } = {}) {
  const next = random(seed);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const people = peopleOf(next, clients);
  const start = firstDay(years);
  const span = LAST_DAY - start;
  await writeLines(path, '"Дата";"Клиент";"Телефон";"Услуга";"Сумма";"Примечание"\n', rows, () => {
    const person = people[Math.floor(next() ** 1.3 * clients)];
    const day = new Date(start + Math.floor(next() * (span / 86_400_000)) * 86_400_000);
    const [service, price] = pick(SERVICES);
    const amount = price === 0 ? 0 : price + Math.floor(next() * 5) * 10000;
    const note = pick(NOTES);
    return `${dayText(day)};"${person.name}";"${pick(person.formats)}";"${service}";"${money(amount)}";${note ? `"${note}"` : ''}\n`;
  });
}

const SOURCES = ['Instagram', 'Сайт', 'Яндекс.Карты', 'Сарафанное радио', 'VK', ''];
const DEALS = [
  ['Абонемент на 10 стрижек', 1500000],
  ['Свадебная причёска', 900000],
  ['Корпоратив', 4500000],
  ['Курс окрашивания', 3000000],
];
const LOST_REASONS = ['Дорого', 'Выбрали другой салон', 'Не дозвонились', ''];

/**
 * Deals and NPS answers of the journal's clients (same `seed`, `clients` and `years`), spread over the same dates:
 * `deals` deals as a CRM exports them (a date per stage reached, won a third of the time) and `answers` answers.
 */
export async function generateDealsAndAnswers(
  dealsPath,
  answersPath,
  { deals = 20_000, answers = 20_000, clients = 100_000, seed = 20261122, years } = {},
) {
  const people = peopleOf(random(seed), clients);
  const next = random(seed + 1);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const start = firstDay(years);
  const days = Math.floor((LAST_DAY - start) / 86_400_000);
  const date = (day) => (day > days ? '' : dayText(new Date(start + day * 86_400_000)));
  await writeLines(
    dealsPath,
    '"Создана";"Клиент";"Телефон";"Название";"Сумма";"Источник";"Квалифицирована";"Дата сделки";"Выиграна";"Проиграна";"Нецелевой";"Причина"\n',
    deals,
    () => {
      const person = people[Math.floor(next() * clients)];
      const created = Math.floor(next() * days);
      const [title, amount] = pick(DEALS);
      const reached = Math.floor(next() * 4);
      const stages = ['', '', '', '', '', ''];
      let day = created;
      for (let stage = 0; stage < reached; stage++) {
        day += 1 + Math.floor(next() * 10);
        stages[stage] = date(day);
      }
      let reason = '';
      if (reached < 3 && next() < 0.5) {
        stages[3] = date(day + 3);
        reason = stages[3] ? pick(LOST_REASONS) : '';
      } else if (reached === 0 && next() < 0.4) stages[4] = date(day);
      const cells = [
        date(created),
        person.name,
        pick(person.formats),
        title,
        money(amount),
        pick(SOURCES),
        ...stages.slice(0, 5),
        reason,
      ];
      return `${cells.map((cell) => (cell ? `"${cell}"` : '')).join(';')}\n`;
    },
  );
  await writeLines(
    answersPath,
    '"Дата";"Клиент";"Телефон";"Оценка";"Что улучшить";"Что понравилось"\n',
    answers,
    () => {
      const person = people[Math.floor(next() ** 1.3 * clients)];
      const score = Math.min(10, Math.floor(next() * 12));
      return `"${date(Math.floor(next() * days))}";"${person.name}";"${pick(person.formats)}";"${score}";"";""\n`;
    },
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [path = 'journal.csv', rows = '1000000', years] = process.argv.slice(2);
  await generateJournal(path, {
    rows: Number(rows),
    years: years === undefined ? undefined : Number(years),
    clients: Math.max(1, Math.min(100_000, Math.floor(Number(rows) / 10))),
  });
}
