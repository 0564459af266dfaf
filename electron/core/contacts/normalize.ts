// How contact fields are stored, whichever way they were typed.

/**
 * The digits of a phone number: what uniqueness and search compare, so "+1 (555) 010-2000" and
 * "1 555 010 2000" are the same number. A phone with no digits has none (null).
 */
export function phoneDigits(phone: string | null | undefined): string | null {
  const digits = (phone ?? '').replace(/\D/g, '');
  return digits === '' ? null : digits;
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
