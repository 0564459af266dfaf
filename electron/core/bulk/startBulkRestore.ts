import type { CoreContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { profileName } from '../settings/settings.ts';
import { requireActionRow } from './actionRow.ts';
import { cancelAction } from './cancelAction.ts';
import { createBulkAction } from './createBulkAction.ts';
import { beginSnapshot } from './snapshot.ts';

/**
 * Restores a bulk delete as a bulk action of its own. Its items (snapshotted in slices, bulk/snapshot.ts)
 * are the delete's contacts that still carry the delete's deletion (those restored one by one since, deleted again or purged are left
 * out). A delete still running is cancelled first, then what it did is restored. When nothing is
 * left to restore, nothing is created: the newest earlier restore is answered, so restoring twice
 * changes nothing the second time.
 */
export function startBulkRestore(ctx: CoreContext, deleteActionId: string): { bulkActionId: string } {
  const { db } = ctx;
  const source = requireActionRow(db, deleteActionId);
  if (source.type !== 'delete' || !source.deletion_id)
    throw new AppError('VALIDATION', 'Only a bulk delete can be restored.');
  if (source.status === 'queued' || source.status === 'running') cancelAction(ctx, source.id);

  const result = db
    .transaction(() => {
      const active = db
        .prepare(
          "SELECT id FROM bulk_actions WHERE source_action_id = ? AND type = 'restore' AND status IN ('queued','running') ORDER BY created_at DESC LIMIT 1",
        )
        .pluck()
        .get(source.id) as string | undefined;
      if (active) return { bulkActionId: active, created: false };
      // Anything left to restore: a done item whose contact still carries the delete's deletion.
      const remaining = db
        .prepare(
          `SELECT 1 FROM bulk_action_items i JOIN contacts c ON c.id = i.contact_id
         WHERE i.action_id = ? AND i.state = 'done' AND c.deletion_id = ? LIMIT 1`,
        )
        .get(source.id, source.deletion_id);
      if (!remaining) {
        const last = db
          .prepare(
            "SELECT id FROM bulk_actions WHERE source_action_id = ? AND type = 'restore' ORDER BY created_at DESC, id DESC LIMIT 1",
          )
          .pluck()
          .get(source.id) as string | undefined;
        if (last) return { bulkActionId: last, created: false };
        throw new AppError(
          'NOT_FOUND',
          'Nothing is left to restore: every contact of this action is back or was purged.',
        );
      }
      const id = createBulkAction(db, {
        type: 'restore',
        createdBy: profileName(db),
        at: ctx.now(),
        sourceActionId: source.id,
        // A restore carries the deletion it undoes: its items come back from exactly that deletion.
        deletionId: source.deletion_id,
      });
      // The first slice now, the rest on the runner's turns (snapshot.ts).
      beginSnapshot(db, id, { kind: 'restore', sourceActionId: source.id });
      return { bulkActionId: id, created: true };
    })
    .immediate();

  if (result.created) {
    ctx.events.emit('data.changed', { scope: ['bulkActions'] });
    ctx.wakeRunner();
  }
  return { bulkActionId: result.bulkActionId };
}
