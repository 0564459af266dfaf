import { labelInput, type BulkActionRow } from '../bulk/actionRow.ts';
import { markSkipped, pendingItems, type ChunkCounts } from '../bulk/itemRange.ts';
import { described, type BulkJob } from '../bulk/jobs.ts';
import { statusText } from '../bulk/statusLabel.ts';
import { cachedStatement } from '../db/statements.ts';
import { withoutFtsSecureDelete } from '../lifecycle/ftsSecureDelete.ts';
import { noteTwoMatchRow } from '../lifecycle/purgeContactRows.ts';
import { importItem } from './importItem.ts';
import type { ImportPayload } from './startImport.ts';
import type { Tx } from '../db/tx.ts';

interface ImportItemRow {
  seq: number;
  payload: string | null;
}

/**
 * Import rows, one by one: each becomes a contact (or updates one) in a savepoint of its own, so a
 * refused row rolls back alone, and a row's duplicate check must see the rows imported before it.
 */
function importChunk(db: Tx, action: BulkActionRow, at: number, size: number): ChunkCounts {
  const items = cachedStatement(
    db,
    `SELECT seq, payload FROM ${pendingItems()} WHERE action_id = ? AND state = 'pending' ORDER BY seq LIMIT ?`,
  ).all(action.id, size) as ImportItemRow[];
  const params = JSON.parse(action.params) as { onDuplicate?: 'skip' | 'update' };
  // A done import item keeps only the id of its contact and its line (rows of the file refused as
  // repeating that line are erased with the contact's purge): a copy of the row would outlive a purge.
  const markImported = cachedStatement(
    db,
    "UPDATE bulk_action_items SET state = 'done', contact_id = ?, payload = json_object('line', json_extract(payload, '$.line')) WHERE action_id = ? AND seq = ?",
  );
  // A skipped duplicate links the contact(s) it clashed with by id, so their purge erases its cells.
  const linkSkipped = cachedStatement(
    db,
    "UPDATE bulk_action_items SET contact_id = ?, payload = json_set(payload, '$.alsoMatches', ?) WHERE action_id = ? AND seq = ?",
  );
  let skipped = 0;
  for (const item of items) {
    const payload = JSON.parse(item.payload ?? '{}') as ImportPayload;
    const outcome = db.transaction(() => importItem(db, at, params.onDuplicate ?? 'skip', payload))();
    if (outcome.state === 'skipped') {
      skipped++;
      markSkipped(db, action.id, item.seq, outcome.code, outcome.reason);
      if (outcome.contactId) linkSkipped.run(outcome.contactId, outcome.alsoMatches ?? null, action.id, item.seq);
      if (outcome.alsoMatches) noteTwoMatchRow(db);
    } else markImported.run(outcome.contactId, action.id, item.seq);
  }
  return { processed: items.length, skipped };
}

/** The CSV import, as the runner runs it (registered in createCore). */
export const importJob: BulkJob = {
  chunk: (db, action, at, size) => withoutFtsSecureDelete(db, () => importChunk(db, action, at, size)),
  describe: (db, row, reasons) => described(statusText(labelInput(db, row, reasons))),
};
