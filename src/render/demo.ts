import { type DateDisplay, dateDisplay, showDate } from '../i18n/dates.js';
import type { Period } from '../reports/period.js';
import { outputWidth } from './terminal.js';
import { wrapProse } from './text-width.js';

/** What `crm demo` says around the report, in the demo salon's language. */
export interface DemoSummary {
  language: 'en' | 'ru';
  databasePath: string;
  kept: boolean;
  year: Period;
  stored: { clients: number; visits: number; deals: number; answers: number };
  next: { churnPeriod: Period; returnedClient: { id: number; name: string } };
}

/** The demo's own words, in one place per language (the message catalogue takes them over). */
const WORDS = {
  en: {
    intro: (from: string, to: string, s: DemoSummary['stored']) =>
      `A year of a small salon, ${from} – ${to}, imported into a throw-away database: ${s.clients} clients, ${s.visits} visits, ${s.deals} deals, ${s.answers} NPS answers.`,
    tryKept: 'Try next, on the demo database:',
    tryOwn: 'Try next, on your own database (`crm demo --keep` keeps the demo one and prints these with its --db):',
    due: 'who to call today',
    churned: (from: string, to: string) => `the clients who stopped coming, ${from} – ${to}`,
    returned: (name: string) => `${name}: away for months, then back`,
    kept: (path: string) => `demo database kept at ${path} (use it with --db)`,
  },
  ru: {
    intro: (from: string, to: string, s: DemoSummary['stored']) =>
      `Год небольшого салона, ${from} – ${to}, загружен во временную базу: клиентов ${s.clients}, визитов ${s.visits}, сделок ${s.deals}, ответов NPS ${s.answers}.`,
    tryKept: 'Что попробовать дальше, на демо-базе:',
    tryOwn:
      'Что попробовать дальше, на своей базе (`crm demo --keep` сохранит демо-базу и покажет эти команды с её --db):',
    due: 'кому позвонить сегодня',
    churned: (from: string, to: string) => `клиенты, которые перестали приходить, ${from} – ${to}`,
    returned: (name: string) => `${name}: пропадала несколько месяцев и вернулась`,
    kept: (path: string) => `демо-база сохранена: ${path} (используйте её с --db)`,
  },
} as const;

/** A word the shell takes as it is, else the word in single quotes. */
function shellWord(word: string): string {
  return /^[\w./:@%+=,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The line before the report. */
export function demoIntro(summary: DemoSummary, dates: DateDisplay = dateDisplay(), width = outputWidth()): string {
  const { year, stored } = summary;
  return `${wrapProse(WORDS[summary.language].intro(showDate(year.from, dates), showDate(year.to, dates), stored), width)}\n`;
}

/**
 * Three commands to try after the report, each under a shell comment saying what it shows, so that the block pastes
 * whole. On a kept database they name it with --db.
 */
export function demoNext(summary: DemoSummary, dates: DateDisplay = dateDisplay(), width = outputWidth()): string {
  const words = WORDS[summary.language];
  const crm = summary.kept ? `crm --db ${shellWord(summary.databasePath)}` : 'crm';
  const { churnPeriod, returnedClient } = summary.next;
  const commands: Array<[string, string]> = [
    [words.due, `${crm} due`],
    [
      words.churned(showDate(churnPeriod.from, dates), showDate(churnPeriod.to, dates)),
      `${crm} explain churned -p ${churnPeriod.from}..${churnPeriod.to}`,
    ],
    [words.returned(returnedClient.name), `${crm} client show ${returnedClient.id}`],
  ];
  const lines = [wrapProse(summary.kept ? words.tryKept : words.tryOwn, width)];
  for (const [comment, command] of commands) lines.push(`  # ${comment}`, `  ${command}`);
  return `${lines.join('\n')}\n`;
}

/** The line on stderr that names a kept database. */
export function demoKept(summary: DemoSummary): string {
  return WORDS[summary.language].kept(summary.databasePath);
}
