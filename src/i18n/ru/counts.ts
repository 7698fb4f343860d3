import type { counts as English } from '../en/counts.js';
import { numberIn } from '../numbers.js';
import { type RussianForms, russianPlural } from '../plural.js';

const noun =
  (forms: RussianForms) =>
  (count: number, shown: string = numberIn('ru', count)): string =>
    `${shown} ${russianPlural(count, forms)}`;

export const counts: typeof English = {
  clients: noun({ one: 'клиент', few: 'клиента', many: 'клиентов', other: 'клиента' }),
  visits: noun({ one: 'визит', few: 'визита', many: 'визитов', other: 'визита' }),
  purchases: noun({ one: 'покупка', few: 'покупки', many: 'покупок', other: 'покупки' }),
  deals: noun({ one: 'сделка', few: 'сделки', many: 'сделок', other: 'сделки' }),
  answers: noun({ one: 'ответ', few: 'ответа', many: 'ответов', other: 'ответа' }),
  npsAnswers: noun({ one: 'ответ NPS', few: 'ответа NPS', many: 'ответов NPS', other: 'ответа NPS' }),
  buyers: noun({ one: 'покупатель', few: 'покупателя', many: 'покупателей', other: 'покупателя' }),
  days: noun({ one: 'день', few: 'дня', many: 'дней', other: 'дня' }),
  rows: noun({ one: 'строка', few: 'строки', many: 'строк', other: 'строки' }),
  ofRows: noun({ one: 'строки', few: 'строк', many: 'строк', other: 'строки' }),
  rejectedRows: noun({
    one: 'отклонённая строка',
    few: 'отклонённые строки',
    many: 'отклонённых строк',
    other: 'отклонённой строки',
  }),
  moreRows: noun({ one: 'строка', few: 'строки', many: 'строк', other: 'строки' }),
  hiddenRows: noun({ one: 'скрытая строка', few: 'скрытые строки', many: 'скрытых строк', other: 'скрытой строки' }),
  totalsRows: noun({ one: 'строка итогов', few: 'строки итогов', many: 'строк итогов', other: 'строки итогов' }),
  cards: noun({ one: 'карточке', few: 'карточках', many: 'карточках', other: 'карточке' }),
  imports: noun({ one: 'импорт', few: 'импорта', many: 'импортов', other: 'импорта' }),
  numbers: noun({ one: 'номер', few: 'номера', many: 'номеров', other: 'номера' }),
  amounts: noun({ one: 'сумма', few: 'суммы', many: 'сумм', other: 'суммы' }),
  changedRows: noun({
    one: 'изменённая строка',
    few: 'изменённые строки',
    many: 'изменённых строк',
    other: 'изменённой строки',
  }),
};
