import { afterEach, expect, it } from 'vitest';
import { fakeClock, testCore } from '../../helpers/core.ts';
import { insertContacts } from '../../helpers/fixtures.ts';
import { RESTORE_SORTS } from '../../../shared/contract.ts';
import { restorePageSql } from '../../../electron/core/lifecycle/restoreList.ts';

type T = Awaited<ReturnType<typeof testCore>>;
let t: T;
afterEach(async () => t?.cleanup());

it('reads a Restore tab page straight off the deleted-contacts index, without sorting every deleted contact', async () => {
  t = await testCore({ now: fakeClock() });
  const db = t.core.db;
  const plan = db
    .prepare(
      `EXPLAIN QUERY PLAN SELECT c.id FROM contacts c LEFT JOIN deletions d ON d.id = c.deletion_id
       WHERE c.deleted_at IS NOT NULL ORDER BY c.deleted_at DESC, c.id DESC LIMIT 50 OFFSET 0`,
    )
    .all() as { detail: string }[];
  const details = plan.map((p) => p.detail).join(' | ');
  expect(details).toContain('idx_contacts_deleted');
  expect(details).not.toContain('TEMP B-TREE');
  // Related counts are per contact, through the (contact_id, deletion_id) indexes.
  const counts = db.prepare("EXPLAIN QUERY PLAN SELECT count(*) FROM notes WHERE contact_id = 'a' AND deletion_id = 'b'").all() as { detail: string }[];
  expect(counts.map((p) => p.detail).join()).toMatch(/USING COVERING INDEX idx_notes_deletion \(contact_id=\? AND deletion_id=\?\)/);
});

it('answers other calls between the chunks of a running bulk action', async () => {
  t = await testCore({ now: fakeClock() });
  const ids = insertContacts(t.core.db, 300);
  t.core.runner.chunkSize = 100;
  const { bulkActionId } = await t.call<{ bulkActionId: string }>('contacts.delete', { ids });
  t.core.runner.start();
  const idle = t.core.runner.idle();
  await new Promise((r) => setImmediate(r));
  const list = await t.call<{ total: number }>('restore.list', {});
  const action = await t.call<{ processed: number; status: string }>('bulkActions.get', { id: bulkActionId });
  expect(action.status).toBe('running');
  expect(list.total).toBe(action.processed);
  expect(action.processed).toBeLessThan(300);
  await idle;
});

it.each(RESTORE_SORTS)('reads a Restore tab page sorted by %s off an index, without sorting every deleted contact', async (sort) => {
  t = await testCore({ now: fakeClock() });
  const db = t.core.db;
  for (const query of [undefined, 'ann']) {
    const { sql, params } = restorePageSql(db, query, sort);
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ ...params, limit: 50, offset: 0 }) as { detail: string }[];
    const details = plan.map((p) => p.detail).join(' | ');
    expect(details).not.toContain('TEMP B-TREE');
    const index = { name: 'idx_contacts_deleted_name', deletedBy: 'idx_deletions_deleted_by' }[sort.replace('-', '')] ?? 'idx_contacts_deleted';
    expect(details).toContain(index);
    // Who deleted: each deletion's contacts through the (deletion_id, id) index, in order.
    if (sort.includes('deletedBy')) expect(details).toContain('idx_contacts_deleted_by_deletion (deletion_id=?)');
  }
});
