import {
  type CountryCode,
  isSupportedCountry as isSupportedCountryIn,
  Metadata,
  parsePhoneNumberFromString,
} from 'libphonenumber-js/core';
// The full metadata: the minimal one knows only a country's lengths and first digits, so `8 917 876 54 3` (a digit
// left out) passed as the Russian number +7 891 787 65 43, which no range of the plan holds.
import metadata from 'libphonenumber-js/max/metadata';
import type { PhoneProblem } from './row-notes.js';

/** A valid number in E.164 as written internationally, spaced: `+79136134125` -> `+7 913 613-41-25`. */
export function internationalSpelling(e164: string): string {
  return parsePhoneNumberFromString(e164, {}, metadata)?.formatInternational() ?? e164;
}

export interface NormalisedPhone {
  /** E.164 when valid, else the digits as written (still usable to match the same typo twice). */
  value: string;
  raw: string;
  valid: boolean;
  /** Why it is not valid, for the import report. */
  problem?: PhoneProblem;
}

/** Region for numbers written without a country code: the configured one, else the country of LC_ALL / LANG. */
export function defaultRegion(
  configured: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (configured) return configured.toUpperCase();
  return localeRegion(env)?.region;
}

/** The country of LC_ALL, else of LANG (`ru_RU.UTF-8`: RU), and the variable that named it. */
export function localeRegion(
  env: NodeJS.ProcessEnv = process.env,
): { region: string; variable: 'LC_ALL' | 'LANG' } | undefined {
  for (const variable of ['LC_ALL', 'LANG'] as const) {
    const country = /^[a-z]{2,3}_([A-Z]{2})\b/.exec(env[variable] ?? '')?.[1];
    if (country && isSupportedCountry(country)) return { region: country, variable };
  }
  return undefined;
}

export function isKnownRegion(region: string): boolean {
  return isSupportedCountry(region.toUpperCase());
}

/**
 * Spreadsheets turn long numbers into `7.91234E+10`. When the mantissa still holds every digit the number is
 * exact; otherwise digits were lost and no rule can bring them back.
 */
function expandScientific(text: string): { digits: string } | { lost: true } | undefined {
  const match = /^(\d)(?:[.,](\d+))?e\+?(\d{1,2})$/i.exec(text.replace(/\s/g, ''));
  if (!match) return undefined;
  const [, head, fraction = '', exponentText] = match;
  const exponent = Number(exponentText);
  if (fraction.length > exponent) return undefined;
  // Padding zeros means the spreadsheet rounded the number: a real phone ending in those zeros is far rarer.
  if (exponent > fraction.length) return { lost: true };
  return { digits: head + fraction };
}

function isSupportedCountry(region: string): boolean {
  return isSupportedCountryIn(region as CountryCode, metadata);
}

function parse(text: string, region: string | undefined) {
  return parsePhoneNumberFromString(text, region ? { defaultCountry: region as CountryCode } : {}, metadata);
}

export function normalisePhone(raw: string, region?: string): NormalisedPhone {
  return readPhone(raw, region).phone;
}

/** normalisePhone, and whether the number was read by giving it the `+` a spreadsheet dropped (`447911123456`). */
function readPhone(raw: string, region: string | undefined): { phone: NormalisedPhone; plusRestored?: true } {
  const text = raw.trim();
  const digits = text.replace(/\D/g, '');
  const scientific = expandScientific(text);
  if (scientific && 'lost' in scientific) {
    return {
      phone: {
        value: digits,
        raw: text,
        valid: false,
        problem: { code: 'phoneRounded', phone: text },
      },
    };
  }
  // A tab between digits is a space to whoever typed it (libphonenumber would refuse the number).
  const candidate = scientific ? scientific.digits : text.replace(/\t/g, ' ');
  const local = parse(candidate, region);
  // A spreadsheet dropped the leading '+' of an international number (a number cell has no '+'): digits that are no
  // number of the region but are one with a '+' are that number. A number too long or short for the region is that
  // whatever its punctuation; one of the region's length only as a cell of bare digits, as a spreadsheet writes it.
  // (Retrying only then matters for speed too: libphonenumber throws on most retries.)
  const lostPlus =
    !local?.isValid() &&
    !candidate.startsWith('+') &&
    digits.length >= 10 &&
    (!local?.isPossible() || /^\d+$/.test(candidate))
      ? parse(`+${candidate.replace(/\D/g, '')}`, undefined)
      : undefined;
  if (local?.isValid()) return { phone: { value: local.number, raw: text, valid: true } };
  if (lostPlus?.isValid()) return { phone: { value: lostPlus.number, raw: text, valid: true }, plusRestored: true };
  return {
    phone: {
      value: scientific ? scientific.digits : digits,
      raw: text,
      valid: false,
      problem: region ? { code: 'phoneInvalid', phone: text, region } : { code: 'phoneWithoutRegion', phone: text },
    },
  };
}

/**
 * How many of these spellings are numbers whose `+` a spreadsheet dropped, read as international numbers (each
 * spelling once). Spellings the region's numbering plan validates at once are not parsed again.
 */
export function countPlusRestored(raws: Iterable<string>, region: string | undefined): number {
  const plan = regionPlan(region);
  const seen = new Set<string>();
  let count = 0;
  for (const raw of raws) {
    const text = raw.trim();
    if (seen.has(text) || text.includes('+')) continue;
    seen.add(text);
    const digits = text.replace(/\D/g, '');
    if (digits.length < 10) continue;
    if (plan && /^[\d\s().-]+$/.test(text) && quickE164(digits, plan)?.startsWith(`+${plan.callingCode}`)) continue;
    if (readPhone(text, region).plusRestored) count++;
  }
  return count;
}

/** Digits only, for "find by phone in any format": `8 (912) 345-67-89` and `+7 912 345 67 89` share `9123456789`. */
export function phoneDigits(text: string): string {
  return text.replace(/\D/g, '');
}

interface RegionPlan {
  callingCode: string;
  nationalPrefix: string | undefined;
}

/**
 * What the fast path needs of a region: its calling code and its national (trunk) prefix, when that prefix is a
 * plain string. Regions whose prefix is a rewriting rule (Argentina's '0…15') are left to the full parser.
 */
function regionPlan(region: string | undefined): RegionPlan | undefined {
  if (!region || !isSupportedCountry(region)) return undefined;
  return numberingPlan(region as CountryCode);
}

/**
 * The plan of the main country of a calling code, for a number written with '+': the full parser strips a national
 * prefix (or a carrier code, as Brazil's) after the calling code too, so the quick path takes only numbers of a plan
 * with a plain prefix that do not start with it.
 */
const internationalPlans = new Map<string, RegionPlan | undefined>();
function internationalPlan(callingCode: string): RegionPlan | undefined {
  if (!internationalPlans.has(callingCode)) internationalPlans.set(callingCode, numberingPlan(undefined, callingCode));
  return internationalPlans.get(callingCode);
}

function numberingPlan(region: CountryCode | undefined, callingCode?: string): RegionPlan | undefined {
  try {
    const plans = new Metadata(metadata);
    // The calling code argument is not in the typings either (see below): the country is then the code's main one.
    (plans as unknown as { selectNumberingPlan(region?: string, callingCode?: string): void }).selectNumberingPlan(
      region,
      callingCode,
    );
    // Not in the typings, but the numbering plan's accessors have been stable for years (the version is pinned,
    // and a test checks this path against the full parser).
    const plan = plans.numberingPlan as unknown as {
      callingCode(): string;
      nationalPrefix(): string | undefined;
      nationalPrefixForParsing(): string | undefined;
    };
    const prefix = plan.nationalPrefix();
    const forParsing = plan.nationalPrefixForParsing();
    if (forParsing && forParsing !== prefix) return undefined;
    return { callingCode: plan.callingCode(), nationalPrefix: prefix || undefined };
  } catch {
    return undefined;
  }
}

/** A numbering plan's ranges, compiled once (libphonenumber compiles each pattern again on every check). */
interface Ranges {
  /** Every number of the plan: all the minimal metadata checks. */
  national: RegExp;
  /** The first digits of every number of a country that shares its calling code, when the metadata gives them. */
  leadingDigits: RegExp | undefined;
  /** Each kind of number the plan assigns (fixed line, mobile, toll-free…), with the lengths it has. */
  kinds: { pattern: RegExp; lengths: readonly number[] | undefined }[];
}

/** The kinds libphonenumber's getNumberType tries; a number of none of them is not valid. */
const NUMBER_KINDS = [
  'FIXED_LINE',
  'MOBILE',
  'PREMIUM_RATE',
  'TOLL_FREE',
  'SHARED_COST',
  'VOIP',
  'PERSONAL_NUMBER',
  'PAGER',
  'UAN',
  'VOICEMAIL',
];

const rangesByPlan = new Map<string, Ranges>();

/**
 * The ranges of a country. (Calling codes of no country, +800 or +882, are not in `country_calling_codes`: the quick
 * path leaves them to the full parser.)
 */
function rangesOf(country: string): Ranges {
  let ranges = rangesByPlan.get(country);
  if (ranges === undefined) {
    const plans = new Metadata(metadata);
    plans.selectNumberingPlan(country as CountryCode);
    // Not in the typings, as in numberingPlan above.
    const plan = plans.numberingPlan as unknown as {
      nationalNumberPattern(): string;
      leadingDigits(): string | undefined;
      type(kind: string): { pattern(): string; possibleLengths(): number[] | undefined } | undefined;
    };
    const leadingDigits = plan.leadingDigits();
    ranges = {
      national: new RegExp(`^(?:${plan.nationalNumberPattern()})$`),
      leadingDigits: leadingDigits ? new RegExp(`^(?:${leadingDigits})`) : undefined,
      kinds: NUMBER_KINDS.flatMap((name) => {
        const kind = plan.type(name);
        const pattern = kind?.pattern();
        return kind && pattern ? [{ pattern: new RegExp(`^(?:${pattern})$`), lengths: kind.possibleLengths() }] : [];
      }),
    };
    rangesByPlan.set(country, ranges);
  }
  return ranges;
}

function inRanges(ranges: Ranges, national: string): boolean {
  if (!ranges.national.test(national)) return false;
  for (const kind of ranges.kinds) {
    if ((kind.lengths === undefined || kind.lengths.includes(national.length)) && kind.pattern.test(national))
      return true;
  }
  return false;
}

/**
 * Whether `+callingCode national` is valid by the full metadata, judged in the country libphonenumber gives it: the
 * only country of its calling code; else the first whose leading digits it starts with, or the first without
 * leading digits that assigns it; else the code's main country (as parsing `+callingCode national` does). The parser
 * judges a number written without '+' in the region instead of the main country: the two differ only for a number
 * that no country of its code claims, which the tests compare the quick path with the parser on, in eight regions.
 */
function isAssigned(callingCode: string, national: string): boolean {
  const countries = metadata.country_calling_codes[callingCode];
  if (countries === undefined) return false;
  if (countries.length === 1) return inRanges(rangesOf(countries[0]!), national);
  for (const country of countries) {
    const ranges = rangesOf(country);
    if (ranges.leadingDigits !== undefined) {
      if (ranges.leadingDigits.test(national)) return inRanges(ranges, national);
    } else if (inRanges(ranges, national)) return true;
  }
  return inRanges(rangesOf(countries[0]!), national);
}

function validNumber(callingCode: string, national: string): string | undefined {
  if (national.length < 4) return undefined;
  const countries = metadata.country_calling_codes[callingCode];
  if (countries === undefined) return undefined;
  // First the main country's pattern, as the minimal metadata checks: it turns most candidates away at once.
  const main = rangesOf(countries[0]!);
  return main.national.test(national) && isAssigned(callingCode, national) ? `+${callingCode}${national}` : undefined;
}

/** Whether `+callingCode national` is a valid number: asked of libphonenumber once per number, not per spelling. */
type Validator = (callingCode: string, national: string) => string | undefined;

/**
 * The number a spelling of only digits (and a leading '+') stands for, found by validating candidates instead of
 * parsing: about twenty times cheaper. Only a valid candidate is taken; anything else goes to the full parser.
 */
function quickE164(key: string, plan: RegionPlan | undefined, valid: Validator = validNumber): string | undefined {
  if (key.startsWith('+')) {
    for (const length of [1, 2, 3]) {
      const code = key.slice(1, 1 + length);
      if (!(code in metadata.country_calling_codes)) continue;
      const plan = internationalPlan(code);
      const national = key.slice(1 + length);
      if (!plan || (plan.nationalPrefix && national.startsWith(plan.nationalPrefix))) return undefined;
      return valid(code, national);
    }
    return undefined;
  }
  if (!plan) return undefined;
  const { callingCode, nationalPrefix } = plan;
  // The order libphonenumber reads a number without '+' in: trunk prefix stripped, then the digits as a national
  // number, and only when that is no number, a calling code written without its '+'.
  if (nationalPrefix && key.startsWith(nationalPrefix)) {
    const found = valid(callingCode, key.slice(nationalPrefix.length));
    if (found) return found;
    // Whether the full parser then reads the digits whole depends on more of the plan than this path knows
    // (`8101000000` in RU is no number to it, though +7 810 100 00 00 would be): the full parser decides.
    return undefined;
  }
  const national = valid(callingCode, key);
  if (national) return national;
  return key.startsWith(callingCode) ? valid(callingCode, key.slice(callingCode.length)) : undefined;
}

/**
 * A map from positive integers under 2^53 to 32-bit integers, in two typed arrays with open addressing. A Map keyed
 * by such numbers boxes each key and follows a pointer to compare it: on a journal's half a million phone spellings
 * the lookups cost more than everything else about a phone. Grows by doubling up to `limit` keys, then starts empty.
 */
export class IntegerTable {
  private keys!: Float64Array;
  private values!: Int32Array;
  private mask!: number;
  size = 0;

  constructor(private readonly limit: number) {
    this.clear();
  }

  private slot(key: number): number {
    // Both halves of the key: the low 32 bits alone would put numbers that differ only in their leading digits together.
    const high = Math.floor(key / 4294967296);
    let slot = Math.imul((key >>> 0) ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b);
    slot = (slot ^ (slot >>> 15)) & this.mask;
    const keys = this.keys;
    while (keys[slot] !== 0 && keys[slot] !== key) slot = (slot + 1) & this.mask;
    return slot;
  }

  /** The value stored for `key`, if any. */
  get(key: number): number | undefined {
    const slot = this.slot(key);
    return this.keys[slot] === 0 ? undefined : this.values[slot];
  }

  /** Stores `key` (> 0); once `limit` keys are held, the table is emptied first (a cache bounded in memory). */
  set(key: number, value: number): void {
    if (this.size >= this.limit) this.clear();
    if ((this.size + 1) * 5 > this.keys.length * 3) this.grow();
    const slot = this.slot(key);
    if (this.keys[slot] === 0) this.size++;
    this.keys[slot] = key;
    this.values[slot] = value;
  }

  clear(): void {
    this.keys = new Float64Array(1 << 12);
    this.values = new Int32Array(1 << 12);
    this.mask = (1 << 12) - 1;
    this.size = 0;
  }

  private grow(): void {
    const { keys, values } = this;
    this.keys = new Float64Array(keys.length * 2);
    this.values = new Int32Array(keys.length * 2);
    this.mask = keys.length * 2 - 1;
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] === 0) continue;
      const slot = this.slot(keys[i]!);
      this.keys[slot] = keys[i]!;
      this.values[slot] = values[i]!;
    }
  }
}

/** What the table holds for a spelling of no valid number. */
const INVALID = -1;

/**
 * normalisePhone for a journal of a million rows, where the same numbers come back in a few spellings: the result
 * depends only on the region and the number's digits, '+' and punctuation, so spellings that differ only in
 * spaces, dashes, dots or brackets share one entry, and a new spelling is first tried by validation alone, each
 * candidate number validated once however many spellings lead to it. Anything else (letters, an extension) goes to
 * normalisePhone uncached.
 */
export class PhoneCache implements PhoneNumbers {
  /**
   * By packed spelling × 2 (see packedSpelling): the index of its E.164 in `numbers`, or INVALID. By packed
   * `+code national` × 2 + 1: the same for a candidate the quick path found valid.
   */
  private readonly table: IntegerTable;
  /** Spellings too long to pack, by their digits and '+'. */
  private readonly long = new Map<string, number>();
  /**
   * Each valid number once: the spellings of one number share one string. Never emptied, so that the table's
   * indexes stay good: it holds no more than the clients these numbers are.
   */
  private readonly numbers: string[] = [];
  private readonly numberIndex = new Map<string, number>();
  private readonly plan: RegionPlan | undefined;
  private readonly validate: Validator = (callingCode, national) => {
    const candidate = packedSpelling(`+${callingCode}${national}`);
    if (candidate === undefined || national.length < 4) return validNumber(callingCode, national);
    const known = this.table.get(candidate * 2 + 1);
    if (known !== undefined) {
      this.validated = known;
      return this.numbers[known];
    }
    const found = validNumber(callingCode, national);
    // Only valid ones: a number is spelt many ways, but a wrong candidate rarely comes from two spellings.
    if (found !== undefined) {
      this.validated = this.numberAt(found);
      this.table.set(candidate * 2 + 1, this.validated);
    }
    return found;
  };
  /** The index of the number validate last found, for lookUp. */
  private validated = INVALID;

  constructor(
    private readonly region: string | undefined,
    limit = 600_000,
  ) {
    this.plan = regionPlan(region);
    this.table = new IntegerTable(limit);
  }

  private numberAt(e164: string): number {
    let index = this.numberIndex.get(e164);
    if (index === undefined) {
      index = this.numbers.length;
      this.numbers.push(e164);
      this.numberIndex.set(e164, index);
    }
    return index;
  }

  /** The index in `numbers` of the number a spelling stands for, or INVALID. */
  private indexOf(text: string): number {
    const packed = packedSpelling(text);
    if (packed === undefined) {
      if (!/^[+\d\s().-]+$/.test(text)) {
        const phone = normalisePhone(text, this.region);
        return phone.valid ? this.numberAt(phone.value) : INVALID;
      }
      const key = text.replace(/[\s().-]/g, '');
      let index = this.long.get(key);
      if (index === undefined) {
        index = this.lookUp(key, text);
        if (this.long.size >= 10_000) this.long.clear();
        this.long.set(key, index);
      }
      return index;
    }
    let index = this.table.get(packed * 2);
    if (index === undefined) {
      index = this.knownCandidate(packed) ?? this.lookUp(text.replace(/[\s().-]/g, ''), text);
      this.table.set(packed * 2, index);
    }
    return index;
  }

  private lookUp(key: string, text: string): number {
    this.validated = INVALID;
    const e164 = quickE164(key, this.plan, this.validate) ?? normalisePhone(text, this.region).value;
    // The number validate found is at hand: no lookup of its text.
    if (this.validated !== INVALID && this.numbers[this.validated] === e164) return this.validated;
    return e164.startsWith('+') ? this.numberAt(e164) : INVALID;
  }

  /**
   * The number a new packed spelling stands for when quickE164 would take a candidate already found valid (by an
   * earlier spelling of the number), worked out on the packed digits without a string; undefined for anything
   * else, which lookUp reads. A journal spells each number several ways: all but the first end here.
   */
  private knownCandidate(packed: number): number | undefined {
    const plus = packed % 2;
    const rest = (packed - plus) / 2;
    const count = rest % 16;
    const digits = (rest - count) / 16;
    // Leading zeros, which the digits' value does not show: lookUp.
    if (digits < POWERS_OF_TEN[count - 1]!) return undefined;
    let candidate: number;
    let candidateCount: number;
    let nationalCount: number;
    if (plus) {
      const codeCount = callingCodeLength(digits, count);
      if (codeCount === 0) return undefined;
      const plan = internationalPlan(String(Math.floor(digits / POWERS_OF_TEN[count - codeCount]!)));
      nationalCount = count - codeCount;
      if (!plan || startsWithDigits(digits % POWERS_OF_TEN[nationalCount]!, nationalCount, plan.nationalPrefix))
        return undefined;
      candidate = digits;
      candidateCount = count;
    } else {
      const plan = this.plan;
      if (!plan) return undefined;
      const prefix = plan.nationalPrefix;
      // Without the trunk prefix, the first candidate; otherwise the digits as a national number, the first of two.
      nationalCount = prefix && startsWithDigits(digits, count, prefix) ? count - prefix.length : count;
      candidate = Number(plan.callingCode) * POWERS_OF_TEN[nationalCount]! + (digits % POWERS_OF_TEN[nationalCount]!);
      candidateCount = plan.callingCode.length + nationalCount;
    }
    if (nationalCount < 4 || candidateCount > 14) return undefined;
    const known = this.table.get(((candidate * 16 + candidateCount) * 2 + 1) * 2 + 1);
    return known === undefined || known === INVALID ? undefined : known;
  }

  /**
   * The number a spelling stands for, as a small integer: the same for every spelling of one number, -1 for a
   * spelling of no valid number. `numberOf` gives its E.164 form.
   */
  numberId(raw: string): number {
    return this.indexOf(raw.trim());
  }

  idOf(row: PhonesOfRow, i: number): number {
    return this.indexOf(row.phones[i]!.trim());
  }

  numberOf(id: number): string {
    return this.numbers[id]!;
  }

  /** The E.164 text of every number id from `first` on: what another thread needs to read the ids it is given. */
  numbersFrom(first: number): string[] {
    return this.numbers.slice(first);
  }

  normalise(raw: string): NormalisedPhone {
    const text = raw.trim();
    const index = this.indexOf(text);
    return normalisedSpelling(text, index === INVALID ? undefined : this.numbers[index], this.region);
  }
}

/**
 * Whether stored phones' spellings read back as their numbers: in a region, or alone (`undefined`: as an import that
 * knows no region reads them). What an export asks of every phone of every client to choose the text it writes, so
 * it must be cheap: a spelling that is its number's E.164 form is that number in any region (it was validated when it
 * was stored, and a leading '+' leaves the region no say), and any other is read as an import reads it, by a
 * PhoneCache (validation of candidates instead of a parse), never parsed and validated again one by one.
 */
export class SpellingReader {
  private readonly cache: PhoneCache;

  constructor(region: string | undefined) {
    this.cache = new PhoneCache(region);
  }

  /** Whether `raw` is read as `e164`, a stored valid number (normalisePhone(raw, region) gives it, valid). */
  readsAs(raw: string, e164: string): boolean {
    if (raw === e164) return true;
    const read = this.cache.normalise(raw);
    return read.valid && read.value === e164;
  }
}

/**
 * What normalisePhone gives for a trimmed spelling already known to stand for `e164`, or for no valid number: only
 * an invalid one needs its own words (which spelling, which region), rare enough to ask for again.
 */
export function normalisedSpelling(
  text: string,
  e164: string | undefined,
  region: string | undefined,
): NormalisedPhone {
  return e164 === undefined ? normalisePhone(text, region) : { value: e164, raw: text, valid: true };
}

/** 10^0 to 10^15, exact. */
const POWERS_OF_TEN = Array.from({ length: 16 }, (_, i) => 10 ** i);

/** 1 for each country calling code (1 to 999), by its value: codes have no leading zero. */
const CALLING_CODES = new Uint8Array(1000);
for (const code of Object.keys(metadata.country_calling_codes)) CALLING_CODES[Number(code)] = 1;

/**
 * How many of the first digits (no leading zero) are a calling code, as quickE164 finds it after a '+' (codes are
 * prefix-free); 0 when none is.
 */
function callingCodeLength(digits: number, count: number): number {
  for (let length = 1; length <= 3 && length <= count; length++) {
    if (CALLING_CODES[Math.floor(digits / POWERS_OF_TEN[count - length]!)] === 1) return length;
  }
  return 0;
}

/** Whether the `count` digits of `digits` (leading zeros included) start with `prefix`'s. */
function startsWithDigits(digits: number, count: number, prefix: string | undefined): boolean {
  if (!prefix || prefix.length > count) return false;
  return Math.floor(digits / POWERS_OF_TEN[count - prefix.length]!) === Number(prefix);
}

const PLUS = 43;
const ZERO = 48;
const SPACE = 32;

/** What a spelling may hold between its digits: spaces (tab and no-break too) and ( ) - . */
function isSeparator(code: number): boolean {
  return code === SPACE || code === 40 || code === 41 || code === 45 || code === 46 || code === 9 || code === 0xa0;
}

/**
 * A spelling of digits (a leading '+', spaces and ( ) - . allowed) with at most 14 digits, as one number:
 * ((digits × 16 + their count) × 2 + plus). Under 2^53, so exact; anything else is undefined.
 */
function packedSpelling(text: string): number | undefined {
  let value = 0;
  let count = 0;
  let plus = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= ZERO && code <= ZERO + 9) {
      if (++count > 14) return undefined;
      value = value * 10 + (code - ZERO);
    } else if (code === PLUS && i === 0) plus = 1;
    else if (!isSeparator(code)) return undefined;
  }
  return count === 0 ? undefined : (value * 16 + count) * 2 + plus;
}

/** The phones of a row, and the number ids the thread that read it gave them, when it could (see NumberBook). */
export interface PhonesOfRow {
  readonly phones: readonly string[];
  readonly phoneIds?: readonly number[];
}

/**
 * A row's phones as number ids, one id space for a whole import, chosen once: a PhoneCache where the phones are
 * normalised on the main thread, a NumberBook where the reading thread numbered them. An id names one valid number
 * (two ids may name the same one); -1 is a spelling of no valid number.
 */
export interface PhoneNumbers {
  /** The id of the number the row's `i`-th phone spells, or -1. */
  idOf(row: PhonesOfRow, i: number): number;
  /** The E.164 text of an id `idOf` gave. */
  numberOf(id: number): string;
}

/**
 * The number ids another thread's PhoneCache gave (ids are handed out in order, so each batch of rows brings the
 * E.164 texts of the ids it is the first to name), for rows read with them. A row the thread could not number (a
 * cell listing two phones, which it took for one spelling) has its phones numbered here, by a PhoneCache of this
 * thread, in the same id space: the thread's ids are the even ones, this cache's the odd ones.
 */
export class NumberBook implements PhoneNumbers {
  private readonly texts: string[] = [];
  private readonly own: PhoneCache;

  constructor(region: string | undefined) {
    this.own = new PhoneCache(region);
  }

  learn(firstNumber: number, numbers: readonly string[]): void {
    if (firstNumber !== this.texts.length) throw new Error('phone number ids out of order');
    for (const text of numbers) this.texts.push(text);
  }

  idOf(row: PhonesOfRow, i: number): number {
    const ids = row.phoneIds;
    if (ids !== undefined) {
      const id = ids[i]!;
      return id < 0 ? id : id * 2;
    }
    const id = this.own.idOf(row, i);
    return id < 0 ? id : id * 2 + 1;
  }

  numberOf(id: number): string {
    return id & 1 ? this.own.numberOf(id >> 1) : this.texts[id >> 1]!;
  }
}
