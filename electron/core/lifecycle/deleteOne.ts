import type { RelatedCounts } from '../../../shared/domain.ts';
import { recordAudit } from '../audit/record.ts';
import type { CoreContext } from '../context.ts';
import { notFound } from '../errors.ts';
import { profileName } from '../settings/settings.ts';
import { deleteManyContactRows } from './deleteContactRows.ts';
import { createDeletion } from './deletions.ts';
import { countsSelect } from './ownedTables.ts';

/**
 * Deletes one contact from its detail page: synchronously, in one transaction, as a 'single'
 * deletion (not a bulk action). The contact and its live related rows leave every active view at
 * once. Deleting a contact that is already deleted answers its existing deletion and changes nothing.
 */
export function deleteOne(ctx: CoreContext, id: string): { deletionId: string } {
  const { db } = ctx;
  const result = db.transaction(() => {
    const row = db.prepare('SELECT deleted_at, deletion_id FROM contacts WHERE id = ?').get(id) as
      | { deleted_at: number | null; deletion_id: string }
      | undefined;
    if (!row) throw notFound('contact', id);
    if (row.deleted_at !== null) return { deletionId: row.deletion_id, changed: false };
    const at = ctx.now();
    const actor = profileName(db);
    const related = db.prepare(countsSelect('t.contact_id = @id AND t.deleted_at IS NULL')).get({ id }) as RelatedCounts;
    const deletionId = createDeletion(db, { kind: 'single', deletedBy: actor, at });
    deleteManyContactRows(db, [id], deletionId, at);
    recordAudit(db, {
      at,
      actor,
      action: 'delete',
      targetType: 'contact',
      targetId: id,
      count: 1,
      details: { deletionId, related },
    });
    return { deletionId, changed: true };
  }).immediate();
  if (result.changed) ctx.events.emit('data.changed', { scope: ['contacts', 'restore'] });
  return { deletionId: result.deletionId };
}
