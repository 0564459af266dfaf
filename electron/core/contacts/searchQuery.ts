// Turns what a person types in the search box into what the contacts list matches:
// - text with an '@' inside one word ("ann.lee@exam", "ann.lee@example.com"): the contacts whose
//   email starts with it, without regard to case, read off the live email index;
// - otherwise an FTS5 MATCH expression over contacts_fts (first_name, last_name, email, company,
//   phone_digits), and for text that looks like a phone number, the digits to find inside phone numbers.

import { foldText } from './searchFold.ts';

const WORD = /[\p{L}\p{N}]+/gu;
const PHONE_LIKE = /^[+()\d\s.\-x]+$/;
/** One word with an '@' after at least one character: an email, whole or being typed. */
const EMAIL_LIKE = /^[^\s@]+@[^\s@]*$/;

export interface EmailSearch {
  kind: 'email';
  /**
   * The email, or its beginning, as typed (compared without case): contacts whose email starts with it match. A whole email
   * finds that contact (and any longer address it begins), so results never vanish while it is typed
   * ("ann@example.co" still finds ann@example.com).
   */
  prefix: string;
}

export interface WordSearch {
  kind: 'words';
  /** Every word typed must start a word of the name, email, company or phone digits. */
  match: string;
  /** How many words were typed. */
  words: number;
  /**
   * Set when the text is a phone number or a piece of one ("555-0102", "(555) 010"): contacts whose
   * phone digits contain these digits anywhere also match, so a number is found without its country
   * or area code, however it was punctuated.
   */
  phoneDigits: string | null;
}

export type ParsedSearch = EmailSearch | WordSearch;

/** Returns null when the text holds nothing searchable (only spaces or punctuation). */
export function parseSearch(text: string): ParsedSearch | null {
  const trimmed = text.trim();
  if (EMAIL_LIKE.test(trimmed)) return { kind: 'email', prefix: trimmed };
  // Folded as the index folds names (searchFold.ts): "Ørsted" and "orsted" are the same word.
  const words = foldText(text).match(WORD) ?? [];
  if (words.length === 0) return null;
  // Quoted, each word is a literal string: FTS5 syntax typed by the user (AND, NEAR, *, :) means nothing.
  const match = words.map((w) => `"${w}"*`).join(' AND ');
  const digits = text.replace(/\D/g, '');
  return {
    kind: 'words',
    match,
    words: words.length,
    phoneDigits: PHONE_LIKE.test(trimmed) && digits.length >= 3 ? digits : null,
  };
}

/**
 * The exclusive upper end of the range of strings that start with `prefix` under NOCASE (which folds
 * ASCII letters, then compares bytes): no UTF-8 character sorts after U+10FFFF.
 */
export const prefixEnd = (prefix: string) => `${prefix}\u{10FFFF}`;

/**
 * The phone-digit index's query for digits typed as a phone number: those digits anywhere in a
 * stored number, or, when they start with zeros (a trunk prefix, "020 7946" in the UK, or the
 * international "00"), the same digits without them: stored numbers are canonical (E.164 digits,
 * 442079460018), which drops the trunk prefix. Runs shorter than 3 digits are left out (the trigram
 * index cannot find them).
 */
export function phoneDigitsMatch(digits: string): string {
  const variants = new Set([digits, digits.replace(/^0+/, '')]);
  return [...variants]
    .filter((d) => d.length >= 3)
    .map((d) => `"${d}"`)
    .join(' OR ');
}
