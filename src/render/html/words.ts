/**
 * Every word the HTML report adds to the report's own tables and definitions (headings, chart titles, axis labels,
 * the sentences that describe each chart), in English and Russian: one object per language, so that a catalogue of
 * the whole interface can take them over as they are.
 */

export type PageLanguage = 'en' | 'ru';

/** A highest or lowest point of a series: its label and its value, both as shown. */
export interface Extreme {
  label: string;
  value: string;
}

export interface PageWords {
  /** The `lang` attribute of the page. */
  lang: string;
  monthsShort: readonly string[];
  monthsLong: readonly string[];
  period: string;
  comparedWith(previous: string, yearBefore: string): string;
  none: string;
  noData: string;
  atAGlance: string;
  againstPreviousMonth: string;
  revenue: string;
  activeClients: string;
  arpu: string;
  churnRate: string;
  nps: string;
  trends: string;
  revenueByMonth: string;
  activeClientsByMonth: string;
  churnRateByMonth: string;
  repeatRateByPeriod: string;
  npsByPeriod: string;
  revenueByPeriod: string;
  activeClientsByPeriod: string;
  revenueByGroup: string;
  funnel: string;
  npsDistribution: string;
  detractorComments: string;
  noDetractors: string;
  /** Under the comments shown: how many more detractors wrote one, how many wrote none, where all are listed. */
  moreDetractors(withComment: number, withoutComment: number, period: string): string;
  improve: string;
  liked: string;
  scoreOf(score: number): string;
  cohorts: string;
  cohortRetention: string;
  segments: string;
  axis: {
    month: string;
    period: string;
    clients: string;
    dealsOfLeads: string;
    score: string;
    revenue(currency: string): string;
    churnRate: string;
    repeatRate: string;
    cohort: string;
    monthsAfter: string;
    cohortSize: string;
  };
  stages: { leads: string; qualified: string; deal: string; won: string };
  categories: { detractors: string; passives: string; promoters: string };
  /** `<desc>` of a series over periods. */
  seriesDesc(what: string, first: string, last: string, highest: Extreme, lowest: Extreme, latest: Extreme): string;
  seriesFlatDesc(what: string, first: string, last: string, value: string): string;
  seriesOneDesc(what: string, point: Extreme): string;
  barsDesc(what: string, rows: Extreme[]): string;
  funnelDesc(stages: Extreme[], overall: string | null): string;
  npsDesc(responses: number, detractors: number, passives: number, promoters: number, nps: string | null): string;
  cohortsDesc(cohorts: number, first: string, last: string, best: Extreme | null, worst: Extreme | null): string;
  noDataDesc(what: string): string;
}

function englishPlural(count: number, one: string, many: string): string {
  return count === 1 ? one : many;
}

/** Russian: 1 клиент, 2 клиента, 5 клиентов, 21 клиент; a fraction takes the `few` form (1,5 клиента). */
function russianPlural(count: number, one: string, few: string, many: string): string {
  if (!Number.isInteger(count)) return few;
  const tens = Math.abs(count) % 100;
  const units = Math.abs(count) % 10;
  if (units === 1 && tens !== 11) return one;
  if (units >= 2 && units <= 4 && (tens < 12 || tens > 14)) return few;
  return many;
}

const en: PageWords = {
  lang: 'en',
  monthsShort: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
  monthsLong: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
  period: 'Period',
  comparedWith: (previous, yearBefore) => `compared with ${previous} and ${yearBefore}`,
  none: '(none)',
  noData: 'No data',
  atAGlance: 'At a glance',
  againstPreviousMonth: 'vs last month',
  revenue: 'Revenue',
  activeClients: 'Active clients',
  arpu: 'ARPU',
  churnRate: 'Churn rate',
  nps: 'NPS',
  trends: 'The year in charts',
  revenueByMonth: 'Revenue by month',
  activeClientsByMonth: 'Active clients by month',
  churnRateByMonth: 'Churn rate by month',
  repeatRateByPeriod: 'Repeat rate',
  npsByPeriod: 'NPS',
  revenueByPeriod: 'Revenue',
  activeClientsByPeriod: 'Active clients',
  revenueByGroup: 'Revenue by group',
  funnel: 'Deals by stage reached',
  npsDistribution: 'Answers by score',
  detractorComments: 'What detractors said',
  noDetractors: 'No detractors this month.',
  moreDetractors: (withComment, withoutComment, period) =>
    `${[withComment ? `More with a comment: ${withComment}.` : '', withoutComment ? `Without a comment: ${withoutComment}.` : ''].filter(Boolean).join(' ')} Every one: crm explain detractors -p ${period}`,
  improve: 'to improve',
  liked: 'liked',
  scoreOf: (score) => `score ${score}`,
  cohorts: 'Cohorts',
  cohortRetention: 'Share of each cohort buying in the months after its first purchase',
  segments: 'Clients by segment',
  axis: {
    month: 'month',
    period: 'period',
    clients: 'clients',
    dealsOfLeads: 'deals (% of leads)',
    score: 'score',
    revenue: (currency) => `revenue, ${currency}`,
    churnRate: 'churned, % of alive at start',
    repeatRate: 'repeat buyers, % of buyers',
    cohort: 'cohort',
    monthsAfter: 'months after the first purchase',
    cohortSize: 'clients',
  },
  stages: { leads: 'leads', qualified: 'qualified', deal: 'deal', won: 'won' },
  categories: { detractors: 'detractors 0–6', passives: 'passives 7–8', promoters: 'promoters 9–10' },
  seriesDesc: (what, first, last, highest, lowest, latest) =>
    `${what}, ${first} to ${last}: highest ${highest.value} in ${highest.label}, lowest ${lowest.value} in ${lowest.label}; ${latest.value} in ${latest.label}.`,
  seriesFlatDesc: (what, first, last, value) => `${what}, ${first} to ${last}: ${value} in every period.`,
  seriesOneDesc: (what, point) => `${what}: ${point.value} in ${point.label}.`,
  barsDesc: (what, rows) => `${what}: ${rows.map((row) => `${row.label} ${row.value}`).join(', ')}.`,
  funnelDesc: (stages, overall) =>
    `${stages.map((stage) => `${stage.value} ${stage.label}`).join(', ')}${overall === null ? '' : `; ${overall} of leads won`}.`,
  npsDesc: (responses, detractors, passives, promoters, nps) =>
    responses === 0
      ? 'No answers in the period.'
      : `${responses} ${englishPlural(responses, 'client', 'clients')} answered: ${detractors} ${englishPlural(detractors, 'detractor', 'detractors')} (0–6), ${passives} ${englishPlural(passives, 'passive', 'passives')} (7–8), ${promoters} ${englishPlural(promoters, 'promoter', 'promoters')} (9–10); NPS ${nps}.`,
  cohortsDesc: (cohorts, first, last, best, worst) =>
    cohorts === 0
      ? 'No client made a first purchase in the period.'
      : `${cohorts} ${englishPlural(cohorts, 'cohort', 'cohorts')}, ${first} to ${last}. ${
          best && worst
            ? `Buying again the month after the first purchase: best ${best.value} (${best.label}), worst ${worst.value} (${worst.label}).`
            : 'No cohort has a month after its first yet.'
        }`,
  noDataDesc: (what) => `${what}: no data.`,
};

const ru: PageWords = {
  lang: 'ru',
  monthsShort: ['янв', 'фев', 'мар', 'апр', 'май', 'июн', 'июл', 'авг', 'сен', 'окт', 'ноя', 'дек'],
  monthsLong: [
    'январь',
    'февраль',
    'март',
    'апрель',
    'май',
    'июнь',
    'июль',
    'август',
    'сентябрь',
    'октябрь',
    'ноябрь',
    'декабрь',
  ],
  period: 'Период',
  comparedWith: (previous, yearBefore) => `для сравнения: ${previous} и ${yearBefore}`,
  none: '(нет)',
  noData: 'Нет данных',
  atAGlance: 'Коротко',
  againstPreviousMonth: 'к прошлому месяцу',
  revenue: 'Выручка',
  activeClients: 'Активные клиенты',
  arpu: 'ARPU',
  churnRate: 'Отток',
  nps: 'NPS',
  trends: 'Год в графиках',
  revenueByMonth: 'Выручка по месяцам',
  activeClientsByMonth: 'Активные клиенты по месяцам',
  churnRateByMonth: 'Отток по месяцам',
  repeatRateByPeriod: 'Доля повторных покупателей',
  npsByPeriod: 'NPS',
  revenueByPeriod: 'Выручка',
  activeClientsByPeriod: 'Активные клиенты',
  revenueByGroup: 'Выручка по группам',
  funnel: 'Сделки по достигнутой стадии',
  npsDistribution: 'Ответы по оценкам',
  detractorComments: 'Что написали критики',
  noDetractors: 'Критиков в этом месяце нет.',
  moreDetractors: (withComment, withoutComment, period) =>
    `${[withComment ? `Ещё с комментарием: ${withComment}.` : '', withoutComment ? `Без комментария: ${withoutComment}.` : ''].filter(Boolean).join(' ')} Все: crm explain detractors -p ${period}`,
  improve: 'улучшить',
  liked: 'понравилось',
  scoreOf: (score) => `оценка ${score}`,
  cohorts: 'Когорты',
  cohortRetention: 'Доля когорты, покупавшей в следующие месяцы после первой покупки',
  segments: 'Клиенты по сегментам',
  axis: {
    month: 'месяц',
    period: 'период',
    clients: 'клиенты',
    dealsOfLeads: 'сделки (% от лидов)',
    score: 'оценка',
    revenue: (currency) => `выручка, ${currency}`,
    churnRate: 'ушли, % от активных на начало',
    repeatRate: 'повторные, % от покупателей',
    cohort: 'когорта',
    monthsAfter: 'месяцев после первой покупки',
    cohortSize: 'клиентов',
  },
  stages: { leads: 'лиды', qualified: 'квалифицированы', deal: 'сделка', won: 'выиграны' },
  categories: { detractors: 'критики 0–6', passives: 'нейтральные 7–8', promoters: 'сторонники 9–10' },
  seriesDesc: (what, first, last, highest, lowest, latest) =>
    `${what}, ${first} — ${last}: больше всего ${highest.value} (${highest.label}), меньше всего ${lowest.value} (${lowest.label}); ${latest.label}: ${latest.value}.`,
  seriesFlatDesc: (what, first, last, value) => `${what}, ${first} — ${last}: ${value} в каждом периоде.`,
  seriesOneDesc: (what, point) => `${what}: ${point.value} (${point.label}).`,
  barsDesc: (what, rows) => `${what}: ${rows.map((row) => `${row.label} ${row.value}`).join(', ')}.`,
  funnelDesc: (stages, overall) =>
    `${stages.map((stage) => `${stage.label}: ${stage.value}`).join(', ')}${overall === null ? '' : `; выиграно ${overall} лидов`}.`,
  npsDesc: (responses, detractors, passives, promoters, nps) =>
    responses === 0
      ? 'За период ответов нет.'
      : `Ответили ${responses} ${russianPlural(responses, 'клиент', 'клиента', 'клиентов')}: критиков ${detractors} (0–6), нейтральных ${passives} (7–8), сторонников ${promoters} (9–10); NPS ${nps}.`,
  cohortsDesc: (cohorts, first, last, best, worst) =>
    cohorts === 0
      ? 'За период ни один клиент не сделал первую покупку.'
      : `${cohorts} ${russianPlural(cohorts, 'когорта', 'когорты', 'когорт')}, ${first} — ${last}. ${
          best && worst
            ? `Купили снова в следующем месяце: лучше всего ${best.value} (${best.label}), хуже всего ${worst.value} (${worst.label}).`
            : 'Ни у одной когорты ещё нет следующего месяца.'
        }`,
  noDataDesc: (what) => `${what}: нет данных.`,
};

const WORDS: Record<PageLanguage, PageWords> = { en, ru };

export function pageWords(language: PageLanguage = 'en'): PageWords {
  return WORDS[language];
}

/** `2026-10` as `Oct` with the year beside it where a reader needs it, or `октябрь 2026`. */
export function monthName(month: string, words: PageWords, form: 'short' | 'long' = 'long'): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) return month;
  const names = form === 'short' ? words.monthsShort : words.monthsLong;
  return `${names[Number(match[2]) - 1] ?? match[2]} ${match[1]}`;
}
