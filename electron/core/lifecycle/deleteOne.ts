import type { RelatedCounts } from '../../../shared/domain.ts';
import { recordAudit } from '../audit/record.ts';
import type { CoreContext } from '../context.ts';
import { AppError, notFound } from '../errors.ts';
import { profileName } from '../settings/settings.ts';
import { idSet } from '../contacts/contactSet.ts';
import { deleteUnderDeletion } from './deleteRules.ts';
import { createDeletion } from './deletions.ts';
import { withoutFtsSecureDelete } from './ftsSecureDelete.ts';
import { countsSelect } from './ownedTables.ts';
import { inTx } from '../db/tx.ts';

/**
 * Deletes one contact from its detail page: synchronously, in one transaction, as a 'single'
 * deletion (not a bulk action), through the same delete rule as a bulk chunk over a set of one. The
 * contact and its live related rows leave every active view at once.
 *
 * The answer's deletion is always the one this call made, because the snackbar's Undo restores
 * exactly that deletion: a contact that is already deleted (by a bulk action under way, another
 * window, a stale page) is refused with CONFLICT and nothing changes, never answered with the
 * deletion that removed it, whose Undo would bring back everything that other deletion removed.
 */
export function deleteOne(ctx: CoreContext, id: string): { deletionId: string } {
  const { db } = ctx;
  const deletionId = inTx(db, (db) => {
      const row = db.prepare('SELECT deleted_at FROM contacts WHERE id = ?').get(id) as
        | { deleted_at: number | null }
        | undefined;
      if (!row) {
        if (db.prepare('SELECT 1 FROM purged_contacts WHERE contact_id = ?').get(id))
          throw new AppError('PURGED', 'This contact was deleted and then purged for good: there is nothing left to delete.');
        throw notFound('contact', id);
      }
      if (row.deleted_at !== null)
        throw new AppError(
          'CONFLICT',
          'This contact is already deleted, so nothing was changed. Refresh the page; to bring it back, use Contacts > Restore.',
        );
      const at = ctx.now();
      const actor = profileName(db);
      const related = db.prepare(countsSelect('t.contact_id = @id AND t.deleted_at IS NULL')).get({ id }) as RelatedCounts;
      const d = createDeletion(db, { kind: 'single', deletedBy: actor, at });
      withoutFtsSecureDelete(db, () => deleteUnderDeletion(db, idSet([id]), d, at));
      recordAudit(db, {
        at,
        actor,
        action: 'delete',
        targetType: 'contact',
        targetId: id,
        count: 1,
        details: { deletionId: d, related },
      });
      return d;
    });
  return { deletionId };
}
