/**
 * What an import says of a row (why it was rejected, what about it is worth a look) and of a column (why a header
 * with two meanings was read as one of them), as codes with the values they name: `{ code: 'notADate', value:
 * 'вчера' }`. The readers and the rules make them; they become words only where they are shown (the import's table
 * and summary, its rejects file), from the catalogue of the person's language (`m.rows`), and for an import's JSON
 * from the English one, which is the same in every language. A note is made only for a row that has something to
 * say: a journal's good rows carry none.
 */
import { type Catalogue, m } from '../i18n/index.js';
import type { MoneyProblem } from './money.js';

/** A cell's value as a note quotes it: whole when short; else its beginning, and how long it is (a cell may be 1 MB). */
export interface Quoted {
  value: string;
  /** Set when `value` is only the beginning. */
  length?: number;
}

export function quoted(value: string): Quoted {
  return value.length <= 60 ? { value } : { value: beginning(value, 40), length: value.length };
}

/** Beginning of a long text cut at a character boundary (never between the halves of a surrogate pair). */
export function beginning(text: string, length: number): string {
  const cut = text.slice(0, length);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

/** Why a phone is kept as written rather than as a number. */
export type PhoneProblem =
  | { code: 'phoneRounded'; phone: string }
  | { code: 'phoneInvalid'; phone: string; region: string }
  | { code: 'phoneWithoutRegion'; phone: string };

export type RowNote =
  // A row the reader could not read.
  | { code: 'tooManyCells'; cells: number; header: number }
  | { code: 'unclosedQuote' }
  /** `parser`: the CSV parser's code for what stopped it (`CSV_MAX_RECORD_SIZE`); an unclosed quote has its own note. */
  | { code: 'unreadableCsv'; parser: string }
  | { code: 'cardNotClosed' }
  | { code: 'noColon' }
  | ({ code: 'unreadableBirthday' } & Quoted)
  | ({ code: 'notADate' } & Quoted)
  | ({ code: 'badAmount'; problem: MoneyProblem } & Quoted)
  | ({ code: 'negativeAmount' } & Quoted)
  | ({ code: 'notAScore' } & Quoted)
  /** A required field (a field token: `amount`) left empty. */
  | { code: 'missing'; field: string }
  // A row that names nobody.
  | { code: 'noNameOrContact' }
  | { code: 'noClient' }
  | { code: 'leadWithoutClient' }
  // Contacts kept as written.
  | PhoneProblem
  | { code: 'emailInvalid'; email: string }
  // A client import's row kept apart from a client it shares a phone or e-mail with (`contact`), called `name`.
  | { code: 'sharedContactOtherRow'; contact: string; name: string }
  // What became of a journal's row.
  | { code: 'newClient' }
  | { code: 'alreadyImported' }
  /** A visit added on a day its client has a stored one of another amount or service: maybe a correction of it. */
  | { code: 'sameDayVisit'; client: number; date: string }
  | { code: 'clientReadAs'; named: string; known: string }
  | { code: 'unknownStage'; name: string }
  | { code: 'stageConflict'; stored: string; since: string; incoming: string; on: string }
  | { code: 'dealMoved'; id: number; moves: Array<{ stage: string; date: string }> }
  // A deal's stage dates that cannot all be true (stages are their tokens: `won`).
  | { code: 'lostAndJunk' }
  | { code: 'wonAnd'; ending: string }
  | { code: 'junkAfterLead' }
  | { code: 'stageBefore'; stage: string; date: string; earlier: string; earlierDate: string }
  | { code: 'closedBeforeCreated'; closed: string; created: string };

/** The notes a journal's rows share: made once, never changed. */
export const NEW_CLIENT: RowNote = Object.freeze({ code: 'newClient' });
export const ALREADY_IMPORTED: RowNote = Object.freeze({ code: 'alreadyImported' });
export const NO_CLIENT: RowNote = Object.freeze({ code: 'noClient' });

type Words = Catalogue['rows'];

/** Notes whose message takes the note itself; the others' values are put into words first (sayNote). */
type Plain = Exclude<RowNote, { code: 'badAmount' | 'dealMoved' }>;
/** A message for every plain note, taking that note's values: a code without one fails tsc. */
type Messages = { [C in Plain['code']]: string | ((p: Extract<Plain, { code: C }>) => string) };

export function sayNote(note: RowNote, words: Words = m.rows): string {
  if (note.code === 'badAmount') return words.notes.badAmount({ ...note, problem: sayMoney(note.problem, words) });
  if (note.code === 'dealMoved') {
    const moves = note.moves.map((move) => words.dealStep(move)).join(', ');
    return words.notes.dealMoved({ id: note.id, moves });
  }
  const messages: Messages = words.notes;
  const message = messages[note.code] as string | ((p: Plain) => string);
  return typeof message === 'string' ? message : message(note);
}

/** A row's notes as one text, in order: `new client; phone '12-34' is not a valid number…`. */
export function sayNotes(notes: readonly RowNote[], words: Words = m.rows): string {
  return notes.map((note) => sayNote(note, words)).join('; ');
}

type AmountMessages = { [C in MoneyProblem['code']]: string | ((p: Extract<MoneyProblem, { code: C }>) => string) };

/** Why a text is not an amount, in words (`digits are not grouped by three`), said after the amount itself. */
export function sayMoney(problem: MoneyProblem, words: Words = m.rows): string {
  const messages: AmountMessages = words.amounts;
  const message = messages[problem.code] as string | ((p: MoneyProblem) => string);
  return typeof message === 'string' ? message : message(problem);
}

/**
 * Why a header with two meanings (`Сделка`: a deal's title, or the date it reached the deal stage) was read as the
 * one it was: what its cells are, whether it stands beside the kind's other date (or stage) columns, and the field
 * another column already fills, when one does.
 */
export interface MeaningReason {
  cells: 'empty' | 'dates' | 'text';
  beside: boolean;
  columns: 'date' | 'stage';
  /** The other meaning's field, when another column fills it. */
  otherTaken?: string;
}

export function sayMeaning(reason: MeaningReason, words: Words = m.rows): string {
  const said = words.meaning;
  const parts = [said.cells[reason.cells], (reason.beside ? said.beside : said.notBeside)[reason.columns]];
  if (reason.otherTaken !== undefined) parts.push(said.otherTaken({ field: reason.otherTaken }));
  return parts.join(', ');
}

/**
 * What a row is, in a few words: text for a visit; a deal's creation date, title and stage (a token, said in the
 * person's language); an NPS answer's date and score.
 */
export type RecordSummary =
  | string
  | { code: 'deal'; created: string; title: string; stage: string }
  | { code: 'answer'; date: string; score: number };

export function sayRecord(summary: RecordSummary, words: Words = m.rows): string {
  if (typeof summary === 'string') return summary;
  return summary.code === 'deal' ? words.deal(summary) : words.answer(summary);
}
