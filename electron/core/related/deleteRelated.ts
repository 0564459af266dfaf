import type { Database } from 'better-sqlite3';
import type { RelatedKind } from '../../../shared/domain.ts';
import type { Clock } from '../clock.ts';
import { newId } from '../ids.ts';
import { profileName } from '../settings/settings.ts';
import { KIND_SPECS } from './kinds.ts';
import { getLiveRecord } from './listRelated.ts';
import { cachedStatement } from '../db/statements.ts';

/**
 * Deletes one record on its own, as its own deletion (kind 'record'): the row is marked, not removed.
 * Deleting a conversation deletes its live messages with it, under the same deletion. Because the rows
 * keep this deletion, restoring the contact later (which brings back only the rows of the contact's
 * own deletion) never brings them back.
 */
export function deleteRelated(db: Database, now: Clock, kind: RelatedKind, id: string): { deletionId: string } {
  const spec = KIND_SPECS[kind];
  return db
    .transaction(() => {
      getLiveRecord(db, kind, id);
      const deletionId = newId();
      const at = now();
      cachedStatement(
        db,
        `INSERT INTO deletions (id, kind, bulk_action_id, deleted_by, deleted_at) VALUES (?, 'record', NULL, ?, ?)`,
      ).run(deletionId, profileName(db), at);
      cachedStatement(db, `UPDATE ${spec.table} SET deleted_at = ?, deletion_id = ? WHERE id = ?`).run(
        at,
        deletionId,
        id,
      );
      if (kind === 'conversation') {
        cachedStatement(
          db,
          'UPDATE messages SET deleted_at = ?, deletion_id = ? WHERE conversation_id = ? AND deleted_at IS NULL',
        ).run(at, deletionId, id);
      }
      return { deletionId };
    })
    .immediate();
}
