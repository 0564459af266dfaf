import type { ParsedInput } from '../../../shared/contract.ts';
import { createBulkAction } from '../bulk/createBulkAction.ts';
import type { CoreContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { profileName } from '../settings/settings.ts';
import { scanOffThread } from './scanOffThread.ts';
import { ITEM_SLICE } from './scanUpload.ts';
import { inTx } from '../db/tx.ts';

export type ImportStart = ParsedInput<'import.start'>;

/** What an import item keeps until it is done: the row's line, its cells (for the errors file) and the contact. */
export interface ImportPayload {
  line: number;
  cells: string[];
  contact?: Record<string, unknown>;
  /** What the contact has no field for (its other emails and phones, the file's notes): added as a note. */
  note?: string;
}

/**
 * Starts a CSV import as a bulk action: every data row of the file becomes an item, snapshotted now.
 * Rows that fail validation are recorded as skipped items with their line and reason at once; the
 * others are created (or, for duplicates, skipped or updated as the user chose) by the runner in
 * chunks, so a crash never leaves a half-imported file: the import resumes where it stopped.
 */
export async function startImport(ctx: CoreContext, input: ImportStart): Promise<{ bulkActionId: string; invalidRows: number }> {
  // Read and checked on a worker thread (scanOffThread.ts); only the writing below runs on this one.
  const scan = await scanOffThread({ purpose: 'start', contentBase64: input.contentBase64, mapping: input.mapping });
  if (scan.invalidRows === scan.rows) {
    const first = scan.firstInvalid;
    throw new AppError(
      'VALIDATION',
      `No row of this file can be imported${first ? ` (line ${first.line}: ${first.reason})` : ''}. Check the column mapping.`,
    );
  }
  const { db } = ctx;
  const bulkActionId = inTx(db, (db) => {
    const id = createBulkAction(db, {
      type: 'import',
      createdBy: profileName(db),
      at: ctx.now(),
      params: { fileName: input.fileName, onDuplicate: input.onDuplicate, headers: scan.headers },
    });
    // A row to import is a pending item; a refused row is a skipped item with its reason.
    const insert = db.prepare(
      `INSERT INTO bulk_action_items (action_id, seq, state, code, reason, payload)
       SELECT @id, @base + key + 1, iif(value ->> 0 IS NULL, 'pending', 'skipped'), iif(value ->> 0 IS NULL, NULL, 'INVALID'),
              value ->> 0, value ->> 1
         FROM json_each(@slice)`,
    );
    scan.itemSlices.forEach((slice, i) => insert.run({ id, base: i * ITEM_SLICE, slice }));
    // Rows refused up front count as processed and skipped from the start, so progress adds up.
    db.prepare('UPDATE bulk_actions SET total = ?, processed = ?, skipped = ? WHERE id = ?').run(
      scan.rows,
      scan.invalidRows,
      scan.invalidRows,
      id,
    );
    return id;
  });
  ctx.wakeRunner();
  return { bulkActionId, invalidRows: scan.invalidRows };
}
