import type { Database } from 'better-sqlite3';
import type { ContactFilter, ContactSort, ParsedInput } from '../../../shared/contract.ts';
import type { Contact, Page } from '../../../shared/domain.ts';
import { contactColumns, toContact, type ContactRow } from './contactRow.ts';
import { parseSearch, phoneDigitsMatch, prefixEnd } from './searchQuery.ts';
import { cachedStatement } from '../db/statements.ts';

export type ContactListQuery = ParsedInput<'contacts.list'>;

export const DEFAULT_PAGE_SIZE = 50;

/** The most matches a filtered total counts: past it the list says "10,000+" (see listContacts). */
export const TOTAL_CAP = 10_000;

// Each sort follows one of the live-contact indexes exactly (id breaks ties), so a page is read
// straight off the index instead of sorting every matching contact.
const ORDER_BY: Record<ContactSort, string> = {
  name: 'c.last_name COLLATE NOCASE, c.first_name COLLATE NOCASE, c.id',
  '-name': 'c.last_name COLLATE NOCASE DESC, c.first_name COLLATE NOCASE DESC, c.id DESC',
  email: 'c.email COLLATE NOCASE, c.id',
  '-email': 'c.email COLLATE NOCASE DESC, c.id DESC',
  company: 'c.company COLLATE NOCASE, c.id',
  '-company': 'c.company COLLATE NOCASE DESC, c.id DESC',
  createdAt: 'c.created_at, c.id',
  '-createdAt': 'c.created_at DESC, c.id DESC',
  updatedAt: 'c.updated_at, c.id',
  '-updatedAt': 'c.updated_at DESC, c.id DESC',
};

/** The live-contact index each sort reads in order (either direction). */
const SORT_INDEX: Record<ContactSort, string> = {
  name: 'idx_contacts_live_name',
  '-name': 'idx_contacts_live_name',
  email: 'idx_contacts_live_email_sort',
  '-email': 'idx_contacts_live_email_sort',
  company: 'idx_contacts_live_company',
  '-company': 'idx_contacts_live_company',
  createdAt: 'idx_contacts_live_created',
  '-createdAt': 'idx_contacts_live_created',
  updatedAt: 'idx_contacts_live_updated',
  '-updatedAt': 'idx_contacts_live_updated',
};

/**
 * A word search with no sort asked for: best match first (bm25), equal matches newest first. Past
 * RANK_LIMIT matches: newest first alone (MANY_ORDER).
 */
const RANKED_ORDER = 'f.rank, f.rowid DESC';
/**
 * Newest first: the order contacts were added to this database, the last one first (the rowid; a
 * new contact always gets one above every existing contact's). The word index holds its matches in
 * rowid order, so it hands over the first page without reading or sorting the other matches.
 */
const MANY_ORDER = 'f.rowid DESC';

interface Built {
  from: string;
  where: string;
  params: Record<string, unknown>;
  /** With search text and no sort asked for, the best matches come first. */
  defaultOrder: string;
  /** Set for a word search with no other filter: the exact total, read off the word index alone. */
  ftsTotal?: string;
  /** Set for a word search: the WHERE that matches the same contacts without joining the word index. */
  whereByIndex?: string;
  /** A word search with no other filter: the word index alone decides which contacts match. */
  wordsOnly: boolean;
  /** A word search: `from` joins the word index as f (f.rowid is the contact's rowid). */
  joinsWords: boolean;
}

/** The FROM and WHERE shared by a page and its total. Live contacts only. */
function build(q: ContactListQuery): Built | null {
  const where = ['c.deleted_at IS NULL'];
  const params: Record<string, unknown> = {};
  let from = 'contacts c';
  let defaultOrder = ORDER_BY.name;
  let words = false;
  if (q.query !== undefined && q.query.trim() !== '') {
    const search = parseSearch(q.query);
    if (search === null) return null; // only punctuation: nothing can match
    if (search.kind === 'email') {
      // A range on the live email index; its order is the page's order: the whole email typed, if a
      // contact has it, comes first.
      where.push('c.email COLLATE NOCASE >= @emailFrom AND c.email COLLATE NOCASE < @emailTo');
      params.emailFrom = search.prefix;
      params.emailTo = prefixEnd(search.prefix);
      defaultOrder = ORDER_BY.email;
    } else if (search.phoneDigits === null) {
      params.match = search.match;
      from = 'contacts_fts f JOIN contacts c ON c.rowid = f.rowid';
      where.push('contacts_fts MATCH @match');
      defaultOrder = RANKED_ORDER;
      words = true;
    } else {
      params.match = search.match;
      // Digits inside a phone number cannot be found through the word index: they are looked up in the
      // phone-digit index (006: every 3-digit run of live contacts' numbers), as one quoted phrase:
      // the digits, consecutive, anywhere in the number (or without a leading trunk prefix).
      where.push(`(c.rowid IN (SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH @match)
        OR c.rowid IN (SELECT rowid FROM contacts_fts_phone WHERE contacts_fts_phone MATCH @phoneMatch))`);
      params.phoneMatch = phoneDigitsMatch(search.phoneDigits);
    }
  }
  if (q.tag !== undefined) {
    where.push('c.id IN (SELECT t.contact_id FROM contact_tags t WHERE t.tag = @tag)');
    params.tag = q.tag;
  }
  if (q.createdFrom !== undefined) {
    where.push('c.created_at >= @createdFrom');
    params.createdFrom = q.createdFrom;
  }
  if (q.createdTo !== undefined) {
    where.push('c.created_at <= @createdTo');
    params.createdTo = q.createdTo;
  }
  const built: Built = {
    from,
    where: where.join(' AND '),
    params,
    defaultOrder,
    wordsOnly: words && where.length === 2,
    joinsWords: words,
  };
  if (words) {
    // The word index holds live contacts only, so it alone counts the matches: no contact is read
    // (0.5 ms for the first 10,001 of 100,000 matches, where reading each contact took 25 ms).
    if (built.wordsOnly)
      built.ftsTotal = `SELECT count(*) AS n FROM (SELECT 1 FROM contacts_fts WHERE contacts_fts MATCH @match LIMIT ${TOTAL_CAP + 1})`;
    built.whereByIndex = where
      .map((w) =>
        w === 'contacts_fts MATCH @match'
          ? 'c.rowid IN (SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH @match)'
          : w,
      )
      .join(' AND ');
  }
  return built;
}

const isUnfiltered = (q: ContactListQuery) =>
  (q.query === undefined || q.query.trim() === '') &&
  q.tag === undefined &&
  q.createdFrom === undefined &&
  q.createdTo === undefined;

/**
 * Past this many matches a word search reads its page differently (`manySql`): with no sort asked
 * for, newest first instead of best match first (ranking computes bm25 for every match and sorts
 * them all: ~10 ms at 5,000 matches, 80-140 ms at 100,000); with a sort, off the sort's own index
 * instead of sorting every match (the FTS join sorted 104,000 matches of "Sch" in 150-760 ms at
 * 1,000,000 contacts; read off the index, 10-20 ms). Under it, reading and sorting a few thousand
 * matches is cheap, and reading the sort's index could walk most of it to fill a page.
 */
export const RANK_LIMIT = 5_000;

const DATE_SORTS: ReadonlySet<ContactSort> = new Set(['createdAt', '-createdAt', 'updatedAt', '-updatedAt']);

/**
 * Under RANK_LIMIT matches, a search sorted by a date still reads the date's index when the matches
 * are dense enough. A date says nothing about the words, so the matches lie evenly along its index:
 * filling the page passes about (offset + limit) * live / n entries, each checked against the
 * matches (~0.1 us), where sorting reads every match's contact first (1.5-5 us each, far more when
 * its page is not cached). The index is read when that walk is at most WALK_PER_MATCH * n entries:
 * at 1,000,000 contacts and 25 a page, from ~1,100 matches. (Name, email and company are not used
 * this way: their order follows the words, so a prefix's matches bunch up in one place of the index
 * and the walk can pass most of it: "Alt" by name, descending, 174 ms where sorting took 7.)
 */
export const WALK_PER_MATCH = 20;

/**
 * A sorted word search with more than TOTAL_CAP matches (and no other filter) first tries a window:
 * the first W entries of the sort's index, kept if the word index, read once, finds at least a page
 * among them (then no match outside the window can come before them). That spares building the set
 * of every match (~100 ns each: "Sch", 104,000 matches at 1,000,000 contacts, 10-11 ms by window
 * 5-6 ms; "And", 316,000: 33 -> 15 ms). W is WINDOW_SLACK times the entries that should hold a page,
 * from the density of the matches: the rowid of the (TOTAL_CAP + 1)th one. The window is tried only
 * when the matches are at least WINDOW_GAIN times W (reading the word index costs ~35 ns a match,
 * a window entry ~0.5 us); when it finds too few (a sort that follows the words, where matches bunch
 * up), the set of every match is built after all.
 */
export const WINDOW_SLACK = 4;
export const WINDOW_GAIN = 15;
const DENSITY_SQL = `SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH @match LIMIT 1 OFFSET ${TOTAL_CAP}`;

/**
 * Up to TOTAL_CAP matches (counted exactly), a search sorted by name first reads a bounded stretch of
 * the name index, up to the last name found WINDOW_SLACK * (offset + limit) * live / n entries in (when that is at
 * most NAME_WALK_MAX), each entry checked against the matches. A full page there is exact (every
 * contact past the stretch comes after it); otherwise the matches are read and sorted. At 1,000,000
 * contacts, 2,000-5,000 matches: 2-5 ms, where reading and sorting them took 4-7 ms warm and 60-200
 * ms on a first call (their contacts' pages not cached); a prefix whose matches bunch up past the
 * stretch ("Ski" by name, 6,870 matches) costs the stretch (~1-2 ms) on top of the sort, where
 * walking the name index until the page is full took 30 ms warm and 370 ms on a first call. Past
 * TOTAL_CAP the name index is walked until the page is full (through a window first, when nothing
 * else filters); sorting that many matches costs more.
 */
export const NAME_WALK_MAX = 100_000;

/**
 * ...and only when the stretch is at most NAME_WALK_PER_MATCH entries per match: with few matches the
 * stretch is long (4 * 25 * live / n) and sorting them is cheaper. At 100,000 contacts, a 3-letter
 * name prefix sorted by name: 227 matches, a stretch of 44,000 entries, 8-13 ms (17-38 ms with the
 * reader's cache emptied by a bulk action's commit) where sorting took 0.2-1 ms; 500 matches, 20,000
 * entries: 2.2 ms (3.9 after a commit) against 0.8 (4.6); from ~1,000 matches the stretch wins
 * (1.1 ms against 1.4; 2.1 against 7.0 after a commit). Sorting costs ~1.5 us a match warm and
 * ~5-10 after a commit, the stretch ~0.1-0.2 us an entry; a stretch that misses the page (matches
 * bunched past it) costs both. Even at ~20 entries a match (~700 matches at 100,000 contacts, ~2,200
 * at 1,000,000) (tests/bench/README.md, 3 Dec 2026).
 */
export const NAME_WALK_PER_MATCH = 20;

/**
 * The SQL of one page, exported so tests can EXPLAIN it. `countSql` counts every match exactly (the
 * "all N matching" selection of a bulk delete and the export rely on it); `totalSql` is what the list
 * shows: the live-contact counter when nothing filters, else a count that stops at TOTAL_CAP + 1 (for
 * a word search alone, counted off the word index without reading contacts). For a word search,
 * `manySql` is the page used past RANK_LIMIT matches: with no sort, newest first off the word index;
 * with one, read off the sort's index, each entry checked against the matches (`rowid IN`).
 */
/**
 * The live contacts a filter matches, as SQL fragments (`SELECT … FROM ${from} WHERE ${where}`, alias c
 * for contacts, and f for the word index when `joinsWords`): the list, its totals, a bulk delete's "all
 * N matching" and its preview all start from these, so they match the same contacts. Null: nothing can match.
 */
export function contactMatch(
  filter: ContactFilter,
): { from: string; where: string; params: Record<string, unknown>; joinsWords: boolean } | null {
  const b = build(filter);
  return b && { from: b.from, where: b.where, params: b.params, joinsWords: b.joinsWords };
}

export function listSql(q: ContactListQuery): {
  sql: string;
  countSql: string;
  totalSql: string;
  manySql: string | null;
  /** Sorted by a date: manySql also serves under RANK_LIMIT when the matches are dense (WALK_PER_MATCH). */
  dateSort: boolean;
  /** Sorted by name: manySql over the name index up to the last name @bound (see NAME_WALK_MAX). */
  boundedSql: string | null;
  /** Sorted by name: the last name @window entries into the name index. */
  boundSql: string | null;
  /** A sorted word search with no other filter: its page among the first @window entries of the sort's index. */
  windowSql: string | null;
  /** Whether totalSql stops counting at TOTAL_CAP + 1. */
  totalCapped: boolean;
  params: Record<string, unknown>;
} | null {
  const b = build(q);
  if (!b) return null;
  const order = q.sort ? ORDER_BY[q.sort] : b.defaultOrder;
  const page = `LIMIT @limit OFFSET @offset`;
  const columns = contactColumns('c');
  let sql = `SELECT ${columns} FROM ${b.from} WHERE ${b.where} ORDER BY ${order} ${page}`;
  if (b.wordsOnly && !q.sort) {
    // Ranked off the word index alone, then only the page's contacts are read: joining first read
    // every match's contact row (cold, 120-175 ms for 4,000-5,000 matches at 1,000,000; now 15-25).
    sql = `SELECT ${columns} FROM (SELECT rowid, rank FROM contacts_fts WHERE contacts_fts MATCH @match
      ORDER BY rank, rowid DESC ${page}) f JOIN contacts c ON c.rowid = f.rowid
      WHERE c.deleted_at IS NULL ORDER BY ${RANKED_ORDER}`;
  }
  let manySql: string | null = null;
  if (b.whereByIndex !== undefined) {
    manySql = q.sort
      ? `SELECT ${columns} FROM contacts c INDEXED BY ${SORT_INDEX[q.sort]} WHERE ${b.whereByIndex} ORDER BY ${ORDER_BY[q.sort]} ${page}`
      : `SELECT ${columns} FROM ${b.from} WHERE ${b.where} ORDER BY ${MANY_ORDER} ${page}`;
  }
  return {
    sql,
    countSql: `SELECT count(*) FROM ${b.from} WHERE ${b.where}`,
    totalSql: isUnfiltered(q)
      ? 'SELECT n FROM contacts_live_count WHERE id = 1'
      : (b.ftsTotal ?? `SELECT count(*) AS n FROM (SELECT 1 FROM ${b.from} WHERE ${b.where} LIMIT ${TOTAL_CAP + 1})`),
    manySql,
    dateSort: q.sort !== undefined && DATE_SORTS.has(q.sort),
    ...byName(q, b, columns, page),
    windowSql:
      b.wordsOnly && q.sort
        ? `SELECT ${columns} FROM contacts c WHERE c.rowid IN (SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH @match
            AND +rowid IN (SELECT w.rowid FROM contacts w INDEXED BY ${SORT_INDEX[q.sort]} WHERE w.deleted_at IS NULL
            ORDER BY ${ORDER_BY[q.sort].replaceAll('c.', 'w.')} LIMIT @window)) ORDER BY ${ORDER_BY[q.sort]} ${page}`
        : null,
    totalCapped: !isUnfiltered(q),
    params: { ...b.params, limit: q.limit ?? DEFAULT_PAGE_SIZE, offset: q.offset ?? 0 },
  };
}

function byName(q: ContactListQuery, b: Built, columns: string, page: string) {
  if (b.whereByIndex === undefined || (q.sort !== 'name' && q.sort !== '-name')) {
    return { boundedSql: null, boundSql: null };
  }
  const upTo = q.sort === 'name' ? '<=' : '>=';
  return {
    boundedSql: `SELECT ${columns} FROM contacts c INDEXED BY idx_contacts_live_name WHERE ${b.whereByIndex}
      AND c.last_name COLLATE NOCASE ${upTo} @bound ORDER BY ${ORDER_BY[q.sort]} ${page}`,
    boundSql: `SELECT c.last_name AS bound FROM contacts c INDEXED BY idx_contacts_live_name WHERE c.deleted_at IS NULL
      ORDER BY ${ORDER_BY[q.sort]} LIMIT 1 OFFSET @window`,
  };
}

/** The page of a word search sorted by name, read off a bounded stretch of the name index (NAME_WALK_MAX, NAME_WALK_PER_MATCH), or null. */
export function pageByName(
  db: Database,
  built: NonNullable<ReturnType<typeof listSql>>,
  n: number,
): ContactRow[] | null {
  if (built.boundedSql === null || built.boundSql === null || n === 0 || n > TOTAL_CAP) return null;
  const { limit, offset } = built.params as { limit: number; offset: number };
  const { n: live } = cachedStatement(db, 'SELECT n FROM contacts_live_count WHERE id = 1').get() as { n: number };
  const window = Math.ceil((WINDOW_SLACK * (offset + limit) * live) / n);
  if (window > NAME_WALK_MAX || window > NAME_WALK_PER_MATCH * n) return null;
  const end = cachedStatement(db, built.boundSql).get({ window }) as { bound: string } | undefined;
  // Fewer contacts than that: the whole index is the stretch.
  const sql = end === undefined ? built.manySql! : built.boundedSql;
  const rows = cachedStatement(db, sql).all({ ...built.params, ...(end && { bound: end.bound }) }) as ContactRow[];
  return rows.length === limit || end === undefined ? rows : null;
}

/**
 * Whether a word search's page is read with manySql, given n matches (see RANK_LIMIT, WALK_PER_MATCH,
 * NAME_WALK_MAX: sorted by name, up to TOTAL_CAP matches are sorted when the stretch misses the page).
 */
export function readsIndex(db: Database, built: NonNullable<ReturnType<typeof listSql>>, n: number): boolean {
  if (built.boundedSql !== null && n <= TOTAL_CAP) return false;
  if (n > RANK_LIMIT) return true;
  if (!built.dateSort || n === 0) return false;
  const { limit, offset } = built.params as { limit: number; offset: number };
  const { n: live } = cachedStatement(db, 'SELECT n FROM contacts_live_count WHERE id = 1').get() as { n: number };
  return (offset + limit) * live <= WALK_PER_MATCH * n * n;
}

/**
 * The page of a sorted word search read through a window of the sort's index (WINDOW_SLACK), or null
 * when the window is not worth trying or holds less than the page.
 */
export function pageByWindow(
  db: Database,
  built: NonNullable<ReturnType<typeof listSql>>,
  n: number,
): ContactRow[] | null {
  if (built.windowSql === null || n <= TOTAL_CAP) return null;
  const { limit, offset, match } = built.params as { limit: number; offset: number; match: string };
  const nth = cachedStatement(db, DENSITY_SQL).get({ match }) as { rowid: number } | undefined;
  if (nth === undefined) return null;
  const { n: live } = cachedStatement(db, 'SELECT n FROM contacts_live_count WHERE id = 1').get() as { n: number };
  // At least (TOTAL_CAP + 1) / nth.rowid of the contacts match (rowids of deleted contacts count
  // here too, so among live ones the matches are denser than that, and the window larger than needed).
  const window = Math.ceil((WINDOW_SLACK * (offset + limit) * nth.rowid) / (TOTAL_CAP + 1));
  if (((TOTAL_CAP + 1) * live) / nth.rowid < WINDOW_GAIN * window) return null;
  const rows = cachedStatement(db, built.windowSql).all({ ...built.params, window }) as ContactRow[];
  return rows.length === limit ? rows : null;
}

/**
 * One page of live contacts matching the search text, tag and creation dates (both ends included),
 * with the total that match. Sorted as asked (a word search with many matches is read off the sort's
 * own index, see RANK_LIMIT, WALK_PER_MATCH and WINDOW_SLACK; the order is the same); otherwise:
 * - searching words: up to RANK_LIMIT matches, best match first (bm25 over name, email, company and
 *   phone digits), equal matches newest first; past RANK_LIMIT matches, newest first. "Newest" is the
 *   order contacts were added to this database, the last one first (their rowid: for contacts created
 *   or imported in the app, the order of their creation time; seeded sample data carries made-up
 *   creation dates). A broad search ("Sch" matches a tenth of a million contacts) is answered this
 *   way in about a millisecond: the word index hands over its newest matches without reading or
 *   sorting the others, where name order had to collect every match first (10-35 ms at 1,000,000).
 * - searching an email: by email;
 * - else: by last name, then first name.
 * Every order ends in a unique key, so pages never overlap or skip a contact. Ascending sorts put
 * contacts without the sorted field first.
 *
 * The total: every live contact when nothing filters (a counter kept by triggers, 005). A filtered
 * total counts at most TOTAL_CAP + 1 matches: past TOTAL_CAP the answer is `total: TOTAL_CAP` with
 * `totalCapped: true`, which the list shows as "10,000+" (counting a million matches exactly took
 * 50-200 ms on every keystroke). The pages themselves go on past it.
 */
export function listContacts(db: Database, q: ContactListQuery): Page<Contact> {
  const built = listSql(q);
  if (!built) return { total: 0, rows: [] };
  const { limit: _limit, offset: _offset, ...countParams } = built.params;
  return db.transaction(() => {
    const { n } = cachedStatement(db, built.totalSql).get(countParams) as { n: number };
    const sql = built.manySql !== null && readsIndex(db, built, n) ? built.manySql : built.sql;
    const rows = (
      pageByWindow(db, built, n) ??
      pageByName(db, built, n) ??
      (cachedStatement(db, sql).all(built.params) as ContactRow[])
    ).map(toContact);
    return built.totalCapped && n > TOTAL_CAP ? { total: TOTAL_CAP, totalCapped: true, rows } : { total: n, rows };
  })();
}
