import { addDays } from '../domain/calendar.js';
import { lastFullMonth } from '../reports/period.js';

/**
 * A generated year of a small beauty salon, for `crm demo`: about forty clients and six hundred visits over the
 * twelve months before `today`, with the shape a real year has (fewer visits in summer and January, a few clients
 * lost and a few come back, deals at every stage, NPS answers with complaints). Pure: the same `today` and language
 * give the same year on every machine, from a seeded generator.
 */

export type DemoLanguage = 'en' | 'ru';

export interface DemoClient {
  name: string;
  /** As a person writes it: `+7 912 345-67-89`. */
  phone: string;
  email: string | null;
  birthday: string | null;
  source: string;
  tags: string[];
  note: string | null;
  /** The story the client plays in the demo (not imported). */
  role: DemoRole;
}

export type DemoRole = 'regular' | 'occasional' | 'newcomer' | 'churned' | 'returned' | 'lead';

export interface DemoVisit {
  date: string;
  /** Index into `clients`. */
  client: number;
  service: string;
  /** Minor units; 0 for a free consultation. */
  amount: number;
  note: string | null;
}

export interface DemoDeal {
  created: string;
  /** Index into `clients`; null for a junk call from nobody. */
  client: number | null;
  title: string;
  /** Minor units. */
  amount: number | null;
  source: string;
  qualified: string | null;
  deal: string | null;
  won: string | null;
  lost: string | null;
  junk: string | null;
  reason: string | null;
}

export interface DemoAnswer {
  date: string;
  client: number;
  score: number;
  improve: string | null;
  liked: string | null;
}

export interface DemoYear {
  language: DemoLanguage;
  /** The first and last day visits may fall on: a year ending the day before `today`. */
  from: string;
  to: string;
  /** `crm config` settings the salon's numbers are read and shown with. */
  settings: { region: string; locale: string; currency: string };
  clients: DemoClient[];
  visits: DemoVisit[];
  deals: DemoDeal[];
  answers: DemoAnswer[];
}

// ---------------------------------------------------------------------------------------------------------------
// The salon's words: names, services, prices and comments in each language.

interface Service {
  name: string;
  /** Major units. */
  price: number;
  /** Who books it: a men's haircut is not a women's service, a manicure is not a man's usual one here. */
  for: 'women' | 'men' | 'all';
}

interface DealKind {
  title: string;
  /** Major units. */
  amount: number;
}

interface Salon {
  settings: DemoYear['settings'];
  womenFirst: string[];
  menFirst: string[];
  /** Family names, the men's form; `womanSurname` makes the women's. */
  surnames: string[];
  womanSurname: (surname: string) => string;
  fullName: (first: string, surname: string) => string;
  phone: (n: number) => string;
  email: (first: string, surname: string) => string | null;
  services: Service[];
  consultation: string;
  extra: { note: string; price: number };
  sources: string[];
  vip: string;
  notes: string[];
  deals: DealKind[];
  junk: { title: string; reason: string };
  lostReasons: string[];
  holidayReason: string;
  complaints: string[];
  suggestions: string[];
  praise: string[];
}

const RUSSIAN: Salon = {
  settings: { region: 'RU', locale: 'ru-RU', currency: 'RUB' },
  womenFirst: [
    'Анна',
    'Мария',
    'Елена',
    'Ольга',
    'Наталья',
    'Татьяна',
    'Ирина',
    'Светлана',
    'Екатерина',
    'Юлия',
    'Дарья',
    'Ксения',
    'Алина',
    'Виктория',
    'Полина',
    'Марина',
    'Вероника',
    'Людмила',
  ],
  menFirst: ['Алексей', 'Дмитрий', 'Сергей', 'Андрей', 'Игорь', 'Максим'],
  surnames: [
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
    'Зайцев',
    'Соловьёв',
    'Борисов',
    'Яковлев',
    'Григорьев',
  ],
  womanSurname: (surname) => `${surname}а`,
  fullName: (first, surname) => `${surname} ${first}`,
  phone: (n) => {
    const digits = String(n).padStart(7, '0');
    return `+7 912 ${digits.slice(0, 3)}-${digits.slice(3, 5)}-${digits.slice(5)}`;
  },
  email: () => null,
  services: [
    { name: 'Стрижка женская', price: 1800, for: 'women' },
    { name: 'Стрижка мужская', price: 1200, for: 'men' },
    { name: 'Окрашивание', price: 4500, for: 'women' },
    { name: 'Укладка', price: 1000, for: 'women' },
    { name: 'Маникюр', price: 1500, for: 'women' },
    { name: 'Педикюр', price: 2200, for: 'all' },
    { name: 'Брови и ресницы', price: 900, for: 'women' },
  ],
  consultation: 'Консультация',
  extra: { note: '+ уход', price: 500 },
  sources: ['Instagram', 'Яндекс.Карты', 'Сарафанное радио', '2ГИС', 'Сайт'],
  vip: 'VIP',
  notes: ['Аллергия на аммиачные краски', 'Любит кофе без сахара', 'Записывать только к Ольге'],
  deals: [
    { title: 'Свадебная причёска и макияж', amount: 8500 },
    { title: 'Абонемент на 10 стрижек', amount: 15000 },
    { title: 'Корпоратив: укладки для команды', amount: 12000 },
    { title: 'Подарочный сертификат', amount: 5000 },
    { title: 'Выпускной: причёски для трёх', amount: 9000 },
  ],
  junk: { title: 'Спам-звонок', reason: 'Реклама' },
  lostReasons: ['Дорого', 'Выбрали другой салон', 'Не отвечает'],
  holidayReason: 'Уехали в отпуск',
  complaints: [
    'Ждала мастера 25 минут',
    'Цвет получился темнее, чем просила',
    'Записали не на то время',
    'Дорого для такого результата',
    'Мастер торопилась, стрижка неровная',
  ],
  suggestions: ['Парковка', 'Громкая музыка', 'Неудобно записываться по телефону'],
  praise: ['Мастер — золото', 'Уютно, чай с мятой', 'Всё отлично', 'Результат держится долго'],
};

const ENGLISH: Salon = {
  settings: { region: 'GB', locale: 'en-GB', currency: 'GBP' },
  womenFirst: [
    'Emma',
    'Olivia',
    'Sophie',
    'Amelia',
    'Grace',
    'Lucy',
    'Hannah',
    'Chloe',
    'Ella',
    'Jessica',
    'Isla',
    'Freya',
    'Ruby',
    'Alice',
    'Megan',
    'Zoe',
    'Holly',
    'Laura',
  ],
  menFirst: ['James', 'Oliver', 'Thomas', 'Daniel', 'Harry', 'Jack'],
  surnames: [
    'Smith',
    'Jones',
    'Taylor',
    'Brown',
    'Williams',
    'Wilson',
    'Johnson',
    'Davies',
    'Robinson',
    'Wright',
    'Thompson',
    'Evans',
    'Walker',
    'White',
    'Roberts',
    'Green',
    'Hall',
    'Wood',
    'Jackson',
    'Clarke',
    'Hughes',
    'Turner',
    'Hill',
    'Cooper',
    'Ward',
    'Morris',
    'King',
    'Baker',
    'Harris',
    'Lewis',
  ],
  womanSurname: (surname) => surname,
  fullName: (first, surname) => `${first} ${surname}`,
  // Ofcom keeps 020 7946 0000–0999 for drama: real-looking numbers that ring nobody.
  phone: (n) => `+44 20 7946 ${String(n % 1000).padStart(4, '0')}`,
  email: (first, surname) => `${first}.${surname}@example.com`.toLowerCase(),
  services: [
    { name: "Women's haircut", price: 45, for: 'women' },
    { name: "Men's haircut", price: 25, for: 'men' },
    { name: 'Colour', price: 85, for: 'women' },
    { name: 'Blow-dry', price: 30, for: 'women' },
    { name: 'Manicure', price: 28, for: 'women' },
    { name: 'Pedicure', price: 35, for: 'all' },
    { name: 'Brows and lashes', price: 20, for: 'women' },
  ],
  consultation: 'Consultation',
  extra: { note: '+ treatment', price: 10 },
  sources: ['Instagram', 'Google Maps', 'Referral', 'Walk-in', 'Website'],
  vip: 'VIP',
  notes: ['Allergic to ammonia dyes', 'Coffee, no sugar', 'Only books with Olga'],
  deals: [
    { title: 'Wedding hair and make-up', amount: 180 },
    { title: 'Season ticket: 10 haircuts', amount: 400 },
    { title: 'Office party styling', amount: 300 },
    { title: 'Gift voucher', amount: 100 },
    { title: 'Prom hair for three', amount: 150 },
  ],
  junk: { title: 'Wrong number', reason: 'Not a client' },
  lostReasons: ['Too expensive', 'Chose another salon', 'No answer'],
  holidayReason: 'Away on holiday',
  complaints: [
    'Waited 25 minutes past my booking',
    'The colour came out darker than I asked',
    'Booked for the wrong time',
    'Too pricey for the result',
    'Rushed, the cut is uneven',
  ],
  suggestions: ['Parking', 'Music too loud', 'Hard to book by phone'],
  praise: ['My stylist is brilliant', 'Cosy, lovely tea', 'Everything', 'The result lasts'],
};

const SALONS: Record<DemoLanguage, Salon> = { ru: RUSSIAN, en: ENGLISH };

// ---------------------------------------------------------------------------------------------------------------
// The year's shape.

/** How likely a booked visit happens, by calendar month: holidays in January and in summer thin the book. */
const SEASON = [0.45, 0.9, 1, 0.95, 0.95, 0.7, 0.5, 0.6, 0.95, 0.95, 0.95, 1];

/** Who the forty clients are, in the order they are written. */
const CAST: Array<{ role: DemoRole; count: number; men: number }> = [
  { role: 'regular', count: 21, men: 4 },
  { role: 'occasional', count: 7, men: 1 },
  { role: 'newcomer', count: 6, men: 1 },
  { role: 'churned', count: 4, men: 0 },
  { role: 'returned', count: 1, men: 0 },
  { role: 'lead', count: 1, men: 0 },
];

/** A booking's usual gap in days, by role: [shortest, longest]. */
const GAPS: Record<Exclude<DemoRole, 'lead'>, [number, number]> = {
  regular: [9, 18],
  occasional: [35, 60],
  newcomer: [12, 24],
  churned: [12, 22],
  returned: [12, 22],
};

/**
 * The generator's seed: the year depends on it and on the day alone. The language only names things, so that both
 * languages' years have the same visits, deals and answers on the same days.
 */
const SEED = 2026;

/** Mulberry32: a small seeded generator with the same sequence on every machine. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    /** A whole number in [low, high]. */
    between: (low: number, high: number) => low + Math.floor(next() * (high - low + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}

type Random = ReturnType<typeof generator>;

function shuffled<T>(items: readonly T[], random: Random): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = random.between(0, i);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

const monthIndex = (date: string) => Number(date.slice(5, 7)) - 1;

interface Castmember {
  client: DemoClient;
  man: boolean;
  usual: Service;
}

function castClients(salon: Salon, random: Random): Castmember[] {
  const surnames = shuffled(salon.surnames, random);
  const women = shuffled(salon.womenFirst, random);
  const men = shuffled(salon.menFirst, random);
  const phones = new Set<number>();
  const cast: Castmember[] = [];
  let nextWoman = 0;
  let nextMan = 0;
  for (const { role, count, men: menCount } of CAST) {
    // Men spread through the role, not its first places (the first regulars are the VIP ones).
    const step = menCount ? Math.floor(count / menCount) : 0;
    for (let i = 0; i < count; i++) {
      const man = menCount > 0 && i % step === step - 1 && i < step * menCount;
      const first = man ? men[nextMan++ % men.length]! : women[nextWoman++ % women.length]!;
      const stem = surnames[cast.length % surnames.length]!;
      const surname = man ? stem : salon.womanSurname(stem);
      let phone = random.between(0, 9_999_999);
      while (phones.has(phone % 1000)) phone = random.between(0, 9_999_999);
      phones.add(phone % 1000);
      const choices = salon.services.filter((service) => service.for !== (man ? 'women' : 'men'));
      const usual = man ? choices[0]! : random.pick(choices.slice(0, 5));
      const vip = role === 'regular' && i < 4;
      const name = salon.fullName(first, surname);
      cast.push({
        man,
        usual,
        client: {
          name,
          phone: salon.phone(phone),
          email: random.chance(0.5) ? salon.email(first, stem) : null,
          birthday: random.chance(0.6)
            ? `${random.between(1965, 2004)}-${String(random.between(1, 12)).padStart(2, '0')}-${String(random.between(1, 28)).padStart(2, '0')}`
            : null,
          source: random.pick(salon.sources),
          tags: vip ? [salon.vip] : [],
          note: role === 'regular' && i % 7 === 3 ? salon.notes[(i >> 1) % salon.notes.length]! : null,
          role,
        },
      });
    }
  }
  return cast;
}

/**
 * When each client comes: a booking every so many days (drawn from the role's gap each time), each kept with its
 * month's SEASON chance. A churned client stops at `stop` (that visit the last); a returning one keeps away for `away` and comes
 * back on its last day.
 */
function bookings(
  random: Random,
  range: { first: string; to: string },
  gap: [number, number],
  stop?: string,
  away?: { from: string; to: string },
): string[] {
  const dates: string[] = [];
  const last = stop ?? range.to;
  let day = range.first;
  while (day <= last) {
    const kept = random.chance(SEASON[monthIndex(day)]!);
    if (kept && !(away && day >= away.from && day <= away.to)) dates.push(day);
    day = addDays(day, random.between(gap[0], gap[1]));
  }
  if (stop && dates[dates.length - 1] !== stop) dates.push(stop);
  if (away && !dates.includes(away.to)) dates.push(away.to);
  return dates.sort();
}

/** The salon's year up to the day before `today`, named in `language`. */
export function demoYear(today: string, language: DemoLanguage): DemoYear {
  const salon = SALONS[language];
  const random = generator(SEED);
  const from = addDays(today, -365);
  const to = addDays(today, -1);
  const month = lastFullMonth(today);
  const cast = castClients(salon, random);

  // Lost clients stop at different times; the last one so that the monthly report counts it churned (alive on its
  // first day, 90 days without a purchase by its last). Of the clients who come back, one returns in that month.
  const churnStops = [addDays(today, -250), addDays(today, -190), addDays(today, -140), addDays(month.from, -75)];
  const returns = [{ from: addDays(month.from, -150), to: addDays(month.from, 9) }];
  const visits: DemoVisit[] = [];
  let churned = 0;
  let returned = 0;
  let newcomer = 0;
  cast.forEach(({ client, man, usual }, index) => {
    if (client.role === 'lead') return;
    const gap = GAPS[client.role];
    const joins =
      client.role === 'newcomer'
        ? addDays(from, 120 + newcomer++ * 40 + random.between(0, 20))
        : addDays(from, random.between(0, gap[1] + (client.role === 'occasional' ? 30 : 0)));
    const stop = client.role === 'churned' ? churnStops[churned++ % churnStops.length] : undefined;
    const away = client.role === 'returned' ? returns[returned++ % returns.length] : undefined;
    const others = salon.services.filter((service) => service.for !== (man ? 'women' : 'men'));
    for (const date of bookings(random, { first: joins, to }, gap, stop, away)) {
      if (random.chance(0.02)) {
        visits.push({ date, client: index, service: salon.consultation, amount: 0, note: null });
        continue;
      }
      const service = random.chance(0.7) ? usual : random.pick(others);
      const extra = random.chance(0.15);
      visits.push({
        date,
        client: index,
        service: service.name,
        amount: (service.price + (extra ? salon.extra.price : 0)) * 100,
        note: extra ? salon.extra.note : null,
      });
    }
  });
  visits.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.client - b.client));

  return {
    language,
    from,
    to,
    settings: salon.settings,
    clients: cast.map((member) => member.client),
    visits,
    deals: deals(salon, random, cast, { from, to, month }),
    answers: answers(salon, random, cast, visits, { to, month }),
  };
}

/**
 * Deals at every stage. One a month through the year, won or lost (lost in a holiday month: the clients went away);
 * in the report's month a spread of stages: won, lost, open at each stage, and a junk call.
 */
function deals(
  salon: Salon,
  random: Random,
  cast: Castmember[],
  range: { from: string; to: string; month: { from: string; to: string } },
): DemoDeal[] {
  const buyers = cast.flatMap((member, index) =>
    member.client.role === 'regular' || member.client.role === 'occasional' ? [index] : [],
  );
  const lead = cast.findIndex((member) => member.client.role === 'lead');
  const result: DemoDeal[] = [];
  const deal = (created: string, client: number | null, kind: DealKind, stages: Partial<DemoDeal>): void => {
    result.push({
      created,
      client,
      title: kind.title,
      amount: kind.amount * 100,
      source: random.pick(salon.sources),
      qualified: null,
      deal: null,
      won: null,
      lost: null,
      junk: null,
      reason: null,
      ...stages,
    });
  };
  const at = (date: string, days: number) => {
    const day = addDays(date, days);
    if (day > range.to) return range.to;
    return day;
  };
  for (let created = addDays(range.from, 20), n = 0; created < addDays(range.month.from, -20); n++) {
    const kind = salon.deals[n % salon.deals.length]!;
    const client = buyers[random.between(0, buyers.length - 1)]!;
    const won = at(created, random.between(8, 18));
    const holiday = [0, 5, 6, 7].includes(monthIndex(won));
    if (n % 3 !== 2 && !holiday) {
      deal(created, client, kind, { qualified: at(created, 1), deal: at(created, 4), won });
    } else {
      deal(created, client, kind, {
        qualified: at(created, 2),
        lost: won,
        reason: holiday ? salon.holidayReason : salon.lostReasons[n % salon.lostReasons.length]!,
      });
    }
    created = addDays(created, random.between(24, 34));
  }
  const day = (offset: number) => addDays(range.month.from, offset);
  const pick = () => buyers[random.between(0, buyers.length - 1)]!;
  const [wedding, ticket, party, voucher, prom] = salon.deals as [DealKind, DealKind, DealKind, DealKind, DealKind];
  deal(day(1), pick(), wedding, { qualified: day(2), deal: day(5), won: day(10) });
  deal(day(3), pick(), party, { qualified: day(4), lost: day(9), reason: salon.lostReasons[0]! });
  deal(day(6), lead, wedding, { qualified: day(7), deal: day(12) });
  deal(day(9), pick(), ticket, { qualified: day(11) });
  deal(day(14), null, { title: salon.junk.title, amount: 0 }, { junk: day(14), reason: salon.junk.reason });
  deal(day(17), pick(), voucher, { qualified: day(18), deal: day(20), won: day(22) });
  deal(day(21), pick(), prom, {});
  for (const item of result) if (item.amount === 0) item.amount = null;
  return result;
}

/**
 * NPS answers the day after about one visit in ten, mostly promoters. Forced among them: the last visit of most lost
 * clients (a complaint, then silence), two complaints in the report's month, and one in the last weeks (what
 * `crm due` lists to call back).
 */
function answers(
  salon: Salon,
  random: Random,
  cast: Castmember[],
  visits: DemoVisit[],
  range: { to: string; month: { from: string; to: string } },
): DemoAnswer[] {
  const complaint = (client: number, date: string): DemoAnswer => ({
    date,
    client,
    score: random.between(2, 6),
    improve: random.pick(salon.complaints),
    liked: null,
  });
  const lastVisit = new Map<number, string>();
  for (const visit of visits) lastVisit.set(visit.client, visit.date);
  const forced = new Map<string, DemoAnswer>();
  const force = (visit: DemoVisit | undefined) => {
    if (!visit) return;
    const date = addDays(visit.date, 1);
    if (date <= range.to) forced.set(`${visit.client} ${visit.date}`, complaint(visit.client, date));
  };
  let churned = 0;
  cast.forEach((member, index) => {
    if (member.client.role === 'churned' && churned++ < 3) {
      force(visits.find((visit) => visit.client === index && visit.date === lastVisit.get(index)));
    }
  });
  const regular = (visit: DemoVisit) => cast[visit.client]!.client.role === 'regular';
  const inMonth = visits.filter(
    (visit) => regular(visit) && visit.date >= range.month.from && addDays(visit.date, 1) <= range.month.to,
  );
  force(inMonth[3]);
  force(inMonth[inMonth.length - 4]);
  force(visits.filter((visit) => regular(visit) && visit.date >= addDays(range.to, -20)).at(-3));

  const result: DemoAnswer[] = [];
  for (const visit of visits) {
    const key = `${visit.client} ${visit.date}`;
    const chosen = forced.get(key);
    if (chosen) {
      result.push(chosen);
      continue;
    }
    if (!random.chance(0.1)) continue;
    const date = addDays(visit.date, 1);
    if (date > range.to) continue;
    const roll = random.next();
    if (roll < 0.14) result.push(complaint(visit.client, date));
    else if (roll < 0.38) {
      result.push({
        date,
        client: visit.client,
        score: random.between(7, 8),
        improve: random.chance(0.5) ? random.pick(salon.suggestions) : null,
        liked: null,
      });
    } else {
      result.push({
        date,
        client: visit.client,
        score: random.between(9, 10),
        improve: null,
        liked: random.chance(0.6) ? random.pick(salon.praise) : null,
      });
    }
  }
  return result.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.client - b.client));
}
