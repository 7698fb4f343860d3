import { type CountryCode, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/min';

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

function parseValid(text: string, region: string | undefined): string | undefined {
  const parsed = parsePhoneNumberFromString(text, region ? { defaultCountry: region as CountryCode } : undefined);
  return parsed?.isValid() ? parsed.number : undefined;
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
  const e164 =
    parseValid(candidate, region) ??
    // A spreadsheet dropped the leading '+' of an international number.
    (!candidate.startsWith('+') && candidate.replace(/\D/g, '').length >= 10
      ? parseValid(`+${candidate.replace(/\D/g, '')}`, undefined)
      : undefined);
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
