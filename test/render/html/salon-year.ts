import { addDays } from '../../../src/domain/calendar.js';
import { Seeder } from '../../reports/seed.js';

/**
 * A year of a small salon, November 2025 to October 2026, for the HTML report's golden page and its screenshot:
 * clients arriving through the year, visits every few weeks with quieter Januaries and Augusts, clients who stop
 * coming, a month of deals at every stage, and October's NPS answers with detractors and their comments (one with
 * markup characters, which the page must show as text). Generated from a fixed seed: the same rows every run.
 */
export const SALON_NAMES = [
  'Анна Смирнова',
  'Борис Петров',
  'Вера Иванова',
  'Глеб Орлов',
  'Дина Козлова',
  'Егор Волков',
  'Жанна Соколова',
  'Захар Лебедев',
  'Ирина Новикова',
  'Кирилл Морозов',
  'Лариса Павлова',
  'Максим Фёдоров',
  'Нина Егорова',
  'Олег Степанов',
  'Полина Никитина',
  'Роман Захаров',
  'Светлана Зайцева',
  'Тимур Борисов',
  'Ульяна Яковлева',
  'Фёдор Григорьев',
  'Юлия Романова',
  'Яна Воробьёва',
  'Артём Сергеев',
  'Богдана Кузьмина',
];

const SERVICES = ['Стрижка', 'Окрашивание', 'Маникюр', 'Укладка'];

/** A linear congruential generator: the same numbers on every machine. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export function seedSalonYear(seeder = new Seeder()): Seeder {
  const next = random(20261031);
  const ids = SALON_NAMES.map((name, i) =>
    seeder.client({ name, source: i % 3 === 0 ? 'Instagram' : i % 3 === 1 ? 'Сайт' : null }),
  );
  ids.forEach((id, i) => {
    // Two clients a month arrive, from November 2025 on; a few of them stop after some months.
    const start = addDays('2025-11-03', Math.floor(i / 2) * 30 + Math.floor(next() * 20));
    const stopsAfter = i % 5 === 2 ? 60 + Math.floor(next() * 90) : Number.POSITIVE_INFINITY;
    const gap = 21 + Math.floor(next() * 25);
    for (let day = start, n = 0; day <= '2026-10-31'; day = addDays(day, gap + Math.floor(next() * 10)), n++) {
      if (daysFrom(start, day) > stopsAfter) break;
      const month = day.slice(5, 7);
      if ((month === '01' || month === '08') && next() < 0.5) continue;
      const amount = (15 + Math.floor(next() * 30)) * 10_000;
      seeder.visit(id, day, amount, SERVICES[(i + n) % SERVICES.length]!);
    }
  });
  const deal = (client: number, title: string, amount: number, stages: Array<[string, string, string?]>) =>
    seeder.deal(ids[client]!, {
      title,
      amount,
      source: client % 2 === 0 ? 'Instagram' : 'Сайт',
      stages: stages as Array<['lead' | 'qualified' | 'deal' | 'won' | 'lost' | 'junk', string, string?]>,
    });
  deal(0, 'Абонемент на год', 3_000_000, [
    ['lead', '2026-10-02'],
    ['qualified', '2026-10-04'],
    ['deal', '2026-10-08'],
    ['won', '2026-10-12'],
  ]);
  deal(1, 'Свадебная укладка', 1_500_000, [
    ['lead', '2026-10-03'],
    ['qualified', '2026-10-05'],
    ['deal', '2026-10-09'],
    ['won', '2026-10-20'],
  ]);
  deal(2, 'Корпоратив', 4_000_000, [
    ['lead', '2026-10-06'],
    ['qualified', '2026-10-07'],
    ['deal', '2026-10-15'],
    ['lost', '2026-10-25', 'Дорого'],
  ]);
  deal(3, 'Подарочный сертификат', 500_000, [
    ['lead', '2026-10-10'],
    ['qualified', '2026-10-11'],
  ]);
  deal(4, 'Курс ухода', 1_200_000, [
    ['lead', '2026-10-14'],
    ['lost', '2026-10-16', 'Не дозвонились'],
  ]);
  deal(5, 'Выпускной', 2_000_000, [['lead', '2026-10-21']]);
  deal(6, 'Спам', 0, [['junk', '2026-10-22']]);
  deal(7, 'Фотосессия', 900_000, [
    ['lead', '2026-10-27'],
    ['qualified', '2026-10-28'],
  ]);
  const answers: Array<[number, string, number, { improve?: string; liked?: string }?]> = [
    [0, '2026-10-05', 10, { liked: 'Мастер — золото' }],
    [1, '2026-10-06', 9],
    [3, '2026-10-09', 3, { improve: 'Ждала 40 минут, <b>"записи"</b> & опоздания' }],
    [4, '2026-10-11', 8],
    [5, '2026-10-13', 7, { improve: 'Парковка' }],
    [6, '2026-10-15', 10],
    [8, '2026-10-18', 6, { improve: 'Дороговато', liked: 'Чисто и уютно' }],
    [9, '2026-10-20', 9],
    [10, '2026-10-23', 5],
    [11, '2026-10-26', 10, { liked: 'Всё отлично' }],
    [12, '2026-10-29', 9],
  ];
  for (const [client, date, score, comments] of answers) seeder.nps(ids[client]!, date, score, comments);
  seeder.setting('business-name', 'Салон «Лада»');
  return seeder;
}

function daysFrom(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
}
