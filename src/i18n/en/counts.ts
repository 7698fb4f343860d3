/**
 * A count and its noun, `12 clients`: each takes the count and, optionally, the count as the caller writes it
 * (a table's number style); without it the count is written as the language writes numbers in sentences.
 */
import { numberIn } from '../numbers.js';
import { type EnglishForms, englishPlural } from '../plural.js';

const noun =
  (forms: EnglishForms) =>
  (count: number, shown: string = numberIn('en', count)): string =>
    `${shown} ${englishPlural(count, forms)}`;

export const counts = {
  clients: noun({ one: 'client', other: 'clients' }),
  visits: noun({ one: 'visit', other: 'visits' }),
  purchases: noun({ one: 'purchase', other: 'purchases' }),
  deals: noun({ one: 'deal', other: 'deals' }),
  answers: noun({ one: 'answer', other: 'answers' }),
  npsAnswers: noun({ one: 'NPS answer', other: 'NPS answers' }),
  buyers: noun({ one: 'buyer', other: 'buyers' }),
  days: noun({ one: 'day', other: 'days' }),
  rows: noun({ one: 'row', other: 'rows' }),
  /** Rows counted after "of" (`rejected 0 of 2 rows`): Russian takes the genitive there. */
  ofRows: noun({ one: 'row', other: 'rows' }),
  rejectedRows: noun({ one: 'rejected row', other: 'rejected rows' }),
  moreRows: noun({ one: 'more row', other: 'more rows' }),
  hiddenRows: noun({ one: 'hidden row', other: 'hidden rows' }),
  totalsRows: noun({ one: 'totals row', other: 'totals rows' }),
  cards: noun({ one: 'card', other: 'cards' }),
  imports: noun({ one: 'import', other: 'imports' }),
  numbers: noun({ one: 'number', other: 'numbers' }),
  amounts: noun({ one: 'amount', other: 'amounts' }),
  changedRows: noun({ one: 'changed row', other: 'changed rows' }),
};
