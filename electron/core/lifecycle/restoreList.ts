import type { Database } from 'better-sqlite3';
import type { DeletedContact, Page } from '../../../shared/domain.ts';
import { getSettings } from '../settings/settings.ts';
import { foldText, registerFold } from '../contacts/searchFold.ts';
import { DELETED_COLUMNS, DELETED_FROM, toDeletedContact, type DeletedRow } from './deletedContactRow.ts';

/**
 * The Restore tab: deleted contacts, newest deletion first, read off the deleted-contacts index a
 * page at a time; related counts are computed for the page only. A search matches name, email or
 * company anywhere (deleted contacts are not in the word index, which holds live contacts only),
 * both sides folded as the Contacts search folds them (searchFold.ts: no case, no diacritics).
 */
export function restoreList(db: Database, q: { query?: string; offset?: number; limit?: number }): Page<DeletedContact> {
  const text = q.query?.trim() ?? '';
  const where = ['c.deleted_at IS NOT NULL'];
  const params: Record<string, unknown> = { limit: q.limit ?? 50, offset: q.offset ?? 0 };
  if (text !== '') {
    registerFold(db);
    // One fold per contact: the fields joined by a separator (U+0001) no search text holds, so a
    // match never spans two fields.
    where.push(`instr(kyrios_fold(c.first_name || ' ' || c.last_name || char(1) || c.last_name || ' ' || c.first_name
      || char(1) || coalesce(c.email, '') || char(1) || coalesce(c.company, '')), @needle) > 0`);
    params.needle = foldText(text.replace(/\p{Cc}/gu, ' '));
  }
  const { limit: _l, offset: _o, ...countParams } = params;
  return db.transaction(() => {
    const total = db.prepare(`SELECT count(*) FROM contacts c WHERE ${where.join(' AND ')}`).pluck().get(countParams) as number;
    const rows = db
      .prepare(
        `SELECT ${DELETED_COLUMNS} FROM ${DELETED_FROM} WHERE ${where.join(' AND ')}
         ORDER BY c.deleted_at DESC, c.id DESC LIMIT @limit OFFSET @offset`,
      )
      .all(params) as DeletedRow[];
    const retention = getSettings(db).retentionDays;
    return { total, rows: rows.map((r) => toDeletedContact(db, r, retention)) };
  })();
}
