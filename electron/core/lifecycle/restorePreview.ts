import type { Database } from 'better-sqlite3';
import type { DeletedContact, RelatedCounts } from '../../../shared/domain.ts';
import { getSettings } from '../settings/settings.ts';
import { DELETED_COLUMNS, DELETED_FROM, relatedCountsOfMany, toDeletedContact, type DeletedRow } from './deletedContactRow.ts';
import { addCounts, zeroCounts } from './ownedTables.ts';
import { candidatesByIds, RestoreBatch } from './restoreRules.ts';

/** Contacts previewed per slice: a slice takes a few ms, and other calls are answered between slices. */
export const PREVIEW_SLICE = 500;
const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * What restoring these contacts would bring back (the deleted ones, with the rows their deletion
 * took), which would be skipped as conflicts, and which were purged: judged by the same restore rules
 * the restore runs (restoreRules.ts), in the same order. Changes nothing. Read a slice at a time with a
 * turn of the event loop between slices: 15,000 ids held every other call for 7 s in one go. A change
 * made meanwhile may or may not be seen; the restore judges every contact again.
 */
export async function restorePreview(db: Database, ids: readonly string[]) {
  const unique = [...new Set(ids)];
  const contacts: DeletedContact[] = [];
  const related: RelatedCounts = zeroCounts();
  const conflicts: { id: string; code: string; reason: string }[] = [];
  const purged: string[] = [];
  // One batch for the whole preview: the restore applies its earlier chunks before judging the later ones.
  const batch = new RestoreBatch();
  for (let i = 0; i < unique.length; i += PREVIEW_SLICE) {
    if (i > 0) await yieldToOthers();
    const slice = db.transaction(() => {
      const restorable: string[] = [];
      for (const c of candidatesByIds(db, unique.slice(i, i + PREVIEW_SLICE), null)) {
        if (!c.found) {
          if (c.purged) purged.push(c.contactId!);
          continue;
        }
        if (c.deletedAt === null) continue; // live: nothing to restore, nothing to say
        const skip = batch.judge(c, null);
        if (skip) conflicts.push({ id: c.contactId!, ...skip });
        else restorable.push(c.contactId!);
      }
      const rows = db
        .prepare(`SELECT ${DELETED_COLUMNS} FROM ${DELETED_FROM} WHERE c.id IN (SELECT value FROM json_each(?))`)
        .all(JSON.stringify(restorable)) as DeletedRow[];
      const byId = new Map(rows.map((r) => [r.id, r]));
      const counts = relatedCountsOfMany(db, restorable);
      const retention = getSettings(db).retentionDays;
      return restorable.map((id) => toDeletedContact(db, byId.get(id)!, retention, counts.get(id)));
    })();
    for (const c of slice) {
      contacts.push(c);
      addCounts(related, c.related);
    }
  }
  return { contacts, related, conflicts, purged };
}
