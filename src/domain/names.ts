/** Text folding for matching and search: pure string work, kept apart from the phone code so that the store loads light. */

/**
 * A client's name as stored and shown: runs of white space (a double space, a tab, a line break inside a cell) become
 * one space, and the ends are trimmed. Every way a client gets a name (an import, `crm client add`, an edit) stores it
 * so; nameKey folds further for matching.
 */
export function tidyName(name: string): string {
  return name.replace(/\s+/g, ' ').trim();
}

/** The parts of a person's name, as a contacts file gives them apart. */
export interface NameParts {
  prefix?: string;
  given?: string;
  middle?: string;
  family?: string;
  suffix?: string;
}

/**
 * A person's name from its parts: given name first (`Мария Петровна Иванова`, `Mary Smith`), or family name first
 * (`Иванова Мария Петровна`) when the source writes it so; empty parts are left out.
 */
export function composeName(parts: NameParts, familyFirst = false): string {
  const core = familyFirst ? [parts.family, parts.given, parts.middle] : [parts.given, parts.middle, parts.family];
  return [parts.prefix, ...core, parts.suffix].filter(Boolean).join(' ');
}

/** Printable ASCII and the Cyrillic alphabet without ё: text NFKC leaves as it is. */
const PLAIN = /^[\u0020-\u007e\u0410-\u044f]*$/;

/**
 * Case-folded name for matching and search (SQLite here folds no Cyrillic, so this is done in JS). Plain
 * toLowerCase: only Turkic and Lithuanian need locale rules, and the locale-aware call costs ten times as much.
 */
export function nameKey(name: string): string {
  // A new client's name is folded by the matching, by the index and for the row, one after the other: the last
  // answer is kept (a journal's 100,000 new clients: 0.3 s of folding -> 0.1 s).
  if (name === lastName) return lastKey;
  const folded = (PLAIN.test(name) ? name : name.normalize('NFKC')).toLowerCase().replace(/ё/g, 'е');
  lastKey =
    folded.includes('  ') || folded !== folded.trim() || /[\t\n\r]/.test(folded)
      ? folded.replace(/\s+/g, ' ').trim()
      : folded;
  lastName = name;
  return lastKey;
}

let lastName: string | undefined;
let lastKey = '';

/**
 * A name's FNV-1a over its UTF-16 units, in 30 bits (a small integer to V8): what a journal's rows compare to tell that
 * a row names its phone's client as an earlier row did, without comparing the words again. Two names of one hash are
 * taken as one: a collision only leaves a row with its phone's client, as before names were compared at all.
 */
export function nameHash(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193);
  return hash & 0x3fffffff;
}

/**
 * The extra fields that hold another name a client goes by, their keys folded: a vCard's NICKNAME, a Google or
 * Outlook CSV's Nickname column, a Russian list's Прозвище. `crm client find` looks in them too.
 */
export const NICKNAME_KEYS: readonly string[] = ['nickname', 'прозвище', 'псевдоним', 'ник'];

export function tagKey(tag: string): string {
  return nameKey(tag);
}

const CYRILLIC = /[\u0400-\u04ff]/;
const LATIN = /[a-z]/i;

/** The words of a folded name, an initial as its letter: `иванова а.п.` -> `иванова`, `а`, `п`. */
function nameWords(name: string): string[] {
  return nameKey(name)
    .split(/[\s.,]+/)
    .filter((word) => word !== '');
}

/**
 * Two words of names agree when they are the same word, one is an initial (one letter) the other starts with, or,
 * with `typos`, one letter apart, the longer of four letters or more (`Иваноа`, `Ивнаова`, `Ана`): a client whose
 * name was mistyped in one file is still the client with that phone.
 */
function wordsAgree(a: string, b: string, typos: boolean): boolean {
  if (a === b || (a.length === 1 && b.startsWith(a)) || (b.length === 1 && a.startsWith(b))) return true;
  if (genderPair(a, b) || genderPair(b, a)) return false;
  if (typos && Math.min(a.length, b.length) >= 3 && Math.max(a.length, b.length) >= 4 && oneEditApart(a, b))
    return true;
  return oneGivenName(a, b);
}

/**
 * Russian given names and the forms a journal or a phone's address book writes them in (`Аня` for `Анна`, `Саша` for
 * `Александр` or `Александра`), folded as nameKey folds: a salon's `Аня Петрова` and the list's `Анна Петрова` are one
 * person. A form can stand for several names (`Слава`: Вячеслав, Владислав, Ярослав, Станислав).
 */
const GIVEN_NAME_FORMS = [
  'александр александра саша шура саня',
  'алексей алеша леша',
  'анастасия настя',
  'анатолий толя',
  'андрей андрюша',
  'анна аня анюта нюра',
  'антонина тоня',
  'борис боря',
  'валентин валентина валя',
  'василий вася',
  'виктор витя',
  'виктория вика',
  'виталий виталик',
  'владимир вова володя',
  'владислав влад слава',
  'вячеслав слава',
  'галина галя',
  'геннадий гена',
  'георгий гоша жора',
  'григорий гриша',
  'дарья дария даша',
  'дмитрий дима митя',
  'евгений евгения женя',
  'екатерина катя',
  'елена лена',
  'елизавета лиза',
  'зинаида зина',
  'иван ваня',
  'ирина ира',
  'константин костя',
  'ксения ксюша',
  'лариса лара',
  'леонид леня',
  'любовь люба',
  'людмила люда мила',
  'максим макс',
  'маргарита рита',
  'мария маша маруся',
  'михаил миша',
  'надежда надя',
  'наталья наталия наташа',
  'николай коля',
  'ольга оля',
  'павел паша',
  'петр петя',
  'полина поля',
  'роман рома',
  'светлана света',
  'сергей сережа',
  'софья софия соня',
  'станислав стас слава',
  'татьяна таня',
  'тимофей тима',
  'юлия юля',
  'юрий юра',
  'ярослав слава',
];

/** Each form's names, by the index of their line in GIVEN_NAME_FORMS. */
const GIVEN_NAMES = new Map<string, number[]>();
for (const [group, line] of GIVEN_NAME_FORMS.entries()) {
  for (const form of line.split(' ')) GIVEN_NAMES.set(form, [...(GIVEN_NAMES.get(form) ?? []), group]);
}

/**
 * The other forms of the given name `word` (folded), a man's and a woman's kept apart as wordsAgree keeps them:
 * `лена` -> `елена`; `александр` -> `саша`, `шура`, `саня`, not `александра`; a word no line lists has none.
 */
export function otherGivenNameForms(word: string): string[] {
  const forms = new Set<string>();
  for (const group of GIVEN_NAMES.get(word) ?? []) {
    for (const form of GIVEN_NAME_FORMS[group]!.split(' '))
      if (form !== word && !genderPair(word, form) && !genderPair(form, word)) forms.add(form);
  }
  return [...forms];
}

function oneGivenName(a: string, b: string): boolean {
  const first = GIVEN_NAMES.get(a);
  const second = first && GIVEN_NAMES.get(b);
  return second !== undefined && first!.some((group) => second.includes(group));
}

/** Russian consonants: a man's surname or name ending in one takes `а` for a woman's (Белов, Белова; Александр, Александра). */
const CONSONANT_END = /[бвгджзклмнпрстфхцчшщ]$/;

/**
 * Whether `b` is the woman's form of the man's `a`: `Белов`/`Белова`, `Александр`/`Александра`, `Петровский`/
 * `Петровская`, `Евгений`/`Евгения`. Not a typo of one letter: a husband and a wife on one phone are two people.
 */
function genderPair(a: string, b: string): boolean {
  if (b.length === a.length + 1 && b.endsWith('а') && b.startsWith(a) && CONSONANT_END.test(a)) return true;
  if (a.length < 4 || b.length !== a.length) return false;
  const stem = a.slice(0, -2);
  return (
    b.startsWith(stem) &&
    /^(ий|ый|ой)$/.test(a.slice(-2)) &&
    (b.endsWith('ая') || (a.endsWith('ий') && b.endsWith('ия')))
  );
}

/** Whether one letter inserted, removed, changed, or two neighbours swapped, turn `a` into `b`. */
function oneEditApart(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const left = endA - start;
  const right = endB - start;
  if (left <= 1 && right <= 1) return true;
  return left === 2 && right === 2 && a[start] === b[start + 1] && a[start + 1] === b[start];
}

/**
 * Whether two names clearly name two different people (a client list's row whose phone or e-mail is another
 * client's becomes a client of its own when they do: a family's phone): both have two words or more, and the words of
 * the shorter are not all found among the other's, in any order, an initial standing for a word it starts. So
 * `Иванова Анна`, `Анна Иванова`, `Иванова А.`, `Иванова Анна Петровна` and `Анна` are all one person, while
 * `Соколов Андрей` and `Соколова Ирина` are two. Names written in different alphabets are never told apart, and a
 * name of one word (`Анна`, `Мама`, what a phone's address book calls someone) says too little to tell anyone apart.
 */
export function namesClearlyDiffer(a: string, b: string): boolean {
  if (a === b) return false;
  const first = nameWords(a);
  const second = nameWords(b);
  if (first.length < 2 || second.length < 2) return false;
  // `Sergey Petrov` in a phone's address book is `Петров Сергей` in the journal: names in two alphabets tell no one apart.
  if (CYRILLIC.test(a) !== CYRILLIC.test(b) || LATIN.test(a) !== LATIN.test(b)) return false;
  const [shorter, longer] = first.length <= second.length ? [first, second] : [second, first];
  // Typos only between names of as many words: `Петрова Анна` is not a mistyped `Иванова Анна Петровна`.
  const typos = first.length === second.length;
  const unused = [...longer];
  // Whole words first, so that an initial does not take the word a whole word needs.
  const ordered = [...shorter].sort((x, y) => Number(x.length === 1) - Number(y.length === 1));
  for (const word of ordered) {
    const exact = unused.indexOf(word);
    const at = exact >= 0 ? exact : unused.findIndex((other) => wordsAgree(word, other, typos));
    if (at < 0) return true;
    unused.splice(at, 1);
  }
  return false;
}
