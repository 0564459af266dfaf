// Turns what a person types in the search box into what the contacts list matches: an FTS5 MATCH
// expression over contacts_fts (first_name, last_name, email, company, phone_digits), and for text that
// looks like a phone number, the digits to find inside phone numbers.

const WORD = /[\p{L}\p{N}]+/gu;
const PHONE_LIKE = /^[+()\d\s.\-x]+$/;

export interface ParsedSearch {
  /** Every word typed must start a word of the name, email, company or phone digits. */
  match: string;
  /**
   * Set when the text is a phone number or a piece of one ("555-0102", "(555) 010"): contacts whose
   * phone digits contain these digits anywhere also match, so a number is found without its country
   * or area code, however it was punctuated.
   */
  phoneDigits: string | null;
}

/** Returns null when the text holds nothing searchable (only spaces or punctuation). */
export function parseSearch(text: string): ParsedSearch | null {
  const words = text.match(WORD) ?? [];
  if (words.length === 0) return null;
  // Quoted, each word is a literal string: FTS5 syntax typed by the user (AND, NEAR, *, :) means nothing.
  const match = words.map((w) => `"${w}"*`).join(' AND ');
  const digits = text.replace(/\D/g, '');
  return { match, phoneDigits: PHONE_LIKE.test(text.trim()) && digits.length >= 3 ? digits : null };
}
