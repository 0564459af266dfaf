import type { Database } from 'better-sqlite3';

// One rule for how searched text is compared, in the Contacts search and in the Restore tab: without
// case and without diacritics, so "élodie" finds "Élodie", "orsted" finds "Ørsted" and "lodz" finds
// "Łódź".
//
// The Contacts search's word index tokenizes with FTS5's `unicode61 remove_diacritics 2`, which
// lower-cases and strips the marks of letters that decompose (É = E + acute), but keeps letters that
// have no decomposition as they are (ø, đ, ł, ß, æ, œ, þ, ð, ħ, ı, ŧ, ŀ). LETTER_FOLDS maps those to
// the plain letters a reader types for them; the index reads names through the `contacts_search` view
// (migration 009), which applies LETTER_FOLDS in SQL (foldLettersSql), and a query is folded here
// (foldText) before it is matched. The Restore tab, which scans deleted contacts, compares
// foldText() of both sides (the SQL function kyrios_fold).
//
// Changing LETTER_FOLDS changes what the index holds: it needs a new migration that recreates the
// view and the contacts_fts triggers (as 009 does) and rebuilds the index.

/** Letters without a Unicode decomposition, folded to what is typed for them (both cases). */
export const LETTER_FOLDS: Readonly<Record<string, string>> = {
  Ø: 'o',
  ø: 'o',
  Ǿ: 'o',
  ǿ: 'o',
  Đ: 'd',
  đ: 'd',
  Ð: 'd',
  ð: 'd',
  Ł: 'l',
  ł: 'l',
  Ŀ: 'l',
  ŀ: 'l',
  ẞ: 'ss',
  ß: 'ss',
  Æ: 'ae',
  æ: 'ae',
  Œ: 'oe',
  œ: 'oe',
  Þ: 'th',
  þ: 'th',
  Ħ: 'h',
  ħ: 'h',
  ı: 'i',
  Ŧ: 't',
  ŧ: 't',
};

const isAscii = (text: string): boolean => {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
};
const FOLDABLE = new RegExp(`[${Object.keys(LETTER_FOLDS).join('')}]`, 'gu');

/**
 * Text as the searches compare it: lower case, marks removed from letters that decompose
 * (canonical decomposition, as unicode61 does), then LETTER_FOLDS. "Élodie Ørsted" -> "elodie orsted".
 */
export function foldText(text: string): string {
  // Plain ASCII (most names and every email) has nothing to fold but case.
  if (isAscii(text)) return text.toLowerCase();
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(FOLDABLE, (ch) => LETTER_FOLDS[ch]!)
    .toLowerCase();
}

/**
 * `expr` with LETTER_FOLDS applied, in plain SQL (nested replace()), so the index's view and its
 * triggers need no application function: any connection (the seed's child process, a tool, a
 * backup's check) can write contacts. Case and decomposable marks are left to unicode61.
 */
export function foldLettersSql(expr: string): string {
  let sql = expr;
  for (const [from, to] of Object.entries(LETTER_FOLDS)) sql = `replace(${sql}, '${from}', '${to}')`;
  return sql;
}

const registered = new WeakSet<Database>();

/** Makes `kyrios_fold(text)` (foldText, NULL stays NULL) callable in this connection's SQL. */
export function registerFold(db: Database): void {
  if (registered.has(db)) return;
  db.function('kyrios_fold', { deterministic: true }, (text: unknown) =>
    typeof text === 'string' ? foldText(text) : null,
  );
  registered.add(db);
}
