import type { Database } from 'better-sqlite3';
import { cachedStatement } from '../db/statements.ts';

/**
 * contact_tags mirrors contacts.tags so a tag filter is an index lookup. It holds no lifecycle state of
 * its own: a deleted contact keeps its rows there, and every reader joins back to live contacts.
 */
export function writeContactTags(db: Database, contactId: string, tags: readonly string[]): void {
  cachedStatement(db, 'DELETE FROM contact_tags WHERE contact_id = ?').run(contactId);
  const insert = cachedStatement(db, 'INSERT INTO contact_tags (tag, contact_id) VALUES (?, ?)');
  for (const tag of tags) insert.run(tag, contactId);
}

/** Every tag in use by live contacts, with how many live contacts carry it, by name. */
export function tagCounts(db: Database): { tag: string; count: number }[] {
  return cachedStatement(
    db,
    `SELECT t.tag AS tag, count(*) AS count
         FROM contact_tags t JOIN contacts c ON c.id = t.contact_id
        WHERE c.deleted_at IS NULL
        GROUP BY t.tag
        ORDER BY t.tag`,
  ).all() as { tag: string; count: number }[];
}
