import type { Database } from 'better-sqlite3';
import type { RestoreSort } from '../../../shared/contract.ts';
import { DAY_MS, type DeletedContact, type NextPurge, type Page } from '../../../shared/domain.ts';
import { getSettings } from '../settings/settings.ts';
import { foldText, registerFold } from '../contacts/searchFold.ts';
import { DELETED_COLUMNS, DELETED_FROM, toDeletedContact, type DeletedRow } from './deletedContactRow.ts';

export type RestorePage = Page<DeletedContact> & { nextPurge: NextPurge | null };

/** The deleted contacts a search matches: a WHERE over `contacts c` and its parameters. */
function matching(db: Database, query: string | undefined): { where: string; params: Record<string, unknown> } {
  const text = query?.trim() ?? '';
  const where = ['c.deleted_at IS NOT NULL'];
  const params: Record<string, unknown> = {};
  if (text !== '') {
    registerFold(db);
    // One fold per contact: the fields joined by a separator (U+0001) no search text holds, so a
    // match never spans two fields.
    where.push(`instr(kyrios_fold(c.first_name || ' ' || c.last_name || char(1) || c.last_name || ' ' || c.first_name
      || char(1) || coalesce(c.email, '') || char(1) || coalesce(c.company, '')), @needle) > 0`);
    params.needle = foldText(text.replace(/\p{Cc}/gu, ' '));
  }
  return { where: where.join(' AND '), params };
}

/**
 * The order of each sort, as FROM + ORDER BY, each read off an index (migrations 001 and 011): the
 * deletion date (newest first by default; the purge date is the deletion date plus the retention, so
 * it is the same order), the name as shown ("First Last"), and who deleted (deleter, then newest
 * deletion first, then the contacts of each deletion).
 */
function ordered(sort: RestoreSort): { from: string; orderBy: string; also?: string } {
  const desc = sort.startsWith('-');
  const key = sort.replace(/^-/, '');
  const dir = desc ? 'DESC' : 'ASC';
  const rev = desc ? 'ASC' : 'DESC';
  switch (key) {
    case 'name':
      return { from: DELETED_FROM, orderBy: `c.first_name COLLATE NOCASE ${dir}, c.last_name COLLATE NOCASE ${dir}, c.id ${dir}` };
    case 'deletedBy':
      // Driven by the deletions (a LEFT JOIN would fix the contacts as the outer table): every deleted
      // contact carries the deletion that removed it.
      return {
        from: `deletions d INDEXED BY idx_deletions_deleted_by JOIN contacts c INDEXED BY idx_contacts_deleted_by_deletion ON c.deletion_id = d.id`,
        orderBy: `d.deleted_by COLLATE NOCASE ${dir}, d.deleted_at ${rev}, d.id ${rev}, c.id ${rev}`,
        // (a contact's deletion is never a record's; said so the partial index applies)
        also: ` AND d.kind <> 'record'`,
      };
    default:
      // deletedAt and purgeAt
      return { from: DELETED_FROM, orderBy: `c.deleted_at ${dir}, c.id ${dir}` };
  }
}

/**
 * The Restore tab: deleted contacts in the order asked (newest deletion first by default), read off
 * an index a page at a time; related counts are computed for the page only. A search matches name,
 * email or company anywhere (deleted contacts are not in the word index, which holds live contacts
 * only), both sides folded as the Contacts search folds them (searchFold.ts: no case, no diacritics).
 * `nextPurge` is the first purge among every contact the search matches, not only the page's.
 */
/** The SQL of one page of the tab, for a search and a sort (the query-plan test reads its plan). */
export function restorePageSql(db: Database, query: string | undefined, sort: RestoreSort = '-deletedAt') {
  const { where, params } = matching(db, query);
  const { from, orderBy, also = '' } = ordered(sort);
  return {
    where,
    params,
    sql: `SELECT ${DELETED_COLUMNS} FROM ${from} WHERE ${where}${also} ORDER BY ${orderBy} LIMIT @limit OFFSET @offset`,
  };
}

export function restoreList(
  db: Database,
  q: { query?: string; offset?: number; limit?: number; sort?: RestoreSort },
): RestorePage {
  const { where, params, sql } = restorePageSql(db, q.query, q.sort);
  return db.transaction(() => {
    const total = db.prepare(`SELECT count(*) FROM contacts c WHERE ${where}`).pluck().get(params) as number;
    const rows = db.prepare(sql).all({ ...params, limit: q.limit ?? 50, offset: q.offset ?? 0 }) as DeletedRow[];
    const retention = getSettings(db).retentionDays;
    const first = db
      .prepare(
        `SELECT c.id, c.first_name, c.last_name, c.email, c.deleted_at FROM contacts c WHERE ${where}
         ORDER BY c.deleted_at ASC, c.id ASC LIMIT 1`,
      )
      .get(params) as { id: string; first_name: string; last_name: string; email: string | null; deleted_at: number } | undefined;
    const nextPurge = first
      ? { id: first.id, firstName: first.first_name, lastName: first.last_name, email: first.email, purgeAt: first.deleted_at + retention * DAY_MS }
      : null;
    return { total, rows: rows.map((r) => toDeletedContact(db, r, retention)), nextPurge };
  })();
}

/** Every deleted contact a search matches, for "Select all N matching" in the Restore tab (newest deletion first). */
export function restoreMatchingIds(db: Database, query: string | undefined): { ids: string[] } {
  const { where, params } = matching(db, query);
  const ids = db.prepare(`SELECT c.id FROM contacts c WHERE ${where} ORDER BY c.deleted_at DESC, c.id DESC`).pluck().all(params) as string[];
  return { ids };
}
