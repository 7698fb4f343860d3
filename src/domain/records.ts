import { InputError } from '../errors.js';
import { m } from '../i18n/index.js';
import { addDays } from './calendar.js';
import { parseDate } from './dates.js';
import { parseMoney } from './money.js';
import { sayMoney } from './row-notes.js';

/** An amount typed by a user: `1500`, `1 500,50`, `1500.50`, `1 500 ₽`. Zero is a visit that was free. */
export function parseAmountArgument(text: string): number {
  const parsed = parseMoney(text);
  if ('error' in parsed) throw new InputError(m.errors.amount({ text, problem: sayMoney(parsed.error) }));
  if (parsed.minor < 0) throw new InputError(m.errors.negativeAmount({ text }));
  return parsed.minor;
}

/** A date typed by a user: `today`, `yesterday`, `сегодня`, `вчера`, `dd.mm.yyyy`, `yyyy-mm-dd`. */
export function parseDateArgument(text: string, today: string): string {
  const word = text.trim().toLowerCase();
  if (word === 'today' || word === 'сегодня') return today;
  if (word === 'yesterday' || word === 'вчера') return addDays(today, -1);
  const iso = parseDate(text, 'dmy');
  if (!iso) throw new InputError(m.errors.notADate({ text }));
  return iso;
}

/** An NPS answer typed by a user: a whole number from 0 to 10, nothing else. */
export function parseScoreArgument(text: string): number {
  const trimmed = text.trim();
  if (!/^\d{1,2}$/.test(trimmed) || Number(trimmed) > 10) throw new InputError(m.errors.notAScore({ text }));
  return Number(trimmed);
}

export function isDetractor(score: number): boolean {
  return score <= 6;
}
