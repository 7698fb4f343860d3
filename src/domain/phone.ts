import { type CountryCode, type E164Number, Metadata, PhoneNumber } from 'libphonenumber-js/core';
import { isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/min';
import minMetadata from 'libphonenumber-js/min/metadata';

export interface NormalisedPhone {
  /** E.164 when valid, else the digits as written (still usable to match the same typo twice). */
  value: string;
  raw: string;
  valid: boolean;
  /** Why it is not valid, for the import report. */
  problem?: string;
}

/** Region for numbers written without a country code: the configured one, else the country of LC_ALL / LANG. */
export function defaultRegion(
  configured: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (configured) return configured.toUpperCase();
  for (const locale of [env.LC_ALL, env.LANG]) {
    const country = /^[a-z]{2,3}_([A-Z]{2})\b/.exec(locale ?? '')?.[1];
    if (country && isSupportedCountry(country)) return country;
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

function parse(text: string, region: string | undefined) {
  return parsePhoneNumberFromString(text, region ? { defaultCountry: region as CountryCode } : undefined);
}

export function normalisePhone(raw: string, region?: string): NormalisedPhone {
  const text = raw.trim();
  const digits = text.replace(/\D/g, '');
  const scientific = expandScientific(text);
  if (scientific && 'lost' in scientific) {
    return {
      value: digits,
      raw: text,
      valid: false,
      problem: `phone '${text}' was rounded by a spreadsheet (scientific notation) and lost digits`,
    };
  }
  const candidate = scientific ? scientific.digits : text;
  const local = parse(candidate, region);
  // A spreadsheet dropped the leading '+' of an international number: it is then too long (or short) for the region.
  // (Retrying only then matters for speed too: libphonenumber throws on most retries.)
  const lostPlus =
    !local?.isValid() && !local?.isPossible() && !candidate.startsWith('+') && digits.length >= 10
      ? parse(`+${candidate.replace(/\D/g, '')}`, undefined)
      : undefined;
  const e164 = local?.isValid() ? local.number : lostPlus?.isValid() ? lostPlus.number : undefined;
  if (e164) return { value: e164, raw: text, valid: true };
  return {
    value: scientific ? scientific.digits : digits,
    raw: text,
    valid: false,
    problem: region
      ? `phone '${text}' is not a valid number for region ${region}; kept as written`
      : `phone '${text}' has no country code and no region is set (crm config set region RU); kept as written`,
  };
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
  try {
    const metadata = new Metadata(minMetadata);
    metadata.selectNumberingPlan(region as CountryCode);
    // Not in the typings, but the numbering plan's accessors have been stable for years (the version is pinned,
    // and a test checks this path against the full parser).
    const plan = metadata.numberingPlan as unknown as {
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

function validNumber(callingCode: string, national: string): string | undefined {
  if (national.length < 4) return undefined;
  const number = new PhoneNumber(`+${callingCode}${national}` as E164Number, minMetadata);
  return number.isValid() ? number.number : undefined;
}

/**
 * The number a spelling of only digits (and a leading '+') stands for, found by validating candidates instead of
 * parsing: about twenty times cheaper. Only a valid candidate is taken; anything else goes to the full parser.
 */
function quickE164(key: string, plan: RegionPlan | undefined): string | undefined {
  if (key.startsWith('+')) {
    for (const length of [1, 2, 3]) {
      const code = key.slice(1, 1 + length);
      if (code in minMetadata.country_calling_codes) return validNumber(code, key.slice(1 + length));
    }
    return undefined;
  }
  if (!plan) return undefined;
  const { callingCode, nationalPrefix } = plan;
  // The order libphonenumber reads a number without '+' in: trunk prefix stripped, then the digits as a national
  // number, and only when that is no number, a calling code written without its '+'.
  if (nationalPrefix && key.startsWith(nationalPrefix)) {
    const found = validNumber(callingCode, key.slice(nationalPrefix.length));
    if (found) return found;
  }
  const national = validNumber(callingCode, key);
  if (national) return national;
  return key.startsWith(callingCode) ? validNumber(callingCode, key.slice(callingCode.length)) : undefined;
}

/**
 * normalisePhone for a journal of a million rows, where the same numbers come back in a few spellings: the result
 * depends only on the region and the number's digits, '+' and punctuation, so spellings that differ only in
 * spaces, dashes, dots or brackets share one entry, and a new spelling is first tried by validation alone.
 * Anything else (letters, an extension) goes to normalisePhone uncached.
 */
export class PhoneCache {
  /**
   * E.164 by spelling ('' for a spelling that is no valid number). A spelling of at most 14 digits is keyed by a
   * number packing its digits, their count (leading zeros are part of a spelling) and the '+': read in one pass over
   * the text, with no string built, for the million rows of a journal.
   */
  private readonly cache = new Map<string | number, string>();
  private readonly plan: RegionPlan | undefined;

  constructor(
    private readonly region: string | undefined,
    private readonly limit = 400_000,
  ) {
    this.plan = regionPlan(region);
  }

  normalise(raw: string): NormalisedPhone {
    const text = raw.trim();
    const packed = packedSpelling(text);
    if (packed === undefined && !/^[+\d\s().-]+$/.test(text)) return normalisePhone(text, this.region);
    const key = packed ?? text.replace(/[\s().-]/g, '');
    let e164 = this.cache.get(key);
    if (e164 === undefined) {
      e164 = quickE164(text.replace(/[\s().-]/g, ''), this.plan) ?? normalisePhone(text, this.region).value;
      if (!e164.startsWith('+')) e164 = '';
      if (this.cache.size >= this.limit) this.cache.clear();
      // The spellings of one number share one string: the number written as E.164 is itself a spelling.
      else if (e164) {
        const asSpelling = packedSpelling(e164) ?? e164;
        const canonical = this.cache.get(asSpelling);
        if (canonical === undefined) this.cache.set(asSpelling, e164);
        else e164 = canonical;
      }
      this.cache.set(key, e164);
    }
    // An invalid number needs its own words (which spelling, which region): rare enough to ask again.
    return e164 ? { value: e164, raw: text, valid: true } : normalisePhone(text, this.region);
  }
}

const PLUS = 43;
const ZERO = 48;
const SPACE = 32;
/** Punctuation a spelling may hold between its digits: ( ) - . */
const PUNCTUATION = new Set([40, 41, 45, 46]);

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
    else if (code !== SPACE && !PUNCTUATION.has(code) && !(code === 9 || code === 0xa0)) return undefined;
  }
  return count === 0 ? undefined : (value * 16 + count) * 2 + plus;
}
