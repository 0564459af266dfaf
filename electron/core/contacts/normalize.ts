// How contact fields are stored, whichever way they were typed.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** The bare digits of a phone number as typed, or null when it has none. */
export function phoneDigits(phone: string | null | undefined): string | null {
  const digits = (phone ?? '').replace(/\D/g, '');
  return digits === '' ? null : digits;
}

/**
 * A phone number in the one form that uniqueness, restore conflicts, import duplicates and search
 * compare (`contacts.phone_digits`): its E.164 digits without the '+' (plus an extension's digits),
 * read with `region` (the phoneRegion setting) for numbers written without a country code, so
 * "+1 827 402 2308", "1 827 402 2308" and "(827) 402-2308" (region US) are all 18274022308. A number
 * libphonenumber cannot read as a possible number of its country (too short, too long, an unknown
 * country code) keeps its bare digits. A phone with no digits has none (null).
 */
export function canonicalPhone(phone: string | null | undefined, region: string | null): string | null {
  const digits = phoneDigits(phone);
  if (digits === null) return null;
  try {
    const parsed = parsePhoneNumberFromString(phone!, (region ?? undefined) as CountryCode | undefined);
    if (parsed?.isPossible()) return parsed.number.slice(1) + (parsed.ext ?? '').replace(/\D/g, '');
  } catch {
    // libphonenumber throws on some malformed input: the bare digits are compared then
  }
  return digits;
}

/** An empty text field is no value at all: it is stored as NULL, not as ''. */
export const blankToNull = (value: string | null | undefined): string | null =>
  value === undefined || value === null || value.trim() === '' ? null : value.trim();

/**
 * Tags are trimmed and kept once each, compared without case: the first spelling given wins,
 * and the order the user gave is kept.
 */
export function normalizeTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags) {
    const tag = raw.trim();
    const key = tag.toLowerCase();
    if (tag === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(tag);
  }
  return out;
}
