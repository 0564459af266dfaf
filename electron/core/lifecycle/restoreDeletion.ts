import { ChunkedAudit, recordAudit } from '../audit/record.ts';
import { inTx } from '../db/tx.ts';
import { cancelAction } from '../bulk/cancelAction.ts';
import { getActionRow } from '../bulk/actionRow.ts';
import type { CoreContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { profileName } from '../settings/settings.ts';
import { getDeletion } from './deletions.ts';
import { OWNED_TABLES } from './ownedTables.ts';
import { restoreInChunks, type RestoreResult } from './restoreContacts.ts';

/**
 * The snackbar's Undo: restores exactly what one deletion removed. A bulk delete still running is
 * cancelled first, then what it did is restored. A record deletion brings its rows back only while
 * their contact is live (under a deleted contact they would escape that contact's restore).
 */
export async function restoreDeletion(ctx: CoreContext, deletionId: string): Promise<RestoreResult> {
  const { db } = ctx;
  const deletion = getDeletion(db, deletionId);
  if (!deletion) throw new AppError('NOT_FOUND', 'That deletion is unknown: there is nothing to undo.');
  if (deletion.kind === 'record') return restoreRecordDeletion(ctx, deletionId);

  let ids: string[];
  if (deletion.kind === 'bulk' && deletion.bulk_action_id) {
    const action = getActionRow(db, deletion.bulk_action_id);
    if (action && (action.status === 'queued' || action.status === 'running')) cancelAction(ctx, action.id);
    ids = db
      .prepare("SELECT contact_id FROM bulk_action_items WHERE action_id = ? AND state = 'done' ORDER BY seq")
      .pluck()
      .all(deletion.bulk_action_id) as string[];
  } else {
    ids = db.prepare('SELECT id FROM contacts WHERE deletion_id = ?').pluck().all(deletionId) as string[];
    if (ids.length === 0) {
      ids = db
        .prepare('SELECT contact_id FROM purged_contacts WHERE deletion_id = ?')
        .pluck()
        .all(deletionId) as string[];
    }
  }
  // Contacts of this deletion that came back earlier are not news: leave them out of the skips.
  const news = (skipped: RestoreResult['skipped']) =>
    skipped.filter((s) => s.code !== 'ALREADY_LIVE' && s.code !== 'DELETED_AGAIN');
  const audit = new ChunkedAudit({
    at: ctx.now(),
    actor: profileName(db),
    action: 'restore',
    targetType: 'deletion',
    targetId: deletionId,
  });
  const out = await restoreInChunks(ctx, ids, deletionId, audit, (soFar) => ({
    kind: deletion.kind,
    bulkActionId: deletion.bulk_action_id,
    skipped: news(soFar.skipped).length,
  }));
  return { restored: out.restored, skipped: news(out.skipped) };
}

function restoreRecordDeletion(ctx: CoreContext, deletionId: string): RestoreResult {
  const { db } = ctx;
  const restored: string[] = [];
  const skipped: RestoreResult['skipped'] = [];
  inTx(db, (db) => {
    for (const { table } of OWNED_TABLES) {
      const rows = db
        .prepare(
          `SELECT t.id, c.deleted_at AS contact_deleted FROM ${table} t JOIN contacts c ON c.id = t.contact_id WHERE t.deletion_id = ?`,
        )
        .all(deletionId) as { id: string; contact_deleted: number | null }[];
      for (const r of rows) {
        if (r.contact_deleted !== null) {
          skipped.push({ id: r.id, code: 'NOT_FOUND', reason: 'its contact is deleted: restore the contact first' });
          continue;
        }
        db.prepare(`UPDATE ${table} SET deleted_at = NULL, deletion_id = NULL WHERE id = ?`).run(r.id);
        restored.push(r.id);
      }
    }
    recordAudit(db, {
      at: ctx.now(),
      actor: profileName(db),
      action: 'restore',
      targetType: 'deletion',
      targetId: deletionId,
      count: restored.length,
      details: { kind: 'record', skipped: skipped.length },
    });
  });
  return { restored, skipped };
}
