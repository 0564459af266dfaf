import type { Database } from 'better-sqlite3';
import type { ContactSort, ParsedInput } from '../../../shared/contract.ts';
import type { Contact, Page } from '../../../shared/domain.ts';
import { contactColumns, toContact, type ContactRow } from './contactRow.ts';
import { parseSearch, prefixEnd } from './searchQuery.ts';
import { statement } from './statements.ts';

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

interface Built {
  from: string;
  where: string;
  params: Record<string, unknown>;
  /** With search text and no sort asked for, the best matches come first. */
  defaultOrder: string;
  /** Set for a word search with no other filter: the exact total, read off the word index alone. */
  ftsTotal?: string;
  /** Set for a word search: the WHERE that matches the same contacts without joining the word index. */
  whereByName?: string;
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
      defaultOrder = 'f.rank, c.id';
      words = true;
    } else {
      params.match = search.match;
      // Digits inside a phone number cannot be found through the word index: they are looked up in the
      // phone-digit index (006: every 3-digit run of live contacts' numbers), as one quoted phrase:
      // the digits, consecutive, anywhere in the number.
      where.push(`(c.rowid IN (SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH @match)
        OR c.rowid IN (SELECT rowid FROM contacts_fts_phone WHERE contacts_fts_phone MATCH @phoneMatch))`);
      params.phoneMatch = `"${search.phoneDigits}"`;
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
  const built: Built = { from, where: where.join(' AND '), params, defaultOrder };
  if (words) {
    // The word index holds live contacts only, so it alone counts the matches: no contact is read
    // (0.5 ms for the first 10,001 of 100,000 matches, where reading each contact took 25 ms).
    if (where.length === 2)
      built.ftsTotal = `SELECT count(*) AS n FROM (SELECT 1 FROM contacts_fts WHERE contacts_fts MATCH @match LIMIT ${TOTAL_CAP + 1})`;
    built.whereByName = where
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
 * Past this many matches, a word search with no sort asked for is in name order instead of best
 * match first: ranking (bm25) reads and sorts every matching contact, 50-300 ms at 100,000 matches,
 * while name order reads the name index until the page is full (a few ms when matches are many).
 * Under it, ranking a few thousand rows is cheap and the best match comes first.
 */
export const RANK_LIMIT = 5_000;

/**
 * The SQL of one page, exported so tests can EXPLAIN it. `countSql` counts every match exactly (the
 * "all N matching" selection of a bulk delete and the export rely on it); `totalSql` is what the list
 * shows: the live-contact counter when nothing filters, else a count that stops at TOTAL_CAP + 1 (for
 * a word search alone, counted off the word index without reading contacts). `byNameSql`, for a word search with no sort asked
 * for, is the page in name order read off the name index, used past RANK_LIMIT matches.
 */
export function listSql(q: ContactListQuery): {
  sql: string;
  countSql: string;
  totalSql: string;
  byNameSql: string | null;
  /** Whether totalSql stops counting at TOTAL_CAP + 1. */
  totalCapped: boolean;
  params: Record<string, unknown>;
} | null {
  const b = build(q);
  if (!b) return null;
  const order = q.sort ? ORDER_BY[q.sort] : b.defaultOrder;
  const page = `LIMIT @limit OFFSET @offset`;
  return {
    sql: `SELECT ${contactColumns('c')} FROM ${b.from} WHERE ${b.where} ORDER BY ${order} ${page}`,
    countSql: `SELECT count(*) FROM ${b.from} WHERE ${b.where}`,
    totalSql: isUnfiltered(q)
      ? 'SELECT n FROM contacts_live_count WHERE id = 1'
      : (b.ftsTotal ?? `SELECT count(*) AS n FROM (SELECT 1 FROM ${b.from} WHERE ${b.where} LIMIT ${TOTAL_CAP + 1})`),
    byNameSql:
      b.whereByName && !q.sort
        ? `SELECT ${contactColumns('c')} FROM contacts c INDEXED BY idx_contacts_live_name WHERE ${b.whereByName} ORDER BY ${ORDER_BY.name} ${page}`
        : null,
    totalCapped: !isUnfiltered(q),
    params: { ...b.params, limit: q.limit ?? DEFAULT_PAGE_SIZE, offset: q.offset ?? 0 },
  };
}

/**
 * One page of live contacts matching the search text, tag and creation dates (both ends included),
 * with the total that match. Sorted as asked; otherwise: searching words, by best match when at most
 * RANK_LIMIT contacts match and by name past it; searching an email, by email; else by last name,
 * then first name. Ascending sorts put contacts without the sorted field first.
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
    const { n } = statement(db, built.totalSql).get(countParams) as { n: number };
    const sql = built.byNameSql !== null && n > RANK_LIMIT ? built.byNameSql : built.sql;
    const rows = (statement(db, sql).all(built.params) as ContactRow[]).map(toContact);
    return built.totalCapped && n > TOTAL_CAP ? { total: TOTAL_CAP, totalCapped: true, rows } : { total: n, rows };
  })();
}
